/* fuzz-dossier-csv.c: the late-dossier list a unit imports (tg_dossier_parse_csv, POST
 * /api/v1/units/{code}/dossiers) */
#include "tg-fuzz.h"

#include "tg-date.h"
#include "tg-dossier.h"
#include "tg-text.h"

/* a few rows more than the fuzzer's inputs usually hold, so that the limit is reached too */
#define TG_FUZZ_DOSSIER_ROWS 64

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TgDossierList) list =
		tg_dossier_parse_csv ((const gchar *) data, size, TG_FUZZ_DOSSIER_ROWS, &error);

	TG_FUZZ_ASSERT ((list == NULL) == (error != NULL));
	if (list == NULL)
		return 0;
	TG_FUZZ_ASSERT (list->digest != NULL);
	TG_FUZZ_ASSERT (list->n_records <= TG_FUZZ_DOSSIER_ROWS);
	TG_FUZZ_ASSERT (list->rows->len <= list->n_records);
	for (guint i = 0; i < list->rows->len; i++) {
		const TgDossier *d = g_ptr_array_index (list->rows, i);
		/* what the store and the pages rely on */
		TG_FUZZ_ASSERT (tg_dossier_code_is_well_formed (d->code));
		TG_FUZZ_ASSERT (tg_text_is_clean_line (d->procedure, 1, TG_DOSSIER_PROCEDURE_MAX));
		TG_FUZZ_ASSERT (d->agency == NULL ||
				tg_text_is_clean_line (d->agency, 0, TG_DOSSIER_AGENCY_MAX));
		TG_FUZZ_ASSERT (d->status == NULL ||
				tg_text_is_clean_line (d->status, 0, TG_DOSSIER_STATUS_MAX));
		TG_FUZZ_ASSERT (tg_date_is_valid_iso (d->due));
		TG_FUZZ_ASSERT (d->received == NULL || tg_date_is_valid_iso (d->received));
		TG_FUZZ_ASSERT (d->line >= 2);
	}
	for (guint i = 0; i < list->problems->len; i++) {
		const TgDossierProblem *p = &g_array_index (list->problems, TgDossierProblem, i);
		TG_FUZZ_ASSERT (p->msgid != NULL && p->line >= 2);
		TG_FUZZ_ASSERT (p->field >= -1 && p->field < TG_DOSSIER_N_COLUMNS);
	}
	return 0;
}
