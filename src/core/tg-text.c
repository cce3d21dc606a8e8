/* tg-text.c: checks on text that users send */
#include "config.h"

#include "tg-text.h"

static gboolean
tg_text_check (const gchar *str, gsize min_chars, gsize max_chars, gboolean block)
{
	gsize n = 0;
	gboolean blank = TRUE;

	if (str == NULL || !g_utf8_validate (str, -1, NULL))
		return FALSE;
	for (const gchar *p = str; *p != '\0'; p = g_utf8_next_char (p)) {
		gunichar c = g_utf8_get_char (p);
		if (block && (c == '\n' || c == '\t')) {
			/* allowed */
		} else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0x2028 ||
			   c == 0x2029) {
			return FALSE;
		}
		if (!g_unichar_isspace (c))
			blank = FALSE;
		if (++n > max_chars)
			return FALSE;
	}
	if (n < min_chars)
		return FALSE;
	if (min_chars > 0 && blank)
		return FALSE;
	return TRUE;
}

gboolean
tg_text_is_clean_line (const gchar *str, gsize min_chars, gsize max_chars)
{
	return tg_text_check (str, min_chars, max_chars, FALSE);
}

gboolean
tg_text_is_clean_block (const gchar *str, gsize min_chars, gsize max_chars)
{
	return tg_text_check (str, min_chars, max_chars, TRUE);
}
