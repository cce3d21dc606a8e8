/* tg-cli-bookings.c: the thaogo client's commands on bookings (thaogo(1)): the bookings of
 * an occurrence, what the secretary records after the session, and the summary report */
#define G_LOG_DOMAIN "thaogo-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "tg-booking.h"
#include "tg-cli-private.h"

/* ---- the words of the bookings (spec.md, "Bookings") ---- */

typedef struct {
	const gchar *key;     /* the word of the API */
	const gchar *context; /* the translation's context: "pending" and "other" each mean two
			       * things */
	const gchar *msgid;   /* marked with NC_() */
	const gchar *vi;      /* the Vietnamese when the catalogue has none */
} TgCliWord;

static const TgCliWord tg_cli_statuses[] = {
	/* TRANSLATORS: the statuses of a booking */
	{"pending", "booking status", NC_ ("booking status", "pending"), "chờ xác nhận"},
	{"confirmed", "booking status", NC_ ("booking status", "confirmed"), "đã xác nhận"},
	{"waitlisted", "booking status", NC_ ("booking status", "waiting list"), "danh sách chờ"},
	{"cancelled", "booking status", NC_ ("booking status", "cancelled"), "đã hủy"},
	{"cancelled_by_unit", "booking status", NC_ ("booking status", "cancelled by the unit"),
	 "đơn vị hủy"},
	{"expired", "booking status", NC_ ("booking status", "expired"), "hết hạn"},
	{"attended", "booking status", NC_ ("booking status", "attended"), "đã đến"},
	{"no_show", "booking status", NC_ ("booking status", "no-show"), "vắng mặt"},
};

static const TgCliWord tg_cli_categories[] = {
	/* TRANSLATORS: what a citizen comes about (the topic of a booking) */
	{"late_dossier", "booking category", NC_ ("booking category", "late dossier"),
	 "hồ sơ trễ hạn"},
	{"procedure", "booking category", NC_ ("booking category", "procedure question"),
	 "hỏi thủ tục"},
	{"feedback", "booking category", NC_ ("booking category", "feedback on civil servants"),
	 "phản ánh cán bộ"},
	{"complaint", "booking category", NC_ ("booking category", "complaint"), "khiếu nại"},
	{"other", "booking category", NC_ ("booking category", "other"), "khác"},
};

static const TgCliWord tg_cli_outcomes[] = {
	/* TRANSLATORS: the outcome of a booking, recorded after the session */
	{"resolved", "booking outcome", NC_ ("booking outcome", "resolved on the spot"),
	 "giải quyết tại chỗ"},
	{"guided", "booking outcome", NC_ ("booking outcome", "guided"), "hướng dẫn"},
	{"transferred", "booking outcome", NC_ ("booking outcome", "transferred"), "chuyển xử lý"},
	{"rejected", "booking outcome", NC_ ("booking outcome", "rejected"), "từ chối"},
	{"pending", "booking outcome", NC_ ("booking outcome", "pending"), "đang xử lý"},
};

static const TgCliWord tg_cli_causes[] = {
	/* TRANSLATORS: the causes of a late dossier */
	{"missing_documents", "late dossier cause", NC_ ("late dossier cause", "missing documents"),
	 "thiếu hồ sơ"},
	{"coordination", "late dossier cause",
	 NC_ ("late dossier cause", "inter-agency coordination"), "phối hợp liên ngành"},
	{"it_system", "late dossier cause", NC_ ("late dossier cause", "IT system"),
	 "hệ thống CNTT"},
	{"workload", "late dossier cause", NC_ ("late dossier cause", "staff workload"),
	 "quá tải công việc"},
	{"legal_land", "late dossier cause", NC_ ("late dossier cause", "legal or land issue"),
	 "vướng pháp lý, đất đai"},
	{"citizen_side", "late dossier cause", NC_ ("late dossier cause", "citizen side"),
	 "phía người dân"},
	{"other", "late dossier cause", NC_ ("late dossier cause", "other"), "khác"},
};

static const TgCliWord tg_cli_kinds[] = {
	/* TRANSLATORS: who made a booking */
	{"citizen", "requester kind", NC_ ("requester kind", "citizen"), "công dân"},
	{"enterprise", "requester kind", NC_ ("requester kind", "enterprise"), "doanh nghiệp"},
};

/* (transfer none): @word in the messages' language; for "vi", its Vietnamese when the
 * catalogue has no translation, as tg_cli_translate() does */
static const gchar *
tg_cli_word_translate (const TgCliWord *word, const gchar *lang)
{
	const gchar *text = g_dpgettext2 (GETTEXT_PACKAGE, word->context, word->msgid);

	/* g_dpgettext2() answers @msgid itself when the catalogue has nothing */
	if (g_strcmp0 (lang, "vi") == 0 && text == word->msgid)
		return word->vi;
	return text;
}

/* (transfer none): the text of @key (nullable) of a vocabulary; "-" for none, @key as it is
 * when a newer server sends a word thaogo does not know */
static const gchar *
tg_cli_word_text (const TgCliWord *words, gsize n_words, const gchar *key, const gchar *lang)
{
	if (key == NULL)
		return "-";
	for (gsize i = 0; i < n_words; i++) {
		if (strcmp (words[i].key, key) == 0)
			return tg_cli_word_translate (&words[i], lang);
	}
	return key;
}

#define TG_CLI_WORD(words, key, lang) tg_cli_word_text (words, G_N_ELEMENTS (words), key, lang)

/* ---- arguments ---- */

static gboolean
tg_cli_check_booking_id (const gchar *id, GError **error)
{
	if (tg_booking_id_is_valid (id))
		return TRUE;
	g_set_error (error, TG_CLI_ERROR, TG_CLI_ERROR_USAGE,
		     _ ("ID: '%s' is not a booking id (44 hexadecimal digits)"), id);
	return FALSE;
}

/* ---- the bookings of an occurrence ---- */

/* (transfer none): the "bookings" of the answer to GET /api/v1/occurrences/ID/bookings, or
 * NULL with an error */
static JsonArray *
tg_cli_fetch_bookings (TgCli *cli, const gchar *occurrence, JsonNode **json, GError **error)
{
	g_autofree gchar *path = NULL;
	g_autofree gchar *escaped = NULL;

	escaped = g_uri_escape_string (occurrence, NULL, FALSE);
	path = g_strconcat ("/api/v1/occurrences/", escaped, "/bookings", NULL);
	if (!tg_cli_call (cli, "GET", path, NULL, TRUE, json, NULL, error))
		return NULL;
	return tg_cli_answer_array (*json, "bookings", error);
}

/* (transfer full): a string member of @obj (nullable), "-" when there is none */
static gchar *
tg_cli_dup_member (JsonObject *obj, const gchar *member)
{
	const gchar *value = tg_cli_json_string (obj, member);
	return g_strdup (value != NULL && value[0] != '\0' ? value : "-");
}

gboolean
tg_cli_bookings_list (TgCli *cli, gchar **args, GError **error)
{
	g_autoptr(GPtrArray) rest = g_ptr_array_new ();
	g_autoptr(JsonNode) json = NULL;
	g_autoptr(GPtrArray) rows = NULL;
	const gchar *occurrence;
	JsonArray *bookings;

	occurrence = tg_cli_parse_one_arg (cli, NULL, 0, args, "OCCURRENCE_ID", rest, error);
	if (occurrence == NULL || !tg_cli_check_occurrence_id (occurrence, error))
		return FALSE;
	bookings = tg_cli_fetch_bookings (cli, occurrence, &json, error);
	if (bookings == NULL)
		return FALSE;
	if (tg_cli_print_json_asked (cli, json))
		return TRUE;
	if (json_array_get_length (bookings) == 0) {
		g_printerr ("%s\n", _ ("no bookings"));
		return TRUE;
	}
	/* TRANSLATORS: the headers of the table of the bookings of an occurrence */
	rows = tg_cli_table_new ((const gchar *[]){_ ("ID"), _ ("TICKET"), _ ("SLOT"), _ ("STATUS"),
						   _ ("NAME"), _ ("PHONE"), _ ("CATEGORY"),
						   _ ("DOSSIER"), _ ("ASSIGNEE"), _ ("OUTCOME"),
						   NULL});
	for (guint i = 0; i < json_array_get_length (bookings); i++) {
		JsonObject *b = tg_cli_json_array_object (bookings, i);
		JsonObject *slot = tg_cli_json_object (b, "slot");
		JsonObject *requester = tg_cli_json_object (b, "requester");
		JsonObject *topic = tg_cli_json_object (b, "topic");
		const gchar *status = tg_cli_json_string (b, "status");
		const gchar *category = tg_cli_json_string (topic, "category");
		const gchar *outcome = tg_cli_json_string (b, "outcome");
		gchar **row = g_new0 (gchar *, 11);

		row[0] = tg_cli_dup_member (b, "id");
		row[1] = tg_cli_json_scalar_text (b != NULL ? json_object_get_member (b, "ticket")
							    : NULL);
		row[2] = tg_cli_format_clock (tg_cli_json_string (slot, "start"));
		row[3] = g_strdup (TG_CLI_WORD (tg_cli_statuses, status, cli->lang));
		row[4] = tg_cli_dup_member (requester, "name");
		row[5] = tg_cli_dup_member (requester, "phone");
		row[6] = g_strdup (TG_CLI_WORD (tg_cli_categories, category, cli->lang));
		row[7] = tg_cli_dup_member (topic, "dossier_code");
		row[8] = tg_cli_dup_member (b, "assignee");
		row[9] = g_strdup (TG_CLI_WORD (tg_cli_outcomes, outcome, cli->lang));
		g_ptr_array_add (rows, row);
	}
	tg_cli_print_table (rows);
	return TRUE;
}

/* prints every field of a booking as "label: value" */
static void
tg_cli_print_booking (JsonObject *booking, const gchar *lang)
{
	static const gchar *const known[] = {"id",         "status",     "ticket",
					     "occurrence", "unit",       "date",
					     "slot",       "requester",  "topic",
					     "language",   "created_at", "hold_expires_at",
					     "assignee",   "outcome",    "cause",
					     "note",       "consent_at", NULL};
	static const gchar *const known_requester[] = {"kind",         "name",     "phone", "email",
						       "organization", "tax_code", NULL};
	static const gchar *const known_topic[] = {"category", "dossier_code", "summary", NULL};
	JsonObject *requester = tg_cli_json_object (booking, "requester");
	JsonObject *topic = tg_cli_json_object (booking, "topic");
	JsonObject *slot = tg_cli_json_object (booking, "slot");
	g_autofree gchar *date = tg_cli_format_day (tg_cli_json_string (booking, "date"), lang);
	g_autofree gchar *span = slot != NULL ? tg_cli_format_span (slot) : g_strdup ("-");
	g_autofree gchar *created =
		tg_cli_format_time (tg_cli_json_string (booking, "created_at"), lang);
	g_autofree gchar *hold =
		tg_cli_format_time (tg_cli_json_string (booking, "hold_expires_at"), lang);
	g_autofree gchar *consent =
		tg_cli_format_time (tg_cli_json_string (booking, "consent_at"), lang);
	const gchar *status = tg_cli_json_string (booking, "status");
	const gchar *kind = tg_cli_json_string (requester, "kind");
	const gchar *category = tg_cli_json_string (topic, "category");
	const gchar *outcome = tg_cli_json_string (booking, "outcome");
	const gchar *cause = tg_cli_json_string (booking, "cause");

	/* TRANSLATORS: labels of "bookings show", each followed by ": value" */
	tg_cli_print_member (_ ("id"), booking, "id");
	tg_cli_print_pair (_ ("status"), TG_CLI_WORD (tg_cli_statuses, status, lang));
	tg_cli_print_member (_ ("ticket"), booking, "ticket");
	tg_cli_print_member (_ ("occurrence"), booking, "occurrence");
	tg_cli_print_member (_ ("unit"), booking, "unit");
	tg_cli_print_pair (_ ("date"), date);
	tg_cli_print_pair (_ ("slot"), span);
	tg_cli_print_pair (_ ("requester"), TG_CLI_WORD (tg_cli_kinds, kind, lang));
	tg_cli_print_member (_ ("name"), requester, "name");
	tg_cli_print_member (_ ("phone"), requester, "phone");
	tg_cli_print_member (_ ("email"), requester, "email");
	tg_cli_print_member (_ ("organization"), requester, "organization");
	tg_cli_print_member (_ ("tax code"), requester, "tax_code");
	tg_cli_print_pair (_ ("category"), TG_CLI_WORD (tg_cli_categories, category, lang));
	tg_cli_print_member (_ ("dossier code"), topic, "dossier_code");
	tg_cli_print_member (_ ("summary"), topic, "summary");
	tg_cli_print_member (_ ("language"), booking, "language");
	tg_cli_print_pair (_ ("created"), created);
	tg_cli_print_pair (_ ("hold expires"), hold);
	tg_cli_print_pair (_ ("consent"), consent);
	tg_cli_print_member (_ ("assignee"), booking, "assignee");
	tg_cli_print_pair (_ ("outcome"), TG_CLI_WORD (tg_cli_outcomes, outcome, lang));
	tg_cli_print_pair (_ ("cause"), TG_CLI_WORD (tg_cli_causes, cause, lang));
	tg_cli_print_member (_ ("note"), booking, "note");
	tg_cli_print_others ("requester", requester, known_requester);
	tg_cli_print_others ("topic", topic, known_topic);
	tg_cli_print_others (NULL, booking, known);
}

/* The server has no GET of one booking for the unit's people (GET /api/v1/bookings/ID
 * wants the citizen's manage token): the booking is looked for among the bookings of its
 * occurrence */
gboolean
tg_cli_bookings_show (TgCli *cli, gchar **args, GError **error)
{
	const gchar *occurrence = NULL;
	const TgCliOption options[] = {
		{"occurrence", TRUE, &occurrence},
	};
	g_autoptr(GPtrArray) rest = g_ptr_array_new ();
	g_autoptr(JsonNode) json = NULL;
	JsonArray *bookings;
	const gchar *id;

	id = tg_cli_parse_one_arg (cli, options, G_N_ELEMENTS (options), args, "ID", rest, error);
	if (id == NULL || !tg_cli_check_booking_id (id, error) ||
	    !tg_cli_require_option (occurrence, _ ("missing option --occurrence OCCURRENCE_ID"),
				    error) ||
	    !tg_cli_check_occurrence_id (occurrence, error))
		return FALSE;
	bookings = tg_cli_fetch_bookings (cli, occurrence, &json, error);
	if (bookings == NULL)
		return FALSE;
	for (guint i = 0; i < json_array_get_length (bookings); i++) {
		JsonNode *el = json_array_get_element (bookings, i);
		JsonObject *b = tg_cli_json_array_object (bookings, i);
		const gchar *booking_id = tg_cli_json_string (b, "id");

		if (booking_id == NULL || g_ascii_strcasecmp (booking_id, id) != 0)
			continue;
		if (cli->json) {
			/* as the server would answer it: {"booking": ...} */
			g_autoptr(JsonObject) root = json_object_new ();
			g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

			json_object_set_member (root, "booking", json_node_copy (el));
			json_node_set_object (node, root);
			tg_cli_print_json (node);
			return TRUE;
		}
		tg_cli_print_booking (b, cli->lang);
		return TRUE;
	}
	g_set_error (error, TG_CLI_ERROR, TG_CLI_ERROR_INPUT,
		     _ ("occurrence %s has no booking %s that this token may see"), occurrence, id);
	return FALSE;
}

/* ---- what the secretary records ---- */

/* PATCH /api/v1/bookings/ID with @body; (transfer none) the booking of the answer, with
 * @json (out) holding it, or NULL with an error */
static JsonObject *
tg_cli_patch_booking (TgCli *cli, const gchar *id, JsonBuilder *b, JsonNode **json, GError **error)
{
	g_autofree gchar *body = tg_cli_builder_to_body (b);
	g_autofree gchar *path = g_strconcat ("/api/v1/bookings/", id, NULL);
	JsonObject *booking;

	if (!tg_cli_call (cli, "PATCH", path, body, TRUE, json, NULL, error))
		return NULL;
	booking = tg_cli_json_object (tg_cli_root_object (*json, NULL), "booking");
	if (booking == NULL || tg_cli_json_string (booking, "id") == NULL) {
		tg_cli_set_unexpected (error);
		return NULL;
	}
	return booking;
}

gboolean
tg_cli_bookings_assign (TgCli *cli, gchar **args, GError **error)
{
	const gchar *to = NULL;
	const TgCliOption options[] = {
		{"to", TRUE, &to},
	};
	g_autoptr(GPtrArray) rest = g_ptr_array_new ();
	g_autoptr(JsonBuilder) b = json_builder_new ();
	g_autoptr(JsonNode) json = NULL;
	g_autofree gchar *id_shown = NULL;
	g_autofree gchar *assignee_shown = NULL;
	JsonObject *booking;
	const gchar *id;

	id = tg_cli_parse_one_arg (cli, options, G_N_ELEMENTS (options), args, "ID", rest, error);
	if (id == NULL || !tg_cli_check_booking_id (id, error) ||
	    !tg_cli_require_option (to, _ ("missing option --to TOKEN_ID"), error))
		return FALSE;
	if (!tg_cli_is_hex_id (to)) {
		g_set_error (error, TG_CLI_ERROR, TG_CLI_ERROR_USAGE,
			     _ ("--to: '%s' is not a token id (32 hexadecimal digits)"), to);
		return FALSE;
	}
	json_builder_begin_object (b);
	tg_cli_add_string (b, "assignee", to);
	json_builder_end_object (b);
	booking = tg_cli_patch_booking (cli, id, b, &json, error);
	if (booking == NULL)
		return FALSE;
	if (tg_cli_print_json_asked (cli, json))
		return TRUE;
	id_shown = tg_cli_sanitize (tg_cli_json_string (booking, "id"));
	assignee_shown = tg_cli_sanitize (tg_cli_json_string (booking, "assignee"));
	/* TRANSLATORS: a booking id, then the id of the token of the staff member or the
	 * secretary who takes it */
	g_print (_ ("booking %s is assigned to %s\n"), id_shown, assignee_shown);
	return TRUE;
}

gboolean
tg_cli_bookings_outcome (TgCli *cli, gchar **args, GError **error)
{
	const gchar *status = NULL, *outcome = NULL, *cause = NULL, *note = NULL;
	const TgCliOption options[] = {
		{"status", TRUE, &status},
		{"outcome", TRUE, &outcome},
		{"cause", TRUE, &cause},
		{"note", TRUE, &note},
	};
	g_autoptr(GPtrArray) rest = g_ptr_array_new ();
	g_autoptr(JsonBuilder) b = json_builder_new ();
	g_autoptr(JsonNode) json = NULL;
	JsonObject *booking;
	const gchar *id;

	id = tg_cli_parse_one_arg (cli, options, G_N_ELEMENTS (options), args, "ID", rest, error);
	if (id == NULL || !tg_cli_check_booking_id (id, error))
		return FALSE;
	if (status == NULL && outcome == NULL && cause == NULL && note == NULL) {
		g_set_error_literal (error, TG_CLI_ERROR, TG_CLI_ERROR_USAGE,
				     _ ("nothing to change: give at least one option"));
		return FALSE;
	}
	/* only what was given; the words themselves are the server's to check, so that its
	 * vocabulary can grow */
	json_builder_begin_object (b);
	tg_cli_add_string (b, "status", status);
	tg_cli_add_string (b, "outcome", outcome);
	tg_cli_add_string (b, "cause", cause);
	tg_cli_add_string (b, "note", note);
	json_builder_end_object (b);
	booking = tg_cli_patch_booking (cli, id, b, &json, error);
	if (booking == NULL)
		return FALSE;
	if (tg_cli_print_json_asked (cli, json))
		return TRUE;
	tg_cli_print_booking (booking, cli->lang);
	return TRUE;
}

/* ---- the report ---- */

typedef struct {
	const gchar *member; /* of the JSON answer */
	const gchar *msgid;  /* NC_("report", ...) */
	const gchar *vi;     /* the Vietnamese when the catalogue has none */
	const TgCliWord *words;
	gsize n_words;
} TgCliDimension;

/* adds the rows of one dimension of the report: its title, then a row a word of its
 * vocabulary (0 when the server has no count), then the words thaogo does not know */
static gboolean
tg_cli_add_dimension (GPtrArray *rows, JsonObject *root, const TgCliDimension *dim,
		      const gchar *lang)
{
	JsonObject *counts = tg_cli_json_object (root, dim->member);
	g_autoptr(GList) members = NULL;
	TgCliWord title = {dim->member, "report", dim->msgid, dim->vi};
	gchar **header;

	if (counts == NULL)
		return FALSE;
	/* a blank line between the parts */
	if (rows->len > 0)
		g_ptr_array_add (rows, g_new0 (gchar *, 3));
	header = g_new0 (gchar *, 3);
	header[0] = g_strdup (tg_cli_word_translate (&title, lang));
	/* TRANSLATORS: the header of the column of counts in the report */
	header[1] = g_strdup (_ ("COUNT"));
	g_ptr_array_add (rows, header);
	for (gsize i = 0; i < dim->n_words; i++) {
		JsonNode *node = json_object_get_member (counts, dim->words[i].key);
		gchar **row = g_new0 (gchar *, 3);

		row[0] = g_strdup (tg_cli_word_translate (&dim->words[i], lang));
		row[1] = node != NULL ? tg_cli_json_scalar_text (node) : g_strdup ("0");
		g_ptr_array_add (rows, row);
	}
	members = json_object_get_members (counts);
	for (GList *l = members; l != NULL; l = l->next) {
		gboolean known = FALSE;
		gchar **row;

		for (gsize i = 0; i < dim->n_words && !known; i++)
			known = strcmp (dim->words[i].key, l->data) == 0;
		if (known)
			continue;
		row = g_new0 (gchar *, 3);
		row[0] = g_strdup (l->data);
		row[1] = tg_cli_json_scalar_text (json_object_get_member (counts, l->data));
		g_ptr_array_add (rows, row);
	}
	return TRUE;
}

/* prints the server's CSV as it is */
static gboolean
tg_cli_report_csv (TgCli *cli, const gchar *path, GError **error)
{
	g_autoptr(TgClientResponse) resp =
			   tg_cli_request (cli, "GET", path, NULL, TRUE, NULL, error);
	const gchar *type;
	const gchar *data;
	gsize len = 0;

	if (resp == NULL)
		return FALSE;
	type = tg_client_response_get_header (resp, "content-type");
	if (type == NULL || g_ascii_strncasecmp (type, "text/csv", 8) != 0) {
		tg_cli_set_unexpected (error);
		return FALSE;
	}
	data = g_bytes_get_data (resp->body, &len);
	if (len > 0 && fwrite (data, 1, len, stdout) != len) {
		g_set_error_literal (error, TG_CLI_ERROR, TG_CLI_ERROR_FAILED,
				     _ ("cannot write the report"));
		return FALSE;
	}
	return TRUE;
}

gboolean
tg_cli_report (TgCli *cli, gchar **args, GError **error)
{
	/* TRANSLATORS: the parts of the report: the counts of bookings by topic, by status,
	 * by outcome, and of late dossiers by cause */
	const TgCliDimension dims[] = {
		{"category", NC_ ("report", "CATEGORY"), "NỘI DUNG", tg_cli_categories,
		 G_N_ELEMENTS (tg_cli_categories)},
		{"status", NC_ ("report", "STATUS"), "TRẠNG THÁI", tg_cli_statuses,
		 G_N_ELEMENTS (tg_cli_statuses)},
		{"outcome", NC_ ("report", "OUTCOME"), "KẾT QUẢ", tg_cli_outcomes,
		 G_N_ELEMENTS (tg_cli_outcomes)},
		{"cause", NC_ ("report", "CAUSE"), "NGUYÊN NHÂN", tg_cli_causes,
		 G_N_ELEMENTS (tg_cli_causes)},
	};
	const gchar *unit = NULL, *from = NULL, *to = NULL;
	gboolean csv = FALSE;
	const TgCliOption options[] = {
		{"unit", TRUE, &unit},
		{"from", TRUE, &from},
		{"to", TRUE, &to},
		{"csv", FALSE, &csv},
	};
	g_autoptr(GPtrArray) rest = g_ptr_array_new ();
	g_autoptr(GString) path = g_string_new ("/api/v1/reports/summary");
	g_autoptr(JsonNode) json = NULL;
	g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
	g_autofree gchar *table = NULL;
	g_autofree gchar *from_shown = NULL;
	g_autofree gchar *to_shown = NULL;
	g_autofree gchar *title = NULL;
	TgCliAnswer answer;
	JsonObject *root;

	if (!tg_cli_parse_args (cli, options, G_N_ELEMENTS (options), args, NULL, rest, error))
		return FALSE;
	if (unit == NULL || from == NULL || to == NULL) {
		g_set_error (error, TG_CLI_ERROR, TG_CLI_ERROR_USAGE, _ ("missing option %s"),
			     unit == NULL   ? "--unit CODE"
			     : from == NULL ? "--from YYYY-MM-DD"
					    : "--to YYYY-MM-DD");
		return FALSE;
	}
	if (!tg_cli_check_code ("--unit", unit, error) ||
	    !tg_cli_check_date ("--from", from, error) || !tg_cli_check_date ("--to", to, error))
		return FALSE;
	if (csv && cli->json) {
		g_set_error_literal (error, TG_CLI_ERROR, TG_CLI_ERROR_USAGE,
				     _ ("--csv and --json do not go together"));
		return FALSE;
	}
	tg_cli_query_add (path, "unit", unit);
	tg_cli_query_add (path, "from", from);
	tg_cli_query_add (path, "to", to);
	if (csv) {
		tg_cli_query_add (path, "format", "csv");
		return tg_cli_report_csv (cli, path->str, error);
	}
	answer = tg_cli_fetch (cli, "GET", path->str, NULL, TRUE, &json, error);
	if (answer != TG_CLI_ANSWER_READY)
		return answer == TG_CLI_ANSWER_PRINTED;
	root = tg_cli_root_object (json, error);
	if (root == NULL)
		return FALSE;
	for (guint d = 0; d < G_N_ELEMENTS (dims); d++) {
		if (!tg_cli_add_dimension (rows, root, &dims[d], cli->lang)) {
			tg_cli_set_unexpected (error);
			return FALSE;
		}
	}
	from_shown = tg_cli_format_date (from, cli->lang);
	to_shown = tg_cli_format_date (to, cli->lang);
	/* TRANSLATORS: the first line of the report: a unit's code, then two dates */
	title = g_strdup_printf (_ ("bookings of unit %s and the units below it, %s to %s"), unit,
				 from_shown, to_shown);
	table = tg_cli_format_table (rows);
	g_print ("%s\n\n%s", title, table);
	return TRUE;
}
