/* tg-http-ratelimit.h: new bookings per client address per hour (a token bucket) */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _TgRateLimit TgRateLimit;

/* @per_hour 0: no limit */
TgRateLimit *tg_rate_limit_new (guint per_hour);
void tg_rate_limit_free (TgRateLimit *limit);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TgRateLimit, tg_rate_limit_free)

/* Takes one token for @address at @now_us (the engine's clock: a time before the last one
 * seen refills nothing); FALSE when none is left, with the seconds until the next one in
 * *@retry_after */
gboolean tg_rate_limit_take (TgRateLimit *limit, const gchar *address, gint64 now_us,
			     guint *retry_after);

G_END_DECLS
