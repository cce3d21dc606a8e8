/* thaogod: the thaogo daemon */
#include "config.h"

#include <malloc.h>

#include "tg-daemon.h"

int
main (int argc, char **argv)
{
	/* freed memory stays with the process: SQLite frees and takes again about 100 KiB per
	 * write request (a savepoint's journal), and glibc would hand it back to the kernel each
	 * time (madvise, then a page fault per page and TLB shootdowns on the other cores) */
	mallopt (M_TRIM_THRESHOLD, 64 * 1024 * 1024);
	return tg_daemon_run (argc, argv);
}
