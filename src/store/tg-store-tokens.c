/* tg-store-tokens.c: access tokens (only their hashes are stored) */
#define G_LOG_DOMAIN "thaogo-store"

#include "config.h"

#include "tg-store-private.h"

#define TG_TOKEN_COLUMNS "id, hash, role, unit, name, email, created_at, revoked_at"

static gboolean
tg_store_add_token_cb (TgDb *db, gpointer data, GError **error)
{
	const TgToken *token = data;
	g_autoptr(TgStmt) stmt = NULL;

	stmt = tg_db_prepare (db,
			      "INSERT INTO tokens (" TG_TOKEN_COLUMNS ")"
			      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, NULL);",
			      error);
	if (stmt == NULL)
		return FALSE;
	tg_stmt_bind_text (stmt, 1, token->id);
	tg_stmt_bind_text (stmt, 2, token->hash);
	tg_stmt_bind_text (stmt, 3, tg_role_to_string (token->role));
	tg_stmt_bind_text (stmt, 4, token->unit);
	tg_stmt_bind_text (stmt, 5, token->name);
	tg_stmt_bind_text (stmt, 6, token->email);
	sqlite3_bind_int64 (stmt, 7, token->created_at);
	return tg_db_step_done (db, stmt, error);
}

gboolean
tg_store_add_token (TgStore *store, const TgToken *token, GError **error)
{
	g_return_val_if_fail (store != NULL && token != NULL, FALSE);
	return tg_store_write (store, tg_store_add_token_cb, (gpointer) token, error);
}

static TgToken *
tg_store_token_from_row (TgStmt *stmt)
{
	TgToken *token = tg_token_new ();
	token->id = tg_stmt_dup_text (stmt, 0);
	token->hash = tg_stmt_dup_text (stmt, 1);
	token->role = tg_role_from_string ((const gchar *) sqlite3_column_text (stmt, 2));
	token->unit = tg_stmt_dup_text (stmt, 3);
	token->name = tg_stmt_dup_text (stmt, 4);
	token->email = tg_stmt_dup_text (stmt, 5);
	token->created_at = sqlite3_column_int64 (stmt, 6);
	token->revoked_at = sqlite3_column_int64 (stmt, 7);
	return token;
}

TgToken *
tg_store_get_token_by_hash (TgStore *store, const gchar *hash, GError **error)
{
	g_auto(TgReader) reader = {store, NULL};
	g_autoptr(TgStmt) stmt = NULL;

	g_return_val_if_fail (store != NULL && hash != NULL, NULL);
	reader.db = tg_store_acquire_reader (store, error);
	if (reader.db == NULL)
		return NULL;
	stmt = tg_db_prepare (reader.db, "SELECT " TG_TOKEN_COLUMNS " FROM tokens WHERE hash = ?1;",
			      error);
	if (stmt == NULL)
		return NULL;
	tg_stmt_bind_text (stmt, 1, hash);
	return tg_db_step_one (reader.db, stmt, (TgRowFunc) tg_store_token_from_row, "such token",
			       error);
}

TgToken *
tg_store_get_token (TgStore *store, const gchar *id, GError **error)
{
	g_auto(TgReader) reader = {store, NULL};
	g_autoptr(TgStmt) stmt = NULL;

	g_return_val_if_fail (store != NULL && id != NULL, NULL);
	reader.db = tg_store_acquire_reader (store, error);
	if (reader.db == NULL)
		return NULL;
	stmt = tg_db_prepare (reader.db, "SELECT " TG_TOKEN_COLUMNS " FROM tokens WHERE id = ?1;",
			      error);
	if (stmt == NULL)
		return NULL;
	tg_stmt_bind_text (stmt, 1, id);
	return tg_db_step_one (reader.db, stmt, (TgRowFunc) tg_store_token_from_row, "such token",
			       error);
}

GPtrArray *
tg_store_list_tokens (TgStore *store, GError **error)
{
	g_return_val_if_fail (store != NULL, NULL);
	return tg_store_collect (store,
				 "SELECT " TG_TOKEN_COLUMNS " FROM tokens ORDER BY created_at, id;",
				 NULL, (TgRowFunc) tg_store_token_from_row,
				 (GDestroyNotify) tg_token_free, error);
}

typedef struct {
	const gchar *id;
	gint64 now_us;
} TgRevokeReq;

static gboolean
tg_store_revoke_token_cb (TgDb *db, gpointer data, GError **error)
{
	TgRevokeReq *req = data;
	g_autoptr(TgStmt) stmt = NULL;

	stmt = tg_db_prepare (
		db, "UPDATE tokens SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL;",
		error);
	if (stmt == NULL)
		return FALSE;
	tg_stmt_bind_text (stmt, 1, req->id);
	sqlite3_bind_int64 (stmt, 2, req->now_us);
	if (!tg_db_step_changed (db, stmt, "valid token with that id", error))
		return FALSE;
	/* its web sessions and login links die with it, in the same transaction */
	return tg_store_end_token_sessions (db, req->id, error);
}

gboolean
tg_store_revoke_token (TgStore *store, const gchar *id, gint64 now_us, GError **error)
{
	TgRevokeReq req = {id, now_us};
	g_return_val_if_fail (store != NULL && id != NULL, FALSE);
	return tg_store_write (store, tg_store_revoke_token_cb, &req, error);
}
