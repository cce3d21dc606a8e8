/* tg-http-pages.c: a booking's page, and its forms for a browser without JavaScript
 *
 * GET /b/ID?token=T is the one link of a booking's whole life (every message points at it):
 * the page's script shows the booking and acts on it through the API. For a browser without
 * JavaScript the daemon writes the booking's state, and a form to confirm or cancel it, into
 * the page's <noscript>. Opening the link (GET or HEAD) never changes anything; the forms
 * POST (application/x-www-form-urlencoded) to /b/ID/confirm and /b/ID/cancel, which answer
 * 303 See Other back to the page, or a page naming the field in error.
 */
#define G_LOG_DOMAIN "thaogo-http"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "tg-date.h"
#include "tg-error.h"
#include "tg-http-form.h"
#include "tg-http-static.h"
#include "tg-i18n.h"

#define TG_HTTP_PAGE_MARK "<!--booking-->"

/* A manage token as tg_random_base64url() writes it */
static gboolean
tg_http_page_token_is_plain (const gchar *token)
{
	gsize len = token != NULL ? strlen (token) : 0;

	if (len == 0 || len > 64)
		return FALSE;
	for (const gchar *p = token; *p != '\0'; p++) {
		if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
			return FALSE;
	}
	return TRUE;
}

/* the page's text of @key, escaped for HTML */
static void
tg_http_page_text (GString *out, TgHttpStatic *web, const gchar *lang, const gchar *key)
{
	g_autofree gchar *text =
		g_markup_escape_text (tg_http_static_get_text (web, lang, key), -1);
	g_string_append (out, text);
}

static void
tg_http_page_escaped (GString *out, const gchar *value)
{
	g_autofree gchar *text = g_markup_escape_text (value != NULL ? value : "", -1);
	g_string_append (out, text);
}

static void
tg_http_page_fact (GString *out, TgHttpStatic *web, const gchar *lang, const gchar *key,
		   const gchar *value)
{
	g_string_append (out, "<dt>");
	tg_http_page_text (out, web, lang, key);
	g_string_append (out, "</dt><dd>");
	tg_http_page_escaped (out, value);
	g_string_append (out, "</dd>");
}

/* "Thứ Hai, 14/12/2026" of an ISO date, as the pages' script writes it */
static gchar *
tg_http_page_date (TgHttpStatic *web, const gchar *lang, const gchar *iso)
{
	GDate d;
	g_autofree gchar *key = NULL;

	if (iso == NULL || !tg_date_parse_iso (iso, &d))
		return g_strdup (iso != NULL ? iso : "");
	/* GLib counts Monday 1 .. Sunday 7, the catalogue Sunday 0 .. Saturday 6 */
	key = g_strdup_printf ("weekday.%d", g_date_get_weekday (&d) % 7);
	return g_strdup_printf ("%s, %02u/%02u/%04u", tg_http_static_get_text (web, lang, key),
				g_date_get_day (&d), (guint) g_date_get_month (&d),
				g_date_get_year (&d));
}

/* the hidden field of the token and the form's start */
static void
tg_http_page_form (GString *out, const gchar *id, const gchar *action, const gchar *token)
{
	g_string_append_printf (out, "<form method=\"post\" action=\"/b/%s/%s\">", id, action);
	g_string_append (out, "<input type=\"hidden\" name=\"token\" value=\"");
	tg_http_page_escaped (out, token);
	g_string_append (out, "\">");
}

/* what a browser without JavaScript sees of the booking @b */
static void
tg_http_page_booking (GString *out, TgHttpRequest *req, TgHttpStatic *web, const gchar *lang,
		      const TgBooking *b, const gchar *token)
{
	TgEngine *engine = tg_http_request_get_engine (req);
	g_autoptr(TgOccurrence) occ = tg_engine_get_occurrence (engine, b->occurrence, NULL);
	g_autoptr(TgUnit) unit = tg_engine_get_unit (engine, b->unit, NULL, NULL);
	g_autofree gchar *status_key =
		g_strdup_printf ("book.status.%s", tg_booking_status_to_string (b->status));
	g_autofree gchar *date =
		tg_http_page_date (web, lang, occ != NULL ? occ->date : b->original_date);

	g_string_append (out, "<section class=\"nojs\" aria-labelledby=\"nojs-title\">"
			      "<h2 id=\"nojs-title\">");
	tg_http_page_text (out, web, lang, "book.title");
	g_string_append (out, "</h2><p class=\"status\">");
	tg_http_page_text (out, web, lang, status_key);
	g_string_append (out, "</p><dl class=\"facts\">");
	if (unit != NULL)
		tg_http_page_fact (out, web, lang, "book.unit", unit->name);
	tg_http_page_fact (out, web, lang, "book.date", date);
	if (occ != NULL && b->slot >= 0) {
		guint start = occ->reception_start + (guint) b->slot * occ->slot_minutes;
		g_autofree gchar *time =
			g_strdup_printf ("%02u:%02u–%02u:%02u", start / 60, start % 60,
					 (start + occ->slot_minutes) / 60,
					 (start + occ->slot_minutes) % 60);
		tg_http_page_fact (out, web, lang, "book.time", time);
	}
	if (b->ticket > 0) {
		g_autofree gchar *ticket = g_strdup_printf ("%u", b->ticket);
		tg_http_page_fact (out, web, lang, "book.ticket", ticket);
	}
	g_string_append (out, "</dl>");
	if (b->status == TG_BOOKING_PENDING) {
		tg_http_page_form (out, b->id, "confirm", token);
		g_string_append (out, "<button type=\"submit\" id=\"nojs-confirm\">");
		tg_http_page_text (out, web, lang, "book.confirm.button");
		g_string_append (out, "</button></form>");
	}
	if (tg_booking_status_is_active (b->status)) {
		g_string_append (out, "<h2 id=\"nojs-cancel-title\">");
		tg_http_page_text (out, web, lang, "book.cancel.title");
		g_string_append (out, "</h2>");
		tg_http_page_form (out, b->id, "cancel", token);
		g_string_append (out, "<div class=\"field\"><label for=\"nojs-reason\">");
		tg_http_page_text (out, web, lang, "book.cancel.reason");
		g_string_append_printf (
			out,
			"</label><textarea id=\"nojs-reason\" name=\"reason\" rows=\"3\" "
			"maxlength=\"%d\"></textarea></div>"
			"<button type=\"submit\" class=\"danger\" id=\"nojs-cancel\">",
			TG_BOOKING_CANCEL_REASON_MAX);
		tg_http_page_text (out, web, lang, "book.cancel.button");
		g_string_append (out, "</button></form>");
	}
	g_string_append (out, "</section>");
}

/* the language switch of a page seen through a link with its token keeps the token: the
 * page stays the same booking in the other language */
static void
tg_http_page_keep_token (TgHttpRequest *req, GString *page)
{
	static const gchar sw[] = "href=\"?lang=";
	const gchar *token = tg_http_request_get_query (req, "token");
	const gchar *method = tg_http_request_get_method (req);
	const gchar *at = strstr (page->str, sw);
	g_autoptr(GString) href = NULL;
	gssize pos;

	if (at == NULL || !tg_http_page_token_is_plain (token) ||
	    (g_strcmp0 (method, "GET") != 0 && g_strcmp0 (method, "HEAD") != 0))
		return;
	href = g_string_new ("href=\"");
	tg_http_page_escaped (href, tg_http_request_get_path (req));
	g_string_append (href, "?token=");
	g_string_append (href, token);
	g_string_append (href, "&amp;lang=");
	pos = (gssize) (at - page->str);
	g_string_erase (page, pos, (gssize) strlen (sw));
	g_string_insert (page, pos, href->str);
}

/* answers the HTML page @name of @lang with its marks (<!--site-->, <!--title-->,
 * <!--booking-->) replaced by the site's name, the text of @title_key and @html */
static gboolean
tg_http_page_answer (TgHttpRequest *req, TgHttpResponse *resp, guint status, const gchar *name,
		     const gchar *lang, const gchar *title_key, const gchar *html, GError **error)
{
	TgHttpStatic *web = tg_http_request_get_static (req);
	g_autoptr(GBytes) page = web != NULL ? tg_http_static_get_page (web, name, lang) : NULL;
	g_autoptr(GString) site = g_string_new (NULL);
	g_autoptr(GString) title = g_string_new (NULL);
	const gchar *marks[] = {"<!--site-->", "<!--title-->", TG_HTTP_PAGE_MARK};
	const gchar *values[3];
	g_autoptr(GString) out = NULL;
	const gchar *text;
	gsize len = 0;

	if (page == NULL)
		return tg_http_web_not_found (req, resp, error);
	tg_http_page_text (site, web, lang, "site.name");
	tg_http_page_text (title, web, lang, title_key);
	values[0] = site->str;
	values[1] = title->str;
	values[2] = html;
	text = g_bytes_get_data (page, &len);
	out = g_string_new_len (text, (gssize) len);
	for (guint i = 0; i < G_N_ELEMENTS (marks); i++) {
		gsize from = 0;
		const gchar *at;
		/* each mark wherever it is; what is written in is not searched again */
		while ((at = strstr (out->str + from, marks[i])) != NULL) {
			gsize pos = (gsize) (at - out->str);
			g_string_erase (out, (gssize) pos, (gssize) strlen (marks[i]));
			g_string_insert (out, (gssize) pos, values[i]);
			from = pos + strlen (values[i]);
		}
	}
	tg_http_page_keep_token (req, out);
	tg_http_static_add_security (resp);
	/* the page holds the state of one booking: never kept */
	tg_http_response_add_header (resp, "Cache-Control", "no-store");
	{
		g_autoptr(GBytes) body = g_string_free_to_bytes (g_steal_pointer (&out));
		tg_http_response_set_bytes (resp, status, "text/html; charset=utf-8", body);
	}
	return TRUE;
}

gboolean
tg_http_web_booking (TgHttpRequest *req, TgHttpResponse *resp, GError **error)
{
	TgHttpStatic *web = tg_http_request_get_static (req);
	const gchar *id = tg_http_request_get_param (req, 0);
	const gchar *token = tg_http_request_get_query (req, "token");
	const gchar *lang;
	g_autoptr(TgBooking) b = NULL;
	g_autoptr(GError) error_local = NULL;
	g_autoptr(GString) html = g_string_new (NULL);

	if (web == NULL || !tg_booking_id_is_valid (id))
		return tg_http_web_not_found (req, resp, error);
	lang = tg_http_web_language (req, resp);
	/* a look only: nothing changes */
	if (tg_http_page_token_is_plain (token))
		b = tg_engine_get_booking (tg_http_request_get_engine (req), id, token,
					   &error_local);
	if (b != NULL) {
		tg_http_page_booking (html, req, web, lang, b, token);
	} else if (error_local != NULL &&
		   !g_error_matches (error_local, TG_ERROR, TG_ERROR_NOT_FOUND)) {
		g_propagate_error (error, g_steal_pointer (&error_local));
		return FALSE;
	} else {
		g_string_append (html, "<p class=\"notice\" id=\"nojs-notfound\">");
		tg_http_page_text (html, web, lang, "book.notfound");
		g_string_append (html, "</p>");
	}
	/* the script shows the same answer: a link without its booking is a 404 either way */
	return tg_http_page_answer (req, resp, b != NULL ? 200 : 404, "/booking.html", lang,
				    "book.title", html->str, error);
}

/* the page of a form that could not be done: an error summary naming the field, a link back */
static gboolean
tg_http_page_refuse (TgHttpRequest *req, TgHttpResponse *resp, const gchar *lang,
		     const GError *refusal, const gchar *back, GError **error)
{
	TgHttpStatic *web = tg_http_request_get_static (req);
	const gchar *field = tg_error_get_field (refusal);
	const gchar *msgid = tg_error_get_msgid (refusal);
	g_autoptr(GString) html = g_string_new (NULL);
	g_autofree gchar *label_key =
		g_strdup_printf ("form.field.%s", field != NULL ? field : "form");
	JsonNode *json;
	guint status = 422;

	json = tg_http_error_to_json (refusal, lang, &status);
	json_node_unref (json);
	g_string_append (
		html, "<div class=\"error-summary\" role=\"alert\" aria-labelledby=\"error-title\">"
		      "<h2 id=\"error-title\">");
	tg_http_page_text (html, web, lang, "form.error.title");
	g_string_append (html, "</h2><ul><li>");
	if (field != NULL) {
		g_string_append (html, "<span class=\"field-name\">");
		tg_http_page_text (html, web, lang, label_key);
		g_string_append (html, "</span>: ");
	}
	tg_http_page_escaped (html,
			      msgid != NULL ? tg_i18n_translate (lang, msgid) : refusal->message);
	g_string_append (html, "</li></ul></div>");
	if (back != NULL) {
		g_string_append (html, "<p><a id=\"back-to-booking\" href=\"");
		tg_http_page_escaped (html, back);
		g_string_append (html, "\">");
		tg_http_page_text (html, web, lang, "form.back");
		g_string_append (html, "</a></p>");
	}
	return tg_http_page_answer (req, resp, status, "/form.html", lang, "form.title", html->str,
				    error);
}

typedef TgBooking *(*TgHttpPageAction) (TgEngine *engine, const gchar *id, const gchar *secret,
					const gchar *reason, GError **error);

/* a form of the booking's page: @action with the form's token, then 303 to the page */
static gboolean
tg_http_page_post (TgHttpRequest *req, TgHttpResponse *resp, TgHttpPageAction action,
		   gboolean takes_reason, GError **error)
{
	const gchar *id = tg_http_request_get_param (req, 0);
	const gchar *type = tg_http_request_get_header (req, "Content-Type");
	const gchar *lang = tg_http_web_language (req, resp);
	g_autoptr(GHashTable) fields = NULL;
	g_autoptr(GError) refusal = NULL;
	g_autoptr(TgBooking) b = NULL;
	g_autofree gchar *back = NULL;
	const gchar *token, *reason;
	const guint8 *body;
	gsize len = 0;

	if (!tg_booking_id_is_valid (id))
		return tg_http_web_not_found (req, resp, error);
	if (type == NULL ||
	    g_ascii_strncasecmp (type, "application/x-www-form-urlencoded", 33) != 0) {
		tg_error_set_field (
			&refusal, TG_ERROR_INVALID, NULL,
			N_ ("the form must be sent as application/x-www-form-urlencoded"));
		return tg_http_page_refuse (req, resp, lang, refusal, NULL, error);
	}
	body = tg_http_request_get_body (req, &len);
	fields = tg_http_form_parse ((const gchar *) body, len, &refusal);
	if (fields == NULL)
		return tg_http_page_refuse (req, resp, lang, refusal, NULL, error);
	token = g_hash_table_lookup (fields, "token");
	if (!tg_http_page_token_is_plain (token)) {
		tg_error_set_field (&refusal, TG_ERROR_INVALID, "token",
				    N_ ("is missing or is not the token of a booking's link"));
		return tg_http_page_refuse (req, resp, lang, refusal, NULL, error);
	}
	back = g_strdup_printf ("/b/%s?token=%s", id, token);
	reason = g_hash_table_lookup (fields, "reason");
	b = action (tg_http_request_get_engine (req), id, token, takes_reason ? reason : NULL,
		    &refusal);
	/* done, or already done, or too late: the page says which */
	if (b != NULL || g_error_matches (refusal, TG_ERROR, TG_ERROR_CONFLICT) ||
	    g_error_matches (refusal, TG_ERROR, TG_ERROR_BOOKING_EXPIRED)) {
		tg_http_response_add_header (resp, "Location", back);
		tg_http_response_set_bytes (resp, 303, NULL, NULL);
		return TRUE;
	}
	if (g_error_matches (refusal, TG_ERROR, TG_ERROR_NOT_FOUND))
		return tg_http_page_refuse (req, resp, lang, refusal, NULL, error);
	/* a field in error (the reason too long): named, with the way back */
	if (g_error_matches (refusal, TG_ERROR, TG_ERROR_INVALID))
		return tg_http_page_refuse (req, resp, lang, refusal, back, error);
	g_propagate_error (error, g_steal_pointer (&refusal));
	return FALSE;
}

static TgBooking *
tg_http_page_confirm (TgEngine *engine, const gchar *id, const gchar *secret,
		      const gchar *reason G_GNUC_UNUSED, GError **error)
{
	return tg_engine_confirm_booking (engine, id, secret, error);
}

gboolean
tg_http_web_confirm (TgHttpRequest *req, TgHttpResponse *resp, GError **error)
{
	return tg_http_page_post (req, resp, tg_http_page_confirm, FALSE, error);
}

gboolean
tg_http_web_cancel (TgHttpRequest *req, TgHttpResponse *resp, GError **error)
{
	return tg_http_page_post (req, resp, tg_engine_cancel_booking, TRUE, error);
}
