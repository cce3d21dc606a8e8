/* tg-cli.c: the thaogo client's commands (stub) */
#include "config.h"

#include "tg-cli.h"

int
tg_cli_run (int argc, char **argv)
{
	(void) argc;
	(void) argv;
	return 2;
}
