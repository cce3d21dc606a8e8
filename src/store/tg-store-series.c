/* tg-store-series.c: the Monday series, holiday decisions and exceptions to occurrences */
#define G_LOG_DOMAIN "thaogo-store"

#include "config.h"

#include "tg-store-private.h"

#define TG_SERIES_COLUMNS                                                                          \
	"unit, meeting_start, meeting_end, mode, venue, online_url, reception_start,"              \
	" reception_end, reception_venue, slot_minutes, desks, opens_days_before,"                 \
	" closes_hours_before, holiday_policy, updated_at, chair, chair_title"

#define TG_EXCEPTION_COLUMNS                                                                       \
	"unit, original_date, cancelled, new_date, meeting_start, reception_start, reason,"        \
	" agenda, has_participants, mode, venue, online_url, sequence, updated_at, chair,"         \
	" chair_title"

/* ---- participants (of a series or of one occurrence) ---- */

static gboolean
tg_store_put_participants (TgDb *db, const gchar *owner, GPtrArray *participants, GError **error)
{
	g_autoptr(TgStmt) del =
			   tg_db_prepare (db, "DELETE FROM participants WHERE owner = ?1;", error);

	if (del == NULL)
		return FALSE;
	tg_stmt_bind_text (del, 1, owner);
	if (!tg_db_step_done (db, del, error))
		return FALSE;
	for (guint i = 0; participants != NULL && i < participants->len; i++) {
		TgParticipant *p = g_ptr_array_index (participants, i);
		g_autoptr(TgStmt) ins = NULL;

		ins = tg_db_prepare (db,
				     "INSERT INTO participants (owner, position, name, email, role)"
				     " VALUES (?1, ?2, ?3, ?4, ?5);",
				     error);
		if (ins == NULL)
			return FALSE;
		tg_stmt_bind_text (ins, 1, owner);
		sqlite3_bind_int (ins, 2, (gint) i);
		tg_stmt_bind_text (ins, 3, p->name);
		tg_stmt_bind_text (ins, 4, p->email);
		tg_stmt_bind_text (ins, 5, p->role);
		if (!tg_db_step_done (db, ins, error))
			return FALSE;
	}
	return TRUE;
}

static gpointer
tg_store_participant_from_row (TgStmt *stmt)
{
	return tg_participant_new ((const gchar *) sqlite3_column_text (stmt, 0),
				   (const gchar *) sqlite3_column_text (stmt, 1),
				   (const gchar *) sqlite3_column_text (stmt, 2));
}

static GPtrArray *
tg_store_get_participants (TgDb *db, const gchar *owner, GError **error)
{
	g_autoptr(TgStmt) stmt = NULL;

	stmt = tg_db_prepare (db,
			      "SELECT name, email, role FROM participants WHERE owner = ?1"
			      " ORDER BY position;",
			      error);
	if (stmt == NULL)
		return NULL;
	tg_stmt_bind_text (stmt, 1, owner);
	return tg_db_collect (db, stmt, tg_store_participant_from_row,
			      (GDestroyNotify) tg_participant_free, error);
}

/* ---- series ---- */

typedef struct {
	const TgSeries *series;
	GArray *guards; /* (nullable) */
	GPtrArray *affected;
} TgPutSeriesReq;

/* adds to @affected each guarded session that has an active booking the change would take */
static gboolean
tg_store_check_series_guards (TgDb *db, GArray *guards, GPtrArray *affected, GError **error)
{
	g_autoptr(TgStmt) stmt = NULL;

	if (guards == NULL || guards->len == 0)
		return TRUE;
	/* served by the partial index on (occurrence, phone) WHERE active = 1 */
	stmt = tg_db_prepare (db,
			      "SELECT 1 FROM bookings WHERE occurrence = ?1 AND active = 1"
			      " AND (?2 = 0 OR slot >= ?3 OR seat >= ?4) LIMIT 1;",
			      error);
	if (stmt == NULL)
		return FALSE;
	for (guint i = 0; i < guards->len; i++) {
		const TgSeriesGuard *g = &g_array_index (guards, TgSeriesGuard, i);
		gboolean has_row = FALSE;

		tg_stmt_reset (stmt);
		tg_stmt_bind_text (stmt, 1, g->occurrence);
		sqlite3_bind_int (stmt, 2, g->same_times ? 1 : 0);
		sqlite3_bind_int (stmt, 3, (gint) g->n_slots);
		sqlite3_bind_int (stmt, 4, (gint) g->desks);
		if (!tg_db_step_row (db, stmt, &has_row, error))
			return FALSE;
		if (has_row)
			g_ptr_array_add (affected, g_strdup (g->occurrence));
	}
	return TRUE;
}

static gboolean
tg_store_put_series_cb (TgDb *db, gpointer data, GError **error)
{
	TgPutSeriesReq *req = data;
	const TgSeries *s = req->series;
	g_autofree gchar *owner = g_strconcat ("series:", s->unit, NULL);
	g_autoptr(TgStmt) stmt = NULL;

	if (!tg_store_check_series_guards (db, req->guards, req->affected, error))
		return FALSE;
	if (req->affected->len > 0) {
		g_set_error (error, TG_STORE_ERROR, TG_STORE_ERROR_BOOKED,
			     "%u sessions have bookings the change would move or unseat",
			     req->affected->len);
		return FALSE;
	}
	stmt = tg_db_prepare (
		db,
		"INSERT OR REPLACE INTO series (" TG_SERIES_COLUMNS ") VALUES"
		" (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17);",
		error);
	if (stmt == NULL)
		return FALSE;
	tg_stmt_bind_text (stmt, 1, s->unit);
	sqlite3_bind_int (stmt, 2, (gint) s->meeting_start);
	sqlite3_bind_int (stmt, 3, (gint) s->meeting_end);
	tg_stmt_bind_text (stmt, 4, tg_meeting_mode_to_string (s->mode));
	tg_stmt_bind_text (stmt, 5, s->venue);
	tg_stmt_bind_text (stmt, 6, s->online_url);
	sqlite3_bind_int (stmt, 7, (gint) s->reception_start);
	sqlite3_bind_int (stmt, 8, (gint) s->reception_end);
	tg_stmt_bind_text (stmt, 9, s->reception_venue);
	sqlite3_bind_int (stmt, 10, (gint) s->slot_minutes);
	sqlite3_bind_int (stmt, 11, (gint) s->desks);
	sqlite3_bind_int (stmt, 12, (gint) s->opens_days_before);
	sqlite3_bind_int (stmt, 13, (gint) s->closes_hours_before);
	tg_stmt_bind_text (stmt, 14, tg_holiday_policy_to_string (s->holiday_policy));
	sqlite3_bind_int64 (stmt, 15, s->updated_at);
	tg_stmt_bind_text (stmt, 16, s->chair);
	tg_stmt_bind_text (stmt, 17, s->chair_title);
	if (!tg_db_step_done (db, stmt, error))
		return FALSE;
	return tg_store_put_participants (db, owner, s->participants, error);
}

gboolean
tg_store_put_series_guarded (TgStore *store, const TgSeries *series, GArray *guards,
			     GPtrArray **affected, GError **error)
{
	g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
	TgPutSeriesReq req = {series, guards, found};
	gboolean ok;

	g_return_val_if_fail (store != NULL && series != NULL, FALSE);
	ok = tg_store_write (store, tg_store_put_series_cb, &req, error);
	if (affected != NULL)
		*affected = g_steal_pointer (&found);
	return ok;
}

gboolean
tg_store_put_series (TgStore *store, const TgSeries *series, GError **error)
{
	return tg_store_put_series_guarded (store, series, NULL, NULL, error);
}

TgSeries *
tg_store_get_series (TgStore *store, const gchar *unit, GError **error)
{
	g_auto(TgReader) reader = {store, NULL};
	g_autoptr(TgStmt) stmt = NULL;
	g_autoptr(TgSeries) s = NULL;
	g_autofree gchar *owner = g_strconcat ("series:", unit, NULL);
	gboolean has_row = FALSE;

	reader.db = tg_store_acquire_reader (store, error);
	if (reader.db == NULL)
		return NULL;
	stmt = tg_db_prepare (reader.db,
			      "SELECT " TG_SERIES_COLUMNS " FROM series WHERE unit = ?1;", error);
	if (stmt == NULL)
		return NULL;
	tg_stmt_bind_text (stmt, 1, unit);
	if (!tg_db_step_row (reader.db, stmt, &has_row, error))
		return NULL;
	if (!has_row) {
		g_set_error (error, TG_STORE_ERROR, TG_STORE_ERROR_NOT_FOUND, "no series for %s",
			     unit);
		return NULL;
	}
	s = tg_series_new_default (unit);
	s->meeting_start = (guint) sqlite3_column_int (stmt, 1);
	s->meeting_end = (guint) sqlite3_column_int (stmt, 2);
	s->mode = tg_meeting_mode_from_string ((const gchar *) sqlite3_column_text (stmt, 3));
	s->venue = tg_stmt_dup_text (stmt, 4);
	s->online_url = tg_stmt_dup_text (stmt, 5);
	s->reception_start = (guint) sqlite3_column_int (stmt, 6);
	s->reception_end = (guint) sqlite3_column_int (stmt, 7);
	s->reception_venue = tg_stmt_dup_text (stmt, 8);
	s->slot_minutes = (guint) sqlite3_column_int (stmt, 9);
	s->desks = (guint) sqlite3_column_int (stmt, 10);
	s->opens_days_before = (guint) sqlite3_column_int (stmt, 11);
	s->closes_hours_before = (guint) sqlite3_column_int (stmt, 12);
	s->holiday_policy =
		tg_holiday_policy_from_string ((const gchar *) sqlite3_column_text (stmt, 13));
	s->updated_at = sqlite3_column_int64 (stmt, 14);
	s->chair = tg_stmt_dup_text (stmt, 15);
	s->chair_title = tg_stmt_dup_text (stmt, 16);
	tg_stmt_reset (stmt);
	g_ptr_array_unref (s->participants);
	s->participants = tg_store_get_participants (reader.db, owner, error);
	if (s->participants == NULL) {
		s->participants = tg_participants_new ();
		return NULL;
	}
	return g_steal_pointer (&s);
}

/* ---- holiday decisions ---- */

static gpointer
tg_store_decision_from_row (TgStmt *stmt)
{
	return tg_holiday_decision_new ((const gchar *) sqlite3_column_text (stmt, 0),
					sqlite3_column_int (stmt, 1) != 0,
					(const gchar *) sqlite3_column_text (stmt, 2));
}

GPtrArray *
tg_store_list_holiday_decisions (TgStore *store, GError **error)
{
	return tg_store_collect (store,
				 "SELECT date, day_off, name FROM holiday_decisions ORDER BY date;",
				 NULL, tg_store_decision_from_row,
				 (GDestroyNotify) tg_holiday_decision_free, error);
}

typedef struct {
	const TgHolidayDecision *decision;
	gint64 now_us;
} TgDecisionReq;

static gboolean
tg_store_put_holiday_decision_cb (TgDb *db, gpointer data, GError **error)
{
	TgDecisionReq *req = data;
	g_autoptr(TgStmt) stmt = NULL;

	stmt = tg_db_prepare (
		db,
		"INSERT OR REPLACE INTO holiday_decisions (date, day_off, name, updated_at)"
		" VALUES (?1, ?2, ?3, ?4);",
		error);
	if (stmt == NULL)
		return FALSE;
	tg_stmt_bind_text (stmt, 1, req->decision->date);
	sqlite3_bind_int (stmt, 2, req->decision->day_off ? 1 : 0);
	tg_stmt_bind_text (stmt, 3, req->decision->name);
	sqlite3_bind_int64 (stmt, 4, req->now_us);
	return tg_db_step_done (db, stmt, error);
}

gboolean
tg_store_put_holiday_decision (TgStore *store, const TgHolidayDecision *decision, gint64 now_us,
			       GError **error)
{
	TgDecisionReq req = {decision, now_us};
	return tg_store_write (store, tg_store_put_holiday_decision_cb, &req, error);
}

static gboolean
tg_store_delete_holiday_decision_cb (TgDb *db, gpointer data, GError **error)
{
	g_autoptr(TgStmt) stmt =
			   tg_db_prepare (db, "DELETE FROM holiday_decisions WHERE date = ?1;",
					  error);
	if (stmt == NULL)
		return FALSE;
	tg_stmt_bind_text (stmt, 1, data);
	return tg_db_step_changed (db, stmt, "holiday decision on that date", error);
}

gboolean
tg_store_delete_holiday_decision (TgStore *store, const gchar *date, GError **error)
{
	return tg_store_write (store, tg_store_delete_holiday_decision_cb, (gpointer) date, error);
}

/* ---- exceptions ---- */

static gchar *
tg_store_exception_owner (const gchar *unit, const gchar *original_date)
{
	return g_strdup_printf ("occurrence:%s:%s", unit, original_date);
}

static gint
tg_store_column_int_or (TgStmt *stmt, gint col, gint fallback)
{
	return sqlite3_column_type (stmt, col) == SQLITE_NULL ? fallback
							      : sqlite3_column_int (stmt, col);
}

GHashTable *
tg_store_list_exceptions (TgStore *store, const gchar *unit, GError **error)
{
	g_auto(TgReader) reader = {store, NULL};
	g_autoptr(TgStmt) stmt = NULL;
	g_autoptr(GHashTable) table = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
							      (GDestroyNotify) tg_exception_free);
	g_autoptr(GPtrArray) with_participants = g_ptr_array_new ();

	reader.db = tg_store_acquire_reader (store, error);
	if (reader.db == NULL)
		return NULL;
	stmt = tg_db_prepare (reader.db,
			      "SELECT " TG_EXCEPTION_COLUMNS " FROM occurrence_exceptions"
			      " WHERE unit = ?1;",
			      error);
	if (stmt == NULL)
		return NULL;
	tg_stmt_bind_text (stmt, 1, unit);
	for (;;) {
		gboolean has_row = FALSE;
		TgException *e;

		if (!tg_db_step_row (reader.db, stmt, &has_row, error))
			return NULL;
		if (!has_row)
			break;
		e = tg_exception_new ((const gchar *) sqlite3_column_text (stmt, 0),
				      (const gchar *) sqlite3_column_text (stmt, 1));
		e->cancelled = sqlite3_column_int (stmt, 2) != 0;
		e->new_date = tg_stmt_dup_text (stmt, 3);
		e->meeting_start = tg_store_column_int_or (stmt, 4, -1);
		e->reception_start = tg_store_column_int_or (stmt, 5, -1);
		e->reason = tg_stmt_dup_text (stmt, 6);
		e->agenda = tg_stmt_dup_text (stmt, 7);
		if (sqlite3_column_int (stmt, 8) != 0)
			g_ptr_array_add (with_participants, e);
		e->mode =
			tg_meeting_mode_from_string ((const gchar *) sqlite3_column_text (stmt, 9));
		e->venue = tg_stmt_dup_text (stmt, 10);
		e->online_url = tg_stmt_dup_text (stmt, 11);
		e->sequence = (guint) sqlite3_column_int (stmt, 12);
		e->updated_at = sqlite3_column_int64 (stmt, 13);
		e->chair = tg_stmt_dup_text (stmt, 14);
		e->chair_title = tg_stmt_dup_text (stmt, 15);
		g_hash_table_insert (table, e->original_date, e);
	}
	tg_stmt_reset (stmt);
	for (guint i = 0; i < with_participants->len; i++) {
		TgException *e = g_ptr_array_index (with_participants, i);
		g_autofree gchar *owner = tg_store_exception_owner (e->unit, e->original_date);
		e->participants = tg_store_get_participants (reader.db, owner, error);
		if (e->participants == NULL)
			return NULL;
	}
	return g_steal_pointer (&table);
}

static gboolean
tg_store_put_exception_cb (TgDb *db, gpointer data, GError **error)
{
	TgException *e = data;
	g_autofree gchar *owner = tg_store_exception_owner (e->unit, e->original_date);
	g_autoptr(TgStmt) seq = NULL;
	g_autoptr(TgStmt) stmt = NULL;
	gboolean has_row = FALSE;
	guint sequence = 1;

	seq = tg_db_prepare (db,
			     "SELECT sequence FROM occurrence_exceptions"
			     " WHERE unit = ?1 AND original_date = ?2;",
			     error);
	if (seq == NULL)
		return FALSE;
	tg_stmt_bind_text (seq, 1, e->unit);
	tg_stmt_bind_text (seq, 2, e->original_date);
	if (!tg_db_step_row (db, seq, &has_row, error))
		return FALSE;
	if (has_row)
		sequence = (guint) sqlite3_column_int (seq, 0) + 1;
	tg_stmt_reset (seq);

	stmt = tg_db_prepare (
		db,
		"INSERT OR REPLACE INTO occurrence_exceptions (" TG_EXCEPTION_COLUMNS ")"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16);",
		error);
	if (stmt == NULL)
		return FALSE;
	tg_stmt_bind_text (stmt, 1, e->unit);
	tg_stmt_bind_text (stmt, 2, e->original_date);
	sqlite3_bind_int (stmt, 3, e->cancelled ? 1 : 0);
	tg_stmt_bind_text (stmt, 4, e->new_date);
	if (e->meeting_start >= 0)
		sqlite3_bind_int (stmt, 5, e->meeting_start);
	if (e->reception_start >= 0)
		sqlite3_bind_int (stmt, 6, e->reception_start);
	tg_stmt_bind_text (stmt, 7, e->reason);
	tg_stmt_bind_text (stmt, 8, e->agenda);
	sqlite3_bind_int (stmt, 9, e->participants != NULL ? 1 : 0);
	tg_stmt_bind_text (stmt, 10, tg_meeting_mode_to_string (e->mode));
	tg_stmt_bind_text (stmt, 11, e->venue);
	tg_stmt_bind_text (stmt, 12, e->online_url);
	sqlite3_bind_int (stmt, 13, (gint) sequence);
	sqlite3_bind_int64 (stmt, 14, e->updated_at);
	tg_stmt_bind_text (stmt, 15, e->chair);
	tg_stmt_bind_text (stmt, 16, e->chair_title);
	if (!tg_db_step_done (db, stmt, error))
		return FALSE;
	if (!tg_store_put_participants (db, owner, e->participants, error))
		return FALSE;
	/* a cancelled occurrence takes its bookings with it, in the same transaction */
	if (e->cancelled) {
		g_autofree gchar *id = tg_occurrence_make_id (e->unit, e->original_date);
		if (!tg_store_end_occurrence_bookings (db, id, e->updated_at, NULL, error))
			return FALSE;
	}
	e->sequence = sequence;
	return TRUE;
}

gboolean
tg_store_put_exception (TgStore *store, TgException *exc, GError **error)
{
	g_return_val_if_fail (store != NULL && exc != NULL, FALSE);
	return tg_store_write (store, tg_store_put_exception_cb, exc, error);
}

GPtrArray *
tg_store_list_participant_units (TgStore *store, GError **error)
{
	/* owners are "series:UNIT" and "occurrence:UNIT:DATE" */
	return tg_store_collect (
		store,
		"SELECT DISTINCT CASE WHEN owner GLOB 'series:*' THEN substr (owner, 8)"
		" ELSE substr (owner, 12, instr (substr (owner, 12), ':') - 1) END"
		" FROM participants WHERE email IS NOT NULL ORDER BY 1;",
		NULL, tg_db_text_from_row, g_free, error);
}
