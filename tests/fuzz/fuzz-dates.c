/* fuzz-dates.c: dates and times as the API and the query strings carry them: YYYY-MM-DD,
 * HH:MM, RFC 3339 timestamps */
#include "tg-fuzz.h"

#include "tg-clock.h"
#include "tg-date.h"
#include "tg-series.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
	g_autofree gchar *text = tg_fuzz_string (data, size);
	GDate date;
	guint minutes = 0;
	gint64 us = 0;

	/* a date read is written back the same */
	if (tg_date_parse_iso (text, &date)) {
		g_autofree gchar *iso = tg_date_to_iso (&date);
		TG_FUZZ_ASSERT (g_strcmp0 (iso, text) == 0);
		TG_FUZZ_ASSERT (tg_date_is_valid_iso (text));
		TG_FUZZ_ASSERT (tg_date_local_to_us (text, 0) != 0 ||
				g_strcmp0 (text, "1970-01-01") == 0);
	} else {
		TG_FUZZ_ASSERT (!tg_date_is_valid_iso (text));
		TG_FUZZ_ASSERT (tg_date_local_to_us (text, 0) == 0);
	}
	if (tg_time_parse (text, &minutes)) {
		g_autofree gchar *again = tg_time_to_string (minutes);
		TG_FUZZ_ASSERT (minutes < 24 * 60);
		TG_FUZZ_ASSERT (g_strcmp0 (again, text) == 0);
	}
	/* a timestamp read is one that formats and reads back as the same instant */
	if (tg_clock_parse_rfc3339 (text, &us)) {
		g_autofree gchar *again = tg_clock_format_rfc3339 (us);
		gint64 us2 = 0;
		TG_FUZZ_ASSERT (again != NULL && tg_clock_parse_rfc3339 (again, &us2));
		TG_FUZZ_ASSERT (us2 / G_USEC_PER_SEC == us / G_USEC_PER_SEC);
	}
	return 0;
}
