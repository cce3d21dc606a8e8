/* tg-engine-private.h: what the engine's files share
 *
 * The engine is a star around tg-engine.c, which holds the engine's state and the helpers
 * every act shares: access, units and tokens, occurrences and what they are computed from,
 * a booking as a calendar event, and telling people (what an act queues in the outbox, by
 * the rows of the catalogue, tg-message.h). Each other file does one part of what thaogo
 * does and calls tg-engine.c, never another file:
 *   tg-engine-calendar.c  holiday decisions, series, and the exceptions of occurrences
 *   tg-engine-bookings.c  bookings, from the citizen's and the secretary's side; the sweep
 *   tg-engine-feeds.c     iCalendar feeds
 *   tg-engine-mail.c      the mail thread that composes and sends the outbox, the minute's
 *                         sweep of meeting reminders and lists, the outbox's administration
 *   tg-engine-dossiers.c  the units' weekly lists of late dossiers, their classification and
 *                         the weekly review
 * tg-engine.c calls them back only through the functions of the last part of this header
 * (and the public ones that start, stop and sweep). */
#pragma once

#include "tg-engine.h"
#include "tg-ical.h"
#include "tg-message.h"
#include "tg-store.h"

G_BEGIN_DECLS

/* Logs "@what: message" of a store error where it is not the request's to answer: as a
 * warning, or at debug level for a failure of the database itself (busy, full, damaged),
 * which the store has logged where it happened (a full disk once, not once per write) */
void tg_engine_log_store_error (const gchar *what, const GError *error);

typedef struct _TgEngineMail TgEngineMail;

struct _TgEngine {
	TgStore *store;
	TgClock *clock;
	TgEngineOptions options;
	/* what occurrences are computed from, read once and kept until a write changes it */
	GMutex cache_mutex;
	TgHolidayCalendar *calendar; /* (nullable) with the current decisions */
	GHashTable *unit_calendars;  /* code -> TgUnitCalendar (reference counted) */
	guint64 cache_generation;    /* bumped by every invalidation */
	gint bookings_generation;    /* bumped (atomically) by every change of a booking */
	GHashTable *event_states;    /* uid -> TgEventEntry, what clients last saw */
	GHashTable *feeds;           /* feed key -> TgFeed, built feeds */
	/* (nullable) from tg_engine_start_mail() to tg_engine_stop_mail(): requests read it on
	 * their own threads, so it is only read through tg_engine_get_mail() and set atomically;
	 * the daemon starts mail before it answers requests and stops it after the last one */
	TgEngineMail *mail;
};

static inline TgEngineMail *
tg_engine_get_mail (TgEngine *engine)
{
	return g_atomic_pointer_get (&engine->mail);
}

/* ---- access, units (tg-engine.c) ---- */

/* The booking @id when @secret is its manage token; TG_ERROR_NOT_FOUND either way
 * otherwise. Returns (transfer full) */
TgBooking *tg_engine_load_booking (TgEngine *engine, const gchar *id, const gchar *secret,
				   GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* checks that a unit exists in some version; an INVALID error on @field otherwise */
gboolean tg_engine_check_unit_exists (TgEngine *engine, const gchar *code, const gchar *field,
				      GHashTable *pending,
				      GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* (element-type utf8): @code and the codes of every unit below it, in any version (the
 * scope of a report) */
GPtrArray *tg_engine_unit_tree (TgEngine *engine, const gchar *code,
				GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* ---- occurrences (tg-engine.c) ---- */

/* checks that @from and @to are dates, @from first, at most TG_OCCURRENCE_RANGE_MAX_DAYS
 * apart; an INVALID error on the field in fault otherwise */
gboolean tg_engine_check_range (const gchar *from, const gchar *to,
				GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* What the occurrences of one unit are computed from; shared, never changed once loaded */
typedef struct {
	GPtrArray *versions; /* (element-type TgUnit) */
	TgSeries *series;
	GHashTable *exceptions; /* original date -> TgException */
} TgUnitCalendar;
void tg_unit_calendar_unref (TgUnitCalendar *uc);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TgUnitCalendar, tg_unit_calendar_unref)
/* The destroy function of unit_calendars' values */
void tg_engine_unit_calendar_release (gpointer uc);
/* (transfer full): what @code's occurrences are computed from, from the cache or the store */
TgUnitCalendar *tg_engine_get_unit_calendar (TgEngine *engine, const gchar *code,
					     GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* Forget what is cached about @code (NULL: about every unit) */
void tg_engine_invalidate_unit (TgEngine *engine, const gchar *code);
void tg_engine_invalidate_calendar (TgEngine *engine);
/* TRUE when one of @versions (element-type TgUnit) is valid on @date (a TgValidityFunc) */
gboolean tg_engine_versions_valid_on (const gchar *date, gpointer versions);
/* The occurrences of @code's own series (no bridge points) from @from to @to, with the
 * holidays of @calendar */
GPtrArray *tg_engine_own_occurrences (TgEngine *engine, TgHolidayCalendar *calendar,
				      const gchar *code, const gchar *from, const gchar *to,
				      GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* The same with the current holidays */
GPtrArray *tg_engine_own_occurrences_of (TgEngine *engine, const gchar *code, const gchar *from,
					 const gchar *to, GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* The occurrence @id, with what it was computed from in *@uc_out (nullable) */
TgOccurrence *tg_engine_load_occurrence (TgEngine *engine, const gchar *id, TgUnitCalendar **uc_out,
					 GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* The occurrence @id even when its unit does not exist that day (ended by a
 * reorganisation), as cancelled, for the message that tells its people. (nullable) */
TgOccurrence *tg_engine_get_ended_occurrence (TgEngine *engine, const gchar *id);

/* ---- bookings as calendar events (tg-engine.c) ---- */

/* Something a feed shows of bookings changed */
void tg_engine_bookings_changed (TgEngine *engine);
/* (transfer full): one booking as a calendar event: the citizen's name, topic and dossier
 * code, never the phone or email (the staff feed, the booking's .ics, the confirmation's
 * attachment) */
TgIcalEvent *tg_engine_booking_event (const TgBooking *b, const TgOccurrence *o,
				      const gchar *unit_name);
/* (transfer full): one booking as an .ics text */
gchar *tg_engine_booking_ics_text (TgEngine *engine, const TgBooking *b, const TgOccurrence *o,
				   const gchar *unit_name);

/* ---- telling people: what an act queues in the outbox (tg-engine.c) ---- */

/* Queues the message @kind (a row of the catalogue to a citizen) about a booking; @secret
 * (nullable): its manage token, for the links. As its row says, the booking's queued
 * reminders go and, for a confirmed booking, its reminders for its time are queued with
 * it. */
void tg_engine_tell_booking (TgEngine *engine, const gchar *booking_id, TgMessageKind kind,
			     const gchar *secret);
/* The outbox rows of the message @kind about @b and, for a confirmed booking, of its
 * reminders, to be composed when sent; @secret (nullable) goes into the manage link (for
 * the write that stores a new booking with its messages).
 * Returns (transfer full) (element-type TgOutboxMessage) */
GPtrArray *tg_engine_booking_messages (TgEngine *engine, TgMessageKind kind, const TgBooking *b,
				       const TgOccurrence *o, const gchar *secret);
/* Messages were queued (with a booking, in its own write): the mail thread looks at once */
void tg_engine_messages_queued (TgEngine *engine);
/* The queued reminders about @booking_id are no longer wanted */
void tg_engine_forget_reminders (TgEngine *engine, const gchar *booking_id);
/* The session @id was cancelled or moved: feeds show it, the people of the active bookings
 * among @bookings (nullable, as they were before the change) get the message @kind, and its
 * queued meeting reminders and lists go */
void tg_engine_session_changed (TgEngine *engine, const gchar *id, GPtrArray *bookings,
				TgMessageKind kind);
/* Ends the active bookings of the session @id, which no longer takes place, as cancelled by
 * the unit, and tells their people. FALSE (logged) when the store refused. */
gboolean tg_engine_end_session_bookings (TgEngine *engine, const gchar *id);
/* The queued messages of @info about @booking, or about the session @occurrence, go */
void tg_engine_supersede_messages (TgEngine *engine, const TgMessageInfo *info,
				   const gchar *booking, const gchar *occurrence);
/* the minutes after midnight when @b's slot of @o starts */
guint tg_engine_booking_minutes (const TgOccurrence *o, const TgBooking *b);
/* the minutes after midnight of the time a message of @info speaks of: @b's slot (for a
 * message to its person), @o's meeting or reception */
guint tg_engine_message_minutes (const TgMessageInfo *info, const TgOccurrence *o,
				 const TgBooking *b);
/* the same as a time (UTC microseconds) */
gint64 tg_engine_message_time (const TgMessageInfo *info, const TgOccurrence *o,
			       const TgBooking *b);
/* TRUE while what an expiring message of @info speaks of is so at @now: its booking @b
 * (nullable: a message to a session's people) confirmed, its session @o (nullable) taking
 * place at @at, still to come */
gboolean tg_engine_message_is_true (const TgMessageInfo *info, const TgBooking *b,
				    const TgOccurrence *o, gint64 at, gint64 now);
/* (transfer full): a new Message-ID for a message of @info */
gchar *tg_engine_new_message_id (const TgMessageInfo *info);

/* ---- what tg-engine.c asks of the other files ---- */

/* tg-engine-feeds.c: forgets the built feeds (when the engine goes) */
void tg_engine_feeds_clear (TgEngine *engine);
/* tg-engine-mail.c: the mail thread looks at the outbox at once */
void tg_engine_mail_wake (TgEngine *engine);
/* tg-engine-mail.c: the queued meeting reminders and lists of @occurrence_id are no longer
 * wanted (the sweep queues them again for the session's new time) */
void tg_engine_mail_forget_occurrence (TgEngine *engine, const gchar *occurrence_id);

G_END_DECLS
