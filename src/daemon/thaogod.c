/* thaogod: the thaogo daemon */
#include "config.h"

#include "tg-daemon.h"

int
main (int argc, char **argv)
{
	return tg_daemon_run (argc, argv);
}
