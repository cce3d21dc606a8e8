/* fuzz-codes.c: the codes people type or that come in a path: tax codes, dossier codes (the
 * national form and the one-stop systems' own), GSO unit codes, booking and occurrence ids */
#include "tg-fuzz.h"

#include <string.h>

#include "tg-booking.h"
#include "tg-date.h"
#include "tg-dossier.h"
#include "tg-occurrence.h"
#include "tg-unit.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
	g_autofree gchar *text = tg_fuzz_string (data, size);
	g_autofree gchar *unit = NULL;
	g_autofree gchar *date = NULL;
	gsize len = strlen (text);

	if (tg_tax_code_is_valid (text))
		TG_FUZZ_ASSERT (len == 10 || len == 13 || len == 14);
	/* the national form is one of the codes a list may hold */
	if (tg_dossier_code_is_valid (text))
		TG_FUZZ_ASSERT (tg_dossier_code_is_well_formed (text));
	if (tg_dossier_code_is_well_formed (text)) {
		TG_FUZZ_ASSERT (len >= 1 && len <= TG_DOSSIER_CODE_MAX);
		TG_FUZZ_ASSERT (strchr (text, '/') == NULL);
	}
	if (tg_unit_code_is_valid (text))
		TG_FUZZ_ASSERT (len >= 1 && len <= 10 && strspn (text, "0123456789") == len);
	if (tg_booking_id_is_valid (text))
		TG_FUZZ_ASSERT (len == 32 || len == 44);
	if (tg_occurrence_parse_id (text, &unit, &date)) {
		g_autofree gchar *id = tg_occurrence_make_id (unit, date);
		TG_FUZZ_ASSERT (tg_unit_code_is_valid (unit));
		TG_FUZZ_ASSERT (tg_date_is_valid_iso (date));
		TG_FUZZ_ASSERT (g_strcmp0 (id, text) == 0);
	}
	return 0;
}
