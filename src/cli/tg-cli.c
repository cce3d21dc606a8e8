/* tg-cli.c: the thaogo client's commands (thaogo(1)) */
#define G_LOG_DOMAIN "thaogo-cli"

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "tg-cli-private.h"
#include "tg-date.h"
#include "tg-i18n.h"
#include "tg-unit.h"

#define TG_CLI_DEFAULT_URL "http://127.0.0.1:8080"

G_DEFINE_QUARK (tg - cli - error - quark, tg_cli_error)

typedef gboolean (*TgCliCommandFunc) (TgCli *cli, gchar **args, GError **error);

typedef struct {
	const gchar *group;
	const gchar *name; /* (nullable): NULL for a command of one word ("lunar") */
	TgCliCommandFunc func;
} TgCliCommand;

/* ---- text ---- */

const gchar *
tg_cli_get_language (void)
{
	static const gchar *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};

	for (guint i = 0; i < G_N_ELEMENTS (vars); i++) {
		const gchar *value = g_getenv (vars[i]);
		if (value != NULL && value[0] != '\0')
			return g_str_has_prefix (value, "vi") ? "vi" : "en";
	}
	return "en";
}

const gchar *
tg_cli_translate (const gchar *lang, const gchar *msgid, const gchar *vi)
{
	const gchar *text = _ (msgid);

	/* gettext answers @msgid itself when the catalogue has nothing */
	if (g_strcmp0 (lang, "vi") == 0 && text == msgid && vi != NULL)
		return vi;
	return text;
}

/* (transfer full): @str as valid UTF-8 with every control character shown as '?' */
gchar *
tg_cli_sanitize (const gchar *str)
{
	g_autofree gchar *valid = g_utf8_make_valid (str != NULL ? str : "", -1);
	GString *out = g_string_sized_new (strlen (valid));

	for (const gchar *p = valid; *p != '\0'; p = g_utf8_next_char (p)) {
		gunichar c = g_utf8_get_char (p);
		if (g_unichar_iscntrl (c))
			g_string_append_c (out, '?');
		else
			g_string_append_unichar (out, c);
	}
	return g_string_free (out, FALSE);
}

gsize
tg_cli_display_width (const gchar *str)
{
	gsize width = 0;

	g_return_val_if_fail (str != NULL, 0);
	if (!g_utf8_validate (str, -1, NULL))
		return strlen (str);
	for (const gchar *p = str; *p != '\0'; p = g_utf8_next_char (p)) {
		gunichar c = g_utf8_get_char (p);
		if (g_unichar_iszerowidth (c))
			continue;
		width += g_unichar_iswide (c) ? 2 : 1;
	}
	return width;
}

gchar *
tg_cli_format_date (const gchar *iso, const gchar *lang)
{
	GDate date;

	if (iso == NULL || iso[0] == '\0')
		return g_strdup ("-");
	if (g_strcmp0 (lang, "vi") == 0 && tg_date_parse_iso (iso, &date))
		return g_strdup_printf ("%02u/%02u/%04u", (guint) g_date_get_day (&date),
					(guint) g_date_get_month (&date),
					(guint) g_date_get_year (&date));
	return g_strdup (iso);
}

gchar *
tg_cli_format_time (const gchar *rfc3339, const gchar *lang)
{
	g_autoptr(GDateTime) dt = NULL;

	if (rfc3339 == NULL || rfc3339[0] == '\0')
		return g_strdup ("-");
	dt = g_date_time_new_from_iso8601 (rfc3339, NULL);
	if (dt == NULL)
		return g_strdup (rfc3339);
	return g_date_time_format (dt, g_strcmp0 (lang, "vi") == 0 ? "%d/%m/%Y %H:%M"
								   : "%Y-%m-%d %H:%M");
}

gchar *
tg_cli_format_table (GPtrArray *rows)
{
	g_autoptr(GArray) widths = g_array_new (FALSE, TRUE, sizeof (gsize));
	g_autoptr(GPtrArray) clean = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
	GString *out;
	guint n_cols;

	g_return_val_if_fail (rows != NULL && rows->len > 0, NULL);
	out = g_string_new (NULL);
	n_cols = g_strv_length (g_ptr_array_index (rows, 0));
	g_array_set_size (widths, n_cols);
	for (guint r = 0; r < rows->len; r++) {
		gchar **row = g_ptr_array_index (rows, r);
		gchar **cells = g_new0 (gchar *, n_cols + 1);
		gboolean short_row = FALSE;

		for (guint c = 0; c < n_cols; c++) {
			if (!short_row && row[c] == NULL)
				short_row = TRUE;
			cells[c] = tg_cli_sanitize (short_row ? "" : row[c]);
			g_array_index (widths, gsize, c) = MAX (g_array_index (widths, gsize, c),
								tg_cli_display_width (cells[c]));
		}
		g_ptr_array_add (clean, cells);
	}
	for (guint r = 0; r < clean->len; r++) {
		gchar **cells = g_ptr_array_index (clean, r);

		for (guint c = 0; c < n_cols; c++) {
			g_string_append (out, cells[c]);
			if (c + 1 == n_cols)
				break;
			for (gsize w = tg_cli_display_width (cells[c]);
			     w < g_array_index (widths, gsize, c) + 2; w++)
				g_string_append_c (out, ' ');
		}
		/* no blanks at the end of a line, even when the last cells are empty */
		while (out->len > 0 && out->str[out->len - 1] == ' ')
			g_string_truncate (out, out->len - 1);
		g_string_append_c (out, '\n');
	}
	return g_string_free (out, FALSE);
}

/* ---- JSON ---- */

/* (nullable) (transfer none): a string member, NULL when absent, null or not a string */
const gchar *
tg_cli_json_string (JsonObject *obj, const gchar *member)
{
	JsonNode *node = obj != NULL ? json_object_get_member (obj, member) : NULL;

	if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
	    json_node_get_value_type (node) != G_TYPE_STRING)
		return NULL;
	return json_node_get_string (node);
}

/* (nullable) (transfer none): an object member */
JsonObject *
tg_cli_json_object (JsonObject *obj, const gchar *member)
{
	JsonNode *node = obj != NULL ? json_object_get_member (obj, member) : NULL;

	if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
		return NULL;
	return json_node_get_object (node);
}

/* (nullable) (transfer none): an array member */
JsonArray *
tg_cli_json_array (JsonObject *obj, const gchar *member)
{
	JsonNode *node = obj != NULL ? json_object_get_member (obj, member) : NULL;

	if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
		return NULL;
	return json_node_get_array (node);
}

const gchar *
tg_cli_json_text (JsonObject *obj, const gchar *member)
{
	const gchar *value = tg_cli_json_string (obj, member);

	return value != NULL ? value : "-";
}

JsonObject *
tg_cli_json_array_object (JsonArray *array, guint index)
{
	JsonNode *el = json_array_get_element (array, index);

	return JSON_NODE_HOLDS_OBJECT (el) ? json_node_get_object (el) : NULL;
}

void
tg_cli_set_unexpected (GError **error)
{
	g_set_error_literal (error, TG_CLI_ERROR, TG_CLI_ERROR_FAILED,
			     _ ("the server's answer is not what thaogo expects"));
}

void
tg_cli_print_json (JsonNode *node)
{
	g_autoptr(JsonGenerator) gen = json_generator_new ();
	g_autofree gchar *text = NULL;
	gsize len = 0;

	json_generator_set_pretty (gen, TRUE);
	json_generator_set_indent (gen, 2);
	json_generator_set_root (gen, node);
	text = json_generator_to_data (gen, &len);
	fwrite (text, 1, len, stdout);
	fputc ('\n', stdout);
}

gboolean
tg_cli_print_json_asked (TgCli *cli, JsonNode *json)
{
	if (!cli->json)
		return FALSE;
	if (json != NULL)
		tg_cli_print_json (json);
	return TRUE;
}

GPtrArray *
tg_cli_table_new (const gchar *const *header)
{
	GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

	g_ptr_array_add (rows, g_strdupv ((gchar **) header));
	return rows;
}

void
tg_cli_print_table (GPtrArray *rows)
{
	g_autofree gchar *table = tg_cli_format_table (rows);

	g_print ("%s", table);
}

void
tg_cli_add_string (JsonBuilder *b, const gchar *name, const gchar *value)
{
	if (value == NULL)
		return;
	json_builder_set_member_name (b, name);
	json_builder_add_string_value (b, value);
}

gchar *
tg_cli_builder_to_body (JsonBuilder *b)
{
	g_autoptr(JsonNode) root = json_builder_get_root (b);

	return json_to_string (root, FALSE);
}

/* (transfer full): a scalar node as text, "-" for null */
gchar *
tg_cli_json_scalar_text (JsonNode *node)
{
	GType type;

	if (node == NULL || JSON_NODE_HOLDS_NULL (node))
		return g_strdup ("-");
	type = json_node_get_value_type (node);
	if (type == G_TYPE_STRING)
		return g_strdup (json_node_get_string (node));
	if (type == G_TYPE_BOOLEAN)
		return g_strdup (json_node_get_boolean (node) ? "true" : "false");
	if (type == G_TYPE_INT64)
		return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
	if (type == G_TYPE_DOUBLE) {
		gchar buf[G_ASCII_DTOSTR_BUF_SIZE];
		return g_strdup (g_ascii_dtostr (buf, sizeof buf, json_node_get_double (node)));
	}
	return g_strdup ("?");
}

void
tg_cli_print_pair (const gchar *key, const gchar *value)
{
	g_autofree gchar *k = tg_cli_sanitize (key);
	g_autofree gchar *v = tg_cli_sanitize (value);
	g_print ("%s: %s\n", k, v);
}

/* prints @node as "a.b.c: value" lines; a list of values goes on one line */
void
tg_cli_print_flat (const gchar *key, JsonNode *node)
{
	if (JSON_NODE_HOLDS_OBJECT (node)) {
		JsonObject *obj = json_node_get_object (node);
		g_autoptr(GList) members = json_object_get_members (obj);

		for (GList *l = members; l != NULL; l = l->next) {
			g_autofree gchar *sub = g_strconcat (key, ".", l->data, NULL);
			tg_cli_print_flat (sub, json_object_get_member (obj, l->data));
		}
	} else if (JSON_NODE_HOLDS_ARRAY (node)) {
		JsonArray *array = json_node_get_array (node);
		g_autoptr(GString) line = g_string_new (NULL);
		gboolean scalars = TRUE;

		for (guint i = 0; i < json_array_get_length (array); i++) {
			JsonNode *el = json_array_get_element (array, i);
			if (JSON_NODE_HOLDS_OBJECT (el) || JSON_NODE_HOLDS_ARRAY (el))
				scalars = FALSE;
		}
		for (guint i = 0; i < json_array_get_length (array); i++) {
			JsonNode *el = json_array_get_element (array, i);
			if (scalars) {
				g_autofree gchar *text = tg_cli_json_scalar_text (el);
				if (i > 0)
					g_string_append (line, ", ");
				g_string_append (line, text);
			} else {
				g_autofree gchar *sub = g_strdup_printf ("%s[%u]", key, i);
				tg_cli_print_flat (sub, el);
			}
		}
		if (scalars)
			tg_cli_print_pair (key, line->len > 0 ? line->str : "-");
	} else {
		g_autofree gchar *text = tg_cli_json_scalar_text (node);
		tg_cli_print_pair (key, text);
	}
}

/* ---- options and arguments ---- */

static gboolean
tg_cli_parse_options (const TgCliOption *options, gsize n_options, gchar **args,
		      gboolean stop_at_other, GPtrArray *rest, GError **error)
{
	gboolean only_rest = FALSE;

	for (guint i = 0; args[i] != NULL; i++) {
		const gchar *arg = args[i];
		const TgCliOption *opt = NULL;
		g_autofree gchar *name = NULL;
		const gchar *value = NULL;
		const gchar *eq;

		if (only_rest || arg[0] != '-' || arg[1] == '\0') {
			g_ptr_array_add (rest, (gpointer) arg);
			only_rest = only_rest || stop_at_other;
			continue;
		}
		if (strcmp (arg, "--") == 0) {
			only_rest = TRUE;
			continue;
		}
		if (strcmp (arg, "-h") == 0) {
			name = g_strdup ("help");
		} else if (arg[1] != '-') {
			g_set_error (error, TG_CLI_ERROR, TG_CLI_ERROR_USAGE,
				     _ ("unknown option %s"), arg);
			return FALSE;
		} else {
			eq = strchr (arg + 2, '=');
			name = eq != NULL ? g_strndup (arg + 2, (gsize) (eq - arg - 2))
					  : g_strdup (arg + 2);
			value = eq != NULL ? eq + 1 : NULL;
		}
		for (gsize k = 0; k < n_options; k++) {
			if (strcmp (options[k].name, name) == 0)
				opt = &options[k];
		}
		if (opt == NULL) {
			g_set_error (error, TG_CLI_ERROR, TG_CLI_ERROR_USAGE,
				     _ ("unknown option --%s"), name);
			return FALSE;
		}
		if (opt->has_value) {
			if (value == NULL && args[i + 1] == NULL) {
				g_set_error (error, TG_CLI_ERROR, TG_CLI_ERROR_USAGE,
					     _ ("option --%s needs a value"), name);
				return FALSE;
			}
			if (value == NULL)
				value = args[++i];
			*(const gchar **) opt->target = value;
		} else {
			if (value != NULL) {
				g_set_error (error, TG_CLI_ERROR, TG_CLI_ERROR_USAGE,
					     _ ("option --%s takes no value"), name);
				return FALSE;
			}
			*(gboolean *) opt->target = TRUE;
		}
	}
	return TRUE;
}

/* parses the options of a command: its own @options, and the global ones, which may
 * come after the command too */
gboolean
tg_cli_parse_command (TgCli *cli, const TgCliOption *options, gsize n_options, gchar **args,
		      GPtrArray *rest, GError **error)
{
	const TgCliOption globals[] = {
		{"url", TRUE, &cli->url},
		{"token", TRUE, &cli->token},
		{"state-dir", TRUE, &cli->state_dir},
		{"ca-file", TRUE, &cli->ca_file},
		{"json", FALSE, &cli->json},
	};
	g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (TgCliOption));

	if (n_options > 0)
		g_array_append_vals (all, options, (guint) n_options);
	g_array_append_vals (all, globals, G_N_ELEMENTS (globals));
	return tg_cli_parse_options ((const TgCliOption *) (gpointer) all->data, all->len, args,
				     FALSE, rest, error);
}

/* checks that @rest holds exactly the arguments named in @names (NULL-terminated) */
gboolean
tg_cli_expect_args (GPtrArray *rest, const gchar *const *names, GError **error)
{
	guint n = names != NULL ? g_strv_length ((gchar **) names) : 0;

	if (rest->len < n) {
		g_set_error (error, TG_CLI_ERROR, TG_CLI_ERROR_USAGE, _ ("missing argument %s"),
			     names[rest->len]);
		return FALSE;
	}
	if (rest->len > n) {
		g_set_error (error, TG_CLI_ERROR, TG_CLI_ERROR_USAGE,
			     _ ("unexpected argument '%s'"),
			     (const gchar *) g_ptr_array_index (rest, n));
		return FALSE;
	}
	return TRUE;
}

gboolean
tg_cli_parse_args (TgCli *cli, const TgCliOption *options, gsize n_options, gchar **args,
		   const gchar *const *names, GPtrArray *rest, GError **error)
{
	return tg_cli_parse_command (cli, options, n_options, args, rest, error) &&
	       tg_cli_expect_args (rest, names, error);
}

const gchar *
tg_cli_parse_one_arg (TgCli *cli, const TgCliOption *options, gsize n_options, gchar **args,
		      const gchar *name, GPtrArray *rest, GError **error)
{
	const gchar *const names[] = {name, NULL};

	if (!tg_cli_parse_args (cli, options, n_options, args, names, rest, error))
		return NULL;
	return g_ptr_array_index (rest, 0);
}

gboolean
tg_cli_require_option (const gchar *value, const gchar *message, GError **error)
{
	if (value != NULL)
		return TRUE;
	g_set_error_literal (error, TG_CLI_ERROR, TG_CLI_ERROR_USAGE, message);
	return FALSE;
}

gboolean
tg_cli_is_hex_id (const gchar *id)
{
	return strlen (id) == 32 && strspn (id, "0123456789abcdefABCDEF") == 32;
}

gboolean
tg_cli_check_code (const gchar *what, const gchar *code, GError **error)
{
	if (code == NULL || tg_unit_code_is_valid (code))
		return TRUE;
	g_set_error (error, TG_CLI_ERROR, TG_CLI_ERROR_USAGE,
		     _ ("%s: '%s' is not a statistics code (1 to 10 digits)"), what, code);
	return FALSE;
}

gboolean
tg_cli_check_date (const gchar *what, const gchar *date, GError **error)
{
	if (date == NULL || tg_date_is_valid_iso (date))
		return TRUE;
	g_set_error (error, TG_CLI_ERROR, TG_CLI_ERROR_USAGE,
		     _ ("%s: '%s' is not a date written YYYY-MM-DD"), what, date);
	return FALSE;
}

static void
tg_cli_print_usage (FILE *out)
{
	/* TRANSLATORS: the words in capitals are placeholders; the commands and options
	 * stay as they are */
	const gchar *usage = _ (
		"Usage: thaogo [--url URL] [--token TOKEN] [--state-dir DIR] [--json] COMMAND "
		"[ARGUMENT...]\n"
		"\n"
		"Commands:\n"
		"  units list [--parent CODE] [--level province|district|commune]\n"
		"             [--date YYYY-MM-DD] [--all]\n"
		"  units show CODE [--date YYYY-MM-DD]\n"
		"  units import FILE.tsv\n"
		"  token create --role admin|secretary|staff [--unit CODE] [--name NAME]\n"
		"               [--email EMAIL]\n"
		"  token list\n"
		"  token revoke ID\n"
		"  token login-link [ID]\n"
		"  lunar [YYYY-MM-DD]\n"
		"  holidays list [--year YYYY]\n"
		"  holidays set YYYY-MM-DD --day-off|--working-day [--name NAME]\n"
		"  holidays unset YYYY-MM-DD\n"
		"  series show CODE\n"
		"  series set CODE [--meeting-start HH:MM] [--meeting-end HH:MM]\n"
		"             [--mode in_person|online|hybrid] [--venue TEXT] [--online-url URL]\n"
		"             [--reception-start HH:MM] [--reception-end HH:MM]\n"
		"             [--reception-venue TEXT] [--slot-minutes N] [--desks N]\n"
		"             [--opens-days-before N] [--closes-hours-before N]\n"
		"             [--holiday-policy next_working_day|skip|manual]\n"
		"             [--participants-file FILE.tsv]\n"
		"  occurrences list CODE [--from YYYY-MM-DD] [--to YYYY-MM-DD]\n"
		"  occurrences show ID\n"
		"  occurrences cancel ID --reason TEXT\n"
		"  occurrences move ID --date YYYY-MM-DD [--meeting-start HH:MM]\n"
		"                   [--reception-start HH:MM] --reason TEXT\n"
		"  bookings list OCCURRENCE_ID\n"
		"  bookings show ID --occurrence OCCURRENCE_ID\n"
		"  bookings assign ID --to TOKEN_ID\n"
		"  bookings outcome ID [--status attended|no_show]\n"
		"                   [--outcome resolved|guided|transferred|rejected|pending]\n"
		"                   [--cause missing_documents|coordination|it_system|workload|\n"
		"                            legal_land|citizen_side|other] [--note TEXT]\n"
		"  report --unit CODE --from YYYY-MM-DD --to YYYY-MM-DD [--csv]\n"
		"  dossiers import FILE --unit CODE [--as-of YYYY-MM-DD] [--skip-bad]\n"
		"  dossiers list --unit CODE [--as-of YYYY-MM-DD]\n"
		"  dossiers set DOSSIER_CODE --unit CODE [--cause CAUSE] [--agency TEXT]\n"
		"                   [--deadline YYYY-MM-DD] [--note TEXT]\n"
		"  review --unit CODE [--as-of YYYY-MM-DD] [--csv FILE|--xlsx FILE]\n"
		"  feed url\n"
		"  feed rotate\n"
		"  outbox list [--status queued|sending|sent|failed|dead|superseded]\n"
		"  outbox retry ID\n"
		"  backup FILE      (administrator) a consistent copy of the database\n"
		"\n"
		"Options:\n"
		"  --url URL        base URL of thaogod (default: $THAOGO_URL, else\n"
		"                   http://127.0.0.1:8080)\n"
		"  --token TOKEN    access token (default: $THAOGO_TOKEN, else the\n"
		"                   administrator token of --state-dir)\n"
		"  --state-dir DIR  the daemon's state directory: read DIR/admin-token\n"
		"  --ca-file FILE   trust the CAs of FILE (PEM) for https:// instead of the\n"
		"                   system's (default: $THAOGO_CA_FILE)\n"
		"  --json           print the server's JSON instead of a table\n"
		"  --help           print this help and exit\n"
		"  --version        print the version and exit\n"
		"\n"
		"See thaogo(1).\n");
	fputs (usage, out);
}

/* ---- talking to the server ---- */

/* (nullable): the CA file of https://, --ca-file, else $THAOGO_CA_FILE */
static const gchar *
tg_cli_get_ca_file (TgCli *cli)
{
	const gchar *from_env = g_getenv ("THAOGO_CA_FILE");

	if (cli->ca_file != NULL)
		return cli->ca_file;
	if (from_env != NULL && from_env[0] != '\0')
		return from_env;
	return NULL;
}

TgClient *
tg_cli_get_client (TgCli *cli, GError **error)
{
	const gchar *url = cli->url;
	const gchar *from_env = g_getenv ("THAOGO_URL");
	g_autoptr(GError) error_local = NULL;

	if (cli->client != NULL)
		return cli->client;
	if (url == NULL && from_env != NULL && from_env[0] != '\0') {
		cli->client = tg_client_new (from_env, &error_local);
		if (cli->client == NULL) {
			g_set_error (error, TG_CLI_ERROR, TG_CLI_ERROR_INPUT, "THAOGO_URL: %s",
				     error_local->message);
			return NULL;
		}
	} else {
		cli->client = tg_client_new (url != NULL ? url : TG_CLI_DEFAULT_URL, &error_local);
		if (cli->client == NULL) {
			g_set_error (error, TG_CLI_ERROR, TG_CLI_ERROR_USAGE, "--url: %s",
				     error_local->message);
			return NULL;
		}
	}
	tg_client_set_language (cli->client, cli->lang);
	tg_client_set_ca_file (cli->client, tg_cli_get_ca_file (cli));
	return cli->client;
}

/* the token: --token, else $THAOGO_TOKEN, else DIR/admin-token of --state-dir; none is
 * not an error (the server says it) */
static gboolean
tg_cli_resolve_token (TgCli *cli, GError **error)
{
	const gchar *from_env = g_getenv ("THAOGO_TOKEN");

	if (cli->resolved)
		return TRUE;
	if (cli->token != NULL) {
		cli->secret = g_strdup (cli->token);
	} else if (from_env != NULL && from_env[0] != '\0') {
		cli->secret = g_strdup (from_env);
	} else if (cli->state_dir != NULL) {
		g_autofree gchar *path = g_build_filename (cli->state_dir, "admin-token", NULL);
		g_autofree gchar *text = NULL;

		if (!g_file_get_contents (path, &text, NULL, error)) {
			g_prefix_error (error, _ ("cannot read the administrator token: "));
			return FALSE;
		}
		g_strstrip (text);
		if (text[0] == '\0') {
			g_set_error (error, TG_CLI_ERROR, TG_CLI_ERROR_INPUT, _ ("%s is empty"),
				     path);
			return FALSE;
		}
		cli->secret = g_steal_pointer (&text);
	}
	cli->resolved = TRUE;
	return TRUE;
}

/* turns an error answer into a TG_CLI_ERROR_SERVER: "MESSAGE (field FIELD)"; @field (out)
 * (optional) the field */
static void
tg_cli_set_server_error (TgCli *cli, TgClientResponse *resp, gchar **field_out, GError **error)
{
	g_autoptr(JsonParser) parser = json_parser_new ();
	gsize len = 0;
	const gchar *data = g_bytes_get_data (resp->body, &len);
	JsonObject *err = NULL;
	const gchar *message = NULL, *field = NULL;
	g_autofree gchar *text = NULL;
	g_autofree gchar *clean = NULL;

	if (len > 0 && json_parser_load_from_data (parser, data, (gssize) len, NULL) &&
	    json_parser_get_root (parser) != NULL &&
	    JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser))) {
		err = tg_cli_json_object (json_node_get_object (json_parser_get_root (parser)),
					  "error");
		message = tg_cli_json_string (err, "message");
		field = tg_cli_json_string (err, "field");
	}
	if (message != NULL && field != NULL)
		/* TRANSLATORS: an error of the server, then the field it is about */
		text = g_strdup_printf (_ ("%s (field %s)"), message, field);
	else if (message != NULL)
		text = g_strdup (message);
	else
		/* HTTP/2 has no reason phrase: no space after the status then */
		text = g_strchomp (g_strdup_printf (_ ("the server answered %u %s"), resp->status,
						    resp->reason));
	/* the sessions a change is refused for (a series change that would move bookings) */
	if (err != NULL && json_object_has_member (err, "sessions") &&
	    JSON_NODE_HOLDS_ARRAY (json_object_get_member (err, "sessions"))) {
		JsonArray *sessions = json_object_get_array_member (err, "sessions");
		g_autoptr(GString) list = g_string_new (NULL);
		g_autofree gchar *with = NULL;
		for (guint i = 0; i < json_array_get_length (sessions); i++) {
			JsonNode *n = json_array_get_element (sessions, i);
			if (JSON_NODE_HOLDS_VALUE (n) &&
			    json_node_get_value_type (n) == G_TYPE_STRING)
				g_string_append_printf (list, "%s%s", list->len > 0 ? ", " : "",
							json_node_get_string (n));
		}
		/* TRANSLATORS: an error of the server, then the sessions it is about */
		with = g_strdup_printf (_ ("%s; sessions: %s"), text, list->str);
		g_free (text);
		text = g_steal_pointer (&with);
	}
	if (resp->status == 401 && cli->secret == NULL) {
		g_autofree gchar *hint = g_strconcat (
			text, " ", _ ("(no token given: use --token, THAOGO_TOKEN or --state-dir)"),
			NULL);
		g_free (text);
		text = g_steal_pointer (&hint);
	}
	if (field_out != NULL)
		*field_out = g_strdup (field);
	clean = tg_cli_sanitize (text);
	g_set_error_literal (error, TG_CLI_ERROR, TG_CLI_ERROR_SERVER, clean);
}

/* Sends a request; returns (transfer full) its answer when the server says yes (status
 * below 300), else NULL with an error. @auth: send the token. @field (out) (optional): the
 * field of an error answer */
TgClientResponse *
tg_cli_request (TgCli *cli, const gchar *method, const gchar *path, const gchar *body,
		gboolean auth, gchar **field, GError **error)
{
	TgClient *client = tg_cli_get_client (cli, error);
	g_autoptr(TgClientResponse) resp = NULL;
	g_autoptr(GError) error_local = NULL;

	if (client == NULL)
		return NULL;
	if (auth) {
		if (!tg_cli_resolve_token (cli, error))
			return NULL;
		tg_client_set_token (client, cli->secret);
	}
	resp = tg_client_request (client, method, path, body, NULL, &error_local);
	if (resp == NULL) {
		/* a certificate of a private CA is the usual case */
		if (g_error_matches (error_local, TG_CLIENT_ERROR, TG_CLIENT_ERROR_UNTRUSTED) &&
		    tg_cli_get_ca_file (cli) == NULL) {
			g_set_error (
				error, TG_CLIENT_ERROR, TG_CLIENT_ERROR_UNTRUSTED, "%s %s",
				error_local->message,
				_ ("(if a private CA signed it, give that CA with --ca-file or "
				   "THAOGO_CA_FILE)"));
			return NULL;
		}
		g_propagate_error (error, g_steal_pointer (&error_local));
		return NULL;
	}
	if (resp->status >= 300) {
		tg_cli_set_server_error (cli, resp, field, error);
		if (cli->keep_refused) {
			tg_client_response_free (cli->refused);
			cli->refused = g_steal_pointer (&resp);
		}
		return NULL;
	}
	return g_steal_pointer (&resp);
}

/* Sends a request and checks the answer. @auth: send the token. @json (out) (nullable):
 * the answer's JSON, NULL when it has no body. @field (out) (optional): the field of an
 * error answer */
gboolean
tg_cli_call (TgCli *cli, const gchar *method, const gchar *path, const gchar *body, gboolean auth,
	     JsonNode **json, gchar **field, GError **error)
{
	g_autoptr(TgClientResponse) resp = NULL;
	g_autoptr(JsonParser) parser = NULL;
	g_autoptr(GError) error_local = NULL;
	gsize len = 0;
	const gchar *data;

	*json = NULL;
	resp = tg_cli_request (cli, method, path, body, auth, field, error);
	if (resp == NULL)
		return FALSE;
	data = g_bytes_get_data (resp->body, &len);
	if (len == 0)
		return TRUE;
	parser = json_parser_new ();
	if (!json_parser_load_from_data (parser, data, (gssize) len, &error_local) ||
	    json_parser_get_root (parser) == NULL) {
		g_set_error (error, TG_CLI_ERROR, TG_CLI_ERROR_FAILED,
			     _ ("the server's answer is not JSON: %s"),
			     error_local != NULL ? error_local->message : "");
		return FALSE;
	}
	*json = json_node_copy (json_parser_get_root (parser));
	return TRUE;
}

/* the answer's root object, or an error */
JsonObject *
tg_cli_root_object (JsonNode *json, GError **error)
{
	if (json == NULL || !JSON_NODE_HOLDS_OBJECT (json)) {
		tg_cli_set_unexpected (error);
		return NULL;
	}
	return json_node_get_object (json);
}

TgCliAnswer
tg_cli_fetch (TgCli *cli, const gchar *method, const gchar *path, const gchar *body, gboolean auth,
	      JsonNode **json, GError **error)
{
	if (!tg_cli_call (cli, method, path, body, auth, json, NULL, error))
		return TG_CLI_ANSWER_FAILED;
	if (cli->json && *json != NULL) {
		tg_cli_print_json (*json);
		return TG_CLI_ANSWER_PRINTED;
	}
	return TG_CLI_ANSWER_READY;
}

TgCliAnswer
tg_cli_fetch_array (TgCli *cli, const gchar *path, gboolean auth, const gchar *member,
		    const gchar *empty, JsonNode **json, JsonArray **array, GError **error)
{
	TgCliAnswer answer = tg_cli_fetch (cli, "GET", path, NULL, auth, json, error);

	if (answer != TG_CLI_ANSWER_READY)
		return answer;
	*array = tg_cli_answer_array (*json, member, error);
	if (*array == NULL)
		return TG_CLI_ANSWER_FAILED;
	if (empty != NULL && json_array_get_length (*array) == 0) {
		g_printerr ("%s\n", empty);
		return TG_CLI_ANSWER_PRINTED;
	}
	return TG_CLI_ANSWER_READY;
}

JsonObject *
tg_cli_answer_object (JsonNode *json, const gchar *member, GError **error)
{
	JsonObject *obj = tg_cli_json_object (tg_cli_root_object (json, NULL), member);

	if (obj == NULL)
		tg_cli_set_unexpected (error);
	return obj;
}

JsonArray *
tg_cli_answer_array (JsonNode *json, const gchar *member, GError **error)
{
	JsonArray *array = tg_cli_json_array (tg_cli_root_object (json, NULL), member);

	if (array == NULL)
		tg_cli_set_unexpected (error);
	return array;
}

void
tg_cli_query_add (GString *path, const gchar *name, const gchar *value)
{
	g_autofree gchar *escaped = NULL;

	if (value == NULL)
		return;
	escaped = g_uri_escape_string (value, NULL, FALSE);
	g_string_append_printf (path, "%c%s=%s", strchr (path->str, '?') != NULL ? '&' : '?', name,
				escaped);
}

/* ---- units ---- */

static const gchar *
tg_cli_level_label (const gchar *level)
{
	/* TRANSLATORS: levels of administrative units, in a table */
	static const gchar *const labels[][2] = {{"province", N_ ("province")},
						 {"district", N_ ("district")},
						 {"commune", N_ ("commune")}};

	for (guint i = 0; i < G_N_ELEMENTS (labels); i++) {
		if (g_strcmp0 (level, labels[i][0]) == 0)
			return _ (labels[i][1]);
	}
	return level != NULL ? level : "-";
}

static gboolean
tg_cli_units_list (TgCli *cli, gchar **args, GError **error)
{
	const gchar *parent = NULL, *level = NULL, *date = NULL;
	gboolean all = FALSE;
	const TgCliOption options[] = {
		{"parent", TRUE, &parent},
		{"level", TRUE, &level},
		{"date", TRUE, &date},
		{"all", FALSE, &all},
	};
	g_autoptr(GPtrArray) rest = g_ptr_array_new ();
	g_autoptr(GString) path = g_string_new ("/api/v1/units");
	g_autoptr(JsonNode) json = NULL;
	g_autoptr(GPtrArray) rows = NULL;
	TgCliAnswer answer;
	JsonArray *units = NULL;

	if (!tg_cli_parse_args (cli, options, G_N_ELEMENTS (options), args, NULL, rest, error) ||
	    !tg_cli_check_code ("--parent", parent, error) ||
	    !tg_cli_check_date ("--date", date, error))
		return FALSE;
	if (level != NULL && tg_unit_level_from_string (level) == TG_UNIT_LEVEL_UNKNOWN) {
		g_set_error (error, TG_CLI_ERROR, TG_CLI_ERROR_USAGE,
			     _ ("--level: must be province, district or commune"));
		return FALSE;
	}
	if (all && date != NULL) {
		g_set_error_literal (error, TG_CLI_ERROR, TG_CLI_ERROR_USAGE,
				     _ ("--all and --date do not go together"));
		return FALSE;
	}
	tg_cli_query_add (path, "parent", parent);
	tg_cli_query_add (path, "level", level);
	tg_cli_query_add (path, "date", date);
	tg_cli_query_add (path, "all", all ? "true" : NULL);
	answer = tg_cli_fetch_array (cli, path->str, FALSE, "units", _ ("no units"), &json, &units,
				     error);
	if (answer != TG_CLI_ANSWER_READY)
		return answer == TG_CLI_ANSWER_PRINTED;
	/* TRANSLATORS: the headers of the table of units */
	rows = tg_cli_table_new ((const gchar *[]){_ ("CODE"), _ ("LEVEL"), _ ("NAME"),
						   _ ("PARENT"), _ ("VALID FROM"), _ ("VALID TO"),
						   NULL});
	for (guint i = 0; i < json_array_get_length (units); i++) {
		JsonObject *unit = tg_cli_json_array_object (units, i);
		gchar **row = g_new0 (gchar *, 7);

		row[0] = g_strdup (tg_cli_json_text (unit, "code"));
		row[1] = g_strdup (tg_cli_level_label (tg_cli_json_string (unit, "level")));
		row[2] = g_strdup (tg_cli_json_text (unit, "name"));
		row[3] = g_strdup (tg_cli_json_text (unit, "parent"));
		row[4] = tg_cli_format_date (tg_cli_json_string (unit, "valid_from"), cli->lang);
		row[5] = tg_cli_format_date (tg_cli_json_string (unit, "valid_to"), cli->lang);
		g_ptr_array_add (rows, row);
	}
	tg_cli_print_table (rows);
	return TRUE;
}

static gboolean
tg_cli_units_show (TgCli *cli, gchar **args, GError **error)
{
	const gchar *date = NULL;
	const TgCliOption options[] = {
		{"date", TRUE, &date},
	};
	g_autoptr(GPtrArray) rest = g_ptr_array_new ();
	g_autoptr(GString) path = g_string_new ("/api/v1/units/");
	g_autoptr(JsonNode) json = NULL;
	TgCliAnswer answer;
	JsonObject *unit;
	JsonArray *preds;
	const gchar *code;
	/* the members shown with a label, in this order; the others follow as they are */
	static const gchar *const known[] = {"code",     "name",         "type",
					     "level",    "parent",       "valid_from",
					     "valid_to", "predecessors", NULL};

	code = tg_cli_parse_one_arg (cli, options, G_N_ELEMENTS (options), args, "CODE", rest,
				     error);
	if (code == NULL || !tg_cli_check_code ("CODE", code, error) ||
	    !tg_cli_check_date ("--date", date, error))
		return FALSE;
	g_string_append (path, code);
	tg_cli_query_add (path, "date", date);
	answer = tg_cli_fetch (cli, "GET", path->str, NULL, FALSE, &json, error);
	if (answer != TG_CLI_ANSWER_READY)
		return answer == TG_CLI_ANSWER_PRINTED;
	unit = tg_cli_answer_object (json, "unit", error);
	if (unit == NULL)
		return FALSE;
	{
		g_autofree gchar *from =
			tg_cli_format_date (tg_cli_json_string (unit, "valid_from"), cli->lang);
		g_autofree gchar *to =
			tg_cli_format_date (tg_cli_json_string (unit, "valid_to"), cli->lang);
		g_autoptr(GString) list = g_string_new (NULL);

		/* TRANSLATORS: labels of "units show", each followed by ": value" */
		tg_cli_print_pair (_ ("code"), tg_cli_json_text (unit, "code"));
		tg_cli_print_pair (_ ("name"), tg_cli_json_text (unit, "name"));
		tg_cli_print_pair (_ ("type"), tg_cli_json_text (unit, "type"));
		tg_cli_print_pair (_ ("level"),
				   tg_cli_level_label (tg_cli_json_string (unit, "level")));
		tg_cli_print_pair (_ ("parent"), tg_cli_json_text (unit, "parent"));
		tg_cli_print_pair (_ ("valid from"), from);
		tg_cli_print_pair (_ ("valid to"), to);
		preds = tg_cli_json_array (unit, "predecessors");
		for (guint i = 0; preds != NULL && i < json_array_get_length (preds); i++) {
			g_autofree gchar *text =
				tg_cli_json_scalar_text (json_array_get_element (preds, i));
			if (i > 0)
				g_string_append (list, ", ");
			g_string_append (list, text);
		}
		tg_cli_print_pair (_ ("predecessors"), list->len > 0 ? list->str : "-");
	}
	tg_cli_print_others (NULL, unit, known);
	return TRUE;
}

/* (transfer full): @unit as the JSON object of the import request */
static gchar *
tg_cli_unit_to_json (const TgUnit *unit)
{
	g_autoptr(JsonBuilder) b = json_builder_new ();

	json_builder_begin_object (b);
	json_builder_set_member_name (b, "code");
	json_builder_add_string_value (b, unit->code);
	json_builder_set_member_name (b, "name");
	json_builder_add_string_value (b, unit->name);
	json_builder_set_member_name (b, "type");
	json_builder_add_string_value (b, unit->type);
	json_builder_set_member_name (b, "level");
	json_builder_add_string_value (b, tg_unit_level_to_string (unit->level));
	tg_cli_add_string (b, "parent", unit->parent);
	tg_cli_add_string (b, "valid_from", unit->valid_from);
	tg_cli_add_string (b, "valid_to", unit->valid_to);
	if (unit->predecessors->len > 0) {
		json_builder_set_member_name (b, "predecessors");
		json_builder_begin_array (b);
		for (guint i = 0; i < unit->predecessors->len; i++) {
			json_builder_add_string_value (b,
						       g_ptr_array_index (unit->predecessors, i));
		}
		json_builder_end_array (b);
	}
	json_builder_end_object (b);
	return tg_cli_builder_to_body (b);
}

GPtrArray *
tg_cli_split_import (GPtrArray *units, guint max_units, gsize max_bytes, GArray **counts)
{
	static const gchar head[] = "{\"units\":[";
	static const gchar tail[] = "]}";
	g_autoptr(GPtrArray) bodies = g_ptr_array_new_with_free_func (g_free);
	g_autoptr(GArray) n = g_array_new (FALSE, FALSE, sizeof (guint));
	GString *body = NULL;
	guint in_body = 0;

	g_return_val_if_fail (units != NULL && max_units > 0, NULL);
	for (guint i = 0; i <= units->len; i++) {
		g_autofree gchar *json = NULL;
		gsize len = 0;

		if (i < units->len) {
			json = tg_cli_unit_to_json (g_ptr_array_index (units, i));
			len = strlen (json);
		}
		/* send what is there when the list ends, or when this unit would not fit */
		if (body != NULL && (i == units->len || in_body == max_units ||
				     body->len + 1 + len + strlen (tail) > max_bytes)) {
			g_string_append (body, tail);
			g_ptr_array_add (bodies, g_string_free (body, FALSE));
			g_array_append_val (n, in_body);
			body = NULL;
			in_body = 0;
		}
		if (json == NULL)
			continue;
		if (body == NULL)
			body = g_string_new (head);
		else
			g_string_append_c (body, ',');
		g_string_append (body, json);
		in_body++;
	}
	if (counts != NULL)
		*counts = g_steal_pointer (&n);
	return g_steal_pointer (&bodies);
}

/* "units[12].parent" → 12 */
static gboolean
tg_cli_field_unit_index (const gchar *field, guint *index)
{
	guint64 value = 0;
	gchar *end = NULL;

	if (field == NULL || !g_str_has_prefix (field, "units[") || !g_ascii_isdigit (field[6]))
		return FALSE;
	value = g_ascii_strtoull (field + 6, &end, 10);
	if (end == NULL || *end != ']' || value > G_MAXUINT)
		return FALSE;
	*index = (guint) value;
	return TRUE;
}

static gboolean
tg_cli_units_import (TgCli *cli, gchar **args, GError **error)
{
	g_autoptr(GPtrArray) rest = g_ptr_array_new ();
	g_autoptr(GPtrArray) units = NULL;
	g_autoptr(GPtrArray) bodies = NULL;
	g_autoptr(GArray) counts = NULL;
	g_autofree gchar *text = NULL;
	const gchar *file;
	gboolean tty = isatty (STDERR_FILENO);
	gsize len = 0;
	guint done = 0;

	file = tg_cli_parse_one_arg (cli, NULL, 0, args, "FILE", rest, error);
	if (file == NULL || !g_file_get_contents (file, &text, &len, error))
		return FALSE;
	units = tg_unit_parse_tsv (text, len, error);
	if (units == NULL) {
		g_prefix_error (error, "%s: ", file);
		return FALSE;
	}
	bodies = tg_cli_split_import (units, TG_CLI_IMPORT_BATCH, TG_CLI_IMPORT_BODY_MAX, &counts);
	for (guint b = 0; b < bodies->len; b++) {
		g_autoptr(JsonNode) json = NULL;
		g_autofree gchar *field = NULL;
		g_autofree gchar *progress = NULL;
		guint count = g_array_index (counts, guint, b);
		guint index;

		if (!tg_cli_call (cli, "POST", "/api/v1/units/import",
				  g_ptr_array_index (bodies, b), TRUE, &json, &field, error)) {
			if (tty && done > 0)
				g_printerr ("\n");
			if (tg_cli_field_unit_index (field, &index) && index < count) {
				const TgUnit *unit = g_ptr_array_index (units, done + index);
				g_prefix_error (error, _ ("unit %s, number %u in the file: "),
						unit->code, done + index + 1);
			}
			if (done > 0) {
				g_printerr (g_dngettext (GETTEXT_PACKAGE,
							 "%u unit was imported before the error\n",
							 "%u units were imported before the "
							 "error\n",
							 done),
					    done);
			}
			return FALSE;
		}
		done += count;
		progress = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "imported %u/%u unit",
							 "imported %u/%u units", units->len),
					    done, units->len);
		if (tty)
			g_printerr ("\r%s", progress);
		else
			g_printerr ("%s\n", progress);
	}
	if (tty && done > 0)
		g_printerr ("\n");
	if (cli->json) {
		g_autoptr(JsonBuilder) builder = json_builder_new ();
		g_autoptr(JsonNode) root = NULL;

		json_builder_begin_object (builder);
		json_builder_set_member_name (builder, "imported");
		json_builder_add_int_value (builder, done);
		json_builder_end_object (builder);
		root = json_builder_get_root (builder);
		tg_cli_print_json (root);
		return TRUE;
	}
	g_print (g_dngettext (GETTEXT_PACKAGE, "imported %u unit\n", "imported %u units\n", done),
		 done);
	return TRUE;
}

/* ---- tokens ---- */

static gboolean
tg_cli_token_create (TgCli *cli, gchar **args, GError **error)
{
	const gchar *role = NULL, *unit = NULL, *name = NULL, *email = NULL;
	const TgCliOption options[] = {
		{"role", TRUE, &role},
		{"unit", TRUE, &unit},
		{"name", TRUE, &name},
		{"email", TRUE, &email},
	};
	g_autoptr(GPtrArray) rest = g_ptr_array_new ();
	g_autoptr(JsonBuilder) b = json_builder_new ();
	g_autoptr(JsonNode) json = NULL;
	g_autofree gchar *body = NULL;
	JsonObject *obj;
	const gchar *id, *secret;

	if (!tg_cli_parse_args (cli, options, G_N_ELEMENTS (options), args, NULL, rest, error) ||
	    !tg_cli_require_option (role, _ ("missing option --role admin|secretary|staff"), error))
		return FALSE;
	if (g_strcmp0 (role, "admin") != 0 && g_strcmp0 (role, "secretary") != 0 &&
	    g_strcmp0 (role, "staff") != 0) {
		g_set_error_literal (error, TG_CLI_ERROR, TG_CLI_ERROR_USAGE,
				     _ ("--role: must be admin, secretary or staff"));
		return FALSE;
	}
	if (!tg_cli_check_code ("--unit", unit, error))
		return FALSE;

	json_builder_begin_object (b);
	tg_cli_add_string (b, "role", role);
	tg_cli_add_string (b, "unit", unit);
	tg_cli_add_string (b, "name", name);
	tg_cli_add_string (b, "email", email);
	json_builder_end_object (b);
	body = tg_cli_builder_to_body (b);
	if (!tg_cli_call (cli, "POST", "/api/v1/tokens", body, TRUE, &json, NULL, error))
		return FALSE;
	obj = tg_cli_root_object (json, error);
	if (obj == NULL)
		return FALSE;
	id = tg_cli_json_string (obj, "id");
	secret = tg_cli_json_string (obj, "token");
	if (id == NULL || secret == NULL) {
		tg_cli_set_unexpected (error);
		return FALSE;
	}
	if (!tg_cli_print_json_asked (cli, json)) {
		/* TRANSLATORS: "id: ..." and "token: ..." of a new token */
		tg_cli_print_pair (_ ("id"), id);
		tg_cli_print_pair (_ ("token"), secret);
	}
	g_printerr ("%s\n", _ ("The token is shown this once only (the server keeps only a hash of "
			       "it): give it to its holder now."));
	return TRUE;
}

static gboolean
tg_cli_token_list (TgCli *cli, gchar **args, GError **error)
{
	g_autoptr(GPtrArray) rest = g_ptr_array_new ();
	g_autoptr(JsonNode) json = NULL;
	g_autoptr(GPtrArray) rows = NULL;
	TgCliAnswer answer;
	JsonArray *tokens = NULL;

	if (!tg_cli_parse_args (cli, NULL, 0, args, NULL, rest, error))
		return FALSE;
	answer = tg_cli_fetch_array (cli, "/api/v1/tokens", TRUE, "tokens", NULL, &json, &tokens,
				     error);
	if (answer != TG_CLI_ANSWER_READY)
		return answer == TG_CLI_ANSWER_PRINTED;
	/* TRANSLATORS: the headers of the table of tokens */
	rows = tg_cli_table_new ((const gchar *[]){_ ("ID"), _ ("ROLE"), _ ("UNIT"), _ ("NAME"),
						   _ ("EMAIL"), _ ("CREATED"), _ ("REVOKED"),
						   NULL});
	for (guint i = 0; i < json_array_get_length (tokens); i++) {
		JsonObject *token = tg_cli_json_array_object (tokens, i);
		static const gchar *const members[] = {"id", "role", "unit", "name", "email"};
		gchar **row = g_new0 (gchar *, 8);

		for (guint m = 0; m < G_N_ELEMENTS (members); m++)
			row[m] = g_strdup (tg_cli_json_text (token, members[m]));
		row[5] = tg_cli_format_time (tg_cli_json_string (token, "created_at"), cli->lang);
		row[6] = tg_cli_format_time (tg_cli_json_string (token, "revoked_at"), cli->lang);
		g_ptr_array_add (rows, row);
	}
	tg_cli_print_table (rows);
	return TRUE;
}

static gboolean
tg_cli_token_revoke (TgCli *cli, gchar **args, GError **error)
{
	g_autoptr(GPtrArray) rest = g_ptr_array_new ();
	g_autoptr(JsonNode) json = NULL;
	g_autofree gchar *path = NULL;
	const gchar *id;

	id = tg_cli_parse_one_arg (cli, NULL, 0, args, "ID", rest, error);
	if (id == NULL)
		return FALSE;
	if (!tg_cli_is_hex_id (id)) {
		g_set_error (error, TG_CLI_ERROR, TG_CLI_ERROR_USAGE,
			     _ ("ID: '%s' is not a token id (32 hexadecimal digits)"), id);
		return FALSE;
	}
	path = g_strconcat ("/api/v1/tokens/", id, NULL);
	if (!tg_cli_call (cli, "DELETE", path, NULL, TRUE, &json, NULL, error))
		return FALSE;
	if (tg_cli_print_json_asked (cli, json))
		return TRUE;
	g_print (_ ("token %s revoked\n"), id);
	return TRUE;
}

/* POST /api/v1/login-links: a link that signs its holder in to the web pages once, for a
 * short time; for the caller's own token, or (admin) for the token ID */
static gboolean
tg_cli_token_login_link (TgCli *cli, gchar **args, GError **error)
{
	g_autoptr(GPtrArray) rest = g_ptr_array_new ();
	g_autoptr(JsonBuilder) b = json_builder_new ();
	g_autoptr(JsonNode) json = NULL;
	g_autofree gchar *body = NULL;
	g_autofree gchar *shown = NULL;
	g_autofree gchar *until = NULL;
	JsonObject *obj;
	const gchar *id = NULL, *url;

	if (!tg_cli_parse_command (cli, NULL, 0, args, rest, error))
		return FALSE;
	if (rest->len > 1) {
		g_set_error_literal (error, TG_CLI_ERROR, TG_CLI_ERROR_USAGE,
				     _ ("token login-link takes at most one token ID"));
		return FALSE;
	}
	if (rest->len == 1) {
		id = g_ptr_array_index (rest, 0);
		if (!tg_cli_is_hex_id (id)) {
			g_set_error (error, TG_CLI_ERROR, TG_CLI_ERROR_USAGE,
				     _ ("ID: '%s' is not a token id (32 hexadecimal digits)"), id);
			return FALSE;
		}
		json_builder_begin_object (b);
		tg_cli_add_string (b, "token", id);
		json_builder_end_object (b);
		body = tg_cli_builder_to_body (b);
	}
	if (!tg_cli_call (cli, "POST", "/api/v1/login-links", body, TRUE, &json, NULL, error))
		return FALSE;
	obj = tg_cli_root_object (json, error);
	if (obj == NULL)
		return FALSE;
	url = tg_cli_json_string (obj, "url");
	if (url == NULL || strstr (url, "/signin#code=") == NULL) {
		tg_cli_set_unexpected (error);
		return FALSE;
	}
	if (!tg_cli_print_json_asked (cli, json)) {
		/* one line and nothing else, so that it can be piped */
		shown = tg_cli_sanitize (url);
		g_print ("%s\n", shown);
	}
	until = tg_cli_format_time (tg_cli_json_string (obj, "expires_at"), cli->lang);
	g_printerr (_ ("This link signs in to the web pages once, until %s: open it and press the "
		       "button. Give it to no one else.\n"),
		    until != NULL ? until : "-");
	return TRUE;
}

/* ---- main ---- */

static const TgCliCommand tg_cli_commands[] = {
	{"units", "list", tg_cli_units_list},
	{"units", "show", tg_cli_units_show},
	{"units", "import", tg_cli_units_import},
	{"token", "create", tg_cli_token_create},
	{"token", "list", tg_cli_token_list},
	{"token", "revoke", tg_cli_token_revoke},
	{"token", "login-link", tg_cli_token_login_link},
	{"lunar", NULL, tg_cli_lunar},
	{"holidays", "list", tg_cli_holidays_list},
	{"holidays", "set", tg_cli_holidays_set},
	{"holidays", "unset", tg_cli_holidays_unset},
	{"series", "show", tg_cli_series_show},
	{"series", "set", tg_cli_series_set},
	{"occurrences", "list", tg_cli_occurrences_list},
	{"occurrences", "show", tg_cli_occurrences_show},
	{"occurrences", "cancel", tg_cli_occurrences_cancel},
	{"occurrences", "move", tg_cli_occurrences_move},
	{"bookings", "list", tg_cli_bookings_list},
	{"bookings", "show", tg_cli_bookings_show},
	{"bookings", "assign", tg_cli_bookings_assign},
	{"bookings", "outcome", tg_cli_bookings_outcome},
	{"report", NULL, tg_cli_report},
	{"dossiers", "import", tg_cli_dossiers_import},
	{"dossiers", "list", tg_cli_dossiers_list},
	{"dossiers", "set", tg_cli_dossiers_set},
	{"review", NULL, tg_cli_review},
	{"feed", "url", tg_cli_feed_url},
	{"feed", "rotate", tg_cli_feed_rotate},
	{"outbox", "list", tg_cli_outbox_list},
	{"outbox", "retry", tg_cli_outbox_retry},
	{"backup", NULL, tg_cli_backup},
};

/* TRUE when @args asks for help before any "--" */
static gboolean
tg_cli_wants_help (gchar **args)
{
	for (guint i = 0; args[i] != NULL; i++) {
		if (strcmp (args[i], "--") == 0)
			return FALSE;
		if (strcmp (args[i], "--help") == 0 || strcmp (args[i], "-h") == 0)
			return TRUE;
	}
	return FALSE;
}

static gboolean
tg_cli_main (TgCli *cli, gchar **args, GError **error)
{
	gboolean help = FALSE, version = FALSE;
	const TgCliOption options[] = {
		{"url", TRUE, &cli->url},
		{"token", TRUE, &cli->token},
		{"state-dir", TRUE, &cli->state_dir},
		{"ca-file", TRUE, &cli->ca_file},
		{"json", FALSE, &cli->json},
		{"help", FALSE, &help},
		{"version", FALSE, &version},
	};
	g_autoptr(GPtrArray) rest = g_ptr_array_new ();
	const gchar *group, *name;
	gboolean group_known = FALSE;

	if (!tg_cli_parse_options (options, G_N_ELEMENTS (options), args, TRUE, rest, error))
		return FALSE;
	if (help) {
		tg_cli_print_usage (stdout);
		return TRUE;
	}
	if (version) {
		g_print ("thaogo %s\n", PACKAGE_VERSION);
		return TRUE;
	}
	if (rest->len == 0) {
		g_set_error_literal (error, TG_CLI_ERROR, TG_CLI_ERROR_USAGE,
				     _ ("missing command"));
		return FALSE;
	}
	g_ptr_array_add (rest, NULL);
	group = g_ptr_array_index (rest, 0);
	name = g_ptr_array_index (rest, 1);
	for (guint i = 0; i < G_N_ELEMENTS (tg_cli_commands); i++) {
		const TgCliCommand *cmd = &tg_cli_commands[i];
		guint words = cmd->name != NULL ? 2 : 1;

		if (g_strcmp0 (cmd->group, group) != 0)
			continue;
		group_known = TRUE;
		if (cmd->name != NULL && g_strcmp0 (cmd->name, name) != 0)
			continue;
		if (tg_cli_wants_help ((gchar **) rest->pdata + words)) {
			tg_cli_print_usage (stdout);
			return TRUE;
		}
		return cmd->func (cli, (gchar **) rest->pdata + words, error);
	}
	if (!group_known)
		g_set_error (error, TG_CLI_ERROR, TG_CLI_ERROR_USAGE, _ ("unknown command '%s'"),
			     group);
	else if (name == NULL)
		g_set_error (error, TG_CLI_ERROR, TG_CLI_ERROR_USAGE,
			     _ ("missing command after '%s'"), group);
	else
		g_set_error (error, TG_CLI_ERROR, TG_CLI_ERROR_USAGE, _ ("unknown command '%s %s'"),
			     group, name);
	return FALSE;
}

int
tg_cli_run (int argc, char **argv)
{
	TgCli cli = {0};
	g_autoptr(GError) error = NULL;
	gchar *no_args[] = {NULL};
	int status = TG_CLI_EXIT_OK;

	setlocale (LC_ALL, "");
	tg_i18n_init ();
	g_set_prgname ("thaogo");
	cli.lang = tg_cli_get_language ();

	if (!tg_cli_main (&cli, argc > 1 ? argv + 1 : no_args, &error)) {
		g_printerr ("thaogo: %s\n", error->message);
		if (g_error_matches (error, TG_CLI_ERROR, TG_CLI_ERROR_USAGE)) {
			g_printerr ("%s\n", _ ("Try 'thaogo --help'."));
			status = TG_CLI_EXIT_USAGE;
		} else {
			status = TG_CLI_EXIT_ERROR;
		}
	}
	tg_client_free (cli.client);
	tg_client_response_free (cli.refused);
	if (cli.secret != NULL)
		memset (cli.secret, 0, strlen (cli.secret));
	g_free (cli.secret);
	return status;
}
