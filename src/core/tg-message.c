/* tg-message.c: the catalogue of the messages thaogo sends */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "tg-message.h"

/* in the order of TgMessageKind */
static const TgMessageInfo tg_message_rows[] = {
	{
		/* a new booking, held until its person confirms it */
		.kind = TG_MESSAGE_RECEIVED,
		.name = "received",
		.to = TG_MESSAGE_TO_CITIZEN,
		.at = TG_MESSAGE_AT_SLOT,
		.due = TG_MESSAGE_DUE_NOW,
		.once = TG_MESSAGE_ONCE_PER_CHANGE,
		.subject = N_ ("Your appointment request: please confirm it"),
		.text = N_ (
			"Hello %s,\n\nWe have received your request to be received by %s on %s.\n"
			"Your seat is held for you until you confirm it; without a confirmation it "
			"is given to someone else.\n\nYour appointment, to see, confirm, change or "
			"cancel it:\n%s\n\nThis message was sent automatically; please do not "
			"answer it.\n"),
		.text_args = {TG_MESSAGE_ARG_NAME, TG_MESSAGE_ARG_UNIT, TG_MESSAGE_ARG_WHEN,
			      TG_MESSAGE_ARG_MANAGE_URL},
	},
	{
		/* a new booking on the waiting list of a full session */
		.kind = TG_MESSAGE_WAITLISTED,
		.name = "waitlisted",
		.to = TG_MESSAGE_TO_CITIZEN,
		.at = TG_MESSAGE_AT_SLOT,
		.due = TG_MESSAGE_DUE_NOW,
		.once = TG_MESSAGE_ONCE_PER_CHANGE,
		.subject = N_ ("You are on the waiting list"),
		.text = N_ (
			"Hello %s,\n\nThe reception of %s on %s is full: you are on its waiting "
			"list. When a seat frees up it is given to you, in the order of the list, "
			"and we tell you by email.\n\nYour request, to see or cancel it:\n%s\n\n"
			"This message was sent automatically; please do not answer it.\n"),
		.text_args = {TG_MESSAGE_ARG_NAME, TG_MESSAGE_ARG_UNIT, TG_MESSAGE_ARG_WHEN,
			      TG_MESSAGE_ARG_MANAGE_URL},
	},
	{
		/* a booking confirmed (by its person, or at once when no
		   confirmation is asked) */
		.kind = TG_MESSAGE_CONFIRMED,
		.name = "confirmed",
		.to = TG_MESSAGE_TO_CITIZEN,
		.at = TG_MESSAGE_AT_SLOT,
		.due = TG_MESSAGE_DUE_NOW,
		.once = TG_MESSAGE_ONCE_PER_CHANGE,
		.supersedes_reminders = TRUE,
		.then_reminds = TRUE,
		.attaches_appointment = TRUE,
		.subject = N_ ("Your appointment is confirmed"),
		.text = N_ ("Hello %s,\n\nYour appointment with %s on %s is confirmed. Your ticket "
			    "number is %u.\nPlease bring the documents of your case.\n\nThe "
			    "appointment is attached for your calendar.\n\nThis message was sent "
			    "automatically; please do not answer it.\n"),
		.text_args = {TG_MESSAGE_ARG_NAME, TG_MESSAGE_ARG_UNIT, TG_MESSAGE_ARG_WHEN,
			      TG_MESSAGE_ARG_TICKET},
	},
	{
		/* a seat freed up for the first of the waiting list */
		.kind = TG_MESSAGE_PROMOTED,
		.name = "promoted",
		.to = TG_MESSAGE_TO_CITIZEN,
		.at = TG_MESSAGE_AT_SLOT,
		.due = TG_MESSAGE_DUE_NOW,
		.once = TG_MESSAGE_ONCE_PER_CHANGE,
		.supersedes_reminders = TRUE,
		.then_reminds = TRUE,
		.attaches_appointment = TRUE,
		.subject = N_ ("A seat has freed up: your appointment is confirmed"),
		.text = N_ ("Hello %s,\n\nYour appointment with %s on %s is confirmed. Your ticket "
			    "number is %u.\nPlease bring the documents of your case.\n\nThe "
			    "appointment is attached for your calendar.\n\nThis message was sent "
			    "automatically; please do not answer it.\n"),
		.text_args = {TG_MESSAGE_ARG_NAME, TG_MESSAGE_ARG_UNIT, TG_MESSAGE_ARG_WHEN,
			      TG_MESSAGE_ARG_TICKET},
	},
	{
		/* the day before (reminder_hours_before) */
		.kind = TG_MESSAGE_REMINDER,
		.name = "reminder",
		.to = TG_MESSAGE_TO_CITIZEN,
		.at = TG_MESSAGE_AT_SLOT,
		.due = TG_MESSAGE_DUE_BEFORE,
		.once = TG_MESSAGE_ONCE_PER_TIME,
		.expires = TRUE,
		.subject = N_ ("Reminder: your appointment on %s"),
		.subject_args = {TG_MESSAGE_ARG_WHEN},
		.text = N_ (
			"Hello %s,\n\nA reminder of your appointment with %s on %s. Your ticket "
			"number is %u.\nPlace: %s\nPlease bring the documents of your case. If you "
			"cannot come, please cancel the appointment with the link in your first "
			"message, so that someone else can have the seat.\n\nThis message was sent "
			"automatically; please do not answer it.\n"),
		.text_args = {TG_MESSAGE_ARG_NAME, TG_MESSAGE_ARG_UNIT, TG_MESSAGE_ARG_WHEN,
			      TG_MESSAGE_ARG_TICKET, TG_MESSAGE_ARG_RECEPTION_VENUE},
	},
	{
		/* the session no longer takes place */
		.kind = TG_MESSAGE_CANCELLED,
		.name = "cancelled",
		.to = TG_MESSAGE_TO_CITIZEN,
		.at = TG_MESSAGE_AT_SLOT,
		.due = TG_MESSAGE_DUE_NOW,
		.once = TG_MESSAGE_ONCE_PER_CHANGE,
		.offers_rebooking = TRUE,
		.supersedes_reminders = TRUE,
		.of_ended_session = TRUE,
		.subject = N_ ("Your appointment has been cancelled"),
		.text = N_ (
			"Hello %s,\n\nWe are sorry: the reception of %s on %s has been cancelled.\n"
			"Reason: %s\n\nYou can book another day here:\n%s\n\nThis message was sent "
			"automatically; please do not answer it.\n"),
		.text_args = {TG_MESSAGE_ARG_NAME, TG_MESSAGE_ARG_UNIT, TG_MESSAGE_ARG_WHEN,
			      TG_MESSAGE_ARG_REASON, TG_MESSAGE_ARG_REBOOK_URL},
	},
	{
		/* the session moved: the booking
		   keeps its slot on the new day */
		.kind = TG_MESSAGE_MOVED,
		.name = "moved",
		.to = TG_MESSAGE_TO_CITIZEN,
		.at = TG_MESSAGE_AT_SLOT,
		.due = TG_MESSAGE_DUE_NOW,
		.once = TG_MESSAGE_ONCE_PER_TIME,
		.offers_rebooking = TRUE,
		.supersedes_reminders = TRUE,
		.then_reminds = TRUE,
		.subject = N_ ("Your appointment has been moved"),
		.text = N_ (
			"Hello %s,\n\nThe reception of %s has been moved: your appointment is now "
			"on %s.\nReason: %s\n\nIf the new time does not suit you, please cancel the "
			"appointment with the link in your first message; you can book another day "
			"here:\n%s\n\nThis message was sent automatically; please do not answer "
			"it.\n"),
		.text_args = {TG_MESSAGE_ARG_NAME, TG_MESSAGE_ARG_UNIT, TG_MESSAGE_ARG_WHEN,
			      TG_MESSAGE_ARG_REASON, TG_MESSAGE_ARG_REBOOK_URL},
	},
	{
		/* meeting_reminder_hours_before
		   the meeting, to its
		   participants */
		.kind = TG_MESSAGE_MEETING,
		.name = "meeting",
		.to = TG_MESSAGE_TO_PARTICIPANTS,
		.at = TG_MESSAGE_AT_MEETING,
		.due = TG_MESSAGE_DUE_SWEPT,
		.once = TG_MESSAGE_ONCE_PER_RECIPIENT,
		.expires = TRUE,
		.subject = N_ ("Meeting of the steering committee of %s, %s"),
		.subject_args = {TG_MESSAGE_ARG_UNIT, TG_MESSAGE_ARG_WHEN},
		.text = N_ (
			"Hello %s,\n\nA reminder of the meeting of the steering committee of %s "
			"for removing bottlenecks in administrative procedures, on %s.\nMode: %s\n"
			"Place: %s\nOnline: %s\n\nAgenda:\n%s\n\nThis message was sent "
			"automatically; please do not answer it.\n"),
		.text_args = {TG_MESSAGE_ARG_NAME, TG_MESSAGE_ARG_UNIT, TG_MESSAGE_ARG_WHEN,
			      TG_MESSAGE_ARG_MODE, TG_MESSAGE_ARG_VENUE, TG_MESSAGE_ARG_ONLINE_URL,
			      TG_MESSAGE_ARG_AGENDA},
	},
	{
		/* once booking has
		   closed, the
		   appointments, to
		   the unit's
		   secretaries */
		.kind = TG_MESSAGE_LIST,
		.name = "list",
		.to = TG_MESSAGE_TO_SECRETARIES,
		.at = TG_MESSAGE_AT_RECEPTION,
		.due = TG_MESSAGE_DUE_SWEPT,
		.once = TG_MESSAGE_ONCE_PER_RECIPIENT,
		.expires = TRUE,
		.subject = N_ ("Appointments of %s, %s"),
		.subject_args = {TG_MESSAGE_ARG_UNIT, TG_MESSAGE_ARG_WHEN},
		.text = N_ (
			"Hello %s,\n\nBooking has closed for the reception of %s on %s. Its "
			"appointments:\n\n%s\nOn the waiting list: %u\n\nTo assign them and record "
			"the outcomes:\n%s/secretary/%s\n\nThis message was sent "
			"automatically; please do not answer it.\n"),
		.text_args = {TG_MESSAGE_ARG_NAME, TG_MESSAGE_ARG_UNIT, TG_MESSAGE_ARG_WHEN,
			      TG_MESSAGE_ARG_APPOINTMENTS, TG_MESSAGE_ARG_WAITING,
			      TG_MESSAGE_ARG_PUBLIC_URL, TG_MESSAGE_ARG_SESSION},
	},
};

const TgMessageInfo *
tg_message_info (TgMessageKind kind)
{
	g_return_val_if_fail (kind >= 1 && kind <= G_N_ELEMENTS (tg_message_rows), NULL);
	return &tg_message_rows[kind - 1];
}

const TgMessageInfo *
tg_message_info_by_name (const gchar *name)
{
	for (guint i = 0; i < G_N_ELEMENTS (tg_message_rows); i++) {
		if (g_strcmp0 (tg_message_rows[i].name, name) == 0)
			return &tg_message_rows[i];
	}
	return NULL;
}

const TgMessageInfo *
tg_message_catalogue (guint *n_rows)
{
	*n_rows = G_N_ELEMENTS (tg_message_rows);
	return tg_message_rows;
}

gchar *
tg_message_key (const TgMessageInfo *info, const gchar *about, guint sequence, gint64 start,
		const gchar *who)
{
	switch (info->once) {
	case TG_MESSAGE_ONCE_PER_TIME:
		return g_strdup_printf ("%s:%s:%" G_GINT64_FORMAT, info->name, about, start);
	case TG_MESSAGE_ONCE_PER_RECIPIENT:
		return g_strdup_printf ("%s:%s:%" G_GINT64_FORMAT ":%s", info->name, about, start,
					who);
	case TG_MESSAGE_ONCE_PER_CHANGE:
	default:
		return g_strdup_printf ("%s:%s:%u", info->name, about, sequence);
	}
}

gchar *
tg_message_format (const gchar *format, const gchar *const *args, guint n_args)
{
	GString *out = g_string_sized_new (strlen (format) + 256);
	guint next = 0;

	for (const gchar *p = format; *p != '\0'; p++) {
		const gchar *q = p + 1;
		guint n = 0;

		if (*p != '%') {
			g_string_append_c (out, *p);
			continue;
		}
		if (*q == '%') {
			g_string_append_c (out, '%');
			p = q;
			continue;
		}
		/* "%N$s": the Nth string; "%s": the next one */
		while (g_ascii_isdigit (*q))
			n = n * 10 + (guint) (*q++ - '0');
		if (*q == '$' && n > 0) {
			q++;
		} else {
			q = p + 1;
			n = 0;
		}
		if (*q != 's' && *q != 'u' && *q != 'd') {
			g_string_append_c (out, *p); /* not a conversion the catalogue uses */
			continue;
		}
		if (n == 0)
			n = ++next;
		if (n <= n_args && args[n - 1] != NULL)
			g_string_append (out, args[n - 1]);
		p = q;
	}
	return g_string_free (out, FALSE);
}
