/* tg-store-dossiers.c: the units' weekly lists of late dossiers and their classification */
#define G_LOG_DOMAIN "thaogo-store"

#include "config.h"

#include "tg-store-private.h"

typedef struct {
	const gchar *unit;
	const gchar *as_of;
	GPtrArray *rows;
	const gchar *digest;
	gint64 now_us;
	gboolean unchanged;
} TgDossierListReq;

/* the digest of @unit's list of @as_of into *@digest, NULL when there is none */
static gboolean
tg_store_read_list_digest (TgDb *db, const gchar *unit, const gchar *as_of, gchar **digest,
			   GError **error)
{
	g_autoptr(TgStmt) stmt = tg_db_prepare (
		db, "SELECT digest FROM dossier_lists WHERE unit = ?1 AND as_of = ?2;", error);
	gboolean has_row = FALSE;

	*digest = NULL;
	if (stmt == NULL)
		return FALSE;
	tg_stmt_bind_text (stmt, 1, unit);
	tg_stmt_bind_text (stmt, 2, as_of);
	if (!tg_db_step_row (db, stmt, &has_row, error))
		return FALSE;
	if (has_row)
		*digest = tg_stmt_dup_text (stmt, 0);
	return TRUE;
}

static gboolean
tg_store_put_dossier_list_cb (TgDb *db, gpointer data, GError **error)
{
	TgDossierListReq *req = data;
	g_autofree gchar *old = NULL;
	g_autoptr(TgStmt) del = NULL;
	g_autoptr(TgStmt) list = NULL;
	g_autoptr(TgStmt) dossier = NULL;
	g_autoptr(TgStmt) listing = NULL;

	if (!tg_store_read_list_digest (db, req->unit, req->as_of, &old, error))
		return FALSE;
	if (g_strcmp0 (old, req->digest) == 0) {
		req->unchanged = TRUE;
		return TRUE;
	}
	/* the list of that date is replaced whole (its rows go with it) */
	del = tg_db_prepare (db, "DELETE FROM dossier_lists WHERE unit = ?1 AND as_of = ?2;",
			     error);
	if (del == NULL)
		return FALSE;
	tg_stmt_bind_text (del, 1, req->unit);
	tg_stmt_bind_text (del, 2, req->as_of);
	if (!tg_db_step_done (db, del, error))
		return FALSE;
	list = tg_db_prepare (db,
			      "INSERT INTO dossier_lists (unit, as_of, digest, n_rows, imported_at)"
			      " VALUES (?1, ?2, ?3, ?4, ?5);",
			      error);
	if (list == NULL)
		return FALSE;
	tg_stmt_bind_text (list, 1, req->unit);
	tg_stmt_bind_text (list, 2, req->as_of);
	tg_stmt_bind_text (list, 3, req->digest);
	sqlite3_bind_int (list, 4, (gint) req->rows->len);
	sqlite3_bind_int64 (list, 5, req->now_us);
	if (!tg_db_step_done (db, list, error))
		return FALSE;
	dossier = tg_db_prepare (db,
				 "INSERT INTO dossiers (unit, code) VALUES (?1, ?2)"
				 " ON CONFLICT DO NOTHING;",
				 error);
	listing = tg_db_prepare (
		db,
		"INSERT INTO dossier_listings (unit, as_of, code, procedure, agency,"
		" received, due, status, line) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,"
		" ?9);",
		error);
	if (dossier == NULL || listing == NULL)
		return FALSE;
	for (guint i = 0; i < req->rows->len; i++) {
		const TgDossier *d = g_ptr_array_index (req->rows, i);

		tg_stmt_bind_text (dossier, 1, req->unit);
		tg_stmt_bind_text (dossier, 2, d->code);
		if (!tg_db_step_done (db, dossier, error))
			return FALSE;
		tg_stmt_reset (dossier);
		tg_stmt_bind_text (listing, 1, req->unit);
		tg_stmt_bind_text (listing, 2, req->as_of);
		tg_stmt_bind_text (listing, 3, d->code);
		tg_stmt_bind_text (listing, 4, d->procedure);
		tg_stmt_bind_text (listing, 5, d->agency);
		tg_stmt_bind_text (listing, 6, d->received);
		tg_stmt_bind_text (listing, 7, d->due);
		tg_stmt_bind_text (listing, 8, d->status);
		sqlite3_bind_int (listing, 9, (gint) d->line);
		if (!tg_db_step_done (db, listing, error))
			return FALSE;
		tg_stmt_reset (listing);
	}
	return TRUE;
}

gboolean
tg_store_put_dossier_list (TgStore *store, const gchar *unit, const gchar *as_of, GPtrArray *rows,
			   const gchar *digest, gint64 now_us, gboolean *unchanged, GError **error)
{
	TgDossierListReq req = {unit, as_of, rows, digest, now_us, FALSE};

	g_return_val_if_fail (store != NULL && unit != NULL && as_of != NULL && rows != NULL &&
				      digest != NULL,
			      FALSE);
	if (!tg_store_write (store, tg_store_put_dossier_list_cb, &req, error))
		return FALSE;
	if (unchanged != NULL)
		*unchanged = req.unchanged;
	return TRUE;
}

gboolean
tg_store_find_dossier_list (TgStore *store, const gchar *unit, const gchar *as_of, gchar **found,
			    GError **error)
{
	g_auto(TgReader) reader = {store, NULL};
	g_autoptr(TgStmt) stmt = NULL;
	gboolean has_row = FALSE;

	*found = NULL;
	reader.db = tg_store_acquire_reader (store, error);
	if (reader.db == NULL)
		return FALSE;
	stmt = tg_db_prepare (
		reader.db, "SELECT max (as_of) FROM dossier_lists WHERE unit = ?1 AND as_of <= ?2;",
		error);
	if (stmt == NULL)
		return FALSE;
	tg_stmt_bind_text (stmt, 1, unit);
	tg_stmt_bind_text (stmt, 2, as_of);
	if (!tg_db_step_row (reader.db, stmt, &has_row, error))
		return FALSE;
	if (has_row)
		*found = tg_stmt_dup_text (stmt, 0);
	return TRUE;
}

/* the columns a TgDossier is read from, listing l joined with dossier d */
#define TG_DOSSIER_COLUMNS                                                                         \
	"l.code, l.procedure, l.agency, l.received, l.due, l.status, l.line, d.cause,"             \
	" d.responsible_agency, d.deadline, d.note, d.classified_at,"                              \
	" (SELECT min (f.as_of) FROM dossier_listings f WHERE f.unit = l.unit"                     \
	"  AND f.code = l.code)"

static gpointer
tg_store_dossier_from_row (TgStmt *stmt)
{
	TgDossier *d = tg_dossier_new ();

	d->code = tg_stmt_dup_text (stmt, 0);
	d->procedure = tg_stmt_dup_text (stmt, 1);
	d->agency = tg_stmt_dup_text (stmt, 2);
	d->received = tg_stmt_dup_text (stmt, 3);
	d->due = tg_stmt_dup_text (stmt, 4);
	d->status = tg_stmt_dup_text (stmt, 5);
	d->line = (guint) sqlite3_column_int (stmt, 6);
	d->cause = tg_stmt_dup_text (stmt, 7);
	d->responsible_agency = tg_stmt_dup_text (stmt, 8);
	d->deadline = tg_stmt_dup_text (stmt, 9);
	d->note = tg_stmt_dup_text (stmt, 10);
	d->classified_at = sqlite3_column_int64 (stmt, 11);
	d->first_listed = tg_stmt_dup_text (stmt, 12);
	return d;
}

/* the columns of TG_DOSSIER_COLUMNS, then the unit and the date of the list */
#define TG_DOSSIER_PLACED_COLUMNS TG_DOSSIER_COLUMNS ", l.unit, l.as_of"

static gpointer
tg_store_placed_dossier_from_row (TgStmt *stmt)
{
	TgDossier *d = tg_store_dossier_from_row (stmt);

	d->unit = tg_stmt_dup_text (stmt, 13);
	d->as_of = tg_stmt_dup_text (stmt, 14);
	return d;
}

GPtrArray *
tg_store_find_listed_dossiers (TgStore *store, GPtrArray *units, GPtrArray *codes,
			       const gchar *as_of, GError **error)
{
	g_auto(TgReader) reader = {store, NULL};
	g_autoptr(TgStmt) stmt = NULL;
	/* both lists go in as bound JSON arrays, never spliced into the SQL */
	g_autofree gchar *units_json = tg_store_codes_to_json (units);
	g_autofree gchar *codes_json = tg_store_codes_to_json (codes);

	reader.db = tg_store_acquire_reader (store, error);
	if (reader.db == NULL)
		return NULL;
	stmt = tg_db_prepare (
		reader.db,
		/* each unit's latest list once; then, for each code, one look-up by the whole
		 * primary key (CROSS JOIN keeps that order: never a scan of a long list) */
		"WITH cur AS MATERIALIZED (SELECT u.key AS rank, u.value AS unit,"
		"  (SELECT max (s.as_of) FROM dossier_lists s WHERE s.unit = u.value"
		"   AND s.as_of <= ?3) AS as_of FROM json_each (?1) AS u)"
		" SELECT " TG_DOSSIER_PLACED_COLUMNS " FROM cur CROSS JOIN json_each (?2) AS c"
		" CROSS JOIN dossier_listings l ON l.unit = cur.unit AND l.as_of = cur.as_of"
		"  AND l.code = c.value"
		" JOIN dossiers d ON d.unit = l.unit AND d.code = l.code"
		" WHERE cur.as_of IS NOT NULL ORDER BY cur.rank, l.code;",
		error);
	if (stmt == NULL)
		return NULL;
	tg_stmt_bind_text (stmt, 1, units_json);
	tg_stmt_bind_text (stmt, 2, codes_json);
	tg_stmt_bind_text (stmt, 3, as_of);
	return tg_db_collect (reader.db, stmt, tg_store_placed_dossier_from_row,
			      (GDestroyNotify) tg_dossier_free, error);
}

GPtrArray *
tg_store_list_dossier_listings (TgStore *store, const gchar *unit, const gchar *code,
				const gchar *as_of, GError **error)
{
	g_auto(TgReader) reader = {store, NULL};
	g_autoptr(TgStmt) stmt = NULL;

	reader.db = tg_store_acquire_reader (store, error);
	if (reader.db == NULL)
		return NULL;
	stmt = tg_db_prepare (reader.db,
			      "SELECT " TG_DOSSIER_PLACED_COLUMNS " FROM dossier_listings l"
			      " JOIN dossiers d ON d.unit = l.unit AND d.code = l.code"
			      " WHERE l.unit = ?1 AND l.code = ?2 AND l.as_of <= ?3"
			      " ORDER BY l.as_of;",
			      error);
	if (stmt == NULL)
		return NULL;
	tg_stmt_bind_text (stmt, 1, unit);
	tg_stmt_bind_text (stmt, 2, code);
	tg_stmt_bind_text (stmt, 3, as_of);
	return tg_db_collect (reader.db, stmt, tg_store_placed_dossier_from_row,
			      (GDestroyNotify) tg_dossier_free, error);
}

GPtrArray *
tg_store_list_dossiers (TgStore *store, const gchar *unit, const gchar *as_of, GError **error)
{
	return tg_store_collect_with (store,
				      "SELECT " TG_DOSSIER_COLUMNS " FROM dossier_listings l"
				      " JOIN dossiers d ON d.unit = l.unit AND d.code = l.code"
				      " WHERE l.unit = ?1 AND l.as_of = ?2 ORDER BY l.due, l.code;",
				      (const gchar *[]){unit, as_of}, 2, tg_store_dossier_from_row,
				      (GDestroyNotify) tg_dossier_free, error);
}

static TgDossier *
tg_store_read_dossier (TgDb *db, const gchar *unit, const gchar *code, GError **error)
{
	g_autoptr(TgStmt) stmt = tg_db_prepare (
		db,
		"SELECT " TG_DOSSIER_COLUMNS " FROM dossiers d JOIN dossier_listings l"
		" ON l.unit = d.unit AND l.code = d.code WHERE d.unit = ?1 AND d.code = ?2"
		" ORDER BY l.as_of DESC LIMIT 1;",
		error);

	if (stmt == NULL)
		return NULL;
	tg_stmt_bind_text (stmt, 1, unit);
	tg_stmt_bind_text (stmt, 2, code);
	return tg_db_step_one (db, stmt, tg_store_dossier_from_row, "such dossier", error);
}

TgDossier *
tg_store_get_dossier (TgStore *store, const gchar *unit, const gchar *code, GError **error)
{
	g_auto(TgReader) reader = {store, NULL};

	reader.db = tg_store_acquire_reader (store, error);
	if (reader.db == NULL)
		return NULL;
	return tg_store_read_dossier (reader.db, unit, code, error);
}

typedef struct {
	const gchar *unit;
	const gchar *code;
	const TgDossierClassification *c;
	gint64 now_us;
} TgClassifyReq;

static gboolean
tg_store_classify_dossier_cb (TgDb *db, gpointer data, GError **error)
{
	TgClassifyReq *req = data;
	g_autoptr(TgStmt) stmt = tg_db_prepare (
		db,
		"UPDATE dossiers SET"
		" cause = CASE WHEN ?3 IS NULL THEN cause ELSE nullif (?3, '') END,"
		" responsible_agency = CASE WHEN ?4 IS NULL THEN responsible_agency"
		"  ELSE nullif (?4, '') END,"
		" deadline = CASE WHEN ?5 IS NULL THEN deadline ELSE nullif (?5, '') END,"
		" note = CASE WHEN ?6 IS NULL THEN note ELSE nullif (?6, '') END,"
		" classified_at = ?7 WHERE unit = ?1 AND code = ?2;",
		error);

	if (stmt == NULL)
		return FALSE;
	tg_stmt_bind_text (stmt, 1, req->unit);
	tg_stmt_bind_text (stmt, 2, req->code);
	tg_stmt_bind_text (stmt, 3, req->c->cause);
	tg_stmt_bind_text (stmt, 4, req->c->responsible_agency);
	tg_stmt_bind_text (stmt, 5, req->c->deadline);
	tg_stmt_bind_text (stmt, 6, req->c->note);
	sqlite3_bind_int64 (stmt, 7, req->now_us);
	return tg_db_step_changed (db, stmt, "such dossier", error);
}

gboolean
tg_store_classify_dossier (TgStore *store, const gchar *unit, const gchar *code,
			   const TgDossierClassification *c, gint64 now_us, GError **error)
{
	TgClassifyReq req = {unit, code, c, now_us};

	g_return_val_if_fail (store != NULL && unit != NULL && code != NULL && c != NULL, FALSE);
	return tg_store_write (store, tg_store_classify_dossier_cb, &req, error);
}

GPtrArray *
tg_store_review_dossiers (TgStore *store, GPtrArray *units, const gchar *as_of, GError **error)
{
	g_auto(TgReader) reader = {store, NULL};
	g_autoptr(TgStmt) stmt = NULL;
	/* the unit list goes in as one bound JSON array, never spliced into the SQL */
	g_autofree gchar *json = tg_store_codes_to_json (units);

	reader.db = tg_store_acquire_reader (store, error);
	if (reader.db == NULL)
		return NULL;
	stmt = tg_db_prepare (
		reader.db,
		"WITH u AS (SELECT value AS unit FROM json_each (?1)),"
		/* each unit's latest list on or before the day, and the one before it */
		" cur AS (SELECT unit, as_of, (SELECT max (p.as_of) FROM dossier_lists p"
		"   WHERE p.unit = c.unit AND p.as_of < c.as_of) AS prev"
		"  FROM (SELECT u.unit, (SELECT max (l.as_of) FROM dossier_lists l"
		"   WHERE l.unit = u.unit AND l.as_of <= ?2) AS as_of FROM u) AS c"
		"  WHERE as_of IS NOT NULL),"
		" now_rows AS MATERIALIZED (SELECT l.unit, l.code, l.procedure, l.agency, d.cause,"
		"   c.prev FROM cur c JOIN dossier_listings l ON l.unit = c.unit AND l.as_of = c.as_of"
		"   JOIN dossiers d ON d.unit = l.unit AND d.code = l.code),"
		/* the twelve weeks that end with the day's: each unit's latest list of each */
		" weeks (k, monday) AS (SELECT 0, date (?2, '-6 days', 'weekday 1')"
		"  UNION ALL SELECT k + 1, date (monday, '-7 days') FROM weeks WHERE k < 11),"
		" week_lists AS (SELECT w.monday, u.unit, (SELECT max (l.as_of) FROM dossier_lists l"
		"   WHERE l.unit = u.unit AND l.as_of BETWEEN w.monday"
		"   AND min (date (w.monday, '+6 days'), ?2)) AS as_of FROM weeks w, u)"
		" SELECT 'total', 'late', count (*) FROM now_rows"
		" UNION ALL SELECT 'total', 'new', count (*) FROM now_rows n WHERE n.prev IS NULL"
		"  OR NOT EXISTS (SELECT 1 FROM dossier_listings x WHERE x.unit = n.unit"
		"   AND x.as_of = n.prev AND x.code = n.code)"
		" UNION ALL SELECT 'total', 'resolved', count (*) FROM cur c"
		"  JOIN dossier_listings p ON p.unit = c.unit AND p.as_of = c.prev"
		"  WHERE NOT EXISTS (SELECT 1 FROM dossier_listings x WHERE x.unit = p.unit"
		"   AND x.as_of = c.as_of AND x.code = p.code)"
		" UNION ALL SELECT 'total', 'unclassified', count (*) FROM now_rows WHERE cause IS NULL"
		" UNION ALL SELECT 'total', 'units_listed', count (*) FROM cur"
		" UNION ALL SELECT 'agency', coalesce (agency, ''), count (*) FROM now_rows GROUP BY 2"
		" UNION ALL SELECT * FROM (SELECT 'procedure', procedure, count (*) FROM now_rows"
		"  GROUP BY 2 ORDER BY 3 DESC, 2 LIMIT 10)"
		" UNION ALL SELECT 'cause', coalesce (cause, 'unclassified'), count (*) FROM now_rows"
		"  GROUP BY 2"
		" UNION ALL SELECT 'week', w.monday, coalesce (sum (dl.n_rows), 0) FROM week_lists w"
		"  LEFT JOIN dossier_lists dl ON dl.unit = w.unit AND dl.as_of = w.as_of"
		"  GROUP BY w.monday;",
		error);
	if (stmt == NULL)
		return NULL;
	tg_stmt_bind_text (stmt, 1, json);
	tg_stmt_bind_text (stmt, 2, as_of);
	return tg_db_collect (reader.db, stmt, tg_store_report_row_from_row,
			      (GDestroyNotify) tg_report_row_free, error);
}
