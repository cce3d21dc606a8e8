/* tg-http-form.c: the fields of an HTML form posted as application/x-www-form-urlencoded */
#define G_LOG_DOMAIN "thaogo-http"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "tg-error.h"
#include "tg-http-form.h"

/* @n bytes of @p percent-decoded ('+' a space) into a new string; NULL on a bad escape or
 * a NUL byte */
static gchar *
tg_http_form_decode (const gchar *p, gsize n)
{
	g_autoptr(GString) out = g_string_sized_new (n);

	for (gsize i = 0; i < n; i++) {
		gint hi, lo;
		if (p[i] == '+') {
			g_string_append_c (out, ' ');
			continue;
		}
		if (p[i] != '%') {
			g_string_append_c (out, p[i]);
			continue;
		}
		if (i + 2 >= n)
			return NULL;
		hi = g_ascii_xdigit_value (p[i + 1]);
		lo = g_ascii_xdigit_value (p[i + 2]);
		if (hi < 0 || lo < 0 || (hi == 0 && lo == 0))
			return NULL;
		g_string_append_c (out, (gchar) (hi * 16 + lo));
		i += 2;
	}
	return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
tg_http_form_name_is_valid (const gchar *name)
{
	gsize len = strlen (name);

	if (len == 0 || len > TG_HTTP_FORM_NAME_MAX)
		return FALSE;
	for (const gchar *p = name; *p != '\0'; p++) {
		if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '_')
			return FALSE;
	}
	return TRUE;
}

/* checks @value and turns its CR LF into LF; FALSE when it cannot be a field's text */
static gboolean
tg_http_form_clean_value (gchar *value)
{
	gchar *w = value;

	if (strlen (value) > TG_HTTP_FORM_VALUE_MAX || !g_utf8_validate (value, -1, NULL))
		return FALSE;
	for (const gchar *r = value; *r != '\0'; r++) {
		guchar c = (guchar) *r;
		if (c == '\r' && r[1] == '\n')
			continue;
		if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f)
			return FALSE;
		*w++ = *r;
	}
	*w = '\0';
	return TRUE;
}

GHashTable *
tg_http_form_parse (const gchar *data, gsize len, GError **error)
{
	g_autoptr(GHashTable) fields =
			   g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
	const gchar *end = data + len;
	const gchar *p = data;

	g_return_val_if_fail (data != NULL || len == 0, NULL);
	while (p < end) {
		const gchar *amp = memchr (p, '&', (gsize) (end - p));
		const gchar *stop = amp != NULL ? amp : end;
		const gchar *eq = memchr (p, '=', (gsize) (stop - p));
		g_autofree gchar *name = NULL;
		g_autofree gchar *value = NULL;

		if (stop == p) {
			p = stop + 1;
			continue;
		}
		if (g_hash_table_size (fields) >= TG_HTTP_FORM_FIELDS_MAX) {
			tg_error_set_field (error, TG_ERROR_INVALID, NULL,
					    N_ ("the form has too many fields"));
			return NULL;
		}
		name = tg_http_form_decode (p, (gsize) ((eq != NULL ? eq : stop) - p));
		if (name == NULL || !tg_http_form_name_is_valid (name)) {
			tg_error_set_field (error, TG_ERROR_INVALID, NULL,
					    N_ ("the form has a field of an unknown name"));
			return NULL;
		}
		if (eq != NULL && (gsize) (stop - eq - 1) > 3 * TG_HTTP_FORM_VALUE_MAX) {
			tg_error_set_field (error, TG_ERROR_INVALID, name, N_ ("is too long"));
			return NULL;
		}
		value = eq != NULL ? tg_http_form_decode (eq + 1, (gsize) (stop - eq - 1))
				   : g_strdup ("");
		if (value == NULL || !tg_http_form_clean_value (value)) {
			tg_error_set_field (error, TG_ERROR_INVALID, name,
					    strlen (value != NULL ? value : "") >
							    TG_HTTP_FORM_VALUE_MAX
						    ? N_ ("is too long")
						    : N_ ("must be text"));
			return NULL;
		}
		if (g_hash_table_contains (fields, name)) {
			tg_error_set_field (error, TG_ERROR_INVALID, name, N_ ("is given twice"));
			return NULL;
		}
		g_hash_table_insert (fields, g_steal_pointer (&name), g_steal_pointer (&value));
		p = stop + 1;
	}
	return g_steal_pointer (&fields);
}
