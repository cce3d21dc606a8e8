/* tg-cli-dossiers.c: the thaogo client's commands on a unit's late dossiers (thaogo(1)): the
 * weekly import of the one-stop system's list, the list, and the classification of one */
#define G_LOG_DOMAIN "thaogo-cli"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "tg-cli-private.h"
#include "tg-dossier.h"

/* prints the bad rows of an import's answer (@obj: the answer, or its "error" object) on
 * stderr, "line L, column C (field): message" */
static void
tg_cli_print_dossier_errors (JsonObject *obj)
{
	JsonArray *errors = tg_cli_json_array (obj, "errors");

	for (guint i = 0; errors != NULL && i < json_array_get_length (errors); i++) {
		JsonObject *e = tg_cli_json_array_object (errors, i);
		g_autofree gchar *line = NULL;
		g_autofree gchar *column = NULL;
		g_autofree gchar *message = NULL;

		if (e == NULL)
			continue;
		line = tg_cli_json_scalar_text (json_object_get_member (e, "line"));
		column = tg_cli_json_scalar_text (json_object_get_member (e, "column"));
		message = tg_cli_sanitize (tg_cli_json_text (e, "message"));
		if (tg_cli_json_string (e, "field") != NULL)
			/* TRANSLATORS: a bad cell of a late-dossier list: its line and column in
			 * the file, the column's name (code, due...), what is wrong */
			g_printerr (_ ("line %s, column %s (%s): %s\n"), line, column,
				    tg_cli_json_text (e, "field"), message);
		else
			/* TRANSLATORS: a bad row of a late-dossier list: its line, what is wrong */
			g_printerr (_ ("line %s: %s\n"), line, message);
	}
}

gboolean
tg_cli_dossiers_import (TgCli *cli, gchar **args, GError **error)
{
	const gchar *unit = NULL, *as_of = NULL;
	gboolean skip_bad = FALSE;
	const TgCliOption options[] = {
		{"unit", TRUE, &unit},
		{"as-of", TRUE, &as_of},
		{"skip-bad", FALSE, &skip_bad},
	};
	g_autoptr(GPtrArray) rest = g_ptr_array_new ();
	g_autoptr(GString) path = NULL;
	g_autoptr(JsonNode) json = NULL;
	g_autoptr(GError) error_local = NULL;
	g_autofree gchar *text = NULL;
	gsize len = 0;
	const gchar *file;
	JsonObject *root;

	file = tg_cli_parse_one_arg (cli, options, G_N_ELEMENTS (options), args, "FILE", rest,
				     error);
	if (file == NULL ||
	    !tg_cli_require_option (unit, _ ("missing option --unit CODE"), error) ||
	    !tg_cli_check_code ("--unit", unit, error) ||
	    (as_of != NULL && !tg_cli_check_date ("--as-of", as_of, error)))
		return FALSE;
	if (!g_file_get_contents (file, &text, &len, &error_local)) {
		g_set_error (error, TG_CLI_ERROR, TG_CLI_ERROR_FAILED, "%s", error_local->message);
		return FALSE;
	}
	if (len > TG_DOSSIER_FILE_MAX) {
		g_set_error (error, TG_CLI_ERROR, TG_CLI_ERROR_FAILED,
			     _ ("%s: a late-dossier list is at most 16 MiB"), file);
		return FALSE;
	}
	if (memchr (text, '\0', len) != NULL) {
		g_set_error (error, TG_CLI_ERROR, TG_CLI_ERROR_FAILED,
			     _ ("%s: the file is not text in UTF-8"), file);
		return FALSE;
	}
	path = g_string_new ("/api/v1/units/");
	g_string_append (path, unit);
	g_string_append (path, "/late-dossiers");
	tg_cli_query_add (path, "as_of", as_of);
	if (skip_bad)
		tg_cli_query_add (path, "skip_bad", "true");
	/* a refused list says which rows are bad */
	cli->keep_refused = TRUE;
	if (!tg_cli_call (cli, "POST", path->str, text, TRUE, &json, NULL, error)) {
		if (cli->refused != NULL) {
			g_autoptr(JsonParser) parser = json_parser_new ();
			gsize n = 0;
			const gchar *data = g_bytes_get_data (cli->refused->body, &n);

			if (json_parser_load_from_data (parser, data, (gssize) n, NULL) &&
			    JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
				tg_cli_print_dossier_errors (tg_cli_json_object (
					json_node_get_object (json_parser_get_root (parser)),
					"error"));
		}
		return FALSE;
	}
	if (tg_cli_print_json_asked (cli, json))
		return TRUE;
	root = tg_cli_root_object (json, error);
	if (root == NULL)
		return FALSE;
	tg_cli_print_dossier_errors (root);
	if (json_object_get_boolean_member_with_default (root, "unchanged", FALSE))
		/* TRANSLATORS: the unit's code, then the date of its list */
		g_print (_ ("the late-dossier list of %s on %s is already this one: nothing "
			    "changed\n"),
			 unit, tg_cli_json_text (root, "as_of"));
	else
		/* TRANSLATORS: how many dossiers, the unit's code, the date of its list, then
		 * how many bad rows were left out */
		g_print (_ ("%u late dossiers imported into the list of %s on %s (%u bad rows left "
			    "out)\n"),
			 (guint) json_object_get_int_member_with_default (root, "imported", 0),
			 unit, tg_cli_json_text (root, "as_of"),
			 (guint) json_object_get_int_member_with_default (root, "skipped", 0));
	return TRUE;
}

gboolean
tg_cli_dossiers_list (TgCli *cli, gchar **args, GError **error)
{
	const gchar *unit = NULL, *as_of = NULL;
	const TgCliOption options[] = {
		{"unit", TRUE, &unit},
		{"as-of", TRUE, &as_of},
	};
	g_autoptr(GPtrArray) rest = g_ptr_array_new ();
	g_autoptr(GString) path = NULL;
	g_autoptr(JsonNode) json = NULL;
	g_autoptr(GPtrArray) rows = NULL;
	TgCliAnswer answer;
	JsonArray *dossiers = NULL;

	if (!tg_cli_parse_args (cli, options, G_N_ELEMENTS (options), args, NULL, rest, error) ||
	    !tg_cli_require_option (unit, _ ("missing option --unit CODE"), error) ||
	    !tg_cli_check_code ("--unit", unit, error) ||
	    (as_of != NULL && !tg_cli_check_date ("--as-of", as_of, error)))
		return FALSE;
	path = g_string_new ("/api/v1/units/");
	g_string_append (path, unit);
	g_string_append (path, "/late-dossiers");
	tg_cli_query_add (path, "as_of", as_of);
	answer = tg_cli_fetch_array (cli, path->str, TRUE, "dossiers", _ ("no late dossiers"),
				     &json, &dossiers, error);
	if (answer != TG_CLI_ANSWER_READY)
		return answer == TG_CLI_ANSWER_PRINTED;
	/* TRANSLATORS: the headers of the table of late dossiers; DAYS: days late */
	rows = tg_cli_table_new ((const gchar *[]){_ ("DOSSIER"), _ ("DUE"), _ ("DAYS"),
						   _ ("PROCEDURE"), _ ("CAUSE"), _ ("RESPONSIBLE"),
						   _ ("DEADLINE"), NULL});
	for (guint i = 0; i < json_array_get_length (dossiers); i++) {
		JsonObject *d = tg_cli_json_array_object (dossiers, i);
		gchar **row = g_new0 (gchar *, 8);

		row[0] = tg_cli_sanitize (tg_cli_json_text (d, "code"));
		row[1] = g_strdup (tg_cli_json_text (d, "due"));
		row[2] = tg_cli_json_scalar_text (
			d != NULL ? json_object_get_member (d, "days_late") : NULL);
		row[3] = tg_cli_sanitize (tg_cli_json_text (d, "procedure"));
		row[4] = g_strdup (tg_cli_json_text (d, "cause"));
		row[5] = tg_cli_sanitize (tg_cli_json_text (d, "responsible_agency"));
		row[6] = g_strdup (tg_cli_json_text (d, "deadline"));
		g_ptr_array_add (rows, row);
	}
	tg_cli_print_table (rows);
	return TRUE;
}

gboolean
tg_cli_dossiers_set (TgCli *cli, gchar **args, GError **error)
{
	const gchar *unit = NULL, *cause = NULL, *agency = NULL, *deadline = NULL, *note = NULL;
	const TgCliOption options[] = {
		{"unit", TRUE, &unit},         {"cause", TRUE, &cause}, {"agency", TRUE, &agency},
		{"deadline", TRUE, &deadline}, {"note", TRUE, &note},
	};
	g_autoptr(GPtrArray) rest = g_ptr_array_new ();
	g_autoptr(JsonBuilder) b = json_builder_new ();
	g_autoptr(JsonNode) json = NULL;
	g_autoptr(GString) path = NULL;
	g_autofree gchar *body = NULL;
	g_autofree gchar *escaped = NULL;
	static const gchar *const shown[] = {"code",  "procedure",          "due",      "days_late",
					     "cause", "responsible_agency", "deadline", "note"};
	TgCliAnswer answer;
	const gchar *code;
	JsonObject *d;

	code = tg_cli_parse_one_arg (cli, options, G_N_ELEMENTS (options), args, "DOSSIER_CODE",
				     rest, error);
	if (code == NULL ||
	    !tg_cli_require_option (unit, _ ("missing option --unit CODE"), error) ||
	    !tg_cli_check_code ("--unit", unit, error) ||
	    (deadline != NULL && deadline[0] != '\0' &&
	     !tg_cli_check_date ("--deadline", deadline, error)))
		return FALSE;
	if (!tg_dossier_code_is_well_formed (code)) {
		g_set_error (error, TG_CLI_ERROR, TG_CLI_ERROR_USAGE,
			     _ ("DOSSIER_CODE: '%s' is not a dossier code"), code);
		return FALSE;
	}
	if (cause == NULL && agency == NULL && deadline == NULL && note == NULL) {
		g_set_error_literal (error, TG_CLI_ERROR, TG_CLI_ERROR_USAGE,
				     _ ("nothing to change: give at least one option"));
		return FALSE;
	}
	json_builder_begin_object (b);
	tg_cli_add_string (b, "cause", cause);
	tg_cli_add_string (b, "responsible_agency", agency);
	tg_cli_add_string (b, "deadline", deadline);
	tg_cli_add_string (b, "note", note);
	json_builder_end_object (b);
	body = tg_cli_builder_to_body (b);
	escaped = g_uri_escape_string (code, NULL, FALSE);
	path = g_string_new ("/api/v1/units/");
	g_string_append (path, unit);
	g_string_append (path, "/late-dossiers/");
	g_string_append (path, escaped);
	answer = tg_cli_fetch (cli, "PATCH", path->str, body, TRUE, &json, error);
	if (answer != TG_CLI_ANSWER_READY)
		return answer == TG_CLI_ANSWER_PRINTED;
	d = tg_cli_answer_object (json, "dossier", error);
	if (d == NULL)
		return FALSE;
	for (guint i = 0; i < G_N_ELEMENTS (shown); i++) {
		g_autofree gchar *value =
			tg_cli_json_scalar_text (json_object_get_member (d, shown[i]));
		tg_cli_print_pair (shown[i], value);
	}
	return TRUE;
}

/* GETs @path and writes the answer's body, of the type @type, to @file */
static gboolean
tg_cli_review_download (TgCli *cli, const gchar *path, const gchar *type, const gchar *file,
			GError **error)
{
	g_autoptr(TgClientResponse) resp =
			   tg_cli_request (cli, "GET", path, NULL, TRUE, NULL, error);
	g_autoptr(GError) error_local = NULL;
	const gchar *got;
	const gchar *data;
	gsize len = 0;

	if (resp == NULL)
		return FALSE;
	got = tg_client_response_get_header (resp, "content-type");
	if (got == NULL || g_ascii_strncasecmp (got, type, strlen (type)) != 0) {
		tg_cli_set_unexpected (error);
		return FALSE;
	}
	data = g_bytes_get_data (resp->body, &len);
	if (!g_file_set_contents (file, data, (gssize) len, &error_local)) {
		g_set_error (error, TG_CLI_ERROR, TG_CLI_ERROR_FAILED, "%s", error_local->message);
		return FALSE;
	}
	/* TRANSLATORS: the file the review was written to */
	g_printerr (_ ("the review is in %s\n"), file);
	return TRUE;
}

/* prints the list @member of @root ([{@name, @count}]) as a table headed @heading */
static void
tg_cli_review_table (JsonObject *root, const gchar *member, const gchar *name, const gchar *count,
		     const gchar *heading, const gchar *count_heading)
{
	JsonArray *list = tg_cli_json_array (root, member);
	g_autoptr(GPtrArray) rows =
			   tg_cli_table_new ((const gchar *[]){heading, count_heading, NULL});

	for (guint i = 0; list != NULL && i < json_array_get_length (list); i++) {
		JsonObject *o = tg_cli_json_array_object (list, i);
		gchar **row = g_new0 (gchar *, 3);

		row[0] = tg_cli_sanitize (tg_cli_json_text (o, name));
		row[1] = tg_cli_json_scalar_text (o != NULL ? json_object_get_member (o, count)
							    : NULL);
		g_ptr_array_add (rows, row);
	}
	g_print ("\n");
	tg_cli_print_table (rows);
}

gboolean
tg_cli_review (TgCli *cli, gchar **args, GError **error)
{
	const gchar *unit = NULL, *as_of = NULL, *csv = NULL, *xlsx = NULL;
	const TgCliOption options[] = {
		{"unit", TRUE, &unit},
		{"as-of", TRUE, &as_of},
		{"csv", TRUE, &csv},
		{"xlsx", TRUE, &xlsx},
	};
	static const gchar *const totals[] = {"late", "new", "resolved", "unclassified"};
	g_autoptr(GPtrArray) rest = g_ptr_array_new ();
	g_autoptr(GString) path = NULL;
	g_autoptr(JsonNode) json = NULL;
	g_autoptr(GPtrArray) causes = NULL;
	TgCliAnswer answer;
	JsonObject *root, *by_cause;

	if (!tg_cli_parse_args (cli, options, G_N_ELEMENTS (options), args, NULL, rest, error) ||
	    !tg_cli_require_option (unit, _ ("missing option --unit CODE"), error) ||
	    !tg_cli_check_code ("--unit", unit, error) ||
	    (as_of != NULL && !tg_cli_check_date ("--as-of", as_of, error)))
		return FALSE;
	if ((csv != NULL) + (xlsx != NULL) + (cli->json != FALSE) > 1) {
		g_set_error_literal (error, TG_CLI_ERROR, TG_CLI_ERROR_USAGE,
				     _ ("--csv, --xlsx and --json do not go together"));
		return FALSE;
	}
	path = g_string_new ("/api/v1/units/");
	g_string_append (path, unit);
	g_string_append (path, "/late-review");
	tg_cli_query_add (path, "as_of", as_of);
	if (csv != NULL || xlsx != NULL) {
		tg_cli_query_add (path, "format", csv != NULL ? "csv" : "xlsx");
		return tg_cli_review_download (
			cli, path->str,
			csv != NULL
				? "text/csv"
				: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
			csv != NULL ? csv : xlsx, error);
	}
	answer = tg_cli_fetch (cli, "GET", path->str, NULL, TRUE, &json, error);
	if (answer != TG_CLI_ANSWER_READY)
		return answer == TG_CLI_ANSWER_PRINTED;
	root = tg_cli_root_object (json, error);
	if (root == NULL)
		return FALSE;
	/* TRANSLATORS: the unit's code, the day of the review */
	g_print (_ ("Late dossiers of %s and the units below it on %s\n"), unit,
		 tg_cli_json_text (root, "as_of"));
	for (guint i = 0; i < G_N_ELEMENTS (totals); i++) {
		g_autofree gchar *n =
			tg_cli_json_scalar_text (json_object_get_member (root, totals[i]));
		tg_cli_print_pair (totals[i], n);
	}
	/* TRANSLATORS: the headings of the review's tables */
	tg_cli_review_table (root, "by_agency", "agency", "count", _ ("AGENCY"), _ ("LATE"));
	tg_cli_review_table (root, "by_procedure", "procedure", "count", _ ("PROCEDURE"),
			     _ ("LATE"));
	by_cause = tg_cli_json_object (root, "by_cause");
	causes = tg_cli_table_new ((const gchar *[]){_ ("CAUSE"), _ ("LATE"), NULL});
	if (by_cause != NULL) {
		g_autoptr(GList) members = json_object_get_members (by_cause);
		for (GList *m = members; m != NULL; m = m->next) {
			gchar **row = g_new0 (gchar *, 3);
			row[0] = tg_cli_sanitize (m->data);
			row[1] = tg_cli_json_scalar_text (
				json_object_get_member (by_cause, m->data));
			g_ptr_array_add (causes, row);
		}
	}
	g_print ("\n");
	tg_cli_print_table (causes);
	tg_cli_review_table (root, "trend", "week", "late", _ ("WEEK"), _ ("LATE"));
	return TRUE;
}
