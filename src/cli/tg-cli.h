/* tg-cli.h: the thaogo client's commands */
#pragma once

#include <glib.h>

#include "tg-lunar.h"

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

/* Splits @units (element-type TgUnit) into the bodies of the import
 * requests ({"units": [...]}): at most @max_units units and @max_bytes bytes each, in
 * order. Returns (transfer full) (element-type utf8); @counts (out) (element-type guint)
 * the number of units in each */
GPtrArray *tg_cli_split_import (GPtrArray *units, guint max_units, gsize max_bytes,
				GArray **counts);

/* ---- the calendar (tg-cli-calendar.c) ---- */

/* (transfer none): the name of @weekday: "Monday", for "vi" "Thứ Hai" */
const gchar *tg_cli_weekday_name (GDateWeekday weekday, const gchar *lang);

/* (transfer full): @iso (YYYY-MM-DD, nullable) with its weekday: "Monday, 2027-03-01", for
 * "vi" "Thứ Hai, 01/03/2027"; "-" for NULL, @iso as it is when it is not a date */
gchar *tg_cli_format_day (const gchar *iso, const gchar *lang);

/* (transfer full): the solar date @iso and its lunar date @lunar in the year @can_chi:
 * "2030-02-02 (Saturday) = lunar 1/1, year Canh Tuất", for "vi"
 * "02/02/2030 (Thứ Bảy) = mùng 1 tháng Giêng năm Canh Tuất"; leap months are marked */
gchar *tg_cli_format_lunar (const gchar *iso, const TgLunarDate *lunar, const gchar *can_chi,
			    const gchar *lang);

/* Parses a participants file: one participant a line, "NAME[<TAB>EMAIL[<TAB>ROLE]]"; blank
 * lines, lines beginning with '#' and a first line "name<TAB>email<TAB>role" are skipped.
 * Returns (transfer full) (element-type TgParticipant), maybe empty, or NULL with a
 * TG_CLI_ERROR_INPUT naming the line */
GPtrArray *tg_cli_parse_participants (const gchar *text, gsize len,
				      GError **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
