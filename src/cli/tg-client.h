/* tg-client.h: thaogo's HTTP client, on libcurl (the only file of src/cli/ that includes
 * curl.h is tg-client.c)
 *
 * One request per connection ("Connection: close"), over http:// or https:// (the server's
 * certificate always verified, against the system's CAs or a CA file), through the proxy
 * of the usual environment variables, following a few redirects; the answer is read whole,
 * up to a cap.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define TG_CLIENT_ERROR (tg_client_error_quark ())

typedef enum {
	TG_CLIENT_ERROR_BAD_URL = 1,     /* the URL is not one we can talk to */
	TG_CLIENT_ERROR_UNREACHABLE = 2, /* the connection could not be made */
	TG_CLIENT_ERROR_IO = 3,          /* sending or receiving failed */
	TG_CLIENT_ERROR_PROTOCOL = 4,    /* the answer is not well-formed HTTP */
	TG_CLIENT_ERROR_TOO_LARGE = 5,   /* the answer is larger than the cap */
	TG_CLIENT_ERROR_TLS = 6,         /* the TLS handshake failed, or the CA file */
	TG_CLIENT_ERROR_UNTRUSTED = 7,   /* the server's certificate is not trusted (its CA
					  * is not known, or it is not for this host) */
	TG_CLIENT_ERROR_TIMEOUT = 8,     /* no connection, or no progress, for the timeout */
} TgClientError;

GQuark tg_client_error_quark (void);

/* the largest answer body read (64 MiB) */
#define TG_CLIENT_RESPONSE_MAX ((gsize) 64 * 1024 * 1024)
/* the timeout of connecting, and of a transfer that makes no progress, in seconds */
#define TG_CLIENT_TIMEOUT 30
/* the redirects followed */
#define TG_CLIENT_REDIRECTS_MAX 3

/* Sets up libcurl; call it once in main(), before any other thread runs */
gboolean tg_client_global_init (GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* Undoes tg_client_global_init(), at the end of main() */
void tg_client_global_cleanup (void);

typedef struct {
	gboolean tls; /* https:// */
	gchar *host;  /* name or address; an IPv6 address without its brackets */
	guint16 port;
	gchar *prefix; /* "" or a path prefix without a trailing '/', "/thaogo" */
} TgClientUrl;

void tg_client_url_free (TgClientUrl *url);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TgClientUrl, tg_client_url_free)

/* Parses a base URL: http://HOST[:PORT][/PREFIX] (also https://); HOST a name, an IPv4
 * address or an IPv6 address in brackets. No user, query or fragment.
 * Returns (transfer full) or NULL with a TG_CLIENT_ERROR_BAD_URL */
TgClientUrl *tg_client_parse_url (const gchar *url, GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* (transfer full): "host:port" as a Host header writes it ("[::1]:8080") */
gchar *tg_client_url_get_authority (const TgClientUrl *url);

typedef struct {
	guint status;       /* 100 to 599 */
	gchar *reason;      /* the reason phrase, maybe "" (HTTP/2 has none) */
	GPtrArray *headers; /* (element-type utf8): name, value, name, value...; names lower case */
	GBytes *body;       /* never NULL, maybe empty */
} TgClientResponse;

void tg_client_response_free (TgClientResponse *resp);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TgClientResponse, tg_client_response_free)

/* (nullable) (transfer none): the first header called @name (any case) */
const gchar *tg_client_response_get_header (const TgClientResponse *resp, const gchar *name);

/* A client of one server */
typedef struct _TgClient TgClient;

/* Returns (transfer full) or NULL with a TG_CLIENT_ERROR_BAD_URL (or another
 * TG_CLIENT_ERROR when libcurl cannot start) */
TgClient *tg_client_new (const gchar *base_url, GError **error) G_GNUC_WARN_UNUSED_RESULT;
void tg_client_free (TgClient *client);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TgClient, tg_client_free)

/* (transfer none): the base URL as given */
const gchar *tg_client_get_base_url (TgClient *client);
/* @token (nullable): sent as "Authorization: Bearer TOKEN", to the server of the base URL
 * only (never to the host of a redirect) */
void tg_client_set_token (TgClient *client, const gchar *token);
/* @lang: "vi" or "en", sent as Accept-Language */
void tg_client_set_language (TgClient *client, const gchar *lang);
/* @path (nullable): a PEM file of the CAs that sign the server's certificate, instead of the
 * system's */
void tg_client_set_ca_file (TgClient *client, const gchar *path);
void tg_client_set_timeout (TgClient *client, guint seconds);
void tg_client_set_max_body (TgClient *client, gsize max_body);
/* @fd: where the bodies of the 2xx answers are written, whatever their size, instead of the
 * response's body (which stays empty); -1 (the default) to keep them in memory */
void tg_client_set_body_sink (TgClient *client, gint fd);

/* Sends one request: @method, @path (with its query, already escaped; appended to the
 * URL's prefix) and a JSON @body (nullable). Any answer status is a success here; the
 * caller looks at it. Returns (transfer full) or NULL with a TG_CLIENT_ERROR (or
 * G_IO_ERROR_CANCELLED) */
TgClientResponse *tg_client_request (TgClient *client, const gchar *method, const gchar *path,
				     const gchar *body, GCancellable *cancellable,
				     GError **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
