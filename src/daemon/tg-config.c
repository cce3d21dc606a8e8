/* tg-config.c: the daemon's configuration */
#define G_LOG_DOMAIN "thaogo"

#include "config.h"

#include <gio/gio.h>

#include "tg-config.h"
#include "tg-error.h"
#include "tg-session.h"

TgConfig *
tg_config_new (void)
{
	TgConfig *config = g_new0 (TgConfig, 1);
	config->listen_host = g_strdup ("127.0.0.1");
	config->listen_port = 8080;
	/* a worker waits for the group commit of its writes, so the workers bound the writes
	 * that can share one commit: many more workers than processors (on 2 cores, 64
	 * workers book ~45 % faster than 16) */
	config->threads = CLAMP (g_get_num_processors () * 8, 16, 128);
	config->max_connections = 1024;
	config->per_ip_connections = 64;
	config->connection_timeout = 30;
	config->session_idle_seconds = TG_SESSION_IDLE_SECONDS_DEFAULT;
	config->session_lifetime_seconds = TG_SESSION_LIFETIME_SECONDS_DEFAULT;
	config->login_link_seconds = TG_SESSION_LOGIN_LINK_SECONDS_DEFAULT;
	config->storage_busy_timeout_ms = 10000;
	config->smtp_tls_required = TRUE;
	config->smtp_from = g_strdup ("thaogo@localhost");
	config->reminder_hours_before = 24;
	config->meeting_reminder_hours_before = 72;
	config->require_email_confirmation = TRUE;
	config->hold_minutes = 30;
	config->rate_limit_per_hour = 10;
	config->retention_days = 365;
	return config;
}

void
tg_config_free (TgConfig *config)
{
	if (config == NULL)
		return;
	g_free (config->listen_host);
	g_free (config->metrics_listen_host);
	g_free (config->public_url);
	g_free (config->trusted_proxy);
	g_free (config->storage_path);
	g_free (config->smtp_url);
	g_free (config->smtp_ca_file);
	g_free (config->smtp_username);
	g_free (config->smtp_password_file);
	g_free (config->smtp_from);
	g_free (config->spool_dir);
	g_free (config);
}

gboolean
tg_config_parse_listen (const gchar *value, gchar **host, guint16 *port, GError **error)
{
	const gchar *colon;
	g_autofree gchar *h = NULL;
	guint64 p = 0;
	g_autoptr(GInetAddress) addr = NULL;

	if (value == NULL || (colon = strrchr (value, ':')) == NULL) {
		g_set_error (error, TG_ERROR, TG_ERROR_INVALID,
			     "listen address '%s' is not HOST:PORT", value ? value : "");
		return FALSE;
	}
	h = g_strndup (value, (gsize) (colon - value));
	if (h[0] == '[' && h[strlen (h) - 1] == ']') {
		gchar *inner = g_strndup (h + 1, strlen (h) - 2);
		g_free (h);
		h = inner;
	}
	if (!g_ascii_string_to_unsigned (colon + 1, 10, 0, 65535, &p, NULL)) {
		g_set_error (error, TG_ERROR, TG_ERROR_INVALID,
			     "listen address '%s': the port must be 0 to 65535", value);
		return FALSE;
	}
	addr = g_inet_address_new_from_string (h);
	if (addr == NULL) {
		g_set_error (error, TG_ERROR, TG_ERROR_INVALID,
			     "listen address '%s': '%s' is not an IP address", value, h);
		return FALSE;
	}
	*host = g_steal_pointer (&h);
	*port = (guint16) p;
	return TRUE;
}

typedef enum {
	TG_KEY_STRING,
	TG_KEY_UINT,
	TG_KEY_BOOL,
	TG_KEY_LISTEN,
	TG_KEY_METRICS_LISTEN,
	TG_KEY_TLS
} TgKeyType;

typedef struct {
	const gchar *group;
	const gchar *key;
	TgKeyType type;
	gsize offset;
	guint min, max;
} TgConfigKey;

#define TG_OFF(f) G_STRUCT_OFFSET (TgConfig, f)

static const TgConfigKey tg_config_keys[] = {
	{"server", "listen", TG_KEY_LISTEN, 0, 0, 0},
	{"server", "public_url", TG_KEY_STRING, TG_OFF (public_url), 0, 0},
	{"server", "threads", TG_KEY_UINT, TG_OFF (threads), 1, 256},
	{"server", "max_connections", TG_KEY_UINT, TG_OFF (max_connections), 16, 65536},
	{"server", "per_ip_connections", TG_KEY_UINT, TG_OFF (per_ip_connections), 1, 65536},
	{"server", "connection_timeout", TG_KEY_UINT, TG_OFF (connection_timeout), 1, 3600},
	{"server", "trusted_proxy", TG_KEY_STRING, TG_OFF (trusted_proxy), 0, 0},
	{"server", "session_idle_seconds", TG_KEY_UINT, TG_OFF (session_idle_seconds), 1, 604800},
	{"server", "session_lifetime_seconds", TG_KEY_UINT, TG_OFF (session_lifetime_seconds), 1,
	 2592000},
	{"server", "login_link_seconds", TG_KEY_UINT, TG_OFF (login_link_seconds), 1, 86400},
	{"server", "metrics_listen", TG_KEY_METRICS_LISTEN, 0, 0, 0},
	{"storage", "path", TG_KEY_STRING, TG_OFF (storage_path), 0, 0},
	{"storage", "busy_timeout_ms", TG_KEY_UINT, TG_OFF (storage_busy_timeout_ms), 1, 600000},
	{"smtp", "url", TG_KEY_STRING, TG_OFF (smtp_url), 0, 0},
	{"smtp", "tls", TG_KEY_TLS, TG_OFF (smtp_tls_required), 0, 0},
	{"smtp", "ca_file", TG_KEY_STRING, TG_OFF (smtp_ca_file), 0, 0},
	{"smtp", "username", TG_KEY_STRING, TG_OFF (smtp_username), 0, 0},
	{"smtp", "password_file", TG_KEY_STRING, TG_OFF (smtp_password_file), 0, 0},
	{"smtp", "from", TG_KEY_STRING, TG_OFF (smtp_from), 0, 0},
	{"smtp", "spool_dir", TG_KEY_STRING, TG_OFF (spool_dir), 0, 0},
	{"smtp", "reminder_hours_before", TG_KEY_UINT, TG_OFF (reminder_hours_before), 0, 720},
	{"smtp", "meeting_reminder_hours_before", TG_KEY_UINT,
	 TG_OFF (meeting_reminder_hours_before), 0, 720},
	{"booking", "require_email_confirmation", TG_KEY_BOOL, TG_OFF (require_email_confirmation),
	 0, 0},
	{"booking", "hold_minutes", TG_KEY_UINT, TG_OFF (hold_minutes), 1, 1440},
	{"booking", "rate_limit_per_hour", TG_KEY_UINT, TG_OFF (rate_limit_per_hour), 0, 1000000},
	{"privacy", "retention_days", TG_KEY_UINT, TG_OFF (retention_days), 1, 36500},
};

static const TgConfigKey *
tg_config_find_key (const gchar *group, const gchar *key)
{
	for (guint i = 0; i < G_N_ELEMENTS (tg_config_keys); i++) {
		if (g_strcmp0 (tg_config_keys[i].group, group) == 0 &&
		    g_strcmp0 (tg_config_keys[i].key, key) == 0)
			return &tg_config_keys[i];
	}
	return NULL;
}

static gboolean
tg_config_apply (TgConfig *config, const TgConfigKey *k, const gchar *value, GError **error)
{
	gpointer field = G_STRUCT_MEMBER_P (config, k->offset);
	guint64 n = 0;

	switch (k->type) {
	case TG_KEY_STRING: {
		gchar **str = field;
		g_free (*str);
		*str = value[0] != '\0' ? g_strdup (value) : NULL;
		return TRUE;
	}
	case TG_KEY_UINT:
		if (!g_ascii_string_to_unsigned (value, 10, k->min, k->max, &n, NULL)) {
			g_set_error (error, TG_ERROR, TG_ERROR_INVALID,
				     "[%s] %s: '%s' must be a number from %u to %u", k->group,
				     k->key, value, k->min, k->max);
			return FALSE;
		}
		*(guint *) field = (guint) n;
		return TRUE;
	case TG_KEY_BOOL:
		if (g_strcmp0 (value, "true") == 0) {
			*(gboolean *) field = TRUE;
		} else if (g_strcmp0 (value, "false") == 0) {
			*(gboolean *) field = FALSE;
		} else {
			g_set_error (error, TG_ERROR, TG_ERROR_INVALID,
				     "[%s] %s: '%s' must be true or false", k->group, k->key,
				     value);
			return FALSE;
		}
		return TRUE;
	case TG_KEY_TLS:
		if (g_strcmp0 (value, "required") == 0) {
			*(gboolean *) field = TRUE;
		} else if (g_strcmp0 (value, "none") == 0) {
			*(gboolean *) field = FALSE;
		} else {
			g_set_error (error, TG_ERROR, TG_ERROR_INVALID,
				     "[smtp] tls: '%s' must be required or none", value);
			return FALSE;
		}
		return TRUE;
	case TG_KEY_LISTEN:
		g_clear_pointer (&config->listen_host, g_free);
		return tg_config_parse_listen (value, &config->listen_host, &config->listen_port,
					       error);
	case TG_KEY_METRICS_LISTEN:
		g_clear_pointer (&config->metrics_listen_host, g_free);
		config->metrics_listen_port = 0;
		if (value[0] == '\0')
			return TRUE; /* not set */
		if (!tg_config_parse_listen (value, &config->metrics_listen_host,
					     &config->metrics_listen_port, error)) {
			g_prefix_error (error, "[server] metrics_listen: ");
			return FALSE;
		}
		return TRUE;
	default:
		g_assert_not_reached ();
	}
}

static gboolean
tg_config_load_keyfile (TgConfig *config, GKeyFile *kf, GError **error)
{
	g_auto(GStrv) groups = g_key_file_get_groups (kf, NULL);

	for (guint g = 0; groups[g] != NULL; g++) {
		g_auto(GStrv) keys = g_key_file_get_keys (kf, groups[g], NULL, error);
		if (keys == NULL)
			return FALSE;
		for (guint i = 0; keys[i] != NULL; i++) {
			const TgConfigKey *k = tg_config_find_key (groups[g], keys[i]);
			g_autofree gchar *value = NULL;
			g_autoptr(GError) error_local = NULL;

			if (k == NULL) {
				g_set_error (error, TG_ERROR, TG_ERROR_INVALID,
					     "unknown key [%s] %s", groups[g], keys[i]);
				return FALSE;
			}
			/* GKeyFile sets its error on a bad escape ("\0") but gives the value
			 * too: the error decides */
			value = g_key_file_get_string (kf, groups[g], keys[i], &error_local);
			if (error_local != NULL) {
				g_propagate_error (error, g_steal_pointer (&error_local));
				return FALSE;
			}
			if (value == NULL)
				return FALSE;
			g_strstrip (value);
			if (!tg_config_apply (config, k, value, error))
				return FALSE;
		}
	}
	if (config->public_url != NULL && !g_str_has_prefix (config->public_url, "http://") &&
	    !g_str_has_prefix (config->public_url, "https://")) {
		g_set_error (error, TG_ERROR, TG_ERROR_INVALID,
			     "[server] public_url: '%s' must start with http:// or https://",
			     config->public_url);
		return FALSE;
	}
	if (config->trusted_proxy != NULL && !g_hostname_is_ip_address (config->trusted_proxy)) {
		g_set_error (error, TG_ERROR, TG_ERROR_INVALID,
			     "[server] trusted_proxy: '%s' is not an IP address",
			     config->trusted_proxy);
		return FALSE;
	}
	if (config->smtp_url != NULL && !g_str_has_prefix (config->smtp_url, "smtp://") &&
	    !g_str_has_prefix (config->smtp_url, "smtps://")) {
		g_set_error (error, TG_ERROR, TG_ERROR_INVALID,
			     "[smtp] url: '%s' must start with smtp:// or smtps://",
			     config->smtp_url);
		return FALSE;
	}
	return TRUE;
}

gboolean
tg_config_load_data (TgConfig *config, const gchar *data, GError **error)
{
	g_autoptr(GKeyFile) kf = g_key_file_new ();
	if (!g_key_file_load_from_data (kf, data, (gsize) -1, G_KEY_FILE_NONE, error))
		return FALSE;
	return tg_config_load_keyfile (config, kf, error);
}

gboolean
tg_config_load_file (TgConfig *config, const gchar *path, GError **error)
{
	g_autoptr(GKeyFile) kf = g_key_file_new ();
	if (!g_key_file_load_from_file (kf, path, G_KEY_FILE_NONE, error)) {
		g_prefix_error (error, "%s: ", path);
		return FALSE;
	}
	if (!tg_config_load_keyfile (config, kf, error)) {
		g_prefix_error (error, "%s: ", path);
		return FALSE;
	}
	return TRUE;
}
