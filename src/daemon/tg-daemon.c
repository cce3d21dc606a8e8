/* tg-daemon.c: options, configuration, state directory, the main loop and signals */
#define G_LOG_DOMAIN "thaogo"

#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tg-config.h"
#include "tg-daemon.h"
#include "tg-engine.h"
#include "tg-http-server.h"
#include "tg-i18n.h"
#include "tg-log.h"
#include "tg-mail.h"
#include "tg-store.h"
#include "tg-systemd.h"

#define TG_DEMO_UNITS_FILE "binh-duong-2023.tsv"

/* The engine's housekeeping, each on a timer of the main loop */
typedef struct {
	gint (*run) (TgEngine *engine, GError **error); /* changes made, -1 on error */
	const gchar *what;                              /* for the log */
	guint seconds;
	gboolean at_start;
	TgEngine *engine;
	guint source;
} TgChore;

static TgChore tg_daemon_chores[] = {
	/* held seats whose time ran out go back (and to the waiting lists) on time */
	{tg_engine_expire_holds, "expiring held seats", 5, FALSE, NULL, 0},
	/* personal data older than the retention period goes */
	{tg_engine_purge_personal_data, "deleting old personal data", 6 * 3600, TRUE, NULL, 0},
	/* meeting reminders and the secretaries' lists, when they become due */
	{tg_engine_mail_sweep, "queueing reminders", 60, TRUE, NULL, 0},
	/* bookings left in sessions that no longer take place end, and their people are told */
	{tg_engine_sweep_bookings, "checking the coming sessions' bookings", 300, TRUE, NULL, 0},
};

/* one chore at a time: the timers and, in a build with the test hooks, a clock moved by a
 * request run them */
static GMutex tg_daemon_chores_mutex;

static gboolean
tg_daemon_run_chore (gpointer user_data)
{
	TgChore *chore = user_data;
	g_autoptr(GError) error = NULL;
	g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&tg_daemon_chores_mutex);

	if (chore->run (chore->engine, &error) < 0)
		g_warning ("%s: %s", chore->what, error->message);
	return G_SOURCE_CONTINUE;
}

#ifdef TG_ENABLE_TEST_HOOKS
/* The clock was set (POST /test/clock): every chore runs now, in the thread that set it, so
 * that what the new time makes due is done when the request is answered */
static void
tg_daemon_on_clock_moved (gpointer user_data)
{
	(void) user_data;
	for (guint i = 0; i < G_N_ELEMENTS (tg_daemon_chores); i++)
		tg_daemon_run_chore (&tg_daemon_chores[i]);
}

/* THAOGO_TEST_NOW=RFC3339 starts the clock there, standing still */
static int
tg_daemon_set_test_now (TgClock *clock)
{
	const gchar *now = g_getenv ("THAOGO_TEST_NOW");
	gint64 us = 0;

	if (now == NULL || now[0] == '\0')
		return -1;
	if (!tg_clock_parse_rfc3339 (now, &us)) {
		g_printerr (
			"thaogod: THAOGO_TEST_NOW: '%s' is not an RFC 3339 time with its offset\n",
			now);
		return 2;
	}
	tg_clock_set (clock, us);
	g_message ("test hooks: the clock stands at %s", now);
	return -1;
}
#endif

static gboolean
tg_daemon_on_signal (gpointer user_data)
{
	GMainLoop *loop = user_data;
	tg_systemd_notify ("STOPPING=1");
	g_message ("stopping");
	g_main_loop_quit (loop);
	return G_SOURCE_REMOVE;
}

/* The demo units: $THAOGO_DATADIR, the installed data, or the source tree's data/ */
static gchar *
tg_daemon_find_demo_units (void)
{
	const gchar *dirs[] = {g_getenv ("THAOGO_DATADIR"), TG_DATADIR, TG_SRCDATADIR};
	for (guint i = 0; i < G_N_ELEMENTS (dirs); i++) {
		g_autofree gchar *path = NULL;
		if (dirs[i] == NULL)
			continue;
		path = g_build_filename (dirs[i], "units", TG_DEMO_UNITS_FILE, NULL);
		if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
			return g_steal_pointer (&path);
	}
	return NULL;
}

/* The web pages' files: $THAOGO_DATADIR/web, the installed data, or the source tree's */
static gchar *
tg_daemon_find_web (void)
{
	const gchar *dirs[] = {g_getenv ("THAOGO_DATADIR"), TG_DATADIR, TG_SRCDATADIR};
	for (guint i = 0; i < G_N_ELEMENTS (dirs); i++) {
		g_autofree gchar *path = NULL;
		if (dirs[i] == NULL)
			continue;
		path = g_build_filename (dirs[i], "web", "index.html", NULL);
		if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
			return g_build_filename (dirs[i], "web", NULL);
	}
	return NULL;
}

/* Everything the daemon wires together, in the order it is set up; stopped in the reverse
 * order */
typedef struct {
	gchar *state_dir;
	gboolean demo;
	TgConfig *config;
	TgClock *clock;
	TgStore *store;
	TgEngine *engine;
	TgHttpServer *server;
	GMainLoop *loop;
	gchar *restore; /* (nullable): --restore FILE */
	gint lock_fd;   /* the state directory's lock, -1 before it is taken */
	gboolean chores_started;
	guint clock_watch; /* the test hooks' */
} TgDaemon;

static int
tg_daemon_fail (const gchar *what, const GError *error)
{
	g_printerr ("thaogod: %s: %s\n", what, error->message);
	return 1;
}

/* The command line and the configuration file: -1 to go on, else the exit status */
static int
tg_daemon_parse_options (TgDaemon *d, int argc, char **argv)
{
	g_autofree gchar *listen = NULL;
	g_autofree gchar *config_path = NULL;
	gboolean version = FALSE;
	const GOptionEntry entries[] = {
		{"state-dir", 's', 0, G_OPTION_ARG_FILENAME, &d->state_dir,
		 N_ ("Directory of the database and the admin token (required)"), N_ ("DIR")},
		{"listen", 'l', 0, G_OPTION_ARG_STRING, &listen,
		 N_ ("Address to listen on [127.0.0.1:8080]; port 0 picks a free port"),
		 N_ ("HOST:PORT")},
		{"config", 'c', 0, G_OPTION_ARG_FILENAME, &config_path, N_ ("Configuration file"),
		 N_ ("FILE")},
		{"restore", 0, 0, G_OPTION_ARG_FILENAME, &d->restore,
		 N_ ("Replace the database with the backup FILE (thaogo backup), then exit; the "
		     "daemon must be stopped"),
		 N_ ("FILE")},
		{"demo", 0, 0, G_OPTION_ARG_NONE, &d->demo,
		 N_ ("Load the Binh Duong 2023 demo units into an empty database"), NULL},
		{"version", 0, 0, G_OPTION_ARG_NONE, &version, N_ ("Print the version and exit"),
		 NULL},
		{NULL}};
	g_autoptr(GOptionContext) ctx = g_option_context_new (NULL);
	g_autoptr(GError) error = NULL;

	g_option_context_set_translation_domain (ctx, GETTEXT_PACKAGE);
	g_option_context_set_summary (ctx, _ ("Schedules the weekly Day for removing bottlenecks "
					      "in administrative procedure reform."));
	g_option_context_add_main_entries (ctx, entries, GETTEXT_PACKAGE);
	if (!g_option_context_parse (ctx, &argc, &argv, &error)) {
		g_printerr ("thaogod: %s\n", error->message);
		return 2;
	}
	if (version) {
		g_print ("thaogod %s\n", PACKAGE_VERSION);
		return 0;
	}
	if (argc > 1) {
		g_printerr ("thaogod: %s: %s\n", _ ("unexpected argument"), argv[1]);
		return 2;
	}
	if (d->state_dir == NULL) {
		g_printerr ("thaogod: %s\n", _ ("--state-dir is required"));
		return 2;
	}
	if (config_path != NULL && !tg_config_load_file (d->config, config_path, &error))
		return tg_daemon_fail (_ ("configuration"), error);
	if (listen != NULL) {
		g_clear_pointer (&d->config->listen_host, g_free);
		if (!tg_config_parse_listen (listen, &d->config->listen_host,
					     &d->config->listen_port, &error))
			return tg_daemon_fail ("--listen", error);
	}
	return -1;
}

/* One daemon at a time on a state directory: a lock held while it runs (and while it
 * restores a backup) on DIR/thaogod.lock */
static int
tg_daemon_lock_state (TgDaemon *d)
{
	g_autofree gchar *path = g_build_filename (d->state_dir, "thaogod.lock", NULL);

	d->lock_fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (d->lock_fd < 0) {
		g_printerr ("thaogod: %s: %s\n", path, g_strerror (errno));
		return 1;
	}
	if (flock (d->lock_fd, LOCK_EX | LOCK_NB) != 0) {
		if (errno == EWOULDBLOCK)
			g_printerr ("thaogod: %s: %s\n", d->state_dir,
				    _ ("another thaogod is running on this state directory"));
		else
			g_printerr ("thaogod: %s: %s\n", path, g_strerror (errno));
		return 1;
	}
	return -1;
}

/* --restore: the backup in place of the database, checked first; the database it replaces
 * is kept beside it. The exit status */
static int
tg_daemon_restore (TgDaemon *d, const gchar *db_path)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *aside = NULL;
	gint version = 0;

	if (!tg_store_check_file (d->restore, &version, &error) ||
	    !tg_store_restore (d->restore, db_path, &aside, &error))
		return tg_daemon_fail (_ ("restoring the backup"), error);
	if (aside != NULL)
		g_printerr (_ ("thaogod: the database that was there is kept as %s\n"), aside);
	g_printerr (_ ("thaogod: %s restored into %s (schema %d); start thaogod again\n"),
		    d->restore, db_path, version);
	return 0;
}

/* The state: the database, the engine on it, the demo units, the admin token. -1 to go on,
 * else the exit status */
static int
tg_daemon_setup (TgDaemon *d)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *db_path = NULL;
	g_autofree gchar *token_path = NULL;
	const TgConfig *config = d->config;
	TgEngineOptions options = {config->require_email_confirmation,
				   config->hold_minutes,
				   config->retention_days,
				   config->reminder_hours_before,
				   config->meeting_reminder_hours_before,
				   config->session_idle_seconds,
				   config->session_lifetime_seconds,
				   config->login_link_seconds};
	gboolean created = FALSE;
	int status;

	if (g_mkdir_with_parents (d->state_dir, 0700) != 0) {
		g_printerr ("thaogod: %s: %s\n", d->state_dir, g_strerror (errno));
		return 1;
	}
	db_path = config->storage_path != NULL ? g_strdup (config->storage_path)
					       : g_build_filename (d->state_dir, "thaogo.db", NULL);
	status = tg_daemon_lock_state (d);
	if (status >= 0)
		return status;
	if (d->restore != NULL)
		return tg_daemon_restore (d, db_path);
	d->store = tg_store_open (db_path, &error);
	if (d->store == NULL)
		return tg_daemon_fail (_ ("opening the database"), error);
	tg_store_set_busy_timeout (d->store, config->storage_busy_timeout_ms);
	d->engine = tg_engine_new (d->store, d->clock);
	tg_engine_set_options (d->engine, &options);

	if (d->demo) {
		g_autofree gchar *units_path = tg_daemon_find_demo_units ();
		guint loaded = 0;
		if (units_path == NULL) {
			g_printerr ("thaogod: %s\n", _ ("the demo units file is not installed"));
			return 1;
		}
		if (!tg_engine_load_units_file (d->engine, units_path, &loaded, &error))
			return tg_daemon_fail (_ ("loading the demo units"), error);
		if (loaded > 0)
			g_message ("demo: %u units loaded from %s", loaded, units_path);
	}

	token_path = g_build_filename (d->state_dir, "admin-token", NULL);
	if (!tg_engine_ensure_admin_token (d->engine, token_path, &created, &error))
		return tg_daemon_fail (_ ("creating the admin token"), error);
	if (created)
		g_message ("a new admin token was written to %s", token_path);
	return -1;
}

/* Email: through the configured SMTP server, else into the spool folder. Links point at
 * @public_url */
static gboolean
tg_daemon_start_mail (TgDaemon *d, const gchar *public_url, GError **error)
{
	const TgConfig *config = d->config;
	g_autofree gchar *spool = config->spool_dir != NULL
					  ? g_strdup (config->spool_dir)
					  : g_build_filename (d->state_dir, "spool", NULL);
	g_autofree gchar *password = NULL;
	TgMailSettings mail = {config->smtp_url,
			       config->smtp_tls_required,
			       config->smtp_ca_file,
			       config->smtp_username,
			       NULL,
			       spool,
			       60};
	gboolean ok;

	if (config->smtp_password_file != NULL) {
		if (!g_file_get_contents (config->smtp_password_file, &password, NULL, error)) {
			g_prefix_error (error, "%s: ", _ ("reading the SMTP password"));
			return FALSE;
		}
		/* the first line is the password */
		password[strcspn (password, "\r\n")] = '\0';
		mail.password = password;
	}
	ok = tg_engine_start_mail (d->engine, &mail, config->smtp_from, public_url, error);
	if (password != NULL)
		memset (password, 0, strlen (password));
	if (!ok)
		return FALSE;
	if (config->smtp_url == NULL)
		g_message ("no SMTP server configured: messages are written to %s", spool);
	return TRUE;
}

/* Serving, in the order that lets nothing in before what it needs: the socket is bound
 * (its port goes into the links), then the mail thread starts, then the housekeeping, and
 * only then are requests answered. -1 to go on, else the exit status */
static int
tg_daemon_start (TgDaemon *d)
{
	const TgConfig *config = d->config;
	g_autoptr(GError) error = NULL;
	g_autofree gchar *host = NULL;
	g_autofree gchar *public_url = NULL;
	g_autofree gchar *web_dir = tg_daemon_find_web ();
	TgHttpOptions http = {config->listen_host,
			      config->listen_port,
			      config->public_url,
			      config->trusted_proxy,
			      config->threads,
			      config->max_connections,
			      config->per_ip_connections,
			      config->connection_timeout,
			      config->rate_limit_per_hour,
			      web_dir,
			      config->metrics_listen_host,
			      config->metrics_listen_port};

	if (web_dir == NULL)
		g_message ("no web pages found (data/web): only the API is served");
	d->server = tg_http_server_new (d->engine, &http, &error);
	if (d->server == NULL)
		return tg_daemon_fail (_ ("starting the HTTP server"), error);
	host = strchr (config->listen_host, ':') != NULL
		       ? g_strdup_printf ("[%s]", config->listen_host)
		       : g_strdup (config->listen_host);
	/* with --listen HOST:0, links need the port really bound */
	public_url = config->public_url != NULL
			     ? g_strdup (config->public_url)
			     : g_strdup_printf ("http://%s:%u", host,
						tg_http_server_get_port (d->server));
	if (!tg_daemon_start_mail (d, public_url, &error))
		return tg_daemon_fail (_ ("starting the mail thread"), error);

	for (guint i = 0; i < G_N_ELEMENTS (tg_daemon_chores); i++) {
		TgChore *chore = &tg_daemon_chores[i];
		chore->engine = d->engine;
		if (chore->at_start)
			tg_daemon_run_chore (chore);
		chore->source = g_timeout_add_seconds (chore->seconds, tg_daemon_run_chore, chore);
	}
	d->chores_started = TRUE;
#ifdef TG_ENABLE_TEST_HOOKS
	d->clock_watch = tg_clock_add_watch (d->clock, tg_daemon_on_clock_moved, NULL);
#endif

	if (!tg_http_server_start (d->server, &error))
		return tg_daemon_fail (_ ("starting the HTTP server"), error);
	if (config->metrics_listen_host != NULL) {
		g_autofree gchar *metrics_host =
			strchr (config->metrics_listen_host, ':') != NULL
				? g_strdup_printf ("[%s]", config->metrics_listen_host)
				: g_strdup (config->metrics_listen_host);
		g_printerr ("metrics on http://%s:%u/metrics\n", metrics_host,
			    tg_http_server_get_metrics_port (d->server));
	}
	g_printerr ("listening on http://%s:%u\n", host, tg_http_server_get_port (d->server));
	tg_log_event (G_LOG_LEVEL_MESSAGE, TG_LOG_ID_STARTED, "thaogod %s listening on port %u",
		      PACKAGE_VERSION, tg_http_server_get_port (d->server));
	/* systemctl start returns now (Type=notify): the port answers */
	tg_systemd_notify ("READY=1");
	return -1;
}

/* The reverse of the start: no more housekeeping; stop accepting and finish the requests in
 * flight; then the mail thread, the writer and the files */
static void
tg_daemon_stop (TgDaemon *d)
{
	if (d->clock_watch != 0)
		tg_clock_remove_watch (d->clock, d->clock_watch);
	d->clock_watch = 0;
	if (d->chores_started) {
		for (guint i = 0; i < G_N_ELEMENTS (tg_daemon_chores); i++)
			g_source_remove (tg_daemon_chores[i].source);
		d->chores_started = FALSE;
	}
	g_clear_pointer (&d->server, tg_http_server_free);
	if (d->engine != NULL)
		tg_engine_stop_mail (d->engine);
	g_clear_pointer (&d->engine, tg_engine_free);
	g_clear_pointer (&d->store, tg_store_free);
	g_clear_pointer (&d->clock, tg_clock_free);
	g_clear_pointer (&d->config, tg_config_free);
	g_clear_pointer (&d->loop, g_main_loop_unref);
	g_clear_pointer (&d->state_dir, g_free);
	g_clear_pointer (&d->restore, g_free);
	if (d->lock_fd >= 0)
		close (d->lock_fd);
	d->lock_fd = -1;
}

int
tg_daemon_run (int argc, char **argv)
{
	TgDaemon d = {0};
	gboolean ran = FALSE;
	int status;

	/* the database will hold personal data: nothing the daemon creates is for others */
	umask (0077);
	tg_systemd_setup_logging ();
	setlocale (LC_ALL, "");
	tg_mail_init ();
	/* LANGUAGE would override the per-request language of every message */
	g_unsetenv ("LANGUAGE");
	tg_i18n_init ();

	d.lock_fd = -1;
	d.config = tg_config_new ();
	d.clock = tg_clock_new_real ();
	/* from here on a signal ends the loop, even one that comes before it runs */
	d.loop = g_main_loop_new (NULL, FALSE);
	g_unix_signal_add (SIGTERM, tg_daemon_on_signal, d.loop);
	g_unix_signal_add (SIGINT, tg_daemon_on_signal, d.loop);

	status = tg_daemon_parse_options (&d, argc, argv);
#ifdef TG_ENABLE_TEST_HOOKS
	if (status < 0)
		status = tg_daemon_set_test_now (d.clock);
#endif
	if (status < 0)
		status = tg_daemon_setup (&d);
	if (status < 0)
		status = tg_daemon_start (&d);
	if (status < 0) {
		g_main_loop_run (d.loop);
		ran = TRUE;
		status = 0;
	}
	tg_daemon_stop (&d);
	if (ran)
		tg_log_event (G_LOG_LEVEL_MESSAGE, TG_LOG_ID_STOPPED, "stopped");
	return status;
}
