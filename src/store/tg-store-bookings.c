/* tg-store-bookings.c: appointments; every seat is taken inside the writer's transaction */
#define G_LOG_DOMAIN "thaogo-store"

#include "config.h"

#include "tg-store-private.h"

#define TG_BOOKING_COLUMNS                                                                         \
	"id, token_hash, occurrence, unit, original_date, slot, seat, status, ticket, kind,"       \
	" name, phone, email, organization, tax_code, category, dossier_code, summary,"            \
	" language, consent_at, created_at, hold_expires_at, assignee, outcome, cause, note,"      \
	" purged, updated_at, sequence, cancel_reason"

static void
tg_stmt_bind_int_or_null (TgStmt *stmt, gint idx, gint64 value, gboolean is_null)
{
	if (is_null)
		sqlite3_bind_null (stmt, idx);
	else
		sqlite3_bind_int64 (stmt, idx, value);
}

static gpointer
tg_store_booking_from_row (TgStmt *stmt)
{
	TgBooking *b = tg_booking_new ();
	b->id = tg_stmt_dup_text (stmt, 0);
	b->token_hash = tg_stmt_dup_text (stmt, 1);
	b->occurrence = tg_stmt_dup_text (stmt, 2);
	b->unit = tg_stmt_dup_text (stmt, 3);
	b->original_date = tg_stmt_dup_text (stmt, 4);
	b->slot = sqlite3_column_int (stmt, 5);
	b->seat = sqlite3_column_type (stmt, 6) == SQLITE_NULL ? -1 : sqlite3_column_int (stmt, 6);
	b->status = tg_booking_status_from_string ((const gchar *) sqlite3_column_text (stmt, 7));
	b->ticket = (guint) sqlite3_column_int (stmt, 8);
	b->requester.kind =
		g_strcmp0 ((const gchar *) sqlite3_column_text (stmt, 9), "enterprise") == 0
			? TG_REQUESTER_ENTERPRISE
			: TG_REQUESTER_CITIZEN;
	b->requester.name = tg_stmt_dup_text (stmt, 10);
	b->requester.phone = tg_stmt_dup_text (stmt, 11);
	b->requester.email = tg_stmt_dup_text (stmt, 12);
	b->requester.organization = tg_stmt_dup_text (stmt, 13);
	b->requester.tax_code = tg_stmt_dup_text (stmt, 14);
	b->category = tg_stmt_dup_text (stmt, 15);
	b->dossier_code = tg_stmt_dup_text (stmt, 16);
	b->summary = tg_stmt_dup_text (stmt, 17);
	b->language = tg_stmt_dup_text (stmt, 18);
	b->consent_at = sqlite3_column_int64 (stmt, 19);
	b->created_at = sqlite3_column_int64 (stmt, 20);
	b->hold_expires_at = sqlite3_column_int64 (stmt, 21);
	b->assignee = tg_stmt_dup_text (stmt, 22);
	b->outcome = tg_stmt_dup_text (stmt, 23);
	b->cause = tg_stmt_dup_text (stmt, 24);
	b->note = tg_stmt_dup_text (stmt, 25);
	b->purged = sqlite3_column_int (stmt, 26) != 0;
	b->updated_at = sqlite3_column_int64 (stmt, 27);
	b->sequence = (guint) sqlite3_column_int (stmt, 28);
	b->cancel_reason = tg_stmt_dup_text (stmt, 29);
	return b;
}

static TgBooking *
tg_store_read_booking (TgDb *db, const gchar *id, GError **error)
{
	g_autoptr(TgStmt) stmt = tg_db_prepare (db,
						 "SELECT " TG_BOOKING_COLUMNS
						 " FROM bookings WHERE id = ?1;",
						 error);

	if (stmt == NULL)
		return NULL;
	tg_stmt_bind_text (stmt, 1, id);
	return tg_db_step_one (db, stmt, tg_store_booking_from_row, "such booking", error);
}

/* the lowest free seat of @slot, or -1 when the slot is full */
static gboolean
tg_store_free_seat (TgDb *db, const gchar *occurrence, gint slot, guint capacity, gint *seat,
		    GError **error)
{
	g_autoptr(TgStmt) stmt =
			   tg_db_prepare (db,
					  "SELECT seat FROM bookings WHERE occurrence = ?1"
					  " AND slot = ?2 AND seat IS NOT NULL ORDER BY seat;",
					  error);
	gint expected = 0;

	if (stmt == NULL)
		return FALSE;
	tg_stmt_bind_text (stmt, 1, occurrence);
	sqlite3_bind_int (stmt, 2, slot);
	for (;;) {
		gboolean has_row = FALSE;
		if (!tg_db_step_row (db, stmt, &has_row, error))
			return FALSE;
		if (!has_row || sqlite3_column_int (stmt, 0) != expected)
			break;
		expected++;
	}
	*seat = (guint) expected < capacity ? expected : -1;
	return TRUE;
}

static gboolean
tg_store_next_ticket (TgDb *db, const gchar *occurrence, guint *ticket, GError **error)
{
	g_autoptr(TgStmt) stmt =
			   tg_db_prepare (db,
					  "SELECT coalesce (max (ticket), 0) + 1 FROM bookings"
					  " WHERE occurrence = ?1 AND ticket IS NOT NULL;",
					  error);
	gboolean has_row = FALSE;

	if (stmt == NULL)
		return FALSE;
	tg_stmt_bind_text (stmt, 1, occurrence);
	if (!tg_db_step_row (db, stmt, &has_row, error))
		return FALSE;
	*ticket = (guint) sqlite3_column_int (stmt, 0);
	return TRUE;
}

/* TRUE in *dup when the phone or email already holds an active booking of @occurrence
 * (other than @except_id) */
static gboolean
tg_store_find_duplicate (TgDb *db, const TgBooking *b, const gchar *except_id, gboolean *dup,
			 GError **error)
{
	/* two lookups, each on its partial unique index (an OR would scan the table) */
	g_autoptr(TgStmt) phone =
			   tg_db_prepare (db,
					  "SELECT 1 FROM bookings WHERE occurrence = ?1"
					  " AND phone = ?2 AND active = 1 AND id IS NOT ?3;",
					  error);
	g_autoptr(TgStmt) email = NULL;

	if (phone == NULL)
		return FALSE;
	tg_stmt_bind_text (phone, 1, b->occurrence);
	tg_stmt_bind_text (phone, 2, b->requester.phone);
	tg_stmt_bind_text (phone, 3, except_id);
	if (!tg_db_step_row (db, phone, dup, error))
		return FALSE;
	if (*dup || b->requester.email == NULL)
		return TRUE;
	email = tg_db_prepare (db,
			       "SELECT 1 FROM bookings WHERE occurrence = ?1 AND email = ?2"
			       " AND active = 1 AND email IS NOT NULL AND id IS NOT ?3;",
			       error);
	if (email == NULL)
		return FALSE;
	tg_stmt_bind_text (email, 1, b->occurrence);
	tg_stmt_bind_text (email, 2, b->requester.email);
	tg_stmt_bind_text (email, 3, except_id);
	return tg_db_step_row (db, email, dup, error);
}

/* chooses slot and seat for @b under @req: FULL, or a waitlisted booking */
static gboolean
tg_store_place_booking (TgDb *db, TgBooking *b, const TgSeatRequest *req, GError **error)
{
	gint seat = -1;

	if (b->slot >= 0) {
		if ((guint) b->slot >= req->n_slots) {
			g_set_error_literal (error, TG_STORE_ERROR, TG_STORE_ERROR_FULL,
					     "no such slot");
			return FALSE;
		}
		if (!tg_store_free_seat (db, b->occurrence, b->slot, req->capacity, &seat, error))
			return FALSE;
	} else {
		guint s = tg_db_fill_hint (db, b->occurrence, req->capacity, req->n_slots);
		for (; s < req->n_slots; s++) {
			if (!tg_store_free_seat (db, b->occurrence, (gint) s, req->capacity, &seat,
						 error))
				return FALSE;
			if (seat >= 0) {
				b->slot = (gint) s;
				break;
			}
		}
		/* every slot before s is full (all of them when s is n_slots) */
		tg_db_set_fill_hint (db, b->occurrence, req->capacity, req->n_slots, s);
	}
	b->seat = seat;
	b->ticket = 0;
	b->hold_expires_at = 0;
	if (seat < 0) {
		if (!req->waitlist) {
			g_set_error_literal (error, TG_STORE_ERROR, TG_STORE_ERROR_FULL,
					     "the slot is full");
			return FALSE;
		}
		b->status = TG_BOOKING_WAITLISTED;
		return TRUE;
	}
	if (req->confirm) {
		b->status = TG_BOOKING_CONFIRMED;
		return tg_store_next_ticket (db, b->occurrence, &b->ticket, error);
	}
	b->status = TG_BOOKING_PENDING;
	return TRUE;
}

static gboolean
tg_store_insert_booking (TgDb *db, const TgBooking *b, guint capacity, GError **error)
{
	g_autoptr(TgStmt) stmt = NULL;

	stmt = tg_db_prepare (
		db,
		"INSERT INTO bookings (" TG_BOOKING_COLUMNS ", capacity, active) VALUES"
		" (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,"
		" ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, 0, ?27, 0, NULL, ?28, 1);",
		error);
	if (stmt == NULL)
		return FALSE;
	tg_stmt_bind_text (stmt, 1, b->id);
	tg_stmt_bind_text (stmt, 2, b->token_hash);
	tg_stmt_bind_text (stmt, 3, b->occurrence);
	tg_stmt_bind_text (stmt, 4, b->unit);
	tg_stmt_bind_text (stmt, 5, b->original_date);
	sqlite3_bind_int (stmt, 6, b->slot);
	tg_stmt_bind_int_or_null (stmt, 7, b->seat, b->seat < 0);
	tg_stmt_bind_text (stmt, 8, tg_booking_status_to_string (b->status));
	tg_stmt_bind_int_or_null (stmt, 9, b->ticket, b->ticket == 0);
	tg_stmt_bind_text (stmt, 10, tg_requester_kind_to_string (b->requester.kind));
	tg_stmt_bind_text (stmt, 11, b->requester.name);
	tg_stmt_bind_text (stmt, 12, b->requester.phone);
	tg_stmt_bind_text (stmt, 13, b->requester.email);
	tg_stmt_bind_text (stmt, 14, b->requester.organization);
	tg_stmt_bind_text (stmt, 15, b->requester.tax_code);
	tg_stmt_bind_text (stmt, 16, b->category);
	tg_stmt_bind_text (stmt, 17, b->dossier_code);
	tg_stmt_bind_text (stmt, 18, b->summary);
	tg_stmt_bind_text (stmt, 19, b->language);
	sqlite3_bind_int64 (stmt, 20, b->consent_at);
	sqlite3_bind_int64 (stmt, 21, b->created_at);
	tg_stmt_bind_int_or_null (stmt, 22, b->hold_expires_at, b->hold_expires_at == 0);
	tg_stmt_bind_text (stmt, 23, b->assignee);
	tg_stmt_bind_text (stmt, 24, b->outcome);
	tg_stmt_bind_text (stmt, 25, b->cause);
	tg_stmt_bind_text (stmt, 26, b->note);
	sqlite3_bind_int64 (stmt, 27, b->updated_at);
	sqlite3_bind_int (stmt, 28, (gint) capacity);
	return tg_db_step_done (db, stmt, error);
}

typedef struct {
	TgBooking *booking;
	const TgSeatRequest *req;
	gint64 hold_until;
	GPtrArray *promoted;
} TgAddReq;

static gboolean
tg_store_add_booking_cb (TgDb *db, gpointer data, GError **error)
{
	TgAddReq *add = data;
	TgBooking *b = add->booking;
	gboolean dup = FALSE;

	if (!tg_store_find_duplicate (db, b, NULL, &dup, error))
		return FALSE;
	if (dup) {
		g_set_error_literal (error, TG_STORE_ERROR, TG_STORE_ERROR_DUPLICATE,
				     "this phone or email already holds a booking there");
		return FALSE;
	}
	if (!tg_store_place_booking (db, b, add->req, error))
		return FALSE;
	if (b->status == TG_BOOKING_PENDING)
		b->hold_expires_at = add->hold_until;
	if (!tg_store_insert_booking (db, b, add->req->capacity, error))
		return FALSE;
	/* its messages are written with it: one commit, and none without the other */
	if (add->req->mail != NULL) {
		g_autoptr(GPtrArray) mails = add->req->mail (b, add->req->mail_data);
		for (guint i = 0; mails != NULL && i < mails->len; i++) {
			if (!tg_store_insert_mail (db, g_ptr_array_index (mails, i), error))
				return FALSE;
		}
	}
	return TRUE;
}

TgStoreWrite *
tg_store_add_booking_begin (TgStore *store, TgBooking *booking, const TgSeatRequest *req,
			    TgStoreDoneFunc notify, gpointer notify_data)
{
	TgAddReq *add;

	g_return_val_if_fail (store != NULL && booking != NULL && req != NULL, NULL);
	add = g_new0 (TgAddReq, 1);
	add->booking = booking;
	add->req = req;
	add->hold_until = booking->hold_expires_at;
	return tg_store_write_begin (store, tg_store_add_booking_cb, add, g_free, notify,
				     notify_data);
}

gboolean
tg_store_add_booking (TgStore *store, TgBooking *booking, const TgSeatRequest *req, GError **error)
{
	g_return_val_if_fail (store != NULL && booking != NULL && req != NULL, FALSE);
	return tg_store_write_finish (tg_store_add_booking_begin (store, booking, req, NULL, NULL),
				      error);
}

TgBooking *
tg_store_get_booking (TgStore *store, const gchar *id, GError **error)
{
	g_auto(TgReader) reader = {store, NULL};

	reader.db = tg_store_acquire_reader (store, error);
	if (reader.db == NULL)
		return NULL;
	return tg_store_read_booking (reader.db, id, error);
}

GPtrArray *
tg_store_list_bookings (TgStore *store, const gchar *occurrence, GError **error)
{
	return tg_store_collect (
		store,
		"SELECT " TG_BOOKING_COLUMNS " FROM bookings WHERE occurrence = ?1"
		" ORDER BY status = 'waitlisted', slot, coalesce (ticket, 1000000),"
		" created_at;",
		occurrence, tg_store_booking_from_row, (GDestroyNotify) tg_booking_free, error);
}

static gpointer
tg_store_occurrence_id_from_row (TgStmt *stmt)
{
	return tg_occurrence_make_id ((const gchar *) sqlite3_column_text (stmt, 0),
				      (const gchar *) sqlite3_column_text (stmt, 1));
}

GPtrArray *
tg_store_list_coming_booked_occurrences (TgStore *store, const gchar *from, GError **error)
{
	/* unit by unit on (unit, original_date, status): only the coming bookings are read,
	 * in the index alone (the active statuses) */
	return tg_store_collect (
		store,
		"SELECT DISTINCT b.unit, b.original_date FROM (SELECT DISTINCT code FROM units)"
		" AS u CROSS JOIN bookings AS b WHERE b.unit = u.code AND b.original_date >= ?1"
		" AND b.status IN ('pending', 'confirmed', 'waitlisted') ORDER BY 1, 2;",
		from, tg_store_occurrence_id_from_row, g_free, error);
}

GArray *
tg_store_count_seats (TgStore *store, const gchar *occurrence, guint n_slots, GError **error)
{
	g_auto(TgReader) reader = {store, NULL};
	g_autoptr(TgStmt) stmt = NULL;
	g_autoptr(GArray) counts = g_array_sized_new (FALSE, TRUE, sizeof (guint), n_slots);

	g_array_set_size (counts, n_slots);
	reader.db = tg_store_acquire_reader (store, error);
	if (reader.db == NULL)
		return NULL;
	stmt = tg_db_prepare (reader.db,
			      "SELECT slot, count (*) FROM bookings WHERE occurrence = ?1"
			      " AND seat IS NOT NULL GROUP BY slot;",
			      error);
	if (stmt == NULL)
		return NULL;
	tg_stmt_bind_text (stmt, 1, occurrence);
	for (;;) {
		gboolean has_row = FALSE;
		gint slot;
		if (!tg_db_step_row (reader.db, stmt, &has_row, error))
			return NULL;
		if (!has_row)
			break;
		slot = sqlite3_column_int (stmt, 0);
		if (slot >= 0 && (guint) slot < n_slots)
			g_array_index (counts, guint, slot) = (guint) sqlite3_column_int (stmt, 1);
	}
	return g_steal_pointer (&counts);
}

/* sets status, seat, ticket, hold of @id; bumps its sequence */
static gboolean
tg_store_set_booking_state (TgDb *db, const TgBooking *b, gint64 now_us, GError **error)
{
	g_autoptr(TgStmt) stmt = NULL;

	/* a seat of this occurrence may be freed: its earliest free slot is looked for again */
	tg_db_forget_fill_hint (db, b->occurrence);
	stmt = tg_db_prepare (
		db,
		"UPDATE bookings SET status = ?2, seat = ?3, ticket = ?4, active = ?5,"
		" hold_expires_at = ?6, occurrence = ?7, unit = ?8, original_date = ?9,"
		" slot = ?10, updated_at = ?11, sequence = sequence + 1 WHERE id = ?1;",
		error);
	if (stmt == NULL)
		return FALSE;
	tg_stmt_bind_text (stmt, 1, b->id);
	tg_stmt_bind_text (stmt, 2, tg_booking_status_to_string (b->status));
	tg_stmt_bind_int_or_null (stmt, 3, b->seat, b->seat < 0);
	tg_stmt_bind_int_or_null (stmt, 4, b->ticket, b->ticket == 0);
	sqlite3_bind_int (stmt, 5, tg_booking_status_is_active (b->status) ? 1 : 0);
	tg_stmt_bind_int_or_null (stmt, 6, b->hold_expires_at, b->hold_expires_at == 0);
	tg_stmt_bind_text (stmt, 7, b->occurrence);
	tg_stmt_bind_text (stmt, 8, b->unit);
	tg_stmt_bind_text (stmt, 9, b->original_date);
	sqlite3_bind_int (stmt, 10, b->slot);
	sqlite3_bind_int64 (stmt, 11, now_us);
	return tg_db_step_changed (db, stmt, "such booking", error);
}

/* gives the seat (@slot, @seat) of @occurrence to the first of its waiting list */
static gboolean
tg_store_promote (TgDb *db, const gchar *occurrence, gint slot, gint seat, gint64 now_us,
		  GPtrArray *promoted, GError **error)
{
	g_autoptr(TgStmt) stmt =
			   tg_db_prepare (db,
					  "SELECT id FROM bookings WHERE occurrence = ?1"
					  " AND status = 'waitlisted' ORDER BY created_at, id"
					  " LIMIT 1;",
					  error);
	g_autofree gchar *id = NULL;
	g_autoptr(TgBooking) b = NULL;
	gboolean has_row = FALSE;

	if (stmt == NULL)
		return FALSE;
	tg_stmt_bind_text (stmt, 1, occurrence);
	if (!tg_db_step_row (db, stmt, &has_row, error))
		return FALSE;
	if (!has_row)
		return TRUE;
	id = tg_stmt_dup_text (stmt, 0);
	tg_stmt_reset (stmt);
	b = tg_store_read_booking (db, id, error);
	if (b == NULL)
		return FALSE;
	b->slot = slot;
	b->seat = seat;
	b->status = TG_BOOKING_CONFIRMED;
	b->hold_expires_at = 0;
	if (!tg_store_next_ticket (db, occurrence, &b->ticket, error))
		return FALSE;
	if (!tg_store_set_booking_state (db, b, now_us, error))
		return FALSE;
	if (promoted != NULL)
		g_ptr_array_add (promoted, g_strdup (id));
	return TRUE;
}

/* ends @b with @status; a freed seat goes to the waiting list */
static gboolean
tg_store_end_one (TgDb *db, TgBooking *b, TgBookingStatus status, gint64 now_us, gboolean promote,
		  GPtrArray *promoted, GError **error)
{
	gint slot = b->slot, seat = b->seat;

	b->status = status;
	b->seat = -1;
	b->hold_expires_at = 0;
	if (!tg_store_set_booking_state (db, b, now_us, error))
		return FALSE;
	if (seat >= 0 && promote)
		return tg_store_promote (db, b->occurrence, slot, seat, now_us, promoted, error);
	return TRUE;
}

typedef struct {
	const gchar *id;
	TgBookingStatus status;
	gint64 now_us;
	GPtrArray *ids;
	const gchar *reason; /* (nullable): why the booking ends */
} TgStateReq;

static gboolean
tg_store_confirm_booking_cb (TgDb *db, gpointer data, GError **error)
{
	TgStateReq *req = data;
	g_autoptr(TgBooking) b = tg_store_read_booking (db, req->id, error);

	if (b == NULL)
		return FALSE;
	if (b->status == TG_BOOKING_CONFIRMED)
		return TRUE;
	if (b->status != TG_BOOKING_PENDING) {
		g_set_error (error, TG_STORE_ERROR, TG_STORE_ERROR_STATE, "the booking is %s",
			     tg_booking_status_to_string (b->status));
		return FALSE;
	}
	if (b->hold_expires_at != 0 && b->hold_expires_at <= req->now_us) {
		/* the timer has not run yet: the hold is over all the same; commit the expiry,
		 * then say so (a failed request would roll it back) */
		if (!tg_store_end_one (db, b, TG_BOOKING_EXPIRED, req->now_us, TRUE, NULL, error))
			return FALSE;
		req->status = TG_BOOKING_EXPIRED;
		return TRUE;
	}
	b->status = TG_BOOKING_CONFIRMED;
	b->hold_expires_at = 0;
	if (!tg_store_next_ticket (db, b->occurrence, &b->ticket, error))
		return FALSE;
	return tg_store_set_booking_state (db, b, req->now_us, error);
}

gboolean
tg_store_confirm_booking (TgStore *store, const gchar *id, gint64 now_us, GError **error)
{
	TgStateReq req = {id, 0, now_us, NULL, NULL};
	if (!tg_store_write (store, tg_store_confirm_booking_cb, &req, error))
		return FALSE;
	if (req.status == TG_BOOKING_EXPIRED) {
		g_set_error_literal (error, TG_STORE_ERROR, TG_STORE_ERROR_EXPIRED,
				     "the hold ran out");
		return FALSE;
	}
	return TRUE;
}

static gboolean
tg_store_end_booking_cb (TgDb *db, gpointer data, GError **error)
{
	TgStateReq *req = data;
	g_autoptr(TgBooking) b = tg_store_read_booking (db, req->id, error);

	if (b == NULL)
		return FALSE;
	if (!tg_booking_status_is_active (b->status)) {
		g_set_error (error, TG_STORE_ERROR, TG_STORE_ERROR_STATE, "the booking is %s",
			     tg_booking_status_to_string (b->status));
		return FALSE;
	}
	if (req->reason != NULL) {
		g_autoptr(TgStmt) stmt = tg_db_prepare (db,
							 "UPDATE bookings SET cancel_reason = ?2"
							 " WHERE id = ?1;",
							 error);
		if (stmt == NULL)
			return FALSE;
		tg_stmt_bind_text (stmt, 1, req->id);
		tg_stmt_bind_text (stmt, 2, req->reason);
		if (!tg_db_step_done (db, stmt, error))
			return FALSE;
	}
	return tg_store_end_one (db, b, req->status, req->now_us, TRUE, req->ids, error);
}

gboolean
tg_store_end_booking (TgStore *store, const gchar *id, TgBookingStatus status, const gchar *reason,
		      gint64 now_us, GPtrArray *promoted, GError **error)
{
	TgStateReq req = {id, status, now_us, promoted, reason};
	return tg_store_write (store, tg_store_end_booking_cb, &req, error);
}

static gboolean
tg_store_reschedule_booking_cb (TgDb *db, gpointer data, GError **error)
{
	TgAddReq *add = data;
	TgBooking *b = add->booking;
	g_autoptr(TgBooking) old = tg_store_read_booking (db, b->id, error);
	gboolean dup = FALSE;
	gint old_slot, old_seat;

	if (old == NULL)
		return FALSE;
	if (!tg_booking_status_is_active (old->status)) {
		g_set_error (error, TG_STORE_ERROR, TG_STORE_ERROR_STATE, "the booking is %s",
			     tg_booking_status_to_string (old->status));
		return FALSE;
	}
	if (!tg_store_find_duplicate (db, b, b->id, &dup, error))
		return FALSE;
	if (dup) {
		g_set_error_literal (error, TG_STORE_ERROR, TG_STORE_ERROR_DUPLICATE,
				     "this phone or email already holds a booking there");
		return FALSE;
	}
	old_slot = old->slot;
	old_seat = old->seat;
	/* free the old seat first so that a move within the same slot works */
	old->seat = -1;
	old->status = TG_BOOKING_CANCELLED;
	if (!tg_store_set_booking_state (db, old, add->req->now_us, error))
		return FALSE;
	if (!tg_store_place_booking (db, b, add->req, error))
		return FALSE;
	if (b->status == TG_BOOKING_PENDING)
		b->hold_expires_at = add->hold_until;
	if (!tg_store_set_booking_state (db, b, add->req->now_us, error))
		return FALSE;
	if (old_seat >= 0 && !(g_strcmp0 (old->occurrence, b->occurrence) == 0 &&
			       old_slot == b->slot && old_seat == b->seat))
		return tg_store_promote (db, old->occurrence, old_slot, old_seat, add->req->now_us,
					 add->promoted, error);
	return TRUE;
}

gboolean
tg_store_reschedule_booking (TgStore *store, TgBooking *booking, const TgSeatRequest *req,
			     GPtrArray *promoted, GError **error)
{
	TgAddReq add = {booking, req, booking->hold_expires_at, promoted};
	return tg_store_write (store, tg_store_reschedule_booking_cb, &add, error);
}

/* ends every booking listed by @stmt (a SELECT of ids) with @status */
static gboolean
tg_store_end_all (TgDb *db, TgStmt *stmt, TgBookingStatus status, gint64 now_us, gboolean promote,
		  GPtrArray *out, GError **error)
{
	g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);

	for (;;) {
		gboolean has_row = FALSE;
		if (!tg_db_step_row (db, stmt, &has_row, error))
			return FALSE;
		if (!has_row)
			break;
		g_ptr_array_add (ids, tg_stmt_dup_text (stmt, 0));
	}
	tg_stmt_reset (stmt);
	for (guint i = 0; i < ids->len; i++) {
		g_autoptr(TgBooking) b =
				   tg_store_read_booking (db, g_ptr_array_index (ids, i), error);
		if (b == NULL)
			return FALSE;
		if (!tg_store_end_one (db, b, status, now_us, promote, promote ? out : NULL, error))
			return FALSE;
		if (!promote && out != NULL)
			g_ptr_array_add (out, g_strdup (b->id));
	}
	return TRUE;
}

gboolean
tg_store_end_occurrence_bookings (TgDb *db, const gchar *occurrence, gint64 now_us,
				  GPtrArray *ended, GError **error)
{
	g_autoptr(TgStmt) stmt = tg_db_prepare (db,
						 "SELECT id FROM bookings WHERE occurrence = ?1"
						 " AND active = 1;",
						 error);
	if (stmt == NULL)
		return FALSE;
	tg_stmt_bind_text (stmt, 1, occurrence);
	return tg_store_end_all (db, stmt, TG_BOOKING_CANCELLED_BY_UNIT, now_us, FALSE, ended,
				 error);
}

typedef struct {
	const gchar *occurrence;
	gint64 now_us;
} TgEndOccurrenceReq;

static gboolean
tg_store_end_occurrence_cb (TgDb *db, gpointer data, GError **error)
{
	TgEndOccurrenceReq *req = data;
	return tg_store_end_occurrence_bookings (db, req->occurrence, req->now_us, NULL, error);
}

gboolean
tg_store_end_occurrence (TgStore *store, const gchar *occurrence, gint64 now_us, GError **error)
{
	TgEndOccurrenceReq req = {occurrence, now_us};

	g_return_val_if_fail (store != NULL && occurrence != NULL, FALSE);
	return tg_store_write (store, tg_store_end_occurrence_cb, &req, error);
}

static gboolean
tg_store_expire_holds_cb (TgDb *db, gpointer data, GError **error)
{
	TgStateReq *req = data;
	g_autoptr(TgStmt) stmt = tg_db_prepare (db,
						 "SELECT id FROM bookings WHERE status = 'pending'"
						 " AND hold_expires_at <= ?1;",
						 error);
	if (stmt == NULL)
		return FALSE;
	sqlite3_bind_int64 (stmt, 1, req->now_us);
	return tg_store_end_all (db, stmt, TG_BOOKING_EXPIRED, req->now_us, TRUE, req->ids, error);
}

gint
tg_store_expire_holds (TgStore *store, gint64 now_us, GPtrArray *promoted, GError **error)
{
	g_auto(TgReader) reader = {store, NULL};
	g_autoptr(TgStmt) stmt = NULL;
	TgStateReq req = {NULL, 0, now_us, promoted, NULL};
	gboolean has_row = FALSE;
	gint due;

	/* most of the time nothing is due: look with a reader before taking the writer */
	reader.db = tg_store_acquire_reader (store, error);
	if (reader.db == NULL)
		return -1;
	stmt = tg_db_prepare (reader.db,
			      "SELECT count (*) FROM bookings WHERE status = 'pending'"
			      " AND hold_expires_at <= ?1;",
			      error);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64 (stmt, 1, now_us);
	if (!tg_db_step_row (reader.db, stmt, &has_row, error))
		return -1;
	due = sqlite3_column_int (stmt, 0);
	tg_stmt_reset (stmt);
	if (due == 0)
		return 0;
	if (!tg_store_write (store, tg_store_expire_holds_cb, &req, error))
		return -1;
	return due;
}

typedef struct {
	const gchar *id;
	const TgBookingRecord *rec;
	gint64 now_us;
} TgRecordReq;

static gboolean
tg_store_record_booking_cb (TgDb *db, gpointer data, GError **error)
{
	TgRecordReq *req = data;
	g_autoptr(TgBooking) b = tg_store_read_booking (db, req->id, error);
	g_autoptr(TgStmt) stmt = NULL;
	const TgBookingRecord *rec = req->rec;

	if (b == NULL)
		return FALSE;
	if (rec->status != 0 && b->status != TG_BOOKING_CONFIRMED &&
	    b->status != TG_BOOKING_ATTENDED && b->status != TG_BOOKING_NO_SHOW) {
		g_set_error (error, TG_STORE_ERROR, TG_STORE_ERROR_STATE, "the booking is %s",
			     tg_booking_status_to_string (b->status));
		return FALSE;
	}
	stmt = tg_db_prepare (db,
			      "UPDATE bookings SET assignee = coalesce (?2, assignee),"
			      " outcome = coalesce (?3, outcome), cause = coalesce (?4, cause),"
			      " note = coalesce (?5, note), status = coalesce (?6, status),"
			      " active = CASE WHEN ?6 IS NULL THEN active ELSE 0 END,"
			      " updated_at = ?7, sequence = sequence + 1 WHERE id = ?1;",
			      error);
	if (stmt == NULL)
		return FALSE;
	tg_stmt_bind_text (stmt, 1, req->id);
	tg_stmt_bind_text (stmt, 2, rec->assignee);
	tg_stmt_bind_text (stmt, 3, rec->outcome);
	tg_stmt_bind_text (stmt, 4, rec->cause);
	tg_stmt_bind_text (stmt, 5, rec->note);
	tg_stmt_bind_text (stmt, 6,
			   rec->status != 0 ? tg_booking_status_to_string (rec->status) : NULL);
	sqlite3_bind_int64 (stmt, 7, req->now_us);
	return tg_db_step_changed (db, stmt, "such booking", error);
}

gboolean
tg_store_record_booking (TgStore *store, const gchar *id, const TgBookingRecord *rec, gint64 now_us,
			 GError **error)
{
	TgRecordReq req = {id, rec, now_us};
	return tg_store_write (store, tg_store_record_booking_cb, &req, error);
}

gchar *
tg_store_codes_to_json (GPtrArray *codes)
{
	GString *json = g_string_new ("[");

	for (guint i = 0; i < codes->len; i++) {
		g_string_append_printf (json, "%s\"%s\"", i > 0 ? "," : "",
					(const gchar *) g_ptr_array_index (codes, i));
	}
	g_string_append_c (json, ']');
	return g_string_free (json, FALSE);
}

gpointer
tg_store_report_row_from_row (TgStmt *stmt)
{
	TgReportRow *row = g_new0 (TgReportRow, 1);
	row->dimension = tg_stmt_dup_text (stmt, 0);
	row->key = tg_stmt_dup_text (stmt, 1);
	row->count = (guint) sqlite3_column_int (stmt, 2);
	return row;
}

GPtrArray *
tg_store_report (TgStore *store, GPtrArray *units, const gchar *from, const gchar *to,
		 GError **error)
{
	g_auto(TgReader) reader = {store, NULL};
	g_autoptr(TgStmt) stmt = NULL;
	/* the unit list goes in as one bound JSON array, never spliced into the SQL */
	g_autofree gchar *json = tg_store_codes_to_json (units);

	reader.db = tg_store_acquire_reader (store, error);
	if (reader.db == NULL)
		return NULL;
	/* one pass over the units' index ranges, which hold every column counted: grouped in
	 * index order, so without sorting, then summed up by each dimension */
	stmt = tg_db_prepare (
		reader.db,
		"WITH g AS MATERIALIZED (SELECT original_date, status, category, outcome, cause,"
		"  count (*) AS n FROM bookings WHERE unit IN (SELECT value FROM json_each (?1))"
		"  AND original_date BETWEEN ?2 AND ?3"
		"  GROUP BY unit, original_date, status, category, outcome, cause)"
		" SELECT 'category', category, sum (n) FROM g"
		"  WHERE status NOT IN ('cancelled', 'expired') GROUP BY category"
		" UNION ALL SELECT 'status', status, sum (n) FROM g GROUP BY status"
		" UNION ALL SELECT 'outcome', outcome, sum (n) FROM g WHERE outcome IS NOT NULL"
		"  GROUP BY outcome"
		" UNION ALL SELECT 'cause', cause, sum (n) FROM g WHERE cause IS NOT NULL"
		"  GROUP BY cause"
		/* the Monday of each booking's week (the series' Monday: a move stays in it) */
		" UNION ALL SELECT 'week', date (original_date, '-6 days', 'weekday 1'), sum (n)"
		"  FROM g WHERE status NOT IN ('cancelled', 'expired') GROUP BY 2"
		" ORDER BY 1, 2;",
		error);
	if (stmt == NULL)
		return NULL;
	tg_stmt_bind_text (stmt, 1, json);
	tg_stmt_bind_text (stmt, 2, from);
	tg_stmt_bind_text (stmt, 3, to);
	return tg_db_collect (reader.db, stmt, tg_store_report_row_from_row,
			      (GDestroyNotify) tg_report_row_free, error);
}

typedef struct {
	const gchar *before;
	gint64 now_us;
	gint purged;
} TgPurgeReq;

static gboolean
tg_store_purge_cb (TgDb *db, gpointer data, GError **error)
{
	TgPurgeReq *req = data;
	g_autoptr(TgStmt) mark = NULL;
	g_autoptr(TgStmt) stmt = NULL;
	g_autoptr(TgStmt) del = NULL;
	g_autoptr(TgStmt) set = NULL;
	g_autofree gchar *from = NULL;

	/* the bookings before the last purge's date are purged already: only the days since
	 * are read, unit by unit on (unit, original_date) */
	mark = tg_db_prepare (db,
			      "SELECT coalesce ((SELECT value FROM store_marks"
			      " WHERE name = 'purged_before'), '');",
			      error);
	stmt = tg_db_prepare (
		db,
		"UPDATE bookings SET name = NULL, phone = NULL, email = NULL, organization = NULL,"
		" tax_code = NULL, dossier_code = NULL, summary = NULL, note = NULL,"
		" cancel_reason = NULL, purged = 1, active = 0, updated_at = ?2"
		" WHERE rowid IN (SELECT b.rowid FROM (SELECT DISTINCT code FROM units) AS u"
		"  CROSS JOIN bookings AS b WHERE b.unit = u.code AND b.original_date >= ?3"
		"  AND b.original_date < ?1 AND b.purged = 0);",
		error);
	/* the outbox's finished messages of that time go too: their recipients' addresses.
	 * Ids grow with time, so they are those before the first message of a later time: the
	 * walk reads the messages it deletes, and the few queued ones it leaves */
	del = tg_db_prepare (db,
			     "DELETE FROM outbox WHERE id < coalesce ((SELECT id FROM outbox"
			     "  WHERE created_at >= strftime ('%s', ?1) * 1000000 ORDER BY id"
			     "  LIMIT 1), (SELECT max (id) + 1 FROM outbox))"
			     " AND status NOT IN ('queued', 'sending');",
			     error);
	set = tg_db_prepare (db,
			     "INSERT INTO store_marks (name, value) VALUES ('purged_before', ?1)"
			     " ON CONFLICT (name) DO UPDATE SET value = excluded.value"
			     " WHERE excluded.value > value;",
			     error);
	if (mark == NULL || stmt == NULL || del == NULL || set == NULL)
		return FALSE;
	from = tg_db_step_one (db, mark, tg_db_text_from_row, "mark", error);
	if (from == NULL)
		return FALSE;
	tg_stmt_bind_text (stmt, 1, req->before);
	sqlite3_bind_int64 (stmt, 2, req->now_us);
	tg_stmt_bind_text (stmt, 3, from);
	if (!tg_db_step_done (db, stmt, error))
		return FALSE;
	req->purged = sqlite3_changes (db->db);
	tg_stmt_bind_text (del, 1, req->before);
	if (!tg_db_step_done (db, del, error))
		return FALSE;
	tg_stmt_bind_text (set, 1, req->before);
	return tg_db_step_done (db, set, error);
}

gint
tg_store_purge_personal_data (TgStore *store, const gchar *before, gint64 now_us, GError **error)
{
	TgPurgeReq req = {before, now_us, 0};
	if (!tg_store_write (store, tg_store_purge_cb, &req, error))
		return -1;
	return req.purged;
}

GPtrArray *
tg_store_list_assigned_bookings (TgStore *store, const gchar *assignee, const gchar *from,
				 const gchar *to, GError **error)
{
	return tg_store_collect_with (
		store,
		"SELECT " TG_BOOKING_COLUMNS " FROM bookings WHERE assignee = ?1"
		" AND assignee IS NOT NULL AND original_date BETWEEN ?2 AND ?3"
		" ORDER BY original_date, slot;",
		(const gchar *[]){assignee, from, to}, 3, tg_store_booking_from_row,
		(GDestroyNotify) tg_booking_free, error);
}

GPtrArray *
tg_store_list_dossier_bookings (TgStore *store, GPtrArray *units, const gchar *code, GError **error)
{
	g_autofree gchar *json = tg_store_codes_to_json (units);

	/* each unit's bookings by bookings_by_unit; the code is read from the row */
	return tg_store_collect_with (store,
				      "SELECT " TG_BOOKING_COLUMNS " FROM bookings WHERE unit IN"
				      " (SELECT value FROM json_each (?1)) AND dossier_code = ?2"
				      " ORDER BY original_date, slot, created_at;",
				      (const gchar *[]){json, code}, 2, tg_store_booking_from_row,
				      (GDestroyNotify) tg_booking_free, error);
}

static gboolean
tg_store_read_waitlist_position (TgDb *db, TgBooking *b, GError **error)
{
	g_autoptr(TgStmt) stmt =
			   tg_db_prepare (db,
					  "SELECT count(*) FROM bookings WHERE occurrence = ?1"
					  " AND status = 'waitlisted' AND (created_at < ?2"
					  " OR (created_at = ?2 AND id < ?3));",
					  error);
	gboolean has_row = FALSE;

	if (stmt == NULL)
		return FALSE;
	tg_stmt_bind_text (stmt, 1, b->occurrence);
	sqlite3_bind_int64 (stmt, 2, b->created_at);
	tg_stmt_bind_text (stmt, 3, b->id);
	if (!tg_db_step_row (db, stmt, &has_row, error))
		return FALSE;
	b->waitlist_position = has_row ? (guint) sqlite3_column_int (stmt, 0) + 1 : 0;
	return TRUE;
}

gboolean
tg_store_fill_waitlist_position (TgStore *store, TgBooking *b, GError **error)
{
	g_auto(TgReader) reader = {store, NULL};

	b->waitlist_position = 0;
	if (b->status != TG_BOOKING_WAITLISTED)
		return TRUE;
	reader.db = tg_store_acquire_reader (store, error);
	if (reader.db == NULL)
		return FALSE;
	return tg_store_read_waitlist_position (reader.db, b, error);
}
