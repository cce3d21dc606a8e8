/* tg-outbox.c: one message of the outbox */
#include "config.h"

#include "tg-outbox.h"

void
tg_outbox_message_free (TgOutboxMessage *m)
{
	if (m == NULL)
		return;
	g_free (m->kind);
	g_free (m->dedup);
	g_free (m->booking);
	g_free (m->occurrence);
	g_free (m->recipient);
	g_free (m->language);
	if (m->message != NULL)
		g_bytes_unref (m->message);
	g_free (m->message_id);
	g_free (m->link_secret);
	g_free (m->status);
	g_free (m->last_error);
	g_free (m);
}
