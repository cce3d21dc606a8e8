/* fuzz-units-tsv.c: the units file of data/units (tg_unit_parse_tsv, thaogo import-units) */
#include "tg-fuzz.h"

#include "tg-unit.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) units = tg_unit_parse_tsv ((const gchar *) data, size, &error);

	TG_FUZZ_ASSERT ((units == NULL) == (error != NULL));
	for (guint i = 0; units != NULL && i < units->len; i++) {
		const TgUnit *unit = g_ptr_array_index (units, i);
		g_autoptr(TgUnit) copy = tg_unit_copy (unit);
		/* every unit read is one the store takes */
		TG_FUZZ_ASSERT (tg_unit_validate (unit, NULL));
		TG_FUZZ_ASSERT (tg_unit_validate (copy, NULL));
	}
	return 0;
}
