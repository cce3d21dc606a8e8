/* tg-store-vfs.c: the store's VFS, the default one except that appends to a write-ahead log
 * are gathered in memory and reach the file in one write when SQLite syncs it
 *
 * SQLite writes each WAL frame as two writes (its 24-byte header, then the page), so a
 * commit of n pages cost 2n system calls; here it costs one. The gathered bytes are written
 * before every sync, read, size query, truncation, file control and close of the log, so
 * SQLite itself never sees the difference.
 *
 * Other connections read the log through their own files, and only the frames of commits
 * that the wal-index publishes; SQLite publishes a commit after syncing its frames only when
 * the connection runs synchronous=FULL or EXTRA. tg_db_open sets FULL on every connection
 * and refuses one that does not read it back: with NORMAL, a commit would be published
 * while its frames were still here.
 *
 * Errors are the default VFS's own: a write that finds the disk full (ENOSPC, or a short
 * write) is SQLITE_FULL whether it happens at once or when gathered bytes go out, and a
 * failed flush fails the sync, so the commit fails before it is published. */
#define G_LOG_DOMAIN "thaogo-store"

#include "config.h"

#include <string.h>

#include "tg-store-private.h"

/* gathered bytes written at once when a transaction grows past this */
#define TG_VFS_MAX_GATHER (8 * 1024 * 1024)
/* the default VFS's largest write: its unixWrite keeps 17 bits of a length */
#define TG_VFS_MAX_WRITE ((gsize) 0x1ffff)

typedef struct {
	sqlite3_file base;
	sqlite3_file *real; /* the default VFS's file, right after this struct */
	GByteArray *gathered;
	sqlite3_int64 offset; /* where gathered->data[0] goes in the file */
} TgWalFile;

static sqlite3_vfs *tg_vfs_real;

static int
tg_wal_write_through (TgWalFile *f, const guint8 *data, gsize len, sqlite3_int64 offset)
{
	int rc = SQLITE_OK;

	for (gsize done = 0; done < len && rc == SQLITE_OK; done += TG_VFS_MAX_WRITE)
		rc = f->real->pMethods->xWrite (f->real, data + done,
						(int) MIN (len - done, TG_VFS_MAX_WRITE),
						offset + (sqlite3_int64) done);
	return rc;
}

static int
tg_wal_flush (TgWalFile *f)
{
	int rc = tg_wal_write_through (f, f->gathered->data, f->gathered->len, f->offset);

	/* on failure the bytes are dropped: SQLite treats the error as a failed commit and
	 * rolls back, and frames past the last published commit are never read */
	g_byte_array_set_size (f->gathered, 0);
	return rc;
}

/* @file's own file once the gathered bytes are in it; NULL (the error in *rc) if they
 * could not be written */
static sqlite3_file *
tg_wal_flushed (sqlite3_file *file, int *rc)
{
	TgWalFile *f = (TgWalFile *) file;

	*rc = tg_wal_flush (f);
	return *rc == SQLITE_OK ? f->real : NULL;
}

static int
tg_wal_close (sqlite3_file *file)
{
	TgWalFile *f = (TgWalFile *) file;
	int rc = tg_wal_flush (f);
	int rc_close = f->real->pMethods->xClose (f->real);

	g_clear_pointer (&f->gathered, g_byte_array_unref);
	return rc != SQLITE_OK ? rc : rc_close;
}

static int
tg_wal_read (sqlite3_file *file, void *data, int amount, sqlite3_int64 offset)
{
	int rc;
	sqlite3_file *real = tg_wal_flushed (file, &rc);

	return real != NULL ? real->pMethods->xRead (real, data, amount, offset) : rc;
}

static int
tg_wal_write (sqlite3_file *file, const void *data, int amount, sqlite3_int64 offset)
{
	TgWalFile *f = (TgWalFile *) file;
	gsize len = f->gathered->len;
	int rc;

	if (amount <= 0)
		return SQLITE_OK;
	/* anything but the next append (a frame written again in the same transaction, say),
	 * or a gathering grown too large, goes out first: writes reach the file in their order */
	if (len > 0 && (offset != f->offset + (sqlite3_int64) len ||
			len + (gsize) amount > TG_VFS_MAX_GATHER)) {
		rc = tg_wal_flush (f);
		if (rc != SQLITE_OK)
			return rc;
	}
	if ((gsize) amount > TG_VFS_MAX_GATHER)
		return tg_wal_write_through (f, data, (gsize) amount, offset);
	if (f->gathered->len == 0)
		f->offset = offset;
	g_byte_array_append (f->gathered, data, (guint) amount);
	return SQLITE_OK;
}

static int
tg_wal_truncate (sqlite3_file *file, sqlite3_int64 size)
{
	int rc;
	sqlite3_file *real = tg_wal_flushed (file, &rc);

	return real != NULL ? real->pMethods->xTruncate (real, size) : rc;
}

static int
tg_wal_sync (sqlite3_file *file, int flags)
{
	int rc;
	sqlite3_file *real = tg_wal_flushed (file, &rc);

	return real != NULL ? real->pMethods->xSync (real, flags) : rc;
}

static int
tg_wal_file_size (sqlite3_file *file, sqlite3_int64 *size)
{
	int rc;
	sqlite3_file *real = tg_wal_flushed (file, &rc);

	return real != NULL ? real->pMethods->xFileSize (real, size) : rc;
}

static int
tg_wal_lock (sqlite3_file *file, int level)
{
	TgWalFile *f = (TgWalFile *) file;
	return f->real->pMethods->xLock (f->real, level);
}

static int
tg_wal_unlock (sqlite3_file *file, int level)
{
	TgWalFile *f = (TgWalFile *) file;
	return f->real->pMethods->xUnlock (f->real, level);
}

static int
tg_wal_check_reserved_lock (sqlite3_file *file, int *out)
{
	TgWalFile *f = (TgWalFile *) file;
	return f->real->pMethods->xCheckReservedLock (f->real, out);
}

static int
tg_wal_file_control (sqlite3_file *file, int op, void *arg)
{
	int rc;
	sqlite3_file *real = tg_wal_flushed (file, &rc);

	return real != NULL ? real->pMethods->xFileControl (real, op, arg) : rc;
}

static int
tg_wal_sector_size (sqlite3_file *file)
{
	TgWalFile *f = (TgWalFile *) file;
	return f->real->pMethods->xSectorSize (f->real);
}

static int
tg_wal_device_characteristics (sqlite3_file *file)
{
	TgWalFile *f = (TgWalFile *) file;
	return f->real->pMethods->xDeviceCharacteristics (f->real);
}

/* version 1: a log is never mapped and holds no shared memory (that is the database's) */
static const sqlite3_io_methods tg_wal_methods = {
	.iVersion = 1,
	.xClose = tg_wal_close,
	.xRead = tg_wal_read,
	.xWrite = tg_wal_write,
	.xTruncate = tg_wal_truncate,
	.xSync = tg_wal_sync,
	.xFileSize = tg_wal_file_size,
	.xLock = tg_wal_lock,
	.xUnlock = tg_wal_unlock,
	.xCheckReservedLock = tg_wal_check_reserved_lock,
	.xFileControl = tg_wal_file_control,
	.xSectorSize = tg_wal_sector_size,
	.xDeviceCharacteristics = tg_wal_device_characteristics,
};

static int
tg_vfs_open (sqlite3_vfs *vfs, sqlite3_filename name, sqlite3_file *file, int flags, int *out_flags)
{
	TgWalFile *f = (TgWalFile *) file;
	int rc;

	(void) vfs;
	/* any other file is the default VFS's own, in the same memory */
	if (!(flags & SQLITE_OPEN_WAL))
		return tg_vfs_real->xOpen (tg_vfs_real, name, file, flags, out_flags);
	memset (f, 0, sizeof *f);
	f->real = (sqlite3_file *) (f + 1);
	rc = tg_vfs_real->xOpen (tg_vfs_real, name, f->real, flags, out_flags);
	if (rc != SQLITE_OK)
		return rc;
	f->gathered = g_byte_array_sized_new (256 * 1024);
	f->base.pMethods = &tg_wal_methods;
	return SQLITE_OK;
}

/* the rest is the default VFS's, called with its own pointer */
static int
tg_vfs_delete (sqlite3_vfs *vfs, const char *name, int sync_dir)
{
	(void) vfs;
	return tg_vfs_real->xDelete (tg_vfs_real, name, sync_dir);
}

static int
tg_vfs_access (sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
	(void) vfs;
	return tg_vfs_real->xAccess (tg_vfs_real, name, flags, out);
}

static int
tg_vfs_full_pathname (sqlite3_vfs *vfs, const char *name, int n, char *out)
{
	(void) vfs;
	return tg_vfs_real->xFullPathname (tg_vfs_real, name, n, out);
}

static void *
tg_vfs_dl_open (sqlite3_vfs *vfs, const char *name)
{
	(void) vfs;
	return tg_vfs_real->xDlOpen (tg_vfs_real, name);
}

static void
tg_vfs_dl_error (sqlite3_vfs *vfs, int n, char *out)
{
	(void) vfs;
	tg_vfs_real->xDlError (tg_vfs_real, n, out);
}

static void (*tg_vfs_dl_sym (sqlite3_vfs *vfs, void *handle, const char *symbol)) (void)
{
	(void) vfs;
	return tg_vfs_real->xDlSym (tg_vfs_real, handle, symbol);
}

static void
tg_vfs_dl_close (sqlite3_vfs *vfs, void *handle)
{
	(void) vfs;
	tg_vfs_real->xDlClose (tg_vfs_real, handle);
}

static int
tg_vfs_randomness (sqlite3_vfs *vfs, int n, char *out)
{
	(void) vfs;
	return tg_vfs_real->xRandomness (tg_vfs_real, n, out);
}

static int
tg_vfs_sleep (sqlite3_vfs *vfs, int microseconds)
{
	(void) vfs;
	return tg_vfs_real->xSleep (tg_vfs_real, microseconds);
}

static int
tg_vfs_current_time (sqlite3_vfs *vfs, double *out)
{
	(void) vfs;
	return tg_vfs_real->xCurrentTime (tg_vfs_real, out);
}

static int
tg_vfs_get_last_error (sqlite3_vfs *vfs, int n, char *out)
{
	(void) vfs;
	return tg_vfs_real->xGetLastError (tg_vfs_real, n, out);
}

static int
tg_vfs_current_time_int64 (sqlite3_vfs *vfs, sqlite3_int64 *out)
{
	(void) vfs;
	return tg_vfs_real->xCurrentTimeInt64 (tg_vfs_real, out);
}

static sqlite3_vfs tg_vfs = {
	.iVersion = 2,
	.zName = "thaogo",
	.xOpen = tg_vfs_open,
	.xDelete = tg_vfs_delete,
	.xAccess = tg_vfs_access,
	.xFullPathname = tg_vfs_full_pathname,
	.xDlOpen = tg_vfs_dl_open,
	.xDlError = tg_vfs_dl_error,
	.xDlSym = tg_vfs_dl_sym,
	.xDlClose = tg_vfs_dl_close,
	.xRandomness = tg_vfs_randomness,
	.xSleep = tg_vfs_sleep,
	.xCurrentTime = tg_vfs_current_time,
	.xGetLastError = tg_vfs_get_last_error,
	.xCurrentTimeInt64 = tg_vfs_current_time_int64,
};

static gpointer
tg_store_vfs_register (gpointer data)
{
	(void) data;
	tg_vfs_real = sqlite3_vfs_find (NULL);
	if (tg_vfs_real == NULL || tg_vfs_real->iVersion < 2)
		return NULL;
	tg_vfs.szOsFile = (int) sizeof (TgWalFile) + tg_vfs_real->szOsFile;
	tg_vfs.mxPathname = tg_vfs_real->mxPathname;
	if (sqlite3_vfs_register (&tg_vfs, 0) != SQLITE_OK)
		return NULL;
	return (gpointer) tg_vfs.zName;
}

const gchar *
tg_store_vfs_name (void)
{
	static GOnce once = G_ONCE_INIT;
	return g_once (&once, tg_store_vfs_register, NULL);
}
