/* tg-http-calendar.c: series, occurrences, holidays and lunar dates over HTTP */
#define G_LOG_DOMAIN "thaogo-http"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "tg-date.h"
#include "tg-error.h"
#include "tg-http-handlers.h"
#include "tg-lunar.h"

/* ---- JSON out ---- */

static void
tg_json_member_time (JsonBuilder *b, const gchar *name, guint minutes)
{
	g_autofree gchar *t = tg_time_to_string (minutes);
	tg_json_add_nullable (b, name, t);
}

static void
tg_json_add_participants (JsonBuilder *b, GPtrArray *participants)
{
	json_builder_set_member_name (b, "participants");
	json_builder_begin_array (b);
	for (guint i = 0; participants != NULL && i < participants->len; i++) {
		TgParticipant *p = g_ptr_array_index (participants, i);
		json_builder_begin_object (b);
		tg_json_add_nullable (b, "name", p->name);
		tg_json_add_nullable (b, "email", p->email);
		tg_json_add_nullable (b, "role", p->role);
		json_builder_end_object (b);
	}
	json_builder_end_array (b);
}

/* "chair": {"name", "title"}, or null when nobody is named */
static void
tg_json_add_chair (JsonBuilder *b, const gchar *name, const gchar *title)
{
	json_builder_set_member_name (b, "chair");
	if (name == NULL) {
		json_builder_add_null_value (b);
		return;
	}
	json_builder_begin_object (b);
	tg_json_add_nullable (b, "name", name);
	tg_json_add_nullable (b, "title", title);
	json_builder_end_object (b);
}

JsonNode *
tg_http_series_to_json (const TgSeries *s, gboolean with_participants)
{
	g_autoptr(JsonBuilder) b = json_builder_new ();

	json_builder_begin_object (b);
	json_builder_set_member_name (b, "meeting");
	json_builder_begin_object (b);
	tg_json_member_time (b, "start", s->meeting_start);
	tg_json_member_time (b, "end", s->meeting_end);
	tg_json_add_nullable (b, "mode", tg_meeting_mode_to_string (s->mode));
	tg_json_add_nullable (b, "venue", s->venue);
	tg_json_add_nullable (b, "online_url", s->online_url);
	tg_json_add_chair (b, s->chair, s->chair_title);
	if (with_participants)
		tg_json_add_participants (b, s->participants);
	json_builder_end_object (b);
	json_builder_set_member_name (b, "reception");
	json_builder_begin_object (b);
	tg_json_member_time (b, "start", s->reception_start);
	tg_json_member_time (b, "end", s->reception_end);
	tg_json_add_nullable (b, "venue", s->reception_venue);
	json_builder_set_member_name (b, "slot_minutes");
	json_builder_add_int_value (b, s->slot_minutes);
	json_builder_set_member_name (b, "desks");
	json_builder_add_int_value (b, s->desks);
	json_builder_end_object (b);
	json_builder_set_member_name (b, "booking");
	json_builder_begin_object (b);
	json_builder_set_member_name (b, "opens_days_before");
	json_builder_add_int_value (b, s->opens_days_before);
	json_builder_set_member_name (b, "closes_hours_before");
	json_builder_add_int_value (b, s->closes_hours_before);
	json_builder_end_object (b);
	tg_json_add_nullable (b, "holiday_policy", tg_holiday_policy_to_string (s->holiday_policy));
	json_builder_end_object (b);
	return json_builder_get_root (b);
}

static JsonNode *
tg_http_occurrence_to_json (const TgOccurrence *o, const gchar *lang, gboolean with_participants)
{
	g_autoptr(JsonBuilder) b = json_builder_new ();
	const gchar *reason = o->reason;

	if (reason == NULL)
		reason = g_strcmp0 (lang, "vi") == 0 ? o->holiday_vi : o->holiday_en;
	json_builder_begin_object (b);
	tg_json_add_nullable (b, "id", o->id);
	tg_json_add_nullable (b, "unit", o->unit);
	tg_json_add_nullable (b, "date", o->date);
	tg_json_add_nullable (b, "status", tg_occurrence_status_to_string (o->status));
	tg_json_add_nullable (b, "original_date", o->original_date);
	tg_json_add_nullable (b, "reason", reason);
	json_builder_set_member_name (b, "needs_decision");
	json_builder_add_boolean_value (b, o->needs_decision);
	json_builder_set_member_name (b, "meeting");
	json_builder_begin_object (b);
	tg_json_add_local_datetime (b, "start", o->date, o->meeting_start);
	tg_json_add_local_datetime (b, "end", o->date, o->meeting_end);
	tg_json_add_nullable (b, "mode", tg_meeting_mode_to_string (o->mode));
	tg_json_add_nullable (b, "venue", o->venue);
	tg_json_add_nullable (b, "online_url", o->online_url);
	tg_json_add_nullable (b, "agenda", o->agenda);
	tg_json_add_chair (b, o->chair, o->chair_title);
	if (with_participants)
		tg_json_add_participants (b, o->participants);
	json_builder_end_object (b);
	json_builder_set_member_name (b, "reception");
	if (o->bridge_of == NULL) {
		json_builder_begin_object (b);
		tg_json_add_local_datetime (b, "start", o->date, o->reception_start);
		tg_json_add_local_datetime (b, "end", o->date, o->reception_end);
		tg_json_add_nullable (b, "venue", o->reception_venue);
		json_builder_set_member_name (b, "slot_minutes");
		json_builder_add_int_value (b, o->slot_minutes);
		json_builder_set_member_name (b, "desks");
		json_builder_add_int_value (b, o->desks);
		json_builder_end_object (b);
	} else {
		json_builder_add_null_value (b);
	}
	tg_json_add_nullable (b, "bridge_of", o->bridge_of);
	json_builder_set_member_name (b, "sequence");
	json_builder_add_int_value (b, o->sequence);
	json_builder_end_object (b);
	return json_builder_get_root (b);
}

/* the reception venue a unit has when the series names none */
static void
tg_http_fill_default_venue (TgEngine *engine, GPtrArray *occurrences)
{
	for (guint i = 0; i < occurrences->len; i++) {
		TgOccurrence *o = g_ptr_array_index (occurrences, i);
		if (o->reception_venue != NULL || o->bridge_of != NULL)
			continue;
		o->reception_venue =
			tg_engine_default_reception_venue (engine, o->unit, o->original_date);
	}
}

static gboolean
tg_http_answer_occurrence (TgHttpRequest *req, TgHttpResponse *resp, TgOccurrence *occ,
			   gboolean with_participants)
{
	g_autoptr(GPtrArray) one = g_ptr_array_new ();
	g_ptr_array_add (one, occ);
	tg_http_fill_default_venue (tg_http_request_get_engine (req), one);
	tg_http_response_set_json (
		resp, 200,
		tg_json_wrap ("occurrence",
			      tg_http_occurrence_to_json (occ, tg_http_request_get_language (req),
							  with_participants)));
	return TRUE;
}

/* ---- series ---- */

gboolean
tg_http_get_series (TgHttpRequest *req, TgHttpResponse *resp, GError **error)
{
	TgEngine *engine = tg_http_request_get_engine (req);
	const gchar *code = NULL;
	const TgToken *caller;
	g_autoptr(TgSeries) series = NULL;

	if (!tg_http_path_code (req, 0, &code, error))
		return FALSE;
	caller = tg_http_request_require_caller (req, error);
	if (caller == NULL || !tg_engine_require_secretary_of (engine, caller, code, error))
		return FALSE;
	series = tg_engine_get_series (engine, code, error);
	if (series == NULL)
		return FALSE;
	tg_http_response_set_json (resp, 200,
				   tg_json_wrap ("series", tg_http_series_to_json (series, TRUE)));
	return TRUE;
}

gboolean
tg_http_put_series (TgHttpRequest *req, TgHttpResponse *resp, GError **error)
{
	TgEngine *engine = tg_http_request_get_engine (req);
	const TgToken *caller = tg_http_request_require_caller (req, error);
	const gchar *code = NULL;
	g_autoptr(JsonObject) obj = NULL;
	g_autoptr(TgSeries) series = NULL;
	g_autoptr(GPtrArray) affected = NULL;
	g_autoptr(GError) error_local = NULL;

	if (caller == NULL || !tg_http_path_code (req, 0, &code, error))
		return FALSE;
	if (!tg_engine_require_secretary_of (engine, caller, code, error))
		return FALSE;
	obj = tg_http_request_parse_object (req, error);
	if (obj == NULL)
		return FALSE;
	series = tg_engine_get_series (engine, code, error);
	if (series == NULL)
		return FALSE;
	if (!tg_http_series_update (series, obj, error))
		return FALSE;
	if (!tg_engine_put_series (engine, caller, series, &affected, &error_local)) {
		/* the sessions whose bookings stand in the way: the secretary moves or cancels
		 * them (their people are told) or waits */
		if (affected != NULL && affected->len > 0) {
			JsonArray *sessions = json_array_new ();
			for (guint i = 0; i < affected->len; i++)
				json_array_add_string_element (sessions,
							       g_ptr_array_index (affected, i));
			tg_http_response_set_error_with (resp, error_local,
							 tg_http_request_get_language (req),
							 "sessions", sessions);
			return TRUE;
		}
		g_propagate_error (error, g_steal_pointer (&error_local));
		return FALSE;
	}
	tg_http_response_set_json (resp, 200,
				   tg_json_wrap ("series", tg_http_series_to_json (series, TRUE)));
	return TRUE;
}

/* ---- occurrences ---- */

gboolean
tg_http_list_occurrences (TgHttpRequest *req, TgHttpResponse *resp, GError **error)
{
	TgEngine *engine = tg_http_request_get_engine (req);
	const gchar *code = NULL, *from = NULL, *to = NULL;
	g_autofree gchar *today = NULL;
	g_autofree gchar *default_to = NULL;
	g_autoptr(GPtrArray) occurrences = NULL;
	const gchar *lang = tg_http_request_get_language (req);
	JsonArray *array;
	JsonNode *node;

	if (!tg_http_path_code (req, 0, &code, error) ||
	    !tg_http_query_date (req, "from", &from, error) ||
	    !tg_http_query_date (req, "to", &to, error))
		return FALSE;
	if (from == NULL)
		from = today = tg_engine_get_today (engine);
	if (to == NULL) {
		GDate d;
		tg_date_parse_iso (from, &d);
		g_date_add_days (&d, 90);
		to = default_to = tg_date_to_iso (&d);
	}
	occurrences = tg_engine_list_occurrences (engine, code, from, to, error);
	if (occurrences == NULL)
		return FALSE;
	tg_http_fill_default_venue (engine, occurrences);
	array = json_array_sized_new (occurrences->len);
	for (guint i = 0; i < occurrences->len; i++)
		json_array_add_element (array,
					tg_http_occurrence_to_json (g_ptr_array_index (occurrences,
										       i),
								    lang, FALSE));
	node = json_node_new (JSON_NODE_ARRAY);
	json_node_take_array (node, array);
	tg_http_response_set_json (resp, 200, tg_json_wrap ("occurrences", node));
	return TRUE;
}

/* the caller, when the request carries a token; no token is not an error here, and a
 * session cookie that no longer works only gives the public answer */
static const TgToken *
tg_http_optional_caller (TgHttpRequest *req, GError **error)
{
	if (tg_http_request_get_header (req, "Authorization") == NULL) {
		if (tg_http_request_get_cookie (req, TG_HTTP_SESSION_COOKIE) == NULL)
			return NULL;
		return tg_http_request_require_caller (req, NULL);
	}
	return tg_http_request_require_caller (req, error);
}

gboolean
tg_http_get_occurrence (TgHttpRequest *req, TgHttpResponse *resp, GError **error)
{
	TgEngine *engine = tg_http_request_get_engine (req);
	g_autoptr(GError) error_local = NULL;
	const TgToken *caller = tg_http_optional_caller (req, &error_local);
	g_autoptr(TgOccurrence) occ = NULL;

	if (error_local != NULL) {
		g_propagate_error (error, g_steal_pointer (&error_local));
		return FALSE;
	}
	occ = tg_engine_get_occurrence (engine, tg_http_request_get_param (req, 0), error);
	if (occ == NULL)
		return FALSE;
	return tg_http_answer_occurrence (req, resp, occ,
					  tg_engine_caller_sees_unit (engine, caller, occ->unit));
}

gboolean
tg_http_cancel_occurrence (TgHttpRequest *req, TgHttpResponse *resp, GError **error)
{
	const TgToken *caller = tg_http_request_require_caller (req, error);
	g_autoptr(JsonObject) obj = NULL;
	g_autofree gchar *reason = NULL;
	g_autoptr(TgOccurrence) occ = NULL;

	if (caller == NULL)
		return FALSE;
	obj = tg_http_request_parse_object (req, error);
	if (obj == NULL || !tg_json_get_string (obj, "reason", NULL, &reason, error))
		return FALSE;
	occ = tg_engine_cancel_occurrence (tg_http_request_get_engine (req), caller,
					   tg_http_request_get_param (req, 0), reason, error);
	if (occ == NULL)
		return FALSE;
	return tg_http_answer_occurrence (req, resp, occ, TRUE);
}

gboolean
tg_http_move_occurrence (TgHttpRequest *req, TgHttpResponse *resp, GError **error)
{
	const TgToken *caller = tg_http_request_require_caller (req, error);
	g_autoptr(JsonObject) obj = NULL;
	g_autofree gchar *reason = NULL, *date = NULL;
	g_autoptr(TgOccurrence) occ = NULL;
	guint meeting = G_MAXUINT, reception = G_MAXUINT;

	if (caller == NULL)
		return FALSE;
	obj = tg_http_request_parse_object (req, error);
	if (obj == NULL || !tg_json_get_string (obj, "reason", NULL, &reason, error) ||
	    !tg_json_get_string (obj, "date", NULL, &date, error) ||
	    !tg_json_get_time (obj, "meeting_start", "meeting_start", &meeting, error) ||
	    !tg_json_get_time (obj, "reception_start", "reception_start", &reception, error))
		return FALSE;
	occ = tg_engine_move_occurrence (tg_http_request_get_engine (req), caller,
					 tg_http_request_get_param (req, 0), date,
					 meeting == G_MAXUINT ? -1 : (gint) meeting,
					 reception == G_MAXUINT ? -1 : (gint) reception, reason,
					 error);
	if (occ == NULL)
		return FALSE;
	return tg_http_answer_occurrence (req, resp, occ, TRUE);
}

gboolean
tg_http_patch_occurrence (TgHttpRequest *req, TgHttpResponse *resp, GError **error)
{
	const TgToken *caller = tg_http_request_require_caller (req, error);
	g_autoptr(JsonObject) obj = NULL;
	g_autoptr(TgException) patch = tg_exception_new (NULL, NULL);
	g_autoptr(TgOccurrence) occ = NULL;
	g_autofree gchar *mode = NULL;
	gboolean chair = FALSE;

	if (caller == NULL)
		return FALSE;
	obj = tg_http_request_parse_object (req, error);
	if (obj == NULL ||
	    !tg_json_get_chair (obj, "chair", "chair", &chair, &patch->chair, &patch->chair_title,
				error) ||
	    !tg_json_get_string (obj, "agenda", NULL, &patch->agenda, error) ||
	    !tg_json_get_string (obj, "mode", NULL, &mode, error) ||
	    !tg_json_get_string (obj, "venue", NULL, &patch->venue, error) ||
	    !tg_json_get_string (obj, "online_url", NULL, &patch->online_url, error))
		return FALSE;
	if (mode != NULL) {
		patch->mode = tg_meeting_mode_from_string (mode);
		if (patch->mode == TG_MEETING_MODE_UNKNOWN) {
			tg_error_set_field (error, TG_ERROR_INVALID, "mode",
					    N_ ("must be in_person, online or hybrid"));
			return FALSE;
		}
	}
	if (json_object_has_member (obj, "participants")) {
		patch->participants =
			tg_json_get_participants (json_object_get_member (obj, "participants"),
						  "participants", error);
		if (patch->participants == NULL)
			return FALSE;
	}
	occ = tg_engine_patch_occurrence (tg_http_request_get_engine (req), caller,
					  tg_http_request_get_param (req, 0), patch, error);
	if (occ == NULL)
		return FALSE;
	return tg_http_answer_occurrence (req, resp, occ, TRUE);
}

/* ---- holidays ---- */

static void
tg_http_add_holidays (JsonBuilder *b, GPtrArray *days, const gchar *lang, gboolean with_kind)
{
	static const gchar *kinds[] = {NULL, "statutory", "compensatory", "decided"};
	json_builder_begin_array (b);
	for (guint i = 0; i < days->len; i++) {
		const TgHoliday *h = g_ptr_array_index (days, i);
		json_builder_begin_object (b);
		tg_json_add_nullable (b, "date", h->date);
		tg_json_add_nullable (b, "name",
				      g_strcmp0 (lang, "vi") == 0 ? h->name_vi : h->name_en);
		if (with_kind) {
			tg_json_add_nullable (b, "kind",
					      (guint) h->kind < G_N_ELEMENTS (kinds)
						      ? kinds[h->kind]
						      : NULL);
			json_builder_set_member_name (b, "estimated");
			json_builder_add_boolean_value (b, h->estimated);
		}
		json_builder_end_object (b);
	}
	json_builder_end_array (b);
}

gboolean
tg_http_list_holidays (TgHttpRequest *req, TgHttpResponse *resp, GError **error)
{
	TgEngine *engine = tg_http_request_get_engine (req);
	const gchar *year_str = tg_http_request_get_query (req, "year");
	g_autoptr(TgHolidayCalendar) calendar = NULL;
	g_autoptr(GPtrArray) off = NULL;
	g_autoptr(GPtrArray) working = NULL;
	g_autoptr(JsonBuilder) b = json_builder_new ();
	const gchar *lang = tg_http_request_get_language (req);
	guint64 year = 0;

	if (year_str == NULL) {
		g_autofree gchar *today = tg_engine_get_today (engine);
		year = g_ascii_strtoull (today, NULL, 10);
	} else if (!g_ascii_string_to_unsigned (year_str, 10, 1901, 2099, &year, NULL)) {
		tg_error_set_field (error, TG_ERROR_INVALID, "year",
				    N_ ("must be a year from 1901 to 2099"));
		return FALSE;
	}
	calendar = tg_engine_new_calendar (engine, error);
	if (calendar == NULL)
		return FALSE;
	off = tg_holiday_calendar_list_days_off (calendar, (gint) year);
	working = tg_holiday_calendar_list_working_days (calendar, (gint) year);
	json_builder_begin_object (b);
	json_builder_set_member_name (b, "year");
	json_builder_add_int_value (b, (gint64) year);
	json_builder_set_member_name (b, "days_off");
	tg_http_add_holidays (b, off, lang, TRUE);
	json_builder_set_member_name (b, "working_days");
	tg_http_add_holidays (b, working, lang, FALSE);
	json_builder_end_object (b);
	tg_http_response_set_json (resp, 200, json_builder_get_root (b));
	return TRUE;
}

static gboolean
tg_http_path_date (TgHttpRequest *req, const gchar **out, GError **error)
{
	const gchar *date = tg_http_request_get_param (req, 0);
	if (!tg_date_is_valid_iso (date)) {
		tg_error_set_field (error, TG_ERROR_INVALID, "date",
				    N_ ("must be a date written YYYY-MM-DD"));
		return FALSE;
	}
	*out = date;
	return TRUE;
}

gboolean
tg_http_put_holiday (TgHttpRequest *req, TgHttpResponse *resp, GError **error)
{
	const TgToken *caller = tg_http_request_require_caller (req, error);
	const gchar *date = NULL;
	g_autoptr(JsonObject) obj = NULL;
	g_autofree gchar *name = NULL, *kind = NULL;
	g_autoptr(TgHolidayDecision) decision = NULL;
	g_autoptr(JsonBuilder) b = json_builder_new ();

	if (caller == NULL || !tg_engine_require_admin (caller, error) ||
	    !tg_http_path_date (req, &date, error))
		return FALSE;
	obj = tg_http_request_parse_object (req, error);
	if (obj == NULL || !tg_json_get_string (obj, "name", NULL, &name, error) ||
	    !tg_json_get_string (obj, "kind", NULL, &kind, error))
		return FALSE;
	if (g_strcmp0 (kind, "day_off") != 0 && g_strcmp0 (kind, "working_day") != 0) {
		tg_error_set_field (error, TG_ERROR_INVALID, "kind",
				    N_ ("must be day_off or working_day"));
		return FALSE;
	}
	decision = tg_holiday_decision_new (date, g_strcmp0 (kind, "day_off") == 0, name);
	if (!tg_engine_put_holiday_decision (tg_http_request_get_engine (req), caller, decision,
					     error))
		return FALSE;
	json_builder_begin_object (b);
	tg_json_add_nullable (b, "date", date);
	tg_json_add_nullable (b, "kind", kind);
	tg_json_add_nullable (b, "name", name);
	json_builder_end_object (b);
	tg_http_response_set_json (resp, 200, tg_json_wrap ("decision", json_builder_get_root (b)));
	return TRUE;
}

gboolean
tg_http_delete_holiday (TgHttpRequest *req, TgHttpResponse *resp, GError **error)
{
	const TgToken *caller = tg_http_request_require_caller (req, error);
	const gchar *date = NULL;

	if (caller == NULL || !tg_engine_require_admin (caller, error) ||
	    !tg_http_path_date (req, &date, error))
		return FALSE;
	if (!tg_engine_delete_holiday_decision (tg_http_request_get_engine (req), caller, date,
						error))
		return FALSE;
	tg_http_response_set_bytes (resp, 204, NULL, NULL);
	return TRUE;
}

/* ---- lunar ---- */

gboolean
tg_http_get_lunar (TgHttpRequest *req, TgHttpResponse *resp, GError **error)
{
	const gchar *date = NULL;
	g_autoptr(JsonBuilder) b = json_builder_new ();
	g_autofree gchar *can_chi = NULL;
	g_autofree gchar *today = NULL;
	TgLunarDate lunar;
	GDate d;

	if (!tg_http_query_date (req, "date", &date, error))
		return FALSE;
	if (date == NULL)
		date = today = tg_engine_get_today (tg_http_request_get_engine (req));
	tg_date_parse_iso (date, &d);
	if (!tg_lunar_from_solar (&d, &lunar)) {
		tg_error_set_field (error, TG_ERROR_INVALID, "date",
				    N_ ("must be a date from 1900 to 2100"));
		return FALSE;
	}
	can_chi = tg_lunar_can_chi_year (lunar.year);
	json_builder_begin_object (b);
	tg_json_add_nullable (b, "date", date);
	json_builder_set_member_name (b, "lunar");
	json_builder_begin_object (b);
	json_builder_set_member_name (b, "day");
	json_builder_add_int_value (b, lunar.day);
	json_builder_set_member_name (b, "month");
	json_builder_add_int_value (b, lunar.month);
	json_builder_set_member_name (b, "year");
	json_builder_add_int_value (b, lunar.year);
	json_builder_set_member_name (b, "leap");
	json_builder_add_boolean_value (b, lunar.leap);
	json_builder_end_object (b);
	tg_json_add_nullable (b, "can_chi", can_chi);
	json_builder_end_object (b);
	tg_http_response_set_json (resp, 200, json_builder_get_root (b));
	return TRUE;
}
