/* tg-config.h: the daemon's configuration (GKeyFile, keys of api.md) */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
	/* [server] */
	gchar *listen_host;
	guint16 listen_port;
	gchar *public_url;
	guint threads;
	guint max_connections;
	guint per_ip_connections;
	guint connection_timeout;       /* seconds */
	gchar *trusted_proxy;           /* (nullable) */
	guint session_idle_seconds;     /* a web session ends after this long without a request */
	guint session_lifetime_seconds; /* and this long after its sign-in at the latest */
	guint login_link_seconds;       /* how long a login link can be used (once) */
	gchar *metrics_listen_host;     /* (nullable): /metrics without a token there */
	guint16 metrics_listen_port;
	/* [storage] */
	gchar *storage_path;           /* (nullable): STATE_DIR/thaogo.db */
	guint storage_busy_timeout_ms; /* how long a write waits for another process's lock */
	/* [smtp] */
	gchar *smtp_url; /* (nullable): spool */
	gboolean smtp_tls_required;
	gchar *smtp_ca_file;
	gchar *smtp_username;
	gchar *smtp_password_file;
	gchar *smtp_from;
	gchar *spool_dir;                    /* (nullable): STATE_DIR/spool */
	guint reminder_hours_before;         /* 0: no reminder */
	guint meeting_reminder_hours_before; /* 0: no reminder */
	/* [booking] */
	gboolean require_email_confirmation;
	guint hold_minutes;
	guint rate_limit_per_hour;
	/* [privacy] */
	guint retention_days;
} TgConfig;

/* (transfer full): the defaults of api.md */
TgConfig *tg_config_new (void);
void tg_config_free (TgConfig *config);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TgConfig, tg_config_free)

/* Reads @path over the defaults; an unknown group or key, or a bad value, is an error that
 * names it */
gboolean tg_config_load_file (TgConfig *config, const gchar *path,
			      GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* Same, from text (for tests) */
gboolean tg_config_load_data (TgConfig *config, const gchar *data,
			      GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* Parses "HOST:PORT" or "[IPV6]:PORT" (port 0: any free port) */
gboolean tg_config_parse_listen (const gchar *value, gchar **host, guint16 *port,
				 GError **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
