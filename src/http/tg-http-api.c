/* tg-http-api.c: the handlers of /healthz and /api/v1 */
#define G_LOG_DOMAIN "thaogo-http"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "tg-date.h"
#include "tg-error.h"
#include "tg-http-handlers.h"
#include "tg-http-metrics.h"
#include "tg-http-static.h"

#define TG_HTTP_IMPORT_MAX 1000

static gboolean
tg_http_health (TgHttpRequest *req, TgHttpResponse *resp, GError **error)
{
	(void) req;
	(void) error;
	tg_http_response_set_json (resp, 200,
				   tg_json_wrap ("status",
						 json_node_init_string (json_node_alloc (), "ok")));
	return TRUE;
}

/* GET /metrics (admin): the Prometheus text format (tg-http-metrics.c) */
static gboolean
tg_http_get_metrics (TgHttpRequest *req, TgHttpResponse *resp, GError **error)
{
	const TgToken *caller = tg_http_request_require_caller (req, error);
	g_autoptr(GBytes) body = NULL;

	if (caller == NULL || !tg_engine_require_admin (caller, error))
		return FALSE;
	body = tg_http_request_render_metrics (req, error);
	if (body == NULL)
		return FALSE;
	tg_http_response_set_bytes (resp, 200, TG_HTTP_METRICS_CONTENT_TYPE, body);
	return TRUE;
}

/* ---- query arguments ---- */

static gboolean
tg_http_query_code (TgHttpRequest *req, const gchar *name, const gchar **out, GError **error)
{
	const gchar *v = tg_http_request_get_query (req, name);
	*out = NULL;
	if (v == NULL || v[0] == '\0')
		return TRUE;
	if (!tg_unit_code_is_valid (v)) {
		tg_error_set_field (error, TG_ERROR_INVALID, name,
				    N_ ("must be a statistics code of 1 to 10 digits"));
		return FALSE;
	}
	*out = v;
	return TRUE;
}

gboolean
tg_http_query_date (TgHttpRequest *req, const gchar *name, const gchar **out, GError **error)
{
	const gchar *v = tg_http_request_get_query (req, name);
	*out = NULL;
	if (v == NULL || v[0] == '\0')
		return TRUE;
	if (!tg_date_is_valid_iso (v)) {
		tg_error_set_field (error, TG_ERROR_INVALID, name,
				    N_ ("must be a date written YYYY-MM-DD"));
		return FALSE;
	}
	*out = v;
	return TRUE;
}

gboolean
tg_http_query_bool (TgHttpRequest *req, const gchar *name, gboolean *out, GError **error)
{
	const gchar *v = tg_http_request_get_query (req, name);
	*out = FALSE;
	if (v == NULL || v[0] == '\0' || g_strcmp0 (v, "false") == 0)
		return TRUE;
	if (g_strcmp0 (v, "true") == 0) {
		*out = TRUE;
		return TRUE;
	}
	tg_error_set_field (error, TG_ERROR_INVALID, name, N_ ("must be true or false"));
	return FALSE;
}

gboolean
tg_http_path_code (TgHttpRequest *req, guint n, const gchar **out, GError **error)
{
	const gchar *code = tg_http_request_get_param (req, n);
	if (!tg_unit_code_is_valid (code)) {
		tg_error_set_field (error, TG_ERROR_NOT_FOUND, NULL, N_ ("no such unit"));
		return FALSE;
	}
	*out = code;
	return TRUE;
}

/* ---- units ---- */

static JsonNode *
tg_http_units_to_json (GPtrArray *units)
{
	JsonArray *array = json_array_sized_new (units->len);
	JsonNode *node = json_node_new (JSON_NODE_ARRAY);

	for (guint i = 0; i < units->len; i++)
		json_array_add_element (array, tg_http_unit_to_json (g_ptr_array_index (units, i)));
	json_node_take_array (node, array);
	return tg_json_wrap ("units", node);
}

static gboolean
tg_http_list_units (TgHttpRequest *req, TgHttpResponse *resp, GError **error)
{
	const gchar *parent = NULL, *date = NULL, *level_str;
	TgUnitLevel level = TG_UNIT_LEVEL_UNKNOWN;
	gboolean all = FALSE;
	g_autoptr(GPtrArray) units = NULL;

	if (!tg_http_query_code (req, "parent", &parent, error) ||
	    !tg_http_query_date (req, "date", &date, error) ||
	    !tg_http_query_bool (req, "all", &all, error))
		return FALSE;
	level_str = tg_http_request_get_query (req, "level");
	if (level_str != NULL && level_str[0] != '\0') {
		level = tg_unit_level_from_string (level_str);
		if (level == TG_UNIT_LEVEL_UNKNOWN) {
			tg_error_set_field (error, TG_ERROR_INVALID, "level",
					    N_ ("must be province, district or commune"));
			return FALSE;
		}
	}
	units = tg_engine_list_units (tg_http_request_get_engine (req), parent, level, date, all,
				      error);
	if (units == NULL)
		return FALSE;
	tg_http_response_set_json (resp, 200, tg_http_units_to_json (units));
	return TRUE;
}

static gboolean
tg_http_get_unit (TgHttpRequest *req, TgHttpResponse *resp, GError **error)
{
	const gchar *code = NULL, *date = NULL;
	g_autoptr(TgUnit) unit = NULL;
	g_autoptr(TgSeries) series = NULL;
	JsonNode *node;

	if (!tg_http_path_code (req, 0, &code, error) ||
	    !tg_http_query_date (req, "date", &date, error))
		return FALSE;
	unit = tg_engine_get_unit (tg_http_request_get_engine (req), code, date, error);
	if (unit == NULL)
		return FALSE;
	series = tg_engine_get_series (tg_http_request_get_engine (req), code, error);
	if (series == NULL)
		return FALSE;
	node = tg_http_unit_to_json (unit);
	json_object_set_member (json_node_get_object (node), "series",
				tg_http_series_to_json (series, FALSE));
	tg_http_response_set_json (resp, 200, tg_json_wrap ("unit", node));
	return TRUE;
}

static gboolean
tg_http_put_unit (TgHttpRequest *req, TgHttpResponse *resp, GError **error)
{
	TgEngine *engine = tg_http_request_get_engine (req);
	const TgToken *caller = tg_http_request_require_caller (req, error);
	const gchar *code = NULL;
	g_autoptr(JsonObject) obj = NULL;
	g_autoptr(TgUnit) unit = NULL;
	g_autoptr(TgUnit) stored = NULL;
	gboolean created = FALSE;

	if (caller == NULL || !tg_engine_require_admin (caller, error))
		return FALSE;
	if (!tg_http_path_code (req, 0, &code, error))
		return FALSE;
	obj = tg_http_request_parse_object (req, error);
	if (obj == NULL)
		return FALSE;
	unit = tg_http_unit_from_json (obj, code, NULL, error);
	if (unit == NULL)
		return FALSE;
	if (!tg_engine_put_unit (engine, caller, unit, &created, error))
		return FALSE;
	stored = tg_engine_get_unit (engine, code, unit->valid_from, error);
	if (stored == NULL)
		return FALSE;
	tg_http_response_set_json (resp, created ? 201 : 200,
				   tg_json_wrap ("unit", tg_http_unit_to_json (stored)));
	return TRUE;
}

static gboolean
tg_http_import_units (TgHttpRequest *req, TgHttpResponse *resp, GError **error)
{
	const TgToken *caller = tg_http_request_require_caller (req, error);
	g_autoptr(JsonObject) obj = NULL;
	g_autoptr(GPtrArray) units =
			   g_ptr_array_new_with_free_func ((GDestroyNotify) tg_unit_free);
	JsonNode *node;
	JsonArray *array;
	g_autoptr(JsonBuilder) b = json_builder_new ();

	if (caller == NULL || !tg_engine_require_admin (caller, error))
		return FALSE;
	obj = tg_http_request_parse_object (req, error);
	if (obj == NULL)
		return FALSE;
	node = json_object_get_member (obj, "units");
	if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node)) {
		tg_error_set_field (error, TG_ERROR_INVALID, "units",
				    N_ ("must be a list of units"));
		return FALSE;
	}
	array = json_node_get_array (node);
	if (json_array_get_length (array) > TG_HTTP_IMPORT_MAX) {
		tg_error_set_field (error, TG_ERROR_INVALID, "units",
				    N_ ("at most 1000 units per request"));
		return FALSE;
	}
	for (guint i = 0; i < json_array_get_length (array); i++) {
		JsonNode *el = json_array_get_element (array, i);
		g_autofree gchar *prefix = g_strdup_printf ("units[%u]", i);
		TgUnit *unit;

		if (!JSON_NODE_HOLDS_OBJECT (el)) {
			tg_error_set_field (error, TG_ERROR_INVALID, prefix,
					    N_ ("must be an object"));
			return FALSE;
		}
		unit = tg_http_unit_from_json (json_node_get_object (el), NULL, prefix, error);
		if (unit == NULL)
			return FALSE;
		g_ptr_array_add (units, unit);
	}
	if (!tg_engine_import_units (tg_http_request_get_engine (req), caller, units, error))
		return FALSE;
	json_builder_begin_object (b);
	json_builder_set_member_name (b, "imported");
	json_builder_add_int_value (b, units->len);
	json_builder_end_object (b);
	tg_http_response_set_json (resp, 200, json_builder_get_root (b));
	return TRUE;
}

/* ---- tokens ---- */

static gboolean
tg_http_create_token (TgHttpRequest *req, TgHttpResponse *resp, GError **error)
{
	const TgToken *caller = tg_http_request_require_caller (req, error);
	g_autoptr(JsonObject) obj = NULL;
	g_autoptr(TgToken) request = tg_token_new ();
	g_autoptr(TgToken) token = NULL;
	g_autofree gchar *role = NULL;
	g_autofree gchar *secret = NULL;
	JsonNode *node;
	JsonObject *out;

	if (caller == NULL || !tg_engine_require_admin (caller, error))
		return FALSE;
	obj = tg_http_request_parse_object (req, error);
	if (obj == NULL)
		return FALSE;
	if (!tg_json_get_string (obj, "role", NULL, &role, error) ||
	    !tg_json_get_string (obj, "unit", NULL, &request->unit, error) ||
	    !tg_json_get_string (obj, "name", NULL, &request->name, error) ||
	    !tg_json_get_string (obj, "email", NULL, &request->email, error))
		return FALSE;
	request->role = tg_role_from_string (role);
	token = tg_engine_create_token (tg_http_request_get_engine (req), caller, request, &secret,
					error);
	if (token == NULL)
		return FALSE;
	node = tg_http_token_to_json (token);
	out = json_node_get_object (node);
	json_object_set_string_member (out, "token", secret);
	tg_http_response_set_json (resp, 201, node);
	return TRUE;
}

static gboolean
tg_http_list_tokens (TgHttpRequest *req, TgHttpResponse *resp, GError **error)
{
	const TgToken *caller = tg_http_request_require_caller (req, error);
	g_autoptr(GPtrArray) tokens = NULL;
	JsonArray *array;
	JsonNode *node;

	if (caller == NULL)
		return FALSE;
	tokens = tg_engine_list_tokens (tg_http_request_get_engine (req), caller, error);
	if (tokens == NULL)
		return FALSE;
	array = json_array_sized_new (tokens->len);
	for (guint i = 0; i < tokens->len; i++)
		json_array_add_element (array,
					tg_http_token_to_json (g_ptr_array_index (tokens, i)));
	node = json_node_new (JSON_NODE_ARRAY);
	json_node_take_array (node, array);
	tg_http_response_set_json (resp, 200, tg_json_wrap ("tokens", node));
	return TRUE;
}

/* a consistent copy of the database while bookings go on, for an admin: thaogo backup */
static gboolean
tg_http_get_backup (TgHttpRequest *req, TgHttpResponse *resp, GError **error)
{
	const TgToken *caller = tg_http_request_require_caller (req, error);
	g_autoptr(GMappedFile) copy = NULL;
	g_autoptr(GBytes) body = NULL;
	g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
	g_autofree gchar *stamp = g_date_time_format (now, "%Y%m%dT%H%M%SZ");
	g_autofree gchar *disposition =
		g_strdup_printf ("attachment; filename=\"thaogo-%s.db\"", stamp);

	if (caller == NULL)
		return FALSE;
	copy = tg_engine_backup (tg_http_request_get_engine (req), caller, error);
	if (copy == NULL)
		return FALSE;
	body = g_mapped_file_get_bytes (copy);
	tg_http_response_set_bytes (resp, 200, "application/vnd.sqlite3", body);
	tg_http_response_add_header (resp, "Content-Disposition", disposition);
	return TRUE;
}

static gboolean
tg_http_revoke_token (TgHttpRequest *req, TgHttpResponse *resp, GError **error)
{
	const TgToken *caller = tg_http_request_require_caller (req, error);
	const gchar *id = tg_http_request_get_param (req, 0);

	if (caller == NULL || !tg_engine_require_admin (caller, error))
		return FALSE;
	if (id == NULL || strlen (id) != 32) {
		tg_error_set_field (error, TG_ERROR_NOT_FOUND, NULL,
				    N_ ("no valid token has this id"));
		return FALSE;
	}
	if (!tg_engine_revoke_token (tg_http_request_get_engine (req), caller, id, error))
		return FALSE;
	tg_http_response_set_bytes (resp, 204, NULL, NULL);
	return TRUE;
}

#ifdef TG_ENABLE_TEST_HOOKS
/* POST /test/clock {"now": RFC3339} or {"advance_s": N} (test hooks only, admin from the
 * loopback): sets the engine's clock; the housekeeping and a round of the mail thread run
 * before the answer, {"now": RFC3339, "mail_round": done in 10 s} */
static gboolean
tg_http_set_test_clock (TgHttpRequest *req, TgHttpResponse *resp, GError **error)
{
	const TgToken *caller = tg_http_request_require_caller (req, error);
	const gchar *from = tg_http_request_get_client_address (req);
	TgEngine *engine = tg_http_request_get_engine (req);
	TgClock *clock = tg_engine_get_clock (engine);
	g_autoptr(JsonObject) obj = NULL;
	g_autoptr(JsonBuilder) b = NULL;
	g_autofree gchar *now = NULL;
	g_autofree gchar *shown = NULL;
	JsonNode *advance;
	gint64 us = 0;
	gboolean round;

	if (caller == NULL || !tg_engine_require_admin (caller, error))
		return FALSE;
	if (g_strcmp0 (from, "127.0.0.1") != 0 && g_strcmp0 (from, "::1") != 0) {
		tg_error_set_field (error, TG_ERROR_FORBIDDEN, NULL, N_ ("only from this machine"));
		return FALSE;
	}
	obj = tg_http_request_parse_object (req, error);
	if (obj == NULL || !tg_json_get_string (obj, "now", NULL, &now, error))
		return FALSE;
	advance = json_object_get_member (obj, "advance_s");
	if (now != NULL) {
		if (advance != NULL || !tg_clock_parse_rfc3339 (now, &us)) {
			tg_error_set_field (error, TG_ERROR_INVALID, "now",
					    N_ ("must be an RFC 3339 time with its offset"));
			return FALSE;
		}
		tg_clock_set (clock, us);
	} else if (advance != NULL && JSON_NODE_HOLDS_VALUE (advance) &&
		   json_node_get_value_type (advance) == G_TYPE_INT64) {
		tg_clock_advance (clock, json_node_get_int (advance) * G_USEC_PER_SEC);
	} else {
		tg_error_set_field (error, TG_ERROR_INVALID, "advance_s",
				    N_ ("must be a whole number of seconds"));
		return FALSE;
	}
	g_message ("test hooks: the clock was set");
	round = tg_engine_wait_mail_round (engine, 10 * G_USEC_PER_SEC);
	shown = tg_clock_format_rfc3339 (tg_clock_now (clock));
	b = json_builder_new ();
	json_builder_begin_object (b);
	json_builder_set_member_name (b, "now");
	json_builder_add_string_value (b, shown);
	json_builder_set_member_name (b, "mail_round");
	json_builder_add_boolean_value (b, round);
	json_builder_end_object (b);
	tg_http_response_set_json (resp, 200, json_builder_get_root (b));
	return TRUE;
}
#endif

/* the public reads answered from memory (tg-http-cache.c): what each body depends on */
static const gchar *const tg_http_units_query[] = {"parent", "level", "date", "all", NULL};
static const gchar *const tg_http_date_query[] = {"date", NULL};
static const gchar *const tg_http_range_query[] = {"from", "to", NULL};
static const gchar *const tg_http_year_query[] = {"year", NULL};
static const TgHttpCachePolicy tg_http_units_cache = {tg_http_units_query, FALSE, FALSE};
static const TgHttpCachePolicy tg_http_unit_cache = {tg_http_date_query, FALSE, FALSE};
static const TgHttpCachePolicy tg_http_occurrences_cache = {tg_http_range_query, TRUE, FALSE};
static const TgHttpCachePolicy tg_http_slots_cache = {NULL, FALSE, TRUE};
static const TgHttpCachePolicy tg_http_holidays_cache = {tg_http_year_query, TRUE, FALSE};
static const TgHttpCachePolicy tg_http_lunar_cache = {tg_http_date_query, FALSE, FALSE};

static const TgHttpRoute tg_http_routes[] = {
	{"GET", "/healthz", tg_http_health},
	{"GET", "/metrics", tg_http_get_metrics},
	{"GET", "/api/v1/units", tg_http_list_units, &tg_http_units_cache},
	{"POST", "/api/v1/units/import", tg_http_import_units},
	{"GET", "/api/v1/units/*", tg_http_get_unit, &tg_http_unit_cache},
	{"PUT", "/api/v1/units/*", tg_http_put_unit},
	{"GET", "/api/v1/units/*/series", tg_http_get_series},
	{"PUT", "/api/v1/units/*/series", tg_http_put_series},
	{"GET", "/api/v1/units/*/occurrences", tg_http_list_occurrences,
	 &tg_http_occurrences_cache},
	{"GET", "/api/v1/occurrences/*", tg_http_get_occurrence},
	{"PATCH", "/api/v1/occurrences/*", tg_http_patch_occurrence},
	{"POST", "/api/v1/occurrences/*/cancel", tg_http_cancel_occurrence},
	{"POST", "/api/v1/occurrences/*/move", tg_http_move_occurrence},
	{"GET", "/api/v1/holidays", tg_http_list_holidays, &tg_http_holidays_cache},
	{"PUT", "/api/v1/holidays/*", tg_http_put_holiday},
	{"DELETE", "/api/v1/holidays/*", tg_http_delete_holiday},
	{"GET", "/api/v1/lunar", tg_http_get_lunar, &tg_http_lunar_cache},
	{"GET", "/api/v1/occurrences/*/slots", tg_http_list_slots, &tg_http_slots_cache},
	{"GET", "/api/v1/occurrences/*/bookings", tg_http_list_occurrence_bookings},
	{"GET", "/api/v1/units/*/assignees", tg_http_list_assignees},
	{"GET", "/api/v1/occurrences/*/conclusions", tg_http_list_conclusions},
	{"POST", "/api/v1/occurrences/*/conclusions", tg_http_add_conclusion},
	{"PATCH", "/api/v1/conclusions/*", tg_http_update_conclusion},
	{"GET", "/api/v1/units/*/follow-up", tg_http_list_followup},
	{"POST", "/api/v1/units/*/late-dossiers", tg_http_import_dossiers, NULL,
	 TG_DOSSIER_FILE_MAX},
	{"GET", "/api/v1/units/*/late-dossiers", tg_http_list_dossiers},
	{"GET", "/api/v1/units/*/late-dossiers/*", tg_http_get_dossier},
	{"PATCH", "/api/v1/units/*/late-dossiers/*", tg_http_classify_dossier},
	{"GET", "/api/v1/units/*/late-review", tg_http_review_dossiers},
	{"POST", "/api/v1/bookings", tg_http_create_booking},
	{"GET", "/api/v1/bookings/*", tg_http_get_booking},
	{"PATCH", "/api/v1/bookings/*", tg_http_record_booking},
	{"POST", "/api/v1/bookings/*/confirm", tg_http_confirm_booking},
	{"POST", "/api/v1/bookings/*/cancel", tg_http_cancel_booking},
	{"POST", "/api/v1/bookings/*/reschedule", tg_http_reschedule_booking},
	{"POST", "/api/v1/bookings/*/resend", tg_http_resend_booking},
	{"GET", "/api/v1/reports/summary", tg_http_report_summary},
	{"GET", "/feeds/units/*", tg_http_get_unit_feed},
	{"GET", "/feeds/staff/*", tg_http_get_staff_feed},
	{"POST", "/api/v1/feeds", tg_http_rotate_feed},
	{"GET", "/api/v1/outbox", tg_http_list_outbox},
	{"POST", "/api/v1/outbox/*/retry", tg_http_retry_outbox},
	{"POST", "/api/v1/tokens", tg_http_create_token},
	{"GET", "/api/v1/tokens", tg_http_list_tokens},
	{"DELETE", "/api/v1/tokens/*", tg_http_revoke_token},
	{"GET", "/api/v1/backup", tg_http_get_backup},
	{"POST", "/api/v1/session", tg_http_sign_in},
	{"GET", "/api/v1/session", tg_http_get_session},
	{"POST", "/signout", tg_http_sign_out},
	{"POST", "/api/v1/login-links", tg_http_create_login_link},
	/* the web pages (their other files: tg_http_web_fallback) */
	{"GET", "/", tg_http_web_start},
	{"GET", "/u/*", tg_http_web_unit},
	{"GET", "/u/*/*", tg_http_web_slots},
	{"GET", "/b/*", tg_http_web_booking},
	{"POST", "/b/*/confirm", tg_http_web_confirm},
	{"POST", "/b/*/cancel", tg_http_web_cancel},
	{"GET", "/signin", tg_http_web_signin},
	{"GET", "/staff", tg_http_web_staff},
	{"GET", "/secretary", tg_http_web_secretary},
	{"GET", "/secretary/*", tg_http_web_secretary_session},
	{"GET", "/report", tg_http_web_report},
	{"GET", "/review", tg_http_web_review},
	{"GET", "/admin", tg_http_web_admin},
#ifdef TG_ENABLE_TEST_HOOKS
	{"POST", "/test/clock", tg_http_set_test_clock},
#endif
};

const TgHttpRoute *
tg_http_api_get_routes (guint *n_routes)
{
	*n_routes = G_N_ELEMENTS (tg_http_routes);
	return tg_http_routes;
}
