/* thaogo: the command-line client */
#include "config.h"

#include "tg-cli.h"

int
main (int argc, char **argv)
{
	return tg_cli_run (argc, argv);
}
