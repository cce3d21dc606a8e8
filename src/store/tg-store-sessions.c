/* tg-store-sessions.c: the web pages' sign-in sessions and login codes (hashes only) */
#define G_LOG_DOMAIN "thaogo-store"

#include "config.h"

#include "tg-store-private.h"

typedef struct {
	const TgSession *session;
	gint64 now_us;
} TgSessionReq;

static gboolean
tg_store_add_session_cb (TgDb *db, gpointer data, GError **error)
{
	TgSessionReq *req = data;
	g_autoptr (TgStmt) purge = NULL;
	g_autoptr (TgStmt) stmt = NULL;

	/* sessions past their absolute end go as new ones come */
	purge = tg_db_prepare (db, "DELETE FROM sessions WHERE expires_at <= ?1;", error);
	if (purge == NULL)
		return FALSE;
	sqlite3_bind_int64 (purge, 1, req->now_us);
	if (!tg_db_step_done (db, purge, error))
		return FALSE;
	stmt = tg_db_prepare (db,
			      "INSERT INTO sessions (hash, token, created_at, seen_at, expires_at)"
			      " VALUES (?1, ?2, ?3, ?3, ?4);",
			      error);
	if (stmt == NULL)
		return FALSE;
	tg_stmt_bind_text (stmt, 1, req->session->hash);
	tg_stmt_bind_text (stmt, 2, req->session->token);
	sqlite3_bind_int64 (stmt, 3, req->session->created_at);
	sqlite3_bind_int64 (stmt, 4, req->session->expires_at);
	return tg_db_step_done (db, stmt, error);
}

gboolean
tg_store_add_session (TgStore *store, const TgSession *session, GError **error)
{
	TgSessionReq req = {session, 0};
	g_return_val_if_fail (store != NULL && session != NULL, FALSE);
	req.now_us = session->created_at;
	return tg_store_write (store, tg_store_add_session_cb, &req, error);
}

static gpointer
tg_store_session_from_row (TgStmt *stmt)
{
	TgSession *session = tg_session_new ();
	session->hash = tg_stmt_dup_text (stmt, 0);
	session->token = tg_stmt_dup_text (stmt, 1);
	session->created_at = sqlite3_column_int64 (stmt, 2);
	session->seen_at = sqlite3_column_int64 (stmt, 3);
	session->expires_at = sqlite3_column_int64 (stmt, 4);
	return session;
}

TgSession *
tg_store_get_session (TgStore *store, const gchar *hash, GError **error)
{
	g_auto (TgReader) reader = {store, NULL};
	g_autoptr (TgStmt) stmt = NULL;

	g_return_val_if_fail (store != NULL && hash != NULL, NULL);
	reader.db = tg_store_acquire_reader (store, error);
	if (reader.db == NULL)
		return NULL;
	stmt = tg_db_prepare (reader.db,
			      "SELECT hash, token, created_at, seen_at, expires_at FROM sessions"
			      " WHERE hash = ?1;",
			      error);
	if (stmt == NULL)
		return NULL;
	tg_stmt_bind_text (stmt, 1, hash);
	return tg_db_step_one (reader.db, stmt, tg_store_session_from_row, "such session", error);
}

typedef struct {
	const gchar *hash;
	gint64 now_us;
} TgSessionHashReq;

static gboolean
tg_store_touch_session_cb (TgDb *db, gpointer data, GError **error)
{
	TgSessionHashReq *req = data;
	g_autoptr (TgStmt) stmt = tg_db_prepare (
		db, "UPDATE sessions SET seen_at = max (seen_at, ?2) WHERE hash = ?1;", error);
	if (stmt == NULL)
		return FALSE;
	tg_stmt_bind_text (stmt, 1, req->hash);
	sqlite3_bind_int64 (stmt, 2, req->now_us);
	return tg_db_step_changed (db, stmt, "such session", error);
}

gboolean
tg_store_touch_session (TgStore *store, const gchar *hash, gint64 now_us, GError **error)
{
	TgSessionHashReq req = {hash, now_us};
	g_return_val_if_fail (store != NULL && hash != NULL, FALSE);
	return tg_store_write (store, tg_store_touch_session_cb, &req, error);
}

static gboolean
tg_store_delete_session_cb (TgDb *db, gpointer data, GError **error)
{
	TgSessionHashReq *req = data;
	g_autoptr (TgStmt) stmt =
			   tg_db_prepare (db, "DELETE FROM sessions WHERE hash = ?1;", error);
	if (stmt == NULL)
		return FALSE;
	tg_stmt_bind_text (stmt, 1, req->hash);
	return tg_db_step_changed (db, stmt, "such session", error);
}

gboolean
tg_store_delete_session (TgStore *store, const gchar *hash, GError **error)
{
	TgSessionHashReq req = {hash, 0};
	g_return_val_if_fail (store != NULL && hash != NULL, FALSE);
	return tg_store_write (store, tg_store_delete_session_cb, &req, error);
}

gboolean
tg_store_end_token_sessions (TgDb *db, const gchar *token_id, GError **error)
{
	g_autoptr (TgStmt) sessions = NULL;
	g_autoptr (TgStmt) codes = NULL;

	sessions = tg_db_prepare (db, "DELETE FROM sessions WHERE token = ?1;", error);
	if (sessions == NULL)
		return FALSE;
	tg_stmt_bind_text (sessions, 1, token_id);
	if (!tg_db_step_done (db, sessions, error))
		return FALSE;
	codes = tg_db_prepare (db, "DELETE FROM login_codes WHERE token = ?1;", error);
	if (codes == NULL)
		return FALSE;
	tg_stmt_bind_text (codes, 1, token_id);
	return tg_db_step_done (db, codes, error);
}

typedef struct {
	const gchar *hash;
	const gchar *token_id;
	gint64 now_us;
	gint64 expires_at;
	gchar *taken; /* (out): the token of the code taken */
} TgLoginCodeReq;

static gboolean
tg_store_add_login_code_cb (TgDb *db, gpointer data, GError **error)
{
	TgLoginCodeReq *req = data;
	g_autoptr (TgStmt) purge = NULL;
	g_autoptr (TgStmt) stmt = NULL;

	purge = tg_db_prepare (db, "DELETE FROM login_codes WHERE expires_at <= ?1;", error);
	if (purge == NULL)
		return FALSE;
	sqlite3_bind_int64 (purge, 1, req->now_us);
	if (!tg_db_step_done (db, purge, error))
		return FALSE;
	stmt = tg_db_prepare (db,
			      "INSERT INTO login_codes (hash, token, created_at, expires_at)"
			      " VALUES (?1, ?2, ?3, ?4);",
			      error);
	if (stmt == NULL)
		return FALSE;
	tg_stmt_bind_text (stmt, 1, req->hash);
	tg_stmt_bind_text (stmt, 2, req->token_id);
	sqlite3_bind_int64 (stmt, 3, req->now_us);
	sqlite3_bind_int64 (stmt, 4, req->expires_at);
	return tg_db_step_done (db, stmt, error);
}

gboolean
tg_store_add_login_code (TgStore *store, const gchar *hash, const gchar *token_id, gint64 now_us,
			 gint64 expires_at, GError **error)
{
	TgLoginCodeReq req = {hash, token_id, now_us, expires_at, NULL};
	g_return_val_if_fail (store != NULL && hash != NULL && token_id != NULL, FALSE);
	return tg_store_write (store, tg_store_add_login_code_cb, &req, error);
}

static gboolean
tg_store_take_login_code_cb (TgDb *db, gpointer data, GError **error)
{
	TgLoginCodeReq *req = data;
	g_autoptr (TgStmt) stmt = NULL;
	gboolean has_row = FALSE;

	g_clear_pointer (&req->taken, g_free); /* a batch that failed may run it again */
	/* taken once: the row goes whether it was still valid or not */
	stmt = tg_db_prepare (
		db, "DELETE FROM login_codes WHERE hash = ?1 RETURNING token, expires_at;", error);
	if (stmt == NULL)
		return FALSE;
	tg_stmt_bind_text (stmt, 1, req->hash);
	if (!tg_db_step_row (db, stmt, &has_row, error))
		return FALSE;
	if (has_row && sqlite3_column_int64 (stmt, 1) > req->now_us)
		req->taken = tg_stmt_dup_text (stmt, 0);
	/* the statement is stepped to its end so that the delete is done */
	while (has_row) {
		if (!tg_db_step_row (db, stmt, &has_row, error))
			return FALSE;
	}
	return TRUE;
}

gchar *
tg_store_take_login_code (TgStore *store, const gchar *hash, gint64 now_us, GError **error)
{
	TgLoginCodeReq req = {hash, NULL, now_us, 0, NULL};
	g_return_val_if_fail (store != NULL && hash != NULL, NULL);
	if (!tg_store_write (store, tg_store_take_login_code_cb, &req, error)) {
		g_free (req.taken);
		return NULL;
	}
	if (req.taken == NULL) {
		g_set_error (error, TG_STORE_ERROR, TG_STORE_ERROR_NOT_FOUND,
			     "no such login code, or it has expired");
		return NULL;
	}
	return req.taken;
}
