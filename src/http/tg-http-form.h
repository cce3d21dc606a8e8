/* tg-http-form.h: the fields of an HTML form posted as application/x-www-form-urlencoded */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What a form may hold: a page's forms have a few short fields */
#define TG_HTTP_FORM_FIELDS_MAX 16
#define TG_HTTP_FORM_NAME_MAX 32
#define TG_HTTP_FORM_VALUE_MAX 2048

/* Decodes @len bytes of @data ("a=1&b=x+y%C3%A0"): '+' is a space, %XX a byte. A name is
 * [a-z0-9_] of at most TG_HTTP_FORM_NAME_MAX and comes once; a value is UTF-8 of at most
 * TG_HTTP_FORM_VALUE_MAX bytes without control characters but tab and line breaks (CR LF
 * becomes LF). Anything else is TG_ERROR_INVALID on the field in question (NULL when the
 * form as a whole is wrong). Returns (transfer full): name -> value */
GHashTable *tg_http_form_parse (const gchar *data, gsize len,
				GError **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
