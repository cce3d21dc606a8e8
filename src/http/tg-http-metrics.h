/* tg-http-metrics.h: the requests counted by route and status, their latencies by family, and
 * the page /metrics (Prometheus text format 0.0.4) */
#pragma once

#include "tg-http.h"

G_BEGIN_DECLS

typedef struct _TgHttpMetrics TgHttpMetrics;

/* what a request was answered by, beside the index of a route of the table */
#define TG_HTTP_ROUTE_NONE (-1)   /* no route: an unknown address, a method not allowed */
#define TG_HTTP_ROUTE_STATIC (-2) /* the pages' files (tg_http_web_fallback) */

/* @routes: (array length=n_routes) (transfer none): the route table, which outlives it */
TgHttpMetrics *tg_http_metrics_new (const TgHttpRoute *routes, guint n_routes);
void tg_http_metrics_free (TgHttpMetrics *metrics);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TgHttpMetrics, tg_http_metrics_free)

/* One answer (any thread, no lock): @route as above, its @status, @us since it came */
void tg_http_metrics_count (TgHttpMetrics *metrics, gint route, guint status, gint64 us);

/* (transfer full): the whole exposition: these counters, @connections open, and what the
 * engine reads of the store */
GBytes *tg_http_metrics_render (TgHttpMetrics *metrics, TgEngine *engine, guint connections,
				GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* The content type of the exposition */
#define TG_HTTP_METRICS_CONTENT_TYPE "text/plain; version=0.0.4; charset=utf-8"

G_END_DECLS
