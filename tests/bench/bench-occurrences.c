/* bench-occurrences.c: every occurrence of every demo unit (101) for ten years
 *
 * Through the engine (store reads, exceptions, bridges, holiday calendar), one year per call
 * as the API allows, and through the core alone. Prints occurrences/s. */
#include "config.h"

#include <glib/gstdio.h>

#include "tg-engine.h"
#include "tg-store.h"

static gchar *
find_units (void)
{
	const gchar *dir = g_getenv ("THAOGO_DATADIR");
	return g_build_filename (dir != NULL ? dir : TG_SRCDATADIR, "units", "binh-duong-2023.tsv",
				 NULL);
}

int
main (void)
{
	g_autofree gchar *dir = g_dir_make_tmp ("thaogo-bench-XXXXXX", NULL);
	g_autofree gchar *path = g_build_filename (dir, "thaogo.db", NULL);
	g_autofree gchar *units_path = find_units ();
	g_autoptr(GError) error = NULL;
	g_autoptr(TgStore) store = tg_store_open (path, &error);
	g_autoptr(TgClock) clock = tg_clock_new_fixed ((gint64) 1795541400 * G_USEC_PER_SEC);
	g_autoptr(TgEngine) engine = NULL;
	g_autoptr(GPtrArray) units = NULL;
	guint loaded = 0;
	guint64 total = 0, total_core = 0;
	gint64 start, elapsed, elapsed_core;

	if (store == NULL)
		g_error ("%s", error->message);
	engine = tg_engine_new (store, clock);
	if (!tg_engine_load_units_file (engine, units_path, &loaded, &error))
		g_error ("%s", error->message);
	units = tg_engine_list_units (engine, NULL, TG_UNIT_LEVEL_UNKNOWN, NULL, TRUE, &error);

	start = g_get_monotonic_time ();
	for (guint i = 0; i < units->len; i++) {
		TgUnit *u = g_ptr_array_index (units, i);
		for (gint year = 2027; year < 2037; year++) {
			g_autofree gchar *from = g_strdup_printf ("%d-01-01", year);
			g_autofree gchar *to = g_strdup_printf ("%d-12-31", year);
			g_autoptr(GPtrArray) occ = tg_engine_list_occurrences (engine, u->code,
										from, to, &error);
			if (occ == NULL)
				g_error ("%s", error->message);
			total += occ->len;
		}
	}
	elapsed = g_get_monotonic_time () - start;

	start = g_get_monotonic_time ();
	{
		g_autoptr(TgHolidayCalendar) cal = tg_engine_new_calendar (engine, &error);
		for (guint i = 0; i < units->len; i++) {
			TgUnit *u = g_ptr_array_index (units, i);
			g_autoptr(TgSeries) s = tg_series_new_default (u->code);
			g_autoptr(GPtrArray) occ =
					   tg_occurrences_compute (s, cal, NULL, NULL, NULL,
								   "2027-01-01", "2036-12-31");
			total_core += occ->len;
		}
	}
	elapsed_core = g_get_monotonic_time () - start;

	g_print ("occurrences of %u units over ten years (2027-2036)\n", units->len);
	g_print ("  engine (store, exceptions, bridges, one year per call): %" G_GUINT64_FORMAT
		 " occurrences in %.3f s = %.0f occurrences/s\n",
		 total, elapsed / 1e6, total * 1e6 / (gdouble) elapsed);
	g_print ("  core only (series + holiday calendar):                  %" G_GUINT64_FORMAT
		 " occurrences in %.3f s = %.0f occurrences/s\n",
		 total_core, elapsed_core / 1e6, total_core * 1e6 / (gdouble) elapsed_core);
	g_clear_pointer (&engine, tg_engine_free);
	g_clear_pointer (&store, tg_store_free);
	{
		g_autofree gchar *cmd = g_strdup_printf ("rm -rf '%s'", dir);
		if (system (cmd) != 0)
			g_printerr ("could not remove %s\n", dir);
	}
	return 0;
}
