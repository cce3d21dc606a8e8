/* tg-http-ratelimit.c: a token bucket per client address */
#include "config.h"

#include <math.h>

#include "tg-http-ratelimit.h"

#define TG_RATE_LIMIT_MAX_ADDRESSES 100000

typedef struct {
	gdouble tokens;
	gint64 updated;
} TgBucket;

struct _TgRateLimit {
	guint per_hour;
	GMutex mutex;
	GHashTable *buckets; /* address -> TgBucket */
};

TgRateLimit *
tg_rate_limit_new (guint per_hour)
{
	TgRateLimit *limit = g_new0 (TgRateLimit, 1);
	limit->per_hour = per_hour;
	g_mutex_init (&limit->mutex);
	limit->buckets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
	return limit;
}

void
tg_rate_limit_free (TgRateLimit *limit)
{
	if (limit == NULL)
		return;
	g_hash_table_unref (limit->buckets);
	g_mutex_clear (&limit->mutex);
	g_free (limit);
}

gboolean
tg_rate_limit_take (TgRateLimit *limit, const gchar *address, gint64 now_us, guint *retry_after)
{
	g_autoptr(GMutexLocker) locker = NULL;
	gdouble per_us;
	TgBucket *b;

	if (limit == NULL || limit->per_hour == 0)
		return TRUE;
	per_us = (gdouble) limit->per_hour / (3600.0 * G_USEC_PER_SEC);
	locker = g_mutex_locker_new (&limit->mutex);
	/* a flood of addresses must not eat the memory: start afresh when too many */
	if (g_hash_table_size (limit->buckets) > TG_RATE_LIMIT_MAX_ADDRESSES)
		g_hash_table_remove_all (limit->buckets);
	b = g_hash_table_lookup (limit->buckets, address);
	if (b == NULL) {
		b = g_new0 (TgBucket, 1);
		b->tokens = limit->per_hour;
		b->updated = now_us;
		g_hash_table_insert (limit->buckets, g_strdup (address), b);
	}
	/* the engine's clock, a wall clock: one set back gives nothing back nor takes anything */
	if (now_us > b->updated) {
		b->tokens =
			MIN ((gdouble) limit->per_hour, b->tokens + (now_us - b->updated) * per_us);
		b->updated = now_us;
	}
	/* (less a rounding error: a token is back after exactly the wait told) */
	if (b->tokens >= 1.0 - 1e-9) {
		b->tokens = MAX (0.0, b->tokens - 1.0);
		return TRUE;
	}
	if (retry_after != NULL)
		/* whole seconds, rounded up (a clock standing still waits exactly 3600 / per_hour)
		 */
		*retry_after =
			MAX (1, (guint) ceil ((1.0 - b->tokens) / per_us / G_USEC_PER_SEC - 1e-6));
	return FALSE;
}
