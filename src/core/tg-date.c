/* tg-date.c: ISO dates */
#include "config.h"

#include "tg-date.h"

gboolean
tg_date_parse_iso (const gchar *str, GDate *date)
{
	guint y = 0, m = 0, d = 0;

	if (str == NULL || strlen (str) != 10 || str[4] != '-' || str[7] != '-')
		return FALSE;
	for (guint i = 0; i < 10; i++) {
		if (i == 4 || i == 7)
			continue;
		if (!g_ascii_isdigit (str[i]))
			return FALSE;
	}
	y = (guint) g_ascii_strtoull (str, NULL, 10);
	m = (guint) g_ascii_strtoull (str + 5, NULL, 10);
	d = (guint) g_ascii_strtoull (str + 8, NULL, 10);
	if (y < 1000 || !g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
		return FALSE;
	if (date != NULL) {
		g_date_clear (date, 1);
		g_date_set_dmy (date, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
	}
	return TRUE;
}

gboolean
tg_date_is_valid_iso (const gchar *str)
{
	return tg_date_parse_iso (str, NULL);
}

gchar *
tg_date_to_iso (const GDate *date)
{
	g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);
	return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (date),
				(guint) g_date_get_month (date), g_date_get_day (date));
}

gint64
tg_date_local_to_us (const gchar *date, guint minutes)
{
	/* Vietnam keeps UTC+7 all year; day 719163 of GDate is 1970-01-01 */
	GDate d;
	gint64 days;

	if (!tg_date_parse_iso (date, &d))
		return 0;
	days = (gint64) g_date_get_julian (&d) - 719163;
	return ((days * 1440 + minutes) * 60 - 7 * 3600) * G_USEC_PER_SEC;
}

gchar *
tg_date_today_iso (gint64 now_us)
{
	g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (now_us / G_USEC_PER_SEC);
	g_autoptr(GTimeZone) tz = g_time_zone_new_offset (7 * 3600);
	g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, tz);
	return g_date_time_format (local, "%Y-%m-%d");
}
