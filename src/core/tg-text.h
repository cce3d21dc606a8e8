/* tg-text.h: checks on text that users send */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* TRUE when @str is valid UTF-8 of @min_chars to @max_chars characters without any
 * control character (C0, DEL, C1; so no CR or LF), and not only white space when
 * @min_chars > 0 */
gboolean tg_text_is_clean_line (const gchar *str, gsize min_chars, gsize max_chars);

/* Like tg_text_is_clean_line() but LF and TAB are allowed (multi-line text) */
gboolean tg_text_is_clean_block (const gchar *str, gsize min_chars, gsize max_chars);

G_END_DECLS
