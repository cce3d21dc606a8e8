/* tg-store-backup.c: a consistent copy of the store while it runs (SQLite's online backup
 * API, in one read transaction, so bookings go on meanwhile), the check of a copy, and the
 * restore of one in place of the database while no daemon has it open */
#define G_LOG_DOMAIN "thaogo-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "tg-store-private.h"

/* sets a TG_STORE_ERROR from @rc, with @conn's message when there is one, about @path */
static void
tg_store_backup_set_error (sqlite3 *conn, gint rc, const gchar *path, GError **error)
{
	const gchar *what = conn != NULL ? sqlite3_errmsg (conn) : sqlite3_errstr (rc);

	g_set_error (error, TG_STORE_ERROR, tg_store_error_from_sqlite (rc), "%s: %s", path, what);
}

/* flushes the file (or directory) @path to the disk */
static gboolean
tg_store_backup_sync (const gchar *path, gboolean directory, GError **error)
{
	gint fd = g_open (path, (directory ? O_DIRECTORY : 0) | O_RDONLY | O_CLOEXEC, 0);

	if (fd < 0 || fsync (fd) != 0) {
		gint saved = errno;
		if (fd >= 0)
			close (fd);
		g_set_error (error, TG_STORE_ERROR, TG_STORE_ERROR_IO, "%s: %s", path,
			     g_strerror (saved));
		return FALSE;
	}
	close (fd);
	return TRUE;
}

/* @path and its directory flushed to the disk after it was renamed into place */
static gboolean
tg_store_backup_sync_placed (const gchar *path, GError **error)
{
	g_autofree gchar *dir = g_path_get_dirname (path);

	return tg_store_backup_sync (path, FALSE, error) && tg_store_backup_sync (dir, TRUE, error);
}

/* Copies every page of @src into a new database file @dest (replaced if it exists) in one
 * step, which is one read transaction of @src; the copy is left in rollback-journal mode,
 * one file */
static gboolean
tg_store_backup_copy (sqlite3 *src, const gchar *dest, GError **error)
{
	sqlite3 *conn = NULL;
	sqlite3_backup *backup;
	gint rc;

	if (g_unlink (dest) != 0 && errno != ENOENT) {
		g_set_error (error, TG_STORE_ERROR, TG_STORE_ERROR_IO, "%s: %s", dest,
			     g_strerror (errno));
		return FALSE;
	}
	rc = sqlite3_open_v2 (dest, &conn, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	if (rc != SQLITE_OK) {
		tg_store_backup_set_error (conn, rc, dest, error);
		sqlite3_close (conn);
		return FALSE;
	}
	backup = sqlite3_backup_init (conn, "main", src, "main");
	if (backup == NULL) {
		tg_store_backup_set_error (conn, sqlite3_errcode (conn), dest, error);
		sqlite3_close (conn);
		return FALSE;
	}
	rc = sqlite3_backup_step (backup, -1);
	sqlite3_backup_finish (backup);
	if (rc != SQLITE_DONE) {
		tg_store_backup_set_error (NULL, rc, dest, error);
		sqlite3_close (conn);
		return FALSE;
	}
	/* the pages copied say WAL mode; the copy is one file, whatever the source's mode */
	rc = sqlite3_exec (conn, "PRAGMA journal_mode = DELETE;", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		tg_store_backup_set_error (conn, rc, dest, error);
		sqlite3_close (conn);
		return FALSE;
	}
	rc = sqlite3_close (conn);
	if (rc != SQLITE_OK) {
		tg_store_backup_set_error (NULL, rc, dest, error);
		return FALSE;
	}
	return TRUE;
}

gboolean
tg_store_backup (TgStore *store, const gchar *dest, GError **error)
{
	g_autofree gchar *part = g_strconcat (dest, ".part", NULL);
	TgDb *db;
	gboolean ok;

	g_return_val_if_fail (store != NULL && dest != NULL, FALSE);
	db = tg_store_acquire_reader (store, error);
	if (db == NULL)
		return FALSE;
	ok = tg_store_backup_copy (db->db, part, error);
	tg_store_release_reader (store, db);
	if (ok && !tg_store_backup_sync (part, FALSE, error))
		ok = FALSE;
	if (ok && g_rename (part, dest) != 0) {
		g_set_error (error, TG_STORE_ERROR, TG_STORE_ERROR_IO, "%s: %s", dest,
			     g_strerror (errno));
		ok = FALSE;
	}
	if (!ok) {
		g_unlink (part);
		return FALSE;
	}
	return tg_store_backup_sync_placed (dest, error);
}

/* the first row's first column of @sql on @conn as an integer or text (@text non-NULL) */
static gboolean
tg_store_backup_query (sqlite3 *conn, const gchar *path, const gchar *sql, gint64 *number,
		       gchar **text, GError **error)
{
	sqlite3_stmt *stmt = NULL;
	gint rc = sqlite3_prepare_v2 (conn, sql, -1, &stmt, NULL);

	if (rc == SQLITE_OK)
		rc = sqlite3_step (stmt);
	if (rc != SQLITE_ROW) {
		tg_store_backup_set_error (conn, rc, path, error);
		sqlite3_finalize (stmt);
		return FALSE;
	}
	if (number != NULL)
		*number = sqlite3_column_int64 (stmt, 0);
	if (text != NULL)
		*text = g_strdup ((const gchar *) sqlite3_column_text (stmt, 0));
	sqlite3_finalize (stmt);
	return TRUE;
}

/* @conn, open on @path, holds a thaogo database that this version can open */
static gboolean
tg_store_backup_check (sqlite3 *conn, const gchar *path, gint *version, GError **error)
{
	g_autofree gchar *integrity = NULL;
	gint64 v = 0, tables = 0;

	if (!tg_store_backup_query (conn, path, "PRAGMA integrity_check (1);", NULL, &integrity,
				    error))
		return FALSE;
	if (g_strcmp0 (integrity, "ok") != 0) {
		g_set_error (error, TG_STORE_ERROR, TG_STORE_ERROR_CORRUPT,
			     "%s: the integrity check failed: %s", path,
			     integrity != NULL ? integrity : "?");
		return FALSE;
	}
	if (!tg_store_backup_query (conn, path, "PRAGMA user_version;", &v, NULL, error) ||
	    !tg_store_backup_query (conn, path,
				    "SELECT count (*) FROM sqlite_schema WHERE type = 'table'"
				    " AND name IN ('units', 'bookings', 'outbox');",
				    &tables, NULL, error))
		return FALSE;
	if (v < 1 || tables != 3) {
		g_set_error (error, TG_STORE_ERROR, TG_STORE_ERROR_FAILED,
			     "%s: not a thaogo database", path);
		return FALSE;
	}
	if (v > tg_store_get_latest_schema_version ()) {
		g_set_error (error, TG_STORE_ERROR, TG_STORE_ERROR_TOO_NEW,
			     "%s: schema %" G_GINT64_FORMAT " is newer than this program's (%d)",
			     path, v, tg_store_get_latest_schema_version ());
		return FALSE;
	}
	if (version != NULL)
		*version = (gint) v;
	return TRUE;
}

/* a file that starts as every SQLite database does: a clear refusal of any other file
 * before SQLite reads it */
static gboolean
tg_store_backup_has_magic (const gchar *path, GError **error)
{
	static const gchar magic[16] = "SQLite format 3";
	gchar head[16] = {0};
	gint fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
	gssize got;

	if (fd < 0) {
		g_set_error (error, TG_STORE_ERROR, TG_STORE_ERROR_NOT_FOUND, "%s: %s", path,
			     g_strerror (errno));
		return FALSE;
	}
	got = read (fd, head, sizeof (head));
	close (fd);
	if (got != (gssize) sizeof (head) || memcmp (head, magic, sizeof (magic)) != 0) {
		g_set_error (error, TG_STORE_ERROR, TG_STORE_ERROR_FAILED,
			     "%s: not a thaogo database", path);
		return FALSE;
	}
	return TRUE;
}

/* opens @path read-only (no -wal or -shm file made beside it) */
static sqlite3 *
tg_store_backup_open_readonly (const gchar *path, GError **error)
{
	g_autofree gchar *uri = NULL;
	sqlite3 *conn = NULL;
	gint rc;

	if (!tg_store_backup_has_magic (path, error))
		return NULL;
	uri = g_filename_to_uri (path, NULL, NULL);
	if (uri == NULL) {
		g_set_error (error, TG_STORE_ERROR, TG_STORE_ERROR_FAILED,
			     "%s: not an absolute path", path);
		return NULL;
	}
	rc = sqlite3_open_v2 (uri, &conn, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);
	if (rc != SQLITE_OK) {
		tg_store_backup_set_error (conn, rc, path, error);
		sqlite3_close (conn);
		return NULL;
	}
	return conn;
}

gboolean
tg_store_check_file (const gchar *path, gint *version, GError **error)
{
	g_autofree gchar *absolute = g_canonicalize_filename (path, NULL);
	sqlite3 *conn = tg_store_backup_open_readonly (absolute, error);
	gboolean ok;

	if (conn == NULL)
		return FALSE;
	ok = tg_store_backup_check (conn, path, version, error);
	sqlite3_close (conn);
	return ok;
}

/* moves the database @path aside to @aside with what its log holds, leaving no -wal or
 * -shm file behind */
static gboolean
tg_store_backup_move_aside (const gchar *path, const gchar *aside, GError **error)
{
	sqlite3 *conn = NULL;
	gint rc = sqlite3_open_v2 (path, &conn, SQLITE_OPEN_READWRITE, NULL);

	/* the last connection to close checkpoints the whole log and deletes it */
	if (rc == SQLITE_OK)
		rc = sqlite3_exec (conn, "PRAGMA wal_checkpoint (TRUNCATE);", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		tg_store_backup_set_error (conn, rc, path, error);
		sqlite3_close (conn);
		return FALSE;
	}
	rc = sqlite3_close (conn);
	if (rc != SQLITE_OK) {
		tg_store_backup_set_error (NULL, rc, path, error);
		return FALSE;
	}
	if (g_rename (path, aside) != 0) {
		g_set_error (error, TG_STORE_ERROR, TG_STORE_ERROR_IO, "%s: %s", aside,
			     g_strerror (errno));
		return FALSE;
	}
	for (const gchar *const *suffix = (const gchar *[]){"-wal", "-shm", NULL}; *suffix != NULL;
	     suffix++) {
		g_autofree gchar *extra = g_strconcat (path, *suffix, NULL);
		g_unlink (extra);
	}
	return TRUE;
}

gboolean
tg_store_restore (const gchar *backup, const gchar *db_path, gchar **aside, GError **error)
{
	g_autofree gchar *absolute = g_canonicalize_filename (backup, NULL);
	g_autofree gchar *part = g_strconcat (db_path, ".restoring", NULL);
	g_autofree gchar *aside_path = NULL;
	sqlite3 *src;
	gboolean ok;

	g_return_val_if_fail (backup != NULL && db_path != NULL, FALSE);
	src = tg_store_backup_open_readonly (absolute, error);
	if (src == NULL)
		return FALSE;
	ok = tg_store_backup_check (src, backup, NULL, error) &&
	     tg_store_backup_copy (src, part, error);
	sqlite3_close (src);
	if (ok)
		ok = tg_store_backup_sync (part, FALSE, error);
	if (ok && g_file_test (db_path, G_FILE_TEST_EXISTS)) {
		g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
		g_autofree gchar *stamp = g_date_time_format (now, "%Y%m%dT%H%M%SZ");

		aside_path = g_strdup_printf ("%s.before-restore-%s", db_path, stamp);
		ok = tg_store_backup_move_aside (db_path, aside_path, error);
	}
	if (ok && g_rename (part, db_path) != 0) {
		g_set_error (error, TG_STORE_ERROR, TG_STORE_ERROR_IO, "%s: %s", db_path,
			     g_strerror (errno));
		ok = FALSE;
	}
	if (!ok) {
		g_unlink (part);
		return FALSE;
	}
	if (aside != NULL)
		*aside = g_steal_pointer (&aside_path);
	return tg_store_backup_sync_placed (db_path, error);
}
