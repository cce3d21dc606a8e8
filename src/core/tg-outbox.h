/* tg-outbox.h: one message of the outbox, as the store keeps it and the API shows it */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
	gint64 id;
	gchar *kind;
	gchar *dedup;      /* (nullable): a second message with the same key is not queued */
	gchar *recipient;
	gchar *language;
	GBytes *message;   /* the whole RFC 5322 message; empty: composed when sent */
	gchar *link_secret; /* (nullable): the manage link's secret, until it is sent */
	gchar *message_id;
	gint64 due_at;
	gchar *status;
	guint attempts;
	gchar *last_error;
	gint64 created_at;
	gint64 updated_at;
} TgOutboxMessage;
void tg_outbox_message_free (TgOutboxMessage *m);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TgOutboxMessage, tg_outbox_message_free)

G_END_DECLS
