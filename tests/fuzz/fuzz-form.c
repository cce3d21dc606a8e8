/* fuzz-form.c: an application/x-www-form-urlencoded body, the syntax of query strings
 * (tg_http_form_parse, the no-JavaScript booking form) */
#include "tg-fuzz.h"

#include <string.h>

#include "tg-http-form.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GHashTable) fields = tg_http_form_parse ((const gchar *) data, size, &error);
	GHashTableIter iter;
	gpointer name, value;

	TG_FUZZ_ASSERT ((fields == NULL) == (error != NULL));
	if (fields == NULL)
		return 0;
	TG_FUZZ_ASSERT (g_hash_table_size (fields) <= TG_HTTP_FORM_FIELDS_MAX);
	g_hash_table_iter_init (&iter, fields);
	while (g_hash_table_iter_next (&iter, &name, &value)) {
		TG_FUZZ_ASSERT (strlen (name) >= 1 && strlen (name) <= TG_HTTP_FORM_NAME_MAX);
		TG_FUZZ_ASSERT (strspn (name, "abcdefghijklmnopqrstuvwxyz0123456789_") ==
				strlen (name));
		TG_FUZZ_ASSERT (strlen (value) <= TG_HTTP_FORM_VALUE_MAX);
		TG_FUZZ_ASSERT (g_utf8_validate (value, -1, NULL));
		TG_FUZZ_ASSERT (strchr (value, '\r') == NULL);
	}
	return 0;
}
