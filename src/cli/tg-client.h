/* tg-client.h: a small HTTP/1.1 client on GIO for thaogo
 *
 * One request per connection ("Connection: close"); the answer is read whole, up to a cap.
 * The parsing of URLs and of answers is pure and can be fed byte strings (the tests do).
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define TG_CLIENT_ERROR (tg_client_error_quark ())

typedef enum {
	TG_CLIENT_ERROR_BAD_URL = 1,     /* the URL is not one we can talk to */
	TG_CLIENT_ERROR_UNREACHABLE = 2, /* the connection could not be made */
	TG_CLIENT_ERROR_IO = 3,          /* sending or receiving failed (or timed out) */
	TG_CLIENT_ERROR_PROTOCOL = 4,    /* the answer is not well-formed HTTP/1.x */
	TG_CLIENT_ERROR_TOO_LARGE = 5,   /* the answer is larger than the cap */
} TgClientError;

GQuark tg_client_error_quark (void);

/* the largest answer body read (64 MiB) */
#define TG_CLIENT_RESPONSE_MAX ((gsize) 64 * 1024 * 1024)
/* the timeout of connecting, sending and receiving, in seconds */
#define TG_CLIENT_TIMEOUT 30

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
	guint status;      /* 100 to 599 */
	gchar *reason;     /* the reason phrase, maybe "" */
	GPtrArray *headers; /* (element-type utf8): name, value, name, value...; names lower case */
	GBytes *body;      /* never NULL, maybe empty */
} TgClientResponse;

void tg_client_response_free (TgClientResponse *resp);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TgClientResponse, tg_client_response_free)

/* (nullable) (transfer none): the first header called @name (any case) */
const gchar *tg_client_response_get_header (const TgClientResponse *resp, const gchar *name);

/* Parses "HTTP/1.1 200 OK"; FALSE with a TG_CLIENT_ERROR_PROTOCOL when it is not one */
gboolean tg_client_parse_status_line (const gchar *line, guint *status, gchar **reason,
				      GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* Reads one answer from @stream: the status line, the headers (interim 1xx answers are
 * skipped), then the body by Transfer-Encoding: chunked, Content-Length, or up to the end
 * of the stream; no body after a HEAD request (@head) or for 1xx, 204 and 304. A body over
 * @max_body bytes is a TG_CLIENT_ERROR_TOO_LARGE. Returns (transfer full) or NULL */
TgClientResponse *tg_client_read_response (GInputStream *stream, gboolean head, gsize max_body,
					   GCancellable *cancellable,
					   GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* tg_client_read_response() over the bytes @data of @len */
TgClientResponse *tg_client_parse_response (const gchar *data, gsize len, gboolean head,
					    gsize max_body,
					    GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* A client of one server */
typedef struct _TgClient TgClient;

/* Returns (transfer full) or NULL with a TG_CLIENT_ERROR_BAD_URL */
TgClient *tg_client_new (const gchar *base_url, GError **error) G_GNUC_WARN_UNUSED_RESULT;
void tg_client_free (TgClient *client);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TgClient, tg_client_free)

/* (transfer none): the base URL as given */
const gchar *tg_client_get_base_url (TgClient *client);
/* @token (nullable): sent as "Authorization: Bearer TOKEN" */
void tg_client_set_token (TgClient *client, const gchar *token);
/* @lang: "vi" or "en", sent as Accept-Language */
void tg_client_set_language (TgClient *client, const gchar *lang);
void tg_client_set_timeout (TgClient *client, guint seconds);
void tg_client_set_max_body (TgClient *client, gsize max_body);

/* Sends one request: @method, @path (with its query, already escaped; appended to the
 * URL's prefix) and a JSON @body (nullable). Any answer status is a success here; the
 * caller looks at it. Returns (transfer full) or NULL with a TG_CLIENT_ERROR */
TgClientResponse *tg_client_request (TgClient *client, const gchar *method, const gchar *path,
				     const gchar *body, GCancellable *cancellable,
				     GError **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
