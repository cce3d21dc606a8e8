/* tg-cli-calendar.c: the thaogo client's calendar commands (thaogo(1)): lunar dates, the
 * holidays, a unit's Monday series and its occurrences */
#define G_LOG_DOMAIN "thaogo-cli"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "tg-cli-private.h"
#include "tg-date.h"
#include "tg-series.h"

/* the longest occurrence id accepted on the command line */
#define TG_CLI_OCCURRENCE_ID_MAX 64

/* ---- the words of the calendar ---- */

const gchar *
tg_cli_weekday_name (GDateWeekday weekday, const gchar *lang)
{
	static const gchar *const names[][2] = {
		/* TRANSLATORS: the days of the week, as in "Monday,
		   2027-03-01" */
		{N_ ("Monday"), "Thứ Hai"},   {N_ ("Tuesday"), "Thứ Ba"},
		{N_ ("Wednesday"), "Thứ Tư"}, {N_ ("Thursday"), "Thứ Năm"},
		{N_ ("Friday"), "Thứ Sáu"},   {N_ ("Saturday"), "Thứ Bảy"},
		{N_ ("Sunday"), "Chủ Nhật"},
	};

	g_return_val_if_fail (g_date_valid_weekday (weekday), "?");
	return tg_cli_translate (lang, names[weekday - 1][0], names[weekday - 1][1]);
}

gchar *
tg_cli_format_day (const gchar *iso, const gchar *lang)
{
	g_autofree gchar *date = NULL;
	GDate d;

	if (iso == NULL || iso[0] == '\0')
		return g_strdup ("-");
	if (!tg_date_parse_iso (iso, &d))
		return g_strdup (iso);
	date = tg_cli_format_date (iso, lang);
	return g_strdup_printf ("%s, %s", tg_cli_weekday_name (g_date_get_weekday (&d), lang),
				date);
}

gchar *
tg_cli_format_lunar (const gchar *iso, const TgLunarDate *lunar, const gchar *can_chi,
		     const gchar *lang)
{
	g_autofree gchar *date = tg_cli_format_date (iso, lang);
	g_autofree gchar *day = NULL;
	g_autofree gchar *month = NULL;
	g_autofree gchar *year = NULL;
	const gchar *weekday = "?";
	GDate d;

	g_return_val_if_fail (lunar != NULL, NULL);
	if (tg_date_parse_iso (iso, &d))
		weekday = tg_cli_weekday_name (g_date_get_weekday (&d), lang);
	if (g_strcmp0 (lang, "vi") == 0) {
		/* the days 1 to 10 are "mùng 1".."mùng 10"; the 1st month is "Giêng", the 12th
		 * "Chạp" */
		day = g_strdup_printf (lunar->day <= 10 ? "mùng %d" : "ngày %d", lunar->day);
		if (lunar->month == 1)
			month = g_strdup ("Giêng");
		else if (lunar->month == 12)
			month = g_strdup ("Chạp");
		else
			month = g_strdup_printf ("%d", lunar->month);
	} else {
		day = g_strdup_printf ("%d", lunar->day);
		month = g_strdup_printf ("%d", lunar->month);
	}
	if (lunar->leap) {
		/* TRANSLATORS: a leap lunar month (tháng nhuận), after its number: "6 (leap)" */
		gchar *leap =
			g_strdup_printf (tg_cli_translate (lang, N_ ("%s (leap)"), "%s nhuận"),
					 month);
		g_free (month);
		month = leap;
	}
	year = can_chi != NULL ? g_strdup (can_chi) : g_strdup_printf ("%d", lunar->year);
	/* TRANSLATORS: a solar date and its weekday, then its lunar day and month and the
	 * name of the lunar year: "2030-02-02 (Saturday) = lunar 1/1, year Canh Tuất"; in
	 * Vietnamese the day and the month come as words ("mùng 1", "Giêng") */
	return g_strdup_printf (tg_cli_translate (lang, N_ ("%s (%s) = lunar %s/%s, year %s"),
						  "%s (%s) = %s tháng %s năm %s"),
				date, weekday, day, month, year);
}

/* (transfer none): a kind of day off of the API ("statutory"...), or "working_day" */
static const gchar *
tg_cli_kind_text (const gchar *kind, const gchar *lang)
{
	static const gchar *const kinds[][3] = {
		/* TRANSLATORS: kinds of days in the table of holidays: a holiday of the
		 * Labour Code, the day off that makes up for a holiday on a weekend, a day off
		 * or a working day decided by the government */
		{"statutory", N_ ("statutory"), "nghỉ lễ"},
		{"compensatory", N_ ("compensatory"), "nghỉ bù"},
		{"decided", N_ ("decided"), "theo quyết định"},
		{"working_day", N_ ("working day"), "ngày làm việc"},
	};

	for (guint i = 0; i < G_N_ELEMENTS (kinds); i++) {
		if (g_strcmp0 (kind, kinds[i][0]) == 0)
			return tg_cli_translate (lang, kinds[i][1], kinds[i][2]);
	}
	return kind != NULL ? kind : "-";
}

/* (transfer full): the status of an occurrence in words; with @original (nullable), the
 * date a moved one comes from */
static gchar *
tg_cli_status_text (const gchar *status, const gchar *original, const gchar *lang)
{
	g_autofree gchar *from = NULL;

	if (g_strcmp0 (status, "scheduled") == 0)
		/* TRANSLATORS: the status of a meeting that takes place as planned */
		return g_strdup (tg_cli_translate (lang, N_ ("scheduled"), "đã lên lịch"));
	if (g_strcmp0 (status, "cancelled") == 0)
		/* TRANSLATORS: the status of a cancelled meeting */
		return g_strdup (tg_cli_translate (lang, N_ ("cancelled"), "đã hủy"));
	if (g_strcmp0 (status, "moved") != 0)
		return g_strdup (status != NULL ? status : "-");
	if (original == NULL)
		/* TRANSLATORS: the status of a meeting moved to another day */
		return g_strdup (tg_cli_translate (lang, N_ ("moved"), "đã dời"));
	from = tg_cli_format_date (original, lang);
	/* TRANSLATORS: the status of a meeting moved away from its usual date */
	return g_strdup_printf (tg_cli_translate (lang, N_ ("moved from %s"), "đã dời từ %s"),
				from);
}

gchar *
tg_cli_format_clock (const gchar *rfc3339)
{
	g_autoptr(GDateTime) dt = NULL;

	if (rfc3339 == NULL || rfc3339[0] == '\0')
		return g_strdup ("-");
	dt = g_date_time_new_from_iso8601 (rfc3339, NULL);
	if (dt == NULL)
		return g_strdup (rfc3339);
	return g_date_time_format (dt, "%H:%M");
}

gchar *
tg_cli_format_span (JsonObject *obj)
{
	g_autofree gchar *start = NULL;
	g_autofree gchar *end = NULL;

	if (obj == NULL)
		return g_strdup ("-");
	start = tg_cli_format_clock (tg_cli_json_string (obj, "start"));
	end = tg_cli_format_clock (tg_cli_json_string (obj, "end"));
	return g_strconcat (start, "-", end, NULL);
}

/* (transfer full): "Name <email> (role)" */
static gchar *
tg_cli_participant_text (JsonObject *p)
{
	const gchar *name = tg_cli_json_string (p, "name");
	const gchar *email = tg_cli_json_string (p, "email");
	const gchar *role = tg_cli_json_string (p, "role");
	GString *out = g_string_new (name != NULL ? name : "-");

	if (email != NULL)
		g_string_append_printf (out, " <%s>", email);
	if (role != NULL)
		g_string_append_printf (out, " (%s)", role);
	return g_string_free (out, FALSE);
}

void
tg_cli_print_member (const gchar *key, JsonObject *obj, const gchar *member)
{
	JsonNode *node = obj != NULL ? json_object_get_member (obj, member) : NULL;
	g_autofree gchar *text = NULL;

	if (node != NULL && (JSON_NODE_HOLDS_OBJECT (node) || JSON_NODE_HOLDS_ARRAY (node))) {
		tg_cli_print_flat (key, node);
		return;
	}
	text = tg_cli_json_scalar_text (node);
	tg_cli_print_pair (key, text);
}

void
tg_cli_print_others (const gchar *prefix, JsonObject *obj, const gchar *const *known)
{
	g_autoptr(GList) members = NULL;

	if (obj == NULL)
		return;
	members = json_object_get_members (obj);
	for (GList *l = members; l != NULL; l = l->next) {
		g_autofree gchar *key = NULL;

		if (g_strv_contains (known, l->data))
			continue;
		key = prefix != NULL ? g_strconcat (prefix, ".", l->data, NULL)
				     : g_strdup (l->data);
		tg_cli_print_flat (key, json_object_get_member (obj, l->data));
	}
}

static void
tg_cli_print_participants (JsonArray *participants)
{
	guint n = participants != NULL ? json_array_get_length (participants) : 0;

	if (n == 0) {
		/* TRANSLATORS: labels of "series show" and "occurrences show", each followed
		 * by ": value" */
		tg_cli_print_pair (_ ("participants"), "-");
		return;
	}
	for (guint i = 0; i < n; i++) {
		JsonNode *el = json_array_get_element (participants, i);
		g_autofree gchar *text = NULL;

		if (!JSON_NODE_HOLDS_OBJECT (el))
			continue;
		text = tg_cli_participant_text (json_node_get_object (el));
		tg_cli_print_pair (_ ("participant"), text);
	}
}

/* ---- arguments ---- */

static gboolean
tg_cli_check_time (const gchar *what, const gchar *value, GError **error)
{
	guint minutes;

	if (value == NULL || tg_time_parse (value, &minutes))
		return TRUE;
	g_set_error (error, TG_CLI_ERROR, TG_CLI_ERROR_USAGE,
		     _ ("%s: '%s' is not a time written HH:MM"), what, value);
	return FALSE;
}

static gboolean
tg_cli_check_count (const gchar *what, const gchar *value, GError **error)
{
	if (value == NULL || g_ascii_string_to_unsigned (value, 10, 0, 100000, NULL, NULL))
		return TRUE;
	g_set_error (error, TG_CLI_ERROR, TG_CLI_ERROR_USAGE,
		     _ ("%s: '%s' is not a whole number from 0 to 100000"), what, value);
	return FALSE;
}

gboolean
tg_cli_check_occurrence_id (const gchar *id, GError **error)
{
	gsize len = strlen (id);

	if (len > 0 && len <= TG_CLI_OCCURRENCE_ID_MAX &&
	    strspn (id, "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_") == len)
		return TRUE;
	g_set_error (error, TG_CLI_ERROR, TG_CLI_ERROR_USAGE,
		     _ ("ID: '%s' is not an occurrence id (such as 718-20270301)"), id);
	return FALSE;
}

/* ---- lunar ---- */

gboolean
tg_cli_lunar (TgCli *cli, gchar **args, GError **error)
{
	g_autoptr(GPtrArray) rest = g_ptr_array_new ();
	g_autoptr(GString) path = g_string_new ("/api/v1/lunar");
	g_autoptr(JsonNode) json = NULL;
	g_autofree gchar *text = NULL;
	g_autofree gchar *clean = NULL;
	const gchar *date = NULL;
	TgCliAnswer answer;
	JsonObject *root, *lunar;
	TgLunarDate ld = {0};

	if (!tg_cli_parse_command (cli, NULL, 0, args, rest, error))
		return FALSE;
	if (rest->len > 1) {
		g_set_error (error, TG_CLI_ERROR, TG_CLI_ERROR_USAGE,
			     _ ("unexpected argument '%s'"),
			     (const gchar *) g_ptr_array_index (rest, 1));
		return FALSE;
	}
	if (rest->len == 1)
		date = g_ptr_array_index (rest, 0);
	if (!tg_cli_check_date ("DATE", date, error))
		return FALSE;
	tg_cli_query_add (path, "date", date);
	answer = tg_cli_fetch (cli, "GET", path->str, NULL, FALSE, &json, error);
	if (answer != TG_CLI_ANSWER_READY)
		return answer == TG_CLI_ANSWER_PRINTED;
	root = tg_cli_root_object (json, error);
	if (root == NULL)
		return FALSE;
	lunar = tg_cli_json_object (root, "lunar");
	if (lunar == NULL || tg_cli_json_string (root, "date") == NULL) {
		tg_cli_set_unexpected (error);
		return FALSE;
	}
	ld.day = (gint) json_object_get_int_member_with_default (lunar, "day", 0);
	ld.month = (gint) json_object_get_int_member_with_default (lunar, "month", 0);
	ld.year = (gint) json_object_get_int_member_with_default (lunar, "year", 0);
	ld.leap = json_object_get_boolean_member_with_default (lunar, "leap", FALSE);
	if (ld.day < 1 || ld.day > 30 || ld.month < 1 || ld.month > 12) {
		tg_cli_set_unexpected (error);
		return FALSE;
	}
	text = tg_cli_format_lunar (tg_cli_json_string (root, "date"), &ld,
				    tg_cli_json_string (root, "can_chi"), cli->lang);
	clean = tg_cli_sanitize (text);
	g_print ("%s\n", clean);
	return TRUE;
}

/* ---- holidays ---- */

static gint
tg_cli_compare_rows (gconstpointer a, gconstpointer b)
{
	const gchar *const *ra = *(const gchar *const *const *) a;
	const gchar *const *rb = *(const gchar *const *const *) b;
	return g_strcmp0 (ra[0], rb[0]);
}

/* adds to @rows one row a day of @days: the ISO date (to sort on), then the cells */
static void
tg_cli_add_holiday_rows (GPtrArray *rows, JsonArray *days, gboolean working, const gchar *lang)
{
	for (guint i = 0; days != NULL && i < json_array_get_length (days); i++) {
		JsonObject *day = tg_cli_json_array_object (days, i);
		const gchar *iso = tg_cli_json_string (day, "date");
		gchar **row = g_new0 (gchar *, 6);
		gboolean estimated;

		row[0] = g_strdup (iso != NULL ? iso : "");
		row[1] = tg_cli_format_day (iso, lang);
		row[2] = g_strdup (tg_cli_json_text (day, "name"));
		row[3] = g_strdup (tg_cli_kind_text (working ? "working_day"
							     : tg_cli_json_string (day, "kind"),
						     lang));
		estimated = !working && day != NULL &&
			    json_object_get_boolean_member_with_default (day, "estimated", FALSE);
		/* TRANSLATORS: a day off whose date is estimated, not yet decided */
		row[4] = g_strdup (estimated ? tg_cli_translate (lang, N_ ("estimated"), "ước tính")
					     : "");
		g_ptr_array_add (rows, row);
	}
}

gboolean
tg_cli_holidays_list (TgCli *cli, gchar **args, GError **error)
{
	const gchar *year = NULL;
	const TgCliOption options[] = {
		{"year", TRUE, &year},
	};
	g_autoptr(GPtrArray) rest = g_ptr_array_new ();
	g_autoptr(GString) path = g_string_new ("/api/v1/holidays");
	g_autoptr(JsonNode) json = NULL;
	g_autoptr(GPtrArray) days = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
	g_autoptr(GPtrArray) rows = NULL;
	TgCliAnswer answer;
	JsonObject *root;
	JsonArray *off, *working;

	if (!tg_cli_parse_args (cli, options, G_N_ELEMENTS (options), args, NULL, rest, error))
		return FALSE;
	if (year != NULL && (year[0] == '\0' || strlen (year) > 4 ||
			     strspn (year, "0123456789") != strlen (year))) {
		g_set_error (error, TG_CLI_ERROR, TG_CLI_ERROR_USAGE,
			     _ ("--year: '%s' is not a year written YYYY"), year);
		return FALSE;
	}
	tg_cli_query_add (path, "year", year);
	answer = tg_cli_fetch (cli, "GET", path->str, NULL, FALSE, &json, error);
	if (answer != TG_CLI_ANSWER_READY)
		return answer == TG_CLI_ANSWER_PRINTED;
	root = tg_cli_root_object (json, error);
	if (root == NULL)
		return FALSE;
	off = tg_cli_json_array (root, "days_off");
	working = tg_cli_json_array (root, "working_days");
	if (off == NULL) {
		tg_cli_set_unexpected (error);
		return FALSE;
	}
	tg_cli_add_holiday_rows (days, off, FALSE, cli->lang);
	tg_cli_add_holiday_rows (days, working, TRUE, cli->lang);
	if (days->len == 0) {
		g_printerr ("%s\n", _ ("no days off"));
		return TRUE;
	}
	g_ptr_array_sort (days, tg_cli_compare_rows);
	/* TRANSLATORS: the headers of the table of holidays */
	rows = tg_cli_table_new (
		(const gchar *[]){_ ("DATE"), _ ("NAME"), _ ("KIND"), _ ("NOTE"), NULL});
	for (guint i = 0; i < days->len; i++)
		g_ptr_array_add (rows, g_strdupv ((gchar **) g_ptr_array_index (days, i) + 1));
	tg_cli_print_table (rows);
	return TRUE;
}

gboolean
tg_cli_holidays_set (TgCli *cli, gchar **args, GError **error)
{
	gboolean day_off = FALSE, working_day = FALSE;
	const gchar *name = NULL;
	const TgCliOption options[] = {
		{"day-off", FALSE, &day_off},
		{"working-day", FALSE, &working_day},
		{"name", TRUE, &name},
	};
	g_autoptr(GPtrArray) rest = g_ptr_array_new ();
	g_autoptr(JsonBuilder) b = json_builder_new ();
	g_autoptr(JsonNode) json = NULL;
	g_autofree gchar *body = NULL;
	g_autofree gchar *path = NULL;
	g_autofree gchar *day = NULL;
	const gchar *date;

	date = tg_cli_parse_one_arg (cli, options, G_N_ELEMENTS (options), args, "DATE", rest,
				     error);
	if (date == NULL || !tg_cli_check_date ("DATE", date, error))
		return FALSE;
	if (day_off == working_day) {
		g_set_error_literal (error, TG_CLI_ERROR, TG_CLI_ERROR_USAGE,
				     _ ("give one of --day-off and --working-day"));
		return FALSE;
	}
	json_builder_begin_object (b);
	tg_cli_add_string (b, "kind", day_off ? "day_off" : "working_day");
	if (name != NULL && name[0] != '\0')
		tg_cli_add_string (b, "name", name);
	json_builder_end_object (b);
	body = tg_cli_builder_to_body (b);
	path = g_strconcat ("/api/v1/holidays/", date, NULL);
	if (!tg_cli_call (cli, "PUT", path, body, TRUE, &json, NULL, error))
		return FALSE;
	if (tg_cli_print_json_asked (cli, json))
		return TRUE;
	day = tg_cli_format_day (date, cli->lang);
	if (day_off)
		/* TRANSLATORS: a weekday and a date: "Monday, 2026-08-31 is now a day off" */
		g_print (_ ("%s is now a day off\n"), day);
	else
		/* TRANSLATORS: a weekday and a date: "Saturday, 2026-08-22 is now a working day" */
		g_print (_ ("%s is now a working day\n"), day);
	return TRUE;
}

gboolean
tg_cli_holidays_unset (TgCli *cli, gchar **args, GError **error)
{
	g_autoptr(GPtrArray) rest = g_ptr_array_new ();
	g_autoptr(JsonNode) json = NULL;
	g_autofree gchar *path = NULL;
	g_autofree gchar *day = NULL;
	const gchar *date;

	date = tg_cli_parse_one_arg (cli, NULL, 0, args, "DATE", rest, error);
	if (date == NULL || !tg_cli_check_date ("DATE", date, error))
		return FALSE;
	path = g_strconcat ("/api/v1/holidays/", date, NULL);
	if (!tg_cli_call (cli, "DELETE", path, NULL, TRUE, &json, NULL, error))
		return FALSE;
	if (tg_cli_print_json_asked (cli, json))
		return TRUE;
	day = tg_cli_format_day (date, cli->lang);
	/* TRANSLATORS: a weekday and a date: "the decision on Monday, 2026-08-31 is removed" */
	g_print (_ ("the decision on %s is removed\n"), day);
	return TRUE;
}

/* ---- series ---- */

static void
tg_cli_print_series (JsonObject *series)
{
	static const gchar *const known[] = {"meeting", "reception", "booking", "holiday_policy",
					     NULL};
	static const gchar *const known_meeting[] = {"start",      "end",          "mode", "venue",
						     "online_url", "participants", NULL};
	static const gchar *const known_reception[] = {"start",        "end",   "venue",
						       "slot_minutes", "desks", NULL};
	static const gchar *const known_booking[] = {"opens_days_before", "closes_hours_before",
						     NULL};
	JsonObject *meeting = tg_cli_json_object (series, "meeting");
	JsonObject *reception = tg_cli_json_object (series, "reception");
	JsonObject *booking = tg_cli_json_object (series, "booking");

	/* TRANSLATORS: labels of "series show", each followed by ": value"; they name the
	 * options of "series set" */
	tg_cli_print_member (_ ("meeting start"), meeting, "start");
	tg_cli_print_member (_ ("meeting end"), meeting, "end");
	tg_cli_print_member (_ ("mode"), meeting, "mode");
	tg_cli_print_member (_ ("venue"), meeting, "venue");
	tg_cli_print_member (_ ("online url"), meeting, "online_url");
	tg_cli_print_participants (tg_cli_json_array (meeting, "participants"));
	tg_cli_print_member (_ ("reception start"), reception, "start");
	tg_cli_print_member (_ ("reception end"), reception, "end");
	tg_cli_print_member (_ ("reception venue"), reception, "venue");
	tg_cli_print_member (_ ("slot minutes"), reception, "slot_minutes");
	tg_cli_print_member (_ ("desks"), reception, "desks");
	tg_cli_print_member (_ ("opens days before"), booking, "opens_days_before");
	tg_cli_print_member (_ ("closes hours before"), booking, "closes_hours_before");
	tg_cli_print_member (_ ("holiday policy"), series, "holiday_policy");
	tg_cli_print_others ("meeting", meeting, known_meeting);
	tg_cli_print_others ("reception", reception, known_reception);
	tg_cli_print_others ("booking", booking, known_booking);
	tg_cli_print_others (NULL, series, known);
}

/* prints the "series" of an answer, or its JSON with --json */
static gboolean
tg_cli_answer_series (TgCli *cli, JsonNode *json, GError **error)
{
	JsonObject *series;

	if (cli->json && json != NULL) {
		tg_cli_print_json (json);
		return TRUE;
	}
	series = tg_cli_answer_object (json, "series", error);
	if (series == NULL)
		return FALSE;
	tg_cli_print_series (series);
	return TRUE;
}

gboolean
tg_cli_series_show (TgCli *cli, gchar **args, GError **error)
{
	g_autoptr(GPtrArray) rest = g_ptr_array_new ();
	g_autoptr(JsonNode) json = NULL;
	g_autofree gchar *path = NULL;
	const gchar *code;

	code = tg_cli_parse_one_arg (cli, NULL, 0, args, "CODE", rest, error);
	if (code == NULL || !tg_cli_check_code ("CODE", code, error))
		return FALSE;
	path = g_strconcat ("/api/v1/units/", code, "/series", NULL);
	if (!tg_cli_call (cli, "GET", path, NULL, TRUE, &json, NULL, error))
		return FALSE;
	return tg_cli_answer_series (cli, json, error);
}

GPtrArray *
tg_cli_parse_participants (const gchar *text, gsize len, GError **error)
{
	g_autoptr(GPtrArray) list = tg_participants_new ();
	g_autofree gchar *copy = NULL;
	g_auto(GStrv) lines = NULL;
	gboolean first = TRUE;

	g_return_val_if_fail (text != NULL || len == 0, NULL);
	if (len > 0 && !g_utf8_validate_len (text, len, NULL)) {
		g_set_error_literal (error, TG_CLI_ERROR, TG_CLI_ERROR_INPUT,
				     _ ("the file is not text in UTF-8"));
		return NULL;
	}
	copy = g_strndup (text != NULL ? text : "", len);
	lines = g_strsplit (copy, "\n", -1);
	for (guint i = 0; lines[i] != NULL; i++) {
		gchar *line = lines[i];
		gsize line_len = strlen (line);
		g_auto(GStrv) fields = NULL;
		guint n;

		if (line_len > 0 && line[line_len - 1] == '\r')
			line[--line_len] = '\0';
		if (line[0] == '#' || strspn (line, " \t") == line_len)
			continue;
		fields = g_strsplit (line, "\t", -1);
		n = g_strv_length (fields);
		for (guint f = 0; f < n; f++)
			g_strstrip (fields[f]);
		if (first && g_ascii_strcasecmp (fields[0], "name") == 0) {
			first = FALSE;
			continue;
		}
		first = FALSE;
		if (n > 3) {
			g_set_error (error, TG_CLI_ERROR, TG_CLI_ERROR_INPUT,
				     _ ("line %u: %u fields, but at most 3: name, email, role"),
				     i + 1, n);
			return NULL;
		}
		if (fields[0][0] == '\0') {
			g_set_error (error, TG_CLI_ERROR, TG_CLI_ERROR_INPUT,
				     _ ("line %u: the name is missing"), i + 1);
			return NULL;
		}
		g_ptr_array_add (list, tg_participant_new (fields[0],
							   n > 1 && fields[1][0] != '\0' ? fields[1]
											 : NULL,
							   n > 2 && fields[2][0] != '\0' ? fields[2]
											 : NULL));
	}
	return g_steal_pointer (&list);
}

/* adds "MEMBER": VALUE when @value is not NULL; "" clears it (null) */
static void
tg_cli_add_text (JsonBuilder *b, const gchar *member, const gchar *value)
{
	if (value == NULL)
		return;
	json_builder_set_member_name (b, member);
	if (value[0] != '\0')
		json_builder_add_string_value (b, value);
	else
		json_builder_add_null_value (b);
}

/* adds "MEMBER": N when @value is not NULL; @value was checked with tg_cli_check_count() */
static void
tg_cli_add_count (JsonBuilder *b, const gchar *member, const gchar *value)
{
	guint64 n = 0;

	if (value == NULL)
		return;
	if (!g_ascii_string_to_unsigned (value, 10, 0, 100000, &n, NULL))
		g_return_if_reached ();
	json_builder_set_member_name (b, member);
	json_builder_add_int_value (b, (gint64) n);
}

static void
tg_cli_add_participants (JsonBuilder *b, GPtrArray *participants)
{
	json_builder_set_member_name (b, "participants");
	json_builder_begin_array (b);
	for (guint i = 0; i < participants->len; i++) {
		const TgParticipant *p = g_ptr_array_index (participants, i);

		json_builder_begin_object (b);
		json_builder_set_member_name (b, "name");
		json_builder_add_string_value (b, p->name);
		json_builder_set_member_name (b, "email");
		if (p->email != NULL)
			json_builder_add_string_value (b, p->email);
		else
			json_builder_add_null_value (b);
		json_builder_set_member_name (b, "role");
		if (p->role != NULL)
			json_builder_add_string_value (b, p->role);
		else
			json_builder_add_null_value (b);
		json_builder_end_object (b);
	}
	json_builder_end_array (b);
}

gboolean
tg_cli_series_set (TgCli *cli, gchar **args, GError **error)
{
	const gchar *meeting_start = NULL, *meeting_end = NULL, *mode = NULL, *venue = NULL;
	const gchar *online_url = NULL, *reception_start = NULL, *reception_end = NULL;
	const gchar *reception_venue = NULL, *slot_minutes = NULL, *desks = NULL;
	const gchar *opens = NULL, *closes = NULL, *policy = NULL, *participants_file = NULL;
	const TgCliOption options[] = {
		{"meeting-start", TRUE, &meeting_start},
		{"meeting-end", TRUE, &meeting_end},
		{"mode", TRUE, &mode},
		{"venue", TRUE, &venue},
		{"online-url", TRUE, &online_url},
		{"reception-start", TRUE, &reception_start},
		{"reception-end", TRUE, &reception_end},
		{"reception-venue", TRUE, &reception_venue},
		{"slot-minutes", TRUE, &slot_minutes},
		{"desks", TRUE, &desks},
		{"opens-days-before", TRUE, &opens},
		{"closes-hours-before", TRUE, &closes},
		{"holiday-policy", TRUE, &policy},
		{"participants-file", TRUE, &participants_file},
	};
	g_autoptr(GPtrArray) rest = g_ptr_array_new ();
	g_autoptr(GPtrArray) participants = NULL;
	g_autoptr(JsonBuilder) b = json_builder_new ();
	g_autoptr(JsonNode) json = NULL;
	g_autofree gchar *body = NULL;
	g_autofree gchar *path = NULL;
	const gchar *code;
	gboolean any_meeting, any_reception, any_booking;

	code = tg_cli_parse_one_arg (cli, options, G_N_ELEMENTS (options), args, "CODE", rest,
				     error);
	if (code == NULL || !tg_cli_check_code ("CODE", code, error) ||
	    !tg_cli_check_time ("--meeting-start", meeting_start, error) ||
	    !tg_cli_check_time ("--meeting-end", meeting_end, error) ||
	    !tg_cli_check_time ("--reception-start", reception_start, error) ||
	    !tg_cli_check_time ("--reception-end", reception_end, error) ||
	    !tg_cli_check_count ("--slot-minutes", slot_minutes, error) ||
	    !tg_cli_check_count ("--desks", desks, error) ||
	    !tg_cli_check_count ("--opens-days-before", opens, error) ||
	    !tg_cli_check_count ("--closes-hours-before", closes, error))
		return FALSE;
	if (mode != NULL && tg_meeting_mode_from_string (mode) == TG_MEETING_MODE_UNKNOWN) {
		g_set_error_literal (error, TG_CLI_ERROR, TG_CLI_ERROR_USAGE,
				     _ ("--mode: must be in_person, online or hybrid"));
		return FALSE;
	}
	if (policy != NULL && tg_holiday_policy_from_string (policy) == TG_HOLIDAY_POLICY_UNKNOWN) {
		g_set_error_literal (
			error, TG_CLI_ERROR, TG_CLI_ERROR_USAGE,
			_ ("--holiday-policy: must be next_working_day, skip or manual"));
		return FALSE;
	}
	any_meeting = meeting_start != NULL || meeting_end != NULL || mode != NULL ||
		      venue != NULL || online_url != NULL || participants_file != NULL;
	any_reception = reception_start != NULL || reception_end != NULL ||
			reception_venue != NULL || slot_minutes != NULL || desks != NULL;
	any_booking = opens != NULL || closes != NULL;
	if (!any_meeting && !any_reception && !any_booking && policy == NULL) {
		g_set_error_literal (error, TG_CLI_ERROR, TG_CLI_ERROR_USAGE,
				     _ ("nothing to change: give at least one option"));
		return FALSE;
	}
	if (participants_file != NULL) {
		g_autofree gchar *text = NULL;
		gsize len = 0;

		if (!g_file_get_contents (participants_file, &text, &len, error))
			return FALSE;
		participants = tg_cli_parse_participants (text, len, error);
		if (participants == NULL) {
			g_prefix_error (error, "%s: ", participants_file);
			return FALSE;
		}
	}

	/* only what was given: the server keeps the rest */
	json_builder_begin_object (b);
	if (any_meeting) {
		json_builder_set_member_name (b, "meeting");
		json_builder_begin_object (b);
		tg_cli_add_text (b, "start", meeting_start);
		tg_cli_add_text (b, "end", meeting_end);
		tg_cli_add_text (b, "mode", mode);
		tg_cli_add_text (b, "venue", venue);
		tg_cli_add_text (b, "online_url", online_url);
		if (participants != NULL)
			tg_cli_add_participants (b, participants);
		json_builder_end_object (b);
	}
	if (any_reception) {
		json_builder_set_member_name (b, "reception");
		json_builder_begin_object (b);
		tg_cli_add_text (b, "start", reception_start);
		tg_cli_add_text (b, "end", reception_end);
		tg_cli_add_text (b, "venue", reception_venue);
		tg_cli_add_count (b, "slot_minutes", slot_minutes);
		tg_cli_add_count (b, "desks", desks);
		json_builder_end_object (b);
	}
	if (any_booking) {
		json_builder_set_member_name (b, "booking");
		json_builder_begin_object (b);
		tg_cli_add_count (b, "opens_days_before", opens);
		tg_cli_add_count (b, "closes_hours_before", closes);
		json_builder_end_object (b);
	}
	tg_cli_add_text (b, "holiday_policy", policy);
	json_builder_end_object (b);
	body = tg_cli_builder_to_body (b);
	path = g_strconcat ("/api/v1/units/", code, "/series", NULL);
	if (!tg_cli_call (cli, "PUT", path, body, TRUE, &json, NULL, error))
		return FALSE;
	return tg_cli_answer_series (cli, json, error);
}

/* ---- occurrences ---- */

/* (transfer full): the notes on an occurrence: its reason, whose bridge point it is, a
 * decision it waits for; "" for none */
static gchar *
tg_cli_occurrence_note (JsonObject *occ, const gchar *lang)
{
	g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
	const gchar *reason = tg_cli_json_string (occ, "reason");
	const gchar *bridge = tg_cli_json_string (occ, "bridge_of");

	if (reason != NULL && reason[0] != '\0')
		g_ptr_array_add (parts, g_strdup (reason));
	if (bridge != NULL)
		/* TRANSLATORS: an online bridge point (điểm cầu) of the meeting of unit %s */
		g_ptr_array_add (parts,
				 g_strdup_printf (tg_cli_translate (lang, N_ ("bridge of %s"),
								    "điểm cầu của %s"),
						  bridge));
	if (json_object_get_boolean_member_with_default (occ, "needs_decision", FALSE))
		/* TRANSLATORS: an occurrence on a holiday that waits for the secretary's
		 * decision (holiday policy "manual") */
		g_ptr_array_add (parts, g_strdup (tg_cli_translate (lang, N_ ("needs a decision"),
								    "cần quyết định")));
	g_ptr_array_add (parts, NULL);
	return g_strjoinv ("; ", (gchar **) parts->pdata);
}

gboolean
tg_cli_occurrences_list (TgCli *cli, gchar **args, GError **error)
{
	const gchar *from = NULL, *to = NULL;
	const TgCliOption options[] = {
		{"from", TRUE, &from},
		{"to", TRUE, &to},
	};
	g_autoptr(GPtrArray) rest = g_ptr_array_new ();
	g_autoptr(GString) path = g_string_new ("/api/v1/units/");
	g_autoptr(JsonNode) json = NULL;
	g_autoptr(GPtrArray) rows = NULL;
	TgCliAnswer answer;
	JsonArray *occurrences = NULL;
	const gchar *code;

	code = tg_cli_parse_one_arg (cli, options, G_N_ELEMENTS (options), args, "CODE", rest,
				     error);
	if (code == NULL || !tg_cli_check_code ("CODE", code, error) ||
	    !tg_cli_check_date ("--from", from, error) || !tg_cli_check_date ("--to", to, error))
		return FALSE;
	g_string_append_printf (path, "%s/occurrences", code);
	tg_cli_query_add (path, "from", from);
	tg_cli_query_add (path, "to", to);
	answer = tg_cli_fetch_array (cli, path->str, FALSE, "occurrences", _ ("no occurrences"),
				     &json, &occurrences, error);
	if (answer != TG_CLI_ANSWER_READY)
		return answer == TG_CLI_ANSWER_PRINTED;
	/* TRANSLATORS: the headers of the table of occurrences (the Mondays of a unit) */
	rows = tg_cli_table_new ((const gchar *[]){_ ("ID"), _ ("DATE"), _ ("MEETING"),
						   _ ("STATUS"), _ ("NOTE"), NULL});
	for (guint i = 0; i < json_array_get_length (occurrences); i++) {
		JsonObject *occ = tg_cli_json_array_object (occurrences, i);
		const gchar *status = tg_cli_json_string (occ, "status");
		gchar **row = g_new0 (gchar *, 6);

		row[0] = g_strdup (tg_cli_json_text (occ, "id"));
		row[1] = tg_cli_format_day (tg_cli_json_string (occ, "date"), cli->lang);
		row[2] = tg_cli_format_span (tg_cli_json_object (occ, "meeting"));
		row[3] = tg_cli_status_text (status,
					     g_strcmp0 (status, "moved") == 0
						     ? tg_cli_json_string (occ, "original_date")
						     : NULL,
					     cli->lang);
		row[4] = occ != NULL ? tg_cli_occurrence_note (occ, cli->lang) : g_strdup ("");
		g_ptr_array_add (rows, row);
	}
	tg_cli_print_table (rows);
	return TRUE;
}

static void
tg_cli_print_occurrence (JsonObject *occ, const gchar *lang)
{
	static const gchar *const known[] = {
		"id",     "unit",    "date",      "status",    "original_date",
		"reason", "meeting", "reception", "bridge_of", "needs_decision",
		NULL};
	static const gchar *const known_meeting[] = {"start",        "end",        "mode",
						     "venue",        "online_url", "agenda",
						     "participants", NULL};
	static const gchar *const known_reception[] = {"start",        "end",   "venue",
						       "slot_minutes", "desks", NULL};
	JsonObject *meeting = tg_cli_json_object (occ, "meeting");
	JsonObject *reception = tg_cli_json_object (occ, "reception");
	const gchar *bridge = tg_cli_json_string (occ, "bridge_of");
	g_autofree gchar *date = tg_cli_format_day (tg_cli_json_string (occ, "date"), lang);
	g_autofree gchar *original =
		tg_cli_format_day (tg_cli_json_string (occ, "original_date"), lang);
	g_autofree gchar *status =
		tg_cli_status_text (tg_cli_json_string (occ, "status"), NULL, lang);
	g_autofree gchar *meeting_span = tg_cli_format_span (meeting);

	/* TRANSLATORS: labels of "occurrences show", each followed by ": value" */
	tg_cli_print_member (_ ("id"), occ, "id");
	tg_cli_print_member (_ ("unit"), occ, "unit");
	tg_cli_print_pair (_ ("date"), date);
	tg_cli_print_pair (_ ("status"), status);
	tg_cli_print_pair (_ ("original date"), original);
	tg_cli_print_member (_ ("reason"), occ, "reason");
	if (json_object_get_boolean_member_with_default (occ, "needs_decision", FALSE))
		tg_cli_print_pair (_ ("note"), tg_cli_translate (lang, N_ ("needs a decision"),
								 "cần quyết định"));
	tg_cli_print_pair (_ ("meeting"), meeting_span);
	tg_cli_print_member (_ ("mode"), meeting, "mode");
	tg_cli_print_member (_ ("venue"), meeting, "venue");
	tg_cli_print_member (_ ("online url"), meeting, "online_url");
	tg_cli_print_member (_ ("agenda"), meeting, "agenda");
	if (meeting != NULL && json_object_has_member (meeting, "participants"))
		tg_cli_print_participants (tg_cli_json_array (meeting, "participants"));
	if (reception != NULL) {
		g_autofree gchar *reception_span = tg_cli_format_span (reception);

		tg_cli_print_pair (_ ("reception"), reception_span);
		tg_cli_print_member (_ ("reception venue"), reception, "venue");
		tg_cli_print_member (_ ("slot minutes"), reception, "slot_minutes");
		tg_cli_print_member (_ ("desks"), reception, "desks");
	} else {
		tg_cli_print_pair (_ ("reception"), "-");
	}
	tg_cli_print_pair (_ ("bridge of"), bridge != NULL ? bridge : "-");
	tg_cli_print_others ("meeting", meeting, known_meeting);
	tg_cli_print_others ("reception", reception, known_reception);
	tg_cli_print_others (NULL, occ, known);
}

/* the "occurrence" of an answer (or NULL with an error) */
static JsonObject *
tg_cli_answer_occurrence (JsonNode *json, GError **error)
{
	JsonObject *occ = tg_cli_json_object (tg_cli_root_object (json, NULL), "occurrence");

	if (occ == NULL || tg_cli_json_string (occ, "id") == NULL) {
		tg_cli_set_unexpected (error);
		return NULL;
	}
	return occ;
}

/* GETs /api/v1/occurrences/ID, or POSTs what @b (nullable) built to
 * /api/v1/occurrences/ID@action; @occ (out) (transfer none): the occurrence of the answer
 * when it is TG_CLI_ANSWER_READY */
static TgCliAnswer
tg_cli_fetch_occurrence (TgCli *cli, const gchar *id, const gchar *action, JsonBuilder *b,
			 JsonNode **json, JsonObject **occ, GError **error)
{
	g_autofree gchar *path = g_strconcat ("/api/v1/occurrences/", id, action, NULL);
	g_autofree gchar *body = b != NULL ? tg_cli_builder_to_body (b) : NULL;
	TgCliAnswer answer;

	/* GET is public; with a token that may see the unit, the participants come too */
	answer = tg_cli_fetch (cli, b != NULL ? "POST" : "GET", path, body, TRUE, json, error);
	if (answer != TG_CLI_ANSWER_READY)
		return answer;
	*occ = tg_cli_answer_occurrence (*json, error);
	return *occ != NULL ? TG_CLI_ANSWER_READY : TG_CLI_ANSWER_FAILED;
}

/* parses the arguments of a command on one occurrence: its id, and @options */
static const gchar *
tg_cli_parse_occurrence_args (TgCli *cli, const TgCliOption *options, gsize n_options, gchar **args,
			      GPtrArray *rest, GError **error)
{
	const gchar *id = tg_cli_parse_one_arg (cli, options, n_options, args, "ID", rest, error);

	if (id == NULL || !tg_cli_check_occurrence_id (id, error))
		return NULL;
	return id;
}

gboolean
tg_cli_occurrences_show (TgCli *cli, gchar **args, GError **error)
{
	g_autoptr(GPtrArray) rest = g_ptr_array_new ();
	g_autoptr(JsonNode) json = NULL;
	JsonObject *occ = NULL;
	TgCliAnswer answer;
	const gchar *id;

	id = tg_cli_parse_occurrence_args (cli, NULL, 0, args, rest, error);
	if (id == NULL)
		return FALSE;
	answer = tg_cli_fetch_occurrence (cli, id, "", NULL, &json, &occ, error);
	if (answer != TG_CLI_ANSWER_READY)
		return answer == TG_CLI_ANSWER_PRINTED;
	tg_cli_print_occurrence (occ, cli->lang);
	return TRUE;
}

gboolean
tg_cli_occurrences_cancel (TgCli *cli, gchar **args, GError **error)
{
	const gchar *reason = NULL;
	const TgCliOption options[] = {
		{"reason", TRUE, &reason},
	};
	g_autoptr(GPtrArray) rest = g_ptr_array_new ();
	g_autoptr(JsonBuilder) b = json_builder_new ();
	g_autoptr(JsonNode) json = NULL;
	g_autofree gchar *day = NULL;
	g_autofree gchar *id_shown = NULL;
	JsonObject *occ = NULL;
	TgCliAnswer answer;
	const gchar *id;

	id = tg_cli_parse_occurrence_args (cli, options, G_N_ELEMENTS (options), args, rest, error);
	if (id == NULL ||
	    !tg_cli_require_option (reason, _ ("missing option --reason TEXT"), error))
		return FALSE;
	json_builder_begin_object (b);
	tg_cli_add_string (b, "reason", reason);
	json_builder_end_object (b);
	answer = tg_cli_fetch_occurrence (cli, id, "/cancel", b, &json, &occ, error);
	if (answer != TG_CLI_ANSWER_READY)
		return answer == TG_CLI_ANSWER_PRINTED;
	day = tg_cli_format_day (tg_cli_json_string (occ, "date"), cli->lang);
	/* TRANSLATORS: an occurrence id, then a weekday and a date: "occurrence 718-20270308
	 * on Monday, 2027-03-08 is cancelled" */
	id_shown = tg_cli_sanitize (tg_cli_json_string (occ, "id"));
	g_print (_ ("occurrence %s on %s is cancelled\n"), id_shown, day);
	return TRUE;
}

gboolean
tg_cli_occurrences_move (TgCli *cli, gchar **args, GError **error)
{
	const gchar *date = NULL, *meeting_start = NULL, *reception_start = NULL;
	const gchar *reason = NULL;
	const TgCliOption options[] = {
		{"date", TRUE, &date},
		{"meeting-start", TRUE, &meeting_start},
		{"reception-start", TRUE, &reception_start},
		{"reason", TRUE, &reason},
	};
	g_autoptr(GPtrArray) rest = g_ptr_array_new ();
	g_autoptr(JsonBuilder) b = json_builder_new ();
	g_autoptr(JsonNode) json = NULL;
	g_autofree gchar *day = NULL;
	g_autofree gchar *span = NULL;
	g_autofree gchar *id_shown = NULL;
	JsonObject *occ = NULL;
	TgCliAnswer answer;
	const gchar *id;

	id = tg_cli_parse_occurrence_args (cli, options, G_N_ELEMENTS (options), args, rest, error);
	if (id == NULL ||
	    !tg_cli_require_option (date, _ ("missing option --date YYYY-MM-DD"), error) ||
	    !tg_cli_require_option (reason, _ ("missing option --reason TEXT"), error) ||
	    !tg_cli_check_date ("--date", date, error) ||
	    !tg_cli_check_time ("--meeting-start", meeting_start, error) ||
	    !tg_cli_check_time ("--reception-start", reception_start, error))
		return FALSE;
	json_builder_begin_object (b);
	tg_cli_add_string (b, "date", date);
	tg_cli_add_string (b, "meeting_start", meeting_start);
	tg_cli_add_string (b, "reception_start", reception_start);
	tg_cli_add_string (b, "reason", reason);
	json_builder_end_object (b);
	answer = tg_cli_fetch_occurrence (cli, id, "/move", b, &json, &occ, error);
	if (answer != TG_CLI_ANSWER_READY)
		return answer == TG_CLI_ANSWER_PRINTED;
	day = tg_cli_format_day (tg_cli_json_string (occ, "date"), cli->lang);
	span = tg_cli_format_span (tg_cli_json_object (occ, "meeting"));
	/* TRANSLATORS: an occurrence id, a weekday and a date, then the meeting's hours:
	 * "occurrence 718-20270301 is moved to Tuesday, 2027-03-02, meeting 14:00-16:00" */
	id_shown = tg_cli_sanitize (tg_cli_json_string (occ, "id"));
	g_print (_ ("occurrence %s is moved to %s, meeting %s\n"), id_shown, day, span);
	return TRUE;
}
