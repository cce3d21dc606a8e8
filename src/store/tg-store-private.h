/* tg-store-private.h: what the store's files share; never included outside src/store/ */
#pragma once

#include <sqlite3.h>

#include "tg-store.h"

G_BEGIN_DECLS

/* One SQLite connection and its prepared statements, used by one thread at a time */
typedef struct {
	sqlite3 *db;
	GHashTable *stmts; /* SQL text (static) -> sqlite3_stmt */
	/* the writer's only: occurrence -> TgFillHint (see tg_db_fill_hint); NULL until used */
	GHashTable *fill_hints;
} TgDb;

/* Placing a booking in the earliest free slot looks at the slots in order. On the writer
 * connection, what it found is kept per occurrence: every slot before the returned one was
 * full, for that capacity and number of slots. Seats only fill until one is freed, and every
 * seat is freed through tg_store_set_booking_state, which forgets the occurrence's hint, as a
 * failed commit forgets them all: so the hint is never later than the first slot with a free
 * seat, and a rush on one session does not read its full slots again for every booking. */
guint tg_db_fill_hint (TgDb *db, const gchar *occurrence, guint capacity, guint n_slots);
void tg_db_set_fill_hint (TgDb *db, const gchar *occurrence, guint capacity, guint n_slots,
			  guint first_open);
void tg_db_forget_fill_hint (TgDb *db, const gchar *occurrence);
void tg_db_forget_fill_hints (TgDb *db);

/* The name of the store's VFS (tg-store-vfs.c), registered on the first call; NULL (the
 * default VFS) if it could not be */
const gchar *tg_store_vfs_name (void);

/* A cached statement: the cleanup resets it (it stays prepared for the next use) */
typedef sqlite3_stmt TgStmt;
void tg_stmt_reset (TgStmt *stmt);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TgStmt, tg_stmt_reset)

/* (transfer none): the statement for @sql, prepared once per connection; @sql must be a
 * string literal (its address is the key). Release it with g_autoptr(TgStmt). */
TgStmt *tg_db_prepare (TgDb *db, const gchar *sql, GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* Steps a statement that returns no row */
gboolean tg_db_step_done (TgDb *db, TgStmt *stmt, GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* Inserts @m into the outbox in the current transaction (its id is set; 0 when its dedup key
 * was queued before) */
gboolean tg_store_insert_mail (TgDb *db, TgOutboxMessage *m,
			       GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* Steps once: TRUE with *has_row set, or FALSE with the error */
gboolean tg_db_step_row (TgDb *db, TgStmt *stmt, gboolean *has_row,
			 GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* Steps a statement that changes rows; TG_STORE_ERROR_NOT_FOUND ("no @what") when it
 * changed none */
gboolean tg_db_step_changed (TgDb *db, TgStmt *stmt, const gchar *what,
			     GError **error) G_GNUC_WARN_UNUSED_RESULT;
typedef gpointer (*TgRowFunc) (TgStmt *stmt);
/* A TgRowFunc: the first column as a string (nullable) */
gpointer tg_db_text_from_row (TgStmt *stmt);
/* Steps a query of one row and maps it; TG_STORE_ERROR_NOT_FOUND ("no @what") when there
 * is none */
gpointer tg_db_step_one (TgDb *db, TgStmt *stmt, TgRowFunc map, const gchar *what,
			 GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* Steps @stmt to its end, mapping each row with @map. Returns (transfer full) */
GPtrArray *tg_db_collect (TgDb *db, TgStmt *stmt, TgRowFunc map, GDestroyNotify free_func,
			  GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* (transfer full): @codes (element-type utf8: unit codes, digits only) as a JSON array, to be
 * bound as one parameter and read with json_each () */
gchar *tg_store_codes_to_json (GPtrArray *codes);
/* A TgRowFunc: a TgReportRow of the columns dimension, key, count */
gpointer tg_store_report_row_from_row (TgStmt *stmt);
/* Runs SQL without parameters (schema, pragmas) */
gboolean tg_db_exec (TgDb *db, const gchar *sql, GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* Sets the TG_STORE_ERROR of the result code @rc (tg_store_error_from_sqlite) with the
 * connection's message, and logs the failures of the database itself once here: a full
 * disk (once until a commit succeeds), I/O errors and corruption (a warning each), a busy
 * or locked database (a message each) */
void tg_db_set_error (TgDb *db, gint rc, GError **error);

/* Binds text, NULL as SQL NULL */
void tg_stmt_bind_text (TgStmt *stmt, gint idx, const gchar *text);
/* (transfer full) (nullable): a text column, NULL for SQL NULL */
gchar *tg_stmt_dup_text (TgStmt *stmt, gint col);

/* A write request runs on the writer thread inside the batch's transaction, under its own
 * SAVEPOINT: returning FALSE rolls back this request only */
typedef gboolean (*TgStoreWriteFunc) (TgDb *db, gpointer data, GError **error);
gboolean tg_store_write (TgStore *store, TgStoreWriteFunc func, gpointer data,
			 GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* Queues @func and returns; @data_free (nullable) frees @data when the write is finished.
 * @notify: see tg_store_add_booking_begin() */
TgStoreWrite *tg_store_write_begin (TgStore *store, TgStoreWriteFunc func, gpointer data,
				    GDestroyNotify data_free, TgStoreDoneFunc notify,
				    gpointer notify_data);

/* A reader connection from the pool, given back with tg_store_release_reader() */
TgDb *tg_store_acquire_reader (TgStore *store, GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* Runs @sql on a reader, with @arg (nullable) as its text parameter ?1 when it has one, and
 * maps every row with @map. Returns (transfer full) */
GPtrArray *tg_store_collect (TgStore *store, const gchar *sql, const gchar *arg, TgRowFunc map,
			     GDestroyNotify free_func, GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* The same with the @n_args text parameters @args (each nullable) as ?1, ?2... */
GPtrArray *tg_store_collect_with (TgStore *store, const gchar *sql, const gchar *const *args,
				  guint n_args, TgRowFunc map, GDestroyNotify free_func,
				  GError **error) G_GNUC_WARN_UNUSED_RESULT;
void tg_store_release_reader (TgStore *store, TgDb *db);

/* g_autoptr-style guard that gives a reader back */
typedef struct {
	TgStore *store;
	TgDb *db;
} TgReader;
void tg_reader_release (TgReader *reader);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TgReader, tg_reader_release)

/* Inside a write: every active booking of @occurrence becomes cancelled_by_unit */
gboolean tg_store_end_occurrence_bookings (TgDb *db, const gchar *occurrence, gint64 now_us,
					   GPtrArray *ended,
					   GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* Inside a write: deletes the sessions and login codes of the token @token_id */
gboolean tg_store_end_token_sessions (TgDb *db, const gchar *token_id,
				      GError **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
