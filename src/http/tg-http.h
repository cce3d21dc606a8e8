/* tg-http.h: requests, responses and handlers of the HTTP layer (no microhttpd types) */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "tg-engine.h"

G_BEGIN_DECLS

#define TG_HTTP_BODY_MAX (64 * 1024)
/* the cookie of a web page's session (tg-http-sessions.c) */
#define TG_HTTP_SESSION_COOKIE "thaogo_session"

typedef struct _TgHttpRequest TgHttpRequest;

typedef struct {
	guint status;
	gchar *content_type;
	GBytes *body;
	GPtrArray *headers; /* name, value, name, value, ... */
} TgHttpResponse;

/* Handlers answer into @resp, or return FALSE with a TG_ERROR that becomes a JSON error */
typedef gboolean (*TgHttpHandler) (TgHttpRequest *req, TgHttpResponse *resp, GError **error);

/* What the body of a public read depends on beyond its path, for the routes whose answers
 * are kept in memory (tg-http-cache.h) */
typedef struct {
	const gchar *const *query; /* (nullable): the query arguments it reads, NULL-terminated */
	gboolean language;         /* written in the caller's language (Accept-Language) */
	gboolean seats;            /* shows seats: stale after any change of a booking */
} TgHttpCachePolicy;

typedef struct {
	const gchar *method;  /* "GET", ...; GET routes answer HEAD too */
	const gchar *pattern; /* "/api/v1/units/\*": '*' matches one non-empty segment */
	TgHttpHandler handler;
	const TgHttpCachePolicy *cache; /* (nullable): a public read kept in memory */
	gsize body_max;                 /* the largest body taken; 0: TG_HTTP_BODY_MAX */
} TgHttpRoute;

/* A handler that waits on something slow (a write to the store) need not hold its thread
 * meanwhile. It starts the work with tg_http_request_wake() as the work's notify and @req as
 * its data, hands tg_http_request_defer() what answers once the work is done, and returns
 * TRUE without answering. @finish then runs on an HTTP thread, takes @data and answers as
 * a handler would; @data_free (nullable) frees @data if the request ends before (the client
 * left). Once the work is started, the handler must defer. */
typedef gboolean (*TgHttpFinish) (TgHttpRequest *req, gpointer data, TgHttpResponse *resp,
				  GError **error);
void tg_http_request_defer (TgHttpRequest *req, TgHttpFinish finish, gpointer data,
			    GDestroyNotify data_free);
/* The notify of deferred work (any thread): @req's finish runs soon after */
void tg_http_request_wake (gpointer req);

/* request accessors */
TgEngine *tg_http_request_get_engine (TgHttpRequest *req);
const gchar *tg_http_request_get_method (TgHttpRequest *req);
const gchar *tg_http_request_get_path (TgHttpRequest *req);
/* the @n-th '*' segment of the route's pattern */
const gchar *tg_http_request_get_param (TgHttpRequest *req, guint n);
/* (nullable): a query argument, valid UTF-8 (else the request was refused) */
const gchar *tg_http_request_get_query (TgHttpRequest *req, const gchar *name);
/* (nullable): a request header */
const gchar *tg_http_request_get_header (TgHttpRequest *req, const gchar *name);
/* (nullable): the value of the cookie @name */
const gchar *tg_http_request_get_cookie (TgHttpRequest *req, const gchar *name);
/* (transfer full) (nullable): the JSON body that a GET of @path (no query, no caller: what
 * anyone is answered) gets from this server's own routes, without a connection; NULL when
 * that is not a 200 JSON answer. A page writes it in as its data. */
GBytes *tg_http_request_read_internal (TgHttpRequest *req, const gchar *path);
/* "vi" or "en", from Accept-Language */
const gchar *tg_http_request_get_language (TgHttpRequest *req);
/* the base of links: [server] public_url, else http://HOST:PORT of the request */
const gchar *tg_http_request_get_public_url (TgHttpRequest *req);
/* the client's address (the proxy's X-Forwarded-For when it is the trusted proxy) */
const gchar *tg_http_request_get_client_address (TgHttpRequest *req);
/* (transfer none): the caller behind the bearer token, else behind the session cookie (a
 * change then needs the session's X-CSRF-Token: TG_ERROR_CSRF); TG_ERROR_UNAUTHORIZED
 * without either */
const TgToken *tg_http_request_require_caller (TgHttpRequest *req,
					       GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* (transfer none): @caller (transfer full) as the request's caller */
const TgToken *tg_http_request_set_caller (TgHttpRequest *req, TgToken *caller);
/* (transfer full): the page /metrics of this server (tg-http-metrics.h) */
GBytes *tg_http_request_render_metrics (TgHttpRequest *req,
					GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* whether the request came with a body */
gboolean tg_http_request_has_body (TgHttpRequest *req);
/* One new booking from this client address: TG_ERROR_RATE_LIMITED (and a Retry-After header
 * on @resp) when its hourly allowance is spent */
gboolean tg_http_request_take_rate (TgHttpRequest *req, TgHttpResponse *resp,
				    GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* How often a booking's confirmation request may be sent again, per hour */
#define TG_HTTP_RESEND_PER_HOUR 3
/* One more sending of @booking's confirmation request: TG_ERROR_RATE_LIMITED (and a
 * Retry-After header on @resp) when its allowance is spent */
gboolean tg_http_request_take_resend (TgHttpRequest *req, TgHttpResponse *resp,
				      const gchar *booking,
				      GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* (transfer none) (nullable): the body as received, *@len bytes */
const guint8 *tg_http_request_get_body (TgHttpRequest *req, gsize *len);
/* (transfer full): the body parsed as a JSON object (tg_http_parse_object) */
JsonObject *tg_http_request_parse_object (TgHttpRequest *req,
					  GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* responses; @node: (transfer full) */
void tg_http_response_set_json (TgHttpResponse *resp, guint status, JsonNode *node);
void tg_http_response_set_bytes (TgHttpResponse *resp, guint status, const gchar *content_type,
				 GBytes *body);
void tg_http_response_add_header (TgHttpResponse *resp, const gchar *name, const gchar *value);
/* TRUE when a header @name (in any case) has been added */
gboolean tg_http_response_has_header (const TgHttpResponse *resp, const gchar *name);
/* (transfer full): the JSON body of an error, and its status */
JsonNode *tg_http_error_to_json (const GError *error, const gchar *lang, guint *status);
/* answers an error: status and code from the table in tg-http-error.c, message in @lang */
void tg_http_response_set_error (TgHttpResponse *resp, const GError *error, const gchar *lang);
/* the same with @array (transfer full) as the member @member of the "error" object */
void tg_http_response_set_error_with (TgHttpResponse *resp, const GError *error, const gchar *lang,
				      const gchar *member, JsonArray *array);

/* JSON helpers: members that are absent or null give NULL; a wrong type is a
 * TG_ERROR_INVALID on @field */
gboolean tg_json_get_string (JsonObject *obj, const gchar *member, const gchar *field, gchar **out,
			     GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean tg_json_get_strv (JsonObject *obj, const gchar *member, const gchar *field,
			   GPtrArray **out, GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* A time of day "HH:MM" as minutes into @out, left as it is when absent */
gboolean tg_json_get_time (JsonObject *obj, const gchar *member, const gchar *field, guint *out,
			   GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* A slot "HH:MM" as minutes into @out, -1 when absent */
gboolean tg_json_get_slot (JsonObject *obj, const gchar *member, gint *out,
			   GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* (transfer full) (element-type TgParticipant): a JSON list of participants, or NULL with a
 * TG_ERROR_INVALID on @field */
GPtrArray *tg_json_get_participants (JsonNode *node, const gchar *field,
				     GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* the member @member of @obj as a chair {"name", "title"}: *@present when it is there; null or
 * an empty name gives *@name "" (nobody named); a title without a name is refused on @field */
gboolean tg_json_get_chair (JsonObject *obj, const gchar *member, const gchar *field,
			    gboolean *present, gchar **name, gchar **title,
			    GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* adds @member: @value, or null when @value is NULL */
void tg_json_add_nullable (JsonBuilder *b, const gchar *member, const gchar *value);
/* (transfer full): "2027-03-01T08:00:00+07:00" for @minutes after midnight of @date */
gchar *tg_http_local_datetime (const gchar *date, guint minutes);
void tg_json_add_local_datetime (JsonBuilder *b, const gchar *member, const gchar *date,
				 guint minutes);
/* (transfer full): a JSON node that builds { name: value } from a builder callback */
JsonNode *tg_json_wrap (const gchar *member, JsonNode *value);

/* the API's routes, and conversions of domain types */
const TgHttpRoute *tg_http_api_get_routes (guint *n_routes);
JsonNode *tg_http_unit_to_json (const TgUnit *unit);
TgUnit *tg_http_unit_from_json (JsonObject *obj, const gchar *code, const gchar *prefix,
				GError **error) G_GNUC_WARN_UNUSED_RESULT;
JsonNode *tg_http_token_to_json (const TgToken *token);

/* The parsers of request bodies: pure, no I/O (tests/fuzz has a fuzz target for each) */
/* (transfer full): @len bytes of @data parsed as a JSON object; TG_ERROR_BAD_JSON when they
 * are empty, not UTF-8, hold a NUL or are not one JSON object */
JsonObject *tg_http_parse_object (const guint8 *data, gsize len,
				  GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* (transfer full): the fields of a new booking's request (POST /api/v1/bookings), not yet
 * checked (tg_booking_validate_request); @slot is -1 when absent. TG_ERROR_INVALID on a
 * member of the wrong type */
TgBooking *tg_http_booking_request_from_json (JsonObject *obj, gboolean *consent,
					      gboolean *waitlist, gint *slot,
					      GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* Applies the members present in @obj to @series (a partial update of PUT
 * /api/v1/units/{code}/series), not yet checked as a whole (tg_series_validate) */
gboolean tg_http_series_update (TgSeries *series, JsonObject *obj,
				GError **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
