/* tg-mail-settings.h: how the daemon sends mail, from its configuration (a plain struct:
 * the engine passes it on to src/mail/ without knowing how mail is sent) */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
	const gchar *url;       /* (nullable): smtp://host:port or smtps://; NULL: spool */
	gboolean tls_required;  /* smtp:// must upgrade with STARTTLS */
	const gchar *ca_file;   /* (nullable) */
	const gchar *username;  /* (nullable) */
	const gchar *password;  /* (nullable) */
	const gchar *spool_dir; /* where .eml files go without a URL */
	glong timeout_seconds;
} TgMailSettings;

G_END_DECLS
