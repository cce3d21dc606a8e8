/* tg-engine-mail.c: messages to citizens, queued in the outbox and sent by a mail thread
 *
 * A message is composed (in the recipient's language) and stored as a row before anything
 * is sent, with a Message-ID of its own: a retry after a crash sends the same message. */
#define G_LOG_DOMAIN "thaogo-engine"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "tg-engine-private.h"
#include "tg-error.h"
#include "tg-i18n.h"
#include "tg-ical.h"
#include "tg-mail.h"
#include "tg-random.h"

#define TG_MAIL_BATCH 50
#define TG_MAIL_MAX_ATTEMPTS 8
#define TG_MAIL_IDLE_SECONDS 2

#include "tg-date.h"

struct _TgEngineMail {
	TgMailTransport *transport;
	gchar *from;
	gchar *from_name;
	gchar *public_url;
	GThread *thread;
	GMutex mutex;
	GCond cond;
	gboolean stop;
	gboolean kicked;
};

/* the message text in @lang: "%s" arguments filled after translation */
static gchar *
tg_engine_mail_text (const gchar *lang, const gchar *msgid, ...) G_GNUC_PRINTF (2, 3);

static gchar *
tg_engine_mail_text (const gchar *lang, const gchar *msgid, ...)
{
	va_list args;
	gchar *out;
	va_start (args, msgid);
	/* the catalogue keeps the same conversions in the same order (msgfmt -c checks it) */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	out = g_strdup_vprintf (tg_i18n_translate (lang, msgid), args);
#pragma GCC diagnostic pop
	va_end (args);
	return out;
}

static gchar *
tg_engine_mail_when (const gchar *lang, const TgOccurrence *o, const TgBooking *b)
{
	guint start = o->reception_start + (guint) MAX (b->slot, 0) * o->slot_minutes;
	if (g_strcmp0 (lang, "vi") == 0)
		return g_strdup_printf ("%02u:%02u ngày %.2s/%.2s/%.4s", start / 60, start % 60,
					o->date + 8, o->date + 5, o->date);
	return g_strdup_printf ("%s at %02u:%02u", o->date, start / 60, start % 60);
}

/* queues @text (and @ics) for the requester of @b */
static void
tg_engine_queue_mail (TgEngine *engine, const gchar *kind, const gchar *dedup, const TgBooking *b,
		      const gchar *subject, const gchar *text, const gchar *ics, gint64 due_at)
{
	TgEngineMail *mail = engine->mail;
	g_autoptr(TgOutboxMessage) m = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree gchar *rnd = tg_random_hex (12);
	g_autofree gchar *message_id = g_strdup_printf ("<%s.%s@thaogo>", kind, rnd);
	g_autofree gchar *html = NULL;
	g_autofree gchar *escaped = NULL;
	TgMailMessage msg = {0};

	if (mail == NULL || b->requester.email == NULL || b->purged)
		return;
	escaped = g_markup_escape_text (text, -1);
	html = g_strdup_printf ("<!DOCTYPE html><html lang=\"%s\"><body><pre style=\"font-family:"
				"sans-serif;white-space:pre-wrap\">%s</pre></body></html>",
				b->language, escaped);
	msg.from = mail->from;
	msg.from_name = mail->from_name;
	msg.to = b->requester.email;
	msg.to_name = b->requester.name;
	msg.subject = subject;
	msg.text = text;
	msg.html = html;
	msg.message_id = message_id;
	msg.date_us = tg_clock_now (engine->clock);
	msg.ics = ics;
	m = g_new0 (TgOutboxMessage, 1);
	m->message = tg_mail_compose (&msg, &error);
	if (m->message == NULL) {
		g_warning ("composing a %s message: %s", kind, error->message);
		return;
	}
	m->kind = g_strdup (kind);
	m->dedup = g_strdup (dedup);
	m->recipient = g_strdup (b->requester.email);
	m->language = g_strdup (b->language);
	m->message_id = g_strdup (message_id);
	m->due_at = due_at;
	m->created_at = tg_clock_now (engine->clock);
	if (!tg_store_enqueue_mail (engine->store, m, &error)) {
		g_warning ("queueing a %s message: %s", kind, error->message);
		return;
	}
	g_mutex_lock (&mail->mutex);
	mail->kicked = TRUE;
	g_cond_signal (&mail->cond);
	g_mutex_unlock (&mail->mutex);
}

void
tg_engine_mail_booking (TgEngine *engine, const gchar *booking_id, const gchar *kind,
			const gchar *secret)
{
	TgEngineMail *mail = engine->mail;
	g_autoptr(TgBooking) b = NULL;
	g_autoptr(TgOccurrence) o = NULL;
	g_autoptr(TgUnit) u = NULL;
	g_autofree gchar *when = NULL;
	g_autofree gchar *subject = NULL;
	g_autofree gchar *text = NULL;
	g_autofree gchar *manage = NULL;
	g_autofree gchar *dedup = NULL;
	g_autofree gchar *ics = NULL;
	const gchar *lang;

	if (mail == NULL)
		return;
	b = tg_store_get_booking (engine->store, booking_id, NULL);
	if (b == NULL || b->requester.email == NULL)
		return;
	o = tg_engine_get_occurrence (engine, b->occurrence, NULL);
	u = tg_engine_get_unit (engine, b->unit, NULL, NULL);
	if (o == NULL || u == NULL)
		return;
	lang = b->language;
	when = tg_engine_mail_when (lang, o, b);
	manage = secret != NULL ? g_strdup_printf ("%s/api/v1/bookings/%s?token=%s", mail->public_url,
						   b->id, secret)
				: NULL;
	dedup = g_strdup_printf ("%s:%s:%u", kind, b->id, b->sequence);
	if (g_strcmp0 (kind, "received") == 0) {
		subject = tg_engine_mail_text (lang, N_("Your appointment request: please confirm it"));
		text = tg_engine_mail_text (
			lang,
			N_("Hello %s,\n\nWe have received your request to be received by %s on %s.\n"
			   "Your seat is held for you until you confirm it; without a confirmation it "
			   "is given to someone else.\n\nYour appointment, to see, confirm, change or "
			   "cancel it:\n%s\n\nThis message was sent automatically; please do not "
			   "answer it.\n"),
			b->requester.name, u->name, when, manage != NULL ? manage : "");
	} else if (g_strcmp0 (kind, "confirmed") == 0 || g_strcmp0 (kind, "promoted") == 0) {
		subject = g_strcmp0 (kind, "promoted") == 0
				  ? tg_engine_mail_text (lang, N_("A seat has freed up: your appointment is confirmed"))
				  : tg_engine_mail_text (lang, N_("Your appointment is confirmed"));
		text = tg_engine_mail_text (
			lang,
			N_("Hello %s,\n\nYour appointment with %s on %s is confirmed. Your ticket "
			   "number is %u.\nPlease bring the documents of your case.\n\nThe "
			   "appointment is attached for your calendar.\n\nThis message was sent "
			   "automatically; please do not answer it.\n"),
			b->requester.name, u->name, when, b->ticket);
	} else if (g_strcmp0 (kind, "cancelled") == 0) {
		const gchar *reason = o->reason != NULL ? o->reason
				      : g_strcmp0 (lang, "vi") == 0 ? o->holiday_vi
								     : o->holiday_en;
		subject = tg_engine_mail_text (lang, N_("Your appointment has been cancelled"));
		text = tg_engine_mail_text (
			lang,
			N_("Hello %s,\n\nWe are sorry: the reception of %s on %s has been cancelled.\n"
			   "Reason: %s\n\nYou can book another day here:\n%s/api/v1/units/%s/"
			   "occurrences\n\nThis message was sent automatically; please do not answer "
			   "it.\n"),
			b->requester.name, u->name, when, reason != NULL ? reason : "-",
			mail->public_url, b->unit);
	} else {
		return;
	}
	if (g_strcmp0 (kind, "confirmed") == 0 || g_strcmp0 (kind, "promoted") == 0)
		ics = tg_engine_booking_ics_text (engine, b, o, u->name);
	tg_engine_queue_mail (engine, kind, dedup, b, subject, text, ics, tg_clock_now (engine->clock));
}

/* ---- the mail thread ---- */

static void
tg_engine_mail_send_batch (TgEngine *engine, GPtrArray *batch)
{
	TgEngineMail *mail = engine->mail;

	for (guint i = 0; i < batch->len; i++) {
		TgOutboxMessage *m = g_ptr_array_index (batch, i);
		g_autoptr(GError) error = NULL;
		g_autoptr(GError) error_store = NULL;
		gint64 now = tg_clock_now (engine->clock);
		const gchar *status = "sent";
		gint64 due = m->due_at;

		if (!tg_mail_transport_send (mail->transport, mail->from, m->recipient, m->message_id,
					     m->message, &error)) {
			if (g_error_matches (error, TG_MAIL_ERROR, TG_MAIL_ERROR_TRANSIENT)) {
				/* 30 s, 1 min, 2 min ... up to 6 h */
				gint64 wait = MIN ((gint64) 30 << MIN (m->attempts - 1, 10), 6 * 3600);
				status = m->attempts >= TG_MAIL_MAX_ATTEMPTS ? "dead" : "queued";
				due = now + wait * G_USEC_PER_SEC;
			} else {
				status = "failed";
			}
			g_info ("message %" G_GINT64_FORMAT " (%s): %s, now %s", m->id, m->kind,
				error->message, status);
		}
		if (!tg_store_finish_mail (engine->store, m->id, status,
					   error != NULL ? error->message : NULL, due, now,
					   &error_store))
			g_warning ("outbox: %s", error_store->message);
	}
	tg_mail_transport_close (mail->transport);
}

static gpointer
tg_engine_mail_thread (gpointer user_data)
{
	TgEngine *engine = user_data;
	TgEngineMail *mail = engine->mail;

	for (;;) {
		g_autoptr(GError) error = NULL;
		g_autoptr(GPtrArray) batch = NULL;

		g_mutex_lock (&mail->mutex);
		if (mail->stop) {
			g_mutex_unlock (&mail->mutex);
			break;
		}
		mail->kicked = FALSE;
		g_mutex_unlock (&mail->mutex);

		batch = tg_store_claim_mail (engine->store, tg_clock_now (engine->clock), TG_MAIL_BATCH,
					     &error);
		if (batch == NULL)
			g_warning ("outbox: %s", error->message);
		else if (batch->len > 0)
			tg_engine_mail_send_batch (engine, batch);
		if (batch != NULL && batch->len == TG_MAIL_BATCH)
			continue;

		g_mutex_lock (&mail->mutex);
		if (!mail->stop && !mail->kicked)
			g_cond_wait_until (&mail->cond, &mail->mutex,
					   g_get_monotonic_time () + TG_MAIL_IDLE_SECONDS * G_USEC_PER_SEC);
		g_mutex_unlock (&mail->mutex);
	}
	return NULL;
}

gboolean
tg_engine_start_mail (TgEngine *engine, const TgMailSettings *settings, const gchar *from,
		      const gchar *public_url, GError **error)
{
	TgEngineMail *mail;
	gint requeued;

	g_return_val_if_fail (engine->mail == NULL, FALSE);
	requeued = tg_store_requeue_sending (engine->store, error);
	if (requeued < 0)
		return FALSE;
	if (requeued > 0)
		g_message ("%d messages left sending by the last run are queued again", requeued);
	mail = g_new0 (TgEngineMail, 1);
	if (!tg_mail_parse_sender (from, &mail->from_name, &mail->from)) {
		g_set_error (error, TG_ERROR, TG_ERROR_INVALID,
			     "[smtp] from: '%s' is not an address", from);
		g_free (mail);
		return FALSE;
	}
	mail->transport = tg_mail_transport_new (settings);
	mail->public_url = g_strdup (public_url);
	g_mutex_init (&mail->mutex);
	g_cond_init (&mail->cond);
	engine->mail = mail;
	mail->thread = g_thread_new ("tg-mail", tg_engine_mail_thread, engine);
	return TRUE;
}

void
tg_engine_stop_mail (TgEngine *engine)
{
	TgEngineMail *mail = engine->mail;

	if (mail == NULL)
		return;
	g_mutex_lock (&mail->mutex);
	mail->stop = TRUE;
	g_cond_signal (&mail->cond);
	g_mutex_unlock (&mail->mutex);
	g_thread_join (mail->thread);
	tg_mail_transport_free (mail->transport);
	g_free (mail->from);
	g_free (mail->from_name);
	g_free (mail->public_url);
	g_mutex_clear (&mail->mutex);
	g_cond_clear (&mail->cond);
	g_free (mail);
	engine->mail = NULL;
}

GPtrArray *
tg_engine_list_outbox (TgEngine *engine, const TgToken *caller, const gchar *status,
		       GError **error)
{
	g_autoptr(GError) error_local = NULL;
	GPtrArray *list;
	static const gchar *statuses[] = {"queued", "sending", "sent", "failed", "dead",
					  "superseded"};
	gboolean known = status == NULL;

	if (!tg_engine_require_admin (caller, error))
		return NULL;
	for (guint i = 0; !known && i < G_N_ELEMENTS (statuses); i++)
		known = g_strcmp0 (statuses[i], status) == 0;
	if (!known) {
		tg_error_set_field (error, TG_ERROR_INVALID, "status",
				    N_("must be queued, sending, sent, failed, dead or superseded"));
		return NULL;
	}
	list = tg_store_list_outbox (engine->store, status, 500, &error_local);
	if (list == NULL)
		tg_engine_propagate_store_error (error, g_steal_pointer (&error_local));
	return list;
}

TgOutboxMessage *
tg_engine_retry_outbox (TgEngine *engine, const TgToken *caller, gint64 id, GError **error)
{
	TgEngineMail *mail = engine->mail;
	g_autoptr(GError) error_local = NULL;
	TgOutboxMessage *m;

	if (!tg_engine_require_admin (caller, error))
		return NULL;
	if (!tg_store_retry_mail (engine->store, id, tg_clock_now (engine->clock), &error_local)) {
		if (g_error_matches (error_local, TG_STORE_ERROR, TG_STORE_ERROR_NOT_FOUND))
			tg_error_set_field (error, TG_ERROR_NOT_FOUND, NULL, N_("no such message"));
		else if (g_error_matches (error_local, TG_STORE_ERROR, TG_STORE_ERROR_STATE))
			tg_error_set_field (error, TG_ERROR_CONFLICT, NULL,
					    N_("only a failed or dead message can be sent again"));
		else
			tg_engine_propagate_store_error (error, g_steal_pointer (&error_local));
		return NULL;
	}
	/* read before waking the mail thread, which would often have taken it already */
	m = tg_store_get_outbox_message (engine->store, id, &error_local);
	if (mail != NULL) {
		g_mutex_lock (&mail->mutex);
		mail->kicked = TRUE;
		g_cond_signal (&mail->cond);
		g_mutex_unlock (&mail->mutex);
	}
	if (m == NULL)
		tg_engine_propagate_store_error (error, g_steal_pointer (&error_local));
	return m;
}
