/* tg-clock.h: the time, injected so that tests can set "now" to any Monday */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _TgClock TgClock;

/* (transfer full): the real clock */
TgClock *tg_clock_new_real (void);
/* (transfer full): a clock that stands still at @now_us (UTC microseconds) until set */
TgClock *tg_clock_new_fixed (gint64 now_us);
void tg_clock_free (TgClock *clock);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TgClock, tg_clock_free)

/* UTC microseconds since the epoch (the real clock takes no lock) */
gint64 tg_clock_now (TgClock *clock);
/* Moves a fixed clock; a real clock becomes fixed. The watches run before it returns. */
void tg_clock_set (TgClock *clock, gint64 now_us);
/* Moves the clock by @delta_us (forward when positive) from where it is, as tg_clock_set */
void tg_clock_advance (TgClock *clock, gint64 delta_us);

/* Called in the thread that set the clock, after the clock moved, one watch after the other
 * in the order they were added. A watch may read the clock, not set it nor add or remove
 * watches. */
typedef void (*TgClockWatch) (gpointer user_data);
/* returns the watch's id (never 0) */
guint tg_clock_add_watch (TgClock *clock, TgClockWatch func, gpointer user_data);
/* Once it returns, the watch does not run (nor is running) any more */
void tg_clock_remove_watch (TgClock *clock, guint id);

/* (transfer full): now as RFC 3339 in +07:00, "2027-03-01T08:00:00+07:00" */
gchar *tg_clock_format_rfc3339 (gint64 time_us);
/* An RFC 3339 date and time with its offset ("2027-03-01T08:00:00+07:00", "...Z") as UTC
 * microseconds; FALSE when @text is not one */
gboolean tg_clock_parse_rfc3339 (const gchar *text, gint64 *out_us) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
