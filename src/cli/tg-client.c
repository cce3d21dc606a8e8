/* tg-client.c: a small HTTP/1.1 client on GIO (GSocketClient, GDataInputStream)
 *
 * Just enough HTTP for thaogo to talk to thaogod: one request per connection, an answer
 * framed by chunked transfer-encoding, Content-Length or the end of the connection, read
 * whole under a cap. Every limit is checked before memory is taken.
 */
#define G_LOG_DOMAIN "thaogo-cli"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "tg-client.h"

/* the status line and the headers, together */
#define TG_CLIENT_HEAD_MAX (64 * 1024)
#define TG_CLIENT_HEADER_COUNT_MAX 128
/* a chunk-size line */
#define TG_CLIENT_CHUNK_LINE_MAX 1024
/* interim (1xx) answers skipped before the real one */
#define TG_CLIENT_INTERIM_MAX 8
/* the piece read at a time */
#define TG_CLIENT_READ_PIECE ((gsize) 64 * 1024)

G_DEFINE_QUARK (tg-client-error-quark, tg_client_error)

struct _TgClient {
	gchar *base_url;
	TgClientUrl *url;
	gchar *token;
	gchar *language;
	guint timeout;
	gsize max_body;
};

/* ---- URLs ---- */

void
tg_client_url_free (TgClientUrl *url)
{
	if (url == NULL)
		return;
	g_free (url->host);
	g_free (url->prefix);
	g_free (url);
}

static gboolean
tg_client_host_is_clean (const gchar *host)
{
	for (const gchar *p = host; *p != '\0'; p++) {
		guchar c = (guchar) *p;
		if (c >= 0x80 || g_ascii_isalnum (c) || strchr ("-._:%", c) != NULL)
			continue;
		return FALSE;
	}
	return TRUE;
}

static gboolean
tg_client_path_is_clean (const gchar *path)
{
	for (const gchar *p = path; *p != '\0'; p++) {
		guchar c = (guchar) *p;
		if (c <= 0x20 || c >= 0x7f)
			return FALSE;
	}
	return TRUE;
}

static void
tg_client_set_bad_url (GError **error, const gchar *url, const gchar *why)
{
	g_autofree gchar *shown = g_strescape (url, NULL);
	g_set_error (error, TG_CLIENT_ERROR, TG_CLIENT_ERROR_BAD_URL, _("bad URL '%s': %s"), shown,
		     why);
}

TgClientUrl *
tg_client_parse_url (const gchar *url, GError **error)
{
	g_autoptr(GUri) uri = NULL;
	g_autoptr(GError) error_local = NULL;
	g_autoptr(TgClientUrl) out = NULL;
	const gchar *scheme, *host, *path;
	gint port;
	gsize len;

	g_return_val_if_fail (url != NULL, NULL);

	uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, &error_local);
	if (uri == NULL) {
		tg_client_set_bad_url (error, url, error_local->message);
		return NULL;
	}
	out = g_new0 (TgClientUrl, 1);
	scheme = g_uri_get_scheme (uri);
	if (g_strcmp0 (scheme, "http") == 0) {
		out->tls = FALSE;
	} else if (g_strcmp0 (scheme, "https") == 0) {
		out->tls = TRUE;
	} else {
		tg_client_set_bad_url (error, url, _("it must begin with http:// or https://"));
		return NULL;
	}
	if (g_uri_get_userinfo (uri) != NULL) {
		tg_client_set_bad_url (error, url, _("a user name or password has no place in it"));
		return NULL;
	}
	if (g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL) {
		tg_client_set_bad_url (error, url,
				       _("a query (?) or a fragment (#) has no place in it"));
		return NULL;
	}
	host = g_uri_get_host (uri);
	if (host == NULL || host[0] == '\0') {
		tg_client_set_bad_url (error, url, _("the host is missing"));
		return NULL;
	}
	if (!tg_client_host_is_clean (host)) {
		tg_client_set_bad_url (error, url, _("the host is not a name or an address"));
		return NULL;
	}
	port = g_uri_get_port (uri);
	if (port == -1)
		port = out->tls ? 443 : 80;
	if (port < 1 || port > 65535) {
		tg_client_set_bad_url (error, url, _("the port must be 1 to 65535"));
		return NULL;
	}
	path = g_uri_get_path (uri);
	if (path == NULL)
		path = "";
	if (path[0] != '\0' && path[0] != '/') {
		tg_client_set_bad_url (error, url, _("the path must begin with /"));
		return NULL;
	}
	if (!tg_client_path_is_clean (path)) {
		tg_client_set_bad_url (error, url,
				       _("the path may hold only ASCII characters without spaces "
					 "(write others with %XX)"));
		return NULL;
	}
	out->host = g_strdup (host);
	out->port = (guint16) port;
	out->prefix = g_strdup (path);
	len = strlen (out->prefix);
	while (len > 0 && out->prefix[len - 1] == '/')
		out->prefix[--len] = '\0';
	return g_steal_pointer (&out);
}

gchar *
tg_client_url_get_authority (const TgClientUrl *url)
{
	g_return_val_if_fail (url != NULL, NULL);
	if (strchr (url->host, ':') != NULL)
		return g_strdup_printf ("[%s]:%u", url->host, (guint) url->port);
	return g_strdup_printf ("%s:%u", url->host, (guint) url->port);
}

/* ---- answers ---- */

void
tg_client_response_free (TgClientResponse *resp)
{
	if (resp == NULL)
		return;
	g_free (resp->reason);
	g_ptr_array_unref (resp->headers);
	if (resp->body != NULL)
		g_bytes_unref (resp->body);
	g_free (resp);
}

static TgClientResponse *
tg_client_response_new (void)
{
	TgClientResponse *resp = g_new0 (TgClientResponse, 1);
	resp->headers = g_ptr_array_new_with_free_func (g_free);
	return resp;
}

const gchar *
tg_client_response_get_header (const TgClientResponse *resp, const gchar *name)
{
	g_return_val_if_fail (resp != NULL && name != NULL, NULL);
	for (guint i = 0; i + 1 < resp->headers->len; i += 2) {
		if (g_ascii_strcasecmp (g_ptr_array_index (resp->headers, i), name) == 0)
			return g_ptr_array_index (resp->headers, i + 1);
	}
	return NULL;
}

static void
tg_client_set_protocol_error (GError **error, const gchar *what, const gchar *line)
{
	if (line != NULL) {
		g_autofree gchar *shown = g_strndup (line, 60);
		g_autofree gchar *escaped = g_strescape (shown, NULL);
		g_set_error (error, TG_CLIENT_ERROR, TG_CLIENT_ERROR_PROTOCOL, "%s: '%s'", what,
			     escaped);
		return;
	}
	g_set_error_literal (error, TG_CLIENT_ERROR, TG_CLIENT_ERROR_PROTOCOL, what);
}

/* turns an error of GIO into a TG_CLIENT_ERROR_IO (a cancellation stays what it is) */
static void
tg_client_propagate_io_error (GError **error, GError *cause)
{
	if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
	    cause->domain == TG_CLIENT_ERROR) {
		g_propagate_error (error, cause);
		return;
	}
	g_set_error_literal (error, TG_CLIENT_ERROR, TG_CLIENT_ERROR_IO, cause->message);
	g_error_free (cause);
}

gboolean
tg_client_parse_status_line (const gchar *line, guint *status, gchar **reason, GError **error)
{
	g_return_val_if_fail (line != NULL && status != NULL, FALSE);

	/* HTTP/1.x SP 3DIGIT [SP reason-phrase] */
	if (!g_str_has_prefix (line, "HTTP/1.") || !g_ascii_isdigit (line[7]) || line[8] != ' ' ||
	    !g_ascii_isdigit (line[9]) || !g_ascii_isdigit (line[10]) ||
	    !g_ascii_isdigit (line[11]) || (line[12] != ' ' && line[12] != '\0')) {
		tg_client_set_protocol_error (error, _("the answer is not HTTP/1.x"), line);
		return FALSE;
	}
	*status = (guint) ((line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0'));
	if (*status < 100 || *status > 599) {
		tg_client_set_protocol_error (error, _("the answer's status is not 100 to 599"),
					      line);
		return FALSE;
	}
	if (reason != NULL)
		*reason = g_strdup (line[12] == ' ' ? line + 13 : "");
	return TRUE;
}

/* Reads a line ended by LF (a CR before it is dropped), at most *@budget bytes, which it
 * lowers; the end of the stream before the LF is an error */
static gchar *
tg_client_read_line (GBufferedInputStream *in, gsize *budget, GCancellable *cancellable,
		     GError **error)
{
	g_autoptr(GString) line = g_string_new (NULL);

	for (;;) {
		g_autoptr(GError) error_local = NULL;
		gint c = g_buffered_input_stream_read_byte (in, cancellable, &error_local);

		if (c < 0) {
			if (error_local != NULL) {
				tg_client_propagate_io_error (error,
							      g_steal_pointer (&error_local));
			} else if (line->len == 0 && *budget == TG_CLIENT_HEAD_MAX) {
				tg_client_set_protocol_error (
					error, _("the connection was closed without an answer"),
					NULL);
			} else {
				tg_client_set_protocol_error (
					error,
					_("the connection was closed in the middle of the answer"),
					NULL);
			}
			return NULL;
		}
		if (*budget == 0) {
			tg_client_set_protocol_error (
				error, _("a header line of the answer is too long"), NULL);
			return NULL;
		}
		(*budget)--;
		if (c == '\n')
			break;
		if (c == '\0') {
			tg_client_set_protocol_error (
				error, _("the answer's headers hold a NUL byte"), NULL);
			return NULL;
		}
		g_string_append_c (line, (gchar) c);
	}
	if (line->len > 0 && line->str[line->len - 1] == '\r')
		g_string_truncate (line, line->len - 1);
	return g_string_free (g_steal_pointer (&line), FALSE);
}

static gboolean
tg_client_is_tchar (gchar c)
{
	return g_ascii_isalnum (c) || (c != '\0' && strchr ("!#$%&'*+-.^_`|~", c) != NULL);
}

static gboolean
tg_client_parse_header (TgClientResponse *resp, const gchar *line, GError **error)
{
	const gchar *colon = strchr (line, ':');
	g_autofree gchar *value = NULL;

	if (colon == NULL || colon == line) {
		tg_client_set_protocol_error (error, _("a header line of the answer is malformed"),
					      line);
		return FALSE;
	}
	for (const gchar *p = line; p < colon; p++) {
		if (!tg_client_is_tchar (*p)) {
			tg_client_set_protocol_error (
				error, _("a header line of the answer is malformed"), line);
			return FALSE;
		}
	}
	value = g_strdup (colon + 1);
	g_strstrip (value);
	g_ptr_array_add (resp->headers, g_ascii_strdown (line, colon - line));
	g_ptr_array_add (resp->headers, g_steal_pointer (&value));
	return TRUE;
}

/* the status line and the headers */
static TgClientResponse *
tg_client_read_head (GBufferedInputStream *in, GCancellable *cancellable, GError **error)
{
	g_autoptr(TgClientResponse) resp = tg_client_response_new ();
	g_autofree gchar *status_line = NULL;
	gsize budget = TG_CLIENT_HEAD_MAX;

	status_line = tg_client_read_line (in, &budget, cancellable, error);
	if (status_line == NULL)
		return NULL;
	if (!tg_client_parse_status_line (status_line, &resp->status, &resp->reason, error))
		return NULL;
	for (;;) {
		g_autofree gchar *line = tg_client_read_line (in, &budget, cancellable, error);

		if (line == NULL)
			return NULL;
		if (line[0] == '\0')
			break;
		if (line[0] == ' ' || line[0] == '\t') {
			tg_client_set_protocol_error (
				error, _("the answer folds a header over several lines"), line);
			return NULL;
		}
		if (resp->headers->len / 2 >= TG_CLIENT_HEADER_COUNT_MAX) {
			tg_client_set_protocol_error (error, _("the answer has too many headers"),
						      NULL);
			return NULL;
		}
		if (!tg_client_parse_header (resp, line, error))
			return NULL;
	}
	return g_steal_pointer (&resp);
}

static void
tg_client_set_too_large (GError **error, gsize max_body)
{
	g_autofree gchar *size = g_format_size_full (max_body, G_FORMAT_SIZE_IEC_UNITS);
	g_set_error (error, TG_CLIENT_ERROR, TG_CLIENT_ERROR_TOO_LARGE,
		     _("the answer is larger than %s"), size);
}

/* appends exactly @n bytes of @in to @out */
static gboolean
tg_client_read_exact (GInputStream *in, GByteArray *out, guint64 n, GCancellable *cancellable,
		      GError **error)
{
	while (n > 0) {
		gsize want = (gsize) MIN (n, (guint64) TG_CLIENT_READ_PIECE);
		gsize got = 0;
		guint old = out->len;
		g_autoptr(GError) error_local = NULL;

		g_byte_array_set_size (out, old + (guint) want);
		if (!g_input_stream_read_all (in, out->data + old, want, &got, cancellable,
					      &error_local)) {
			g_byte_array_set_size (out, old);
			tg_client_propagate_io_error (error, g_steal_pointer (&error_local));
			return FALSE;
		}
		g_byte_array_set_size (out, old + (guint) got);
		if (got < want) {
			tg_client_set_protocol_error (
				error, _("the connection was closed in the middle of the answer"),
				NULL);
			return FALSE;
		}
		n -= got;
	}
	return TRUE;
}

static gboolean
tg_client_read_to_end (GInputStream *in, GByteArray *out, gsize max_body,
		       GCancellable *cancellable, GError **error)
{
	for (;;) {
		guint8 piece[16384];
		gsize got = 0;
		g_autoptr(GError) error_local = NULL;

		if (!g_input_stream_read_all (in, piece, sizeof piece, &got, cancellable,
					      &error_local)) {
			tg_client_propagate_io_error (error, g_steal_pointer (&error_local));
			return FALSE;
		}
		if (got == 0)
			return TRUE;
		if (got > max_body - out->len) {
			tg_client_set_too_large (error, max_body);
			return FALSE;
		}
		g_byte_array_append (out, piece, (guint) got);
	}
}

/* "1a;ext=x" → 26 */
static gboolean
tg_client_parse_chunk_size (const gchar *line, guint64 *size, GError **error)
{
	g_autofree gchar *copy = g_strdup (line);
	gchar *semi = strchr (copy, ';');
	gsize len;

	if (semi != NULL)
		*semi = '\0';
	g_strstrip (copy);
	len = strlen (copy);
	if (len == 0 || len > 15) {
		tg_client_set_protocol_error (error, _("a chunk size of the answer is malformed"),
					      line);
		return FALSE;
	}
	for (gsize i = 0; i < len; i++) {
		if (!g_ascii_isxdigit (copy[i])) {
			tg_client_set_protocol_error (
				error, _("a chunk size of the answer is malformed"), line);
			return FALSE;
		}
	}
	*size = g_ascii_strtoull (copy, NULL, 16);
	return TRUE;
}

static gboolean
tg_client_read_chunked (GBufferedInputStream *in, GByteArray *out, gsize max_body,
			GCancellable *cancellable, GError **error)
{
	for (;;) {
		gsize budget = TG_CLIENT_CHUNK_LINE_MAX;
		g_autofree gchar *line = tg_client_read_line (in, &budget, cancellable, error);
		g_autofree gchar *end = NULL;
		guint64 size = 0;

		if (line == NULL || !tg_client_parse_chunk_size (line, &size, error))
			return FALSE;
		if (size == 0)
			break;
		if (size > (guint64) (max_body - out->len)) {
			tg_client_set_too_large (error, max_body);
			return FALSE;
		}
		if (!tg_client_read_exact (G_INPUT_STREAM (in), out, size, cancellable, error))
			return FALSE;
		budget = TG_CLIENT_CHUNK_LINE_MAX;
		end = tg_client_read_line (in, &budget, cancellable, error);
		if (end == NULL)
			return FALSE;
		if (end[0] != '\0') {
			tg_client_set_protocol_error (
				error, _("a chunk of the answer is longer than its size"), NULL);
			return FALSE;
		}
	}
	/* the trailer: header lines up to an empty one, ignored */
	for (gsize budget = TG_CLIENT_HEAD_MAX;;) {
		g_autofree gchar *line = tg_client_read_line (in, &budget, cancellable, error);
		if (line == NULL)
			return FALSE;
		if (line[0] == '\0')
			return TRUE;
	}
}

static gboolean
tg_client_is_chunked (const gchar *transfer_encoding)
{
	g_auto(GStrv) codings = NULL;
	guint n;

	if (transfer_encoding == NULL)
		return FALSE;
	codings = g_strsplit (transfer_encoding, ",", -1);
	n = g_strv_length (codings);
	return n > 0 && g_ascii_strcasecmp (g_strstrip (codings[n - 1]), "chunked") == 0;
}

TgClientResponse *
tg_client_read_response (GInputStream *stream, gboolean head, gsize max_body,
			 GCancellable *cancellable, GError **error)
{
	g_autoptr(GDataInputStream) in = NULL;
	g_autoptr(TgClientResponse) resp = NULL;
	g_autoptr(GByteArray) body = g_byte_array_new ();
	const gchar *te, *cl;

	g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);

	in = g_data_input_stream_new (stream);
	g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (in), FALSE);
	for (guint interim = 0;; interim++) {
		resp = tg_client_read_head (G_BUFFERED_INPUT_STREAM (in), cancellable, error);
		if (resp == NULL)
			return NULL;
		/* 1xx answers come before the real one (101 would switch protocols: we never
		 * ask for it, so it ends the exchange) */
		if (resp->status >= 200 || resp->status == 101)
			break;
		if (interim == TG_CLIENT_INTERIM_MAX) {
			tg_client_set_protocol_error (error, _("the answer never comes"), NULL);
			return NULL;
		}
		g_clear_pointer (&resp, tg_client_response_free);
	}

	te = tg_client_response_get_header (resp, "transfer-encoding");
	cl = tg_client_response_get_header (resp, "content-length");
	if (head || resp->status < 200 || resp->status == 204 || resp->status == 304) {
		/* no body */
	} else if (te != NULL) {
		/* an answer with a transfer-encoding other than chunked ends with the
		 * connection */
		if (tg_client_is_chunked (te)) {
			if (!tg_client_read_chunked (G_BUFFERED_INPUT_STREAM (in), body, max_body,
						     cancellable, error))
				return NULL;
		} else if (!tg_client_read_to_end (G_INPUT_STREAM (in), body, max_body, cancellable,
						   error)) {
			return NULL;
		}
	} else if (cl != NULL) {
		guint64 length = 0;

		if (cl[0] == '\0' || strspn (cl, "0123456789") != strlen (cl) ||
		    !g_ascii_string_to_unsigned (cl, 10, 0, G_MAXUINT64, &length, NULL)) {
			tg_client_set_protocol_error (
				error, _("the answer's Content-Length is malformed"), cl);
			return NULL;
		}
		if (length > (guint64) max_body) {
			tg_client_set_too_large (error, max_body);
			return NULL;
		}
		if (!tg_client_read_exact (G_INPUT_STREAM (in), body, length, cancellable, error))
			return NULL;
	} else if (!tg_client_read_to_end (G_INPUT_STREAM (in), body, max_body, cancellable,
					   error)) {
		return NULL;
	}
	resp->body = g_byte_array_free_to_bytes (g_steal_pointer (&body));
	return g_steal_pointer (&resp);
}

TgClientResponse *
tg_client_parse_response (const gchar *data, gsize len, gboolean head, gsize max_body,
			  GError **error)
{
	g_autoptr(GInputStream) stream = NULL;

	g_return_val_if_fail (data != NULL || len == 0, NULL);
	stream = g_memory_input_stream_new_from_data (data, (gssize) len, NULL);
	return tg_client_read_response (stream, head, max_body, NULL, error);
}

/* ---- the client ---- */

TgClient *
tg_client_new (const gchar *base_url, GError **error)
{
	g_autoptr(TgClientUrl) url = NULL;
	TgClient *client;

	g_return_val_if_fail (base_url != NULL, NULL);
	url = tg_client_parse_url (base_url, error);
	if (url == NULL)
		return NULL;
	client = g_new0 (TgClient, 1);
	client->base_url = g_strdup (base_url);
	client->url = g_steal_pointer (&url);
	client->language = g_strdup ("en");
	client->timeout = TG_CLIENT_TIMEOUT;
	client->max_body = TG_CLIENT_RESPONSE_MAX;
	return client;
}

void
tg_client_free (TgClient *client)
{
	if (client == NULL)
		return;
	g_free (client->base_url);
	tg_client_url_free (client->url);
	if (client->token != NULL)
		memset (client->token, 0, strlen (client->token));
	g_free (client->token);
	g_free (client->language);
	g_free (client);
}

const gchar *
tg_client_get_base_url (TgClient *client)
{
	g_return_val_if_fail (client != NULL, NULL);
	return client->base_url;
}

void
tg_client_set_token (TgClient *client, const gchar *token)
{
	g_return_if_fail (client != NULL);
	if (client->token != NULL)
		memset (client->token, 0, strlen (client->token));
	g_free (client->token);
	client->token = g_strdup (token);
}

void
tg_client_set_language (TgClient *client, const gchar *lang)
{
	g_return_if_fail (client != NULL && lang != NULL);
	g_free (client->language);
	client->language = g_strdup (lang);
}

void
tg_client_set_timeout (TgClient *client, guint seconds)
{
	g_return_if_fail (client != NULL);
	client->timeout = seconds;
}

void
tg_client_set_max_body (TgClient *client, gsize max_body)
{
	g_return_if_fail (client != NULL);
	client->max_body = max_body;
}

/* TRUE when @str can go into a header or the request line: visible ASCII and spaces */
static gboolean
tg_client_is_header_safe (const gchar *str)
{
	for (const gchar *p = str; *p != '\0'; p++) {
		guchar c = (guchar) *p;
		if (c < 0x20 || c >= 0x7f)
			return FALSE;
	}
	return TRUE;
}

TgClientResponse *
tg_client_request (TgClient *client, const gchar *method, const gchar *path, const gchar *body,
		   GCancellable *cancellable, GError **error)
{
	g_autoptr(GSocketClient) sock_client = g_socket_client_new ();
	g_autoptr(GSocketConnectable) address = NULL;
	g_autoptr(GSocketConnection) conn = NULL;
	g_autoptr(GString) request = g_string_new (NULL);
	g_autoptr(GError) error_local = NULL;
	g_autoptr(GError) error_send = NULL;
	g_autofree gchar *authority = NULL;
	TgClientResponse *resp;

	g_return_val_if_fail (client != NULL, NULL);
	g_return_val_if_fail (method != NULL && path != NULL && path[0] == '/', NULL);
	g_return_val_if_fail (strpbrk (method, " \r\n") == NULL, NULL);
	g_return_val_if_fail (strpbrk (path, " \r\n") == NULL, NULL);

	if (client->token != NULL && !tg_client_is_header_safe (client->token)) {
		g_set_error_literal (error, TG_CLIENT_ERROR, TG_CLIENT_ERROR_BAD_URL,
				     _("the access token holds characters that cannot be sent"));
		return NULL;
	}

	/* the request, whole */
	authority = tg_client_url_get_authority (client->url);
	g_string_append_printf (request, "%s %s%s HTTP/1.1\r\n", method, client->url->prefix, path);
	g_string_append_printf (request, "Host: %s\r\n", authority);
	g_string_append (request, "User-Agent: thaogo/" PACKAGE_VERSION "\r\n");
	g_string_append (request, "Accept: application/json\r\n");
	g_string_append_printf (request, "Accept-Language: %s\r\n", client->language);
	if (client->token != NULL)
		g_string_append_printf (request, "Authorization: Bearer %s\r\n", client->token);
	if (body != NULL) {
		g_string_append (request, "Content-Type: application/json; charset=utf-8\r\n");
		g_string_append_printf (request, "Content-Length: %" G_GSIZE_FORMAT "\r\n",
					strlen (body));
	}
	g_string_append (request, "Connection: close\r\n\r\n");
	if (body != NULL)
		g_string_append (request, body);

	/* direct connections only: thaogod is usually on this machine or the local network */
	g_socket_client_set_enable_proxy (sock_client, FALSE);
	g_socket_client_set_timeout (sock_client, client->timeout);
	g_socket_client_set_tls (sock_client, client->url->tls);
	address = g_network_address_new (client->url->host, client->url->port);
	conn = g_socket_client_connect (sock_client, address, cancellable, &error_local);
	if (conn == NULL) {
		if (g_error_matches (error_local, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
			g_propagate_error (error, g_steal_pointer (&error_local));
			return NULL;
		}
		g_set_error (error, TG_CLIENT_ERROR, TG_CLIENT_ERROR_UNREACHABLE,
			     _("cannot reach %s: %s"), client->base_url, error_local->message);
		return NULL;
	}
	g_debug ("%s %s%s", method, client->url->prefix, path);

	/* a server may answer (413) and close before it has read all of a body: then its
	 * answer is still worth reading */
	if (!g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (conn)),
					request->str, request->len, NULL, cancellable,
					&error_send) &&
	    g_error_matches (error_send, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
		g_propagate_error (error, g_steal_pointer (&error_send));
		return NULL;
	}
	resp = tg_client_read_response (g_io_stream_get_input_stream (G_IO_STREAM (conn)),
					g_strcmp0 (method, "HEAD") == 0, client->max_body,
					cancellable, &error_local);
	g_io_stream_close (G_IO_STREAM (conn), NULL, NULL);
	if (resp == NULL) {
		GError *cause = error_send != NULL ? error_send : error_local;

		if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
			g_propagate_error (error, g_error_copy (cause));
			return NULL;
		}
		g_set_error (error, TG_CLIENT_ERROR,
			     cause->domain == TG_CLIENT_ERROR ? cause->code : TG_CLIENT_ERROR_IO,
			     error_send != NULL ? _("sending the request to %s: %s")
						: _("reading the answer of %s: %s"),
			     client->base_url, cause->message);
		return NULL;
	}
	return resp;
}
