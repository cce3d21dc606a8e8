/* tg-http-handlers.h: the handlers that tg-http-api.c routes to, by topic */
#pragma once

#include "tg-http.h"

G_BEGIN_DECLS

/* tg-http-calendar.c */
gboolean tg_http_get_series (TgHttpRequest *req, TgHttpResponse *resp, GError **error);
gboolean tg_http_put_series (TgHttpRequest *req, TgHttpResponse *resp,
			     GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean tg_http_list_occurrences (TgHttpRequest *req, TgHttpResponse *resp,
				   GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean tg_http_get_occurrence (TgHttpRequest *req, TgHttpResponse *resp,
				 GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean tg_http_patch_occurrence (TgHttpRequest *req, TgHttpResponse *resp,
				   GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean tg_http_cancel_occurrence (TgHttpRequest *req, TgHttpResponse *resp,
				    GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean tg_http_move_occurrence (TgHttpRequest *req, TgHttpResponse *resp,
				  GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean tg_http_list_holidays (TgHttpRequest *req, TgHttpResponse *resp,
				GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean tg_http_put_holiday (TgHttpRequest *req, TgHttpResponse *resp,
			      GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean tg_http_delete_holiday (TgHttpRequest *req, TgHttpResponse *resp,
				 GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean tg_http_get_lunar (TgHttpRequest *req, TgHttpResponse *resp,
			    GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* tg-http-bookings.c */
gboolean tg_http_list_slots (TgHttpRequest *req, TgHttpResponse *resp,
			     GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean tg_http_create_booking (TgHttpRequest *req, TgHttpResponse *resp,
				 GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean tg_http_get_booking (TgHttpRequest *req, TgHttpResponse *resp,
			      GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean tg_http_confirm_booking (TgHttpRequest *req, TgHttpResponse *resp,
				  GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean tg_http_cancel_booking (TgHttpRequest *req, TgHttpResponse *resp,
				 GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean tg_http_resend_booking (TgHttpRequest *req, TgHttpResponse *resp,
				 GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean tg_http_reschedule_booking (TgHttpRequest *req, TgHttpResponse *resp,
				     GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean tg_http_list_occurrence_bookings (TgHttpRequest *req, TgHttpResponse *resp,
					   GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean tg_http_list_assignees (TgHttpRequest *req, TgHttpResponse *resp,
				 GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean tg_http_record_booking (TgHttpRequest *req, TgHttpResponse *resp,
				 GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean tg_http_report_summary (TgHttpRequest *req, TgHttpResponse *resp,
				 GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* tg-http-feeds.c */
gboolean tg_http_get_unit_feed (TgHttpRequest *req, TgHttpResponse *resp,
				GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean tg_http_get_staff_feed (TgHttpRequest *req, TgHttpResponse *resp,
				 GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean tg_http_get_booking_ics (TgHttpRequest *req, TgHttpResponse *resp,
				  GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean tg_http_rotate_feed (TgHttpRequest *req, TgHttpResponse *resp,
			      GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean tg_http_list_outbox (TgHttpRequest *req, TgHttpResponse *resp,
			      GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean tg_http_retry_outbox (TgHttpRequest *req, TgHttpResponse *resp,
			       GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* tg-http-sessions.c */
gboolean tg_http_sign_in (TgHttpRequest *req, TgHttpResponse *resp,
			  GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean tg_http_get_session (TgHttpRequest *req, TgHttpResponse *resp,
			      GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean tg_http_sign_out (TgHttpRequest *req, TgHttpResponse *resp,
			   GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean tg_http_create_login_link (TgHttpRequest *req, TgHttpResponse *resp,
				    GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* (transfer none): the caller behind the session cookie @cookie, set as the request's; a
 * change (not GET or HEAD) needs the session's CSRF token */
const TgToken *tg_http_session_authenticate (TgHttpRequest *req, const gchar *cookie,
					     GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* one CSV field (RFC 4180) and its separator (a line end when @last): quoted when it holds a
 * separator, a quote or a line break; a value a spreadsheet would take for a formula gets a
 * leading apostrophe (tg-http-bookings.c) */
void tg_http_csv_field (GString *csv, const gchar *value, gboolean last);

/* tg-http-conclusions.c */
gboolean tg_http_list_conclusions (TgHttpRequest *req, TgHttpResponse *resp,
				   GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean tg_http_add_conclusion (TgHttpRequest *req, TgHttpResponse *resp,
				 GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean tg_http_update_conclusion (TgHttpRequest *req, TgHttpResponse *resp,
				    GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean tg_http_list_followup (TgHttpRequest *req, TgHttpResponse *resp,
				GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* tg-http-dossiers.c */
gboolean tg_http_import_dossiers (TgHttpRequest *req, TgHttpResponse *resp,
				  GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean tg_http_list_dossiers (TgHttpRequest *req, TgHttpResponse *resp,
				GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean tg_http_classify_dossier (TgHttpRequest *req, TgHttpResponse *resp,
				   GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean tg_http_review_dossiers (TgHttpRequest *req, TgHttpResponse *resp,
				  GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean tg_http_get_dossier (TgHttpRequest *req, TgHttpResponse *resp,
			      GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* (transfer full): the late dossier a booking of a session on @date is about, as the day's
 * list of bookings shows it (its unit, list, days late as of @date, classification) */
JsonNode *tg_http_late_dossier_to_json (const TgDossier *d, const gchar *date);

/* shared helpers of tg-http-api.c */
gboolean tg_http_path_code (TgHttpRequest *req, guint n, const gchar **out,
			    GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean tg_http_query_date (TgHttpRequest *req, const gchar *name, const gchar **out,
			     GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* "true" or "false" (absent: FALSE) */
gboolean tg_http_query_bool (TgHttpRequest *req, const gchar *name, gboolean *out,
			     GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* the public JSON of a series (no participants) or the full one */
JsonNode *tg_http_series_to_json (const TgSeries *series, gboolean with_participants);

G_END_DECLS
