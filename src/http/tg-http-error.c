/* tg-http-error.c: the one table from errors to HTTP statuses and JSON error codes */
#define G_LOG_DOMAIN "thaogo-http"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "tg-error.h"
#include "tg-http.h"
#include "tg-i18n.h"

typedef struct {
	gint code;
	guint status;
	const gchar *name;
	const gchar *message; /* N_(), used when the error has no message id of its own */
	guint retry_after;    /* seconds for a Retry-After header; 0: none */
} TgHttpErrorEntry;

/* seconds after which a client may try again when the service is unavailable: a busy
 * database has already been waited for ([storage] busy_timeout_ms, 10 s) before the answer */
#define TG_HTTP_RETRY_AFTER_UNAVAILABLE 5

static const TgHttpErrorEntry tg_http_errors[] = {
	{TG_ERROR_INTERNAL, 500, "internal", N_ ("an internal error occurred")},
	{TG_ERROR_INVALID, 422, "invalid", N_ ("a value is not valid")},
	{TG_ERROR_BAD_JSON, 400, "bad_json", N_ ("the body is not valid JSON")},
	{TG_ERROR_NOT_FOUND, 404, "not_found", N_ ("not found")},
	{TG_ERROR_UNAUTHORIZED, 401, "unauthorized", N_ ("a valid access token is needed")},
	{TG_ERROR_FORBIDDEN, 403, "forbidden", N_ ("this access token does not allow this")},
	{TG_ERROR_CONFLICT, 409, "conflict", N_ ("this conflicts with the current state")},
	{TG_ERROR_TOO_LARGE, 413, "too_large", N_ ("the request body is larger than 64 KiB")},
	{TG_ERROR_UNAVAILABLE, 503, "unavailable", N_ ("the service is not available right now"),
	 TG_HTTP_RETRY_AFTER_UNAVAILABLE},
	{TG_ERROR_METHOD_NOT_ALLOWED, 405, "method_not_allowed",
	 N_ ("this method is not allowed here")},
	{TG_ERROR_SLOT_FULL, 409, "slot_full", N_ ("this slot is full")},
	{TG_ERROR_DUPLICATE_BOOKING, 409, "duplicate_booking",
	 N_ ("this phone number or email already has a booking for this session")},
	{TG_ERROR_BOOKING_CLOSED, 409, "booking_closed", N_ ("booking is closed for this session")},
	{TG_ERROR_OCCURRENCE_CANCELLED, 410, "occurrence_cancelled",
	 N_ ("this session has been cancelled")},
	{TG_ERROR_RATE_LIMITED, 429, "rate_limited", N_ ("too many requests; try again later")},
	{TG_ERROR_BOOKING_EXPIRED, 409, "booking_expired",
	 N_ ("the seat was held for a limited time, which has run out")},
	/* 507 Insufficient Storage (RFC 4918): nothing of the request was stored */
	{TG_ERROR_STORAGE_FULL, 507, "storage_full",
	 N_ ("the server's storage is full, so nothing was saved; try again later")},
	{TG_ERROR_STORAGE_FAILED, 500, "storage_failed",
	 N_ ("the server could not read or write its data")},
	{TG_ERROR_CSRF, 403, "csrf_failed",
	 N_ ("this change must come from thaogo's own pages: its CSRF token is missing or wrong")},
};

static const TgHttpErrorEntry *
tg_http_error_lookup (const GError *error)
{
	if (error != NULL && error->domain == TG_ERROR) {
		for (guint i = 0; i < G_N_ELEMENTS (tg_http_errors); i++) {
			if (tg_http_errors[i].code == error->code)
				return &tg_http_errors[i];
		}
	}
	return &tg_http_errors[0];
}

JsonNode *
tg_http_error_to_json (const GError *error, const gchar *lang, guint *status)
{
	const TgHttpErrorEntry *entry = tg_http_error_lookup (error);
	const gchar *msgid = tg_error_get_msgid (error);
	const gchar *field = tg_error_get_field (error);
	g_autoptr(JsonBuilder) b = json_builder_new ();

	/* an expected failure (unavailable, storage) was logged where it happened, once for
	 * all the requests it fails */
	if (entry->code == TG_ERROR_INTERNAL)
		g_warning ("answering %u: %s", entry->status,
			   error != NULL ? error->message : "no error");
	if (msgid == NULL)
		msgid = entry->message;
	json_builder_begin_object (b);
	json_builder_set_member_name (b, "error");
	json_builder_begin_object (b);
	json_builder_set_member_name (b, "code");
	json_builder_add_string_value (b, entry->name);
	json_builder_set_member_name (b, "message");
	json_builder_add_string_value (b, tg_i18n_translate (lang, msgid));
	if (field != NULL) {
		json_builder_set_member_name (b, "field");
		json_builder_add_string_value (b, field);
	}
	json_builder_end_object (b);
	json_builder_end_object (b);
	*status = entry->status;
	return json_builder_get_root (b);
}

void
tg_http_response_set_error_with (TgHttpResponse *resp, const GError *error, const gchar *lang,
				 const gchar *member, JsonArray *array)
{
	guint status = 500;
	JsonNode *node = tg_http_error_to_json (error, lang, &status);
	const TgHttpErrorEntry *entry = tg_http_error_lookup (error);

	if (entry->retry_after > 0 && !tg_http_response_has_header (resp, "Retry-After")) {
		g_autofree gchar *value = g_strdup_printf ("%u", entry->retry_after);
		tg_http_response_add_header (resp, "Retry-After", value);
	}

	if (member != NULL) {
		JsonObject *err =
			json_object_get_object_member (json_node_get_object (node), "error");
		json_object_set_array_member (err, member, array);
	}
	tg_http_response_set_json (resp, status, node);
	tg_http_response_add_header (resp, "Content-Language", lang);
}

void
tg_http_response_set_error (TgHttpResponse *resp, const GError *error, const gchar *lang)
{
	tg_http_response_set_error_with (resp, error, lang, NULL, NULL);
}
