/* tg-engine-dossiers.c: the units' weekly lists of late dossiers and their classification */
#define G_LOG_DOMAIN "thaogo-engine"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "tg-date.h"
#include "tg-engine-private.h"
#include "tg-error.h"
#include "tg-text.h"

gboolean
tg_engine_require_dossier_access (TgEngine *engine, const TgToken *caller, const gchar *unit,
				  GError **error)
{
	g_autoptr(TgUnit) u = tg_engine_get_unit (engine, unit, NULL, error);

	if (u == NULL)
		return FALSE;
	return tg_engine_require_secretary_of (engine, caller, unit, error);
}

/* (transfer full): the day of an act on @unit's dossiers: @as_of, checked, or today; NULL
 * with an error when @caller may not act on them */
static gchar *
tg_engine_dossier_date (TgEngine *engine, const TgToken *caller, const gchar *unit,
			const gchar *as_of, GError **error)
{
	if (!tg_engine_require_dossier_access (engine, caller, unit, error))
		return NULL;
	if (as_of == NULL)
		return tg_engine_get_today (engine);
	if (!tg_date_is_valid_iso (as_of)) {
		tg_error_set_field (error, TG_ERROR_INVALID, "as_of",
				    N_ ("must be a date written YYYY-MM-DD"));
		return NULL;
	}
	return g_strdup (as_of);
}

gboolean
tg_engine_import_dossiers (TgEngine *engine, const TgToken *caller, const gchar *unit,
			   const gchar *as_of, const TgDossierList *list, gboolean *unchanged,
			   GError **error)
{
	g_autofree gchar *date = NULL;
	g_autoptr(GError) error_local = NULL;
	gboolean same = FALSE;

	g_return_val_if_fail (list != NULL && list->digest != NULL, FALSE);
	date = tg_engine_dossier_date (engine, caller, unit, as_of, error);
	if (date == NULL)
		return FALSE;
	if (!tg_store_put_dossier_list (engine->store, unit, date, list->rows, list->digest,
					tg_clock_now (engine->clock), &same, &error_local)) {
		tg_engine_propagate_store_error (error, g_steal_pointer (&error_local));
		return FALSE;
	}
	if (same)
		g_info ("late-dossier list of %s on %s unchanged", unit, date);
	else
		g_info ("late-dossier list of %s on %s stored: %u dossiers", unit, date,
			list->rows->len);
	if (unchanged != NULL)
		*unchanged = same;
	return TRUE;
}

GPtrArray *
tg_engine_list_dossiers (TgEngine *engine, const TgToken *caller, const gchar *unit,
			 const gchar *as_of, gchar **listed, GError **error)
{
	g_autofree gchar *date = NULL;
	g_autofree gchar *found = NULL;
	g_autoptr(GError) error_local = NULL;
	GPtrArray *rows;

	*listed = NULL;
	date = tg_engine_dossier_date (engine, caller, unit, as_of, error);
	if (date == NULL)
		return NULL;
	if (!tg_store_find_dossier_list (engine->store, unit, date, &found, &error_local)) {
		tg_engine_propagate_store_error (error, g_steal_pointer (&error_local));
		return NULL;
	}
	if (found == NULL)
		return g_ptr_array_new_with_free_func ((GDestroyNotify) tg_dossier_free);
	rows = tg_store_list_dossiers (engine->store, unit, found, &error_local);
	if (rows == NULL) {
		tg_engine_propagate_store_error (error, g_steal_pointer (&error_local));
		return NULL;
	}
	*listed = g_steal_pointer (&found);
	return rows;
}

/* checks the fields of @c that are given ("" empties one) */
static gboolean
tg_engine_check_classification (const TgDossierClassification *c, GError **error)
{
	if (c->cause != NULL && c->cause[0] != '\0' &&
	    !tg_booking_vocabulary_has (tg_booking_causes, c->cause)) {
		tg_error_set_field (
			error, TG_ERROR_INVALID, "cause",
			N_ ("must be missing_documents, coordination, it_system, workload, "
			    "legal_land, citizen_side or other"));
		return FALSE;
	}
	if (c->responsible_agency != NULL &&
	    !tg_text_is_clean_line (c->responsible_agency, 0, TG_DOSSIER_AGENCY_MAX)) {
		tg_error_set_field (error, TG_ERROR_INVALID, "responsible_agency",
				    N_ ("must be at most 200 characters on one line"));
		return FALSE;
	}
	if (c->deadline != NULL && c->deadline[0] != '\0' && !tg_date_is_valid_iso (c->deadline)) {
		tg_error_set_field (error, TG_ERROR_INVALID, "deadline",
				    N_ ("must be a date written YYYY-MM-DD"));
		return FALSE;
	}
	if (c->note != NULL && !tg_text_is_clean_block (c->note, 0, TG_DOSSIER_NOTE_MAX)) {
		tg_error_set_field (error, TG_ERROR_INVALID, "note",
				    N_ ("must be at most 2000 characters of text"));
		return FALSE;
	}
	return TRUE;
}

/* a store error, with NOT_FOUND as "no such dossier" */
static void
tg_engine_propagate_dossier_error (GError **error, GError *store_error)
{
	if (g_error_matches (store_error, TG_STORE_ERROR, TG_STORE_ERROR_NOT_FOUND)) {
		tg_error_set_field (error, TG_ERROR_NOT_FOUND, NULL, N_ ("no such dossier"));
		g_error_free (store_error);
		return;
	}
	tg_engine_propagate_store_error (error, store_error);
}

TgDossier *
tg_engine_classify_dossier (TgEngine *engine, const TgToken *caller, const gchar *unit,
			    const gchar *code, const TgDossierClassification *c, GError **error)
{
	g_autoptr(GError) error_local = NULL;
	TgDossier *d;

	if (!tg_engine_require_dossier_access (engine, caller, unit, error))
		return NULL;
	if (!tg_dossier_code_is_well_formed (code)) {
		tg_error_set_field (error, TG_ERROR_NOT_FOUND, NULL, N_ ("no such dossier"));
		return NULL;
	}
	if (!tg_engine_check_classification (c, error))
		return NULL;
	if (!tg_store_classify_dossier (engine->store, unit, code, c, tg_clock_now (engine->clock),
					&error_local)) {
		tg_engine_propagate_dossier_error (error, g_steal_pointer (&error_local));
		return NULL;
	}
	d = tg_store_get_dossier (engine->store, unit, code, &error_local);
	if (d == NULL)
		tg_engine_propagate_dossier_error (error, g_steal_pointer (&error_local));
	return d;
}

GHashTable *
tg_engine_link_dossiers (TgEngine *engine, const TgToken *caller, const TgOccurrence *occ,
			 GPtrArray *bookings, GError **error)
{
	g_autoptr(GHashTable) links = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
							      (GDestroyNotify) tg_dossier_free);
	g_autoptr(GHashTable) asked = g_hash_table_new (g_str_hash, g_str_equal);
	g_autoptr(GPtrArray) codes = g_ptr_array_new ();
	g_autoptr(GPtrArray) units = NULL;
	g_autoptr(GPtrArray) found = NULL;
	g_autoptr(GError) error_local = NULL;

	/* the dossiers are the unit's secretaries': its staff see no link */
	if (!tg_engine_require_secretary_of (engine, caller, occ->unit, NULL))
		return g_steal_pointer (&links);
	for (guint i = 0; i < bookings->len; i++) {
		const TgBooking *b = g_ptr_array_index (bookings, i);
		/* only what a dossier code may be goes into the query's JSON */
		if (!tg_dossier_code_is_well_formed (b->dossier_code) ||
		    !g_hash_table_add (asked, b->dossier_code))
			continue;
		g_ptr_array_add (codes, b->dossier_code);
	}
	if (codes->len == 0)
		return g_steal_pointer (&links);
	units = tg_engine_unit_tree (engine, occ->unit, error);
	if (units == NULL)
		return NULL;
	found = tg_store_find_listed_dossiers (engine->store, units, codes, occ->date,
					       &error_local);
	if (found == NULL) {
		tg_engine_propagate_store_error (error, g_steal_pointer (&error_local));
		return NULL;
	}
	/* the unit's own list first, then the nearest below it (the tree is breadth first) */
	for (guint i = 0; i < found->len; i++) {
		TgDossier *d = g_ptr_array_index (found, i);
		if (g_hash_table_contains (links, d->code))
			continue;
		g_hash_table_insert (links, d->code, g_ptr_array_steal_index (found, i));
		i--;
	}
	return g_steal_pointer (&links);
}

/* (transfer full): @unit and the units above it that @caller sees, nearest first */
static GPtrArray *
tg_engine_units_above (TgEngine *engine, const TgToken *caller, const gchar *unit,
		       const gchar *date)
{
	GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
	g_autofree gchar *code = g_strdup (unit);

	/* a unit's line of parents is short (province, district, commune): bounded anyway */
	while (code != NULL && out->len < 16 && tg_engine_caller_sees_unit (engine, caller, code)) {
		g_autoptr(TgUnit) u = tg_engine_get_unit (engine, code, date, NULL);
		g_ptr_array_add (out, g_steal_pointer (&code));
		code = u != NULL ? g_strdup (u->parent) : NULL;
	}
	return out;
}

GPtrArray *
tg_engine_get_dossier_history (TgEngine *engine, const TgToken *caller, const gchar *unit,
			       const gchar *code, const gchar *as_of, gboolean *listed,
			       GPtrArray **receptions, const TgBooking **suggestion, GError **error)
{
	g_autofree gchar *date = NULL;
	g_autofree gchar *latest = NULL;
	g_autoptr(GPtrArray) rows = NULL;
	g_autoptr(GPtrArray) units = NULL;
	g_autoptr(GPtrArray) bookings = NULL;
	g_autoptr(GError) error_local = NULL;
	const TgDossier *last;

	*listed = FALSE;
	*receptions = NULL;
	*suggestion = NULL;
	date = tg_engine_dossier_date (engine, caller, unit, as_of, error);
	if (date == NULL)
		return NULL;
	if (!tg_dossier_code_is_well_formed (code)) {
		tg_error_set_field (error, TG_ERROR_NOT_FOUND, NULL, N_ ("no such dossier"));
		return NULL;
	}
	rows = tg_store_list_dossier_listings (engine->store, unit, code, date, &error_local);
	if (rows == NULL ||
	    !tg_store_find_dossier_list (engine->store, unit, date, &latest, &error_local)) {
		tg_engine_propagate_store_error (error, g_steal_pointer (&error_local));
		return NULL;
	}
	if (rows->len == 0) {
		tg_error_set_field (error, TG_ERROR_NOT_FOUND, NULL, N_ ("no such dossier"));
		return NULL;
	}
	units = tg_engine_units_above (engine, caller, unit, date);
	bookings = tg_store_list_dossier_bookings (engine->store, units, code, &error_local);
	if (bookings == NULL) {
		tg_engine_propagate_store_error (error, g_steal_pointer (&error_local));
		return NULL;
	}
	last = g_ptr_array_index (rows, rows->len - 1);
	*listed = g_strcmp0 (last->as_of, latest) == 0;
	/* a reception's cause is a suggestion: the secretary's classification is never
	 * overwritten by it */
	for (guint i = bookings->len; last->cause == NULL && i > 0; i--) {
		const TgBooking *b = g_ptr_array_index (bookings, i - 1);
		if (b->cause != NULL) {
			*suggestion = b;
			break;
		}
	}
	*receptions = g_steal_pointer (&bookings);
	return g_steal_pointer (&rows);
}

/* the order of a review's rows: by dimension (as the review shows them), the weeks by date,
 * the rest by count, most first, then by key */
static gint
tg_engine_review_dimension (const gchar *dimension)
{
	static const gchar *const order[] = {"total", "agency", "procedure", "cause", "week"};

	for (guint i = 0; i < G_N_ELEMENTS (order); i++) {
		if (g_strcmp0 (order[i], dimension) == 0)
			return (gint) i;
	}
	return (gint) G_N_ELEMENTS (order);
}

static gint
tg_engine_compare_review_rows (gconstpointer a, gconstpointer b)
{
	const TgReportRow *x = *(TgReportRow *const *) a;
	const TgReportRow *y = *(TgReportRow *const *) b;
	gint dx = tg_engine_review_dimension (x->dimension);
	gint dy = tg_engine_review_dimension (y->dimension);

	if (dx != dy)
		return dx - dy;
	/* the totals keep the store's order */
	if (dx == 0)
		return 0;
	if (dx != tg_engine_review_dimension ("week") && x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return g_strcmp0 (x->key, y->key);
}

GPtrArray *
tg_engine_review_dossiers (TgEngine *engine, const TgToken *caller, const gchar *unit,
			   const gchar *as_of, GError **error)
{
	g_autofree gchar *date = NULL;
	g_autoptr(GPtrArray) units = NULL;
	g_autoptr(GError) error_local = NULL;
	GPtrArray *rows;

	date = tg_engine_dossier_date (engine, caller, unit, as_of, error);
	if (date == NULL)
		return NULL;
	units = tg_engine_unit_tree (engine, unit, error);
	if (units == NULL)
		return NULL;
	rows = tg_store_review_dossiers (engine->store, units, date, &error_local);
	if (rows == NULL) {
		tg_engine_propagate_store_error (error, g_steal_pointer (&error_local));
		return NULL;
	}
	/* g_ptr_array_sort () is stable: the totals stay in the store's order */
	g_ptr_array_sort (rows, tg_engine_compare_review_rows);
	return rows;
}
