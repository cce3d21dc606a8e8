/* tg-store-feeds.c: calendar event states and staff feed links */
#define G_LOG_DOMAIN "thaogo-store"

#include "config.h"

#include "tg-store-private.h"

void
tg_event_state_free (TgEventState *state)
{
	if (state == NULL)
		return;
	g_free (state->uid);
	g_free (state->hash);
	g_free (state);
}

static gpointer
tg_store_event_state_from_row (TgStmt *stmt)
{
	TgEventState *st = g_new0 (TgEventState, 1);
	st->uid = tg_stmt_dup_text (stmt, 0);
	st->hash = tg_stmt_dup_text (stmt, 1);
	st->sequence = (guint) sqlite3_column_int (stmt, 2);
	st->modified_at = sqlite3_column_int64 (stmt, 3);
	return st;
}

GHashTable *
tg_store_load_event_states (TgStore *store, GError **error)
{
	g_auto(TgReader) reader = {store, NULL};
	g_autoptr(TgStmt) stmt = NULL;
	g_autoptr(GPtrArray) rows = NULL;
	GHashTable *table;

	reader.db = tg_store_acquire_reader (store, error);
	if (reader.db == NULL)
		return NULL;
	stmt = tg_db_prepare (reader.db,
			      "SELECT uid, hash, sequence, modified_at FROM ical_events;", error);
	if (stmt == NULL)
		return NULL;
	rows = tg_db_collect (reader.db, stmt, tg_store_event_state_from_row, NULL, error);
	if (rows == NULL)
		return NULL;
	table = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
				       (GDestroyNotify) tg_event_state_free);
	for (guint i = 0; i < rows->len; i++) {
		TgEventState *st = g_ptr_array_index (rows, i);
		g_hash_table_replace (table, st->uid, st);
	}
	return table;
}

static gboolean
tg_store_put_event_states_cb (TgDb *db, gpointer data, GError **error)
{
	GPtrArray *states = data;
	for (guint i = 0; i < states->len; i++) {
		TgEventState *st = g_ptr_array_index (states, i);
		g_autoptr(TgStmt) stmt = tg_db_prepare (
			db,
			"INSERT INTO ical_events (uid, hash, sequence, modified_at)"
			" VALUES (?1, ?2, ?3, ?4) ON CONFLICT (uid) DO UPDATE SET hash = ?2,"
			" sequence = max (sequence, ?3), modified_at = ?4;",
			error);
		if (stmt == NULL)
			return FALSE;
		tg_stmt_bind_text (stmt, 1, st->uid);
		tg_stmt_bind_text (stmt, 2, st->hash);
		sqlite3_bind_int (stmt, 3, (gint) st->sequence);
		sqlite3_bind_int64 (stmt, 4, st->modified_at);
		if (!tg_db_step_done (db, stmt, error))
			return FALSE;
	}
	return TRUE;
}

gboolean
tg_store_put_event_states (TgStore *store, GPtrArray *states, GError **error)
{
	return tg_store_write (store, tg_store_put_event_states_cb, states, error);
}

typedef struct {
	const gchar *owner;
	const gchar *hash;
	gint64 now_us;
} TgFeedReq;

static gboolean
tg_store_put_feed_token_cb (TgDb *db, gpointer data, GError **error)
{
	TgFeedReq *req = data;
	g_autoptr(TgStmt) stmt = tg_db_prepare (
		db,
		"INSERT OR REPLACE INTO feed_tokens (owner, hash, created_at)"
		" VALUES (?1, ?2, ?3);",
		error);
	if (stmt == NULL)
		return FALSE;
	tg_stmt_bind_text (stmt, 1, req->owner);
	tg_stmt_bind_text (stmt, 2, req->hash);
	sqlite3_bind_int64 (stmt, 3, req->now_us);
	return tg_db_step_done (db, stmt, error);
}

gboolean
tg_store_put_feed_token (TgStore *store, const gchar *owner, const gchar *hash, gint64 now_us,
			 GError **error)
{
	TgFeedReq req = {owner, hash, now_us};
	return tg_store_write (store, tg_store_put_feed_token_cb, &req, error);
}

gchar *
tg_store_get_feed_owner (TgStore *store, const gchar *hash, GError **error)
{
	g_auto(TgReader) reader = {store, NULL};
	g_autoptr(TgStmt) stmt = NULL;

	reader.db = tg_store_acquire_reader (store, error);
	if (reader.db == NULL)
		return NULL;
	stmt = tg_db_prepare (reader.db, "SELECT owner FROM feed_tokens WHERE hash = ?1;", error);
	if (stmt == NULL)
		return NULL;
	tg_stmt_bind_text (stmt, 1, hash);
	return tg_db_step_one (reader.db, stmt, tg_db_text_from_row, "such feed", error);
}
