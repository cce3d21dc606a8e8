/* tg-engine-bookings.c: appointments, from the citizen's and the secretary's side */
#define G_LOG_DOMAIN "thaogo-engine"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "tg-date.h"
#include "tg-engine-private.h"
#include "tg-error.h"
#include "tg-random.h"
#include "tg-text.h"

#define TG_BOOKING_ALTERNATIVES 3
#define TG_NOTE_MAX 2000

void
tg_alternative_free (TgAlternative *alt)
{
	if (alt == NULL)
		return;
	g_free (alt->occurrence);
	g_free (alt->date);
	g_free (alt);
}

/* the slot index of @start (minutes) in @occ, -1 when no slot starts then */
static gint
tg_occurrence_slot_index (const TgOccurrence *occ, gint start)
{
	guint n = tg_occurrence_n_slots (occ);
	if (start < (gint) occ->reception_start || occ->slot_minutes == 0)
		return -1;
	if ((start - (gint) occ->reception_start) % (gint) occ->slot_minutes != 0)
		return -1;
	start = (start - (gint) occ->reception_start) / (gint) occ->slot_minutes;
	return start < (gint) n ? start : -1;
}

GArray *
tg_engine_list_slots (TgEngine *engine, const gchar *occurrence_id, TgOccurrence **occurrence,
		      GError **error)
{
	g_autoptr(TgOccurrence) occ = tg_engine_get_occurrence (engine, occurrence_id, error);
	g_autoptr(GArray) counts = NULL;
	g_autoptr(GArray) slots = g_array_new (FALSE, TRUE, sizeof (TgSlot));
	g_autoptr(GError) error_local = NULL;
	guint n;

	if (occ == NULL)
		return NULL;
	n = tg_occurrence_n_slots (occ);
	counts = tg_store_count_seats (engine->store, occ->id, n, &error_local);
	if (counts == NULL) {
		tg_engine_propagate_store_error (error, g_steal_pointer (&error_local));
		return NULL;
	}
	for (guint i = 0; i < n; i++) {
		TgSlot s = {i, occ->reception_start + i * occ->slot_minutes,
			    occ->reception_start + (i + 1) * occ->slot_minutes, occ->desks, 0};
		guint used = g_array_index (counts, guint, i);
		s.available = occ->status == TG_OCCURRENCE_CANCELLED || used >= s.capacity
				      ? 0
				      : s.capacity - used;
		g_array_append_val (slots, s);
	}
	if (occurrence != NULL)
		*occurrence = g_steal_pointer (&occ);
	return g_steal_pointer (&slots);
}

gchar *
tg_engine_find_occurrence (TgEngine *engine, const gchar *unit, const gchar *date, GError **error)
{
	g_autoptr(GPtrArray) list = NULL;

	if (!tg_unit_code_is_valid (unit)) {
		tg_error_set_field (error, TG_ERROR_INVALID, "unit",
				    N_ ("must be a statistics code of 1 to 10 digits"));
		return NULL;
	}
	if (!tg_date_is_valid_iso (date)) {
		tg_error_set_field (error, TG_ERROR_INVALID, "date",
				    N_ ("must be a date written YYYY-MM-DD"));
		return NULL;
	}
	list = tg_engine_list_occurrences (engine, unit, date, date, error);
	if (list == NULL)
		return NULL;
	for (guint i = 0; i < list->len; i++) {
		TgOccurrence *o = g_ptr_array_index (list, i);
		if (o->bridge_of == NULL)
			return g_strdup (o->id);
	}
	tg_error_set_field (error, TG_ERROR_NOT_FOUND, "date",
			    N_ ("the unit receives no one on that day"));
	return NULL;
}

/* the booking window of @occ: opens N days, closes H hours before the reception */
static gboolean
tg_engine_check_window (TgEngine *engine, const TgOccurrence *occ, GError **error)
{
	gint64 start = tg_date_local_to_us (occ->date, occ->reception_start);
	gint64 opens = start - (gint64) occ->opens_days_before * G_USEC_PER_SEC * 86400;
	gint64 closes = start - (gint64) occ->closes_hours_before * G_USEC_PER_SEC * 3600;
	gint64 now = tg_clock_now (engine->clock);

	if (occ->status == TG_OCCURRENCE_CANCELLED) {
		tg_error_set_field (error, TG_ERROR_OCCURRENCE_CANCELLED, "occurrence",
				    N_ ("this session has been cancelled"));
		return FALSE;
	}
	if (now < opens) {
		tg_error_set_field (error, TG_ERROR_BOOKING_CLOSED, "occurrence",
				    N_ ("booking for this session has not opened yet"));
		return FALSE;
	}
	if (now >= closes) {
		tg_error_set_field (error, TG_ERROR_BOOKING_CLOSED, "occurrence",
				    N_ ("booking for this session has closed"));
		return FALSE;
	}
	return TRUE;
}

/* up to three free places near @slot: in the same session first, then in the next ones */
static GPtrArray *
tg_engine_alternatives (TgEngine *engine, const TgOccurrence *occ, gint slot)
{
	GPtrArray *alts = g_ptr_array_new_with_free_func ((GDestroyNotify) tg_alternative_free);
	g_autoptr(GPtrArray) next = NULL;
	g_autofree gchar *to = NULL;
	GDate d;

	tg_date_parse_iso (occ->date, &d);
	g_date_add_days (&d, 35);
	to = tg_date_to_iso (&d);
	next = tg_engine_list_occurrences (engine, occ->unit, occ->date, to, NULL);
	for (guint i = 0; next != NULL && i < next->len && alts->len < TG_BOOKING_ALTERNATIVES;
	     i++) {
		TgOccurrence *o = g_ptr_array_index (next, i);
		g_autoptr(GArray) slots = NULL;
		guint n;

		if (o->bridge_of != NULL || o->status == TG_OCCURRENCE_CANCELLED ||
		    !tg_engine_check_window (engine, o, NULL))
			continue;
		slots = tg_engine_list_slots (engine, o->id, NULL, NULL);
		if (slots == NULL)
			continue;
		n = slots->len;
		/* by distance from the slot asked for */
		for (guint dist = 0; dist < n && alts->len < TG_BOOKING_ALTERNATIVES; dist++) {
			for (gint sign = -1; sign <= 1; sign += 2) {
				gint k = (slot < 0 ? 0 : slot) + sign * (gint) dist;
				TgAlternative *alt;
				if (k < 0 || (guint) k >= n || (dist == 0 && sign > 0) ||
				    g_array_index (slots, TgSlot, k).available == 0 ||
				    alts->len >= TG_BOOKING_ALTERNATIVES)
					continue;
				alt = g_new0 (TgAlternative, 1);
				alt->occurrence = g_strdup (o->id);
				alt->date = g_strdup (o->date);
				alt->start = g_array_index (slots, TgSlot, k).start;
				g_ptr_array_add (alts, alt);
			}
		}
	}
	return alts;
}

/* the occurrence to book and the seat request for it */
static TgOccurrence *
tg_engine_prepare_seat (TgEngine *engine, const gchar *occurrence_id, gint slot_start,
			gboolean waitlist, TgBooking *b, TgSeatRequest *req, GError **error)
{
	g_autoptr(TgOccurrence) occ = NULL;
	g_autofree gchar *unit = NULL;
	g_autofree gchar *monday = NULL;

	if (!tg_occurrence_parse_id (occurrence_id, &unit, &monday)) {
		tg_error_set_field (error, TG_ERROR_NOT_FOUND, "occurrence",
				    N_ ("no such occurrence"));
		return NULL;
	}
	occ = tg_engine_get_occurrence (engine, occurrence_id, error);
	if (occ == NULL)
		return NULL;
	if (!tg_engine_check_window (engine, occ, error))
		return NULL;
	b->slot = -1;
	if (slot_start >= 0) {
		b->slot = tg_occurrence_slot_index (occ, slot_start);
		if (b->slot < 0) {
			tg_error_set_field (error, TG_ERROR_INVALID, "slot",
					    N_ ("no slot of this session starts at that time"));
			return NULL;
		}
	}
	g_free (b->occurrence);
	b->occurrence = g_strdup (occ->id);
	g_free (b->unit);
	b->unit = g_strdup (occ->unit);
	g_free (b->original_date);
	b->original_date = g_strdup (occ->original_date);
	req->capacity = MAX (occ->desks, 1);
	req->n_slots = tg_occurrence_n_slots (occ);
	req->waitlist = waitlist;
	req->confirm = !engine->options.require_email_confirmation;
	req->now_us = tg_clock_now (engine->clock);
	b->hold_expires_at =
		req->now_us + (gint64) engine->options.hold_minutes * 60 * G_USEC_PER_SEC;
	return g_steal_pointer (&occ);
}

/* turns a refusal of the store into the citizen's error, with alternatives when full */
static void
tg_engine_booking_refused (TgEngine *engine, GError *store_error, const TgOccurrence *occ,
			   gint slot, GPtrArray **alternatives, GError **error)
{
	if (g_error_matches (store_error, TG_STORE_ERROR, TG_STORE_ERROR_FULL)) {
		if (alternatives != NULL)
			*alternatives = tg_engine_alternatives (engine, occ, slot);
		tg_error_set_field (error, TG_ERROR_SLOT_FULL, "slot",
				    N_ ("this slot is full; another one may suit you"));
		g_error_free (store_error);
		return;
	}
	if (g_error_matches (store_error, TG_STORE_ERROR, TG_STORE_ERROR_DUPLICATE)) {
		tg_error_set_field (
			error, TG_ERROR_DUPLICATE_BOOKING, NULL,
			N_ ("this phone number or email already has a booking for this session"));
		g_error_free (store_error);
		return;
	}
	tg_engine_propagate_store_error (error, store_error);
}

struct _TgBookingJob {
	TgEngine *engine;
	TgBooking *request;
	TgOccurrence *occ;
	gchar *secret;
	TgSeatRequest req;
	TgStoreWrite *write;
};

void
tg_booking_job_free (TgBookingJob *job)
{
	if (job == NULL)
		return;
	/* a job nobody ended: its write still owns parts of it */
	if (job->write != NULL) {
		if (tg_store_write_finish (job->write, NULL))
			tg_engine_bookings_changed (job->engine); /* stored all the same */
		else
			g_debug ("a booking nobody waited for was refused");
	}
	tg_booking_free (job->request);
	tg_occurrence_free (job->occ);
	g_free (job->secret);
	g_free (job);
}

/* the first message of a new booking (and its reminder), written with it */
static GPtrArray *
tg_engine_new_booking_mail (const TgBooking *b, gpointer user_data)
{
	TgBookingJob *job = user_data;
	TgMessageKind kind = b->status == TG_BOOKING_PENDING      ? TG_MESSAGE_RECEIVED
			     : b->status == TG_BOOKING_WAITLISTED ? TG_MESSAGE_WAITLISTED
								  : TG_MESSAGE_CONFIRMED;
	return tg_engine_booking_messages (job->engine, kind, b, job->occ, job->secret);
}

TgBookingJob *
tg_engine_begin_booking (TgEngine *engine, TgBooking *request, const gchar *occurrence_id,
			 gint slot_start, gboolean waitlist, TgEngineDoneFunc notify,
			 gpointer notify_data, GError **error)
{
	g_autoptr(TgBookingJob) job = g_new0 (TgBookingJob, 1);

	g_return_val_if_fail (request != NULL, NULL);
	job->engine = engine;
	job->request = request;
	if (!tg_booking_validate_request (request, engine->options.require_email_confirmation,
					  error))
		return NULL;
	job->occ = tg_engine_prepare_seat (engine, occurrence_id, slot_start, waitlist, request,
					   &job->req, error);
	if (job->occ == NULL)
		return NULL;
	job->secret = tg_random_base64url (16);
	g_free (request->id);
	request->id = tg_booking_make_id (job->req.now_us);
	g_free (request->token_hash);
	request->token_hash = tg_token_hash_secret (job->secret);
	request->created_at = job->req.now_us;
	request->updated_at = job->req.now_us;
	job->req.mail = tg_engine_new_booking_mail;
	job->req.mail_data = job;
	job->write =
		tg_store_add_booking_begin (engine->store, request, &job->req, notify, notify_data);
	return g_steal_pointer (&job);
}

TgBooking *
tg_engine_end_booking (TgBookingJob *job, gchar **secret, GPtrArray **alternatives, GError **error)
{
	g_autoptr(TgBookingJob) owned = job;
	g_autoptr(GError) error_local = NULL;
	TgEngine *engine = job->engine;
	TgBooking *b = job->request;

	g_return_val_if_fail (secret != NULL, NULL);
	if (!tg_store_write_finish (g_steal_pointer (&job->write), &error_local)) {
		tg_engine_booking_refused (engine, g_steal_pointer (&error_local), job->occ,
					   b->slot, alternatives, error);
		return NULL;
	}
	tg_engine_bookings_changed (engine);
	g_info ("booking %s: %s on %s", b->id, tg_booking_status_to_string (b->status),
		b->occurrence);
	tg_engine_messages_queued (engine);
	*secret = g_steal_pointer (&job->secret);
	return g_steal_pointer (&job->request);
}

TgBooking *
tg_engine_create_booking (TgEngine *engine, TgBooking *request, const gchar *occurrence_id,
			  gint slot_start, gboolean waitlist, gchar **secret,
			  GPtrArray **alternatives, GError **error)
{
	TgBookingJob *job;

	g_return_val_if_fail (request != NULL && secret != NULL, NULL);
	job = tg_engine_begin_booking (engine, tg_booking_copy (request), occurrence_id, slot_start,
				       waitlist, NULL, NULL, error);
	return job != NULL ? tg_engine_end_booking (job, secret, alternatives, error) : NULL;
}

TgBooking *
tg_engine_get_booking (TgEngine *engine, const gchar *id, const gchar *secret, GError **error)
{
	g_autoptr(TgBooking) b = tg_engine_load_booking (engine, id, secret, error);
	g_autoptr(GError) error_local = NULL;

	if (b == NULL)
		return NULL;
	if (!tg_store_fill_waitlist_position (engine->store, b, &error_local)) {
		tg_engine_propagate_store_error (error, g_steal_pointer (&error_local));
		return NULL;
	}
	return g_steal_pointer (&b);
}

/* the booking as it now is, after a change */
static TgBooking *
tg_engine_reload_booking (TgEngine *engine, const gchar *id, GError **error)
{
	tg_engine_bookings_changed (engine);
	g_autoptr(GError) error_local = NULL;
	TgBooking *b = tg_store_get_booking (engine->store, id, &error_local);
	if (b == NULL)
		tg_engine_propagate_store_error (error, g_steal_pointer (&error_local));
	return b;
}

TgBooking *
tg_engine_confirm_booking (TgEngine *engine, const gchar *id, const gchar *secret, GError **error)
{
	g_autoptr(TgBooking) b = tg_engine_load_booking (engine, id, secret, error);
	g_autoptr(GError) error_local = NULL;

	if (b == NULL)
		return NULL;
	if (!tg_store_confirm_booking (engine->store, id, tg_clock_now (engine->clock),
				       &error_local)) {
		if (g_error_matches (error_local, TG_STORE_ERROR, TG_STORE_ERROR_EXPIRED)) {
			tg_error_set_field (
				error, TG_ERROR_BOOKING_EXPIRED, NULL,
				N_ ("the seat was held for a limited time, which has run out"));
			return NULL;
		}
		if (g_error_matches (error_local, TG_STORE_ERROR, TG_STORE_ERROR_STATE)) {
			tg_error_set_field (error, TG_ERROR_CONFLICT, NULL,
					    N_ ("this booking can no longer be confirmed"));
			return NULL;
		}
		tg_engine_propagate_store_error (error, g_steal_pointer (&error_local));
		return NULL;
	}
	if (b->status == TG_BOOKING_PENDING)
		tg_engine_tell_booking (engine, id, TG_MESSAGE_CONFIRMED, secret);
	return tg_engine_reload_booking (engine, id, error);
}

TgBooking *
tg_engine_resend_booking (TgEngine *engine, const gchar *id, const gchar *secret, GError **error)
{
	g_autoptr(TgBooking) b = tg_engine_load_booking (engine, id, secret, error);
	g_autoptr(TgOccurrence) o = NULL;
	g_autoptr(GPtrArray) intents = NULL;
	gint64 now = tg_clock_now (engine->clock);

	if (b == NULL)
		return NULL;
	if (b->status != TG_BOOKING_PENDING || b->requester.email == NULL ||
	    tg_engine_get_mail (engine) == NULL) {
		tg_error_set_field (error, TG_ERROR_CONFLICT, NULL,
				    N_ ("this booking waits for no confirmation"));
		return NULL;
	}
	o = tg_engine_get_occurrence (engine, b->occurrence, error);
	if (o == NULL)
		return NULL;
	intents = tg_engine_booking_messages (engine, TG_MESSAGE_RECEIVED, b, o, secret);
	for (guint i = 0; i < intents->len; i++) {
		TgOutboxMessage *m = g_ptr_array_index (intents, i);
		g_autoptr(GError) error_local = NULL;
		/* a message of its own: the first one's key is taken */
		g_autofree gchar *first = g_steal_pointer (&m->dedup);
		m->dedup = g_strdup_printf ("%s:again:%" G_GINT64_FORMAT, first, now);
		if (!tg_store_enqueue_mail (engine->store, m, &error_local)) {
			tg_engine_propagate_store_error (error, g_steal_pointer (&error_local));
			return NULL;
		}
	}
	g_info ("booking %s: its confirmation request queued again", id);
	tg_engine_mail_wake (engine);
	return g_steal_pointer (&b);
}

/* tells the people promoted from a waiting list */
static void
tg_engine_tell_promoted (TgEngine *engine, GPtrArray *promoted)
{
	for (guint i = 0; promoted != NULL && i < promoted->len; i++)
		tg_engine_tell_booking (engine, g_ptr_array_index (promoted, i),
					TG_MESSAGE_PROMOTED, NULL);
}

TgBooking *
tg_engine_cancel_booking (TgEngine *engine, const gchar *id, const gchar *secret,
			  const gchar *reason, GError **error)
{
	g_autoptr(TgBooking) b = tg_engine_load_booking (engine, id, secret, error);
	g_autoptr(GError) error_local = NULL;
	g_autoptr(GPtrArray) promoted = g_ptr_array_new_with_free_func (g_free);

	if (b == NULL)
		return NULL;
	if (reason != NULL && reason[0] == '\0')
		reason = NULL;
	if (reason != NULL && (!g_utf8_validate (reason, -1, NULL) ||
			       g_utf8_strlen (reason, -1) > TG_BOOKING_CANCEL_REASON_MAX)) {
		tg_error_set_field (error, TG_ERROR_INVALID, "reason",
				    N_ ("must be at most 500 characters"));
		return NULL;
	}
	if (!tg_store_end_booking (engine->store, id, TG_BOOKING_CANCELLED, reason,
				   tg_clock_now (engine->clock), promoted, &error_local)) {
		if (g_error_matches (error_local, TG_STORE_ERROR, TG_STORE_ERROR_STATE)) {
			tg_error_set_field (error, TG_ERROR_CONFLICT, NULL,
					    N_ ("this booking can no longer be cancelled"));
			return NULL;
		}
		tg_engine_propagate_store_error (error, g_steal_pointer (&error_local));
		return NULL;
	}
	g_info ("booking %s cancelled, %u promoted from the waiting list", id, promoted->len);
	tg_engine_forget_reminders (engine, id);
	tg_engine_tell_promoted (engine, promoted);
	return tg_engine_reload_booking (engine, id, error);
}

TgBooking *
tg_engine_reschedule_booking (TgEngine *engine, const gchar *id, const gchar *secret,
			      const gchar *occurrence_id, gint slot_start, GPtrArray **alternatives,
			      GError **error)
{
	g_autoptr(TgBooking) b = tg_engine_load_booking (engine, id, secret, error);
	g_autoptr(TgOccurrence) occ = NULL;
	g_autoptr(GError) error_local = NULL;
	g_autoptr(GPtrArray) promoted = g_ptr_array_new_with_free_func (g_free);
	TgSeatRequest req = {0};

	if (b == NULL)
		return NULL;
	if (!tg_booking_status_is_active (b->status)) {
		tg_error_set_field (error, TG_ERROR_CONFLICT, NULL,
				    N_ ("this booking can no longer be changed"));
		return NULL;
	}
	occ = tg_engine_prepare_seat (engine, occurrence_id, slot_start, FALSE, b, &req, error);
	if (occ == NULL)
		return NULL;
	/* a confirmed booking stays confirmed where it goes */
	if (b->status == TG_BOOKING_CONFIRMED)
		req.confirm = TRUE;
	if (!tg_store_reschedule_booking (engine->store, b, &req, promoted, &error_local)) {
		tg_engine_booking_refused (engine, g_steal_pointer (&error_local), occ, b->slot,
					   alternatives, error);
		return NULL;
	}
	tg_engine_tell_promoted (engine, promoted);
	if (b->status == TG_BOOKING_CONFIRMED)
		tg_engine_tell_booking (engine, id, TG_MESSAGE_CONFIRMED, secret);
	return tg_engine_reload_booking (engine, id, error);
}

/* ---- the secretary's side ---- */

/* the people of @unit or of a unit above it with a valid token, admins aside: an assignee
 * sees the citizen's name in their calendar */
static gboolean
tg_engine_may_be_assigned (TgEngine *engine, const TgToken *t, const gchar *unit)
{
	return t->revoked_at == 0 && t->role != TG_ROLE_ADMIN && t->unit != NULL &&
	       tg_store_unit_is_within (engine->store, unit, t->unit, NULL, NULL);
}

GPtrArray *
tg_engine_list_assignees (TgEngine *engine, const TgToken *caller, const gchar *unit,
			  GError **error)
{
	g_autoptr(GPtrArray) tokens = NULL;
	g_autoptr(GError) error_local = NULL;
	g_autoptr(TgUnit) u = tg_engine_get_unit (engine, unit, NULL, error);

	if (u == NULL)
		return NULL;
	if (!tg_engine_require_secretary_of (engine, caller, unit, error))
		return NULL;
	tokens = tg_store_list_tokens (engine->store, &error_local);
	if (tokens == NULL) {
		tg_engine_propagate_store_error (error, g_steal_pointer (&error_local));
		return NULL;
	}
	for (guint i = tokens->len; i > 0; i--) {
		if (!tg_engine_may_be_assigned (engine, g_ptr_array_index (tokens, i - 1), unit))
			g_ptr_array_remove_index (tokens, i - 1);
	}
	return g_steal_pointer (&tokens);
}

GPtrArray *
tg_engine_list_occurrence_bookings (TgEngine *engine, const TgToken *caller,
				    const gchar *occurrence_id, GError **error)
{
	g_autoptr(TgOccurrence) occ = tg_engine_get_occurrence (engine, occurrence_id, error);
	g_autoptr(GPtrArray) all = NULL;
	g_autoptr(GError) error_local = NULL;

	if (occ == NULL)
		return NULL;
	if (!tg_engine_caller_sees_unit (engine, caller, occ->unit)) {
		tg_error_set_field (
			error, TG_ERROR_FORBIDDEN, NULL,
			N_ ("only the unit's secretaries and staff may see its bookings"));
		return NULL;
	}
	all = tg_store_list_bookings (engine->store, occ->id, &error_local);
	if (all == NULL) {
		tg_engine_propagate_store_error (error, g_steal_pointer (&error_local));
		return NULL;
	}
	/* staff see only what is assigned to them */
	if (caller->role == TG_ROLE_STAFF) {
		for (guint i = all->len; i > 0; i--) {
			TgBooking *b = g_ptr_array_index (all, i - 1);
			if (g_strcmp0 (b->assignee, caller->id) != 0)
				g_ptr_array_remove_index (all, i - 1);
		}
	}
	return g_steal_pointer (&all);
}

TgBooking *
tg_engine_record_booking (TgEngine *engine, const TgToken *caller, const gchar *id,
			  const TgBookingRecord *rec, GError **error)
{
	g_autoptr(TgBooking) b = NULL;
	g_autoptr(GError) error_local = NULL;

	if (!tg_booking_id_is_valid (id)) {
		tg_error_set_field (error, TG_ERROR_NOT_FOUND, NULL, N_ ("no such booking"));
		return NULL;
	}
	b = tg_store_get_booking (engine->store, id, &error_local);
	if (b == NULL) {
		if (g_error_matches (error_local, TG_STORE_ERROR, TG_STORE_ERROR_NOT_FOUND))
			tg_error_set_field (error, TG_ERROR_NOT_FOUND, NULL,
					    N_ ("no such booking"));
		else
			tg_engine_propagate_store_error (error, g_steal_pointer (&error_local));
		return NULL;
	}
	if (!tg_engine_require_secretary_of (engine, caller, b->unit, error))
		return NULL;
	if (rec->outcome != NULL &&
	    !tg_booking_vocabulary_has (tg_booking_outcomes, rec->outcome)) {
		tg_error_set_field (
			error, TG_ERROR_INVALID, "outcome",
			N_ ("must be resolved, guided, transferred, rejected or pending"));
		return NULL;
	}
	if (rec->cause != NULL && !tg_booking_vocabulary_has (tg_booking_causes, rec->cause)) {
		tg_error_set_field (
			error, TG_ERROR_INVALID, "cause",
			N_ ("must be missing_documents, coordination, it_system, workload, "
			    "legal_land, citizen_side or other"));
		return NULL;
	}
	if (rec->note != NULL && !tg_text_is_clean_block (rec->note, 0, TG_NOTE_MAX)) {
		tg_error_set_field (error, TG_ERROR_INVALID, "note",
				    N_ ("must be at most 2000 characters of text"));
		return NULL;
	}
	if (rec->status != 0 && rec->status != TG_BOOKING_ATTENDED &&
	    rec->status != TG_BOOKING_NO_SHOW) {
		tg_error_set_field (error, TG_ERROR_INVALID, "status",
				    N_ ("must be attended or no_show"));
		return NULL;
	}
	if (rec->assignee != NULL) {
		g_autoptr(GPtrArray) tokens = tg_store_list_tokens (engine->store, NULL);
		gboolean found = FALSE;
		for (guint i = 0; tokens != NULL && i < tokens->len; i++) {
			TgToken *t = g_ptr_array_index (tokens, i);
			if (g_strcmp0 (t->id, rec->assignee) == 0 &&
			    tg_engine_may_be_assigned (engine, t, b->unit))
				found = TRUE;
		}
		if (!found) {
			tg_error_set_field (
				error, TG_ERROR_INVALID, "assignee",
				N_ ("must be the id of a valid staff or secretary token of "
				    "this unit or a unit above it"));
			return NULL;
		}
	}
	if (!tg_store_record_booking (engine->store, id, rec, tg_clock_now (engine->clock),
				      &error_local)) {
		if (g_error_matches (error_local, TG_STORE_ERROR, TG_STORE_ERROR_STATE)) {
			tg_error_set_field (
				error, TG_ERROR_CONFLICT, "status",
				N_ ("only a confirmed booking can be attended or missed"));
			return NULL;
		}
		tg_engine_propagate_store_error (error, g_steal_pointer (&error_local));
		return NULL;
	}
	return tg_engine_reload_booking (engine, id, error);
}

/* The store counts only the weeks with a booking, last in @rows (their dimension sorts
 * last): every Monday from the one of @from to @to gets its row, 0 when none, so that a
 * trend shows its empty weeks */
static void
tg_engine_report_fill_weeks (GPtrArray *rows, const gchar *from, const gchar *to)
{
	g_autoptr(GHashTable) counts =
			   g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
	GDate day, last;

	while (rows->len > 0) {
		TgReportRow *r = g_ptr_array_index (rows, rows->len - 1);
		if (g_strcmp0 (r->dimension, "week") != 0)
			break;
		g_hash_table_insert (counts, g_steal_pointer (&r->key),
				     GUINT_TO_POINTER (r->count));
		g_ptr_array_remove_index (rows, rows->len - 1);
	}
	if (!tg_date_parse_iso (from, &day) || !tg_date_parse_iso (to, &last))
		return;
	/* back to the Monday of @from's week */
	g_date_subtract_days (&day, (guint) g_date_get_weekday (&day) - G_DATE_MONDAY);
	for (; g_date_compare (&day, &last) <= 0; g_date_add_days (&day, 7)) {
		TgReportRow *r = g_new0 (TgReportRow, 1);
		r->dimension = g_strdup ("week");
		r->key = tg_date_to_iso (&day);
		r->count = GPOINTER_TO_UINT (g_hash_table_lookup (counts, r->key));
		g_ptr_array_add (rows, r);
	}
}

GPtrArray *
tg_engine_report (TgEngine *engine, const TgToken *caller, const gchar *unit, const gchar *from,
		  const gchar *to, GError **error)
{
	g_autoptr(GPtrArray) units = NULL;
	g_autoptr(GError) error_local = NULL;
	g_autoptr(TgUnit) u = tg_engine_get_unit (engine, unit, NULL, error);
	GPtrArray *rows;

	if (u == NULL)
		return NULL;
	if (!tg_engine_require_secretary_of (engine, caller, unit, error))
		return NULL;
	if (!tg_engine_check_range (from, to, error))
		return NULL;
	units = tg_engine_unit_tree (engine, unit, error);
	if (units == NULL)
		return NULL;
	rows = tg_store_report (engine->store, units, from, to, &error_local);
	if (rows == NULL) {
		tg_engine_propagate_store_error (error, g_steal_pointer (&error_local));
		return NULL;
	}
	tg_engine_report_fill_weeks (rows, from, to);
	return rows;
}

gint
tg_engine_expire_holds (TgEngine *engine, GError **error)
{
	g_autoptr(GError) error_local = NULL;
	g_autoptr(GPtrArray) promoted = g_ptr_array_new_with_free_func (g_free);
	gint n = tg_store_expire_holds (engine->store, tg_clock_now (engine->clock), promoted,
					&error_local);
	if (n < 0) {
		tg_engine_propagate_store_error (error, g_steal_pointer (&error_local));
		return -1;
	}
	if (n > 0) {
		tg_engine_bookings_changed (engine);
		tg_engine_tell_promoted (engine, promoted);
		g_info ("%d held seats expired, %u promoted from waiting lists", n, promoted->len);
	}
	return n;
}

gint
tg_engine_purge_personal_data (TgEngine *engine, GError **error)
{
	g_autoptr(GError) error_local = NULL;
	g_autoptr(GDateTime) now = g_date_time_new_from_unix_utc (tg_clock_now (engine->clock) /
								   G_USEC_PER_SEC);
	g_autoptr(GDateTime) cutoff =
			   g_date_time_add_days (now, -(gint) engine->options.retention_days);
	g_autofree gchar *before = g_date_time_format (cutoff, "%Y-%m-%d");
	gint n = tg_store_purge_personal_data (engine->store, before, tg_clock_now (engine->clock),
					       &error_local);
	if (n < 0) {
		tg_engine_propagate_store_error (error, g_steal_pointer (&error_local));
		return -1;
	}
	if (n > 0) {
		tg_engine_bookings_changed (engine);
		g_info ("personal data of %d bookings before %s deleted", n, before);
	}
	return n;
}

gint
tg_engine_sweep_bookings (TgEngine *engine, GError **error)
{
	g_autoptr(GError) error_local = NULL;
	g_autoptr(GPtrArray) booked = NULL;
	g_autofree gchar *today = tg_engine_get_today (engine);
	g_autofree gchar *from = NULL;
	gint ended = 0;
	GDate d;

	/* a Monday's session may take place up to six days after it */
	tg_date_parse_iso (today, &d);
	g_date_subtract_days (&d, 6);
	from = tg_date_to_iso (&d);
	booked = tg_store_list_coming_booked_occurrences (engine->store, from, &error_local);
	if (booked == NULL) {
		tg_engine_propagate_store_error (error, g_steal_pointer (&error_local));
		return -1;
	}
	for (guint i = 0; i < booked->len; i++) {
		const gchar *id = g_ptr_array_index (booked, i);
		g_autoptr(GError) why = NULL;
		g_autoptr(TgOccurrence) occ = tg_engine_get_occurrence (engine, id, &why);
		g_autofree gchar *code = NULL;
		g_autofree gchar *monday = NULL;

		if (occ == NULL) {
			/* its unit no longer exists that day (a reorganisation): the session
			 * goes with it (another error is no reason to end anything) */
			if (!g_error_matches (why, TG_ERROR, TG_ERROR_NOT_FOUND) ||
			    !tg_occurrence_parse_id (id, &code, &monday) ||
			    g_strcmp0 (monday, today) < 0)
				continue;
			g_message ("session %s no longer exists (its unit has ended): its bookings"
				   " end",
				   id);
		} else {
			/* one that waits for its secretary's decision keeps its bookings */
			if (occ->status != TG_OCCURRENCE_CANCELLED || occ->needs_decision ||
			    g_strcmp0 (occ->date, today) < 0)
				continue;
			g_message ("session %s is cancelled but had active bookings: they end now",
				   id);
		}
		if (tg_engine_end_session_bookings (engine, id))
			ended++;
	}
	return ended;
}
