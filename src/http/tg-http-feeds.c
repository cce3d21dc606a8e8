/* tg-http-feeds.c: iCalendar feeds over HTTP, with ETag, Last-Modified and 304 answers */
#define G_LOG_DOMAIN "thaogo-http"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n-lib.h>

#include "tg-error.h"
#include "tg-http-handlers.h"

/* "Tue, 24 Nov 2026 10:00:00 GMT", in English whatever the locale */
static gchar *
tg_http_date (gint64 time_us)
{
	static const gchar *days[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
	static const gchar *months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					"Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (time_us / G_USEC_PER_SEC);
	return g_strdup_printf ("%s, %02d %s %04d %02d:%02d:%02d GMT",
				days[g_date_time_get_day_of_week (dt) - 1],
				g_date_time_get_day_of_month (dt),
				months[g_date_time_get_month (dt) - 1], g_date_time_get_year (dt),
				g_date_time_get_hour (dt), g_date_time_get_minute (dt),
				g_date_time_get_second (dt));
}

/* seconds since the epoch of an IMF-fixdate, -1 when it is not one */
static gint64
tg_http_parse_date (const gchar *value)
{
	static const gchar *months = "JanFebMarAprMayJunJulAugSepOctNovDec";
	gchar mon[4] = "";
	gint day, year, h, m, s;
	const gchar *found;
	g_autoptr(GDateTime) dt = NULL;

	if (value == NULL || strlen (value) > 64 ||
	    sscanf (value, "%*3s, %2d %3s %4d %2d:%2d:%2d GMT", &day, mon, &year, &h, &m, &s) != 6)
		return -1;
	found = strstr (months, mon);
	if (found == NULL || strlen (mon) != 3 || (found - months) % 3 != 0)
		return -1;
	dt = g_date_time_new_utc (year, (gint) ((found - months) / 3) + 1, day, h, m, s);
	return dt != NULL ? g_date_time_to_unix (dt) : -1;
}

/* does an If-None-Match list name @etag? */
static gboolean
tg_http_etag_matches (const gchar *header, const gchar *etag)
{
	g_auto(GStrv) tags = NULL;

	if (header == NULL || strlen (header) > 4096)
		return FALSE;
	tags = g_strsplit (header, ",", 64);
	for (guint i = 0; tags[i] != NULL; i++) {
		gchar *t = g_strstrip (tags[i]);
		if (g_str_has_prefix (t, "W/"))
			t += 2;
		if (g_strcmp0 (t, "*") == 0 || g_strcmp0 (t, etag) == 0)
			return TRUE;
	}
	return FALSE;
}

static gboolean
tg_http_answer_feed (TgHttpRequest *req, TgHttpResponse *resp, TgFeed *feed,
		     const gchar *cache_control, const gchar *filename)
{
	g_autofree gchar *last_modified = tg_http_date (feed->last_modified);
	g_autofree gchar *disposition = g_strdup_printf ("inline; filename=\"%s\"", filename);
	const gchar *inm = tg_http_request_get_header (req, "If-None-Match");
	const gchar *ims = tg_http_request_get_header (req, "If-Modified-Since");
	gboolean not_modified;

	/* If-None-Match wins over If-Modified-Since (RFC 9110) */
	if (inm != NULL)
		not_modified = tg_http_etag_matches (inm, feed->etag);
	else
		not_modified = ims != NULL && tg_http_parse_date (ims) >= 0 &&
			       feed->last_modified / G_USEC_PER_SEC <= tg_http_parse_date (ims);
	if (not_modified)
		tg_http_response_set_bytes (resp, 304, NULL, NULL);
	else
		tg_http_response_set_bytes (resp, 200, "text/calendar; charset=utf-8", feed->body);
	tg_http_response_add_header (resp, "ETag", feed->etag);
	tg_http_response_add_header (resp, "Last-Modified", last_modified);
	tg_http_response_add_header (resp, "Cache-Control", cache_control);
	if (!not_modified)
		tg_http_response_add_header (resp, "Content-Disposition", disposition);
	return TRUE;
}

/* "74.ics" -> "74"; NULL for anything else */
static gchar *
tg_http_strip_ics (const gchar *param)
{
	if (param == NULL || !g_str_has_suffix (param, ".ics") || strlen (param) <= 4 ||
	    strlen (param) > 100)
		return NULL;
	return g_strndup (param, strlen (param) - 4);
}

gboolean
tg_http_get_unit_feed (TgHttpRequest *req, TgHttpResponse *resp, GError **error)
{
	g_autofree gchar *code = tg_http_strip_ics (tg_http_request_get_param (req, 0));
	g_autofree gchar *filename = NULL;
	g_autoptr(TgFeed) feed = NULL;

	if (!tg_unit_code_is_valid (code)) {
		tg_error_set_field (error, TG_ERROR_NOT_FOUND, NULL, N_ ("no such unit"));
		return FALSE;
	}
	feed = tg_engine_get_unit_feed (tg_http_request_get_engine (req), code, error);
	if (feed == NULL)
		return FALSE;
	filename = g_strdup_printf ("thaogo-%s.ics", code);
	return tg_http_answer_feed (req, resp, feed, "public, max-age=900", filename);
}

gboolean
tg_http_get_staff_feed (TgHttpRequest *req, TgHttpResponse *resp, GError **error)
{
	g_autofree gchar *secret = tg_http_strip_ics (tg_http_request_get_param (req, 0));
	g_autoptr(TgFeed) feed = tg_engine_get_staff_feed (tg_http_request_get_engine (req),
							    secret, error);
	if (feed == NULL)
		return FALSE;
	return tg_http_answer_feed (req, resp, feed, "private, max-age=900", "thaogo.ics");
}

gboolean
tg_http_get_booking_ics (TgHttpRequest *req, TgHttpResponse *resp, GError **error)
{
	g_autofree gchar *id = tg_http_strip_ics (tg_http_request_get_param (req, 0));
	g_autoptr(TgFeed) feed =
			   tg_engine_get_booking_ics (tg_http_request_get_engine (req), id,
						      tg_http_request_get_query (req, "token"),
						      error);
	if (feed == NULL)
		return FALSE;
	return tg_http_answer_feed (req, resp, feed, "private, no-store", "lich-hen.ics");
}

gboolean
tg_http_rotate_feed (TgHttpRequest *req, TgHttpResponse *resp, GError **error)
{
	TgEngine *engine = tg_http_request_get_engine (req);
	const TgToken *caller = tg_http_request_require_caller (req, error);
	g_autofree gchar *secret = NULL;
	g_autofree gchar *url = NULL;
	g_autofree gchar *webcal = NULL;
	g_autoptr(JsonBuilder) b = json_builder_new ();
	const gchar *base;

	if (caller == NULL)
		return FALSE;
	secret = tg_engine_rotate_feed (engine, caller, error);
	if (secret == NULL)
		return FALSE;
	base = tg_http_request_get_public_url (req);
	url = g_strdup_printf ("%s/feeds/staff/%s.ics", base, secret);
	webcal = g_strdup_printf ("webcal://%s", strstr (url, "://") + 3);
	json_builder_begin_object (b);
	json_builder_set_member_name (b, "url");
	json_builder_add_string_value (b, url);
	json_builder_set_member_name (b, "webcal");
	json_builder_add_string_value (b, webcal);
	json_builder_end_object (b);
	tg_http_response_set_json (resp, 201, json_builder_get_root (b));
	return TRUE;
}

/* one message of the outbox, without its body */
static JsonNode *
tg_http_outbox_message_to_json (const TgOutboxMessage *m)
{
	g_autoptr(JsonBuilder) b = json_builder_new ();
	g_autofree gchar *due = tg_clock_format_rfc3339 (m->due_at);
	g_autofree gchar *created = tg_clock_format_rfc3339 (m->created_at);
	const gchar *at = strchr (m->recipient, '@');

	json_builder_begin_object (b);
	json_builder_set_member_name (b, "id");
	json_builder_add_int_value (b, m->id);
	tg_json_add_nullable (b, "kind", m->kind);
	tg_json_add_nullable (b, "status", m->status);
	json_builder_set_member_name (b, "attempts");
	json_builder_add_int_value (b, m->attempts);
	tg_json_add_nullable (b, "language", m->language);
	tg_json_add_nullable (b, "message_id", m->message_id);
	tg_json_add_nullable (b, "due_at", due);
	tg_json_add_nullable (b, "created_at", created);
	tg_json_add_nullable (b, "last_error", m->last_error);
	/* the recipient is personal data: the domain is enough to see a problem */
	tg_json_add_nullable (b, "recipient_domain", at != NULL ? at + 1 : "");
	json_builder_end_object (b);
	return json_builder_get_root (b);
}

gboolean
tg_http_list_outbox (TgHttpRequest *req, TgHttpResponse *resp, GError **error)
{
	const TgToken *caller = tg_http_request_require_caller (req, error);
	g_autoptr(GPtrArray) list = NULL;
	g_autoptr(JsonBuilder) b = json_builder_new ();

	if (caller == NULL)
		return FALSE;
	list = tg_engine_list_outbox (tg_http_request_get_engine (req), caller,
				      tg_http_request_get_query (req, "status"), error);
	if (list == NULL)
		return FALSE;
	json_builder_begin_object (b);
	json_builder_set_member_name (b, "messages");
	json_builder_begin_array (b);
	for (guint i = 0; i < list->len; i++)
		json_builder_add_value (b, tg_http_outbox_message_to_json (
						   g_ptr_array_index (list, i)));
	json_builder_end_array (b);
	json_builder_end_object (b);
	tg_http_response_set_json (resp, 200, json_builder_get_root (b));
	return TRUE;
}

gboolean
tg_http_retry_outbox (TgHttpRequest *req, TgHttpResponse *resp, GError **error)
{
	const TgToken *caller = tg_http_request_require_caller (req, error);
	const gchar *param = tg_http_request_get_param (req, 0);
	g_autoptr(TgOutboxMessage) m = NULL;
	guint64 id = 0;

	if (caller == NULL || !tg_engine_require_admin (caller, error))
		return FALSE;
	/* a malformed id names no message, as an unknown one */
	if (!g_ascii_string_to_unsigned (param, 10, 1, G_MAXINT64, &id, NULL)) {
		tg_error_set_field (error, TG_ERROR_NOT_FOUND, NULL, N_ ("no such message"));
		return FALSE;
	}
	m = tg_engine_retry_outbox (tg_http_request_get_engine (req), caller, (gint64) id, error);
	if (m == NULL)
		return FALSE;
	tg_http_response_set_json (resp, 200,
				   tg_json_wrap ("message", tg_http_outbox_message_to_json (m)));
	return TRUE;
}
