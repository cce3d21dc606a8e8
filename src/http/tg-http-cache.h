/* tg-http-cache.h: the bodies of public reads, built once and kept in memory while what they
 * show is unchanged (the engine's generations and today's date), answered with a strong
 * ETag, 304 on If-None-Match, a short public Cache-Control and gzip kept compressed */
#pragma once

#include <glib.h>

#include "tg-http.h"

G_BEGIN_DECLS

typedef struct _TgHttpCache TgHttpCache;

/* Bounded: the least recently used bodies go first past either limit */
#define TG_HTTP_CACHE_MAX_ENTRIES 4096
#define TG_HTTP_CACHE_MAX_BYTES (32 * 1024 * 1024)
/* bodies from this size on are kept gzipped too */
#define TG_HTTP_CACHE_GZIP_MIN 1024
/* what a shared cache (a reverse proxy) may keep them */
#define TG_HTTP_CACHE_CONTROL "public, max-age=5"
/* seats: shared, but asked again each time (a 304 while unchanged), so that whoever booked
 * sees their seat taken at once, even through a proxy or the browser's cache */
#define TG_HTTP_CACHE_CONTROL_SEATS "public, no-cache"

/* (transfer full) */
TgHttpCache *tg_http_cache_new (guint max_entries, gsize max_bytes);
void tg_http_cache_free (TgHttpCache *cache);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TgHttpCache, tg_http_cache_free)

/* How many bodies are kept, and their bytes (with their gzipped copies) */
guint tg_http_cache_get_count (TgHttpCache *cache, gsize *bytes);

/* Answers @req with @policy's @handler, which must answer at once (never defer): for a
 * caller signed in (a bearer token or a session cookie) it runs as ever, its answer marked
 * private; for anyone else a 200 it gave is kept under the request's path, the query
 * arguments @policy names and the language when @policy says, and answered from memory
 * until the engine's generations or today's date change. */
gboolean tg_http_cache_answer (TgHttpCache *cache, TgHttpRequest *req,
			       const TgHttpCachePolicy *policy, TgHttpHandler handler,
			       TgHttpResponse *resp, GError **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
