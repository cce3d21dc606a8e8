/* fuzz-phone.c: a phone number as a citizen types it (tg_phone_normalize) */
#include "tg-fuzz.h"

#include <string.h>

#include "tg-booking.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
	g_autofree gchar *text = tg_fuzz_string (data, size);
	g_autofree gchar *phone = tg_phone_normalize (text);
	g_autofree gchar *again = NULL;

	if (phone == NULL)
		return 0;
	/* 0 and 9 or 10 more digits, and normalising it again changes nothing */
	TG_FUZZ_ASSERT (phone[0] == '0');
	TG_FUZZ_ASSERT (strspn (phone, "0123456789") == strlen (phone));
	TG_FUZZ_ASSERT (strlen (phone) == 10 || strlen (phone) == 11);
	again = tg_phone_normalize (phone);
	TG_FUZZ_ASSERT (g_strcmp0 (again, phone) == 0);
	return 0;
}
