/* tg-cli-backup.c: the thaogo client's operations commands (thaogo(1)): a consistent copy of
 * the running daemon's database, written to a file */
#define G_LOG_DOMAIN "thaogo-cli"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "tg-cli-private.h"

/* what the daemon answers with; a copy starts as every SQLite database does */
#define TG_CLI_BACKUP_TYPE "application/vnd.sqlite3"
static const gchar tg_cli_backup_magic[16] = "SQLite format 3";

/* the first bytes of @fd are those of a SQLite database */
static gboolean
tg_cli_backup_has_magic (gint fd)
{
	gchar head[sizeof (tg_cli_backup_magic)] = {0};

	return pread (fd, head, sizeof (head), 0) == (gssize) sizeof (head) &&
	       memcmp (head, tg_cli_backup_magic, sizeof (head)) == 0;
}

static void
tg_cli_backup_set_io_error (GError **error, const gchar *file, gint saved)
{
	g_set_error (error, TG_CLI_ERROR, TG_CLI_ERROR_FAILED, "%s: %s", file, g_strerror (saved));
}

/* GETs the copy into @fd (the file @part); TRUE when it is all there and flushed */
static gboolean
tg_cli_backup_fetch (TgCli *cli, TgClient *client, gint fd, const gchar *part, GError **error)
{
	g_autoptr(TgClientResponse) resp = NULL;
	const gchar *type;

	tg_client_set_body_sink (client, fd);
	resp = tg_cli_request (cli, "GET", "/api/v1/backup", NULL, TRUE, NULL, error);
	tg_client_set_body_sink (client, -1);
	if (resp == NULL)
		return FALSE;
	type = tg_client_response_get_header (resp, "content-type");
	if (type == NULL ||
	    g_ascii_strncasecmp (type, TG_CLI_BACKUP_TYPE, strlen (TG_CLI_BACKUP_TYPE)) != 0 ||
	    !tg_cli_backup_has_magic (fd)) {
		tg_cli_set_unexpected (error);
		return FALSE;
	}
	if (fsync (fd) != 0) {
		tg_cli_backup_set_io_error (error, part, errno);
		return FALSE;
	}
	return TRUE;
}

gboolean
tg_cli_backup (TgCli *cli, gchar **args, GError **error)
{
	g_autoptr(GPtrArray) rest = g_ptr_array_new ();
	g_autofree gchar *part = NULL;
	g_autofree gchar *size = NULL;
	const gchar *file;
	TgClient *client;
	GStatBuf st;
	gboolean ok;
	gint fd;

	file = tg_cli_parse_one_arg (cli, NULL, 0, args, "FILE", rest, error);
	if (file == NULL)
		return FALSE;
	client = tg_cli_get_client (cli, error);
	if (client == NULL)
		return FALSE;
	/* a backup never replaces a file, least of all an older backup */
	if (g_file_test (file, G_FILE_TEST_EXISTS)) {
		g_set_error (error, TG_CLI_ERROR, TG_CLI_ERROR_FAILED, "%s: %s", file,
			     _ ("the file exists: give the name of a new file"));
		return FALSE;
	}
	part = g_strconcat (file, ".part", NULL);
	fd = g_open (part, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		tg_cli_backup_set_io_error (error, part, errno);
		return FALSE;
	}
	ok = tg_cli_backup_fetch (cli, client, fd, part, error);
	if (close (fd) != 0 && ok) {
		tg_cli_backup_set_io_error (error, part, errno);
		ok = FALSE;
	}
	if (ok && g_rename (part, file) != 0) {
		tg_cli_backup_set_io_error (error, file, errno);
		ok = FALSE;
	}
	if (!ok) {
		g_unlink (part);
		return FALSE;
	}
	size = g_stat (file, &st) == 0 ? g_format_size ((guint64) st.st_size) : g_strdup ("?");
	/* TRANSLATORS: the file the backup was written to, and its size */
	g_printerr (_ ("the backup is in %s (%s)\n"), file, size);
	return TRUE;
}
