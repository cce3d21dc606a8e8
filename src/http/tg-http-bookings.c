/* tg-http-bookings.c: slots, bookings and reports over HTTP */
#define G_LOG_DOMAIN "thaogo-http"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "tg-date.h"
#include "tg-error.h"
#include "tg-http-handlers.h"
#include "tg-http-static.h"

static void
tg_json_add_time (JsonBuilder *b, const gchar *name, gint64 time_us)
{
	g_autofree gchar *t = time_us != 0 ? tg_clock_format_rfc3339 (time_us) : NULL;
	tg_json_add_nullable (b, name, t);
}

/* who sees what: the citizen (with the token) sees their own data, the unit's people see it
 * and the secretary's record, the public nothing personal */
typedef enum {
	TG_VIEW_PUBLIC,
	TG_VIEW_CITIZEN,
	TG_VIEW_UNIT,
} TgBookingView;

static JsonNode *
tg_http_booking_to_json (const TgBooking *b, const TgOccurrence *occ, TgBookingView view)
{
	g_autoptr(JsonBuilder) jb = json_builder_new ();

	json_builder_begin_object (jb);
	tg_json_add_nullable (jb, "id", b->id);
	tg_json_add_nullable (jb, "status", tg_booking_status_to_string (b->status));
	json_builder_set_member_name (jb, "ticket");
	if (b->ticket > 0)
		json_builder_add_int_value (jb, b->ticket);
	else
		json_builder_add_null_value (jb);
	tg_json_add_nullable (jb, "occurrence", b->occurrence);
	tg_json_add_nullable (jb, "unit", b->unit);
	tg_json_add_nullable (jb, "date", occ != NULL ? occ->date : b->original_date);
	json_builder_set_member_name (jb, "slot");
	if (occ != NULL && b->slot >= 0) {
		guint start = occ->reception_start + (guint) b->slot * occ->slot_minutes;
		g_autofree gchar *s = tg_http_local_datetime (occ->date, start);
		g_autofree gchar *e = tg_http_local_datetime (occ->date, start + occ->slot_minutes);
		json_builder_begin_object (jb);
		tg_json_add_nullable (jb, "start", s);
		tg_json_add_nullable (jb, "end", e);
		json_builder_end_object (jb);
	} else {
		json_builder_add_null_value (jb);
	}
	if (view != TG_VIEW_PUBLIC && !b->purged) {
		json_builder_set_member_name (jb, "requester");
		json_builder_begin_object (jb);
		tg_json_add_nullable (jb, "kind", tg_requester_kind_to_string (b->requester.kind));
		tg_json_add_nullable (jb, "name", b->requester.name);
		tg_json_add_nullable (jb, "phone", b->requester.phone);
		tg_json_add_nullable (jb, "email", b->requester.email);
		tg_json_add_nullable (jb, "organization", b->requester.organization);
		tg_json_add_nullable (jb, "tax_code", b->requester.tax_code);
		json_builder_end_object (jb);
	}
	json_builder_set_member_name (jb, "topic");
	json_builder_begin_object (jb);
	tg_json_add_nullable (jb, "category", b->category);
	if (view != TG_VIEW_PUBLIC) {
		tg_json_add_nullable (jb, "dossier_code", b->dossier_code);
		tg_json_add_nullable (jb, "summary", b->summary);
	}
	json_builder_end_object (jb);
	tg_json_add_nullable (jb, "language", b->language);
	tg_json_add_time (jb, "created_at", b->created_at);
	tg_json_add_time (jb, "hold_expires_at", b->hold_expires_at);
	if (view != TG_VIEW_PUBLIC) {
		if (!b->purged)
			tg_json_add_nullable (jb, "cancel_reason", b->cancel_reason);
		if (b->waitlist_position > 0) {
			json_builder_set_member_name (jb, "waitlist_position");
			json_builder_add_int_value (jb, b->waitlist_position);
		}
	}
	if (view == TG_VIEW_UNIT) {
		tg_json_add_nullable (jb, "assignee", b->assignee);
		tg_json_add_nullable (jb, "outcome", b->outcome);
		tg_json_add_nullable (jb, "cause", b->cause);
		tg_json_add_nullable (jb, "note", b->note);
		tg_json_add_time (jb, "consent_at", b->consent_at);
	}
	json_builder_end_object (jb);
	return json_builder_get_root (jb);
}

/* answers { "booking": ... } with the occurrence looked up for its times */
static gboolean
tg_http_answer_booking (TgHttpRequest *req, TgHttpResponse *resp, guint status, const TgBooking *b,
			TgBookingView view, const gchar *secret)
{
	g_autoptr(TgOccurrence) occ = tg_engine_get_occurrence (tg_http_request_get_engine (req),
								 b->occurrence, NULL);
	JsonNode *node = tg_json_wrap ("booking", tg_http_booking_to_json (b, occ, view));

	if (secret != NULL)
		json_object_set_string_member (json_node_get_object (node), "manage_token", secret);
	tg_http_response_set_json (resp, status, node);
	return TRUE;
}

/* answers a slot_full refusal with its alternatives (api.md) */
static gboolean
tg_http_answer_full (TgHttpRequest *req, TgHttpResponse *resp, const GError *error,
		     GPtrArray *alternatives)
{
	JsonArray *array = json_array_new ();

	for (guint i = 0; alternatives != NULL && i < alternatives->len; i++) {
		TgAlternative *alt = g_ptr_array_index (alternatives, i);
		JsonObject *o = json_object_new ();
		g_autofree gchar *slot = tg_time_to_string (alt->start);
		json_object_set_string_member (o, "occurrence", alt->occurrence);
		json_object_set_string_member (o, "date", alt->date);
		json_object_set_string_member (o, "slot", slot);
		json_array_add_object_element (array, o);
	}
	tg_http_response_set_error_with (resp, error, tg_http_request_get_language (req),
					 "alternatives", array);
	return TRUE;
}

gboolean
tg_http_list_slots (TgHttpRequest *req, TgHttpResponse *resp, GError **error)
{
	g_autoptr(TgOccurrence) occ = NULL;
	g_autoptr(GArray) slots =
			   tg_engine_list_slots (tg_http_request_get_engine (req),
						 tg_http_request_get_param (req, 0), &occ, error);
	g_autoptr(JsonBuilder) b = json_builder_new ();

	if (slots == NULL)
		return FALSE;
	json_builder_begin_object (b);
	tg_json_add_nullable (b, "occurrence", occ->id);
	tg_json_add_nullable (b, "status", tg_occurrence_status_to_string (occ->status));
	json_builder_set_member_name (b, "slots");
	json_builder_begin_array (b);
	for (guint i = 0; i < slots->len; i++) {
		TgSlot *s = &g_array_index (slots, TgSlot, i);
		g_autofree gchar *start = tg_http_local_datetime (occ->date, s->start);
		g_autofree gchar *end = tg_http_local_datetime (occ->date, s->end);
		json_builder_begin_object (b);
		tg_json_add_nullable (b, "start", start);
		tg_json_add_nullable (b, "end", end);
		json_builder_set_member_name (b, "capacity");
		json_builder_add_int_value (b, s->capacity);
		json_builder_set_member_name (b, "available");
		json_builder_add_int_value (b, s->available);
		json_builder_end_object (b);
	}
	json_builder_end_array (b);
	json_builder_end_object (b);
	tg_http_response_set_json (resp, 200, json_builder_get_root (b));
	return TRUE;
}

/* "occurrence", or "unit" + "date" */
static gchar *
tg_http_booking_occurrence (TgHttpRequest *req, JsonObject *obj, GError **error)
{
	g_autofree gchar *occurrence = NULL, *unit = NULL, *date = NULL;

	if (!tg_json_get_string (obj, "occurrence", NULL, &occurrence, error) ||
	    !tg_json_get_string (obj, "unit", NULL, &unit, error) ||
	    !tg_json_get_string (obj, "date", NULL, &date, error))
		return NULL;
	if (occurrence != NULL)
		return g_steal_pointer (&occurrence);
	if (unit == NULL || date == NULL) {
		tg_error_set_field (error, TG_ERROR_INVALID, "occurrence",
				    N_ ("give the occurrence, or the unit and the date"));
		return NULL;
	}
	return tg_engine_find_occurrence (tg_http_request_get_engine (req), unit, date, error);
}

/* the new booking's answer, once its write is done */
static gboolean
tg_http_end_booking (TgHttpRequest *req, gpointer job, TgHttpResponse *resp, GError **error)
{
	g_autoptr(TgBooking) booking = NULL;
	g_autoptr(GPtrArray) alternatives = NULL;
	g_autoptr(GError) error_local = NULL;
	g_autofree gchar *secret = NULL;

	booking = tg_engine_end_booking (job, &secret, &alternatives, &error_local);
	if (booking == NULL) {
		if (g_error_matches (error_local, TG_ERROR, TG_ERROR_SLOT_FULL))
			return tg_http_answer_full (req, resp, error_local, alternatives);
		g_propagate_error (error, g_steal_pointer (&error_local));
		return FALSE;
	}
	return tg_http_answer_booking (req, resp, 201, booking, TG_VIEW_CITIZEN, secret);
}

gboolean
tg_http_create_booking (TgHttpRequest *req, TgHttpResponse *resp, GError **error)
{
	TgEngine *engine = tg_http_request_get_engine (req);
	g_autoptr(JsonObject) obj = NULL;
	g_autoptr(TgBooking) request = NULL;
	TgBookingJob *job;
	g_autofree gchar *occurrence = NULL;
	gboolean consent = FALSE, waitlist = FALSE;
	gint slot = -1;

	obj = tg_http_request_parse_object (req, error);
	if (obj == NULL)
		return FALSE;
	if (!tg_http_request_take_rate (req, resp, error))
		return FALSE;
	request = tg_http_booking_request_from_json (obj, &consent, &waitlist, &slot, error);
	if (request == NULL)
		return FALSE;
	request->consent_at = consent ? tg_clock_now (tg_engine_get_clock (engine)) : 0;
	/* the fields first: a refusal of the form should not depend on the session */
	if (!tg_booking_validate_request (request, FALSE, error))
		return FALSE;
	occurrence = tg_http_booking_occurrence (req, obj, error);
	if (occurrence == NULL)
		return FALSE;
	/* the write is group-committed with others: this thread serves other requests
	 * meanwhile */
	job = tg_engine_begin_booking (engine, g_steal_pointer (&request), occurrence, slot,
				       waitlist, tg_http_request_wake, req, error);
	if (job == NULL)
		return FALSE;
	tg_http_request_defer (req, tg_http_end_booking, job, (GDestroyNotify) tg_booking_job_free);
	return TRUE;
}

static const gchar *
tg_http_booking_token (TgHttpRequest *req)
{
	return tg_http_request_get_query (req, "token");
}

typedef TgBooking *(*TgCitizenAction) (TgEngine *engine, const gchar *id, const gchar *secret,
				       GError **error);

/* @action on the booking of the path with the citizen's token; answers the booking */
static gboolean
tg_http_citizen_action (TgHttpRequest *req, TgHttpResponse *resp, TgCitizenAction action,
			GError **error)
{
	g_autoptr(TgBooking) b = action (tg_http_request_get_engine (req),
					  tg_http_request_get_param (req, 0),
					  tg_http_booking_token (req), error);
	if (b == NULL)
		return FALSE;
	return tg_http_answer_booking (req, resp, 200, b, TG_VIEW_CITIZEN, NULL);
}

gboolean
tg_http_get_booking (TgHttpRequest *req, TgHttpResponse *resp, GError **error)
{
	if (g_str_has_suffix (tg_http_request_get_param (req, 0), ".ics"))
		return tg_http_get_booking_ics (req, resp, error);
	return tg_http_citizen_action (req, resp, tg_engine_get_booking, error);
}

gboolean
tg_http_confirm_booking (TgHttpRequest *req, TgHttpResponse *resp, GError **error)
{
	return tg_http_citizen_action (req, resp, tg_engine_confirm_booking, error);
}

/* the body is optional: { "reason": "..." } */
gboolean
tg_http_cancel_booking (TgHttpRequest *req, TgHttpResponse *resp, GError **error)
{
	g_autoptr(JsonObject) obj = NULL;
	g_autoptr(TgBooking) b = NULL;
	g_autofree gchar *reason = NULL;

	if (tg_http_request_has_body (req)) {
		obj = tg_http_request_parse_object (req, error);
		if (obj == NULL || !tg_json_get_string (obj, "reason", NULL, &reason, error))
			return FALSE;
	}
	b = tg_engine_cancel_booking (tg_http_request_get_engine (req),
				      tg_http_request_get_param (req, 0),
				      tg_http_booking_token (req), reason, error);
	if (b == NULL)
		return FALSE;
	return tg_http_answer_booking (req, resp, 200, b, TG_VIEW_CITIZEN, NULL);
}

gboolean
tg_http_resend_booking (TgHttpRequest *req, TgHttpResponse *resp, GError **error)
{
	const gchar *id = tg_http_request_get_param (req, 0);
	g_autoptr(TgBooking) b = NULL;

	/* the token first: the allowance of a booking is spent by its holder only */
	b = tg_engine_get_booking (tg_http_request_get_engine (req), id,
				   tg_http_booking_token (req), error);
	if (b == NULL || !tg_http_request_take_resend (req, resp, id, error))
		return FALSE;
	g_clear_pointer (&b, tg_booking_free);
	b = tg_engine_resend_booking (tg_http_request_get_engine (req), id,
				      tg_http_booking_token (req), error);
	if (b == NULL)
		return FALSE;
	return tg_http_answer_booking (req, resp, 200, b, TG_VIEW_CITIZEN, NULL);
}

gboolean
tg_http_reschedule_booking (TgHttpRequest *req, TgHttpResponse *resp, GError **error)
{
	g_autoptr(JsonObject) obj = tg_http_request_parse_object (req, error);
	g_autoptr(TgBooking) b = NULL;
	g_autoptr(GPtrArray) alternatives = NULL;
	g_autoptr(GError) error_local = NULL;
	g_autofree gchar *occurrence = NULL;
	gint slot = -1;

	if (obj == NULL || !tg_json_get_slot (obj, "slot", &slot, error))
		return FALSE;
	occurrence = tg_http_booking_occurrence (req, obj, error);
	if (occurrence == NULL)
		return FALSE;
	b = tg_engine_reschedule_booking (tg_http_request_get_engine (req),
					  tg_http_request_get_param (req, 0),
					  tg_http_booking_token (req), occurrence, slot,
					  &alternatives, &error_local);
	if (b == NULL) {
		if (g_error_matches (error_local, TG_ERROR, TG_ERROR_SLOT_FULL))
			return tg_http_answer_full (req, resp, error_local, alternatives);
		g_propagate_error (error, g_steal_pointer (&error_local));
		return FALSE;
	}
	return tg_http_answer_booking (req, resp, 200, b, TG_VIEW_CITIZEN, NULL);
}

/* one CSV field (RFC 4180): quoted when it holds a separator, a quote or a line break; a
 * value that a spreadsheet would take for a formula gets a leading apostrophe */
void
tg_http_csv_field (GString *csv, const gchar *value, gboolean last)
{
	if (value == NULL)
		value = "";
	if (value[0] != '\0' && strchr ("=+-@\t\r", value[0]) != NULL)
		g_string_append_c (csv, '\'');
	if (strpbrk (value, ",;\"\r\n") != NULL) {
		g_string_append_c (csv, '"');
		for (const gchar *p = value; *p != '\0'; p++) {
			if (*p == '"')
				g_string_append_c (csv, '"');
			g_string_append_c (csv, *p);
		}
		g_string_append_c (csv, '"');
	} else {
		g_string_append (csv, value);
	}
	g_string_append (csv, last ? "\r\n" : ",");
}

/* the column headings of the CSV, in the pages' catalogue (csv.*) */
static const gchar *tg_http_csv_columns[] = {
	"time",     "ticket",  "status", "kind",     "name",         "organization",
	"tax_code", "phone",   "email",  "category", "dossier_code", "summary",
	"assignee", "outcome", "cause",  "note",
};

/* the word of the pages for the code @code of a vocabulary (@prefix "category." ...) in
 * @lang: what the page shows, so that a spreadsheet reads as the page does; the code when
 * the catalogue has no word for it */
static const gchar *
tg_http_csv_word (TgHttpStatic *web, const gchar *lang, const gchar *prefix, const gchar *code)
{
	g_autofree gchar *key = NULL;
	const gchar *word;

	if (code == NULL || web == NULL)
		return code;
	key = g_strconcat (prefix, code, NULL);
	word = tg_http_static_get_text (web, lang, key);
	return word != key ? word : code;
}

/* The session's bookings as CSV for a spreadsheet: UTF-8 with a byte order mark (Excel
 * reads the diacritics then), CRLF, the headings and the words of the vocabularies (status,
 * kind, topic, outcome, cause) in @lang */
static GBytes *
tg_http_bookings_to_csv (TgHttpRequest *req, GPtrArray *bookings, const TgOccurrence *occ,
			 const gchar *lang)
{
	TgHttpStatic *web = tg_http_request_get_static (req);
	GString *csv = g_string_new ("\xEF\xBB\xBF");

	for (guint i = 0; i < G_N_ELEMENTS (tg_http_csv_columns); i++) {
		g_autofree gchar *key = g_strdup_printf ("csv.%s", tg_http_csv_columns[i]);
		tg_http_csv_field (csv,
				   web != NULL ? tg_http_static_get_text (web, lang, key)
					       : tg_http_csv_columns[i],
				   i + 1 == G_N_ELEMENTS (tg_http_csv_columns));
	}
	for (guint i = 0; i < bookings->len; i++) {
		const TgBooking *b = g_ptr_array_index (bookings, i);
		g_autofree gchar *time = NULL;
		g_autofree gchar *ticket = b->ticket > 0 ? g_strdup_printf ("%u", b->ticket) : NULL;
		gboolean purged = b->purged;

		if (occ != NULL && b->slot >= 0)
			time = tg_time_to_string (occ->reception_start +
						  (guint) b->slot * occ->slot_minutes);
		tg_http_csv_field (csv, time, FALSE);
		tg_http_csv_field (csv, ticket, FALSE);
		tg_http_csv_field (csv,
				   tg_http_csv_word (web, lang, "sec.status.",
						     tg_booking_status_to_string (b->status)),
				   FALSE);
		tg_http_csv_field (csv,
				   purged ? NULL
					  : tg_http_csv_word (web, lang, "details.kind.",
							      tg_requester_kind_to_string (
								      b->requester.kind)),
				   FALSE);
		tg_http_csv_field (csv, purged ? NULL : b->requester.name, FALSE);
		tg_http_csv_field (csv, purged ? NULL : b->requester.organization, FALSE);
		tg_http_csv_field (csv, purged ? NULL : b->requester.tax_code, FALSE);
		tg_http_csv_field (csv, purged ? NULL : b->requester.phone, FALSE);
		tg_http_csv_field (csv, purged ? NULL : b->requester.email, FALSE);
		tg_http_csv_field (csv, tg_http_csv_word (web, lang, "category.", b->category),
				   FALSE);
		tg_http_csv_field (csv, b->dossier_code, FALSE);
		tg_http_csv_field (csv, b->summary, FALSE);
		tg_http_csv_field (csv, b->assignee, FALSE);
		tg_http_csv_field (csv, tg_http_csv_word (web, lang, "desk.outcome.", b->outcome),
				   FALSE);
		tg_http_csv_field (csv, tg_http_csv_word (web, lang, "desk.cause.", b->cause),
				   FALSE);
		tg_http_csv_field (csv, b->note, TRUE);
	}
	return g_string_free_to_bytes (csv);
}

gboolean
tg_http_list_occurrence_bookings (TgHttpRequest *req, TgHttpResponse *resp, GError **error)
{
	TgEngine *engine = tg_http_request_get_engine (req);
	const TgToken *caller = tg_http_request_require_caller (req, error);
	const gchar *id = tg_http_request_get_param (req, 0);
	const gchar *format = tg_http_request_get_query (req, "format");
	g_autoptr(GPtrArray) bookings = NULL;
	g_autoptr(TgOccurrence) occ = NULL;
	g_autoptr(GHashTable) links = NULL;
	JsonArray *array;
	JsonNode *node;
	guint active = 0;

	if (caller == NULL)
		return FALSE;
	if (format != NULL && g_strcmp0 (format, "csv") != 0 && g_strcmp0 (format, "json") != 0) {
		tg_error_set_field (error, TG_ERROR_INVALID, "format", N_ ("must be json or csv"));
		return FALSE;
	}
	bookings = tg_engine_list_occurrence_bookings (engine, caller, id, error);
	if (bookings == NULL)
		return FALSE;
	occ = tg_engine_get_occurrence (engine, id, NULL);
	if (g_strcmp0 (format, "csv") == 0) {
		const gchar *lang = tg_http_request_get_query (req, "lang");
		g_autofree gchar *disposition = NULL;
		g_autoptr(GBytes) body = NULL;

		/* the whole list with the phones: the unit's secretaries only */
		if (occ == NULL ||
		    !tg_engine_require_secretary_of (engine, caller, occ->unit, error))
			return FALSE;
		if (g_strcmp0 (lang, "vi") != 0 && g_strcmp0 (lang, "en") != 0)
			lang = tg_http_request_get_language (req);
		body = tg_http_bookings_to_csv (req, bookings, occ, lang);
		disposition = g_strdup_printf ("attachment; filename=\"thaogo-%s.csv\"", occ->id);
		tg_http_response_set_bytes (resp, 200, "text/csv; charset=utf-8", body);
		tg_http_response_add_header (resp, "Content-Disposition", disposition);
		tg_http_response_add_header (resp, "Cache-Control", "no-store");
		return TRUE;
	}
	/* the late dossiers the bookings are about, for the unit's secretaries */
	if (occ != NULL) {
		links = tg_engine_link_dossiers (engine, caller, occ, bookings, error);
		if (links == NULL)
			return FALSE;
	}
	array = json_array_sized_new (bookings->len);
	for (guint i = 0; i < bookings->len; i++) {
		const TgBooking *b = g_ptr_array_index (bookings, i);
		JsonNode *one = tg_http_booking_to_json (b, occ, TG_VIEW_UNIT);
		const TgDossier *d = links != NULL && b->dossier_code != NULL
					     ? g_hash_table_lookup (links, b->dossier_code)
					     : NULL;

		if (tg_booking_status_is_active (b->status))
			active++;
		if (d != NULL)
			json_object_set_member (json_node_get_object (one), "late_dossier",
						tg_http_late_dossier_to_json (d, occ->date));
		json_array_add_element (array, one);
	}
	node = json_node_new (JSON_NODE_ARRAY);
	json_node_take_array (node, array);
	node = tg_json_wrap ("bookings", node);
	/* the people told when the session is cancelled or moved (its secretaries see the
	 * whole list, so the count is theirs) */
	if (occ != NULL && tg_engine_require_secretary_of (engine, caller, occ->unit, NULL))
		json_object_set_int_member (json_node_get_object (node), "active", active);
	tg_http_response_set_json (resp, 200, node);
	return TRUE;
}

gboolean
tg_http_list_assignees (TgHttpRequest *req, TgHttpResponse *resp, GError **error)
{
	const TgToken *caller = tg_http_request_require_caller (req, error);
	const gchar *code = NULL;
	g_autoptr(GPtrArray) tokens = NULL;
	g_autoptr(JsonBuilder) b = json_builder_new ();

	if (caller == NULL || !tg_http_path_code (req, 0, &code, error))
		return FALSE;
	tokens = tg_engine_list_assignees (tg_http_request_get_engine (req), caller, code, error);
	if (tokens == NULL)
		return FALSE;
	json_builder_begin_object (b);
	json_builder_set_member_name (b, "assignees");
	json_builder_begin_array (b);
	for (guint i = 0; i < tokens->len; i++) {
		const TgToken *t = g_ptr_array_index (tokens, i);
		json_builder_begin_object (b);
		tg_json_add_nullable (b, "id", t->id);
		tg_json_add_nullable (b, "role", tg_role_to_string (t->role));
		tg_json_add_nullable (b, "unit", t->unit);
		tg_json_add_nullable (b, "name", t->name);
		json_builder_end_object (b);
	}
	json_builder_end_array (b);
	json_builder_end_object (b);
	tg_http_response_set_json (resp, 200, json_builder_get_root (b));
	return TRUE;
}

gboolean
tg_http_record_booking (TgHttpRequest *req, TgHttpResponse *resp, GError **error)
{
	const TgToken *caller = tg_http_request_require_caller (req, error);
	g_autoptr(JsonObject) obj = NULL;
	g_autofree gchar *assignee = NULL, *outcome = NULL, *cause = NULL, *note = NULL,
			 *status = NULL;
	g_autoptr(TgBooking) b = NULL;
	TgBookingRecord rec = {0};

	if (caller == NULL)
		return FALSE;
	obj = tg_http_request_parse_object (req, error);
	if (obj == NULL || !tg_json_get_string (obj, "assignee", NULL, &assignee, error) ||
	    !tg_json_get_string (obj, "outcome", NULL, &outcome, error) ||
	    !tg_json_get_string (obj, "cause", NULL, &cause, error) ||
	    !tg_json_get_string (obj, "note", NULL, &note, error) ||
	    !tg_json_get_string (obj, "status", NULL, &status, error))
		return FALSE;
	rec.assignee = assignee;
	rec.outcome = outcome;
	rec.cause = cause;
	rec.note = note;
	if (status != NULL) {
		rec.status = tg_booking_status_from_string (status);
		if (rec.status == 0) {
			tg_error_set_field (error, TG_ERROR_INVALID, "status",
					    N_ ("must be attended or no_show"));
			return FALSE;
		}
	}
	b = tg_engine_record_booking (tg_http_request_get_engine (req), caller,
				      tg_http_request_get_param (req, 0), &rec, error);
	if (b == NULL)
		return FALSE;
	return tg_http_answer_booking (req, resp, 200, b, TG_VIEW_UNIT, NULL);
}

gboolean
tg_http_report_summary (TgHttpRequest *req, TgHttpResponse *resp, GError **error)
{
	TgEngine *engine = tg_http_request_get_engine (req);
	const TgToken *caller = tg_http_request_require_caller (req, error);
	const gchar *unit = tg_http_request_get_query (req, "unit");
	const gchar *from = NULL, *to = NULL;
	const gchar *format = tg_http_request_get_query (req, "format");
	g_autoptr(GPtrArray) rows = NULL;

	if (caller == NULL)
		return FALSE;
	if (!tg_unit_code_is_valid (unit)) {
		tg_error_set_field (error, TG_ERROR_INVALID, "unit",
				    N_ ("must be a statistics code of 1 to 10 digits"));
		return FALSE;
	}
	if (!tg_http_query_date (req, "from", &from, error) ||
	    !tg_http_query_date (req, "to", &to, error))
		return FALSE;
	if (format != NULL && g_strcmp0 (format, "csv") != 0 && g_strcmp0 (format, "json") != 0) {
		tg_error_set_field (error, TG_ERROR_INVALID, "format", N_ ("must be json or csv"));
		return FALSE;
	}
	rows = tg_engine_report (engine, caller, unit, from, to, error);
	if (rows == NULL)
		return FALSE;
	if (g_strcmp0 (format, "csv") == 0) {
		/* with a byte order mark, so that Excel reads UTF-8 */
		GString *csv = g_string_new ("\xEF\xBB\xBF"
					     "dimension,key,count\r\n");
		g_autofree gchar *disposition =
			g_strdup_printf ("attachment; filename=\"thaogo-%s-%s-%s.csv\"", unit, from,
					 to);
		/* keys come from fixed vocabularies: no quoting is needed, none is risked */
		for (guint i = 0; i < rows->len; i++) {
			TgReportRow *r = g_ptr_array_index (rows, i);
			g_string_append_printf (csv, "%s,%s,%u\r\n", r->dimension, r->key,
						r->count);
		}
		g_autoptr(GBytes) body = g_string_free_to_bytes (csv);
		tg_http_response_set_bytes (resp, 200, "text/csv; charset=utf-8", body);
		tg_http_response_add_header (resp, "Content-Disposition", disposition);
		return TRUE;
	}
	{
		g_autoptr(JsonBuilder) b = json_builder_new ();
		static const gchar *dims[] = {"category", "status", "outcome", "cause", "week"};
		json_builder_begin_object (b);
		tg_json_add_nullable (b, "unit", unit);
		tg_json_add_nullable (b, "from", from);
		tg_json_add_nullable (b, "to", to);
		for (guint d = 0; d < G_N_ELEMENTS (dims); d++) {
			json_builder_set_member_name (b, dims[d]);
			json_builder_begin_object (b);
			for (guint i = 0; i < rows->len; i++) {
				TgReportRow *r = g_ptr_array_index (rows, i);
				if (g_strcmp0 (r->dimension, dims[d]) != 0)
					continue;
				json_builder_set_member_name (b, r->key);
				json_builder_add_int_value (b, r->count);
			}
			json_builder_end_object (b);
		}
		json_builder_end_object (b);
		tg_http_response_set_json (resp, 200, json_builder_get_root (b));
	}
	return TRUE;
}
