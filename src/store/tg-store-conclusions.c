/* tg-store-conclusions.c: the conclusions of a meeting, numbered in the order they are
 * recorded, and the open ones that the next meetings follow up */
#define G_LOG_DOMAIN "thaogo-store"

#include "config.h"

#include "tg-store-private.h"

#define TG_CONCLUSION_COLUMNS                                                                      \
	"occurrence, number, unit, meeting_date, text, assignee, deadline, done_at, created_at"

static gpointer
tg_store_conclusion_from_row (TgStmt *stmt)
{
	TgConclusion *c = g_new0 (TgConclusion, 1);

	c->occurrence = tg_stmt_dup_text (stmt, 0);
	c->number = (guint) sqlite3_column_int (stmt, 1);
	c->id = g_strdup_printf ("%s-%u", c->occurrence, c->number);
	c->unit = tg_stmt_dup_text (stmt, 2);
	c->meeting_date = tg_stmt_dup_text (stmt, 3);
	c->text = tg_stmt_dup_text (stmt, 4);
	c->assignee = tg_stmt_dup_text (stmt, 5);
	c->deadline = tg_stmt_dup_text (stmt, 6);
	c->done = sqlite3_column_type (stmt, 7) != SQLITE_NULL;
	c->done_at = sqlite3_column_int64 (stmt, 7);
	c->created_at = sqlite3_column_int64 (stmt, 8);
	return c;
}

typedef struct {
	const TgConclusion *c;
	guint number; /* out */
} TgAddConclusionReq;

static gboolean
tg_store_add_conclusion_cb (TgDb *db, gpointer data, GError **error)
{
	TgAddConclusionReq *req = data;
	g_autoptr(TgStmt) stmt = tg_db_prepare (
		db,
		"INSERT INTO conclusions (" TG_CONCLUSION_COLUMNS ")"
		" SELECT ?1, coalesce (max (number), 0) + 1, ?2, ?3, ?4, ?5, ?6, NULL, ?7"
		" FROM conclusions WHERE occurrence = ?1 RETURNING number;",
		error);
	gboolean has_row = FALSE;

	if (stmt == NULL)
		return FALSE;
	tg_stmt_bind_text (stmt, 1, req->c->occurrence);
	tg_stmt_bind_text (stmt, 2, req->c->unit);
	tg_stmt_bind_text (stmt, 3, req->c->meeting_date);
	tg_stmt_bind_text (stmt, 4, req->c->text);
	tg_stmt_bind_text (stmt, 5, req->c->assignee);
	tg_stmt_bind_text (stmt, 6, req->c->deadline);
	sqlite3_bind_int64 (stmt, 7, req->c->created_at);
	/* a meeting past TG_CONCLUSIONS_PER_MEETING_MAX fails the table's CHECK (a conflict) */
	if (!tg_db_step_row (db, stmt, &has_row, error))
		return FALSE;
	req->number = (guint) sqlite3_column_int (stmt, 0);
	return tg_db_step_done (db, stmt, error);
}

gboolean
tg_store_add_conclusion (TgStore *store, TgConclusion *c, GError **error)
{
	TgAddConclusionReq req = {c, 0};

	g_return_val_if_fail (store != NULL && c != NULL && c->occurrence != NULL, FALSE);
	if (!tg_store_write (store, tg_store_add_conclusion_cb, &req, error))
		return FALSE;
	c->number = req.number;
	g_free (c->id);
	c->id = g_strdup_printf ("%s-%u", c->occurrence, c->number);
	return TRUE;
}

typedef struct {
	const gchar *occurrence;
	guint number;
	const TgConclusionChange *change;
	gint64 now_us;
	TgConclusion *updated; /* out */
} TgUpdateConclusionReq;

static gboolean
tg_store_update_conclusion_cb (TgDb *db, gpointer data, GError **error)
{
	TgUpdateConclusionReq *req = data;
	g_autoptr(TgStmt) stmt = tg_db_prepare (
		db,
		"UPDATE conclusions SET text = coalesce (?3, text),"
		" assignee = coalesce (?4, assignee), deadline = coalesce (?5, deadline),"
		" done_at = CASE WHEN ?6 IS NULL THEN done_at"
		"  WHEN ?6 = 'done' THEN coalesce (done_at, ?7) ELSE NULL END"
		" WHERE occurrence = ?1 AND number = ?2 RETURNING " TG_CONCLUSION_COLUMNS ";",
		error);

	if (stmt == NULL)
		return FALSE;
	tg_stmt_bind_text (stmt, 1, req->occurrence);
	sqlite3_bind_int (stmt, 2, (gint) req->number);
	tg_stmt_bind_text (stmt, 3, req->change->text);
	tg_stmt_bind_text (stmt, 4, req->change->assignee);
	tg_stmt_bind_text (stmt, 5, req->change->deadline);
	tg_stmt_bind_text (stmt, 6, req->change->status);
	sqlite3_bind_int64 (stmt, 7, req->now_us);
	req->updated =
		tg_db_step_one (db, stmt, tg_store_conclusion_from_row, "such conclusion", error);
	return req->updated != NULL && tg_db_step_done (db, stmt, error);
}

TgConclusion *
tg_store_update_conclusion (TgStore *store, const gchar *occurrence, guint number,
			    const TgConclusionChange *change, gint64 now_us, GError **error)
{
	TgUpdateConclusionReq req = {occurrence, number, change, now_us, NULL};

	g_return_val_if_fail (store != NULL && occurrence != NULL && change != NULL, NULL);
	if (!tg_store_write (store, tg_store_update_conclusion_cb, &req, error)) {
		tg_conclusion_free (req.updated);
		return NULL;
	}
	return req.updated;
}

GPtrArray *
tg_store_list_conclusions (TgStore *store, const gchar *occurrence, GError **error)
{
	return tg_store_collect (store,
				 "SELECT " TG_CONCLUSION_COLUMNS " FROM conclusions"
				 " WHERE occurrence = ?1 ORDER BY number;",
				 occurrence, tg_store_conclusion_from_row,
				 (GDestroyNotify) tg_conclusion_free, error);
}

GPtrArray *
tg_store_list_open_conclusions (TgStore *store, const gchar *unit, const gchar *before,
				GError **error)
{
	const gchar *args[] = {unit, before};

	return tg_store_collect_with (store,
				      "SELECT " TG_CONCLUSION_COLUMNS " FROM conclusions"
				      " WHERE unit = ?1 AND done_at IS NULL AND meeting_date < ?2"
				      " ORDER BY deadline, meeting_date, number;",
				      args, G_N_ELEMENTS (args), tg_store_conclusion_from_row,
				      (GDestroyNotify) tg_conclusion_free, error);
}
