/* tg-http-dossiers.c: the handlers of a unit's late dossiers: the weekly import of the
 * one-stop system's list, the list, the classification of one dossier, and the weekly review
 * (JSON, CSV, XLSX) */
#define G_LOG_DOMAIN "thaogo-http"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "tg-error.h"
#include "tg-http-handlers.h"
#include "tg-i18n.h"
#include "tg-xlsx.h"

/* the bad rows an answer lists, at most (errors_total counts them all) */
#define TG_HTTP_DOSSIER_ERRORS_MAX 1000

static JsonNode *
tg_http_dossier_to_json (const TgDossier *d, const gchar *as_of)
{
	g_autoptr(JsonBuilder) b = json_builder_new ();

	json_builder_begin_object (b);
	tg_json_add_nullable (b, "code", d->code);
	tg_json_add_nullable (b, "procedure", d->procedure);
	tg_json_add_nullable (b, "agency", d->agency);
	tg_json_add_nullable (b, "received", d->received);
	tg_json_add_nullable (b, "due", d->due);
	tg_json_add_nullable (b, "status", d->status);
	json_builder_set_member_name (b, "days_late");
	json_builder_add_int_value (b, tg_dossier_days_late (d->due, as_of));
	tg_json_add_nullable (b, "first_listed", d->first_listed);
	tg_json_add_nullable (b, "cause", d->cause);
	tg_json_add_nullable (b, "responsible_agency", d->responsible_agency);
	tg_json_add_nullable (b, "deadline", d->deadline);
	tg_json_add_nullable (b, "note", d->note);
	json_builder_end_object (b);
	return json_builder_get_root (b);
}

/* (transfer full): the bad cells of @list as [{line, column, field, message}] */
static JsonArray *
tg_http_dossier_problems_to_json (const TgDossierList *list, const gchar *lang)
{
	JsonArray *array = json_array_new ();

	for (guint i = 0; i < list->problems->len && i < TG_HTTP_DOSSIER_ERRORS_MAX; i++) {
		const TgDossierProblem *p = &g_array_index (list->problems, TgDossierProblem, i);
		JsonObject *o = json_object_new ();

		json_object_set_int_member (o, "line", p->line);
		if (p->column > 0)
			json_object_set_int_member (o, "column", p->column);
		else
			json_object_set_null_member (o, "column");
		if (p->field >= 0)
			json_object_set_string_member (o, "field",
						       tg_dossier_column_name (
							       (TgDossierColumn) p->field));
		else
			json_object_set_null_member (o, "field");
		json_object_set_string_member (o, "message", tg_i18n_translate (lang, p->msgid));
		json_array_add_object_element (array, o);
	}
	return array;
}

/* the number of rows of @list that are bad */
static guint
tg_http_dossier_bad_rows (const TgDossierList *list)
{
	return list->n_records - list->rows->len;
}

gboolean
tg_http_import_dossiers (TgHttpRequest *req, TgHttpResponse *resp, GError **error)
{
	TgEngine *engine = tg_http_request_get_engine (req);
	const TgToken *caller = tg_http_request_require_caller (req, error);
	const gchar *lang = tg_http_request_get_language (req);
	const gchar *code = NULL, *as_of = NULL;
	gboolean skip_bad = FALSE, unchanged = FALSE;
	g_autofree gchar *today = NULL;
	g_autoptr(TgDossierList) list = NULL;
	g_autoptr(JsonBuilder) b = json_builder_new ();
	const guint8 *body;
	gsize len = 0;

	if (caller == NULL || !tg_http_path_code (req, 0, &code, error) ||
	    !tg_http_query_date (req, "as_of", &as_of, error) ||
	    !tg_http_query_bool (req, "skip_bad", &skip_bad, error))
		return FALSE;
	/* a stranger's file is not read */
	if (!tg_engine_require_dossier_access (engine, caller, code, error))
		return FALSE;
	if (as_of == NULL)
		as_of = today = tg_engine_get_today (engine);
	body = tg_http_request_get_body (req, &len);
	list = tg_dossier_parse_csv ((const gchar *) body, len, TG_DOSSIER_ROWS_MAX, error);
	if (list == NULL)
		return FALSE;
	if (list->problems->len > 0 && (!skip_bad || list->rows->len == 0)) {
		g_autoptr(GError) bad = NULL;

		tg_error_set_field (
			&bad, TG_ERROR_INVALID, "file",
			skip_bad ? N_ ("no row of the list is valid: nothing was imported")
				 : N_ ("some rows of the list are not valid: nothing was "
				       "imported"));
		tg_http_response_set_error_with (resp, bad, lang, "errors",
						 tg_http_dossier_problems_to_json (list, lang));
		return TRUE;
	}
	if (!tg_engine_import_dossiers (engine, caller, code, as_of, list, &unchanged, error))
		return FALSE;
	json_builder_begin_object (b);
	tg_json_add_nullable (b, "unit", code);
	tg_json_add_nullable (b, "as_of", as_of);
	json_builder_set_member_name (b, "imported");
	json_builder_add_int_value (b, list->rows->len);
	json_builder_set_member_name (b, "skipped");
	json_builder_add_int_value (b, tg_http_dossier_bad_rows (list));
	json_builder_set_member_name (b, "unchanged");
	json_builder_add_boolean_value (b, unchanged);
	json_builder_set_member_name (b, "errors_total");
	json_builder_add_int_value (b, list->problems->len);
	json_builder_set_member_name (b, "errors");
	json_builder_add_value (b, json_node_init_array (json_node_alloc (),
							 tg_http_dossier_problems_to_json (list,
											   lang)));
	json_builder_end_object (b);
	tg_http_response_set_json (resp, 200, json_builder_get_root (b));
	return TRUE;
}

gboolean
tg_http_list_dossiers (TgHttpRequest *req, TgHttpResponse *resp, GError **error)
{
	TgEngine *engine = tg_http_request_get_engine (req);
	const TgToken *caller = tg_http_request_require_caller (req, error);
	const gchar *code = NULL, *as_of = NULL;
	g_autofree gchar *today = NULL;
	g_autofree gchar *listed = NULL;
	g_autoptr(GPtrArray) rows = NULL;
	g_autoptr(JsonBuilder) b = json_builder_new ();

	if (caller == NULL || !tg_http_path_code (req, 0, &code, error) ||
	    !tg_http_query_date (req, "as_of", &as_of, error))
		return FALSE;
	if (as_of == NULL)
		as_of = today = tg_engine_get_today (engine);
	rows = tg_engine_list_dossiers (engine, caller, code, as_of, &listed, error);
	if (rows == NULL)
		return FALSE;
	json_builder_begin_object (b);
	tg_json_add_nullable (b, "unit", code);
	tg_json_add_nullable (b, "as_of", as_of);
	tg_json_add_nullable (b, "listed", listed);
	json_builder_set_member_name (b, "dossiers");
	json_builder_begin_array (b);
	for (guint i = 0; i < rows->len; i++)
		json_builder_add_value (b, tg_http_dossier_to_json (g_ptr_array_index (rows, i),
								    as_of));
	json_builder_end_array (b);
	json_builder_end_object (b);
	tg_http_response_set_json (resp, 200, json_builder_get_root (b));
	return TRUE;
}

gboolean
tg_http_classify_dossier (TgHttpRequest *req, TgHttpResponse *resp, GError **error)
{
	TgEngine *engine = tg_http_request_get_engine (req);
	const TgToken *caller = tg_http_request_require_caller (req, error);
	const gchar *code = NULL;
	g_autoptr(JsonObject) obj = NULL;
	g_autofree gchar *cause = NULL, *agency = NULL, *deadline = NULL, *note = NULL;
	g_autofree gchar *today = NULL;
	g_autoptr(TgDossier) d = NULL;
	TgDossierClassification c = {0};

	if (caller == NULL || !tg_http_path_code (req, 0, &code, error))
		return FALSE;
	obj = tg_http_request_parse_object (req, error);
	if (obj == NULL || !tg_json_get_string (obj, "cause", NULL, &cause, error) ||
	    !tg_json_get_string (obj, "responsible_agency", NULL, &agency, error) ||
	    !tg_json_get_string (obj, "deadline", NULL, &deadline, error) ||
	    !tg_json_get_string (obj, "note", NULL, &note, error))
		return FALSE;
	c.cause = cause;
	c.responsible_agency = agency;
	c.deadline = deadline;
	c.note = note;
	d = tg_engine_classify_dossier (engine, caller, code, tg_http_request_get_param (req, 1),
					&c, error);
	if (d == NULL)
		return FALSE;
	today = tg_engine_get_today (engine);
	tg_http_response_set_json (resp, 200,
				   tg_json_wrap ("dossier", tg_http_dossier_to_json (d, today)));
	return TRUE;
}

JsonNode *
tg_http_late_dossier_to_json (const TgDossier *d, const gchar *date)
{
	JsonNode *node = tg_http_dossier_to_json (d, date);
	JsonObject *o = json_node_get_object (node);

	json_object_set_string_member (o, "unit", d->unit);
	json_object_set_string_member (o, "listed", d->as_of);
	return node;
}

/* (transfer full): the day of @b's session, moved or not */
static gchar *
tg_http_reception_date (TgEngine *engine, const TgBooking *b)
{
	g_autoptr(TgOccurrence) occ = tg_engine_get_occurrence (engine, b->occurrence, NULL);

	return g_strdup (occ != NULL ? occ->date : b->original_date);
}

/* a reception about a dossier, as its history shows it: the booking's record, no personal
 * data (the booking itself is where its secretaries see who came) */
static JsonNode *
tg_http_reception_to_json (TgEngine *engine, const TgBooking *b)
{
	g_autofree gchar *date = tg_http_reception_date (engine, b);
	g_autoptr(JsonBuilder) jb = json_builder_new ();

	json_builder_begin_object (jb);
	tg_json_add_nullable (jb, "booking", b->id);
	tg_json_add_nullable (jb, "occurrence", b->occurrence);
	tg_json_add_nullable (jb, "unit", b->unit);
	tg_json_add_nullable (jb, "date", date);
	json_builder_set_member_name (jb, "ticket");
	if (b->ticket > 0)
		json_builder_add_int_value (jb, b->ticket);
	else
		json_builder_add_null_value (jb);
	tg_json_add_nullable (jb, "status", tg_booking_status_to_string (b->status));
	tg_json_add_nullable (jb, "outcome", b->outcome);
	tg_json_add_nullable (jb, "cause", b->cause);
	tg_json_add_nullable (jb, "note", b->note);
	json_builder_end_object (jb);
	return json_builder_get_root (jb);
}

gboolean
tg_http_get_dossier (TgHttpRequest *req, TgHttpResponse *resp, GError **error)
{
	TgEngine *engine = tg_http_request_get_engine (req);
	const TgToken *caller = tg_http_request_require_caller (req, error);
	const gchar *code = NULL, *as_of = NULL;
	g_autofree gchar *today = NULL;
	g_autoptr(GPtrArray) weeks = NULL;
	g_autoptr(GPtrArray) receptions = NULL;
	const TgBooking *suggestion = NULL;
	const TgDossier *d;
	gboolean listed = FALSE;
	JsonNode *node;
	JsonObject *o;
	JsonArray *array;

	if (caller == NULL || !tg_http_path_code (req, 0, &code, error) ||
	    !tg_http_query_date (req, "as_of", &as_of, error))
		return FALSE;
	if (as_of == NULL)
		as_of = today = tg_engine_get_today (engine);
	weeks = tg_engine_get_dossier_history (engine, caller, code,
					       tg_http_request_get_param (req, 1), as_of, &listed,
					       &receptions, &suggestion, error);
	if (weeks == NULL)
		return FALSE;
	d = g_ptr_array_index (weeks, weeks->len - 1);
	node = tg_http_late_dossier_to_json (d, as_of);
	o = json_node_get_object (node);
	json_object_set_boolean_member (o, "late", listed);
	if (suggestion != NULL) {
		JsonObject *s = json_object_new ();
		g_autofree gchar *date = tg_http_reception_date (engine, suggestion);
		json_object_set_string_member (s, "cause", suggestion->cause);
		json_object_set_string_member (s, "booking", suggestion->id);
		json_object_set_string_member (s, "date", date);
		json_object_set_object_member (o, "suggested_cause", s);
	} else {
		json_object_set_null_member (o, "suggested_cause");
	}
	array = json_array_sized_new (weeks->len);
	for (guint i = 0; i < weeks->len; i++) {
		const TgDossier *w = g_ptr_array_index (weeks, i);
		JsonObject *week = json_object_new ();
		json_object_set_string_member (week, "as_of", w->as_of);
		json_object_set_string_member (week, "due", w->due);
		json_object_set_int_member (week, "days_late",
					    tg_dossier_days_late (w->due, w->as_of));
		if (w->status != NULL)
			json_object_set_string_member (week, "status", w->status);
		else
			json_object_set_null_member (week, "status");
		json_array_add_object_element (array, week);
	}
	json_object_set_array_member (o, "history", array);
	array = json_array_sized_new (receptions->len);
	for (guint i = 0; i < receptions->len; i++)
		json_array_add_element (array, tg_http_reception_to_json (
						       engine, g_ptr_array_index (receptions, i)));
	json_object_set_array_member (o, "receptions", array);
	tg_http_response_set_json (resp, 200, tg_json_wrap ("dossier", node));
	return TRUE;
}

/* ---- the weekly review ---- */

/* the count of @key in @dimension among @rows, 0 when none */
static guint
tg_http_review_count (GPtrArray *rows, const gchar *dimension, const gchar *key)
{
	for (guint i = 0; i < rows->len; i++) {
		TgReportRow *r = g_ptr_array_index (rows, i);
		if (g_strcmp0 (r->dimension, dimension) == 0 && g_strcmp0 (r->key, key) == 0)
			return r->count;
	}
	return 0;
}

/* [{"@name": key, "count": n}] of the rows of @dimension, in their order */
static void
tg_http_review_add_list (JsonBuilder *b, GPtrArray *rows, const gchar *member,
			 const gchar *dimension, const gchar *name, const gchar *count)
{
	json_builder_set_member_name (b, member);
	json_builder_begin_array (b);
	for (guint i = 0; i < rows->len; i++) {
		TgReportRow *r = g_ptr_array_index (rows, i);
		if (g_strcmp0 (r->dimension, dimension) != 0)
			continue;
		json_builder_begin_object (b);
		tg_json_add_nullable (b, name, r->key);
		json_builder_set_member_name (b, count);
		json_builder_add_int_value (b, r->count);
		json_builder_end_object (b);
	}
	json_builder_end_array (b);
}

static JsonNode *
tg_http_review_to_json (GPtrArray *rows, const gchar *unit, const gchar *as_of)
{
	static const gchar *const totals[] = {"units_listed", "late", "new", "resolved",
					      "unclassified"};
	g_autoptr(JsonBuilder) b = json_builder_new ();

	json_builder_begin_object (b);
	tg_json_add_nullable (b, "unit", unit);
	tg_json_add_nullable (b, "as_of", as_of);
	for (guint i = 0; i < G_N_ELEMENTS (totals); i++) {
		json_builder_set_member_name (b, totals[i]);
		json_builder_add_int_value (b, tg_http_review_count (rows, "total", totals[i]));
	}
	tg_http_review_add_list (b, rows, "by_agency", "agency", "agency", "count");
	tg_http_review_add_list (b, rows, "by_procedure", "procedure", "procedure", "count");
	/* every cause of the vocabulary, 0 included, then the unclassified */
	json_builder_set_member_name (b, "by_cause");
	json_builder_begin_object (b);
	for (guint i = 0; tg_booking_causes[i] != NULL; i++) {
		json_builder_set_member_name (b, tg_booking_causes[i]);
		json_builder_add_int_value (b, tg_http_review_count (rows, "cause",
								     tg_booking_causes[i]));
	}
	json_builder_set_member_name (b, "unclassified");
	json_builder_add_int_value (b, tg_http_review_count (rows, "cause", "unclassified"));
	json_builder_end_object (b);
	tg_http_review_add_list (b, rows, "trend", "week", "week", "late");
	json_builder_end_object (b);
	return json_builder_get_root (b);
}

/* the CSV of the review: dimension,key,count as the bookings' report, with a byte order mark */
static GBytes *
tg_http_review_to_csv (GPtrArray *rows)
{
	GString *csv = g_string_new ("\xEF\xBB\xBF"
				     "dimension,key,count\r\n");

	for (guint i = 0; i < rows->len; i++) {
		TgReportRow *r = g_ptr_array_index (rows, i);
		g_autofree gchar *count = g_strdup_printf ("%u", r->count);

		tg_http_csv_field (csv, r->dimension, FALSE);
		tg_http_csv_field (csv, r->key, FALSE);
		tg_http_csv_field (csv, count, TRUE);
	}
	return g_string_free_to_bytes (csv);
}

#define TG_HTTP_XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

/* the format asked for: format= first, else the Accept header; "json" by default */
static gboolean
tg_http_review_format (TgHttpRequest *req, const gchar **format, GError **error)
{
	const gchar *f = tg_http_request_get_query (req, "format");
	const gchar *accept = tg_http_request_get_header (req, "Accept");

	if (f == NULL || f[0] == '\0') {
		*format = accept != NULL && strstr (accept, "text/csv") != NULL          ? "csv"
			  : accept != NULL && strstr (accept, TG_HTTP_XLSX_TYPE) != NULL ? "xlsx"
											 : "json";
		return TRUE;
	}
	if (g_strcmp0 (f, "json") != 0 && g_strcmp0 (f, "csv") != 0 && g_strcmp0 (f, "xlsx") != 0) {
		tg_error_set_field (error, TG_ERROR_INVALID, "format",
				    N_ ("must be json, csv or xlsx"));
		return FALSE;
	}
	*format = f;
	return TRUE;
}

gboolean
tg_http_review_dossiers (TgHttpRequest *req, TgHttpResponse *resp, GError **error)
{
	TgEngine *engine = tg_http_request_get_engine (req);
	const TgToken *caller = tg_http_request_require_caller (req, error);
	const gchar *code = NULL, *as_of = NULL, *format = NULL;
	g_autofree gchar *today = NULL;
	g_autoptr(GPtrArray) rows = NULL;

	if (caller == NULL || !tg_http_path_code (req, 0, &code, error) ||
	    !tg_http_query_date (req, "as_of", &as_of, error) ||
	    !tg_http_review_format (req, &format, error))
		return FALSE;
	if (as_of == NULL)
		as_of = today = tg_engine_get_today (engine);
	rows = tg_engine_review_dossiers (engine, caller, code, as_of, error);
	if (rows == NULL)
		return FALSE;
	if (g_strcmp0 (format, "xlsx") == 0) {
		g_autoptr(GError) error_local = NULL;
		g_autoptr(GBytes) body = tg_xlsx_write_counts (rows, "key", "count", &error_local);
		g_autofree gchar *disposition =
			g_strdup_printf ("attachment; filename=\"thaogo-late-review-%s-%s.xlsx\"",
					 code, as_of);

		if (body == NULL) {
			g_set_error (error, TG_ERROR, TG_ERROR_INTERNAL,
				     "the review's workbook: %s", error_local->message);
			return FALSE;
		}
		tg_http_response_set_bytes (resp, 200, TG_HTTP_XLSX_TYPE, body);
		tg_http_response_add_header (resp, "Content-Disposition", disposition);
		tg_http_response_add_header (resp, "Cache-Control", "no-store");
		return TRUE;
	}
	if (g_strcmp0 (format, "csv") == 0) {
		g_autoptr(GBytes) body = tg_http_review_to_csv (rows);
		g_autofree gchar *disposition =
			g_strdup_printf ("attachment; filename=\"thaogo-late-review-%s-%s.csv\"",
					 code, as_of);

		tg_http_response_set_bytes (resp, 200, "text/csv; charset=utf-8", body);
		tg_http_response_add_header (resp, "Content-Disposition", disposition);
		tg_http_response_add_header (resp, "Cache-Control", "no-store");
		return TRUE;
	}
	tg_http_response_set_json (resp, 200, tg_http_review_to_json (rows, code, as_of));
	return TRUE;
}
