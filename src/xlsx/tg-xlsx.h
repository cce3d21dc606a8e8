/* tg-xlsx.h: spreadsheets (Office Open XML) through libxlsxwriter; src/xlsx/ is the only code
 * that includes xlsxwriter.h */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define TG_XLSX_ERROR (tg_xlsx_error_quark ())

typedef enum {
	TG_XLSX_ERROR_FAILED = 1, /* the workbook could not be written */
} TgXlsxError;

GQuark tg_xlsx_error_quark (void);

/* A workbook of the counts @rows (element-type TgReportRow, tg-booking.h): a sheet for each
 * dimension, in the order the rows first name it, with the header @key_heading and
 * @count_heading and a row per key; counts are numbers, keys text (never formulas).
 * Returns (transfer full) the file's bytes, or NULL with a TG_XLSX_ERROR */
GBytes *tg_xlsx_write_counts (GPtrArray *rows, const gchar *key_heading, const gchar *count_heading,
			      GError **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
