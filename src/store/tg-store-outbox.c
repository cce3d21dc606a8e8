/* tg-store-outbox.c: the durable outbox of messages */
#define G_LOG_DOMAIN "thaogo-store"

#include "config.h"

#include "tg-store-private.h"

#define TG_OUTBOX_COLUMNS                                                                          \
	"id, kind, dedup, recipient, language, message_id, due_at, status, attempts,"              \
	" last_error, created_at, updated_at, booking, occurrence, starts_at"

/* a row of TG_OUTBOX_COLUMNS, with the message body and the link's secret when the 16th
 * and 17th columns are there */
static gpointer
tg_store_outbox_from_row (TgStmt *stmt)
{
	TgOutboxMessage *m = g_new0 (TgOutboxMessage, 1);
	m->id = sqlite3_column_int64 (stmt, 0);
	m->kind = tg_stmt_dup_text (stmt, 1);
	m->dedup = tg_stmt_dup_text (stmt, 2);
	m->recipient = tg_stmt_dup_text (stmt, 3);
	m->language = tg_stmt_dup_text (stmt, 4);
	m->message_id = tg_stmt_dup_text (stmt, 5);
	m->due_at = sqlite3_column_int64 (stmt, 6);
	m->status = tg_stmt_dup_text (stmt, 7);
	m->attempts = (guint) sqlite3_column_int (stmt, 8);
	m->last_error = tg_stmt_dup_text (stmt, 9);
	m->created_at = sqlite3_column_int64 (stmt, 10);
	m->updated_at = sqlite3_column_int64 (stmt, 11);
	m->booking = tg_stmt_dup_text (stmt, 12);
	m->occurrence = tg_stmt_dup_text (stmt, 13);
	m->starts_at = sqlite3_column_int64 (stmt, 14);
	if (sqlite3_column_count (stmt) > 16) {
		m->message = g_bytes_new (sqlite3_column_blob (stmt, 15),
					  (gsize) sqlite3_column_bytes (stmt, 15));
		m->link_secret = tg_stmt_dup_text (stmt, 16);
	}
	return m;
}

gboolean
tg_store_insert_mail (TgDb *db, TgOutboxMessage *m, GError **error)
{
	gsize len = 0;
	gconstpointer bytes = m->message != NULL ? g_bytes_get_data (m->message, &len) : NULL;
	g_autoptr(TgStmt) stmt = tg_db_prepare (
		db,
		"INSERT OR IGNORE INTO outbox (kind, dedup, recipient, language, message, message_id,"
		" due_at, status, attempts, created_at, updated_at, link_secret, booking, occurrence,"
		" starts_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'queued', 0, ?8, ?8, ?9, ?10, ?11,"
		" ?12);",
		error);

	if (stmt == NULL)
		return FALSE;
	tg_stmt_bind_text (stmt, 1, m->kind);
	tg_stmt_bind_text (stmt, 2, m->dedup);
	tg_stmt_bind_text (stmt, 3, m->recipient);
	tg_stmt_bind_text (stmt, 4, m->language);
	/* an empty message (composed when sent) is an empty blob, not NULL */
	sqlite3_bind_blob (stmt, 5, bytes != NULL ? bytes : "", (int) len, SQLITE_TRANSIENT);
	tg_stmt_bind_text (stmt, 6, m->message_id);
	sqlite3_bind_int64 (stmt, 7, m->due_at);
	sqlite3_bind_int64 (stmt, 8, m->created_at);
	tg_stmt_bind_text (stmt, 9, m->link_secret);
	tg_stmt_bind_text (stmt, 10, m->booking);
	tg_stmt_bind_text (stmt, 11, m->occurrence);
	sqlite3_bind_int64 (stmt, 12, m->starts_at);
	if (!tg_db_step_done (db, stmt, error))
		return FALSE;
	m->id = sqlite3_changes (db->db) > 0 ? sqlite3_last_insert_rowid (db->db) : 0;
	return TRUE;
}

static gboolean
tg_store_enqueue_mail_cb (TgDb *db, gpointer data, GError **error)
{
	return tg_store_insert_mail (db, data, error);
}

gboolean
tg_store_enqueue_mail (TgStore *store, TgOutboxMessage *m, GError **error)
{
	return tg_store_write (store, tg_store_enqueue_mail_cb, m, error);
}

typedef struct {
	gint64 now_us;
	guint limit;
	GPtrArray *out;
} TgClaimReq;

static gboolean
tg_store_claim_mail_cb (TgDb *db, gpointer data, GError **error)
{
	TgClaimReq *req = data;
	g_autoptr(TgStmt) stmt =
			   tg_db_prepare (db,
					  "SELECT " TG_OUTBOX_COLUMNS ", message, link_secret"
					  " FROM outbox"
					  " WHERE status = 'queued' AND due_at <= ?1"
					  " ORDER BY due_at, id LIMIT ?2;",
					  error);
	g_autoptr(GPtrArray) rows = NULL;

	if (stmt == NULL)
		return FALSE;
	sqlite3_bind_int64 (stmt, 1, req->now_us);
	sqlite3_bind_int (stmt, 2, (gint) req->limit);
	rows = tg_db_collect (db, stmt, tg_store_outbox_from_row,
			      (GDestroyNotify) tg_outbox_message_free, error);
	if (rows == NULL)
		return FALSE;
	for (guint i = 0; i < rows->len; i++) {
		TgOutboxMessage *m = g_ptr_array_index (rows, i);
		g_autoptr(TgStmt) upd = tg_db_prepare (db,
							"UPDATE outbox SET status = 'sending',"
							" attempts = attempts + 1, updated_at = ?2"
							" WHERE id = ?1;",
							error);
		if (upd == NULL)
			return FALSE;
		sqlite3_bind_int64 (upd, 1, m->id);
		sqlite3_bind_int64 (upd, 2, req->now_us);
		if (!tg_db_step_done (db, upd, error))
			return FALSE;
		m->attempts++;
	}
	req->out = g_steal_pointer (&rows);
	return TRUE;
}

GPtrArray *
tg_store_claim_mail (TgStore *store, gint64 now_us, guint limit, GError **error)
{
	TgClaimReq req = {now_us, limit, NULL};
	if (!tg_store_write (store, tg_store_claim_mail_cb, &req, error)) {
		g_clear_pointer (&req.out, g_ptr_array_unref);
		return NULL;
	}
	return req.out;
}

typedef struct {
	const TgMailAttempt *attempts;
	guint n;
	gint64 now_us;
	gint changed;
} TgFinishReq;

static gboolean
tg_store_finish_mails_cb (TgDb *db, gpointer data, GError **error)
{
	TgFinishReq *req = data;

	req->changed = 0;
	for (guint i = 0; i < req->n; i++) {
		const TgMailAttempt *a = &req->attempts[i];
		gsize len = 0;
		gconstpointer bytes =
			a->message != NULL ? g_bytes_get_data (a->message, &len) : NULL;
		g_autoptr(TgStmt) stmt = tg_db_prepare (
			db,
			"UPDATE outbox SET status = ?2, last_error = ?3, due_at = ?4, updated_at = ?5,"
			" dedup = CASE WHEN ?2 = 'superseded' THEN dedup || '~' || id ELSE dedup END,"
			/* a sent message keeps no personal data; composed bytes carry the link */
			" message = CASE WHEN ?2 = 'sent' THEN x'' WHEN ?6 IS NOT NULL THEN ?6"
			" ELSE message END,"
			" link_secret = CASE WHEN ?2 IN ('sent', 'superseded') OR ?6 IS NOT NULL"
			" THEN NULL ELSE link_secret END WHERE id = ?1;",
			error);

		if (stmt == NULL)
			return FALSE;
		sqlite3_bind_int64 (stmt, 1, a->id);
		tg_stmt_bind_text (stmt, 2, a->status);
		tg_stmt_bind_text (stmt, 3, a->last_error);
		sqlite3_bind_int64 (stmt, 4, a->due_at);
		sqlite3_bind_int64 (stmt, 5, req->now_us);
		if (bytes != NULL && len > 0)
			sqlite3_bind_blob (stmt, 6, bytes, (int) len, SQLITE_TRANSIENT);
		else
			sqlite3_bind_null (stmt, 6);
		if (!tg_db_step_done (db, stmt, error))
			return FALSE;
		req->changed += sqlite3_changes (db->db);
	}
	return TRUE;
}

gboolean
tg_store_finish_mails (TgStore *store, const TgMailAttempt *attempts, guint n, gint64 now_us,
		       GError **error)
{
	TgFinishReq req = {attempts, n, now_us, 0};
	g_return_val_if_fail (store != NULL && (attempts != NULL || n == 0), FALSE);
	return n == 0 || tg_store_write (store, tg_store_finish_mails_cb, &req, error);
}

gboolean
tg_store_finish_mail (TgStore *store, gint64 id, const gchar *status, const gchar *last_error,
		      gint64 due_at, gint64 now_us, GError **error)
{
	TgMailAttempt attempt = {id, status, last_error, due_at, NULL};
	TgFinishReq req = {&attempt, 1, now_us, 0};

	if (!tg_store_write (store, tg_store_finish_mails_cb, &req, error))
		return FALSE;
	if (req.changed == 0) {
		g_set_error_literal (error, TG_STORE_ERROR, TG_STORE_ERROR_NOT_FOUND,
				     "no such message");
		return FALSE;
	}
	return TRUE;
}

typedef struct {
	const gchar *sql;
	const gchar *text;
	gint64 now_us;
	gint changed;
} TgBulkReq;

static gboolean
tg_store_bulk_cb (TgDb *db, gpointer data, GError **error)
{
	TgBulkReq *req = data;
	g_autoptr(TgStmt) stmt = tg_db_prepare (db, req->sql, error);
	if (stmt == NULL)
		return FALSE;
	tg_stmt_bind_text (stmt, 1, req->text);
	sqlite3_bind_int64 (stmt, 2, req->now_us);
	if (!tg_db_step_done (db, stmt, error))
		return FALSE;
	req->changed = sqlite3_changes (db->db);
	return TRUE;
}

gint
tg_store_requeue_sending (TgStore *store, gint64 now_us, GError **error)
{
	TgBulkReq req = {"UPDATE outbox SET status = 'queued', updated_at = ?2"
			 " WHERE status = 'sending' AND ?1 IS NULL;",
			 NULL, now_us, 0};
	if (!tg_store_write (store, tg_store_bulk_cb, &req, error))
		return -1;
	return req.changed;
}

typedef struct {
	const gchar *kind;
	const gchar *booking;
	const gchar *occurrence;
	gint64 now_us;
} TgSupersedeReq;

static gboolean
tg_store_supersede_mail_cb (TgDb *db, gpointer data, GError **error)
{
	TgSupersedeReq *req = data;
	/* the key is renamed so that the same message may be queued again (moved back) */
	g_autoptr(TgStmt) stmt = tg_db_prepare (
		db,
		req->booking != NULL
			? "UPDATE outbox SET status = 'superseded', updated_at = ?3,"
			  " dedup = dedup || '~' || id, link_secret = NULL"
			  " WHERE status = 'queued' AND booking = ?2 AND kind = ?1;"
			: "UPDATE outbox SET status = 'superseded', updated_at = ?3,"
			  " dedup = dedup || '~' || id, link_secret = NULL"
			  " WHERE status = 'queued' AND occurrence = ?2 AND kind = ?1;",
		error);

	if (stmt == NULL)
		return FALSE;
	tg_stmt_bind_text (stmt, 1, req->kind);
	tg_stmt_bind_text (stmt, 2, req->booking != NULL ? req->booking : req->occurrence);
	sqlite3_bind_int64 (stmt, 3, req->now_us);
	return tg_db_step_done (db, stmt, error);
}

gboolean
tg_store_supersede_mail (TgStore *store, const gchar *kind, const gchar *booking,
			 const gchar *occurrence, gint64 now_us, GError **error)
{
	TgSupersedeReq req = {kind, booking, occurrence, now_us};

	g_return_val_if_fail (kind != NULL && (booking != NULL) != (occurrence != NULL), FALSE);
	return tg_store_write (store, tg_store_supersede_mail_cb, &req, error);
}

GPtrArray *
tg_store_list_outbox (TgStore *store, const gchar *status, guint limit, GError **error)
{
	g_auto(TgReader) reader = {store, NULL};
	g_autoptr(TgStmt) stmt = NULL;

	reader.db = tg_store_acquire_reader (store, error);
	if (reader.db == NULL)
		return NULL;
	stmt = tg_db_prepare (reader.db,
			      "SELECT " TG_OUTBOX_COLUMNS
			      " FROM outbox WHERE ?1 IS NULL OR status = ?1"
			      " ORDER BY id DESC LIMIT ?2;",
			      error);
	if (stmt == NULL)
		return NULL;
	tg_stmt_bind_text (stmt, 1, status);
	sqlite3_bind_int (stmt, 2, (gint) limit);
	return tg_db_collect (reader.db, stmt, tg_store_outbox_from_row,
			      (GDestroyNotify) tg_outbox_message_free, error);
}

/* a row without its body, read on @db; TG_STORE_ERROR_NOT_FOUND when there is none */
static TgOutboxMessage *
tg_store_read_outbox_message (TgDb *db, gint64 id, GError **error)
{
	g_autoptr(TgStmt) stmt =
			   tg_db_prepare (db,
					  "SELECT " TG_OUTBOX_COLUMNS " FROM outbox WHERE id = ?1;",
					  error);

	if (stmt == NULL)
		return NULL;
	sqlite3_bind_int64 (stmt, 1, id);
	return tg_db_step_one (db, stmt, tg_store_outbox_from_row, "such message", error);
}

TgOutboxMessage *
tg_store_get_outbox_message (TgStore *store, gint64 id, GError **error)
{
	g_auto(TgReader) reader = {store, NULL};

	reader.db = tg_store_acquire_reader (store, error);
	if (reader.db == NULL)
		return NULL;
	return tg_store_read_outbox_message (reader.db, id, error);
}

typedef struct {
	gint64 id;
	gint64 now_us;
} TgRetryReq;

static gboolean
tg_store_retry_mail_cb (TgDb *db, gpointer data, GError **error)
{
	TgRetryReq *req = data;
	g_autoptr(TgOutboxMessage) m = tg_store_read_outbox_message (db, req->id, error);
	g_autoptr(TgStmt) stmt = NULL;

	if (m == NULL)
		return FALSE;
	if (g_strcmp0 (m->status, "failed") != 0 && g_strcmp0 (m->status, "dead") != 0) {
		g_set_error (error, TG_STORE_ERROR, TG_STORE_ERROR_STATE, "the message is %s",
			     m->status);
		return FALSE;
	}
	/* the same row, so the same Message-ID: a receiver that got it after all sees a
	 * duplicate it can recognise */
	stmt = tg_db_prepare (db,
			      "UPDATE outbox SET status = 'queued', due_at = ?2, attempts = 0,"
			      " last_error = NULL, updated_at = ?2 WHERE id = ?1;",
			      error);
	if (stmt == NULL)
		return FALSE;
	sqlite3_bind_int64 (stmt, 1, req->id);
	sqlite3_bind_int64 (stmt, 2, req->now_us);
	return tg_db_step_changed (db, stmt, "such message", error);
}

gboolean
tg_store_retry_mail (TgStore *store, gint64 id, gint64 now_us, GError **error)
{
	TgRetryReq req = {id, now_us};
	return tg_store_write (store, tg_store_retry_mail_cb, &req, error);
}
