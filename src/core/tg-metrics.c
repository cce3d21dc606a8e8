/* tg-metrics.c: counters, histograms and the Prometheus text format */
#define G_LOG_DOMAIN "thaogo"

#include "config.h"

#include "tg-metrics.h"

struct _TgHistogram {
	const guint64 *bounds;
	guint n_bounds;
	guint64 *buckets; /* n_bounds + 1, each its own (not cumulative); the last is +Inf */
	guint64 sum;
};

TgHistogram *
tg_histogram_new (const guint64 *bounds, guint n_bounds)
{
	TgHistogram *h = g_new0 (TgHistogram, 1);
	h->bounds = bounds;
	h->n_bounds = n_bounds;
	h->buckets = g_new0 (guint64, n_bounds + 1);
	return h;
}

void
tg_histogram_free (TgHistogram *histogram)
{
	if (histogram == NULL)
		return;
	g_free (histogram->buckets);
	g_free (histogram);
}

void
tg_histogram_observe (TgHistogram *histogram, guint64 value)
{
	guint i = 0;

	while (i < histogram->n_bounds && value > histogram->bounds[i])
		i++;
	tg_counter_add (&histogram->buckets[i], 1);
	tg_counter_add (&histogram->sum, value);
}

guint64
tg_histogram_get_count (const TgHistogram *histogram)
{
	guint64 n = 0;
	for (guint i = 0; i <= histogram->n_bounds; i++)
		n += tg_counter_get (&histogram->buckets[i]);
	return n;
}

void
tg_store_metrics_clear (TgStoreMetrics *metrics)
{
	g_clear_pointer (&metrics->counts, g_ptr_array_unref);
}

gint64
tg_store_metrics_get_rows (const TgStoreMetrics *metrics, const gchar *table, const gchar *status)
{
	for (guint i = 0; metrics->counts != NULL && i < metrics->counts->len; i++) {
		const TgStatusCount *c = g_ptr_array_index (metrics->counts, i);
		if (g_strcmp0 (c->table, table) == 0 && g_strcmp0 (c->status, status) == 0)
			return c->rows;
	}
	return 0;
}

void
tg_metrics_append_family (GString *out, const gchar *name, const gchar *type, const gchar *help)
{
	g_string_append_printf (out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

void
tg_metrics_append_label (GString *labels, const gchar *name, const gchar *value)
{
	if (labels->len > 0)
		g_string_append_c (labels, ',');
	g_string_append_printf (labels, "%s=\"", name);
	for (const gchar *p = value; *p != '\0'; p++) {
		if (*p == '\\')
			g_string_append (labels, "\\\\");
		else if (*p == '"')
			g_string_append (labels, "\\\"");
		else if (*p == '\n')
			g_string_append (labels, "\\n");
		else
			g_string_append_c (labels, *p);
	}
	g_string_append_c (labels, '"');
}

static void
tg_metrics_append_value (GString *out, gdouble value)
{
	gchar buf[G_ASCII_DTOSTR_BUF_SIZE];

	/* integers as integers; the rest with 15 significant digits, a point whatever the
	 * locale */
	if (value == (gdouble) (gint64) value && value > -1e15 && value < 1e15)
		g_string_append_printf (out, "%" G_GINT64_FORMAT, (gint64) value);
	else
		g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.15g", value));
}

void
tg_metrics_append_sample (GString *out, const gchar *name, const gchar *labels, gdouble value)
{
	g_string_append (out, name);
	if (labels != NULL && labels[0] != '\0')
		g_string_append_printf (out, "{%s}", labels);
	g_string_append_c (out, ' ');
	tg_metrics_append_value (out, value);
	g_string_append_c (out, '\n');
}

void
tg_metrics_append_histogram (GString *out, const gchar *name, const gchar *labels,
			     const TgHistogram *histogram, gdouble scale)
{
	g_autofree gchar *bucket = g_strconcat (name, "_bucket", NULL);
	g_autofree gchar *sum = g_strconcat (name, "_sum", NULL);
	g_autofree gchar *count = g_strconcat (name, "_count", NULL);
	guint64 cumulative = 0;

	for (guint i = 0; i <= histogram->n_bounds; i++) {
		g_autoptr(GString) l = g_string_new (labels);
		gchar le[G_ASCII_DTOSTR_BUF_SIZE];

		cumulative += tg_counter_get (&histogram->buckets[i]);
		if (i < histogram->n_bounds)
			g_ascii_formatd (le, sizeof le, "%g",
					 (gdouble) histogram->bounds[i] * scale);
		else
			g_strlcpy (le, "+Inf", sizeof le);
		tg_metrics_append_label (l, "le", le);
		tg_metrics_append_sample (out, bucket, l->str, (gdouble) cumulative);
	}
	tg_metrics_append_sample (out, sum, labels,
				  (gdouble) tg_counter_get (&histogram->sum) * scale);
	/* the count is the buckets' total, so that it always equals the +Inf bucket */
	tg_metrics_append_sample (out, count, labels, (gdouble) cumulative);
}
