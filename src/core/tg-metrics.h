/* tg-metrics.h: counters, histograms and the Prometheus text format (0.0.4) they are read in
 *
 * Counters and histograms are updated from any thread without a lock (relaxed 64-bit atomic
 * additions: GLib's g_atomic has no 64-bit add, so the GCC builtins it is made of are used
 * here directly) and read at any time; a reading may miss the additions in flight.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A counter: add with tg_counter_add(), read with tg_counter_get() */
static inline void
tg_counter_add (guint64 *counter, guint64 n)
{
	__atomic_fetch_add (counter, n, __ATOMIC_RELAXED);
}

static inline guint64
tg_counter_get (const guint64 *counter)
{
	return __atomic_load_n (counter, __ATOMIC_RELAXED);
}

/* A histogram of integer observations (microseconds, sizes) with fixed upper bounds */
typedef struct _TgHistogram TgHistogram;

/* @bounds: (array length=n_bounds): ascending upper bounds, in the unit of the observations
 * (static: not copied). Returns (transfer full) */
TgHistogram *tg_histogram_new (const guint64 *bounds, guint n_bounds);
void tg_histogram_free (TgHistogram *histogram);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TgHistogram, tg_histogram_free)
/* Counts @value in the first bucket whose bound is at least @value (else +Inf) */
void tg_histogram_observe (TgHistogram *histogram, guint64 value);
/* The number of observations so far */
guint64 tg_histogram_get_count (const TgHistogram *histogram);

/* What the store tells of itself (tg_store_read_metrics) */
typedef struct {
	gchar *table;  /* "bookings", "outbox" */
	gchar *status; /* a status of that table's rows, as stored */
	gint64 rows;
} TgStatusCount;

typedef struct {
	guint64 commits;             /* transactions committed by the writer */
	guint queue_depth;           /* writes waiting for the writer */
	const TgHistogram *group;    /* (transfer none): writes per committed transaction */
	const TgHistogram *commit;   /* (transfer none): microseconds per transaction, from its
				      * BEGIN to the end of its COMMIT (the sync) */
	GPtrArray *counts;           /* (element-type TgStatusCount) */
	gint64 oldest_queued_due_us; /* when the oldest queued message became due; 0: none */
} TgStoreMetrics;

/* Frees what tg_store_read_metrics() filled in (not @metrics itself) */
void tg_store_metrics_clear (TgStoreMetrics *metrics);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TgStoreMetrics, tg_store_metrics_clear)
/* The rows of @table with @status in @metrics; 0 when none is counted */
gint64 tg_store_metrics_get_rows (const TgStoreMetrics *metrics, const gchar *table,
				  const gchar *status);

/* ---- the text exposition format 0.0.4 ---- */

/* Appends the HELP and TYPE lines of the metric @name ("counter", "gauge", "histogram") */
void tg_metrics_append_family (GString *out, const gchar *name, const gchar *type,
			       const gchar *help);
/* Appends ,NAME="VALUE" (or NAME="VALUE" at the start of @labels) with the value escaped */
void tg_metrics_append_label (GString *labels, const gchar *name, const gchar *value);
/* Appends one sample line: @name{@labels} @value; @labels (nullable) as built by
 * tg_metrics_append_label() */
void tg_metrics_append_sample (GString *out, const gchar *name, const gchar *labels, gdouble value);
/* Appends @name_bucket{le=...}, @name_sum and @name_count of @histogram, its observations
 * and bounds multiplied by @scale (1e-6: microseconds as seconds) */
void tg_metrics_append_histogram (GString *out, const gchar *name, const gchar *labels,
				  const TgHistogram *histogram, gdouble scale);

G_END_DECLS
