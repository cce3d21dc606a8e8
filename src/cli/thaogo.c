/* thaogo: the command-line client */
#include "config.h"

#include <glib.h>

#include "tg-cli.h"
#include "tg-client.h"

int
main (int argc, char **argv)
{
	g_autoptr(GError) error = NULL;
	int status;

	/* libcurl, once, before anything else */
	if (!tg_client_global_init (&error)) {
		g_printerr ("thaogo: %s\n", error->message);
		return TG_CLI_EXIT_ERROR;
	}
	status = tg_cli_run (argc, argv);
	tg_client_global_cleanup ();
	return status;
}
