/* tg-systemd.c: readiness and the journal under systemd
 *
 * The notify protocol is written here rather than taken from libsystemd: it is one datagram
 * of text to the AF_UNIX socket named by $NOTIFY_SOCKET (a path, or '@' for the abstract
 * namespace), a few lines with GIO, and the daemon keeps building and running where
 * libsystemd is absent. The journal is GLib's own writer (g_log_writer_journald).
 */
#define G_LOG_DOMAIN "thaogo"

#include "config.h"

#include <gio/gio.h>
#include <gio/gunixsocketaddress.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tg-systemd.h"

void
tg_systemd_notify (const gchar *state)
{
	const gchar *path = g_getenv ("NOTIFY_SOCKET");
	g_autoptr(GSocket) socket = NULL;
	g_autoptr(GSocketAddress) address = NULL;
	g_autoptr(GError) error = NULL;

	if (path == NULL || path[0] == '\0')
		return;
	if (path[0] == '@')
		address = g_unix_socket_address_new_with_type (path + 1, -1,
							       G_UNIX_SOCKET_ADDRESS_ABSTRACT);
	else if (path[0] == '/')
		address = g_unix_socket_address_new (path);
	if (address == NULL) {
		g_message ("NOTIFY_SOCKET '%s' is neither a path nor an abstract name", path);
		return;
	}
	socket = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_DATAGRAM,
			       G_SOCKET_PROTOCOL_DEFAULT, &error);
	if (socket == NULL ||
	    g_socket_send_to (socket, address, state, strlen (state), NULL, &error) < 0)
		g_message ("telling systemd %s: %s", state, error->message);
}

static GLogWriterOutput
tg_systemd_log_writer (GLogLevelFlags level, const GLogField *fields, gsize n_fields,
		       gpointer user_data)
{
	const gchar *domain = NULL;

	for (gsize i = 0; i < n_fields; i++) {
		if (g_strcmp0 (fields[i].key, "GLIB_DOMAIN") == 0 && fields[i].length < 0)
			domain = fields[i].value;
	}
	/* what G_MESSAGES_DEBUG leaves out of stderr stays out of the journal too */
	if (g_log_writer_default_would_drop (level, domain))
		return G_LOG_WRITER_HANDLED;
	if (g_log_writer_journald (level, fields, n_fields, user_data) == G_LOG_WRITER_HANDLED)
		return G_LOG_WRITER_HANDLED;
	return g_log_writer_standard_streams (level, fields, n_fields, user_data);
}

/* $JOURNAL_STREAM is "DEVICE:INODE" of the stream systemd connected to the service's stderr
 * (systemd.exec(5)); stderr must still be that stream: a program started by a service
 * inherits the variable, not necessarily the stream. (GLib's g_log_writer_is_journald()
 * asks the socket's peer instead, which a journal stream not made by journald fails) */
static gboolean
tg_systemd_stderr_is_journal (void)
{
	const gchar *stream = g_getenv ("JOURNAL_STREAM");
	g_auto(GStrv) parts = NULL;
	guint64 dev = 0, ino = 0;
	struct stat st;

	if (stream == NULL || stream[0] == '\0')
		return FALSE;
	parts = g_strsplit (stream, ":", 3);
	if (g_strv_length (parts) != 2 ||
	    !g_ascii_string_to_unsigned (parts[0], 10, 0, G_MAXUINT64, &dev, NULL) ||
	    !g_ascii_string_to_unsigned (parts[1], 10, 0, G_MAXUINT64, &ino, NULL))
		return FALSE;
	return fstat (STDERR_FILENO, &st) == 0 && (guint64) st.st_dev == dev &&
	       (guint64) st.st_ino == ino;
}

void
tg_systemd_setup_logging (void)
{
	if (tg_systemd_stderr_is_journal ())
		g_log_set_writer_func (tg_systemd_log_writer, NULL, NULL);
}
