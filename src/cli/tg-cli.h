/* tg-cli.h: the thaogo client's commands */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* the exit statuses of thaogo (thaogo(1), EXIT STATUS) */
typedef enum {
	TG_CLI_EXIT_OK = 0,
	TG_CLI_EXIT_ERROR = 1,
	TG_CLI_EXIT_USAGE = 2,
} TgCliExit;

#define TG_CLI_ERROR (tg_cli_error_quark ())

typedef enum {
	TG_CLI_ERROR_USAGE = 1,  /* unknown command or option, missing or malformed argument */
	TG_CLI_ERROR_SERVER = 2, /* the server answered with an error */
	TG_CLI_ERROR_INPUT = 3,  /* a file or a value the user gave is not valid */
	TG_CLI_ERROR_FAILED = 4, /* anything else */
} TgCliError;

GQuark tg_cli_error_quark (void);

/* the largest number of units sent in one import request, and the largest body */
#define TG_CLI_IMPORT_BATCH 200
#define TG_CLI_IMPORT_BODY_MAX (60 * 1024)

/* Runs thaogo; returns the exit status (0 ok, 1 error, 2 usage) */
int tg_cli_run (int argc, char **argv);

/* "vi" when the messages' locale (LC_ALL, else LC_MESSAGES, else LANG) is Vietnamese,
 * else "en" */
const gchar *tg_cli_get_language (void);

/* The width of @str on a terminal: wide characters count 2, combining ones 0 */
gsize tg_cli_display_width (const gchar *str);

/* (transfer full): @iso (YYYY-MM-DD, nullable) as dd/mm/yyyy for "vi", as it is otherwise;
 * "-" for NULL */
gchar *tg_cli_format_date (const gchar *iso, const gchar *lang);

/* (transfer full): an RFC 3339 time (nullable) as "yyyy-mm-dd HH:MM" or, for "vi",
 * "dd/mm/yyyy HH:MM", at its own offset; "-" for NULL */
gchar *tg_cli_format_time (const gchar *rfc3339, const gchar *lang);

/* (transfer full): @rows (element-type GStrv, the first the header) as aligned columns
 * separated by two spaces, one line each; control characters are shown as '?' */
gchar *tg_cli_format_table (GPtrArray *rows);

/* Splits the unit objects @units (element-type JsonNode) into the bodies of the import
 * requests ({"units": [...]}): at most @max_units units and @max_bytes bytes each, in
 * order. Returns (transfer full) (element-type utf8); @counts (out) (element-type guint)
 * the number of units in each */
GPtrArray *tg_cli_split_import (GPtrArray *units, guint max_units, gsize max_bytes,
				GArray **counts);

G_END_DECLS
