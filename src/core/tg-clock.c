/* tg-clock.c: an injectable clock */
#include "config.h"

#include "tg-clock.h"

struct _TgClock {
	GMutex mutex;
	gboolean fixed;
	gint64 now_us;
};

TgClock *
tg_clock_new_real (void)
{
	return g_new0 (TgClock, 1);
}

TgClock *
tg_clock_new_fixed (gint64 now_us)
{
	TgClock *clock = g_new0 (TgClock, 1);
	clock->fixed = TRUE;
	clock->now_us = now_us;
	return clock;
}

void
tg_clock_free (TgClock *clock)
{
	if (clock == NULL)
		return;
	g_mutex_clear (&clock->mutex);
	g_free (clock);
}

gint64
tg_clock_now (TgClock *clock)
{
	g_return_val_if_fail (clock != NULL, 0);
	g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&clock->mutex);
	if (clock->fixed)
		return clock->now_us;
	return g_get_real_time ();
}

void
tg_clock_set (TgClock *clock, gint64 now_us)
{
	g_return_if_fail (clock != NULL);
	g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&clock->mutex);
	clock->now_us = now_us;
	clock->fixed = TRUE;
}

gchar *
tg_clock_format_rfc3339 (gint64 time_us)
{
	g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (time_us / G_USEC_PER_SEC);
	g_autoptr(GTimeZone) tz = g_time_zone_new_offset (7 * 3600);
	g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, tz);
	return g_date_time_format (local, "%Y-%m-%dT%H:%M:%S%:z");
}
