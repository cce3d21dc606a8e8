/* bench-store.c: store write throughput with group commit against one transaction per write
 *
 * 32 threads each add tokens (one row each, synchronous=FULL) for a fixed count; the same run
 * is made with batches of up to 256 requests per transaction and with batches of 1. Prints
 * writes/s for both and their ratio. Not a test: it prints figures. */
#include "config.h"

#include <glib/gstdio.h>

#include "tg-store.h"
#include "tg-token.h"

#define THREADS 32

typedef struct {
	TgStore *store;
	guint thread;
	guint count;
	const gchar *tag;
	guint failures;
} Worker;

static gpointer
worker_run (gpointer data)
{
	Worker *w = data;
	for (guint i = 0; i < w->count; i++) {
		g_autoptr(TgToken) t = tg_token_new ();
		g_autofree gchar *secret = g_strdup_printf ("%s-%u-%u", w->tag, w->thread, i);
		t->id = g_strdup_printf ("%s%08x%08x", w->tag, w->thread, i);
		t->hash = tg_token_hash_secret (secret);
		t->role = TG_ROLE_STAFF;
		t->unit = g_strdup ("718");
		t->created_at = i;
		if (!tg_store_add_token (w->store, t, NULL))
			w->failures++;
	}
	return NULL;
}

static gdouble
measure (const gchar *dir, guint max_batch, guint per_thread, const gchar *tag, guint64 *commits)
{
	g_autofree gchar *path = g_strdup_printf ("%s/%s.db", dir, tag);
	g_autoptr(GError) error = NULL;
	g_autoptr(TgStore) store = tg_store_open (path, &error);
	Worker workers[THREADS];
	GThread *threads[THREADS];
	gint64 start, elapsed;
	guint failures = 0;

	if (store == NULL)
		g_error ("%s", error->message);
	tg_store_set_max_batch (store, max_batch);
	start = g_get_monotonic_time ();
	for (guint k = 0; k < THREADS; k++) {
		workers[k] = (Worker){store, k, per_thread, tag, 0};
		threads[k] = g_thread_new ("bench", worker_run, &workers[k]);
	}
	for (guint k = 0; k < THREADS; k++) {
		g_thread_join (threads[k]);
		failures += workers[k].failures;
	}
	elapsed = g_get_monotonic_time () - start;
	if (failures > 0)
		g_error ("%u writes failed", failures);
	*commits = tg_store_get_commit_count (store);
	return (gdouble) (THREADS * per_thread) * G_USEC_PER_SEC / (gdouble) elapsed;
}

int
main (void)
{
	g_autofree gchar *dir = g_dir_make_tmp ("thaogo-bench-XXXXXX", NULL);
	const gchar *n_env = g_getenv ("BENCH_WRITES");
	guint total = n_env != NULL ? (guint) g_ascii_strtoull (n_env, NULL, 10) : 8000;
	guint per_thread = MAX (total / THREADS, 1);
	guint64 commits_group = 0, commits_single = 0;
	gdouble group, single;

	group = measure (dir, 256, per_thread, "g", &commits_group);
	single = measure (dir, 1, MAX (per_thread / 4, 1), "s", &commits_single);
	g_print ("store writes, %u threads, synchronous=FULL\n", THREADS);
	g_print (
		"  group commit (<=256 per transaction): %9.0f writes/s  (%u writes, %" G_GUINT64_FORMAT
		" commits)\n",
		group, THREADS * per_thread, commits_group);
	g_print (
		"  one transaction per write:             %9.0f writes/s  (%u writes, %" G_GUINT64_FORMAT
		" commits)\n",
		single, THREADS * MAX (per_thread / 4, 1), commits_single);
	g_print ("  ratio group/single: %.1fx\n", group / single);
	{
		g_autofree gchar *cmd = g_strdup_printf ("rm -rf '%s'", dir);
		if (system (cmd) != 0)
			g_printerr ("could not remove %s\n", dir);
	}
	return 0;
}
