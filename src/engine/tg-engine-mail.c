/* tg-engine-mail.c: the mail thread, which composes (from the rows of tg-message.h) and
 * sends the outbox, the minute's sweep of meeting reminders and lists, and the outbox's
 * administration
 *
 * A message is composed (in the recipient's language) and stored as a row before anything
 * is sent, with a Message-ID of its own: a retry after a crash sends the same message. */
#define G_LOG_DOMAIN "thaogo-engine"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "tg-date.h"
#include "tg-engine-private.h"
#include "tg-error.h"
#include "tg-i18n.h"
#include "tg-log.h"
#include "tg-ical.h"
#include "tg-mail.h"
#include "tg-message.h"
#include "tg-random.h"

#define TG_MAIL_BATCH 50
#define TG_MAIL_MAX_ATTEMPTS 8
#define TG_MAIL_IDLE_SECONDS 2

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
	guint64 rounds_begun; /* rounds of the thread (under @mutex) */
	guint64 rounds_done;
	guint clock_watch;
	GHashTable *swept; /* keys the sweep has queued (under @mutex) */
};

/* "HH:MM on DD/MM/YYYY" in @lang */
static gchar *
tg_engine_mail_time (const gchar *lang, const gchar *date, guint minutes)
{
	if (g_strcmp0 (lang, "vi") == 0)
		return g_strdup_printf ("%02u:%02u ngày %.2s/%.2s/%.4s", minutes / 60, minutes % 60,
					date + 8, date + 5, date);
	return g_strdup_printf ("%s at %02u:%02u", date, minutes / 60, minutes % 60);
}

typedef struct {
	const TgMessageInfo *info;
	const gchar *dedup;      /* (nullable) */
	const gchar *occurrence; /* (nullable): the session it is about */
	gint64 starts_at;        /* when what it speaks of starts */
	const gchar *to;
	const gchar *to_name; /* (nullable) */
	const gchar *lang;
	const gchar *subject;
	const gchar *text;
	const gchar *ics; /* (nullable): attached */
	gint64 due_at;
} TgMailDraft;

static void
tg_engine_mail_kick (TgEngineMail *mail)
{
	g_mutex_lock (&mail->mutex);
	mail->kicked = TRUE;
	g_cond_broadcast (&mail->cond);
	g_mutex_unlock (&mail->mutex);
}

/* the whole message of @d with @message_id */
static GBytes *
tg_engine_mail_compose (TgEngine *engine, const TgMailDraft *d, const gchar *message_id,
			GError **error)
{
	TgEngineMail *mail = tg_engine_get_mail (engine);
	g_autofree gchar *escaped = g_markup_escape_text (d->text, -1);
	g_autofree gchar *html = g_strdup_printf (
		"<!DOCTYPE html><html lang=\"%s\"><body><pre style=\"font-family:sans-serif;"
		"white-space:pre-wrap\">%s</pre></body></html>",
		d->lang, escaped);
	TgMailMessage msg = {0};

	msg.from = mail->from;
	msg.from_name = mail->from_name;
	msg.to = d->to;
	msg.to_name = d->to_name;
	msg.subject = d->subject;
	msg.text = d->text;
	msg.html = html;
	msg.message_id = message_id;
	msg.date_us = tg_clock_now (engine->clock);
	msg.ics = d->ics;
	return tg_mail_compose (&msg, error);
}

/* composes @d and queues it; FALSE when it was queued before, or on an error (logged) */
static gboolean
tg_engine_queue_mail (TgEngine *engine, const TgMailDraft *d)
{
	g_autoptr(TgOutboxMessage) m = g_new0 (TgOutboxMessage, 1);
	g_autoptr(GError) error = NULL;

	m->message_id = tg_engine_new_message_id (d->info);
	m->message = tg_engine_mail_compose (engine, d, m->message_id, &error);
	if (m->message == NULL) {
		g_warning ("composing a %s message: %s", d->info->name, error->message);
		return FALSE;
	}
	m->kind = g_strdup (d->info->name);
	m->dedup = g_strdup (d->dedup);
	m->occurrence = g_strdup (d->occurrence);
	m->starts_at = d->starts_at;
	m->recipient = g_strdup (d->to);
	m->language = g_strdup (d->lang);
	m->due_at = d->due_at;
	m->created_at = tg_clock_now (engine->clock);
	if (!tg_store_enqueue_mail (engine->store, m, &error)) {
		g_autofree gchar *what = g_strdup_printf ("queueing a %s message", d->info->name);
		tg_engine_log_store_error (what, error);
		return FALSE;
	}
	if (m->id == 0)
		return FALSE; /* queued before */
	if (d->due_at <= m->created_at)
		tg_engine_mail_kick (tg_engine_get_mail (engine));
	return TRUE;
}

void
tg_engine_mail_forget_occurrence (TgEngine *engine, const gchar *occurrence_id)
{
	TgEngineMail *mail = tg_engine_get_mail (engine);
	guint n = 0;
	const TgMessageInfo *rows = tg_message_catalogue (&n);

	if (mail == NULL)
		return;
	for (guint i = 0; i < n; i++) {
		if (rows[i].to != TG_MESSAGE_TO_CITIZEN)
			tg_engine_supersede_messages (engine, &rows[i], NULL, occurrence_id);
	}
	/* the sweep queues them again for the new time (or for the old one, moved back) */
	g_mutex_lock (&mail->mutex);
	g_hash_table_remove_all (mail->swept);
	g_mutex_unlock (&mail->mutex);
}

static const gchar *
tg_engine_mail_reason (const gchar *lang, const TgOccurrence *o)
{
	const gchar *reason = o->reason != NULL             ? o->reason
			      : g_strcmp0 (lang, "vi") == 0 ? o->holiday_vi
							    : o->holiday_en;
	return reason != NULL ? reason : "-";
}

/* where to book again after @o: the booking's unit, or when it no longer exists that day
 * (a reorganisation) the first of its successors that does */
static gchar *
tg_engine_rebook_unit (TgEngine *engine, const TgBooking *b, const TgOccurrence *o)
{
	g_autoptr(TgUnit) unit = tg_engine_get_unit (engine, b->unit, o->date, NULL);
	g_autoptr(GPtrArray) successors = NULL;

	if (unit == NULL || !tg_unit_is_valid_on (unit, o->date))
		successors = tg_store_list_successors (engine->store, b->unit, NULL);
	for (guint i = 0; successors != NULL && i < successors->len; i++) {
		const gchar *code = g_ptr_array_index (successors, i);
		g_autoptr(TgUnit) next = tg_engine_get_unit (engine, code, o->date, NULL);
		if (next != NULL && tg_unit_is_valid_on (next, o->date))
			return g_strdup (code);
	}
	return g_strdup (b->unit);
}

static const gchar *
tg_engine_mode_label (TgMeetingMode mode)
{
	switch (mode) {
	case TG_MEETING_MODE_ONLINE:
		return N_ ("online");
	case TG_MEETING_MODE_HYBRID:
		return N_ ("in person and online");
	case TG_MEETING_MODE_IN_PERSON:
	case TG_MEETING_MODE_UNKNOWN:
	default:
		return N_ ("in person");
	}
}

/* What a message is composed from */
typedef struct {
	const TgMessageInfo *info;
	const gchar *lang;
	const gchar *name;  /* (nullable): the recipient's */
	const TgBooking *b; /* (nullable): the booking of a message to its person */
	const TgOccurrence *o;
	const TgUnit *u;
	const gchar *manage;       /* (nullable): the booking's manage link */
	const gchar *appointments; /* (nullable): the session's, a line each */
	guint waiting;
} TgMessageContext;

/* (transfer full): what @arg stands for in the message of @c */
static gchar *
tg_engine_message_arg (TgEngine *engine, const TgMessageContext *c, TgMessageArg arg)
{
	const TgOccurrence *o = c->o;
	g_autofree gchar *rebook_unit = NULL;

	switch (arg) {
	case TG_MESSAGE_ARG_NAME:
		return g_strdup (c->name != NULL ? c->name : "");
	case TG_MESSAGE_ARG_UNIT:
		return g_strdup (c->u->name);
	case TG_MESSAGE_ARG_WHEN:
		return tg_engine_mail_time (c->lang, o->date,
					    tg_engine_message_minutes (c->info, o, c->b));
	case TG_MESSAGE_ARG_MANAGE_URL:
		return g_strdup (c->manage != NULL ? c->manage : "");
	case TG_MESSAGE_ARG_TICKET:
		return g_strdup_printf ("%u", c->b->ticket);
	case TG_MESSAGE_ARG_RECEPTION_VENUE:
		return o->reception_venue != NULL
			       ? g_strdup (o->reception_venue)
			       : tg_engine_default_reception_venue (engine, o->unit,
								    o->original_date);
	case TG_MESSAGE_ARG_REASON:
		return g_strdup (tg_engine_mail_reason (c->lang, o));
	case TG_MESSAGE_ARG_REBOOK_URL:
		rebook_unit = tg_engine_rebook_unit (engine, c->b, o);
		/* the unit's page of sessions: every link of a message opens a page */
		return g_strdup_printf ("%s/u/%s", tg_engine_get_mail (engine)->public_url,
					rebook_unit);
	case TG_MESSAGE_ARG_MODE:
		return g_strdup (tg_i18n_translate (c->lang, tg_engine_mode_label (o->mode)));
	case TG_MESSAGE_ARG_VENUE:
		return g_strdup (o->venue != NULL ? o->venue : "-");
	case TG_MESSAGE_ARG_ONLINE_URL:
		return g_strdup (o->online_url != NULL ? o->online_url : "-");
	case TG_MESSAGE_ARG_AGENDA:
		return g_strdup (o->agenda != NULL ? o->agenda : "-");
	case TG_MESSAGE_ARG_APPOINTMENTS:
		return g_strdup (c->appointments != NULL ? c->appointments : "");
	case TG_MESSAGE_ARG_WAITING:
		return g_strdup_printf ("%u", c->waiting);
	case TG_MESSAGE_ARG_PUBLIC_URL:
		return g_strdup (tg_engine_get_mail (engine)->public_url);
	case TG_MESSAGE_ARG_SESSION:
		return g_strdup (o->id);
	case TG_MESSAGE_ARG_END:
	default:
		g_return_val_if_reached (g_strdup (""));
	}
}

/* (transfer full): @msgid in the language of @c, its conversions filled with @args */
static gchar *
tg_engine_message_render (TgEngine *engine, const TgMessageContext *c, const gchar *msgid,
			  const TgMessageArg *args)
{
	g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);

	for (guint i = 0; i < TG_MESSAGE_MAX_ARGS && args[i] != TG_MESSAGE_ARG_END; i++)
		g_ptr_array_add (values, tg_engine_message_arg (engine, c, args[i]));
	return tg_message_format (tg_i18n_translate (c->lang, msgid),
				  (const gchar *const *) values->pdata, values->len);
}

void
tg_engine_mail_wake (TgEngine *engine)
{
	if (tg_engine_get_mail (engine) != NULL)
		tg_engine_mail_kick (tg_engine_get_mail (engine));
}

/* composes the message about a booking that @m stands for, as the booking now is */
static GBytes *
tg_engine_mail_compose_booking (TgEngine *engine, const TgOutboxMessage *m, GError **error)
{
	const TgMessageInfo *info = tg_message_info_by_name (m->kind);
	g_autoptr(TgBooking) b = NULL;
	g_autoptr(TgOccurrence) o = NULL;
	g_autoptr(TgUnit) u = NULL;
	g_autofree gchar *subject = NULL;
	g_autofree gchar *text = NULL;
	g_autofree gchar *manage = NULL;
	g_autofree gchar *ics = NULL;
	TgMessageContext c = {0};
	TgMailDraft d = {0};

	if (info == NULL || info->to != TG_MESSAGE_TO_CITIZEN) {
		g_set_error (error, TG_ERROR, TG_ERROR_INVALID, "no message of the kind %s",
			     m->kind);
		return NULL;
	}
	if (m->booking != NULL)
		b = tg_store_get_booking (engine->store, m->booking, NULL);
	if (b != NULL && !b->purged)
		o = tg_engine_get_occurrence (engine, b->occurrence, NULL);
	/* a session whose unit has ended since is told about as cancelled */
	if (o == NULL && b != NULL && !b->purged && info->of_ended_session)
		o = tg_engine_get_ended_occurrence (engine, b->occurrence);
	if (o != NULL)
		u = tg_engine_get_unit (engine, b->unit, NULL, NULL);
	if (u == NULL) {
		g_set_error (error, TG_ERROR, TG_ERROR_NOT_FOUND, "the booking is gone");
		return NULL;
	}
	if (m->link_secret != NULL)
		/* the booking's page: opening it (GET or HEAD) changes nothing */
		manage = g_strdup_printf ("%s/b/%s?token=%s",
					  tg_engine_get_mail (engine)->public_url, b->id,
					  m->link_secret);
	c.info = info;
	c.lang = b->language;
	c.name = b->requester.name;
	c.b = b;
	c.o = o;
	c.u = u;
	c.manage = manage;
	subject = tg_engine_message_render (engine, &c, info->subject, info->subject_args);
	text = tg_engine_message_render (engine, &c, info->text, info->text_args);
	if (info->attaches_appointment)
		ics = tg_engine_booking_ics_text (engine, b, o, u->name);
	d.info = info;
	d.to = m->recipient;
	d.to_name = b->requester.name;
	d.lang = m->language;
	d.subject = subject;
	d.text = text;
	d.ics = ics;
	return tg_engine_mail_compose (engine, &d, m->message_id, error);
}

/* ---- what the sweep queues: meeting reminders and the secretaries' lists ---- */

/* TRUE when @key is new to the sweep (and remembers it) */
static gboolean
tg_engine_mail_sweep_first (TgEngineMail *mail, const gchar *key)
{
	gboolean first;
	g_mutex_lock (&mail->mutex);
	/* only a memory of what was done: the outbox's keys are what counts */
	if (g_hash_table_size (mail->swept) > 100000)
		g_hash_table_remove_all (mail->swept);
	first = g_hash_table_add (mail->swept, g_strdup (key));
	g_mutex_unlock (&mail->mutex);
	return first;
}

/* composes, due now, the message of @c (about its session, at @start) the sweep found due
 * for @to, whose outbox key is @key, and queues it: 1, or 0 when it was queued before */
static guint
tg_engine_queue_swept (TgEngine *engine, const TgMessageContext *c, const gchar *key, gint64 start,
		       const gchar *to)
{
	g_autofree gchar *subject =
		tg_engine_message_render (engine, c, c->info->subject, c->info->subject_args);
	g_autofree gchar *text =
		tg_engine_message_render (engine, c, c->info->text, c->info->text_args);
	TgMailDraft d = {0};

	d.info = c->info;
	d.dedup = key;
	d.occurrence = c->o->id;
	d.starts_at = start;
	d.to = to;
	d.to_name = c->name;
	d.lang = c->lang;
	d.subject = subject;
	d.text = text;
	d.due_at = tg_clock_now (engine->clock);
	return tg_engine_queue_mail (engine, &d) ? 1 : 0;
}

static guint
tg_engine_mail_meeting (TgEngine *engine, const TgOccurrence *o, const TgUnit *u, gint64 start)
{
	TgMessageContext c = {
		tg_message_info (TG_MESSAGE_MEETING), "vi", NULL, NULL, o, u, NULL, NULL, 0};
	guint queued = 0;

	for (guint i = 0; o->participants != NULL && i < o->participants->len; i++) {
		TgParticipant *p = g_ptr_array_index (o->participants, i);
		g_autofree gchar *key = NULL;

		if (p->email == NULL)
			continue;
		key = tg_message_key (c.info, o->id, 0, start, p->email);
		if (!tg_engine_mail_sweep_first (tg_engine_get_mail (engine), key))
			continue;
		c.name = p->name;
		queued += tg_engine_queue_swept (engine, &c, key, start, p->email);
	}
	return queued;
}

/* the appointments of @o, one line each, for its secretaries */
static gchar *
tg_engine_mail_list_lines (TgEngine *engine, const gchar *lang, const TgOccurrence *o,
			   guint *waiting)
{
	g_autoptr(GPtrArray) bookings = tg_store_list_bookings (engine->store, o->id, NULL);
	GString *out = g_string_new (NULL);

	*waiting = 0;
	for (guint i = 0; bookings != NULL && i < bookings->len; i++) {
		TgBooking *b = g_ptr_array_index (bookings, i);
		guint start = tg_engine_booking_minutes (o, b);
		if (b->status == TG_BOOKING_WAITLISTED)
			(*waiting)++;
		if (b->status != TG_BOOKING_CONFIRMED)
			continue;
		g_string_append_printf (out, "%02u:%02u  #%u  %s  %s  %s%s%s\n", start / 60,
					start % 60, b->ticket,
					b->requester.name != NULL ? b->requester.name : "-",
					b->requester.phone != NULL ? b->requester.phone : "",
					tg_booking_category_label (b->category),
					b->dossier_code != NULL ? "  " : "",
					b->dossier_code != NULL ? b->dossier_code : "");
	}
	if (out->len == 0)
		g_string_append (out, tg_i18n_translate (lang,
							 N_ ("No one has booked this session.\n")));
	return g_string_free (out, FALSE);
}

static guint
tg_engine_mail_list (TgEngine *engine, const TgOccurrence *o, const TgUnit *u, gint64 start,
		     GPtrArray *secretaries)
{
	TgMessageContext c = {
		tg_message_info (TG_MESSAGE_LIST), "vi", NULL, NULL, o, u, NULL, NULL, 0};
	g_autofree gchar *lines = NULL;
	guint queued = 0;

	for (guint i = 0; i < secretaries->len; i++) {
		TgToken *t = g_ptr_array_index (secretaries, i);
		g_autofree gchar *key = NULL;

		if (g_strcmp0 (t->unit, o->unit) != 0)
			continue;
		key = tg_message_key (c.info, o->id, 0, start, t->id);
		if (!tg_engine_mail_sweep_first (tg_engine_get_mail (engine), key))
			continue;
		if (lines == NULL)
			lines = tg_engine_mail_list_lines (engine, c.lang, o, &c.waiting);
		c.appointments = lines;
		c.name = t->name;
		queued += tg_engine_queue_swept (engine, &c, key, start, t->email);
	}
	return queued;
}

/* the valid secretaries' tokens with an email address (element-type TgToken) */
static GPtrArray *
tg_engine_mail_secretaries (TgEngine *engine, GError **error)
{
	g_autoptr(GError) error_local = NULL;
	g_autoptr(GPtrArray) all = tg_store_list_tokens (engine->store, &error_local);
	GPtrArray *out;

	if (all == NULL) {
		tg_engine_propagate_store_error (error, g_steal_pointer (&error_local));
		return NULL;
	}
	out = g_ptr_array_new_with_free_func ((GDestroyNotify) tg_token_free);
	for (guint i = 0; i < all->len; i++) {
		TgToken *t = g_ptr_array_index (all, i);
		if (t->role == TG_ROLE_SECRETARY && t->revoked_at == 0 && t->email != NULL &&
		    t->unit != NULL)
			g_ptr_array_add (out, g_ptr_array_steal_index_fast (all, i--));
	}
	return out;
}

gint
tg_engine_mail_sweep (TgEngine *engine, GError **error)
{
	g_autoptr(GError) error_local = NULL;
	g_autoptr(GPtrArray) secretaries = NULL;
	g_autoptr(GPtrArray) units = NULL;
	g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
	g_autofree gchar *today = tg_engine_get_today (engine);
	g_autofree gchar *until = NULL;
	gint64 now = tg_clock_now (engine->clock);
	gint64 meeting_lead =
		(gint64) engine->options.meeting_reminder_hours_before * 3600 * G_USEC_PER_SEC;
	GDate d;
	gint queued = 0;

	if (tg_engine_get_mail (engine) == NULL)
		return 0;
	secretaries = tg_engine_mail_secretaries (engine, error);
	if (secretaries == NULL)
		return -1;
	units = tg_store_list_participant_units (engine->store, &error_local);
	if (units == NULL) {
		tg_engine_propagate_store_error (error, g_steal_pointer (&error_local));
		return -1;
	}
	for (guint i = 0; i < secretaries->len; i++)
		g_ptr_array_add (units,
				 g_strdup (((TgToken *) g_ptr_array_index (secretaries, i))->unit));
	/* far enough for the reminder and for a booking window closing up to 30 days ahead */
	tg_date_parse_iso (today, &d);
	g_date_add_days (&d, 31 + engine->options.meeting_reminder_hours_before / 24);
	until = tg_date_to_iso (&d);
	for (guint i = 0; i < units->len; i++) {
		const gchar *code = g_ptr_array_index (units, i);
		g_autoptr(GPtrArray) occs = NULL;
		g_autoptr(TgUnit) u = NULL;

		if (!g_hash_table_add (seen, (gpointer) code))
			continue;
		u = tg_engine_get_unit (engine, code, NULL, NULL);
		occs = tg_engine_own_occurrences_of (engine, code, today, until, NULL);
		for (guint k = 0; u != NULL && occs != NULL && k < occs->len; k++) {
			TgOccurrence *o = g_ptr_array_index (occs, k);
			gint64 meeting = tg_date_local_to_us (o->date, o->meeting_start);
			gint64 reception = tg_date_local_to_us (o->date, o->reception_start);
			gint64 closes =
				reception - (gint64) o->closes_hours_before * 3600 * G_USEC_PER_SEC;

			if (o->status == TG_OCCURRENCE_CANCELLED)
				continue;
			if (meeting_lead > 0 && now >= meeting - meeting_lead && now < meeting)
				queued += (gint) tg_engine_mail_meeting (engine, o, u, meeting);
			if (now >= closes && now < reception)
				queued += (gint) tg_engine_mail_list (engine, o, u, reception,
								      secretaries);
		}
	}
	return queued;
}

/* FALSE when @m, a message that expires (a reminder, a list), speaks of a time or a state
 * that is no longer true (the sweep or the booking's change queues the right one) */
static gboolean
tg_engine_mail_still_true (TgEngine *engine, const TgOutboxMessage *m)
{
	const TgMessageInfo *info = tg_message_info_by_name (m->kind);
	g_autoptr(TgOccurrence) o = NULL;
	g_autoptr(TgBooking) b = NULL;

	if (info == NULL || !info->expires || m->starts_at == 0 ||
	    (m->booking == NULL && m->occurrence == NULL))
		return TRUE;
	if (info->to == TG_MESSAGE_TO_CITIZEN) {
		if (m->booking != NULL)
			b = tg_store_get_booking (engine->store, m->booking, NULL);
		if (b == NULL || b->status != TG_BOOKING_CONFIRMED)
			return FALSE;
		o = tg_engine_get_occurrence (engine, b->occurrence, NULL);
	} else if (m->occurrence != NULL) {
		o = tg_engine_get_occurrence (engine, m->occurrence, NULL);
	}
	return tg_engine_message_is_true (info, b, o, m->starts_at, tg_clock_now (engine->clock));
}

/* ---- the mail thread ---- */

/* One attempt at @m, ended in @end; @owned keeps the strings @end points to */
static void
tg_engine_mail_attempt (TgEngine *engine, TgOutboxMessage *m, TgMailAttempt *end, GPtrArray *owned)
{
	TgEngineMail *mail = tg_engine_get_mail (engine);
	g_autoptr(GError) error = NULL;
	gboolean composed = FALSE;

	*end = (TgMailAttempt){m->id, "sent", NULL, m->due_at, NULL};
	if (!tg_engine_mail_still_true (engine, m)) {
		end->status = "superseded";
		end->last_error = "out of date when it was due";
		return;
	}
	if (g_bytes_get_size (m->message) == 0) {
		GBytes *bytes = tg_engine_mail_compose_booking (engine, m, &error);
		if (bytes == NULL) {
			g_info ("message %" G_GINT64_FORMAT ": %s", m->id, error->message);
			end->status = "failed";
			end->last_error = "it could not be composed";
			return;
		}
		g_bytes_unref (m->message);
		m->message = bytes;
		composed = TRUE;
	}
	if (!tg_mail_transport_send (mail->transport, mail->from, m->recipient, m->message_id,
				     m->message, &error)) {
		gchar *why = g_strdup (error->message);
		if (g_error_matches (error, TG_MAIL_ERROR, TG_MAIL_ERROR_TRANSIENT)) {
			/* 30 s, 1 min, 2 min ... up to 6 h */
			gint64 wait = MIN ((gint64) 30 << MIN (m->attempts - 1, 10), 6 * 3600);
			end->status = m->attempts >= TG_MAIL_MAX_ATTEMPTS ? "dead" : "queued";
			end->due_at = tg_clock_now (engine->clock) + wait * G_USEC_PER_SEC;
		} else {
			end->status = "failed";
		}
		g_ptr_array_add (owned, why);
		end->last_error = why;
		/* the next attempt sends these same bytes */
		if (composed)
			end->message = m->message;
	}
}

/* Sends what is still true of @batch, composing the messages about bookings (queued empty)
 * as the bookings now are, and ends each attempt in a write of its own as soon as it is
 * made (a durable commit, shared with whatever else the writer commits then). A reminder
 * for an old time is never sent. A crash sends again on restart, with its Message-ID, only
 * the message whose end was not yet written: at most one per crash, where ending the batch
 * in one write sent up to the whole batch twice (109 of 1,728 over five SIGKILLs) */
static void
tg_engine_mail_send_batch (TgEngine *engine, GPtrArray *batch)
{
	g_autoptr(GArray) ends =
			   g_array_sized_new (FALSE, TRUE, sizeof (TgMailAttempt), batch->len);
	g_autoptr(GPtrArray) owned = g_ptr_array_new_with_free_func (g_free);
	g_autoptr(GError) error = NULL;

	g_array_set_size (ends, batch->len);
	for (guint i = 0; i < batch->len; i++) {
		TgOutboxMessage *m = g_ptr_array_index (batch, i);
		TgMailAttempt *end = &g_array_index (ends, TgMailAttempt, i);

		tg_engine_mail_attempt (engine, m, end, owned);
		if (g_strcmp0 (end->status, "sent") != 0)
			g_info ("message %" G_GINT64_FORMAT " (%s): %s, now %s", m->id, m->kind,
				end->last_error, end->status);
		/* the server's answer may name the recipient: it stays at the info level */
		if (g_strcmp0 (end->status, "sent") != 0 &&
		    g_strcmp0 (end->status, "superseded") != 0)
			tg_log_event (G_LOG_LEVEL_MESSAGE, TG_LOG_ID_DELIVERY_FAILED,
				      "message %" G_GINT64_FORMAT " (%s) not delivered, now %s",
				      m->id, m->kind, end->status);
		if (!tg_store_finish_mails (engine->store, end, 1, tg_clock_now (engine->clock),
					    &error)) {
			tg_engine_log_store_error ("outbox", error);
			g_clear_error (&error);
		}
	}
	tg_mail_transport_close (tg_engine_get_mail (engine)->transport);
}

static gpointer
tg_engine_mail_thread (gpointer user_data)
{
	TgEngine *engine = user_data;
	TgEngineMail *mail = tg_engine_get_mail (engine);

	/* Sending can wait a few seconds; a citizen's request cannot. Below normal priority,
	 * a rush of bookings is answered first and its messages go out right after (they are
	 * in the outbox already). Linux takes a thread id here. */
	if (setpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid), 10) != 0)
		g_debug ("mail thread priority: %s", g_strerror (errno));
	for (;;) {
		g_autoptr(GError) error = NULL;
		g_autoptr(GPtrArray) batch = NULL;
		guint claimed;

		g_mutex_lock (&mail->mutex);
		if (mail->stop) {
			g_mutex_unlock (&mail->mutex);
			break;
		}
		mail->kicked = FALSE;
		mail->rounds_begun++;
		g_mutex_unlock (&mail->mutex);

		batch = tg_store_claim_mail (engine->store, tg_clock_now (engine->clock),
					     TG_MAIL_BATCH, &error);
		claimed = batch != NULL ? batch->len : 0;
		if (batch == NULL)
			tg_engine_log_store_error ("outbox", error);
		else if (claimed > 0)
			tg_engine_mail_send_batch (engine, batch);

		g_mutex_lock (&mail->mutex);
		mail->rounds_done++;
		g_cond_broadcast (&mail->cond);
		/* a full batch: more may be due */
		if (claimed == TG_MAIL_BATCH) {
			g_mutex_unlock (&mail->mutex);
			continue;
		}
		if (!mail->stop && !mail->kicked)
			g_cond_wait_until (&mail->cond, &mail->mutex,
					   g_get_monotonic_time () +
						   TG_MAIL_IDLE_SECONDS * G_USEC_PER_SEC);
		g_mutex_unlock (&mail->mutex);
	}
	return NULL;
}

/* the clock moved: what became due goes now, not at the next look */
static void
tg_engine_mail_on_clock_moved (gpointer user_data)
{
	tg_engine_mail_kick (user_data);
}

gboolean
tg_engine_wait_mail_round (TgEngine *engine, gint64 timeout_us)
{
	TgEngineMail *mail = tg_engine_get_mail (engine);
	gint64 end = g_get_monotonic_time () + timeout_us;
	guint64 target;
	gboolean done = TRUE;

	if (mail == NULL)
		return TRUE;
	g_mutex_lock (&mail->mutex);
	/* the next round to begin, which sees the outbox as it is now */
	target = mail->rounds_begun + 1;
	mail->kicked = TRUE;
	g_cond_broadcast (&mail->cond);
	while (done && !mail->stop && mail->rounds_done < target)
		done = g_cond_wait_until (&mail->cond, &mail->mutex, end);
	done = mail->rounds_done >= target;
	g_mutex_unlock (&mail->mutex);
	return done;
}

gboolean
tg_engine_start_mail (TgEngine *engine, const TgMailSettings *settings, const gchar *from,
		      const gchar *public_url, GError **error)
{
	TgEngineMail *mail;
	gint requeued;

	g_return_val_if_fail (tg_engine_get_mail (engine) == NULL, FALSE);
	tg_mail_init ();
	requeued = tg_store_requeue_sending (engine->store, tg_clock_now (engine->clock), error);
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
	mail->swept = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
	g_atomic_pointer_set (&engine->mail, mail);
	mail->thread = g_thread_new ("tg-mail", tg_engine_mail_thread, engine);
	mail->clock_watch = tg_clock_add_watch (engine->clock, tg_engine_mail_on_clock_moved, mail);
	return TRUE;
}

void
tg_engine_stop_mail (TgEngine *engine)
{
	TgEngineMail *mail = tg_engine_get_mail (engine);

	if (mail == NULL)
		return;
	tg_clock_remove_watch (engine->clock, mail->clock_watch);
	g_mutex_lock (&mail->mutex);
	mail->stop = TRUE;
	g_cond_broadcast (&mail->cond);
	g_mutex_unlock (&mail->mutex);
	g_thread_join (mail->thread);
	tg_mail_transport_free (mail->transport);
	g_free (mail->from);
	g_free (mail->from_name);
	g_free (mail->public_url);
	g_hash_table_unref (mail->swept);
	g_mutex_clear (&mail->mutex);
	g_cond_clear (&mail->cond);
	g_free (mail);
	g_atomic_pointer_set (&engine->mail, NULL);
}

GPtrArray *
tg_engine_list_outbox (TgEngine *engine, const TgToken *caller, const gchar *status, GError **error)
{
	g_autoptr(GError) error_local = NULL;
	GPtrArray *list;
	static const gchar *statuses[] = {"queued", "sending", "sent",
					  "failed", "dead",    "superseded"};
	gboolean known = status == NULL;

	if (!tg_engine_require_admin (caller, error))
		return NULL;
	for (guint i = 0; !known && i < G_N_ELEMENTS (statuses); i++)
		known = g_strcmp0 (statuses[i], status) == 0;
	if (!known) {
		tg_error_set_field (
			error, TG_ERROR_INVALID, "status",
			N_ ("must be queued, sending, sent, failed, dead or superseded"));
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
	TgEngineMail *mail = tg_engine_get_mail (engine);
	g_autoptr(GError) error_local = NULL;
	TgOutboxMessage *m;

	if (!tg_engine_require_admin (caller, error))
		return NULL;
	if (!tg_store_retry_mail (engine->store, id, tg_clock_now (engine->clock), &error_local)) {
		if (g_error_matches (error_local, TG_STORE_ERROR, TG_STORE_ERROR_NOT_FOUND))
			tg_error_set_field (error, TG_ERROR_NOT_FOUND, NULL,
					    N_ ("no such message"));
		else if (g_error_matches (error_local, TG_STORE_ERROR, TG_STORE_ERROR_STATE))
			tg_error_set_field (error, TG_ERROR_CONFLICT, NULL,
					    N_ ("only a failed or dead message can be sent again"));
		else
			tg_engine_propagate_store_error (error, g_steal_pointer (&error_local));
		return NULL;
	}
	/* read before waking the mail thread, which would often have taken it already */
	m = tg_store_get_outbox_message (engine->store, id, &error_local);
	if (mail != NULL)
		tg_engine_mail_kick (mail);
	if (m == NULL)
		tg_engine_propagate_store_error (error, g_steal_pointer (&error_local));
	return m;
}
