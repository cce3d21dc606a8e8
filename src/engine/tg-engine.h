/* tg-engine.h: what thaogo does, independent of the protocol that asks for it
 *
 * The HTTP layer parses and validates a request, then calls the engine. The engine checks
 * the caller's rights, applies the rules and talks to the store. Every error it returns is
 * a TG_ERROR. Every function is thread-safe. This header speaks the engine's types and those
 * of src/core/ only: the store and mail are behind the engine.
 */
#pragma once

#include <glib.h>

#include "tg-booking.h"
#include "tg-clock.h"
#include "tg-conclusion.h"
#include "tg-dossier.h"
#include "tg-holiday.h"
#include "tg-mail-settings.h"
#include "tg-occurrence.h"
#include "tg-outbox.h"
#include "tg-series.h"
#include "tg-metrics.h"
#include "tg-session.h"
#include "tg-token.h"
#include "tg-unit.h"

G_BEGIN_DECLS

typedef struct _TgEngine TgEngine;
/* The store is opened by the daemon and handed to the engine; nothing above the engine
 * sees what is in it */
struct _TgStore;

/* @store and @clock: (transfer none), must outlive the engine */
TgEngine *tg_engine_new (struct _TgStore *store, TgClock *clock);
void tg_engine_free (TgEngine *engine);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TgEngine, tg_engine_free)

TgClock *tg_engine_get_clock (TgEngine *engine);
/* (transfer full): today in Asia/Ho_Chi_Minh, YYYY-MM-DD */
gchar *tg_engine_get_today (TgEngine *engine);
/* What public reads are built from, to tell when a copy kept of one is stale: *@calendar
 * changes with every write of units, series, sessions' exceptions or holiday decisions,
 * *@bookings with every change of a booking (before the answer of the act that made it) */
void tg_engine_get_generations (TgEngine *engine, guint64 *calendar, gint *bookings);

/* What the metrics show of the store (tg_store_read_metrics(): counts kept, no table read);
 * clear @metrics with tg_store_metrics_clear() */
gboolean tg_engine_read_metrics (TgEngine *engine, TgStoreMetrics *metrics,
				 GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* Turns a store error into a TG_ERROR (not found, conflict, unavailable, internal) */
void tg_engine_propagate_store_error (GError **error, GError *store_error);

/* Access: the token behind a bearer secret (TG_ERROR_UNAUTHORIZED when unknown or revoked) */
TgToken *tg_engine_authenticate (TgEngine *engine, const gchar *secret,
				 GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean tg_engine_require_admin (const TgToken *caller, GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* Admin, or a secretary of @unit or of one of its ancestors */
gboolean tg_engine_require_secretary_of (TgEngine *engine, const TgToken *caller, const gchar *unit,
					 GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* Web sessions (tg-engine-sessions.c). A session stands for its token: it ends after its
 * idle or absolute limit, when signed out, or when its token is revoked. Signing in returns
 * (transfer full) the token and *session_secret the cookie's value */
TgToken *tg_engine_sign_in (TgEngine *engine, const gchar *token_secret, gchar **session_secret,
			    GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* With a login code (single use, TG_ERROR_UNAUTHORIZED once used or expired) */
TgToken *tg_engine_sign_in_with_code (TgEngine *engine, const gchar *code, gchar **session_secret,
				      GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* (transfer full): the token behind a live session; TG_ERROR_UNAUTHORIZED otherwise */
TgToken *tg_engine_authenticate_session (TgEngine *engine, const gchar *session_secret,
					 GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean tg_engine_sign_out (TgEngine *engine, const gchar *session_secret,
			     GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* (transfer full): a login code for @token_id (NULL: the caller's own; another's: admin
 * only), valid until *expires_at (UTC microseconds) */
gchar *tg_engine_create_login_code (TgEngine *engine, const TgToken *caller, const gchar *token_id,
				    gint64 *expires_at, GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* Units */
/* @date (nullable): the day the units are in force, today when NULL; @all_versions: every
 * version whatever its validity. Returns (transfer full) (element-type TgUnit) */
GPtrArray *tg_engine_list_units (TgEngine *engine, const gchar *parent, TgUnitLevel level,
				 const gchar *date, gboolean all_versions,
				 GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* The version in force on @date (today when NULL), else the latest version */
TgUnit *tg_engine_get_unit (TgEngine *engine, const gchar *code, const gchar *date,
			    GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* Creates or updates one unit version (admin); *created tells which */
gboolean tg_engine_put_unit (TgEngine *engine, const TgToken *caller, const TgUnit *unit,
			     gboolean *created, GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* Imports units in one transaction (admin): all or nothing */
gboolean tg_engine_import_units (TgEngine *engine, const TgToken *caller, GPtrArray *units,
				 GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* Loads a units TSV into an empty database (for --demo); a database with units is left alone.
 * *loaded (nullable) receives the number of units loaded */
gboolean tg_engine_load_units_file (TgEngine *engine, const gchar *path, guint *loaded,
				    GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* Tokens (admin) */
/* Creates a token from @request (role, unit, name, email); *secret receives the secret,
 * shown once. Returns (transfer full) */
TgToken *tg_engine_create_token (TgEngine *engine, const TgToken *caller, const TgToken *request,
				 gchar **secret, GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* A consistent copy of the database for an admin (@caller), made while bookings go on: a
 * file beside the database, already unlinked, mapped. Returns (transfer full) */
GMappedFile *tg_engine_backup (TgEngine *engine, const TgToken *caller,
			       GError **error) G_GNUC_WARN_UNUSED_RESULT;
GPtrArray *tg_engine_list_tokens (TgEngine *engine, const TgToken *caller,
				  GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean tg_engine_revoke_token (TgEngine *engine, const TgToken *caller, const gchar *id,
				 GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* On first start: when @path does not exist, creates an admin token and writes its secret
 * there with mode 0600. *created (nullable) tells whether it did */
gboolean tg_engine_ensure_admin_token (TgEngine *engine, const gchar *path, gboolean *created,
				       GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* Settings of the booking rules (from the configuration) */
typedef struct {
	gboolean require_email_confirmation;
	guint hold_minutes;
	guint retention_days;
	guint reminder_hours_before;         /* the citizen's reminder; 0: none */
	guint meeting_reminder_hours_before; /* the participants' reminder; 0: none */
	/* the web sessions (0: the TG_SESSION_*_DEFAULT of tg-session.h) */
	guint session_idle_seconds;
	guint session_lifetime_seconds;
	guint login_link_seconds;
} TgEngineOptions;
void tg_engine_set_options (TgEngine *engine, const TgEngineOptions *options);

/* Holidays */
/* (transfer full): a holiday calendar with the administrator's current decisions (cheap:
 * the lunar computations behind it are cached) */
TgHolidayCalendar *tg_engine_new_calendar (TgEngine *engine,
					   GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* (admin) a decision on @decision->date: a day off or a working day */
gboolean tg_engine_put_holiday_decision (TgEngine *engine, const TgToken *caller,
					 const TgHolidayDecision *decision,
					 GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean tg_engine_delete_holiday_decision (TgEngine *engine, const TgToken *caller,
					    const gchar *date,
					    GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* The series of @code: the stored settings or the defaults. Returns (transfer full) */
TgSeries *tg_engine_get_series (TgEngine *engine, const gchar *code,
				GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* (secretary of the unit or above) stores @series after checking it. A change that would
 * move the bookings of a coming session (its reception start, slot length or day) or leave
 * some without a slot or a desk is refused with TG_ERROR_CONFLICT (field "reception"); the
 * sessions concerned are then in *@affected (nullable; transfer full, element-type utf8) */
gboolean tg_engine_put_series (TgEngine *engine, const TgToken *caller, TgSeries *series,
			       GPtrArray **affected, GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* Occurrences of @code with days in [@from, @to] (at most 400 days), with the bridge points
 * of its ancestors' online and hybrid meetings. Returns (transfer full) (element-type
 * TgOccurrence) */
GPtrArray *tg_engine_list_occurrences (TgEngine *engine, const gchar *code, const gchar *from,
				       const gchar *to, GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* A meeting's conclusions (tg-engine-conclusions.c), for the secretaries of its unit or
 * above: (element-type TgConclusion) those of the occurrence @occurrence, by number */
GPtrArray *tg_engine_list_conclusions (TgEngine *engine, const TgToken *caller,
				       const gchar *occurrence,
				       GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* Records the next conclusion of a meeting that was held (not cancelled, not in the future):
 * @change's text, assignee and deadline (not before the meeting) */
TgConclusion *tg_engine_add_conclusion (TgEngine *engine, const TgToken *caller,
					const gchar *occurrence, const TgConclusionChange *change,
					GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* Changes the conclusion @id ("UNIT-YYYYMMDD-N"): its text, assignee, deadline or status */
TgConclusion *tg_engine_update_conclusion (TgEngine *engine, const TgToken *caller, const gchar *id,
					   const TgConclusionChange *change,
					   GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* (element-type TgConclusion): @unit's conclusions still open from its meetings before
 * @before, by deadline: what its next meeting follows up */
GPtrArray *tg_engine_list_followup (TgEngine *engine, const TgToken *caller, const gchar *unit,
				    const gchar *before, GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* One occurrence by id ("UNIT-YYYYMMDD"). Returns (transfer full) */
TgOccurrence *tg_engine_get_occurrence (TgEngine *engine, const gchar *id,
					GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* Exceptions (secretary of the unit or above); each returns the occurrence as it now is */
TgOccurrence *tg_engine_cancel_occurrence (TgEngine *engine, const TgToken *caller, const gchar *id,
					   const gchar *reason,
					   GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* @meeting_start, @reception_start: minutes, or -1 to keep the series' times */
TgOccurrence *tg_engine_move_occurrence (TgEngine *engine, const TgToken *caller, const gchar *id,
					 const gchar *date, gint meeting_start,
					 gint reception_start, const gchar *reason,
					 GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* @patch: agenda, participants, mode, venue, online_url (NULL / UNKNOWN: unchanged) */
TgOccurrence *tg_engine_patch_occurrence (TgEngine *engine, const TgToken *caller, const gchar *id,
					  const TgException *patch,
					  GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* TRUE when @caller may see the personal data of @unit (its secretaries, staff, admins) */
gboolean tg_engine_caller_sees_unit (TgEngine *engine, const TgToken *caller, const gchar *unit);

/* Slots of an occurrence's reception */
typedef struct {
	guint index;
	guint start; /* minutes */
	guint end;
	guint capacity;
	guint available;
} TgSlot;
/* Returns (transfer full) (element-type TgSlot) as a GArray; *@occurrence (nullable) gets
 * the occurrence */
GArray *tg_engine_list_slots (TgEngine *engine, const gchar *occurrence_id,
			      TgOccurrence **occurrence, GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* A free place offered instead of a full slot */
typedef struct {
	gchar *occurrence;
	gchar *date;
	guint start;
} TgAlternative;
void tg_alternative_free (TgAlternative *alt);

/* Books @request (requester, topic, language, consent) on @occurrence_id at @slot_start
 * (minutes, -1: the earliest free slot). *@secret gets the manage token (shown once). When
 * the slot is full and @waitlist is FALSE: TG_ERROR_SLOT_FULL and *@alternatives (nullable)
 * gets up to three (element-type TgAlternative). Returns (transfer full) */
TgBooking *tg_engine_create_booking (TgEngine *engine, TgBooking *request,
				     const gchar *occurrence_id, gint slot_start, gboolean waitlist,
				     gchar **secret, GPtrArray **alternatives,
				     GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* The same in two steps, so that the caller need not wait. Begin checks @request (taken:
 * transfer full) and queues its write, or fails at once; @notify (nullable) runs on the
 * store's writer thread once the write is committed or refused and must only wake the
 * caller; then end gives what tg_engine_create_booking() gives, and frees @job. */
typedef struct _TgBookingJob TgBookingJob;
typedef void (*TgEngineDoneFunc) (gpointer user_data);
TgBookingJob *tg_engine_begin_booking (TgEngine *engine, TgBooking *request,
				       const gchar *occurrence_id, gint slot_start,
				       gboolean waitlist, TgEngineDoneFunc notify,
				       gpointer notify_data,
				       GError **error) G_GNUC_WARN_UNUSED_RESULT;
TgBooking *tg_engine_end_booking (TgBookingJob *job, gchar **secret, GPtrArray **alternatives,
				  GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* Frees a job that was begun and not ended (after waiting for its write) */
void tg_booking_job_free (TgBookingJob *job);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TgBookingJob, tg_booking_job_free)
/* The occurrence of @unit that takes place on @date (its own, not a bridge point);
 * (transfer full) */
gchar *tg_engine_find_occurrence (TgEngine *engine, const gchar *unit, const gchar *date,
				  GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* The citizen's side: a wrong or missing @secret is TG_ERROR_NOT_FOUND, as an unknown id */
TgBooking *tg_engine_get_booking (TgEngine *engine, const gchar *id, const gchar *secret,
				  GError **error) G_GNUC_WARN_UNUSED_RESULT;
TgBooking *tg_engine_confirm_booking (TgEngine *engine, const gchar *id, const gchar *secret,
				      GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* @reason (nullable): the person's words, at most TG_BOOKING_CANCEL_REASON_MAX characters */
TgBooking *tg_engine_cancel_booking (TgEngine *engine, const gchar *id, const gchar *secret,
				     const gchar *reason, GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* Queues the confirmation request of a pending booking once more (the first was lost or
 * is late), with the manage link of @secret: TG_ERROR_CONFLICT when the booking waits for no
 * confirmation or has no email. Returns (transfer full) the booking */
TgBooking *tg_engine_resend_booking (TgEngine *engine, const gchar *id, const gchar *secret,
				     GError **error) G_GNUC_WARN_UNUSED_RESULT;
TgBooking *tg_engine_reschedule_booking (TgEngine *engine, const gchar *id, const gchar *secret,
					 const gchar *occurrence_id, gint slot_start,
					 GPtrArray **alternatives,
					 GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* The secretary's side */
GPtrArray *tg_engine_list_occurrence_bookings (TgEngine *engine, const TgToken *caller,
					       const gchar *occurrence_id,
					       GError **error) G_GNUC_WARN_UNUSED_RESULT;
TgBooking *tg_engine_record_booking (TgEngine *engine, const TgToken *caller, const gchar *id,
				     const TgBookingRecord *record,
				     GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* (secretary of @unit or above) the valid tokens a booking of @unit may be assigned to: its
 * staff and secretaries and those of the units above it. Returns (transfer full)
 * (element-type TgToken) */
GPtrArray *tg_engine_list_assignees (TgEngine *engine, const TgToken *caller, const gchar *unit,
				     GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* Counts for @unit and the units below it from @from to @to (at most 400 days), with a week
 * row for every week of the range, 0 or not, last; (element-type TgReportRow) */
GPtrArray *tg_engine_report (TgEngine *engine, const TgToken *caller, const gchar *unit,
			     const gchar *from, const gchar *to,
			     GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* Housekeeping, run by the daemon's timers: returns the number of bookings changed, -1 on
 * error */
gint tg_engine_expire_holds (TgEngine *engine, GError **error) G_GNUC_WARN_UNUSED_RESULT;
gint tg_engine_purge_personal_data (TgEngine *engine, GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* Ends (and tells) the active bookings of coming sessions that no longer take place: the
 * acts that cancel a session do it themselves, this catches what they could not (a booking
 * committed while a holiday decision was being made, a stop in between) */
gint tg_engine_sweep_bookings (TgEngine *engine, GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* Late dossiers (tg-engine-dossiers.c); each act is for the secretaries of @unit or above */
/* Checks that @unit exists (TG_ERROR_NOT_FOUND) and that @caller may see and set its late
 * dossiers (before a long list is read) */
gboolean tg_engine_require_dossier_access (TgEngine *engine, const TgToken *caller,
					   const gchar *unit,
					   GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* Stores the good rows of @list as @unit's late-dossier list of @as_of (nullable: today),
 * replacing the list of that date; *@unchanged (nullable) is TRUE when that list was this
 * one already (nothing written) */
gboolean tg_engine_import_dossiers (TgEngine *engine, const TgToken *caller, const gchar *unit,
				    const gchar *as_of, const TgDossierList *list,
				    gboolean *unchanged, GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* The dossiers of @unit's latest list on or before @as_of (nullable: today), with their
 * classification; *@listed (transfer full) gets that list's date, NULL when there is none
 * (the array is then empty). Returns (transfer full) (element-type TgDossier) */
GPtrArray *tg_engine_list_dossiers (TgEngine *engine, const TgToken *caller, const gchar *unit,
				    const gchar *as_of, gchar **listed,
				    GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* Classifies the dossier @code of @unit (see TgDossierClassification): TG_ERROR_NOT_FOUND
 * when no list of the unit held it. Returns (transfer full) the dossier as it now is */
TgDossier *tg_engine_classify_dossier (TgEngine *engine, const TgToken *caller, const gchar *unit,
				       const gchar *code, const TgDossierClassification *c,
				       GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* The late dossiers the bookings of @occ are about, for a secretary of its unit (for anyone
 * else, none): a booking's dossier code on the latest list, as of the session's day, of its
 * unit or else of the nearest unit below it. Returns (transfer full) a table of dossier code
 * to TgDossier (with its unit and list date) */
GHashTable *tg_engine_link_dossiers (TgEngine *engine, const TgToken *caller,
				     const TgOccurrence *occ, GPtrArray *bookings,
				     GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* A dossier's history: the rows of the dossier @code of @unit in each of @unit's lists on or
 * before @as_of (nullable: today), oldest first, the last being the dossier as of that day
 * (TG_ERROR_NOT_FOUND when no list held it); *@listed: TRUE when that last list is @unit's
 * latest, i.e. the dossier is still late; *@receptions (transfer full) (element-type
 * TgBooking): the bookings about it at @unit and the units above it that @caller sees, by
 * date; *@suggestion (transfer none) (nullable): when the dossier has no cause yet, the
 * latest of them whose outcome records one. Returns (transfer full) (element-type
 * TgDossier) */
GPtrArray *tg_engine_get_dossier_history (TgEngine *engine, const TgToken *caller,
					  const gchar *unit, const gchar *code, const gchar *as_of,
					  gboolean *listed, GPtrArray **receptions,
					  const TgBooking **suggestion,
					  GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* The weekly review of the late dossiers of @unit and the units below it on @as_of
 * (nullable: today): see tg_store_review_dossiers(); rows ordered by dimension (total,
 * agency, procedure, cause, week), the weeks by date, the others by count, most first.
 * Returns (transfer full) (element-type TgReportRow) */
GPtrArray *tg_engine_review_dossiers (TgEngine *engine, const TgToken *caller, const gchar *unit,
				      const gchar *as_of, GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* iCalendar feeds: a built feed, shared while anything uses it */
typedef struct {
	gint ref;
	gchar *key;
	gchar *etag;          /* strong: changes exactly when an event does */
	gint64 last_modified; /* UTC microseconds */
	guint n_events;
	GBytes *body; /* text/calendar */
	guint64 generation;
	gint bookings_generation;
	gchar *today;
} TgFeed;
TgFeed *tg_feed_ref (TgFeed *feed);
void tg_feed_unref (TgFeed *feed);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TgFeed, tg_feed_unref)

/* The public feed of @code: its meetings and receptions and its ancestors' bridge meetings,
 * 90 days back to a year ahead, no personal data */
TgFeed *tg_engine_get_unit_feed (TgEngine *engine, const gchar *code,
				 GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* The private feed behind a feed link: the meetings of the owner's unit and the appointments
 * assigned to the owner (name, topic, dossier code; never phone or email) */
TgFeed *tg_engine_get_staff_feed (TgEngine *engine, const gchar *secret,
				  GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* (transfer full): a new feed link secret for @caller, replacing the old one */
gchar *tg_engine_rotate_feed (TgEngine *engine, const TgToken *caller,
			      GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* A feed of @events (element-type TgIcalEvent): each event's text is reused while what it
 * says does not change (what the feeds above are built with; the benchmark uses it) */
TgFeed *tg_engine_feed_from_events (TgEngine *engine, const gchar *name, GPtrArray *events,
				    GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* (transfer full): where a unit receives when its series names no venue */
gchar *tg_engine_default_reception_venue (TgEngine *engine, const gchar *code, const gchar *date);
/* One booking as an .ics (METHOD:PUBLISH), for the holder of its manage token */
TgFeed *tg_engine_get_booking_ics (TgEngine *engine, const gchar *id, const gchar *secret,
				   GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* Email: starts the mail thread that sends the outbox (after queueing again what a crash
 * left sending); messages to citizens are queued from then on */
gboolean tg_engine_start_mail (TgEngine *engine, const TgMailSettings *settings, const gchar *from,
			       const gchar *public_url, GError **error) G_GNUC_WARN_UNUSED_RESULT;
void tg_engine_stop_mail (TgEngine *engine);
/* Wakes the mail thread and waits for a round of it that began after the call (what was due
 * then has been tried), at most @timeout_us; FALSE when that round did not end in time.
 * TRUE at once without a mail thread. For tests, and the test hooks' clock. */
gboolean tg_engine_wait_mail_round (TgEngine *engine, gint64 timeout_us);
/* Queues what has become due: the meeting reminders to the participants
 * (meeting_reminder_hours_before) and, once booking has closed, the list of an occurrence's
 * appointments to the unit's secretaries. Run every minute; queues nothing twice.
 * Returns how many messages it queued, -1 on error */
gint tg_engine_mail_sweep (TgEngine *engine, GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* (admin) the outbox, newest first; @status (nullable) */
GPtrArray *tg_engine_list_outbox (TgEngine *engine, const TgToken *caller, const gchar *status,
				  GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* (admin) sends a failed or dead message again, with the same Message-ID: it is queued, due
 * now. Returns (transfer full) the message as it is then; TG_ERROR_NOT_FOUND, or
 * TG_ERROR_CONFLICT when it is in another status */
TgOutboxMessage *tg_engine_retry_outbox (TgEngine *engine, const TgToken *caller, gint64 id,
					 GError **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
