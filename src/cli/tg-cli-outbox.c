/* tg-cli-outbox.c: the thaogo client's commands on the outbox of email messages
 * (thaogo(1)): what is queued, sent or failed, and a failed message sent again */
#define G_LOG_DOMAIN "thaogo-cli"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "tg-cli-private.h"

/* the statuses of a message, as the API writes them */
static const gchar *const tg_cli_outbox_statuses[] = {"queued", "sending",    "sent", "failed",
						      "dead",   "superseded", NULL};

gboolean
tg_cli_outbox_list (TgCli *cli, gchar **args, GError **error)
{
	const gchar *status = NULL;
	const TgCliOption options[] = {
		{"status", TRUE, &status},
	};
	g_autoptr(GPtrArray) rest = g_ptr_array_new ();
	g_autoptr(GString) path = g_string_new ("/api/v1/outbox");
	g_autoptr(JsonNode) json = NULL;
	g_autoptr(GPtrArray) rows = NULL;
	TgCliAnswer answer;
	JsonArray *messages = NULL;

	if (!tg_cli_parse_args (cli, options, G_N_ELEMENTS (options), args, NULL, rest, error))
		return FALSE;
	if (status != NULL && !g_strv_contains (tg_cli_outbox_statuses, status)) {
		g_set_error (error, TG_CLI_ERROR, TG_CLI_ERROR_USAGE, "--status: %s",
			     _ ("must be queued, sending, sent, failed, dead or superseded"));
		return FALSE;
	}
	tg_cli_query_add (path, "status", status);
	answer = tg_cli_fetch_array (cli, path->str, TRUE, "messages", _ ("no messages"), &json,
				     &messages, error);
	if (answer != TG_CLI_ANSWER_READY)
		return answer == TG_CLI_ANSWER_PRINTED;
	/* TRANSLATORS: the headers of the table of the outbox; RECIPIENT shows only the
	 * domain of the address */
	rows = tg_cli_table_new ((const gchar *[]){_ ("ID"), _ ("KIND"), _ ("STATUS"),
						   _ ("ATTEMPTS"), _ ("DUE"), _ ("RECIPIENT"),
						   _ ("LAST ERROR"), NULL});
	for (guint i = 0; i < json_array_get_length (messages); i++) {
		JsonObject *m = tg_cli_json_array_object (messages, i);
		const gchar *domain = tg_cli_json_string (m, "recipient_domain");
		gchar **row = g_new0 (gchar *, 8);

		row[0] = tg_cli_json_scalar_text (m != NULL ? json_object_get_member (m, "id")
							    : NULL);
		row[1] = g_strdup (tg_cli_json_text (m, "kind"));
		row[2] = g_strdup (tg_cli_json_text (m, "status"));
		row[3] = tg_cli_json_scalar_text (m != NULL ? json_object_get_member (m, "attempts")
							    : NULL);
		row[4] = tg_cli_format_time (tg_cli_json_string (m, "due_at"), cli->lang);
		row[5] = domain != NULL && domain[0] != '\0' ? g_strconcat ("@", domain, NULL)
							     : g_strdup ("-");
		row[6] = g_strdup (tg_cli_json_text (m, "last_error"));
		g_ptr_array_add (rows, row);
	}
	tg_cli_print_table (rows);
	return TRUE;
}

gboolean
tg_cli_outbox_retry (TgCli *cli, gchar **args, GError **error)
{
	g_autoptr(GPtrArray) rest = g_ptr_array_new ();
	g_autoptr(JsonNode) json = NULL;
	g_autofree gchar *path = NULL;
	g_autofree gchar *message_id = NULL;
	TgCliAnswer answer;
	JsonObject *m;
	const gchar *id;

	id = tg_cli_parse_one_arg (cli, NULL, 0, args, "ID", rest, error);
	if (id == NULL)
		return FALSE;
	if (!g_ascii_string_to_unsigned (id, 10, 1, G_MAXINT64, NULL, NULL)) {
		g_set_error (error, TG_CLI_ERROR, TG_CLI_ERROR_USAGE,
			     _ ("ID: '%s' is not a message id (a whole number, as outbox list "
				"shows it)"),
			     id);
		return FALSE;
	}
	path = g_strconcat ("/api/v1/outbox/", id, "/retry", NULL);
	answer = tg_cli_fetch (cli, "POST", path, NULL, TRUE, &json, error);
	if (answer != TG_CLI_ANSWER_READY)
		return answer == TG_CLI_ANSWER_PRINTED;
	m = tg_cli_answer_object (json, "message", error);
	if (m == NULL)
		return FALSE;
	message_id = tg_cli_sanitize (tg_cli_json_text (m, "message_id"));
	/* TRANSLATORS: the id of a message of the outbox, then its Message-ID (<...@thaogo>) */
	g_print (_ ("message %s is queued to be sent again, with the same Message-ID %s\n"), id,
		 message_id);
	return TRUE;
}
