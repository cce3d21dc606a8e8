/* tg-log.h: the daemon's main events, each logged with a stable MESSAGE_ID (journald's
 * catalogue key: `journalctl MESSAGE_ID=...` finds them whatever the message says) */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* the daemon listens and answers */
#define TG_LOG_ID_STARTED "dd51f1e5dca349bc9a7038e3ee49e689"
/* the daemon stopped (after a SIGTERM or SIGINT) */
#define TG_LOG_ID_STOPPED "0a1ae4dc1b0249e79d93075ab42fab6e"
/* a migration of the database's schema was applied */
#define TG_LOG_ID_MIGRATION "4e2f6d2bf6254869926c7612a70e5568"
/* a message of the outbox could not be delivered (it is queued again, failed or dead) */
#define TG_LOG_ID_DELIVERY_FAILED "ec8bb78cc7d24b43b2bb093d6505e871"

/* Logs @... (a printf format and its arguments) at @level with the MESSAGE_ID @id and the
 * module's G_LOG_DOMAIN */
#define tg_log_event(level, id, ...)                                                               \
	g_log_structured (G_LOG_DOMAIN, (level), "MESSAGE_ID", (id), "MESSAGE", __VA_ARGS__)

G_END_DECLS
