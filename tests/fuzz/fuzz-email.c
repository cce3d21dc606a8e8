/* fuzz-email.c: an email address (tg_email_is_valid, and the sender's variant) */
#include "tg-fuzz.h"

#include <string.h>

#include "tg-email.h"
#include "tg-text.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
	g_autofree gchar *text = tg_fuzz_string (data, size);
	gboolean valid = tg_email_is_valid (text);

	if (tg_email_is_valid_sender (text) || valid) {
		/* one plain address on one line: nothing that becomes a second recipient or
		 * a new SMTP line */
		TG_FUZZ_ASSERT (tg_email_is_valid_sender (text));
		TG_FUZZ_ASSERT (strlen (text) <= 254);
		TG_FUZZ_ASSERT (strchr (text, '@') == strrchr (text, '@'));
		TG_FUZZ_ASSERT (strpbrk (text, " \t\r\n<>,;:\"()[]\\") == NULL);
		TG_FUZZ_ASSERT (tg_text_is_clean_line (text, 3, 254));
	}
	if (valid)
		TG_FUZZ_ASSERT (strchr (strchr (text, '@'), '.') != NULL);
	return 0;
}
