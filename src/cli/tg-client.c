/* tg-client.c: thaogo's HTTP client on libcurl's easy interface
 *
 * libcurl does HTTP: the framing of answers, TLS, proxies, HTTP/2 and redirects. This file
 * sets it up for talking to thaogod, keeps the answer under caps (checked before memory is
 * taken), keeps line breaks out of what it sends, and turns libcurl's failures into
 * TG_CLIENT_ERRORs that say what went wrong.
 */
#define G_LOG_DOMAIN "thaogo-cli"

#include "config.h"

#include <curl/curl.h>
#include <errno.h>
#include <unistd.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "tg-client.h"

/* the status lines and the headers of an answer, together (with the interim answers and
 * the redirects before it) */
#define TG_CLIENT_HEAD_MAX (64 * 1024)
#define TG_CLIENT_HEADER_COUNT_MAX 128
/* the longest access token sent */
#define TG_CLIENT_TOKEN_MAX 4096

G_DEFINE_QUARK (tg - client - error - quark, tg_client_error)

struct _TgClient {
	gchar *base_url;
	TgClientUrl *url;
	gchar *token;
	gchar *language;
	gchar *ca_file;
	guint timeout;
	gsize max_body;
	gint sink_fd; /* -1, or where the bodies of 2xx answers go instead of memory */
	CURL *curl;   /* (owned): kept from one request to the next, for its caches */
};

/* one request under way: what libcurl's callbacks fill */
typedef struct {
	TgClientResponse *resp; /* (unowned): its headers and reason phrase */
	GByteArray *body;       /* (unowned) */
	gsize max_body;
	gsize head_budget;         /* the bytes of headers still allowed */
	gboolean in_head;          /* between a status line and the empty line after its headers */
	GCancellable *cancellable; /* (nullable) */
	GError *error;             /* (owned) (nullable): why a callback stopped the transfer */
	CURL *curl;                /* (unowned): for the status of the answer under way */
	gint sink_fd;              /* the client's */
} TgClientTransfer;

/* ---- libcurl ---- */

gboolean
tg_client_global_init (GError **error)
{
	CURLcode code = curl_global_init (CURL_GLOBAL_DEFAULT);

	if (code != CURLE_OK) {
		g_set_error (error, TG_CLIENT_ERROR, TG_CLIENT_ERROR_IO,
			     _ ("cannot set up libcurl: %s"), curl_easy_strerror (code));
		return FALSE;
	}
	return TRUE;
}

void
tg_client_global_cleanup (void)
{
	curl_global_cleanup ();
}

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

/* TRUE when @path is visible ASCII only: no space, no control character */
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
	g_set_error (error, TG_CLIENT_ERROR, TG_CLIENT_ERROR_BAD_URL, _ ("bad URL '%s': %s"), shown,
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
		tg_client_set_bad_url (error, url, _ ("it must begin with http:// or https://"));
		return NULL;
	}
	if (g_uri_get_userinfo (uri) != NULL) {
		tg_client_set_bad_url (error, url,
				       _ ("a user name or password has no place in it"));
		return NULL;
	}
	if (g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL) {
		tg_client_set_bad_url (error, url,
				       _ ("a query (?) or a fragment (#) has no place in it"));
		return NULL;
	}
	host = g_uri_get_host (uri);
	if (host == NULL || host[0] == '\0') {
		tg_client_set_bad_url (error, url, _ ("the host is missing"));
		return NULL;
	}
	if (!tg_client_host_is_clean (host)) {
		tg_client_set_bad_url (error, url, _ ("the host is not a name or an address"));
		return NULL;
	}
	port = g_uri_get_port (uri);
	if (port == -1)
		port = out->tls ? 443 : 80;
	if (port < 1 || port > 65535) {
		tg_client_set_bad_url (error, url, _ ("the port must be 1 to 65535"));
		return NULL;
	}
	path = g_uri_get_path (uri);
	if (path == NULL)
		path = "";
	if (path[0] != '\0' && path[0] != '/') {
		tg_client_set_bad_url (error, url, _ ("the path must begin with /"));
		return NULL;
	}
	if (!tg_client_path_is_clean (path)) {
		tg_client_set_bad_url (error, url,
				       _ ("the path may hold only ASCII characters without spaces "
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
	resp->reason = g_strdup ("");
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

static void
tg_client_set_too_large (GError **error, gsize max_body)
{
	g_autofree gchar *size = g_format_size_full (max_body, G_FORMAT_SIZE_IEC_UNITS);
	g_set_error (error, TG_CLIENT_ERROR, TG_CLIENT_ERROR_TOO_LARGE,
		     _ ("the answer is larger than %s"), size);
}

static gboolean
tg_client_is_tchar (gchar c)
{
	return g_ascii_isalnum (c) || (c != '\0' && strchr ("!#$%&'*+-.^_`|~", c) != NULL);
}

/* keeps "Name: value" (libcurl has framed the line, the name is checked here) */
static gboolean
tg_client_add_header (TgClientResponse *resp, const gchar *line, GError **error)
{
	const gchar *colon = strchr (line, ':');
	g_autofree gchar *value = NULL;

	if (colon == NULL || colon == line) {
		tg_client_set_protocol_error (error, _ ("a header line of the answer is malformed"),
					      line);
		return FALSE;
	}
	for (const gchar *p = line; p < colon; p++) {
		if (!tg_client_is_tchar (*p)) {
			tg_client_set_protocol_error (
				error, _ ("a header line of the answer is malformed"), line);
			return FALSE;
		}
	}
	value = g_strdup (colon + 1);
	g_strstrip (value);
	/* libcurl reads "1x" as 1: the length that frames the body is all digits or refused */
	if ((gsize) (colon - line) == strlen ("content-length") &&
	    g_ascii_strncasecmp (line, "content-length", colon - line) == 0 &&
	    (value[0] == '\0' || strspn (value, "0123456789") != strlen (value))) {
		tg_client_set_protocol_error (error, _ ("the answer's Content-Length is malformed"),
					      value);
		return FALSE;
	}
	g_ptr_array_add (resp->headers, g_ascii_strdown (line, colon - line));
	g_ptr_array_add (resp->headers, g_steal_pointer (&value));
	return TRUE;
}

/* A status line begins an answer (an interim one, a redirect's or the last): what came
 * before it is dropped and its reason phrase kept. libcurl has read its status; what it
 * lets pass is refused here: "HTTP/1.1 404Not Found", "HTTP/1.1 2000 OK" */
static gboolean
tg_client_response_begin (TgClientResponse *resp, const gchar *line, GError **error)
{
	/* HTTP/DIGIT[.DIGIT] SP 3DIGIT [SP reason-phrase]; HTTP/2 as libcurl writes it:
	 * "HTTP/2 200 " */
	const gchar *p = line + strlen ("HTTP/");

	if (!g_ascii_isdigit (p[0])) {
		tg_client_set_protocol_error (error, _ ("the answer is not HTTP"), line);
		return FALSE;
	}
	p += p[1] == '.' && g_ascii_isdigit (p[2]) ? 3 : 1;
	if (p[0] != ' ' || !g_ascii_isdigit (p[1]) || !g_ascii_isdigit (p[2]) ||
	    !g_ascii_isdigit (p[3]) || (p[4] != ' ' && p[4] != '\0')) {
		tg_client_set_protocol_error (error, _ ("the answer's status line is malformed"),
					      line);
		return FALSE;
	}
	p += p[4] == ' ' ? 5 : 4;
	g_ptr_array_set_size (resp->headers, 0);
	g_free (resp->reason);
	resp->reason = g_strdup (p);
	g_strchomp (resp->reason);
	return TRUE;
}

/* libcurl's CURLOPT_HEADERFUNCTION: one whole header line at a time, its line break
 * included; returning anything but its length stops the transfer */
static size_t
tg_client_on_header (char *data, size_t size, size_t n, void *user_data)
{
	TgClientTransfer *t = user_data;
	gsize len = size * n;
	g_autofree gchar *line = NULL;

	if (len > t->head_budget) {
		tg_client_set_protocol_error (&t->error, _ ("the answer's headers are too long"),
					      NULL);
		return 0;
	}
	t->head_budget -= len;
	if (memchr (data, '\0', len) != NULL) {
		tg_client_set_protocol_error (&t->error, _ ("the answer's headers hold a NUL byte"),
					      NULL);
		return 0;
	}
	while (len > 0 && (data[len - 1] == '\n' || data[len - 1] == '\r'))
		len--;
	line = g_strndup (data, len);
	if (g_str_has_prefix (line, "HTTP/")) {
		if (!tg_client_response_begin (t->resp, line, &t->error))
			return 0;
		t->in_head = TRUE;
		return size * n;
	}
	/* the trailer of a chunked body is not kept */
	if (!t->in_head)
		return size * n;
	if (line[0] == '\0') {
		t->in_head = FALSE;
		return size * n;
	}
	if (line[0] == ' ' || line[0] == '\t') {
		tg_client_set_protocol_error (&t->error,
					      _ ("the answer folds a header over several lines"),
					      line);
		return 0;
	}
	if (t->resp->headers->len / 2 >= TG_CLIENT_HEADER_COUNT_MAX) {
		tg_client_set_protocol_error (&t->error, _ ("the answer has too many headers"),
					      NULL);
		return 0;
	}
	if (!tg_client_add_header (t->resp, line, &t->error))
		return 0;
	return size * n;
}

/* libcurl's CURLOPT_WRITEFUNCTION: a piece of the body (the bodies of redirects that are
 * followed never come here) */
static size_t
tg_client_on_body (char *data, size_t size, size_t n, void *user_data)
{
	TgClientTransfer *t = user_data;
	gsize len = size * n;
	long status = 0;

	if (t->sink_fd >= 0 &&
	    curl_easy_getinfo (t->curl, CURLINFO_RESPONSE_CODE, &status) == CURLE_OK &&
	    status >= 200 && status < 300) {
		for (gsize done = 0; done < len;) {
			gssize wrote = write (t->sink_fd, data + done, len - done);
			if (wrote < 0 && errno == EINTR)
				continue;
			if (wrote <= 0) {
				g_set_error (&t->error, TG_CLIENT_ERROR, TG_CLIENT_ERROR_IO,
					     _ ("cannot write the answer: %s"),
					     g_strerror (wrote < 0 ? errno : ENOSPC));
				return 0;
			}
			done += (gsize) wrote;
		}
		return len;
	}
	if (len > t->max_body - t->body->len) {
		tg_client_set_too_large (&t->error, t->max_body);
		return 0;
	}
	g_byte_array_append (t->body, (const guint8 *) data, (guint) len);
	return len;
}

/* libcurl's CURLOPT_XFERINFOFUNCTION: non-zero stops the transfer */
static int
tg_client_on_progress (void *user_data, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
		       curl_off_t ulnow)
{
	TgClientTransfer *t = user_data;

	if (t->error != NULL)
		return 1;
	return g_cancellable_set_error_if_cancelled (t->cancellable, &t->error) ? 1 : 0;
}

/* ---- the client ---- */

TgClient *
tg_client_new (const gchar *base_url, GError **error)
{
	g_autoptr(TgClientUrl) url = NULL;
	TgClient *client;
	CURL *curl;

	g_return_val_if_fail (base_url != NULL, NULL);
	url = tg_client_parse_url (base_url, error);
	if (url == NULL)
		return NULL;
	curl = curl_easy_init ();
	if (curl == NULL) {
		g_set_error_literal (error, TG_CLIENT_ERROR, TG_CLIENT_ERROR_IO,
				     _ ("cannot set up libcurl"));
		return NULL;
	}
	client = g_new0 (TgClient, 1);
	client->base_url = g_strdup (base_url);
	client->url = g_steal_pointer (&url);
	client->language = g_strdup ("en");
	client->timeout = TG_CLIENT_TIMEOUT;
	client->max_body = TG_CLIENT_RESPONSE_MAX;
	client->sink_fd = -1;
	client->curl = curl;
	return client;
}

static void
tg_client_clear_token (TgClient *client)
{
	if (client->token != NULL)
		memset (client->token, 0, strlen (client->token));
	g_clear_pointer (&client->token, g_free);
}

void
tg_client_free (TgClient *client)
{
	if (client == NULL)
		return;
	if (client->curl != NULL)
		curl_easy_cleanup (client->curl);
	g_free (client->base_url);
	tg_client_url_free (client->url);
	tg_client_clear_token (client);
	g_free (client->language);
	g_free (client->ca_file);
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
	tg_client_clear_token (client);
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
tg_client_set_ca_file (TgClient *client, const gchar *path)
{
	g_return_if_fail (client != NULL);
	g_free (client->ca_file);
	client->ca_file = g_strdup (path);
}

void
tg_client_set_timeout (TgClient *client, guint seconds)
{
	g_return_if_fail (client != NULL);
	client->timeout = seconds;
}

void
tg_client_set_body_sink (TgClient *client, gint fd)
{
	g_return_if_fail (client != NULL);
	client->sink_fd = fd;
}

void
tg_client_set_max_body (TgClient *client, gsize max_body)
{
	g_return_if_fail (client != NULL);
	client->max_body = MIN (max_body, (gsize) G_MAXUINT);
}

/* TRUE when @str can go into a header: visible ASCII and spaces, no CR or LF */
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

/* TRUE when @method is a method's name: upper-case letters */
static gboolean
tg_client_is_method (const gchar *method)
{
	if (method[0] == '\0')
		return FALSE;
	for (const gchar *p = method; *p != '\0'; p++) {
		if (!g_ascii_isupper (*p))
			return FALSE;
	}
	return TRUE;
}

/* the request's own headers, or NULL when libcurl has no memory for them */
static struct curl_slist *
tg_client_build_headers (TgClient *client, const gchar *body)
{
	g_autofree gchar *language = g_strdup_printf ("Accept-Language: %s", client->language);
	const gchar *lines[] = {
		"Accept: application/json",
		language,
		/* one request per connection: thaogo sends one request, or a few in a row */
		"Connection: close",
		/* a body without a type is none of libcurl's form data */
		body != NULL ? "Content-Type: application/json; charset=utf-8" : "Content-Type:",
	};
	struct curl_slist *list = NULL;

	for (guint i = 0; i < G_N_ELEMENTS (lines); i++) {
		struct curl_slist *longer = curl_slist_append (list, lines[i]);
		if (longer == NULL) {
			curl_slist_free_all (list);
			return NULL;
		}
		list = longer;
	}
	return list;
}

/* Sets the options of one request on @client's handle (reset first); returns the first
 * option libcurl refuses, or CURLE_OK */
static CURLcode
tg_client_setup (TgClient *client, TgClientTransfer *t, const gchar *url, const gchar *method,
		 const gchar *body, struct curl_slist *headers, gchar *errbuf)
{
	CURL *curl = client->curl;
	/* a redirect never leaves TLS once it is used */
	const gchar *redir_protocols = client->url->tls ? "https" : "http,https";
	CURLcode code;

	curl_easy_reset (curl);
	code = curl_easy_setopt (curl, CURLOPT_ERRORBUFFER, errbuf);
	if (code == CURLE_OK)
		code = curl_easy_setopt (curl, CURLOPT_URL, url);
#if LIBCURL_VERSION_NUM >= 0x075500
	if (code == CURLE_OK)
		code = curl_easy_setopt (curl, CURLOPT_PROTOCOLS_STR, "http,https");
	if (code == CURLE_OK)
		code = curl_easy_setopt (curl, CURLOPT_REDIR_PROTOCOLS_STR, redir_protocols);
#else
	if (code == CURLE_OK)
		code = curl_easy_setopt (curl, CURLOPT_PROTOCOLS,
					 (long) (CURLPROTO_HTTP | CURLPROTO_HTTPS));
	if (code == CURLE_OK)
		code = curl_easy_setopt (curl, CURLOPT_REDIR_PROTOCOLS,
					 client->url->tls
						 ? (long) CURLPROTO_HTTPS
						 : (long) (CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
	if (code == CURLE_OK)
		code = curl_easy_setopt (curl, CURLOPT_FOLLOWLOCATION, 1L);
	if (code == CURLE_OK)
		code = curl_easy_setopt (curl, CURLOPT_MAXREDIRS, (long) TG_CLIENT_REDIRECTS_MAX);
	/* the token goes to the host of the base URL only, never to the host of a redirect
	 * (libcurl's default, said again here) */
	if (code == CURLE_OK)
		code = curl_easy_setopt (curl, CURLOPT_UNRESTRICTED_AUTH, 0L);
	if (code == CURLE_OK && client->token != NULL)
		code = curl_easy_setopt (curl, CURLOPT_HTTPAUTH, (long) CURLAUTH_BEARER);
	if (code == CURLE_OK && client->token != NULL)
		code = curl_easy_setopt (curl, CURLOPT_XOAUTH2_BEARER, client->token);
	/* TLS: the peer and its name always verified */
	if (code == CURLE_OK)
		code = curl_easy_setopt (curl, CURLOPT_SSL_VERIFYPEER, 1L);
	if (code == CURLE_OK)
		code = curl_easy_setopt (curl, CURLOPT_SSL_VERIFYHOST, 2L);
	/* a CA file replaces the system's CAs */
	if (code == CURLE_OK && client->ca_file != NULL)
		code = curl_easy_setopt (curl, CURLOPT_CAINFO, client->ca_file);
	if (code == CURLE_OK && client->ca_file != NULL)
		code = curl_easy_setopt (curl, CURLOPT_CAPATH, NULL);
	if (code == CURLE_OK)
		code = curl_easy_setopt (curl, CURLOPT_USERAGENT, "thaogo/" PACKAGE_VERSION);
	if (code == CURLE_OK)
		code = curl_easy_setopt (curl, CURLOPT_HTTPHEADER, headers);
	if (code == CURLE_OK)
		code = curl_easy_setopt (curl, CURLOPT_SUPPRESS_CONNECT_HEADERS, 1L);
	if (code == CURLE_OK)
		code = curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
	/* a timeout on connecting (with the TLS handshake), then on a transfer that stands
	 * still: less than a byte a second for as long */
	if (code == CURLE_OK && client->timeout > 0)
		code = curl_easy_setopt (curl, CURLOPT_CONNECTTIMEOUT, (long) client->timeout);
	if (code == CURLE_OK && client->timeout > 0)
		code = curl_easy_setopt (curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
	if (code == CURLE_OK && client->timeout > 0)
		code = curl_easy_setopt (curl, CURLOPT_LOW_SPEED_TIME, (long) client->timeout);
	/* an answer that says its length is refused before its body is read (unless it goes
	 * to a file) */
	if (code == CURLE_OK && client->sink_fd < 0)
		code = curl_easy_setopt (curl, CURLOPT_MAXFILESIZE_LARGE,
					 (curl_off_t) client->max_body);
	if (code == CURLE_OK)
		code = curl_easy_setopt (curl, CURLOPT_HEADERFUNCTION, tg_client_on_header);
	if (code == CURLE_OK)
		code = curl_easy_setopt (curl, CURLOPT_HEADERDATA, t);
	if (code == CURLE_OK)
		code = curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, tg_client_on_body);
	if (code == CURLE_OK)
		code = curl_easy_setopt (curl, CURLOPT_WRITEDATA, t);
	if (code == CURLE_OK && t->cancellable != NULL)
		code = curl_easy_setopt (curl, CURLOPT_XFERINFOFUNCTION, tg_client_on_progress);
	if (code == CURLE_OK && t->cancellable != NULL)
		code = curl_easy_setopt (curl, CURLOPT_XFERINFODATA, t);
	if (code == CURLE_OK && t->cancellable != NULL)
		code = curl_easy_setopt (curl, CURLOPT_NOPROGRESS, 0L);

	/* the method and the body: POST as libcurl's own (a 301, 302 or 303 after it is
	 * followed with a GET), the others named; a POST, PUT or PATCH without a body says
	 * Content-Length: 0 */
	if (strcmp (method, "HEAD") == 0) {
		if (code == CURLE_OK)
			code = curl_easy_setopt (curl, CURLOPT_NOBODY, 1L);
	} else if (strcmp (method, "GET") == 0 && body == NULL) {
		if (code == CURLE_OK)
			code = curl_easy_setopt (curl, CURLOPT_HTTPGET, 1L);
	} else {
		if (code == CURLE_OK && strcmp (method, "POST") != 0)
			code = curl_easy_setopt (curl, CURLOPT_CUSTOMREQUEST, method);
		if (code == CURLE_OK && (body != NULL || strcmp (method, "DELETE") != 0))
			code = curl_easy_setopt (curl, CURLOPT_POSTFIELDSIZE_LARGE,
						 (curl_off_t) (body != NULL ? strlen (body) : 0));
		if (code == CURLE_OK && (body != NULL || strcmp (method, "DELETE") != 0))
			code = curl_easy_setopt (curl, CURLOPT_POSTFIELDS,
						 body != NULL ? body : "");
	}
	return code;
}

/* the failures of TLS, beside an untrusted certificate and an unusable CA file */
static const CURLcode tg_client_tls_failures[] = {
	CURLE_SSL_CONNECT_ERROR,     CURLE_SSL_CERTPROBLEM,       CURLE_SSL_CIPHER,
	CURLE_SSL_ISSUER_ERROR,      CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
	CURLE_SSL_CRL_BADFILE,       CURLE_SSL_ENGINE_NOTFOUND,   CURLE_SSL_ENGINE_SETFAILED,
	CURLE_SSL_ENGINE_INITFAILED, CURLE_USE_SSL_FAILED,
};

/* the answers libcurl finds malformed */
static const CURLcode tg_client_malformed_answers[] = {
	CURLE_WEIRD_SERVER_REPLY,
	CURLE_HTTP2,
	CURLE_HTTP2_STREAM,
	CURLE_BAD_CONTENT_ENCODING,
};

static gboolean
tg_client_code_in (CURLcode code, const CURLcode *codes, gsize n_codes)
{
	for (gsize i = 0; i < n_codes; i++) {
		if (codes[i] == code)
			return TRUE;
	}
	return FALSE;
}

/* turns a failed transfer into a TG_CLIENT_ERROR */
static void
tg_client_set_curl_error (TgClient *client, CURLcode code, const gchar *errbuf, GError **error)
{
	const gchar *url = client->base_url;
	const gchar *detail = errbuf[0] != '\0' ? errbuf : curl_easy_strerror (code);
	long os_errno = 0, status = 0;
	curl_off_t connected = 0;

	if (code == CURLE_URL_MALFORMAT) {
		tg_client_set_bad_url (error, url, detail);
	} else if (code == CURLE_COULDNT_RESOLVE_HOST) {
		g_set_error (error, TG_CLIENT_ERROR, TG_CLIENT_ERROR_UNREACHABLE,
			     _ ("cannot reach %s: the host name %s is not known"), url,
			     client->url->host);
	} else if (code == CURLE_COULDNT_CONNECT) {
		/* "Connection refused" rather than libcurl's sentence around it */
		if (curl_easy_getinfo (client->curl, CURLINFO_OS_ERRNO, &os_errno) == CURLE_OK &&
		    os_errno != 0)
			detail = g_strerror ((gint) os_errno);
		g_set_error (error, TG_CLIENT_ERROR, TG_CLIENT_ERROR_UNREACHABLE,
			     _ ("cannot reach %s: %s"), url, detail);
	} else if (code == CURLE_OPERATION_TIMEDOUT) {
		if (curl_easy_getinfo (client->curl, CURLINFO_CONNECT_TIME_T, &connected) !=
			    CURLE_OK ||
		    connected == 0)
			g_set_error (error, TG_CLIENT_ERROR, TG_CLIENT_ERROR_TIMEOUT,
				     _ ("cannot reach %s: no connection within %u seconds"), url,
				     client->timeout);
		else
			g_set_error (error, TG_CLIENT_ERROR, TG_CLIENT_ERROR_TIMEOUT,
				     _ ("%s stopped answering: nothing came for %u seconds"), url,
				     client->timeout);
	} else if (code == CURLE_SSL_CACERT_BADFILE) {
		g_set_error (error, TG_CLIENT_ERROR, TG_CLIENT_ERROR_TLS,
			     _ ("cannot use the CA file %s: %s"),
			     client->ca_file != NULL ? client->ca_file : "-", detail);
	} else if (code == CURLE_GOT_NOTHING) {
		g_set_error (error, TG_CLIENT_ERROR, TG_CLIENT_ERROR_PROTOCOL,
			     _ ("reading the answer of %s: the connection was closed without an "
				"answer"),
			     url);
	} else if (code == CURLE_PARTIAL_FILE) {
		g_set_error (error, TG_CLIENT_ERROR, TG_CLIENT_ERROR_PROTOCOL,
			     _ ("reading the answer of %s: the connection was closed in the middle "
				"of the answer"),
			     url);
	} else if (code == CURLE_TOO_MANY_REDIRECTS) {
		g_set_error (error, TG_CLIENT_ERROR, TG_CLIENT_ERROR_PROTOCOL,
			     _ ("%s redirects more than %d times"), url, TG_CLIENT_REDIRECTS_MAX);
	} else if (code == CURLE_FILESIZE_EXCEEDED) {
		tg_client_set_too_large (error, client->max_body);
	} else if (code == CURLE_UNSUPPORTED_PROTOCOL) {
		/* a redirect to a scheme not followed, or an answer that is not HTTP (0.9) */
		if (curl_easy_getinfo (client->curl, CURLINFO_RESPONSE_CODE, &status) == CURLE_OK &&
		    status >= 300 && status < 400)
			g_set_error (error, TG_CLIENT_ERROR, TG_CLIENT_ERROR_PROTOCOL,
				     _ ("%s redirects where thaogo does not follow: %s"), url,
				     detail);
		else
			g_set_error (error, TG_CLIENT_ERROR, TG_CLIENT_ERROR_PROTOCOL,
				     _ ("the answer of %s is not HTTP: %s"), url, detail);
	} else if (code == CURLE_COULDNT_RESOLVE_PROXY) {
		g_set_error (error, TG_CLIENT_ERROR, TG_CLIENT_ERROR_UNREACHABLE,
			     _ ("cannot reach %s: the proxy's host name is not known (%s)"), url,
			     detail);
	} else if (code == CURLE_PEER_FAILED_VERIFICATION) {
		g_set_error (error, TG_CLIENT_ERROR, TG_CLIENT_ERROR_UNTRUSTED,
			     _ ("the certificate of %s is not trusted: %s"), url, detail);
	} else if (tg_client_code_in (code, tg_client_tls_failures,
				      G_N_ELEMENTS (tg_client_tls_failures))) {
		g_set_error (error, TG_CLIENT_ERROR, TG_CLIENT_ERROR_TLS,
			     _ ("TLS with %s failed: %s"), url, detail);
	} else if (code == CURLE_SEND_ERROR) {
		g_set_error (error, TG_CLIENT_ERROR, TG_CLIENT_ERROR_IO,
			     _ ("sending the request to %s: %s"), url, detail);
	} else if (code == CURLE_RECV_ERROR &&
		   (curl_easy_getinfo (client->curl, CURLINFO_OS_ERRNO, &os_errno) != CURLE_OK ||
		    os_errno == 0)) {
		/* no error of the system: libcurl found the body's framing (its chunks)
		 * malformed */
		g_set_error (error, TG_CLIENT_ERROR, TG_CLIENT_ERROR_PROTOCOL,
			     _ ("the answer of %s is not well-formed HTTP: %s"), url, detail);
	} else if (code == CURLE_RECV_ERROR) {
		g_set_error (error, TG_CLIENT_ERROR, TG_CLIENT_ERROR_IO,
			     _ ("reading the answer of %s: %s"), url, detail);
	} else if (tg_client_code_in (code, tg_client_malformed_answers,
				      G_N_ELEMENTS (tg_client_malformed_answers))) {
		g_set_error (error, TG_CLIENT_ERROR, TG_CLIENT_ERROR_PROTOCOL,
			     _ ("the answer of %s is not well-formed HTTP: %s"), url, detail);
	} else if (curl_easy_getinfo (client->curl, CURLINFO_RESPONSE_CODE, &status) == CURLE_OK &&
		   status != 0 &&
		   curl_easy_getinfo (client->curl, CURLINFO_OS_ERRNO, &os_errno) == CURLE_OK &&
		   os_errno == 0) {
		/* the answer had begun and the system saw nothing wrong: the answer is */
		g_set_error (error, TG_CLIENT_ERROR, TG_CLIENT_ERROR_PROTOCOL,
			     _ ("the answer of %s is not well-formed HTTP: %s"), url, detail);
	} else {
		g_set_error (error, TG_CLIENT_ERROR, TG_CLIENT_ERROR_IO, _ ("talking to %s: %s"),
			     url, detail);
	}
}

TgClientResponse *
tg_client_request (TgClient *client, const gchar *method, const gchar *path, const gchar *body,
		   GCancellable *cancellable, GError **error)
{
	g_autoptr(TgClientResponse) resp = NULL;
	g_autoptr(GByteArray) received = NULL;
	g_autofree gchar *authority = NULL;
	g_autofree gchar *url = NULL;
	gchar errbuf[CURL_ERROR_SIZE] = "";
	struct curl_slist *headers = NULL;
	TgClientTransfer t = {0};
	CURLcode code;
	long status = 0;

	g_return_val_if_fail (client != NULL, NULL);
	g_return_val_if_fail (method != NULL && tg_client_is_method (method), NULL);
	g_return_val_if_fail (path != NULL && path[0] == '/', NULL);

	/* nothing of the arguments may break a line of the request */
	if (!tg_client_path_is_clean (path)) {
		g_autofree gchar *shown = g_strescape (path, NULL);
		g_set_error (error, TG_CLIENT_ERROR, TG_CLIENT_ERROR_BAD_URL,
			     _ ("the path '%s' holds characters that cannot be sent"), shown);
		return NULL;
	}
	if (client->token != NULL && (!tg_client_is_header_safe (client->token) ||
				      strlen (client->token) > TG_CLIENT_TOKEN_MAX)) {
		g_set_error_literal (error, TG_CLIENT_ERROR, TG_CLIENT_ERROR_BAD_URL,
				     _ ("the access token holds characters that cannot be sent"));
		return NULL;
	}
	if (!tg_client_is_header_safe (client->language)) {
		g_set_error_literal (error, TG_CLIENT_ERROR, TG_CLIENT_ERROR_BAD_URL,
				     _ ("the language holds characters that cannot be sent"));
		return NULL;
	}

	authority = tg_client_url_get_authority (client->url);
	url = g_strconcat (client->url->tls ? "https://" : "http://", authority,
			   client->url->prefix, path, NULL);
	headers = tg_client_build_headers (client, body);
	if (headers == NULL) {
		g_set_error_literal (error, TG_CLIENT_ERROR, TG_CLIENT_ERROR_IO,
				     _ ("out of memory"));
		return NULL;
	}
	resp = tg_client_response_new ();
	received = g_byte_array_new ();
	t.resp = resp;
	t.body = received;
	t.max_body = client->max_body;
	t.head_budget = TG_CLIENT_HEAD_MAX;
	t.cancellable = cancellable;
	t.curl = client->curl;
	t.sink_fd = client->sink_fd;

	code = tg_client_setup (client, &t, url, method, body, headers, errbuf);
	if (code != CURLE_OK) {
		curl_slist_free_all (headers);
		g_set_error (error, TG_CLIENT_ERROR, TG_CLIENT_ERROR_IO,
			     _ ("cannot set up the request to %s: %s"), client->base_url,
			     curl_easy_strerror (code));
		return NULL;
	}
	g_debug ("%s %s%s", method, client->url->prefix, path);
	code = curl_easy_perform (client->curl);
	/* the handle must not keep pointers to what goes now */
	curl_easy_setopt (client->curl, CURLOPT_HTTPHEADER, NULL);
	curl_easy_setopt (client->curl, CURLOPT_ERRORBUFFER, NULL);
	curl_slist_free_all (headers);

	/* a callback's reason comes first: libcurl only says it was stopped */
	if (t.error != NULL) {
		g_propagate_error (error, g_steal_pointer (&t.error));
		return NULL;
	}
	if (code != CURLE_OK) {
		tg_client_set_curl_error (client, code, errbuf, error);
		return NULL;
	}
	if (curl_easy_getinfo (client->curl, CURLINFO_RESPONSE_CODE, &status) != CURLE_OK ||
	    status < 100 || status > 599) {
		g_set_error_literal (error, TG_CLIENT_ERROR, TG_CLIENT_ERROR_PROTOCOL,
				     _ ("the answer's status is not 100 to 599"));
		return NULL;
	}
	resp->status = (guint) status;
	resp->body = g_byte_array_free_to_bytes (g_steal_pointer (&received));
	return g_steal_pointer (&resp);
}
