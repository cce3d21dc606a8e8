/* tg-daemon.h: thaogod's start-up, wiring and shutdown */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Runs the daemon; returns the process exit status */
int tg_daemon_run (int argc, char **argv);

G_END_DECLS
