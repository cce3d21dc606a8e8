/* fuzz-accept-language.c: the Accept-Language header of any request (tg_i18n_pick_language) */
#include "tg-fuzz.h"

#include "tg-i18n.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
	g_autofree gchar *text = tg_fuzz_string (data, size);

	TG_FUZZ_ASSERT (tg_i18n_language_is_supported (tg_i18n_pick_language (text)));
	return 0;
}
