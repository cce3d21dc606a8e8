/* tg-cli-private.h: what the files of the thaogo client share (tg-cli.c: the options, the
 * requests, the output; tg-cli-calendar.c: the calendar commands; tg-cli-bookings.c: the
 * bookings and the report; tg-cli-dossiers.c: late dossiers; tg-cli-feeds.c: the caller's
 * calendar feed; tg-cli-outbox.c: the outbox of email messages) */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "tg-cli.h"
#include "tg-client.h"

G_BEGIN_DECLS

typedef struct {
	const gchar *url;       /* (nullable): --url, in argv */
	const gchar *token;     /* (nullable): --token, in argv */
	const gchar *state_dir; /* (nullable): --state-dir, in argv */
	const gchar *ca_file;   /* (nullable): --ca-file, in argv */
	gboolean json;
	const gchar *lang; /* "vi" or "en" */
	TgClient *client;  /* (owned) (nullable): made at the first request */
	gchar *secret;     /* (owned) (nullable): the token in use, once resolved */
	gboolean resolved; /* the token has been looked for */
	/* with keep_refused, tg_cli_request() keeps in refused (owned, nullable) the last
	 * answer of 300 or more, for the command to show more of it than its message */
	gboolean keep_refused;
	TgClientResponse *refused;
} TgCli;

/* what tg_cli_fetch() did with an answer */
typedef enum {
	TG_CLI_ANSWER_FAILED,  /* the error is set */
	TG_CLI_ANSWER_PRINTED, /* --json: the answer's JSON is printed, nothing more to do */
	TG_CLI_ANSWER_READY,   /* the answer is there to be shown */
} TgCliAnswer;

typedef struct {
	const gchar *name; /* without the dashes */
	gboolean has_value;
	gpointer target; /* const gchar ** when it has a value, else gboolean * */
} TgCliOption;

/* ---- text ---- */

/* (transfer full): @str as valid UTF-8 with every control character shown as '?' */
gchar *tg_cli_sanitize (const gchar *str);

/* (transfer none): @msgid (marked with N_()) in the messages' language; for @lang "vi",
 * @vi when the catalogue has no translation, so that the fixed words of the calendar
 * (weekdays, lunar months, statuses: domain.md) never fall back to English */
const gchar *tg_cli_translate (const gchar *lang, const gchar *msgid, const gchar *vi)
	G_GNUC_FORMAT (2);

/* ---- JSON ---- */

/* (nullable) (transfer none): a string member, NULL when absent, null or not a string */
const gchar *tg_cli_json_string (JsonObject *obj, const gchar *member);
/* (nullable) (transfer none): an object member */
JsonObject *tg_cli_json_object (JsonObject *obj, const gchar *member);
/* (nullable) (transfer none): an array member */
JsonArray *tg_cli_json_array (JsonObject *obj, const gchar *member);
/* (transfer none): a string member, "-" when absent, null or not a string */
const gchar *tg_cli_json_text (JsonObject *obj, const gchar *member);
/* (nullable) (transfer none): the element @index of @array when it is an object */
JsonObject *tg_cli_json_array_object (JsonArray *array, guint index);
/* (transfer full): a scalar node as text, "-" for null */
gchar *tg_cli_json_scalar_text (JsonNode *node);

void tg_cli_set_unexpected (GError **error);
void tg_cli_print_json (JsonNode *node);
/* with --json, prints @json (nullable) when there is one; TRUE when --json was given */
gboolean tg_cli_print_json_asked (TgCli *cli, JsonNode *json);
/* prints "KEY: VALUE", both sanitized */
void tg_cli_print_pair (const gchar *key, const gchar *value);
/* prints @node as "a.b.c: value" lines; a list of values goes on one line */
void tg_cli_print_flat (const gchar *key, JsonNode *node);
/* prints a member as "KEY: value", "-" when it is absent or null (tg-cli-calendar.c) */
void tg_cli_print_member (const gchar *key, JsonObject *obj, const gchar *member);
/* prints the members of @obj (nullable) not in @known (NULL-terminated) as
 * "PREFIX.member: value" lines, so that what a newer server adds is still shown; @prefix
 * (nullable) (tg-cli-calendar.c) */
void tg_cli_print_others (const gchar *prefix, JsonObject *obj, const gchar *const *known);
/* (transfer full): "HH:MM" of an RFC 3339 time (nullable) at its own offset; "-" for none
 * (tg-cli-calendar.c) */
gchar *tg_cli_format_clock (const gchar *rfc3339);
/* (transfer full): "08:00-10:00" from the "start" and "end" (RFC 3339) of @obj (nullable);
 * "-" for none (tg-cli-calendar.c) */
gchar *tg_cli_format_span (JsonObject *obj);

/* ---- tables ---- */

/* (transfer full): the rows of a table (each a GStrv), the first @header (NULL-terminated,
 * copied) */
GPtrArray *tg_cli_table_new (const gchar *const *header);
/* prints @rows as tg_cli_format_table() lays them out */
void tg_cli_print_table (GPtrArray *rows);

/* ---- request bodies ---- */

/* adds "NAME": "VALUE" when @value is not NULL */
void tg_cli_add_string (JsonBuilder *b, const gchar *name, const gchar *value);
/* (transfer full): what @b built, as the text of a request body */
gchar *tg_cli_builder_to_body (JsonBuilder *b);

/* ---- options and arguments ---- */

/* parses the options of a command: its own @options, and the global ones, which may
 * come after the command too; the other arguments go to @rest */
gboolean tg_cli_parse_command (TgCli *cli, const TgCliOption *options, gsize n_options,
			       gchar **args, GPtrArray *rest,
			       GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* checks that @rest holds exactly the arguments named in @names (NULL-terminated) */
gboolean tg_cli_expect_args (GPtrArray *rest, const gchar *const *names,
			     GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* tg_cli_parse_command(), then tg_cli_expect_args() with @names (nullable: none) */
gboolean tg_cli_parse_args (TgCli *cli, const TgCliOption *options, gsize n_options, gchar **args,
			    const gchar *const *names, GPtrArray *rest,
			    GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* (transfer none): the one argument, named @name, of a command with @options; NULL with an
 * error */
const gchar *tg_cli_parse_one_arg (TgCli *cli, const TgCliOption *options, gsize n_options,
				   gchar **args, const gchar *name, GPtrArray *rest,
				   GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* a usage error @message when the option's @value is NULL */
gboolean tg_cli_require_option (const gchar *value, const gchar *message,
				GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* TRUE when @id is 32 hexadecimal digits: the ids of bookings and of tokens */
gboolean tg_cli_is_hex_id (const gchar *id);
/* usage errors naming @what when @code (nullable) is not a statistics code, @date
 * (nullable) not a date written YYYY-MM-DD */
gboolean tg_cli_check_code (const gchar *what, const gchar *code,
			    GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean tg_cli_check_date (const gchar *what, const gchar *date,
			    GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* a usage error "ID: ..." when @id is not written as an occurrence id (tg-cli-calendar.c) */
gboolean tg_cli_check_occurrence_id (const gchar *id, GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* ---- talking to the server ---- */

/* (transfer none): the client of --url (or $THAOGO_URL), made at the first call */
TgClient *tg_cli_get_client (TgCli *cli, GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* Sends a request; returns (transfer full) its answer when the server says yes (status
 * below 300), else NULL with an error (TG_CLI_ERROR_SERVER: "MESSAGE (field FIELD)").
 * @auth: send the token (if there is one). @field (out) (optional): the field of an error
 * answer */
TgClientResponse *tg_cli_request (TgCli *cli, const gchar *method, const gchar *path,
				  const gchar *body, gboolean auth, gchar **field,
				  GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* Sends a request and checks the answer. @auth: send the token (if there is one). @json
 * (out) (nullable): the answer's JSON, NULL when it has no body. @field (out) (optional):
 * the field of an error answer */
gboolean tg_cli_call (TgCli *cli, const gchar *method, const gchar *path, const gchar *body,
		      gboolean auth, JsonNode **json, gchar **field,
		      GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* (transfer none): the answer's root object, or NULL with an error */
JsonObject *tg_cli_root_object (JsonNode *json, GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* Sends a request as tg_cli_call() does; with --json, prints the answer's JSON (when
 * there is one). @json (out) (nullable): the answer's JSON */
TgCliAnswer tg_cli_fetch (TgCli *cli, const gchar *method, const gchar *path, const gchar *body,
			  gboolean auth, JsonNode **json, GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* GETs @path (with the token when @auth) and takes the array @member of its answer, into
 * @array (out) (transfer none) when TG_CLI_ANSWER_READY; @empty (nullable): when the array
 * is empty, printed on stderr as all there is to do (TG_CLI_ANSWER_PRINTED) */
TgCliAnswer tg_cli_fetch_array (TgCli *cli, const gchar *path, gboolean auth, const gchar *member,
				const gchar *empty, JsonNode **json, JsonArray **array,
				GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* (transfer none): the @member object, or array, of the answer's root object, or NULL with
 * an error */
JsonObject *tg_cli_answer_object (JsonNode *json, const gchar *member,
				  GError **error) G_GNUC_WARN_UNUSED_RESULT;
JsonArray *tg_cli_answer_array (JsonNode *json, const gchar *member,
				GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* appends "?NAME=VALUE" or "&NAME=VALUE" (escaped) when @value is not NULL */
void tg_cli_query_add (GString *path, const gchar *name, const gchar *value);

/* ---- the calendar commands (tg-cli-calendar.c) ---- */

gboolean tg_cli_lunar (TgCli *cli, gchar **args, GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean tg_cli_holidays_list (TgCli *cli, gchar **args, GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean tg_cli_holidays_set (TgCli *cli, gchar **args, GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean tg_cli_holidays_unset (TgCli *cli, gchar **args, GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean tg_cli_series_show (TgCli *cli, gchar **args, GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean tg_cli_series_set (TgCli *cli, gchar **args, GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean tg_cli_occurrences_list (TgCli *cli, gchar **args,
				  GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean tg_cli_occurrences_show (TgCli *cli, gchar **args,
				  GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean tg_cli_occurrences_cancel (TgCli *cli, gchar **args,
				    GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean tg_cli_occurrences_move (TgCli *cli, gchar **args,
				  GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* ---- the bookings and the report (tg-cli-bookings.c) ---- */

gboolean tg_cli_bookings_list (TgCli *cli, gchar **args, GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean tg_cli_bookings_show (TgCli *cli, gchar **args, GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean tg_cli_bookings_assign (TgCli *cli, gchar **args,
				 GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean tg_cli_bookings_outcome (TgCli *cli, gchar **args,
				  GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean tg_cli_report (TgCli *cli, gchar **args, GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* ---- late dossiers (tg-cli-dossiers.c) ---- */

gboolean tg_cli_dossiers_import (TgCli *cli, gchar **args,
				 GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean tg_cli_dossiers_list (TgCli *cli, gchar **args, GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean tg_cli_dossiers_set (TgCli *cli, gchar **args, GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean tg_cli_review (TgCli *cli, gchar **args, GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* ---- the caller's calendar feed (tg-cli-feeds.c) ---- */

gboolean tg_cli_feed_url (TgCli *cli, gchar **args, GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean tg_cli_feed_rotate (TgCli *cli, gchar **args, GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* ---- the outbox of email messages (tg-cli-outbox.c) ---- */

gboolean tg_cli_outbox_list (TgCli *cli, gchar **args, GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean tg_cli_outbox_retry (TgCli *cli, gchar **args, GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* ---- operations (tg-cli-backup.c) ---- */

gboolean tg_cli_backup (TgCli *cli, gchar **args, GError **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
