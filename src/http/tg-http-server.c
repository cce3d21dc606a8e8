/* tg-http-server.c: the only code that talks to libmicrohttpd */
#define G_LOG_DOMAIN "thaogo-http"

#include "config.h"

#include <gio/gio.h>
#include <microhttpd.h>
#include <glib/gi18n-lib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <errno.h>
#include <unistd.h>

#include "tg-error.h"
#include "tg-http-server.h"
#include "tg-http.h"
#include "tg-http-ratelimit.h"
#include "tg-http-cache.h"
#include "tg-http-metrics.h"
#include "tg-http-static.h"
#include "tg-http-handlers.h"
#include "tg-i18n.h"

/* MHD zeroes a connection's memory twice per request: 32 KiB (its default) holds any sane
 * request line and headers; bodies are read in chunks into our own buffer (64 KiB cap) */
#define TG_HTTP_CONNECTION_MEMORY (32 * 1024)
#define TG_HTTP_LISTEN_BACKLOG 1024

struct _TgHttpServer {
	struct MHD_Daemon *daemon;
	TgEngine *engine;
	gchar *trusted_proxy;
	guint16 port;
	const TgHttpRoute *routes;
	guint n_routes;
	TgRateLimit *rate_limit;
	TgRateLimit *resend_limit; /* confirmation requests sent again, per booking */
	TgHttpStatic *web;         /* (nullable) */
	TgHttpCache *cache;        /* the bodies of public reads */
	gchar *public_url;
	GStrv *patterns; /* each route's pattern split at '/' */
	/* requests let in and not yet answered (in a handler, or deferred); once stopping is
	 * set, no more are let in */
	gint active;
	gint stopping;
	/* bound by tg_http_server_new(), answered from tg_http_server_start() */
	GSocket *socket;
	gboolean ipv6;
	guint threads;
	guint max_connections;
	guint per_ip_connections;
	guint connection_timeout;
	TgHttpMetrics *metrics;
	/* [server] metrics_listen: /metrics alone, without a token, on its own address */
	struct MHD_Daemon *metrics_daemon;
	GSocket *metrics_socket;
	gboolean metrics_ipv6;
	guint16 metrics_port;
};

struct _TgHttpRequest {
	TgHttpServer *server;
	struct MHD_Connection *conn;
	const gchar *method;
	const gchar *path;
	GPtrArray *params;
	GByteArray *body;
	gsize body_max; /* of its route */
	gboolean too_large;
	gboolean bad_query;
	const gchar *lang;
	gchar *client_address;
	gchar *public_url;
	TgToken *caller;
	/* deferred work (tg_http_request_defer) */
	TgHttpFinish finish;
	gpointer finish_data;
	GDestroyNotify finish_data_free;
	GMutex wake_mutex;
	gboolean woken;
	gboolean suspended;
	gboolean active;   /* counted in server->active */
	gint route;        /* what answers it: an index of server->routes, TG_HTTP_ROUTE_* */
	gint64 started_us; /* monotonic, when it came */
};

/* ---- request accessors ---- */

TgEngine *
tg_http_request_get_engine (TgHttpRequest *req)
{
	return req->server->engine;
}

const gchar *
tg_http_request_get_method (TgHttpRequest *req)
{
	return req->method;
}

const gchar *
tg_http_request_get_path (TgHttpRequest *req)
{
	return req->path;
}

const gchar *
tg_http_request_get_param (TgHttpRequest *req, guint n)
{
	if (req->params == NULL || n >= req->params->len)
		return NULL;
	return g_ptr_array_index (req->params, n);
}

const gchar *
tg_http_request_get_query (TgHttpRequest *req, const gchar *name)
{
	/* an internal read (tg_http_request_read_internal) has no connection */
	return req->conn != NULL
		       ? MHD_lookup_connection_value (req->conn, MHD_GET_ARGUMENT_KIND, name)
		       : NULL;
}

const gchar *
tg_http_request_get_header (TgHttpRequest *req, const gchar *name)
{
	/* an internal read (tg_http_request_read_internal) has no connection */
	return req->conn != NULL ? MHD_lookup_connection_value (req->conn, MHD_HEADER_KIND, name)
				 : NULL;
}

const gchar *
tg_http_request_get_cookie (TgHttpRequest *req, const gchar *name)
{
	/* an internal read (tg_http_request_read_internal) has no connection */
	return req->conn != NULL ? MHD_lookup_connection_value (req->conn, MHD_COOKIE_KIND, name)
				 : NULL;
}

TgHttpStatic *
tg_http_request_get_static (TgHttpRequest *req)
{
	return req->server->web;
}

const gchar *
tg_http_request_get_language (TgHttpRequest *req)
{
	if (req->lang == NULL)
		req->lang = tg_i18n_pick_language (
			tg_http_request_get_header (req, MHD_HTTP_HEADER_ACCEPT_LANGUAGE));
	return req->lang;
}

static gchar *
tg_http_peer_address (struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *info =
		conn != NULL ? MHD_get_connection_info (conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS)
			     : NULL;
	const struct sockaddr *sa;
	g_autoptr(GSocketAddress) addr = NULL;
	gsize len;

	if (info == NULL || info->client_addr == NULL)
		return g_strdup ("unknown");
	sa = info->client_addr;
	len = sa->sa_family == AF_INET6 ? sizeof (struct sockaddr_in6)
					: sizeof (struct sockaddr_in);
	addr = g_socket_address_new_from_native ((gpointer) sa, len);
	if (addr == NULL || !G_IS_INET_SOCKET_ADDRESS (addr))
		return g_strdup ("unknown");
	return g_inet_address_to_string (
		g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (addr)));
}

const gchar *
tg_http_request_get_client_address (TgHttpRequest *req)
{
	if (req->client_address == NULL) {
		g_autofree gchar *peer = tg_http_peer_address (req->conn);
		const gchar *xff = tg_http_request_get_header (req, "X-Forwarded-For");

		if (req->server->trusted_proxy != NULL && xff != NULL &&
		    g_strcmp0 (peer, req->server->trusted_proxy) == 0) {
			/* the last hop added by the trusted proxy is the client it saw */
			const gchar *last = strrchr (xff, ',');
			g_autofree gchar *candidate = g_strstrip (g_strdup (last ? last + 1 : xff));
			if (g_hostname_is_ip_address (candidate))
				req->client_address = g_steal_pointer (&candidate);
		}
		if (req->client_address == NULL)
			req->client_address = g_steal_pointer (&peer);
	}
	return req->client_address;
}

const gchar *
tg_http_request_get_public_url (TgHttpRequest *req)
{
	if (req->server->public_url != NULL)
		return req->server->public_url;
	if (req->public_url == NULL)
		req->public_url = g_strdup_printf ("http://127.0.0.1:%u", req->server->port);
	return req->public_url;
}

const TgToken *
tg_http_request_require_caller (TgHttpRequest *req, GError **error)
{
	const gchar *auth;

	if (req->caller != NULL)
		return req->caller;
	auth = tg_http_request_get_header (req, MHD_HTTP_HEADER_AUTHORIZATION);
	if (auth == NULL) {
		/* a web page's session stands for its token (tg-http-sessions.c) */
		const gchar *cookie = tg_http_request_get_cookie (req, TG_HTTP_SESSION_COOKIE);
		if (cookie != NULL)
			return tg_http_session_authenticate (req, cookie, error);
	}
	if (auth == NULL || g_ascii_strncasecmp (auth, "Bearer ", 7) != 0) {
		tg_error_set_field (error, TG_ERROR_UNAUTHORIZED, NULL,
				    N_ ("a valid access token is needed"));
		return NULL;
	}
	auth += 7;
	while (*auth == ' ')
		auth++;
	req->caller = tg_engine_authenticate (req->server->engine, auth, error);
	return req->caller;
}

const TgToken *
tg_http_request_set_caller (TgHttpRequest *req, TgToken *caller)
{
	tg_token_free (req->caller);
	req->caller = caller;
	return caller;
}

gboolean
tg_http_request_has_body (TgHttpRequest *req)
{
	return req->body != NULL && req->body->len > 0;
}

gboolean
tg_http_request_take_rate (TgHttpRequest *req, TgHttpResponse *resp, GError **error)
{
	guint retry_after = 0;
	g_autofree gchar *value = NULL;

	if (tg_rate_limit_take (req->server->rate_limit, tg_http_request_get_client_address (req),
				tg_clock_now (tg_engine_get_clock (req->server->engine)),
				&retry_after))
		return TRUE;
	value = g_strdup_printf ("%u", retry_after);
	tg_http_response_add_header (resp, "Retry-After", value);
	tg_error_set_field (error, TG_ERROR_RATE_LIMITED, NULL,
			    N_ ("too many new bookings from this address; try again later"));
	return FALSE;
}

gboolean
tg_http_request_take_resend (TgHttpRequest *req, TgHttpResponse *resp, const gchar *booking,
			     GError **error)
{
	guint retry_after = 0;
	g_autofree gchar *value = NULL;

	if (tg_rate_limit_take (req->server->resend_limit, booking,
				tg_clock_now (tg_engine_get_clock (req->server->engine)),
				&retry_after))
		return TRUE;
	value = g_strdup_printf ("%u", retry_after);
	tg_http_response_add_header (resp, "Retry-After", value);
	tg_error_set_field (error, TG_ERROR_RATE_LIMITED, NULL,
			    N_ ("the message was sent again a short while ago; try again later"));
	return FALSE;
}

const guint8 *
tg_http_request_get_body (TgHttpRequest *req, gsize *len)
{
	*len = req->body != NULL ? req->body->len : 0;
	return req->body != NULL ? req->body->data : NULL;
}

JsonObject *
tg_http_request_parse_object (TgHttpRequest *req, GError **error)
{
	if (req->body == NULL)
		return tg_http_parse_object (NULL, 0, error);
	return tg_http_parse_object (req->body->data, req->body->len, error);
}

/* ---- responses ---- */

static void
tg_http_response_clear (TgHttpResponse *resp)
{
	g_clear_pointer (&resp->content_type, g_free);
	g_clear_pointer (&resp->body, g_bytes_unref);
	g_clear_pointer (&resp->headers, g_ptr_array_unref);
}

void
tg_http_response_set_bytes (TgHttpResponse *resp, guint status, const gchar *content_type,
			    GBytes *body)
{
	resp->status = status;
	g_free (resp->content_type);
	resp->content_type = g_strdup (content_type);
	g_clear_pointer (&resp->body, g_bytes_unref);
	resp->body = body != NULL ? g_bytes_ref (body) : NULL;
}

void
tg_http_response_set_json (TgHttpResponse *resp, guint status, JsonNode *node)
{
	g_autoptr(JsonGenerator) gen = json_generator_new ();
	g_autoptr(GBytes) bytes = NULL;
	gsize len = 0;
	gchar *text;

	json_generator_set_root (gen, node);
	json_node_unref (node);
	text = json_generator_to_data (gen, &len);
	bytes = g_bytes_new_take (text, len);
	tg_http_response_set_bytes (resp, status, "application/json; charset=utf-8", bytes);
}

void
tg_http_response_add_header (TgHttpResponse *resp, const gchar *name, const gchar *value)
{
	if (resp->headers == NULL)
		resp->headers = g_ptr_array_new_with_free_func (g_free);
	g_ptr_array_add (resp->headers, g_strdup (name));
	g_ptr_array_add (resp->headers, g_strdup (value));
}

gboolean
tg_http_response_has_header (const TgHttpResponse *resp, const gchar *name)
{
	for (guint i = 0; resp->headers != NULL && i < resp->headers->len; i += 2) {
		if (g_ascii_strcasecmp (g_ptr_array_index (resp->headers, i), name) == 0)
			return TRUE;
	}
	return FALSE;
}

static enum MHD_Result
tg_http_send_on (struct MHD_Connection *conn, TgHttpResponse *resp)
{
	struct MHD_Response *r;
	gsize len = 0;
	gconstpointer data = resp->body != NULL ? g_bytes_get_data (resp->body, &len) : NULL;
	enum MHD_Result ret;

	/* the body is shared, not copied: MHD drops its reference when it is sent */
	if (resp->body != NULL)
		r = MHD_create_response_from_buffer_with_free_callback_cls (
			len, (gpointer) data, (MHD_ContentReaderFreeCallback) g_bytes_unref,
			g_bytes_ref (resp->body));
	else
		r = MHD_create_response_from_buffer (0, NULL, MHD_RESPMEM_PERSISTENT);
	if (r == NULL)
		return MHD_NO;
	if (resp->content_type != NULL)
		MHD_add_response_header (r, MHD_HTTP_HEADER_CONTENT_TYPE, resp->content_type);
	MHD_add_response_header (r, "X-Content-Type-Options", "nosniff");
	for (guint i = 0; resp->headers != NULL && i + 1 < resp->headers->len; i += 2) {
		MHD_add_response_header (r, g_ptr_array_index (resp->headers, i),
					 g_ptr_array_index (resp->headers, i + 1));
	}
	ret = MHD_queue_response (conn, resp->status, r);
	MHD_destroy_response (r);
	return ret;
}

/* Every answer to a request goes out here, and is counted */
static enum MHD_Result
tg_http_send (TgHttpRequest *req, TgHttpResponse *resp)
{
	tg_http_metrics_count (req->server->metrics, req->route, resp->status,
			       g_get_monotonic_time () - req->started_us);
	return tg_http_send_on (req->conn, resp);
}

static enum MHD_Result
tg_http_send_error (TgHttpRequest *req, const GError *error)
{
	TgHttpResponse resp = {0};
	enum MHD_Result ret;

	tg_http_response_set_error (&resp, error, tg_http_request_get_language (req));
	ret = tg_http_send (req, &resp);
	tg_http_response_clear (&resp);
	return ret;
}

/* Sends what a handler (or a deferred finish) gave: @resp when @ok, else @error */
static enum MHD_Result
tg_http_send_outcome (TgHttpRequest *req, TgHttpResponse *resp, gboolean ok, const GError *error)
{
	enum MHD_Result ret;

	if (!ok) {
		/* the error replaces the body; headers the handler set stay */
		GPtrArray *headers = g_steal_pointer (&resp->headers);
		tg_http_response_clear (resp);
		resp->headers = headers;
		tg_http_response_set_error (resp, error, tg_http_request_get_language (req));
	} else if (!tg_http_response_has_header (resp, "Cache-Control")) {
		tg_http_response_add_header (resp, "Cache-Control", "no-store");
	}
	ret = tg_http_send (req, resp);
	tg_http_response_clear (resp);
	return ret;
}

/* ---- deferred answers ---- */

void
tg_http_request_defer (TgHttpRequest *req, TgHttpFinish finish, gpointer data,
		       GDestroyNotify data_free)
{
	g_return_if_fail (req->finish == NULL && finish != NULL);
	req->finish = finish;
	req->finish_data = data;
	req->finish_data_free = data_free;
}

/* @req is answered (or gone): the server's stop no longer waits for it */
static void
tg_http_request_leave (TgHttpRequest *req)
{
	if (req->active) {
		req->active = FALSE;
		g_atomic_int_dec_and_test (&req->server->active);
	}
}

void
tg_http_request_wake (gpointer data)
{
	TgHttpRequest *req = data;
	struct MHD_Connection *suspended = NULL;

	g_mutex_lock (&req->wake_mutex);
	req->woken = TRUE;
	if (req->suspended)
		suspended = req->conn;
	g_mutex_unlock (&req->wake_mutex);
	/* after the unlock: once resumed, the request may be answered and freed at once */
	if (suspended != NULL)
		MHD_resume_connection (suspended);
}

static enum MHD_Result tg_http_finish (TgHttpRequest *req);

/* After a handler deferred: the connection leaves the poll set until the work wakes it,
 * unless the work is already done */
static enum MHD_Result
tg_http_suspend (TgHttpRequest *req)
{
	g_mutex_lock (&req->wake_mutex);
	if (!req->woken) {
		MHD_suspend_connection (req->conn);
		req->suspended = TRUE;
		g_mutex_unlock (&req->wake_mutex);
		return MHD_YES;
	}
	g_mutex_unlock (&req->wake_mutex);
	return tg_http_finish (req);
}

/* The deferred work is done: its answer */
static enum MHD_Result
tg_http_finish (TgHttpRequest *req)
{
	TgHttpResponse resp = {0};
	g_autoptr(GError) error = NULL;
	gboolean ok;
	enum MHD_Result ret;

	resp.status = 200;
	ok = req->finish (req, g_steal_pointer (&req->finish_data), &resp, &error);
	req->finish = NULL;
	ret = tg_http_send_outcome (req, &resp, ok, error);
	tg_http_request_leave (req);
	return ret;
}

/* ---- routing ---- */

/* @pattern and @path split at '/' once each (patterns when the server starts) */
static gboolean
tg_http_route_matches (gchar **p, gchar **s, GPtrArray **params)
{
	g_autoptr(GPtrArray) captured = NULL;
	guint i;

	for (i = 0; p[i] != NULL && s[i] != NULL; i++) {
		if (p[i][0] == '*' && p[i][1] == '\0') {
			if (s[i][0] == '\0')
				return FALSE;
			if (captured == NULL)
				captured = g_ptr_array_new_with_free_func (g_free);
			g_ptr_array_add (captured, g_strdup (s[i]));
		} else if (strcmp (p[i], s[i]) != 0) {
			return FALSE;
		}
	}
	if (p[i] != NULL || s[i] != NULL)
		return FALSE;
	*params = captured != NULL ? g_steal_pointer (&captured)
				   : g_ptr_array_new_with_free_func (g_free);
	return TRUE;
}

static gboolean
tg_http_query_is_utf8 (void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	gboolean *ok = cls;
	(void) kind;
	if (!g_utf8_validate (key, -1, NULL) ||
	    (value != NULL && !g_utf8_validate (value, -1, NULL))) {
		*ok = FALSE;
		return MHD_NO;
	}
	return MHD_YES;
}

static enum MHD_Result
tg_http_route (TgHttpRequest *req)
{
	TgHttpServer *server = req->server;
	const gchar *method = g_strcmp0 (req->method, "HEAD") == 0 ? "GET" : req->method;
	gboolean path_known = FALSE;
	gboolean utf8_ok = TRUE;
	g_auto(GStrv) segments = NULL;
	g_autoptr(GString) allow = g_string_new (NULL);
	g_autoptr(GError) error = NULL;

	if (req->too_large) {
		tg_error_set_field (&error, TG_ERROR_TOO_LARGE, NULL,
				    req->body_max > TG_HTTP_BODY_MAX
					    ? N_ ("the file is larger than 16 MiB")
					    : N_ ("the request body is larger than 64 KiB"));
		return tg_http_send_error (req, error);
	}
	MHD_get_connection_values (req->conn, MHD_GET_ARGUMENT_KIND,
				   (MHD_KeyValueIterator) tg_http_query_is_utf8, &utf8_ok);
	if (!g_utf8_validate (req->path, -1, NULL) || !utf8_ok) {
		tg_error_set_field (&error, TG_ERROR_INVALID, NULL,
				    N_ ("the address is not valid UTF-8"));
		return tg_http_send_error (req, error);
	}
	for (guint i = 0; i < server->n_routes; i++) {
		const TgHttpRoute *route = &server->routes[i];
		g_autoptr(GPtrArray) params = NULL;

		if (segments == NULL)
			segments = g_strsplit (req->path, "/", 16);
		if (!tg_http_route_matches (server->patterns[i], segments, &params))
			continue;
		path_known = TRUE;
		if (g_strcmp0 (route->method, method) != 0) {
			if (allow->len > 0)
				g_string_append (allow, ", ");
			g_string_append (allow, route->method);
			continue;
		}
		req->params = g_steal_pointer (&params);
		req->route = (gint) i;
		{
			TgHttpResponse resp = {0};
			gboolean ok;

			resp.status = 200;
			if (route->cache != NULL)
				ok = tg_http_cache_answer (server->cache, req, route->cache,
							   route->handler, &resp, &error);
			else
				ok = route->handler (req, &resp, &error);
			if (ok && req->finish != NULL) {
				tg_http_response_clear (&resp);
				return tg_http_suspend (req);
			}
			return tg_http_send_outcome (req, &resp, ok, error);
		}
	}
	if (path_known) {
		TgHttpResponse resp = {0};
		enum MHD_Result ret;

		tg_error_set_field (&error, TG_ERROR_METHOD_NOT_ALLOWED, NULL,
				    N_ ("this method is not allowed here"));
		tg_http_response_set_error (&resp, error, tg_http_request_get_language (req));
		tg_http_response_add_header (&resp, "Allow", allow->str);
		ret = tg_http_send (req, &resp);
		tg_http_response_clear (&resp);
		return ret;
	}
	if (g_strcmp0 (method, "GET") == 0) {
		/* the pages' files, or the page of an unknown address for a browser */
		TgHttpResponse resp = {0};

		if (tg_http_web_fallback (req, &resp)) {
			req->route = TG_HTTP_ROUTE_STATIC;
			return tg_http_send_outcome (req, &resp, TRUE, NULL);
		}
		tg_http_response_clear (&resp);
	}
	tg_error_set_field (&error, TG_ERROR_NOT_FOUND, NULL, N_ ("nothing is at this address"));
	return tg_http_send_error (req, error);
}

GBytes *
tg_http_request_read_internal (TgHttpRequest *req, const gchar *path)
{
	TgHttpServer *server = req->server;
	TgHttpRequest sub = {
		.server = server,
		.method = "GET",
		.path = path,
		.lang = req->lang,
	};
	g_auto(GStrv) segments = g_strsplit (path, "/", 16);
	GBytes *body = NULL;

	for (guint i = 0; i < server->n_routes; i++) {
		const TgHttpRoute *route = &server->routes[i];
		g_autoptr(GPtrArray) params = NULL;
		g_autoptr(GError) error = NULL;
		TgHttpResponse resp = {.status = 200};

		if (g_strcmp0 (route->method, "GET") != 0 ||
		    !tg_http_route_matches (server->patterns[i], segments, &params))
			continue;
		sub.params = g_steal_pointer (&params);
		/* a read that would wait (none of the public reads does) is not answered here */
		/* through the public reads' memory, as a request of anyone */
		if ((route->cache != NULL ? tg_http_cache_answer (server->cache, &sub, route->cache,
								  route->handler, &resp, &error)
					  : route->handler (&sub, &resp, &error)) &&
		    sub.finish == NULL && resp.status == 200 && resp.body != NULL &&
		    g_strcmp0 (resp.content_type, "application/json; charset=utf-8") == 0)
			body = g_bytes_ref (resp.body);
		else if (sub.finish != NULL && sub.finish_data_free != NULL)
			sub.finish_data_free (sub.finish_data);
		tg_http_response_clear (&resp);
		g_clear_pointer (&sub.params, g_ptr_array_unref);
		break;
	}
	tg_token_free (sub.caller);
	g_free (sub.client_address);
	g_free (sub.public_url);
	return body;
}

/* the largest body that the route of @method and @url takes */
static gsize
tg_http_route_body_max (TgHttpServer *server, const gchar *method, const gchar *url)
{
	g_auto(GStrv) segments = NULL;

	for (guint i = 0; i < server->n_routes; i++) {
		const TgHttpRoute *route = &server->routes[i];
		g_autoptr(GPtrArray) params = NULL;

		if (route->body_max == 0 || g_strcmp0 (route->method, method) != 0)
			continue;
		if (segments == NULL)
			segments = g_strsplit (url, "/", 16);
		if (tg_http_route_matches (server->patterns[i], segments, &params))
			return route->body_max;
	}
	return TG_HTTP_BODY_MAX;
}

static enum MHD_Result
tg_http_dispatch (TgHttpRequest *req)
{
	TgHttpServer *server = req->server;
	enum MHD_Result ret;

	/* counted before the check: the server's stop waits for every request it lets in */
	g_atomic_int_inc (&server->active);
	req->active = TRUE;
	/* a request that comes after the stop began is closed unanswered, as if it came
	 * after the listening socket was closed */
	if (g_atomic_int_get (&server->stopping))
		ret = MHD_NO;
	else
		ret = tg_http_route (req);
	if (req->finish == NULL)
		tg_http_request_leave (req);
	return ret;
}

static enum MHD_Result
tg_http_on_request (void *cls, struct MHD_Connection *conn, const char *url, const char *method,
		    const char *version, const char *upload_data, size_t *upload_data_size,
		    void **con_cls)
{
	TgHttpServer *server = cls;
	TgHttpRequest *req = *con_cls;

	(void) version;
	if (req == NULL) {
		const gchar *length;
		guint64 n = 0;

		req = g_new0 (TgHttpRequest, 1);
		req->server = server;
		req->conn = conn;
		req->method = method;
		req->path = url;
		req->route = TG_HTTP_ROUTE_NONE;
		req->started_us = g_get_monotonic_time ();
		req->body_max = tg_http_route_body_max (server, method, url);
		g_mutex_init (&req->wake_mutex);
		*con_cls = req;
		/* refuse a body announced too large before reading any of it */
		length = MHD_lookup_connection_value (conn, MHD_HEADER_KIND,
						      MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (length != NULL &&
		    g_ascii_string_to_unsigned (length, 10, 0, G_MAXUINT64, &n, NULL) &&
		    n > req->body_max) {
			req->too_large = TRUE;
			return tg_http_dispatch (req);
		}
		return MHD_YES;
	}
	if (req->finish != NULL)
		return tg_http_finish (req); /* resumed */
	if (*upload_data_size > 0) {
		if (!req->too_large) {
			if (req->body == NULL)
				req->body = g_byte_array_new ();
			if (req->body->len + *upload_data_size > req->body_max) {
				req->too_large = TRUE;
				g_clear_pointer (&req->body, g_byte_array_unref);
			} else {
				g_byte_array_append (req->body, (const guint8 *) upload_data,
						     (guint) *upload_data_size);
			}
		}
		*upload_data_size = 0;
		return MHD_YES;
	}
	return tg_http_dispatch (req);
}

static void
tg_http_on_completed (void *cls, struct MHD_Connection *conn, void **con_cls,
		      enum MHD_RequestTerminationCode toe)
{
	TgHttpRequest *req = *con_cls;

	(void) cls;
	(void) conn;
	(void) toe;
	if (req == NULL)
		return;
	if (req->body != NULL)
		g_byte_array_unref (req->body);
	if (req->params != NULL)
		g_ptr_array_unref (req->params);
	tg_http_request_leave (req);
	if (req->finish_data_free != NULL && req->finish_data != NULL)
		req->finish_data_free (req->finish_data);
	g_mutex_clear (&req->wake_mutex);
	tg_token_free (req->caller);
	g_free (req->client_address);
	g_free (req->public_url);
	g_free (req);
	*con_cls = NULL;
}

static enum MHD_Result
tg_http_on_accept (void *cls, const struct sockaddr *addr, socklen_t addrlen)
{
	TgHttpServer *server = cls;
	(void) addr;
	(void) addrlen;
	return g_atomic_int_get (&server->stopping) ? MHD_NO : MHD_YES;
}

static void
tg_http_on_log (void *cls, const char *fmt, va_list ap)
{
	g_autofree gchar *msg = g_strdup_vprintf (fmt, ap);
	(void) cls;
	g_strchomp (msg);
	g_info ("libmicrohttpd: %s", msg);
}

/* (transfer full): a socket bound to @host:@port (0: any free port) and listening; *@port_out
 * the port it got */
static GSocket *
tg_http_listen (const gchar *host, guint16 port, gint backlog, gboolean *ipv6, guint16 *port_out,
		GError **error)
{
	g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (host);
	g_autoptr(GSocketAddress) address = NULL;
	g_autoptr(GSocketAddress) bound = NULL;
	g_autoptr(GSocket) socket = NULL;

	if (inet == NULL) {
		g_set_error (error, TG_ERROR, TG_ERROR_INVALID, "%s is not an IP address", host);
		return NULL;
	}
	*ipv6 = g_inet_address_get_family (inet) == G_SOCKET_FAMILY_IPV6;
	/* the socket is ours until the start; libmicrohttpd closes it when it stops */
	socket = g_socket_new (g_inet_address_get_family (inet), G_SOCKET_TYPE_STREAM,
			       G_SOCKET_PROTOCOL_TCP, error);
	if (socket == NULL)
		return NULL;
	address = g_inet_socket_address_new (inet, port);
	g_socket_set_listen_backlog (socket, backlog);
	if (!g_socket_bind (socket, address, TRUE, error) || !g_socket_listen (socket, error)) {
		g_prefix_error (error, "cannot listen on %s:%u: ", host, port);
		return NULL;
	}
	bound = g_socket_get_local_address (socket, error);
	if (bound == NULL)
		return NULL;
	*port_out = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
	return g_steal_pointer (&socket);
}

TgHttpServer *
tg_http_server_new (TgEngine *engine, const TgHttpOptions *options, GError **error)
{
	g_autoptr(TgHttpServer) server = g_new0 (TgHttpServer, 1);

	g_return_val_if_fail (engine != NULL && options != NULL, NULL);
	server->engine = engine;
	server->trusted_proxy = g_strdup (options->trusted_proxy);
	server->routes = tg_http_api_get_routes (&server->n_routes);
	server->metrics = tg_http_metrics_new (server->routes, server->n_routes);
	server->patterns = g_new0 (GStrv, server->n_routes);
	for (guint i = 0; i < server->n_routes; i++)
		server->patterns[i] = g_strsplit (server->routes[i].pattern, "/", -1);
	server->rate_limit = tg_rate_limit_new (options->rate_limit_per_hour);
	server->resend_limit = tg_rate_limit_new (TG_HTTP_RESEND_PER_HOUR);
	server->public_url = g_strdup (options->public_url);
	server->cache = tg_http_cache_new (TG_HTTP_CACHE_MAX_ENTRIES, TG_HTTP_CACHE_MAX_BYTES);
	if (options->web_dir != NULL) {
		gsize bytes = 0;
		guint n;

		server->web = tg_http_static_load (options->web_dir, error);
		if (server->web == NULL)
			return NULL;
		n = tg_http_static_get_count (server->web, &bytes);
		g_info ("web: %u files (%" G_GSIZE_FORMAT " bytes) from %s", n, bytes,
			options->web_dir);
	}
	server->threads = options->threads;
	server->max_connections = options->max_connections;
	server->per_ip_connections = options->per_ip_connections;
	server->connection_timeout = options->connection_timeout;

	server->socket =
		tg_http_listen (options->listen_host, options->listen_port, TG_HTTP_LISTEN_BACKLOG,
				&server->ipv6, &server->port, error);
	if (server->socket == NULL)
		return NULL;
	if (options->metrics_listen_host != NULL) {
		server->metrics_socket =
			tg_http_listen (options->metrics_listen_host, options->metrics_listen_port,
					16, &server->metrics_ipv6, &server->metrics_port, error);
		if (server->metrics_socket == NULL) {
			g_prefix_error (error, "[server] metrics_listen: ");
			return NULL;
		}
	}
	return g_steal_pointer (&server);
}

static guint
tg_http_server_count_connections (TgHttpServer *server)
{
	const union MHD_DaemonInfo *info =
		server->daemon != NULL
			? MHD_get_daemon_info (server->daemon, MHD_DAEMON_INFO_CURRENT_CONNECTIONS)
			: NULL;
	return info != NULL ? info->num_connections : 0;
}

GBytes *
tg_http_request_render_metrics (TgHttpRequest *req, GError **error)
{
	TgHttpServer *server = req->server;
	return tg_http_metrics_render (server->metrics, server->engine,
				       tg_http_server_count_connections (server), error);
}

/* The metrics' own address: GET /metrics, and nothing else, to anyone who reaches it */
static enum MHD_Result
tg_http_on_metrics_request (void *cls, struct MHD_Connection *conn, const char *url,
			    const char *method, const char *version, const char *upload_data,
			    size_t *upload_data_size, void **con_cls)
{
	TgHttpServer *server = cls;
	TgHttpResponse resp = {0};
	g_autoptr(GError) error = NULL;
	g_autoptr(GBytes) body = NULL;
	enum MHD_Result ret;

	(void) version;
	(void) upload_data;
	if (*con_cls == NULL) {
		*con_cls = server; /* the headers: answered once the body (if any) is read */
		return MHD_YES;
	}
	if (*upload_data_size > 0) {
		*upload_data_size = 0; /* ignored */
		return MHD_YES;
	}
	if (g_strcmp0 (url, "/metrics") != 0) {
		tg_error_set_field (&error, TG_ERROR_NOT_FOUND, NULL,
				    N_ ("nothing is at this address"));
	} else if (g_strcmp0 (method, "GET") != 0 && g_strcmp0 (method, "HEAD") != 0) {
		tg_error_set_field (&error, TG_ERROR_METHOD_NOT_ALLOWED, NULL,
				    N_ ("this method is not allowed here"));
		tg_http_response_add_header (&resp, "Allow", "GET");
	} else {
		body = tg_http_metrics_render (server->metrics, server->engine,
					       tg_http_server_count_connections (server), &error);
	}
	if (body != NULL) {
		tg_http_response_set_bytes (&resp, 200, TG_HTTP_METRICS_CONTENT_TYPE, body);
		tg_http_response_add_header (&resp, "Cache-Control", "no-store");
	} else {
		GPtrArray *headers = g_steal_pointer (&resp.headers);
		tg_http_response_set_error (&resp, error, "en");
		resp.headers = headers;
	}
	ret = tg_http_send_on (conn, &resp);
	tg_http_response_clear (&resp);
	return ret;
}

static gboolean
tg_http_server_start_metrics (TgHttpServer *server, GError **error)
{
	guint flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | MHD_USE_ERROR_LOG;
	gint fd = dup (g_socket_get_fd (server->metrics_socket));

	if (fd < 0) {
		g_set_error (error, TG_ERROR, TG_ERROR_UNAVAILABLE, "dup: %s", g_strerror (errno));
		return FALSE;
	}
	if (server->metrics_ipv6)
		flags |= MHD_USE_IPv6;
	/* one thread; a scraper or two, not the public */
	server->metrics_daemon = MHD_start_daemon (flags, 0, NULL, NULL, tg_http_on_metrics_request,
						   server, MHD_OPTION_LISTEN_SOCKET,
						   (MHD_socket) fd, MHD_OPTION_CONNECTION_LIMIT,
						   (unsigned int) 16, MHD_OPTION_CONNECTION_TIMEOUT,
						   (unsigned int) server->connection_timeout,
						   MHD_OPTION_EXTERNAL_LOGGER, tg_http_on_log,
						   server, MHD_OPTION_END);
	if (server->metrics_daemon == NULL) {
		close (fd);
		g_set_error (error, TG_ERROR, TG_ERROR_UNAVAILABLE,
			     "cannot start the metrics thread on port %u", server->metrics_port);
		return FALSE;
	}
	g_clear_object (&server->metrics_socket);
	return TRUE;
}

gboolean
tg_http_server_start (TgHttpServer *server, GError **error)
{
	guint flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | MHD_USE_ERROR_LOG |
		      MHD_ALLOW_SUSPEND_RESUME;
	gint fd;

	g_return_val_if_fail (server->daemon == NULL && server->socket != NULL, FALSE);
	/* libmicrohttpd closes the socket it is given when it stops: it gets its own copy */
	fd = dup (g_socket_get_fd (server->socket));
	if (fd < 0) {
		g_set_error (error, TG_ERROR, TG_ERROR_UNAVAILABLE, "dup: %s", g_strerror (errno));
		return FALSE;
	}
	if (server->ipv6)
		flags |= MHD_USE_IPv6;
	server->daemon = MHD_start_daemon (
		flags, 0, tg_http_on_accept, server, tg_http_on_request, server,
		MHD_OPTION_LISTEN_SOCKET, (MHD_socket) fd, MHD_OPTION_THREAD_POOL_SIZE,
		(unsigned int) server->threads, MHD_OPTION_CONNECTION_LIMIT,
		(unsigned int) server->max_connections, MHD_OPTION_PER_IP_CONNECTION_LIMIT,
		(unsigned int) server->per_ip_connections, MHD_OPTION_CONNECTION_TIMEOUT,
		(unsigned int) server->connection_timeout, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
		(size_t) TG_HTTP_CONNECTION_MEMORY, MHD_OPTION_NOTIFY_COMPLETED,
		tg_http_on_completed, server, MHD_OPTION_EXTERNAL_LOGGER, tg_http_on_log, server,
		MHD_OPTION_END);
	if (server->daemon == NULL) {
		close (fd);
		g_set_error (error, TG_ERROR, TG_ERROR_UNAVAILABLE,
			     "cannot start the HTTP threads on port %u", server->port);
		return FALSE;
	}
	g_clear_object (&server->socket);
	if (server->metrics_socket != NULL && !tg_http_server_start_metrics (server, error))
		return FALSE;
	return TRUE;
}

guint16
tg_http_server_get_port (TgHttpServer *server)
{
	return server->port;
}

guint16
tg_http_server_get_metrics_port (TgHttpServer *server)
{
	return server->metrics_socket != NULL || server->metrics_daemon != NULL
		       ? server->metrics_port
		       : 0;
}

void
tg_http_server_free (TgHttpServer *server)
{
	if (server == NULL)
		return;
	if (server->daemon != NULL) {
		/* Stopping with a connection suspended is not allowed: the requests let in are
		 * answered first (their writes: the store is still open); no new connection or
		 * request is taken meanwhile. (Not MHD_quiesce_daemon: with a pool of epoll
		 * threads, it races the threads removing the listening socket themselves, and
		 * aborts when it loses.) */
		g_atomic_int_set (&server->stopping, TRUE);
		for (guint i = 0; i < 10000 && g_atomic_int_get (&server->active) > 0; i++)
			g_usleep (1000);
		if (g_atomic_int_get (&server->active) > 0)
			g_warning ("stopping with %d requests unanswered after 10 s",
				   g_atomic_int_get (&server->active));
		MHD_stop_daemon (server->daemon);
	}
	if (server->metrics_daemon != NULL)
		MHD_stop_daemon (server->metrics_daemon);
	g_clear_object (&server->socket);
	g_clear_object (&server->metrics_socket);
	tg_http_metrics_free (server->metrics);
	g_free (server->trusted_proxy);
	tg_rate_limit_free (server->rate_limit);
	tg_rate_limit_free (server->resend_limit);
	tg_http_static_free (server->web);
	tg_http_cache_free (server->cache);
	g_free (server->public_url);
	for (guint i = 0; server->patterns != NULL && i < server->n_routes; i++)
		g_strfreev (server->patterns[i]);
	g_free (server->patterns);
	g_free (server);
}
