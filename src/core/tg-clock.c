/* tg-clock.c: an injectable clock */
#include "config.h"

#include <string.h>

#include "tg-clock.h"

typedef struct {
	guint id;
	TgClockWatch func;
	gpointer user_data;
} TgClockWatchEntry;

struct _TgClock {
	gint fixed;   /* atomic: the real clock reads nothing else */
	GMutex mutex; /* @now_us */
	gint64 now_us;
	GMutex watch_mutex; /* @watches, held while they run */
	GArray *watches;    /* TgClockWatchEntry */
	guint next_watch;
};

static TgClock *
tg_clock_new (gboolean fixed, gint64 now_us)
{
	TgClock *clock = g_new0 (TgClock, 1);
	g_mutex_init (&clock->mutex);
	g_mutex_init (&clock->watch_mutex);
	clock->fixed = fixed;
	clock->now_us = now_us;
	clock->watches = g_array_new (FALSE, FALSE, sizeof (TgClockWatchEntry));
	return clock;
}

TgClock *
tg_clock_new_real (void)
{
	return tg_clock_new (FALSE, 0);
}

TgClock *
tg_clock_new_fixed (gint64 now_us)
{
	return tg_clock_new (TRUE, now_us);
}

void
tg_clock_free (TgClock *clock)
{
	if (clock == NULL)
		return;
	g_array_unref (clock->watches);
	g_mutex_clear (&clock->watch_mutex);
	g_mutex_clear (&clock->mutex);
	g_free (clock);
}

gint64
tg_clock_now (TgClock *clock)
{
	gint64 now;

	g_return_val_if_fail (clock != NULL, 0);
	/* called for every request: the real clock is one atomic read, then the time */
	if (!g_atomic_int_get (&clock->fixed))
		return g_get_real_time ();
	g_mutex_lock (&clock->mutex);
	now = clock->now_us;
	g_mutex_unlock (&clock->mutex);
	return now;
}

static void
tg_clock_run_watches (TgClock *clock)
{
	g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&clock->watch_mutex);
	for (guint i = 0; i < clock->watches->len; i++) {
		TgClockWatchEntry *w = &g_array_index (clock->watches, TgClockWatchEntry, i);
		w->func (w->user_data);
	}
}

/* @relative: @us is added to the time the clock shows */
static void
tg_clock_move (TgClock *clock, gint64 us, gboolean relative)
{
	g_mutex_lock (&clock->mutex);
	if (relative && !g_atomic_int_get (&clock->fixed))
		clock->now_us = g_get_real_time ();
	clock->now_us = relative ? clock->now_us + us : us;
	g_atomic_int_set (&clock->fixed, TRUE);
	g_mutex_unlock (&clock->mutex);
	tg_clock_run_watches (clock);
}

void
tg_clock_set (TgClock *clock, gint64 now_us)
{
	g_return_if_fail (clock != NULL);
	tg_clock_move (clock, now_us, FALSE);
}

void
tg_clock_advance (TgClock *clock, gint64 delta_us)
{
	g_return_if_fail (clock != NULL);
	tg_clock_move (clock, delta_us, TRUE);
}

guint
tg_clock_add_watch (TgClock *clock, TgClockWatch func, gpointer user_data)
{
	TgClockWatchEntry w = {0, func, user_data};

	g_return_val_if_fail (clock != NULL, 0);
	g_return_val_if_fail (func != NULL, 0);
	g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&clock->watch_mutex);
	w.id = ++clock->next_watch;
	g_array_append_val (clock->watches, w);
	return w.id;
}

void
tg_clock_remove_watch (TgClock *clock, guint id)
{
	g_return_if_fail (clock != NULL);
	g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&clock->watch_mutex);
	for (guint i = 0; i < clock->watches->len; i++) {
		if (g_array_index (clock->watches, TgClockWatchEntry, i).id == id) {
			g_array_remove_index (clock->watches, i);
			return;
		}
	}
	g_warning ("no clock watch %u", id);
}

gchar *
tg_clock_format_rfc3339 (gint64 time_us)
{
	g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (time_us / G_USEC_PER_SEC);
	g_autoptr(GTimeZone) tz = g_time_zone_new_offset (7 * 3600);
	g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, tz);
	return g_date_time_format (local, "%Y-%m-%dT%H:%M:%S%:z");
}

gboolean
tg_clock_parse_rfc3339 (const gchar *text, gint64 *out_us)
{
	g_autoptr(GDateTime) t = NULL;

	g_return_val_if_fail (out_us != NULL, FALSE);
	/* the date, 'T', the time: not the other forms ISO 8601 allows (weeks, ordinal days) */
	if (text == NULL || strlen (text) < 20 || text[4] != '-' || text[7] != '-' ||
	    (text[10] != 'T' && text[10] != 't'))
		return FALSE;
	/* no default time zone: a time without its offset is refused */
	t = g_date_time_new_from_iso8601 (text, NULL);
	/* years 1000 to 9998: written back with four digits (tg_clock_format_rfc3339), in
	 * Vietnam's time too */
	if (t == NULL || g_date_time_get_year (t) < 1000 || g_date_time_get_year (t) > 9998)
		return FALSE;
	*out_us = g_date_time_to_unix (t) * G_USEC_PER_SEC + g_date_time_get_microsecond (t);
	return TRUE;
}
