/* tg-outbox.h: one message of the outbox, as the store keeps it and the API shows it */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
	gint64 id;
	gchar *kind;
	gchar *dedup;      /* (nullable): a second message with the same key is not queued */
	gchar *booking;    /* (nullable): the booking a message to its person is about */
	gchar *occurrence; /* (nullable): the session a message to its participants or
			    * secretaries is about */
	gint64 starts_at;  /* when what the message speaks of starts (a slot, a meeting, a
			    * reception) for a message true of that time only; 0 otherwise */
	gchar *recipient;
	gchar *language;
	GBytes *message;    /* the whole RFC 5322 message; empty: composed when sent */
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
