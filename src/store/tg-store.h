/* tg-store.h: the SQLite store, the only code that includes sqlite3.h
 *
 * One writer thread takes write requests from a queue and commits several in one
 * transaction (group commit, synchronous=FULL); reads use a pool of connections, one per
 * thread at a time, beside the writer (WAL). Every function here is thread-safe.
 */
#pragma once

#include <glib.h>

#include "tg-booking.h"
#include "tg-conclusion.h"
#include "tg-dossier.h"
#include "tg-holiday.h"
#include "tg-metrics.h"
#include "tg-occurrence.h"
#include "tg-outbox.h"
#include "tg-series.h"
#include "tg-session.h"
#include "tg-token.h"
#include "tg-unit.h"

G_BEGIN_DECLS

#define TG_STORE_ERROR (tg_store_error_quark ())

typedef enum {
	TG_STORE_ERROR_FAILED = 1,     /* SQLite failed otherwise: a bug, a misuse */
	TG_STORE_ERROR_NOT_FOUND = 2,  /* no such row */
	TG_STORE_ERROR_CONSTRAINT = 3, /* a constraint of the schema refused the write */
	TG_STORE_ERROR_MIGRATION = 4,  /* a migration failed; the file was copied aside */
	TG_STORE_ERROR_TOO_NEW = 5,    /* the file has a newer schema than this program */
	TG_STORE_ERROR_CLOSED = 6,     /* the store is shutting down */
	TG_STORE_ERROR_FULL = 7,       /* no free seat in the slot */
	TG_STORE_ERROR_DUPLICATE = 8,  /* that phone or email already holds a booking there */
	TG_STORE_ERROR_EXPIRED = 9,    /* the hold ran out before the confirmation */
	TG_STORE_ERROR_STATE = 10,     /* the booking's status does not allow the change */
	TG_STORE_ERROR_BOOKED = 11,    /* the change would move or unseat active bookings */
	/* the failures of the database itself; nothing of the write that met one is stored
	 * (SQLite rolls its transaction back), and the writer goes on with the next */
	TG_STORE_ERROR_BUSY = 12,      /* another process held the database past the busy
					* timeout (SQLITE_BUSY): try again */
	TG_STORE_ERROR_LOCKED = 13,    /* a table was locked by the same process (SQLITE_LOCKED):
					* try again */
	TG_STORE_ERROR_DISK_FULL = 14, /* no room left on the file system (SQLITE_FULL, or an
					* I/O error of ENOSPC or EDQUOT) */
	TG_STORE_ERROR_IO = 15,        /* the system failed a read, write or sync (SQLITE_IOERR) */
	TG_STORE_ERROR_CORRUPT = 16,   /* the file is damaged or is not a database
					* (SQLITE_CORRUPT, SQLITE_NOTADB) */
} TgStoreError;

GQuark tg_store_error_quark (void);
/* The code for the SQLite result code @rc, primary or extended (SQLITE_CONSTRAINT:
 * CONSTRAINT, SQLITE_IOERR_WRITE: IO, ...); FAILED for any other failure. The store's
 * errors carry it; this is for those who read SQLite's codes (tests, tools) */
TgStoreError tg_store_error_from_sqlite (gint rc);

typedef struct _TgStore TgStore;
/* A write on its way to the writer thread (see tg_store_add_booking_begin()) */
typedef struct _TgStoreWrite TgStoreWrite;
typedef void (*TgStoreDoneFunc) (gpointer user_data);
/* Blocks until @write is committed or refused */
void tg_store_write_wait (TgStoreWrite *write);
/* Waits for @write, frees it and says how it went */
gboolean tg_store_write_finish (TgStoreWrite *write, GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* Opens or creates the database at @path and runs the pending migrations.
 * Returns (transfer full) (nullable) */
TgStore *tg_store_open (const gchar *path, GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* Waits for queued writes, stops the writer, closes every connection */
void tg_store_free (TgStore *store);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TgStore, tg_store_free)

gint tg_store_get_schema_version (TgStore *store);

/* Backups (tg-store-backup.c). Writes a consistent copy of the store to @dest (replaced if it
 * exists, through @dest.part) with SQLite's online backup API, in one read transaction:
 * writes go on meanwhile, and the copy holds every commit made before it began */
gboolean tg_store_backup (TgStore *store, const gchar *dest,
			  GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* Checks that @path is a database this program can open: SQLite's integrity check passes,
 * it has thaogo's tables and a schema no newer than tg_store_get_latest_schema_version ().
 * @version (out) (optional): its schema */
gboolean tg_store_check_file (const gchar *path, gint *version,
			      GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* Replaces the database at @db_path, which nothing may have open, with a copy of the checked
 * @backup (older schemas migrate when the store opens it). The database that was there is
 * kept as @db_path.before-restore-STAMP: @aside (out) (optional) (transfer full) (nullable) */
gboolean tg_store_restore (const gchar *backup, const gchar *db_path, gchar **aside,
			   GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* (transfer none): the database file's path */
const gchar *tg_store_get_path (TgStore *store);
gint tg_store_get_latest_schema_version (void);

/* At most @max_batch write requests share one transaction [512]; 1 disables group commit.
 * When a commit fails, every request of its transaction fails with the commit's error */
void tg_store_set_max_batch (TgStore *store, guint max_batch);
/* How long a connection waits for another process's lock before TG_STORE_ERROR_BUSY
 * [10000 ms]; the writer's new timeout applies from its next transaction */
void tg_store_set_busy_timeout (TgStore *store, guint ms);
/* Number of transactions the writer has committed so far */
guint64 tg_store_get_commit_count (TgStore *store);
/* Fills @metrics (cleared first; free with tg_store_metrics_clear()): the commits and their
 * histograms, the writes waiting, the rows of bookings and outbox by status (kept counted by
 * the writer: no table is read) and the due time of the oldest queued message. It waits for
 * one round of the writer */
gboolean tg_store_read_metrics (TgStore *store, TgStoreMetrics *metrics,
				GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* A checkpoint (on the store's checkpoint thread) is asked for after a commit that leaves
 * the log with at least @pages pages [16384] */
void tg_store_set_checkpoint_pages (TgStore *store, guint pages);
/* Checkpoints run so far */
guint64 tg_store_get_checkpoint_count (TgStore *store);

/* Units: a unit version is keyed by code and valid_from */
gboolean tg_store_put_unit (TgStore *store, const TgUnit *unit,
			    GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* All or nothing, in one transaction */
gboolean tg_store_put_units (TgStore *store, GPtrArray *units,
			     GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* The version of @code in force on @date, or with @date NULL the latest one.
 * Returns (transfer full), TG_STORE_ERROR_NOT_FOUND when there is none */
TgUnit *tg_store_get_unit (TgStore *store, const gchar *code, const gchar *date,
			   GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* Units in force on @date (NULL: every version), with the parent @parent (nullable) and the
 * level @level (UNKNOWN: any), ordered by code.
 * Returns (transfer full) (element-type TgUnit) */
GPtrArray *tg_store_list_units (TgStore *store, const gchar *parent, TgUnitLevel level,
				const gchar *date, GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* (element-type utf8): the codes of the units that succeed @code (in any version) */
GPtrArray *tg_store_list_successors (TgStore *store, const gchar *code,
				     GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* Every version of @code, oldest first. Returns (transfer full) (element-type TgUnit) */
GPtrArray *tg_store_list_unit_versions (TgStore *store, const gchar *code,
					GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* TRUE when @code is @ancestor or lies under it on @date (NULL: today's versions) */
gboolean tg_store_unit_is_within (TgStore *store, const gchar *code, const gchar *ancestor,
				  const gchar *date, GError **error) G_GNUC_WARN_UNUSED_RESULT;
guint tg_store_count_units (TgStore *store, GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* Tokens */
gboolean tg_store_add_token (TgStore *store, const TgToken *token,
			     GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* Returns (transfer full), TG_STORE_ERROR_NOT_FOUND when no token has that hash */
TgToken *tg_store_get_token_by_hash (TgStore *store, const gchar *hash,
				     GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* Returns (transfer full), TG_STORE_ERROR_NOT_FOUND when no token has that id */
TgToken *tg_store_get_token (TgStore *store, const gchar *id,
			     GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* Returns (transfer full) (element-type TgToken): every token, the revoked ones too */
GPtrArray *tg_store_list_tokens (TgStore *store, GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean tg_store_revoke_token (TgStore *store, const gchar *id, gint64 now_us,
				GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* Web sessions and login codes (tg-store-sessions.c); revoking a token deletes both */
gboolean tg_store_add_session (TgStore *store, const TgSession *session,
			       GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* Returns (transfer full), TG_STORE_ERROR_NOT_FOUND when no session has that hash */
TgSession *tg_store_get_session (TgStore *store, const gchar *hash,
				 GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* Records a request of the session at @now_us (its idle limit counts from there) */
gboolean tg_store_touch_session (TgStore *store, const gchar *hash, gint64 now_us,
				 GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* TG_STORE_ERROR_NOT_FOUND when no session has that hash */
gboolean tg_store_delete_session (TgStore *store, const gchar *hash,
				  GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean tg_store_add_login_code (TgStore *store, const gchar *hash, const gchar *token_id,
				  gint64 now_us, gint64 expires_at,
				  GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* Deletes the login code with @hash and returns (transfer full) the id of its token;
 * TG_STORE_ERROR_NOT_FOUND when there is none or it expired before @now_us */
gchar *tg_store_take_login_code (TgStore *store, const gchar *hash, gint64 now_us,
				 GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* Series: TG_STORE_ERROR_NOT_FOUND when the unit has none stored (the defaults apply) */
TgSeries *tg_store_get_series (TgStore *store, const gchar *unit,
			       GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean tg_store_put_series (TgStore *store, const TgSeries *series,
			      GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* What a series change may not take from the active bookings of one session: when
 * @same_times, a booking in slot @n_slots or later or on seat @desks or higher; otherwise
 * (its times or its day change, or it no longer takes place) any active booking */
typedef struct {
	gchar *occurrence;
	gboolean same_times;
	guint n_slots;
	guint desks;
} TgSeriesGuard;
/* tg_store_put_series() unless, in the same transaction, an active booking is found that a
 * guard of @guards (element-type TgSeriesGuard) protects: then TG_STORE_ERROR_BOOKED, and
 * the sessions concerned in *@affected (transfer full, element-type utf8) */
gboolean tg_store_put_series_guarded (TgStore *store, const TgSeries *series, GArray *guards,
				      GPtrArray **affected,
				      GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* (element-type utf8): the units whose series or occurrences have participants with an
 * email address */
GPtrArray *tg_store_list_participant_units (TgStore *store,
					    GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* Holiday decisions of the administrator (element-type TgHolidayDecision), by date */
GPtrArray *tg_store_list_holiday_decisions (TgStore *store,
					    GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean tg_store_put_holiday_decision (TgStore *store, const TgHolidayDecision *decision,
					gint64 now_us, GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* TG_STORE_ERROR_NOT_FOUND when there is no decision on @date */
gboolean tg_store_delete_holiday_decision (TgStore *store, const gchar *date,
					   GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* Exceptions to occurrences: every one of @unit, keyed by original date.
 * Returns (transfer full) (element-type utf8 TgException) */
GHashTable *tg_store_list_exceptions (TgStore *store, const gchar *unit,
				      GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* Stores @exc whole (it replaces the previous one) with sequence = previous + 1; the new
 * sequence is written back into @exc */
gboolean tg_store_put_exception (TgStore *store, TgException *exc,
				 GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* Bookings. The seat of a booking is found inside the write transaction; @capacity is the
 * number of desks, @n_slots the slots of the reception. booking->slot -1: the earliest slot
 * with a free seat. With @waitlist, a full slot gives a waitlisted booking instead of
 * TG_STORE_ERROR_FULL; with @confirm, a seat is confirmed at once (ticket given) instead of
 * held as pending. On success @booking has its slot, seat, status and ticket. */
/* The messages to queue with @booking, in the transaction that writes it.
 * Returns (transfer full) (element-type TgOutboxMessage) (nullable) */
typedef GPtrArray *(*TgBookingMailFunc) (const TgBooking *booking, gpointer user_data);

typedef struct {
	guint capacity;
	guint n_slots;
	gboolean waitlist;
	gboolean confirm;
	gint64 now_us;
	TgBookingMailFunc mail; /* (nullable) called on the writer thread */
	gpointer mail_data;
} TgSeatRequest;
gboolean tg_store_add_booking (TgStore *store, TgBooking *booking, const TgSeatRequest *req,
			       GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* The same without waiting: queues the write and returns. @notify (nullable) runs on the
 * writer thread once the write is committed or refused, and must be quick; then
 * tg_store_write_finish() gives the result. @booking and @req stay the caller's and must
 * live until then. */
TgStoreWrite *tg_store_add_booking_begin (TgStore *store, TgBooking *booking,
					  const TgSeatRequest *req, TgStoreDoneFunc notify,
					  gpointer notify_data);
/* Returns (transfer full), TG_STORE_ERROR_NOT_FOUND */
TgBooking *tg_store_get_booking (TgStore *store, const gchar *id,
				 GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* The bookings of an occurrence, by slot and ticket. (element-type TgBooking) */
GPtrArray *tg_store_list_bookings (TgStore *store, const gchar *occurrence,
				   GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* Seats taken per slot of @occurrence: (element-type guint) as GArray, @n_slots long */
GArray *tg_store_count_seats (TgStore *store, const gchar *occurrence, guint n_slots,
			      GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* pending -> confirmed with the next ticket; TG_STORE_ERROR_EXPIRED after the hold (the
 * seat is then freed), TG_STORE_ERROR_STATE when not pending */
gboolean tg_store_confirm_booking (TgStore *store, const gchar *id, gint64 now_us,
				   GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* Ends an active booking with @status (cancelled, cancelled_by_unit), keeping @reason
 * (nullable) as its cancel reason; the freed seat goes to the first of the waiting list.
 * @promoted (nullable) receives the ids promoted */
gboolean tg_store_end_booking (TgStore *store, const gchar *id, TgBookingStatus status,
			       const gchar *reason, gint64 now_us, GPtrArray *promoted,
			       GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* Sets @b's waitlist_position: its place in its session's waiting list (1 is the next to
 * get a seat), 0 when it is not waiting */
gboolean tg_store_fill_waitlist_position (TgStore *store, TgBooking *b,
					  GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* Ends every active booking of @occurrence as cancelled by the unit: its session no longer
 * takes place (for a reason other than its own cancellation, which does this itself) */
gboolean tg_store_end_occurrence (TgStore *store, const gchar *occurrence, gint64 now_us,
				  GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* (element-type utf8): the occurrences of Mondays from @from (YYYY-MM-DD) on that hold
 * active bookings */
GPtrArray *tg_store_list_coming_booked_occurrences (TgStore *store, const gchar *from,
						    GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* Moves an active booking to another occurrence or slot (same rules as adding) */
gboolean tg_store_reschedule_booking (TgStore *store, TgBooking *booking, const TgSeatRequest *req,
				      GPtrArray *promoted,
				      GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* Pending bookings whose hold ran out become expired; seats go to the waiting lists.
 * Returns how many expired, -1 on error */
gint tg_store_expire_holds (TgStore *store, gint64 now_us, GPtrArray *promoted,
			    GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* The secretary's record (see TgBookingRecord) */
gboolean tg_store_record_booking (TgStore *store, const gchar *id, const TgBookingRecord *rec,
				  gint64 now_us, GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* Counts of the bookings of @units (element-type utf8) with original dates in [from, to]:
 * rows of (dimension, key, count) for dimension category, outcome, cause and status.
 * Returns (transfer full) (element-type TgReportRow) */
GPtrArray *tg_store_report (TgStore *store, GPtrArray *units, const gchar *from, const gchar *to,
			    GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* Deletes the personal data of bookings for occurrences before @before (YYYY-MM-DD); the
 * counts stay. Returns how many bookings were purged, -1 on error */
gint tg_store_purge_personal_data (TgStore *store, const gchar *before, gint64 now_us,
				   GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* Calendar events as clients last saw them: the sequence only ever goes up */
typedef struct {
	gchar *uid;
	gchar *hash;
	guint sequence;
	gint64 modified_at;
} TgEventState;
void tg_event_state_free (TgEventState *state);
/* Returns (transfer full) (element-type utf8 TgEventState) */
GHashTable *tg_store_load_event_states (TgStore *store, GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* Stores @states (element-type TgEventState) in one transaction */
gboolean tg_store_put_event_states (TgStore *store, GPtrArray *states,
				    GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* Staff feed links: one per token, stored hashed */
gboolean tg_store_put_feed_token (TgStore *store, const gchar *owner, const gchar *hash,
				  gint64 now_us, GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* (transfer full): the owner token id of the feed link with @hash; NOT_FOUND */
gchar *tg_store_get_feed_owner (TgStore *store, const gchar *hash,
				GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* The bookings assigned to @assignee on the days @from to @to (ISO dates), for the staff
 * feed (element-type TgBooking) */
GPtrArray *tg_store_list_assigned_bookings (TgStore *store, const gchar *assignee,
					    const gchar *from, const gchar *to,
					    GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* The bookings of @units (element-type utf8) about the dossier @code, by date: the receptions
 * a late dossier's history shows (element-type TgBooking) */
GPtrArray *tg_store_list_dossier_bookings (TgStore *store, GPtrArray *units, const gchar *code,
					   GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* The outbox (its messages: see tg-outbox.h) */
/* Queues @m (its id is set); a message whose dedup key is already queued is dropped */
gboolean tg_store_enqueue_mail (TgStore *store, TgOutboxMessage *m,
				GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* Takes up to @limit queued messages due at @now_us and marks them sending.
 * Returns (transfer full) (element-type TgOutboxMessage) */
GPtrArray *tg_store_claim_mail (TgStore *store, gint64 now_us, guint limit,
				GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* Ends an attempt: @status sent, failed, dead, superseded, or queued again at @due_at;
 * TG_STORE_ERROR_NOT_FOUND for an unknown @id */
gboolean tg_store_finish_mail (TgStore *store, gint64 id, const gchar *status,
			       const gchar *last_error, gint64 due_at, gint64 now_us,
			       GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* The end of one attempt at a message, for tg_store_finish_mails */
typedef struct {
	gint64 id;
	const gchar *status;     /* as for tg_store_finish_mail */
	const gchar *last_error; /* (nullable) */
	gint64 due_at;
	/* (nullable): the bytes composed for this attempt of a message queued empty, kept
	 * (with the link secret dropped) so that the next attempt sends the same bytes; a
	 * sent message keeps none */
	GBytes *message;
} TgMailAttempt;
/* Ends @n attempts in one write (unknown ids are skipped) */
gboolean tg_store_finish_mails (TgStore *store, const TgMailAttempt *attempts, guint n,
				gint64 now_us, GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* On start: messages left sending by a crash are queued again (they keep their Message-ID),
 * updated at @now_us. Returns how many, -1 on error */
gint tg_store_requeue_sending (TgStore *store, gint64 now_us,
			       GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* The queued messages of @kind about @booking, or about the session @occurrence (give
 * one of the two), become superseded; their keys are freed for a message queued anew */
gboolean tg_store_supersede_mail (TgStore *store, const gchar *kind, const gchar *booking,
				  const gchar *occurrence, gint64 now_us,
				  GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* (element-type TgOutboxMessage), newest first, without their bodies; @status (nullable) */
GPtrArray *tg_store_list_outbox (TgStore *store, const gchar *status, guint limit,
				 GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* Returns (transfer full) one message without its body, TG_STORE_ERROR_NOT_FOUND */
TgOutboxMessage *tg_store_get_outbox_message (TgStore *store, gint64 id,
					      GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* A failed or dead message is queued again, due at @now_us, with no attempts and no error;
 * it keeps its Message-ID. TG_STORE_ERROR_NOT_FOUND, TG_STORE_ERROR_STATE in another
 * status */
gboolean tg_store_retry_mail (TgStore *store, gint64 id, gint64 now_us,
			      GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* A meeting's conclusions (tg-store-conclusions.c) */
/* Stores @c (its occurrence, unit, meeting_date, text, assignee, deadline, created_at) as
 * the next conclusion of its meeting, setting its number and id */
gboolean tg_store_add_conclusion (TgStore *store, TgConclusion *c,
				  GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* Applies the members of @change that are set and returns (transfer full) the conclusion as
 * it now is; TG_STORE_ERROR_NOT_FOUND when there is no such conclusion */
TgConclusion *tg_store_update_conclusion (TgStore *store, const gchar *occurrence, guint number,
					  const TgConclusionChange *change, gint64 now_us,
					  GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* (element-type TgConclusion): the conclusions of one meeting, by number */
GPtrArray *tg_store_list_conclusions (TgStore *store, const gchar *occurrence,
				      GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* (element-type TgConclusion): @unit's conclusions still open from meetings held before
 * @before (YYYY-MM-DD), by deadline */
GPtrArray *tg_store_list_open_conclusions (TgStore *store, const gchar *unit, const gchar *before,
					   GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* Late dossiers (tg-store-dossiers.c) */
/* Stores @rows (element-type TgDossier) as @unit's list of @as_of, replacing the one of that
 * date, in one transaction; a dossier new to the unit gets an empty classification, a known
 * one keeps its own. When the list of that date already has @digest, nothing is written and
 * *@unchanged is TRUE */
gboolean tg_store_put_dossier_list (TgStore *store, const gchar *unit, const gchar *as_of,
				    GPtrArray *rows, const gchar *digest, gint64 now_us,
				    gboolean *unchanged, GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* The date of @unit's latest list on or before @as_of into *@found (transfer full), NULL
 * when it has none */
gboolean tg_store_find_dossier_list (TgStore *store, const gchar *unit, const gchar *as_of,
				     gchar **found, GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* The rows of @unit's list of @as_of, by due date then code, each with its classification
 * and the date of the first list that held it. (element-type TgDossier) */
GPtrArray *tg_store_list_dossiers (TgStore *store, const gchar *unit, const gchar *as_of,
				   GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* One dossier of @unit: its classification and its row in the latest list that held it;
 * TG_STORE_ERROR_NOT_FOUND when no list of the unit held it */
TgDossier *tg_store_get_dossier (TgStore *store, const gchar *unit, const gchar *code,
				 GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* (see TgDossierClassification) TG_STORE_ERROR_NOT_FOUND when no list of @unit held @code */
gboolean tg_store_classify_dossier (TgStore *store, const gchar *unit, const gchar *code,
				    const TgDossierClassification *c, gint64 now_us,
				    GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* The dossiers among @codes (element-type utf8, well-formed codes) on the latest list on or
 * before @as_of of each of @units (element-type utf8), with their unit and list date, in
 * the order of @units: a code may be on several units' lists */
GPtrArray *tg_store_find_listed_dossiers (TgStore *store, GPtrArray *units, GPtrArray *codes,
					  const gchar *as_of,
					  GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* The rows of the dossier @code in each list of @unit on or before @as_of, oldest first,
 * with their list dates (element-type TgDossier) */
GPtrArray *tg_store_list_dossier_listings (TgStore *store, const gchar *unit, const gchar *code,
					   const gchar *as_of,
					   GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* The weekly review of the late dossiers of @units (element-type utf8) on @as_of, from each
 * unit's latest list on or before it and the list before that: rows (dimension, key, count)
 * of total (late, new, resolved, unclassified, units_listed), agency, procedure (the ten with
 * the most), cause (a key of tg_booking_causes or unclassified) and week (the Monday of each
 * of the twelve weeks that end with @as_of's: the dossiers of each unit's latest list of
 * that week). Returns (transfer full) (element-type TgReportRow) */
GPtrArray *tg_store_review_dossiers (TgStore *store, GPtrArray *units, const gchar *as_of,
				     GError **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
