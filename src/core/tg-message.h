/* tg-message.h: the catalogue of the messages thaogo sends, one row per kind of email
 *
 * A row says who receives the message, what it is about and which time it speaks of, when
 * it is due, what makes it the same as one queued before, what it does to the booking's
 * other messages, and its subject and text: gettext msgids, translated into the
 * recipient's language when the message is composed, each with the list of what its
 * conversions stand for, in order. A new email is one row here, its entries in po/vi.po,
 * the act that queues it and a test. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
	TG_MESSAGE_RECEIVED = 1, /* a booking to confirm */
	TG_MESSAGE_WAITLISTED,
	TG_MESSAGE_CONFIRMED,
	TG_MESSAGE_PROMOTED, /* confirmed from the waiting list */
	TG_MESSAGE_REMINDER,
	TG_MESSAGE_CANCELLED, /* by the unit: the session no longer takes place */
	TG_MESSAGE_MOVED,     /* the session moved, the booking with it */
	TG_MESSAGE_MEETING,   /* a meeting's reminder to its participants */
	TG_MESSAGE_LIST,      /* a session's appointments, to its unit's secretaries */
} TgMessageKind;

typedef enum {
	TG_MESSAGE_TO_CITIZEN = 1,  /* the person of a booking, in the booking's language */
	TG_MESSAGE_TO_PARTICIPANTS, /* the participants of a session's meeting, in Vietnamese */
	TG_MESSAGE_TO_SECRETARIES,  /* the secretaries of a session's unit, in Vietnamese */
} TgMessageAudience;

/* the time a message speaks of */
typedef enum {
	TG_MESSAGE_AT_SLOT = 1, /* the booking's slot */
	TG_MESSAGE_AT_MEETING,  /* the session's meeting */
	TG_MESSAGE_AT_RECEPTION,
} TgMessageTime;

typedef enum {
	TG_MESSAGE_DUE_NOW = 1, /* queued by an act (a booking, a cancellation), sent at once */
	TG_MESSAGE_DUE_BEFORE,  /* queued by an act, due reminder_hours_before its time: a
				 * booking's reminder; none when that is past */
	TG_MESSAGE_DUE_SWEPT,   /* queued, composed, by the minute's sweep once it is due */
} TgMessageDue;

/* what makes a message the same as one queued before: its outbox key */
typedef enum {
	TG_MESSAGE_ONCE_PER_CHANGE = 1, /* kind:booking:sequence, once per state of the booking */
	TG_MESSAGE_ONCE_PER_TIME,       /* kind:booking:start, once per time of the booking */
	TG_MESSAGE_ONCE_PER_RECIPIENT,  /* kind:session:start:recipient */
} TgMessageOnce;

/* what a conversion ("%s", "%u") of a subject or a text stands for */
typedef enum {
	TG_MESSAGE_ARG_END = 0,
	TG_MESSAGE_ARG_NAME,            /* the recipient's name */
	TG_MESSAGE_ARG_UNIT,            /* the name of the unit */
	TG_MESSAGE_ARG_WHEN,            /* the message's time, in the recipient's language */
	TG_MESSAGE_ARG_MANAGE_URL,      /* the booking's own page, with its manage token */
	TG_MESSAGE_ARG_TICKET,          /* the booking's ticket number */
	TG_MESSAGE_ARG_RECEPTION_VENUE, /* where the session receives */
	TG_MESSAGE_ARG_REASON,          /* why the session was cancelled or moved */
	TG_MESSAGE_ARG_REBOOK_URL,      /* where to book another day */
	TG_MESSAGE_ARG_MODE,            /* in person, online, or both */
	TG_MESSAGE_ARG_VENUE,           /* where the meeting takes place, "-" */
	TG_MESSAGE_ARG_ONLINE_URL,      /* the meeting's online address, "-" */
	TG_MESSAGE_ARG_AGENDA,          /* "-" */
	TG_MESSAGE_ARG_APPOINTMENTS,    /* the session's confirmed appointments, a line each */
	TG_MESSAGE_ARG_WAITING,         /* how many wait on its list */
	TG_MESSAGE_ARG_PUBLIC_URL,      /* thaogo's public address */
	TG_MESSAGE_ARG_SESSION,         /* the session's id */
} TgMessageArg;

#define TG_MESSAGE_MAX_ARGS 8

typedef struct {
	TgMessageKind kind;
	const gchar *name; /* in the outbox, the Message-IDs and the spool's file names */
	TgMessageAudience to;
	TgMessageTime at;
	TgMessageDue due;
	TgMessageOnce once;
	/* only true while what it speaks of is so (its booking confirmed, its session taking
	 * place at its time, still to come): queued only then, superseded when it is due and
	 * no longer so */
	gboolean expires;
	gboolean offers_rebooking;     /* it says where to book another day */
	gboolean supersedes_reminders; /* the booking's queued reminders go (its time or state
					* changed) */
	gboolean then_reminds;         /* a confirmed booking's reminders (for its time) are
					* queued with it */
	gboolean attaches_appointment; /* the appointment as .ics, for the calendar */
	/* it may speak of a session whose unit has ended since (a reorganisation), told as
	 * cancelled */
	gboolean of_ended_session;
	const gchar *subject; /* msgid */
	TgMessageArg subject_args[TG_MESSAGE_MAX_ARGS];
	const gchar *text; /* msgid */
	TgMessageArg text_args[TG_MESSAGE_MAX_ARGS];
} TgMessageInfo;

/* (transfer none): the row of @kind */
const TgMessageInfo *tg_message_info (TgMessageKind kind);
/* (transfer none) (nullable): the row named @name, NULL for a name that is not in it */
const TgMessageInfo *tg_message_info_by_name (const gchar *name);
/* (transfer none): every row, in the order of the kinds; *n_rows receives how many */
const TgMessageInfo *tg_message_catalogue (guint *n_rows);

/* (transfer full): the outbox key of the message @info about @about (a booking's id, or a
 * session's for a message to its participants or secretaries): with the booking's
 * @sequence, or the message's time @start and (once per recipient) @who, as @info->once
 * says */
gchar *tg_message_key (const TgMessageInfo *info, const gchar *about, guint sequence, gint64 start,
		       const gchar *who);

/* (transfer full): @format (a subject or a text, translated) with its conversions replaced,
 * in order, by the @n_args strings of @args: each of "%s", "%u", "%d" (or "%N$s") takes
 * the next (the Nth) string, "%%" is a "%"; a conversion without its string gives "" */
gchar *tg_message_format (const gchar *format, const gchar *const *args, guint n_args);

G_END_DECLS
