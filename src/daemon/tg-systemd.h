/* tg-systemd.h: life under systemd: readiness (sd_notify's protocol) and the journal */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Sends @state ("READY=1", "STOPPING=1") to the service manager at $NOTIFY_SOCKET; nothing
 * when it is unset (not run by systemd with Type=notify). A failure is logged, not fatal */
void tg_systemd_notify (const gchar *state);

/* When stderr is the journal's stream ($JOURNAL_STREAM, systemd's StandardError=journal),
 * log messages go to journald with their fields (MESSAGE_ID, GLIB_DOMAIN, PRIORITY, ...);
 * otherwise to stderr as before */
void tg_systemd_setup_logging (void);

G_END_DECLS
