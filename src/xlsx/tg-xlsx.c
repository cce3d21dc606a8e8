/* tg-xlsx.c: spreadsheets through libxlsxwriter */
#define G_LOG_DOMAIN "thaogo-xlsx"

#include "config.h"

#include <glib/gstdio.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "tg-booking.h"
#include "tg-xlsx.h"

G_DEFINE_QUARK (tg - xlsx - error - quark, tg_xlsx_error)

/* Excel's sheet names: at most 31 characters, none of []:*?/\ */
#define TG_XLSX_SHEET_NAME_MAX 31

/* (transfer full): @name as a sheet may be named */
static gchar *
tg_xlsx_sheet_name (const gchar *name)
{
	gchar *out = g_utf8_substring (name, 0, TG_XLSX_SHEET_NAME_MAX);

	g_strcanon (out, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_- ", '_');
	return out;
}

/* writes the workbook of @rows to @path */
static gboolean
tg_xlsx_write_file (const gchar *path, GPtrArray *rows, const gchar *key_heading,
		    const gchar *count_heading, GError **error)
{
	lxw_workbook *wb = workbook_new (path);
	lxw_worksheet *ws = NULL;
	const gchar *dimension = NULL;
	lxw_format *bold;
	lxw_row_t line = 0;
	lxw_error rc;

	if (wb == NULL) {
		g_set_error (error, TG_XLSX_ERROR, TG_XLSX_ERROR_FAILED,
			     "cannot start a workbook in %s", path);
		return FALSE;
	}
	bold = workbook_add_format (wb);
	format_set_bold (bold);
	for (guint i = 0; i < rows->len; i++) {
		TgReportRow *r = g_ptr_array_index (rows, i);

		if (ws == NULL || g_strcmp0 (dimension, r->dimension) != 0) {
			g_autofree gchar *name = tg_xlsx_sheet_name (r->dimension);

			/* a dimension met again later would be a second sheet of that name */
			if (workbook_get_worksheet_by_name (wb, name) != NULL)
				continue;
			ws = workbook_add_worksheet (wb, name);
			if (ws == NULL)
				break;
			dimension = r->dimension;
			worksheet_set_column (ws, 0, 0, 60, NULL);
			worksheet_write_string (ws, 0, 0, key_heading, bold);
			worksheet_write_string (ws, 0, 1, count_heading, bold);
			line = 1;
		}
		worksheet_write_string (ws, line, 0, r->key != NULL ? r->key : "", NULL);
		worksheet_write_number (ws, line, 1, (double) r->count, NULL);
		line++;
	}
	/* an empty workbook still has a sheet */
	if (rows->len == 0)
		workbook_add_worksheet (wb, NULL);
	rc = workbook_close (wb);
	if (rc != LXW_NO_ERROR) {
		g_set_error (error, TG_XLSX_ERROR, TG_XLSX_ERROR_FAILED, "writing the workbook: %s",
			     lxw_strerror (rc));
		return FALSE;
	}
	return TRUE;
}

GBytes *
tg_xlsx_write_counts (GPtrArray *rows, const gchar *key_heading, const gchar *count_heading,
		      GError **error)
{
	g_autofree gchar *path = NULL;
	g_autofree gchar *data = NULL;
	gsize len = 0;
	gboolean ok;
	gint fd;

	g_return_val_if_fail (rows != NULL && key_heading != NULL && count_heading != NULL, NULL);
	/* libxlsxwriter 1.1.4 (Debian 12) writes to a file only: a private temporary one */
	fd = g_file_open_tmp ("thaogo-XXXXXX.xlsx", &path, error);
	if (fd < 0)
		return NULL;
	close (fd);
	ok = tg_xlsx_write_file (path, rows, key_heading, count_heading, error) &&
	     g_file_get_contents (path, &data, &len, error);
	g_unlink (path);
	if (!ok)
		return NULL;
	return g_bytes_new_take (g_steal_pointer (&data), len);
}
