/* tg-daemon.c: options, configuration, state directory, the main loop and signals */
#define G_LOG_DOMAIN "thaogo"

#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <sys/stat.h>

#include "tg-config.h"
#include "tg-daemon.h"
#include "tg-engine.h"
#include "tg-http-server.h"
#include "tg-i18n.h"
#include "tg-mail.h"
#include "tg-store.h"

#define TG_DEMO_UNITS_FILE "binh-duong-2023.tsv"

/* The engine's housekeeping, each on a timer of the main loop */
typedef struct {
	gint (*run) (TgEngine *engine, GError **error); /* changes made, -1 on error */
	const gchar *what;                               /* for the log */
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

static gboolean
tg_daemon_run_chore (gpointer user_data)
{
	TgChore *chore = user_data;
	g_autoptr(GError) error = NULL;

	if (chore->run (chore->engine, &error) < 0)
		g_warning ("%s: %s", chore->what, error->message);
	return G_SOURCE_CONTINUE;
}

static gboolean
tg_daemon_on_signal (gpointer user_data)
{
	GMainLoop *loop = user_data;
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

static int
tg_daemon_fail (const gchar *what, const GError *error)
{
	g_printerr ("thaogod: %s: %s\n", what, error->message);
	return 1;
}

int
tg_daemon_run (int argc, char **argv)
{
	g_autofree gchar *state_dir = NULL;
	g_autofree gchar *listen = NULL;
	g_autofree gchar *config_path = NULL;
	g_autofree gchar *db_path = NULL;
	g_autofree gchar *token_path = NULL;
	gboolean demo = FALSE;
	gboolean version = FALSE;
	const GOptionEntry entries[] = {
		{"state-dir", 's', 0, G_OPTION_ARG_FILENAME, &state_dir,
		 N_("Directory of the database and the admin token (required)"), N_("DIR")},
		{"listen", 'l', 0, G_OPTION_ARG_STRING, &listen,
		 N_("Address to listen on [127.0.0.1:8080]; port 0 picks a free port"),
		 N_("HOST:PORT")},
		{"config", 'c', 0, G_OPTION_ARG_FILENAME, &config_path, N_("Configuration file"),
		 N_("FILE")},
		{"demo", 0, 0, G_OPTION_ARG_NONE, &demo,
		 N_("Load the Binh Duong 2023 demo units into an empty database"), NULL},
		{"version", 0, 0, G_OPTION_ARG_NONE, &version, N_("Print the version and exit"),
		 NULL},
		{NULL}};
	g_autoptr(GOptionContext) ctx = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(TgConfig) config = tg_config_new ();
	g_autoptr(TgClock) clock = tg_clock_new_real ();
	g_autoptr(TgStore) store = NULL;
	g_autoptr(TgEngine) engine = NULL;
	g_autoptr(TgHttpServer) server = NULL;
	g_autoptr(GMainLoop) loop = NULL;
	gboolean created = FALSE;

	/* the database will hold personal data: nothing the daemon creates is for others */
	umask (0077);
	setlocale (LC_ALL, "");
	tg_mail_init ();
	/* LANGUAGE would override the per-request language of every message */
	g_unsetenv ("LANGUAGE");
	tg_i18n_init ();

	ctx = g_option_context_new (NULL);
	g_option_context_set_translation_domain (ctx, GETTEXT_PACKAGE);
	g_option_context_set_summary (ctx, _("Schedules the weekly Day for removing bottlenecks "
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
		g_printerr ("thaogod: %s: %s\n", _("unexpected argument"), argv[1]);
		return 2;
	}
	if (state_dir == NULL) {
		g_printerr ("thaogod: %s\n", _("--state-dir is required"));
		return 2;
	}
	/* from here on a signal ends the loop, even one that comes before it runs */
	loop = g_main_loop_new (NULL, FALSE);
	g_unix_signal_add (SIGTERM, tg_daemon_on_signal, loop);
	g_unix_signal_add (SIGINT, tg_daemon_on_signal, loop);

	if (config_path != NULL && !tg_config_load_file (config, config_path, &error))
		return tg_daemon_fail (_("configuration"), error);
	if (listen != NULL) {
		g_clear_pointer (&config->listen_host, g_free);
		if (!tg_config_parse_listen (listen, &config->listen_host, &config->listen_port,
					     &error))
			return tg_daemon_fail ("--listen", error);
	}
	if (g_mkdir_with_parents (state_dir, 0700) != 0) {
		g_printerr ("thaogod: %s: %s\n", state_dir, g_strerror (errno));
		return 1;
	}

	db_path = config->storage_path != NULL ? g_strdup (config->storage_path)
					       : g_build_filename (state_dir, "thaogo.db", NULL);
	store = tg_store_open (db_path, &error);
	if (store == NULL)
		return tg_daemon_fail (_("opening the database"), error);
	engine = tg_engine_new (store, clock);
	{
		TgEngineOptions options = {config->require_email_confirmation, config->hold_minutes,
					   config->retention_days, config->reminder_hours_before,
					   config->meeting_reminder_hours_before};
		tg_engine_set_options (engine, &options);
	}

	if (demo) {
		g_autofree gchar *units_path = tg_daemon_find_demo_units ();
		guint loaded = 0;
		if (units_path == NULL) {
			g_printerr ("thaogod: %s\n", _("the demo units file is not installed"));
			return 1;
		}
		if (!tg_engine_load_units_file (engine, units_path, &loaded, &error))
			return tg_daemon_fail (_("loading the demo units"), error);
		if (loaded > 0)
			g_message ("demo: %u units loaded from %s", loaded, units_path);
	}

	token_path = g_build_filename (state_dir, "admin-token", NULL);
	if (!tg_engine_ensure_admin_token (engine, token_path, &created, &error))
		return tg_daemon_fail (_("creating the admin token"), error);
	if (created)
		g_message ("a new admin token was written to %s", token_path);

	server = tg_http_server_new (engine, config, &error);
	if (server == NULL)
		return tg_daemon_fail (_("starting the HTTP server"), error);
	{
		g_autofree gchar *host = strchr (config->listen_host, ':') != NULL
						 ? g_strdup_printf ("[%s]", config->listen_host)
						 : g_strdup (config->listen_host);
		g_printerr ("listening on http://%s:%u\n", host, tg_http_server_get_port (server));
	}

	/* email: through the configured SMTP server, else into the spool folder */
	{
		g_autofree gchar *spool = config->spool_dir != NULL
						  ? g_strdup (config->spool_dir)
						  : g_build_filename (state_dir, "spool", NULL);
		g_autofree gchar *password = NULL;
		/* links need the port really bound (with --listen HOST:0) */
		g_autofree gchar *public_url =
			config->public_url != NULL
				? g_strdup (config->public_url)
				: g_strdup_printf ("http://%s:%u", config->listen_host,
						   tg_http_server_get_port (server));
		TgMailSettings mail = {config->smtp_url, config->smtp_tls_required,
				       config->smtp_ca_file, config->smtp_username, NULL, spool, 60};

		if (config->smtp_password_file != NULL) {
			if (!g_file_get_contents (config->smtp_password_file, &password, NULL, &error))
				return tg_daemon_fail (_("reading the SMTP password"), error);
			/* the first line is the password */
			password[strcspn (password, "\r\n")] = '\0';
			mail.password = password;
		}
		if (!tg_engine_start_mail (engine, &mail, config->smtp_from, public_url, &error))
			return tg_daemon_fail (_("starting the mail thread"), error);
		if (config->smtp_url == NULL)
			g_message ("no SMTP server configured: messages are written to %s", spool);
		if (password != NULL)
			memset (password, 0, strlen (password));
	}

	for (guint i = 0; i < G_N_ELEMENTS (tg_daemon_chores); i++) {
		TgChore *chore = &tg_daemon_chores[i];
		chore->engine = engine;
		if (chore->at_start)
			tg_daemon_run_chore (chore);
		chore->source = g_timeout_add_seconds (chore->seconds, tg_daemon_run_chore, chore);
	}
	g_main_loop_run (loop);
	for (guint i = 0; i < G_N_ELEMENTS (tg_daemon_chores); i++)
		g_source_remove (tg_daemon_chores[i].source);

	/* stop accepting and finish the requests in flight, then the writer, then the files */
	g_clear_pointer (&server, tg_http_server_free);
	g_clear_pointer (&engine, tg_engine_free);
	g_clear_pointer (&store, tg_store_free);
	g_message ("stopped");
	return 0;
}
