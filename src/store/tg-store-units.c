/* tg-store-units.c: units and their successor links */
#define G_LOG_DOMAIN "thaogo-store"

#include "config.h"

#include "tg-store-private.h"

#define TG_UNIT_COLUMNS "code, valid_from, valid_to, name, type, level, parent"

static const gchar *
tg_store_from_key (const gchar *valid_from)
{
	return valid_from != NULL ? valid_from : "";
}

static gboolean
tg_store_put_unit_cb (TgDb *db, gpointer data, GError **error)
{
	const TgUnit *unit = data;
	const gchar *from = tg_store_from_key (unit->valid_from);
	g_autoptr(TgStmt) stmt = NULL;
	g_autoptr(TgStmt) del = NULL;

	stmt = tg_db_prepare (db,
			      "INSERT INTO units (" TG_UNIT_COLUMNS
			      ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
			      " ON CONFLICT (code, valid_from) DO UPDATE SET valid_to = ?3,"
			      " name = ?4, type = ?5, level = ?6, parent = ?7;",
			      error);
	if (stmt == NULL)
		return FALSE;
	tg_stmt_bind_text (stmt, 1, unit->code);
	tg_stmt_bind_text (stmt, 2, from);
	tg_stmt_bind_text (stmt, 3, unit->valid_to);
	tg_stmt_bind_text (stmt, 4, unit->name);
	tg_stmt_bind_text (stmt, 5, unit->type);
	tg_stmt_bind_text (stmt, 6, tg_unit_level_to_string (unit->level));
	tg_stmt_bind_text (stmt, 7, unit->parent);
	if (!tg_db_step_done (db, stmt, error)) {
		g_prefix_error (error, "storing unit %s: ", unit->code);
		return FALSE;
	}

	del = tg_db_prepare (db,
			     "DELETE FROM unit_links WHERE successor = ?1 AND successor_from = ?2;",
			     error);
	if (del == NULL)
		return FALSE;
	tg_stmt_bind_text (del, 1, unit->code);
	tg_stmt_bind_text (del, 2, from);
	if (!tg_db_step_done (db, del, error))
		return FALSE;

	for (guint i = 0; i < unit->predecessors->len; i++) {
		const gchar *pred = g_ptr_array_index (unit->predecessors, i);
		g_autoptr(TgStmt) link = NULL;
		g_autoptr(TgStmt) end = NULL;

		link = tg_db_prepare (db,
				      "INSERT OR IGNORE INTO unit_links (successor, successor_from,"
				      " predecessor) VALUES (?1, ?2, ?3);",
				      error);
		if (link == NULL)
			return FALSE;
		tg_stmt_bind_text (link, 1, unit->code);
		tg_stmt_bind_text (link, 2, from);
		tg_stmt_bind_text (link, 3, pred);
		if (!tg_db_step_done (db, link, error))
			return FALSE;

		/* a predecessor still open ends the day before its successor begins */
		if (unit->valid_from == NULL)
			continue;
		end = tg_db_prepare (db,
				     "UPDATE units SET valid_to = date (?2, '-1 day')"
				     " WHERE code = ?1 AND valid_to IS NULL AND valid_from < ?2;",
				     error);
		if (end == NULL)
			return FALSE;
		tg_stmt_bind_text (end, 1, pred);
		tg_stmt_bind_text (end, 2, unit->valid_from);
		if (!tg_db_step_done (db, end, error))
			return FALSE;
	}
	return TRUE;
}

gboolean
tg_store_put_unit (TgStore *store, const TgUnit *unit, GError **error)
{
	g_return_val_if_fail (store != NULL && unit != NULL, FALSE);
	return tg_store_write (store, tg_store_put_unit_cb, (gpointer) unit, error);
}

static gboolean
tg_store_put_units_cb (TgDb *db, gpointer data, GError **error)
{
	GPtrArray *units = data;
	for (guint i = 0; i < units->len; i++) {
		if (!tg_store_put_unit_cb (db, g_ptr_array_index (units, i), error))
			return FALSE;
	}
	return TRUE;
}

GPtrArray *
tg_store_list_successors (TgStore *store, const gchar *code, GError **error)
{
	return tg_store_collect (store,
				 "SELECT DISTINCT successor FROM unit_links WHERE predecessor = ?1"
				 " ORDER BY successor;",
				 code, tg_db_text_from_row, g_free, error);
}

gboolean
tg_store_put_units (TgStore *store, GPtrArray *units, GError **error)
{
	g_return_val_if_fail (store != NULL && units != NULL, FALSE);
	return tg_store_write (store, tg_store_put_units_cb, units, error);
}

static gboolean
tg_store_load_predecessors (TgDb *db, TgUnit *unit, GError **error)
{
	g_autoptr(TgStmt) stmt = NULL;

	stmt = tg_db_prepare (db,
			      "SELECT predecessor FROM unit_links WHERE successor = ?1"
			      " AND successor_from = ?2 ORDER BY predecessor;",
			      error);
	if (stmt == NULL)
		return FALSE;
	tg_stmt_bind_text (stmt, 1, unit->code);
	tg_stmt_bind_text (stmt, 2, tg_store_from_key (unit->valid_from));
	for (;;) {
		gboolean has_row = FALSE;
		if (!tg_db_step_row (db, stmt, &has_row, error))
			return FALSE;
		if (!has_row)
			break;
		g_ptr_array_add (unit->predecessors, tg_stmt_dup_text (stmt, 0));
	}
	return TRUE;
}

/* maps a row of TG_UNIT_COLUMNS */
static TgUnit *
tg_store_unit_from_row (TgStmt *stmt)
{
	TgUnit *unit = tg_unit_new ();
	unit->code = tg_stmt_dup_text (stmt, 0);
	unit->valid_from = tg_stmt_dup_text (stmt, 1);
	if (unit->valid_from != NULL && unit->valid_from[0] == '\0')
		g_clear_pointer (&unit->valid_from, g_free);
	unit->valid_to = tg_stmt_dup_text (stmt, 2);
	unit->name = tg_stmt_dup_text (stmt, 3);
	unit->type = tg_stmt_dup_text (stmt, 4);
	unit->level = tg_unit_level_from_string ((const gchar *) sqlite3_column_text (stmt, 5));
	unit->parent = tg_stmt_dup_text (stmt, 6);
	return unit;
}

/* Steps @stmt to the end, mapping each row to a unit with its predecessors */
static GPtrArray *
tg_store_collect_units (TgDb *db, TgStmt *stmt, GError **error)
{
	g_autoptr(GPtrArray) units = tg_db_collect (db, stmt, (TgRowFunc) tg_store_unit_from_row,
						     (GDestroyNotify) tg_unit_free, error);

	if (units == NULL)
		return NULL;
	for (guint i = 0; i < units->len; i++) {
		if (!tg_store_load_predecessors (db, g_ptr_array_index (units, i), error))
			return NULL;
	}
	return g_steal_pointer (&units);
}

TgUnit *
tg_store_get_unit (TgStore *store, const gchar *code, const gchar *date, GError **error)
{
	g_auto(TgReader) reader = {store, NULL};
	g_autoptr(TgStmt) stmt = NULL;
	g_autoptr(GPtrArray) units = NULL;

	g_return_val_if_fail (store != NULL && code != NULL, NULL);
	reader.db = tg_store_acquire_reader (store, error);
	if (reader.db == NULL)
		return NULL;
	stmt = tg_db_prepare (reader.db,
			      "SELECT " TG_UNIT_COLUMNS " FROM units WHERE code = ?1"
			      " AND (?2 IS NULL OR ((valid_from = '' OR valid_from <= ?2)"
			      " AND (valid_to IS NULL OR valid_to >= ?2)))"
			      " ORDER BY valid_from DESC LIMIT 1;",
			      error);
	if (stmt == NULL)
		return NULL;
	tg_stmt_bind_text (stmt, 1, code);
	tg_stmt_bind_text (stmt, 2, date);
	units = tg_store_collect_units (reader.db, stmt, error);
	if (units == NULL)
		return NULL;
	if (units->len == 0) {
		g_set_error (error, TG_STORE_ERROR, TG_STORE_ERROR_NOT_FOUND, "no unit %s", code);
		return NULL;
	}
	return g_ptr_array_steal_index (units, 0);
}

GPtrArray *
tg_store_list_units (TgStore *store, const gchar *parent, TgUnitLevel level, const gchar *date,
		     GError **error)
{
	g_auto(TgReader) reader = {store, NULL};
	g_autoptr(TgStmt) stmt = NULL;

	g_return_val_if_fail (store != NULL, NULL);
	reader.db = tg_store_acquire_reader (store, error);
	if (reader.db == NULL)
		return NULL;
	stmt = tg_db_prepare (reader.db,
			      "SELECT " TG_UNIT_COLUMNS " FROM units"
			      " WHERE (?1 IS NULL OR parent = ?1) AND (?2 IS NULL OR level = ?2)"
			      " AND (?3 IS NULL OR ((valid_from = '' OR valid_from <= ?3)"
			      " AND (valid_to IS NULL OR valid_to >= ?3)))"
			      " ORDER BY length (code), code, valid_from;",
			      error);
	if (stmt == NULL)
		return NULL;
	tg_stmt_bind_text (stmt, 1, parent);
	tg_stmt_bind_text (stmt, 2, tg_unit_level_to_string (level));
	tg_stmt_bind_text (stmt, 3, date);
	return tg_store_collect_units (reader.db, stmt, error);
}

GPtrArray *
tg_store_list_unit_versions (TgStore *store, const gchar *code, GError **error)
{
	g_auto(TgReader) reader = {store, NULL};
	g_autoptr(TgStmt) stmt = NULL;

	g_return_val_if_fail (store != NULL && code != NULL, NULL);
	reader.db = tg_store_acquire_reader (store, error);
	if (reader.db == NULL)
		return NULL;
	stmt = tg_db_prepare (reader.db,
			      "SELECT " TG_UNIT_COLUMNS
			      " FROM units WHERE code = ?1 ORDER BY valid_from;",
			      error);
	if (stmt == NULL)
		return NULL;
	tg_stmt_bind_text (stmt, 1, code);
	return tg_store_collect_units (reader.db, stmt, error);
}

gboolean
tg_store_unit_is_within (TgStore *store, const gchar *code, const gchar *ancestor,
			 const gchar *date, GError **error)
{
	g_autofree gchar *current = g_strdup (code);

	g_return_val_if_fail (store != NULL && code != NULL && ancestor != NULL, FALSE);
	/* a hierarchy is at most a few levels deep; the bound stops a cycle in bad data */
	for (guint depth = 0; current != NULL && depth < 16; depth++) {
		g_autoptr(TgUnit) unit = NULL;
		if (g_strcmp0 (current, ancestor) == 0)
			return TRUE;
		unit = tg_store_get_unit (store, current, date, error);
		if (unit == NULL)
			return FALSE;
		g_free (current);
		current = g_steal_pointer (&unit->parent);
	}
	g_set_error (error, TG_STORE_ERROR, TG_STORE_ERROR_NOT_FOUND, "%s is not within %s", code,
		     ancestor);
	return FALSE;
}

guint
tg_store_count_units (TgStore *store, GError **error)
{
	g_auto(TgReader) reader = {store, NULL};
	g_autoptr(TgStmt) stmt = NULL;
	gboolean has_row = FALSE;

	reader.db = tg_store_acquire_reader (store, error);
	if (reader.db == NULL)
		return 0;
	stmt = tg_db_prepare (reader.db, "SELECT count (*) FROM units;", error);
	if (stmt == NULL || !tg_db_step_row (reader.db, stmt, &has_row, error))
		return 0;
	return has_row ? (guint) sqlite3_column_int (stmt, 0) : 0;
}
