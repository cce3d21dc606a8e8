/* tg-cli-feeds.c: the thaogo client's commands on the caller's own calendar feed
 * (thaogo(1)): a private webcal:// link to subscribe to, and its rotation */
#define G_LOG_DOMAIN "thaogo-cli"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "tg-cli-private.h"

/* POST /api/v1/feeds: the server makes a new secret for the caller's token and forgets the
 * one before (it keeps only a hash, so an existing link can never be shown again). Prints
 * the webcal:// link alone on stdout (the server's JSON with --json) and @note on stderr */
static gboolean
tg_cli_feed_new_link (TgCli *cli, gchar **args, const gchar *note, GError **error)
{
	g_autoptr(GPtrArray) rest = g_ptr_array_new ();
	g_autoptr(JsonNode) json = NULL;
	g_autofree gchar *shown = NULL;
	JsonObject *obj;
	const gchar *webcal;

	if (!tg_cli_parse_args (cli, NULL, 0, args, NULL, rest, error))
		return FALSE;
	if (!tg_cli_call (cli, "POST", "/api/v1/feeds", NULL, TRUE, &json, NULL, error))
		return FALSE;
	obj = tg_cli_root_object (json, error);
	if (obj == NULL)
		return FALSE;
	webcal = tg_cli_json_string (obj, "webcal");
	if (webcal == NULL || !g_str_has_prefix (webcal, "webcal://")) {
		tg_cli_set_unexpected (error);
		return FALSE;
	}
	if (!tg_cli_print_json_asked (cli, json)) {
		/* one line and nothing else, so that it can be piped */
		shown = tg_cli_sanitize (webcal);
		g_print ("%s\n", shown);
	}
	g_printerr ("%s\n", note);
	return TRUE;
}

gboolean
tg_cli_feed_url (TgCli *cli, gchar **args, GError **error)
{
	const gchar *note = _ ("This is a new link to your calendar: any link made before with "
			       "this token no longer works (the server keeps only a hash of it and "
			       "cannot show it again).");

	return tg_cli_feed_new_link (cli, args, note, error);
}

gboolean
tg_cli_feed_rotate (TgCli *cli, gchar **args, GError **error)
{
	const gchar *note = _ ("The old link to your calendar was replaced: it no longer works. "
			       "Subscribe to the new one.");

	return tg_cli_feed_new_link (cli, args, note, error);
}
