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

/* UTC microseconds since the epoch */
gint64 tg_clock_now (TgClock *clock);
/* Moves a fixed clock; a real clock becomes fixed */
void tg_clock_set (TgClock *clock, gint64 now_us);

/* (transfer full): now as RFC 3339 in +07:00, "2027-03-01T08:00:00+07:00" */
gchar *tg_clock_format_rfc3339 (gint64 time_us);

G_END_DECLS
