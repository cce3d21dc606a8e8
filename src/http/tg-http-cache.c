/* tg-http-cache.c: the bodies of public reads, kept in memory while they are current */
#define G_LOG_DOMAIN "thaogo-http"

#include "config.h"

#include <string.h>

#include "tg-http-cache.h"
#include "tg-http-static.h"

/* a key longer than this (a query argument of odd length) is answered without the cache */
#define TG_HTTP_CACHE_KEY_MAX 1024
#define TG_HTTP_CACHE_GZIP_LEVEL 6

/* One body as built, shared (reference counted) while answers use it; immutable once kept */
typedef struct {
	gchar *key;
	GBytes *body;
	gchar *etag;
	GBytes *gzip; /* (nullable) when not smaller or the body is small */
	gchar *etag_gzip;
	gchar *content_type;
	/* what it was built under */
	guint64 calendar;
	gint bookings;
	gboolean seats;
	gchar *today;
	gsize size;
	GList link; /* in the cache's queue, the most recently used first */
} TgHttpCacheEntry;

struct _TgHttpCache {
	GMutex mutex;
	GHashTable *entries; /* key -> TgHttpCacheEntry (a reference) */
	GQueue lru;
	gsize bytes;
	guint max_entries;
	gsize max_bytes;
};

static void
tg_http_cache_entry_clear (gpointer data)
{
	TgHttpCacheEntry *e = data;
	g_free (e->key);
	g_clear_pointer (&e->body, g_bytes_unref);
	g_clear_pointer (&e->gzip, g_bytes_unref);
	g_free (e->etag);
	g_free (e->etag_gzip);
	g_free (e->content_type);
	g_free (e->today);
}

static void
tg_http_cache_entry_unref (TgHttpCacheEntry *e)
{
	g_atomic_rc_box_release_full (e, tg_http_cache_entry_clear);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TgHttpCacheEntry, tg_http_cache_entry_unref)

TgHttpCache *
tg_http_cache_new (guint max_entries, gsize max_bytes)
{
	TgHttpCache *cache = g_new0 (TgHttpCache, 1);

	g_mutex_init (&cache->mutex);
	cache->entries = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
						(GDestroyNotify) tg_http_cache_entry_unref);
	g_queue_init (&cache->lru);
	cache->max_entries = MAX (max_entries, 1);
	cache->max_bytes = max_bytes;
	return cache;
}

void
tg_http_cache_free (TgHttpCache *cache)
{
	if (cache == NULL)
		return;
	g_hash_table_unref (cache->entries);
	g_mutex_clear (&cache->mutex);
	g_free (cache);
}

guint
tg_http_cache_get_count (TgHttpCache *cache, gsize *bytes)
{
	g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&cache->mutex);
	if (bytes != NULL)
		*bytes = cache->bytes;
	return g_hash_table_size (cache->entries);
}

/* with the mutex held */
static void
tg_http_cache_remove (TgHttpCache *cache, TgHttpCacheEntry *e)
{
	g_queue_unlink (&cache->lru, &e->link);
	cache->bytes -= e->size;
	g_hash_table_remove (cache->entries, e->key);
}

/* (transfer full) (nullable): the entry of @key when it was built under these generations */
static TgHttpCacheEntry *
tg_http_cache_lookup (TgHttpCache *cache, const gchar *key, guint64 calendar, gint bookings,
		      const gchar *today)
{
	g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&cache->mutex);
	TgHttpCacheEntry *e = g_hash_table_lookup (cache->entries, key);

	if (e == NULL || e->calendar != calendar || (e->seats && e->bookings != bookings) ||
	    strcmp (e->today, today) != 0)
		return NULL;
	g_queue_unlink (&cache->lru, &e->link);
	g_queue_push_head_link (&cache->lru, &e->link);
	return g_atomic_rc_box_acquire (e);
}

/* keeps @e (a reference of its own), in place of what @key held, then makes room */
static void
tg_http_cache_keep (TgHttpCache *cache, TgHttpCacheEntry *e)
{
	g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&cache->mutex);
	TgHttpCacheEntry *old = g_hash_table_lookup (cache->entries, e->key);

	if (old != NULL)
		tg_http_cache_remove (cache, old);
	if (e->size > cache->max_bytes)
		return;
	g_hash_table_insert (cache->entries, e->key, g_atomic_rc_box_acquire (e));
	e->link.data = e;
	g_queue_push_head_link (&cache->lru, &e->link);
	cache->bytes += e->size;
	while (g_hash_table_size (cache->entries) > cache->max_entries ||
	       cache->bytes > cache->max_bytes)
		tg_http_cache_remove (cache, g_queue_peek_tail (&cache->lru));
}

/* (transfer full): the entry of a body a handler built */
static TgHttpCacheEntry *
tg_http_cache_entry_new (gchar *key, TgHttpResponse *resp, guint64 calendar, gint bookings,
			 gboolean seats, gchar *today)
{
	TgHttpCacheEntry *e = g_atomic_rc_box_new0 (TgHttpCacheEntry);

	e->key = key;
	e->body = g_bytes_ref (resp->body);
	e->etag = tg_http_static_etag (e->body, "");
	e->content_type = g_strdup (resp->content_type);
	e->calendar = calendar;
	e->bookings = bookings;
	e->seats = seats;
	e->today = today;
	if (g_bytes_get_size (e->body) >= TG_HTTP_CACHE_GZIP_MIN) {
		g_autoptr(GError) error = NULL;
		g_autoptr(GBytes) gz =
				   tg_http_static_gzip (e->body, TG_HTTP_CACHE_GZIP_LEVEL, &error);
		if (gz == NULL)
			g_warning ("cannot gzip the body of %s: %s", key, error->message);
		else if (g_bytes_get_size (gz) < g_bytes_get_size (e->body)) {
			e->etag_gzip = tg_http_static_etag (e->body, "-gz");
			e->gzip = g_steal_pointer (&gz);
		}
	}
	e->size = strlen (e->key) + g_bytes_get_size (e->body) +
		  (e->gzip != NULL ? g_bytes_get_size (e->gzip) : 0) + sizeof (*e);
	return e;
}

/* @e as the answer to @req: its body (gzipped when the client takes it) or a 304 */
static void
tg_http_cache_send (TgHttpCacheEntry *e, TgHttpRequest *req, const TgHttpCachePolicy *policy,
		    TgHttpResponse *resp)
{
	gboolean gzip =
		e->gzip != NULL &&
		tg_http_static_accepts_gzip (tg_http_request_get_header (req, "Accept-Encoding"));
	const gchar *etag = gzip ? e->etag_gzip : e->etag;

	g_clear_pointer (&resp->headers, g_ptr_array_unref);
	tg_http_response_add_header (resp, "ETag", etag);
	tg_http_response_add_header (resp, "Cache-Control",
				     policy->seats ? TG_HTTP_CACHE_CONTROL_SEATS
						   : TG_HTTP_CACHE_CONTROL);
	tg_http_response_add_header (resp, "Vary",
				     policy->language ? "Accept-Encoding, Accept-Language"
						      : "Accept-Encoding");
	if (tg_http_static_etag_matches (tg_http_request_get_header (req, "If-None-Match"), etag)) {
		tg_http_response_set_bytes (resp, 304, NULL, NULL);
		return;
	}
	if (gzip)
		tg_http_response_add_header (resp, "Content-Encoding", "gzip");
	tg_http_response_set_bytes (resp, 200, e->content_type, gzip ? e->gzip : e->body);
}

/* (transfer full) (nullable): the path, the query arguments @policy names (an empty one as
 * an absent one, in @policy's order) and the language; NULL when too long to keep */
static gchar *
tg_http_cache_key (TgHttpRequest *req, const TgHttpCachePolicy *policy)
{
	g_autoptr(GString) key = g_string_new (tg_http_request_get_path (req));

	for (guint i = 0; policy->query != NULL && policy->query[i] != NULL; i++) {
		const gchar *v = tg_http_request_get_query (req, policy->query[i]);
		if (v != NULL && v[0] != '\0')
			g_string_append_printf (key, "\n%s=%s", policy->query[i], v);
	}
	if (policy->language)
		g_string_append_printf (key, "\nlang=%s", tg_http_request_get_language (req));
	if (key->len > TG_HTTP_CACHE_KEY_MAX)
		return NULL;
	return g_string_free (g_steal_pointer (&key), FALSE);
}

gboolean
tg_http_cache_answer (TgHttpCache *cache, TgHttpRequest *req, const TgHttpCachePolicy *policy,
		      TgHttpHandler handler, TgHttpResponse *resp, GError **error)
{
	TgEngine *engine = tg_http_request_get_engine (req);
	g_autofree gchar *key = NULL;
	g_autofree gchar *today = NULL;
	g_autoptr(TgHttpCacheEntry) e = NULL;
	guint64 calendar = 0;
	gint bookings = 0;

	g_return_val_if_fail (cache != NULL && policy != NULL && handler != NULL, FALSE);
	/* a caller signed in may be answered more than the public: never shared */
	if (tg_http_request_get_header (req, "Authorization") != NULL ||
	    tg_http_request_get_cookie (req, TG_HTTP_SESSION_COOKIE) != NULL) {
		if (!handler (req, resp, error))
			return FALSE;
		if (!tg_http_response_has_header (resp, "Cache-Control"))
			tg_http_response_add_header (resp, "Cache-Control", "private, no-store");
		return TRUE;
	}
	key = tg_http_cache_key (req, policy);
	if (key == NULL)
		return handler (req, resp, error);
	/* read before the body is built: a change meanwhile leaves what is kept stale */
	tg_engine_get_generations (engine, &calendar, &bookings);
	today = tg_engine_get_today (engine);
	e = tg_http_cache_lookup (cache, key, calendar, bookings, today);
	if (e == NULL) {
		if (!handler (req, resp, error))
			return FALSE;
		if (resp->status != 200 || resp->body == NULL)
			return TRUE;
		e = tg_http_cache_entry_new (g_steal_pointer (&key), resp, calendar, bookings,
					     policy->seats, g_steal_pointer (&today));
		tg_http_cache_keep (cache, e);
	}
	tg_http_cache_send (e, req, policy, resp);
	return TRUE;
}
