/* tg-http-metrics.c: counting the requests, and the page /metrics */
#define G_LOG_DOMAIN "thaogo-http"

#include "config.h"

#include "tg-booking.h"
#include "tg-http-metrics.h"
#include "tg-metrics.h"

/* the statuses counted apart; any other is counted as "other" */
static const guint tg_http_metrics_codes[] = {200, 201, 202, 204, 301, 302, 303, 304, 307, 308, 400,
					      401, 403, 404, 405, 406, 409, 410, 411, 413, 414, 415,
					      422, 429, 431, 500, 501, 502, 503, 504, 507};
#define TG_HTTP_N_CODES (G_N_ELEMENTS (tg_http_metrics_codes) + 1)

typedef enum {
	TG_HTTP_FAMILY_API,
	TG_HTTP_FAMILY_FEEDS,
	TG_HTTP_FAMILY_PAGES,
	TG_HTTP_FAMILY_STATIC,
	TG_HTTP_N_FAMILIES
} TgHttpFamily;

static const gchar *const tg_http_family_names[] = {"api", "feeds", "pages", "static"};

/* microseconds */
static const guint64 tg_http_latency_bounds[] = {250,    500,     1000,    2500,    5000,
						 10000,  25000,   50000,   100000,  250000,
						 500000, 1000000, 2500000, 5000000, 10000000};

/* the outbox's statuses (the CHECK of its table), shown even when none is there */
static const gchar *const tg_http_outbox_statuses[] = {"queued", "sending",    "sent",
						       "failed", "superseded", "dead"};

struct _TgHttpMetrics {
	guint n_routes;
	gchar **templates; /* each route's pattern with its '*' named: /api/v1/units/{code} */
	const gchar **methods;
	TgHttpFamily *families;
	guint64 *requests; /* (n_routes + 2) x TG_HTTP_N_CODES; the last two rows: static, none */
	TgHistogram *latency[TG_HTTP_N_FAMILIES];
	gint64 started_us; /* the wall clock when the server was made: the process's start */
};

/* The name of the '*' after the segment @before of a pattern */
static const gchar *
tg_http_metrics_param_name (const gchar *before)
{
	static const gchar *const names[][2] = {
		{"units", "code"},    {"occurrences", "id"},
		{"holidays", "date"}, {"late-dossiers", "code"},
		{"bookings", "id"},   {"outbox", "id"},
		{"tokens", "id"},     {"staff", "token"},
		{"u", "code"},        {"b", "id"},
		{"secretary", "id"},  {"*", "date"},
	};
	for (guint i = 0; i < G_N_ELEMENTS (names); i++) {
		if (g_strcmp0 (before, names[i][0]) == 0)
			return names[i][1];
	}
	return "param";
}

static gchar *
tg_http_metrics_template (const gchar *pattern)
{
	g_auto(GStrv) segments = g_strsplit (pattern, "/", -1);
	g_autoptr(GString) out = g_string_new (NULL);

	for (guint i = 0; segments[i] != NULL; i++) {
		if (i > 0)
			g_string_append_c (out, '/');
		if (g_strcmp0 (segments[i], "*") == 0)
			g_string_append_printf (out, "{%s}",
						tg_http_metrics_param_name (i > 0 ? segments[i - 1]
										  : NULL));
		else
			g_string_append (out, segments[i]);
	}
	return g_string_free (g_steal_pointer (&out), FALSE);
}

static TgHttpFamily
tg_http_metrics_family (const gchar *pattern)
{
	if (g_str_has_prefix (pattern, "/feeds/"))
		return TG_HTTP_FAMILY_FEEDS;
	if (g_str_has_prefix (pattern, "/api/") || g_str_has_prefix (pattern, "/test/") ||
	    g_strcmp0 (pattern, "/healthz") == 0 || g_strcmp0 (pattern, "/metrics") == 0)
		return TG_HTTP_FAMILY_API;
	return TG_HTTP_FAMILY_PAGES;
}

TgHttpMetrics *
tg_http_metrics_new (const TgHttpRoute *routes, guint n_routes)
{
	TgHttpMetrics *m = g_new0 (TgHttpMetrics, 1);

	m->n_routes = n_routes;
	m->templates = g_new0 (gchar *, n_routes + 1);
	m->methods = g_new0 (const gchar *, n_routes);
	m->families = g_new0 (TgHttpFamily, n_routes);
	for (guint i = 0; i < n_routes; i++) {
		m->templates[i] = tg_http_metrics_template (routes[i].pattern);
		m->methods[i] = routes[i].method;
		m->families[i] = tg_http_metrics_family (routes[i].pattern);
	}
	m->requests = g_new0 (guint64, (n_routes + 2) * TG_HTTP_N_CODES);
	for (guint f = 0; f < TG_HTTP_N_FAMILIES; f++)
		m->latency[f] = tg_histogram_new (tg_http_latency_bounds,
						  G_N_ELEMENTS (tg_http_latency_bounds));
	m->started_us = g_get_real_time ();
	return m;
}

void
tg_http_metrics_free (TgHttpMetrics *metrics)
{
	if (metrics == NULL)
		return;
	g_strfreev (metrics->templates);
	g_free (metrics->methods);
	g_free (metrics->families);
	g_free (metrics->requests);
	for (guint f = 0; f < TG_HTTP_N_FAMILIES; f++)
		tg_histogram_free (metrics->latency[f]);
	g_free (metrics);
}

static guint
tg_http_metrics_code_index (guint status)
{
	for (guint i = 0; i < G_N_ELEMENTS (tg_http_metrics_codes); i++) {
		if (tg_http_metrics_codes[i] == status)
			return i;
	}
	return TG_HTTP_N_CODES - 1;
}

void
tg_http_metrics_count (TgHttpMetrics *metrics, gint route, guint status, gint64 us)
{
	guint row;
	TgHttpFamily family;

	if (route >= 0 && (guint) route < metrics->n_routes) {
		row = (guint) route;
		family = metrics->families[route];
	} else if (route == TG_HTTP_ROUTE_STATIC) {
		row = metrics->n_routes;
		family = TG_HTTP_FAMILY_STATIC;
	} else {
		row = metrics->n_routes + 1;
		family = TG_HTTP_FAMILY_API;
	}
	tg_counter_add (
		&metrics->requests[row * TG_HTTP_N_CODES + tg_http_metrics_code_index (status)], 1);
	tg_histogram_observe (metrics->latency[family], (guint64) MAX (us, 0));
}

static void
tg_http_metrics_append_requests (TgHttpMetrics *m, GString *out)
{
	tg_metrics_append_family (out, "thaogo_http_requests_total", "counter",
				  "HTTP requests answered, by route template, method and status");
	for (guint row = 0; row < m->n_routes + 2; row++) {
		const gchar *route = row < m->n_routes    ? m->templates[row]
				     : row == m->n_routes ? "static"
							  : "none";
		const gchar *method = row < m->n_routes ? m->methods[row] : "GET";

		for (guint c = 0; c < TG_HTTP_N_CODES; c++) {
			guint64 n = tg_counter_get (&m->requests[row * TG_HTTP_N_CODES + c]);
			g_autoptr(GString) labels = NULL;
			gchar code[16];

			if (n == 0)
				continue;
			if (c < G_N_ELEMENTS (tg_http_metrics_codes))
				g_snprintf (code, sizeof code, "%u", tg_http_metrics_codes[c]);
			else
				g_strlcpy (code, "other", sizeof code);
			labels = g_string_new (NULL);
			tg_metrics_append_label (labels, "route", route);
			/* the routes of no table have any method */
			tg_metrics_append_label (labels, "method",
						 row < m->n_routes ? method : "any");
			tg_metrics_append_label (labels, "code", code);
			tg_metrics_append_sample (out, "thaogo_http_requests_total", labels->str,
						  (gdouble) n);
		}
	}
	tg_metrics_append_family (out, "thaogo_http_request_duration_seconds", "histogram",
				  "Time from a request's arrival to its answer, by route family");
	for (guint f = 0; f < TG_HTTP_N_FAMILIES; f++) {
		g_autoptr(GString) labels = g_string_new (NULL);
		tg_metrics_append_label (labels, "family", tg_http_family_names[f]);
		tg_metrics_append_histogram (out, "thaogo_http_request_duration_seconds",
					     labels->str, m->latency[f], 1e-6);
	}
}

static void
tg_http_metrics_append_rows (GString *out, const TgStoreMetrics *store, const gchar *metric,
			     const gchar *table, const gchar *status)
{
	g_autoptr(GString) labels = g_string_new (NULL);

	tg_metrics_append_label (labels, "status", status);
	tg_metrics_append_sample (out, metric, labels->str,
				  (gdouble) tg_store_metrics_get_rows (store, table, status));
}

static void
tg_http_metrics_append_store (GString *out, const TgStoreMetrics *store, gint64 now_us)
{
	gint64 oldest = store->oldest_queued_due_us;

	tg_metrics_append_family (out, "thaogo_bookings", "gauge", "Bookings stored, by status");
	for (gint s = TG_BOOKING_PENDING; s <= TG_BOOKING_NO_SHOW; s++)
		tg_http_metrics_append_rows (out, store, "thaogo_bookings", "bookings",
					     tg_booking_status_to_string ((TgBookingStatus) s));
	tg_metrics_append_family (out, "thaogo_waiting_list_length", "gauge",
				  "Bookings on the waiting lists of every session");
	tg_metrics_append_sample (out, "thaogo_waiting_list_length", NULL,
				  (gdouble) tg_store_metrics_get_rows (
					  store, "bookings",
					  tg_booking_status_to_string (TG_BOOKING_WAITLISTED)));
	tg_metrics_append_family (out, "thaogo_outbox_messages", "gauge",
				  "Messages of the outbox, by status");
	for (guint i = 0; i < G_N_ELEMENTS (tg_http_outbox_statuses); i++)
		tg_http_metrics_append_rows (out, store, "thaogo_outbox_messages", "outbox",
					     tg_http_outbox_statuses[i]);
	tg_metrics_append_family (out, "thaogo_outbox_oldest_queued_age_seconds", "gauge",
				  "Seconds since the oldest queued message became due (0: none)");
	tg_metrics_append_sample (out, "thaogo_outbox_oldest_queued_age_seconds", NULL,
				  oldest > 0 && now_us > oldest
					  ? (gdouble) ((now_us - oldest) / G_USEC_PER_SEC)
					  : 0);
	tg_metrics_append_family (out, "thaogo_store_commits_total", "counter",
				  "Transactions committed by the store's writer");
	tg_metrics_append_sample (out, "thaogo_store_commits_total", NULL,
				  (gdouble) store->commits);
	tg_metrics_append_family (out, "thaogo_store_commit_group_size", "histogram",
				  "Writes committed together in one transaction (group commit)");
	tg_metrics_append_histogram (out, "thaogo_store_commit_group_size", NULL, store->group, 1);
	tg_metrics_append_family (
		out, "thaogo_store_commit_duration_seconds", "histogram",
		"Time of a transaction of the writer, BEGIN to the end of COMMIT");
	tg_metrics_append_histogram (out, "thaogo_store_commit_duration_seconds", NULL,
				     store->commit, 1e-6);
	tg_metrics_append_family (out, "thaogo_store_writer_queue_depth", "gauge",
				  "Writes waiting for the store's writer thread");
	tg_metrics_append_sample (out, "thaogo_store_writer_queue_depth", NULL,
				  (gdouble) store->queue_depth);
}

GBytes *
tg_http_metrics_render (TgHttpMetrics *metrics, TgEngine *engine, guint connections, GError **error)
{
	g_auto(TgStoreMetrics) store = {0};
	g_autoptr(GString) out = g_string_new (NULL);
	g_autoptr(GString) labels = g_string_new (NULL);

	if (!tg_engine_read_metrics (engine, &store, error))
		return NULL;
	tg_metrics_append_family (out, "thaogo_build_info", "gauge",
				  "The version of thaogo running (always 1)");
	tg_metrics_append_label (labels, "version", PACKAGE_VERSION);
	tg_metrics_append_sample (out, "thaogo_build_info", labels->str, 1);
	tg_metrics_append_family (out, "process_start_time_seconds", "gauge",
				  "Start time of the process since the Unix epoch in seconds");
	tg_metrics_append_sample (out, "process_start_time_seconds", NULL,
				  (gdouble) (metrics->started_us / G_USEC_PER_SEC));
	tg_metrics_append_family (out, "thaogo_http_open_connections", "gauge",
				  "HTTP connections open now");
	tg_metrics_append_sample (out, "thaogo_http_open_connections", NULL, (gdouble) connections);
	tg_http_metrics_append_requests (metrics, out);
	tg_http_metrics_append_store (out, &store, tg_clock_now (tg_engine_get_clock (engine)));
	return g_string_free_to_bytes (g_steal_pointer (&out));
}
