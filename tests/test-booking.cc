/* test-booking.cc: booking rules, and the engine's bookings with an injected clock */
#include <gtest/gtest.h>

#include "tg-test.hh"

using tg_test::Ptr;

TEST (BookingRules, Phones)
{
	struct {
		const char *in, *out;
	} cases[] = {
		{"0912345678", "0912345678"},
		{"0912 345 678", "0912345678"},
		{"+84912345678", "0912345678"},
		{"+84 912 345 678", "0912345678"},
		{"84912345678", "0912345678"},
		{"0912.345.678", "0912345678"},
		{"02743822222", "02743822222"},
		{"+842743822222", "02743822222"},
		{"091234567", nullptr},
		{"09123456789", nullptr},
		{"0112345678", nullptr},
		{"+1 212 555 0100", nullptr},
		{"0912345678\r\nX", nullptr},
		{"09a2345678", nullptr},
		{"", nullptr},
		{"+0912345678", nullptr},
	};
	for (auto &c : cases) {
		Ptr<gchar> n (tg_phone_normalize (c.in));
		if (c.out == nullptr) {
			EXPECT_EQ (n, nullptr) << c.in;
		} else {
			EXPECT_STREQ (n.get (), c.out) << c.in;
		}
	}
}

TEST (BookingRules, TaxAndDossierCodes)
{
	EXPECT_TRUE (tg_tax_code_is_valid ("3700123456"));
	EXPECT_TRUE (tg_tax_code_is_valid ("3700123456001"));
	EXPECT_TRUE (tg_tax_code_is_valid ("3700123456-001"));
	EXPECT_FALSE (tg_tax_code_is_valid ("370012345"));
	EXPECT_FALSE (tg_tax_code_is_valid ("37001234560"));
	EXPECT_FALSE (tg_tax_code_is_valid ("3700123456-01"));
	EXPECT_FALSE (tg_tax_code_is_valid ("37001234x6"));
	EXPECT_TRUE (tg_dossier_code_is_valid ("000.00.12.H01-231122-0001"));
	EXPECT_FALSE (tg_dossier_code_is_valid ("000.00.12.H01-231322-0001")); /* month 13 */
	EXPECT_FALSE (tg_dossier_code_is_valid ("000.00.12.h01-231122-0001"));
	EXPECT_FALSE (tg_dossier_code_is_valid ("000.00.12.H01-231122-001"));
	EXPECT_FALSE (tg_dossier_code_is_valid ("000-00.12.H01-231122-0001"));
}

static Ptr<TgBooking>
valid_request ()
{
	Ptr<TgBooking> b (tg_booking_new ());
	b->requester.kind = TG_REQUESTER_CITIZEN;
	b->requester.name = g_strdup ("Nguyễn Văn A");
	b->requester.phone = g_strdup ("0912345678");
	b->requester.email = g_strdup ("a@example.vn");
	b->category = g_strdup ("late_dossier");
	b->language = g_strdup ("vi");
	b->consent_at = 1;
	return b;
}

struct BadBooking {
	const char *name;
	void (*spoil) (TgBooking *b);
	const char *field;
};

class BookingValidation : public ::testing::TestWithParam<BadBooking>
{
};

static void
reset (gchar **f, const char *v)
{
	g_free (*f);
	*f = g_strdup (v);
}

TEST_P (BookingValidation, NamesTheField)
{
	auto b = valid_request ();
	GetParam ().spoil (b.get ());
	GError *error = nullptr;
	EXPECT_FALSE (tg_booking_validate_request (b.get (), TRUE, &error));
	ASSERT_NE (error, nullptr);
	EXPECT_STREQ (tg_error_get_field (error), GetParam ().field);
	g_error_free (error);
}

INSTANTIATE_TEST_SUITE_P (
	BookingRules, BookingValidation,
	::testing::Values (
		BadBooking{"kind", [] (TgBooking *b) { b->requester.kind = (TgRequesterKind) 0; },
			   "requester.kind"},
		BadBooking{"no_name", [] (TgBooking *b) { reset (&b->requester.name, nullptr); },
			   "requester.name"},
		BadBooking{"long_name",
			   [] (TgBooking *b) {
				   reset (&b->requester.name, std::string (101, 'a').c_str ());
			   },
			   "requester.name"},
		BadBooking{"name_crlf",
			   [] (TgBooking *b) { reset (&b->requester.name, "A\r\nBcc: x@y.vn"); },
			   "requester.name"},
		BadBooking{"name_bad_utf8",
			   [] (TgBooking *b) { reset (&b->requester.name, "Ng\xff"); },
			   "requester.name"},
		BadBooking{"phone", [] (TgBooking *b) { reset (&b->requester.phone, "12345"); },
			   "requester.phone"},
		BadBooking{"no_email", [] (TgBooking *b) { reset (&b->requester.email, nullptr); },
			   "requester.email"},
		BadBooking{"email_crlf",
			   [] (TgBooking *b) {
				   reset (&b->requester.email, "a@b.vn\r\nRCPT TO:<c@d.vn>");
			   },
			   "requester.email"},
		BadBooking{"two_emails",
			   [] (TgBooking *b) { reset (&b->requester.email, "a@b.vn,c@d.vn"); },
			   "requester.email"},
		BadBooking{"enterprise_no_org",
			   [] (TgBooking *b) {
				   b->requester.kind = TG_REQUESTER_ENTERPRISE;
				   reset (&b->requester.tax_code, "3700123456");
			   },
			   "requester.organization"},
		BadBooking{"enterprise_bad_tax",
			   [] (TgBooking *b) {
				   b->requester.kind = TG_REQUESTER_ENTERPRISE;
				   reset (&b->requester.organization, "Công ty A");
				   reset (&b->requester.tax_code, "123");
			   },
			   "requester.tax_code"},
		BadBooking{"citizen_with_tax",
			   [] (TgBooking *b) { reset (&b->requester.tax_code, "3700123456"); },
			   "requester.tax_code"},
		BadBooking{"category", [] (TgBooking *b) { reset (&b->category, "gossip"); },
			   "topic.category"},
		BadBooking{"dossier", [] (TgBooking *b) { reset (&b->dossier_code, "HS-1"); },
			   "topic.dossier_code"},
		BadBooking{"summary_long",
			   [] (TgBooking *b) {
				   reset (&b->summary, std::string (2001, 'x').c_str ());
			   },
			   "topic.summary"},
		BadBooking{"summary_control",
			   [] (TgBooking *b) { reset (&b->summary, "a\x1b[31m"); },
			   "topic.summary"},
		BadBooking{"language", [] (TgBooking *b) { reset (&b->language, "fr"); },
			   "language"},
		BadBooking{"consent", [] (TgBooking *b) { b->consent_at = 0; }, "consent"}),
	[] (const ::testing::TestParamInfo<BadBooking> &info) { return info.param.name; });

TEST (BookingRules, NormalisesNfcAndEmailCase)
{
	auto b = valid_request ();
	/* "Nguyễn" decomposed: e + combining circumflex + combining tilde */
	reset (&b->requester.name, "Nguye\xcc\x82\xcc\x83n Va\xcc\x86n A");
	reset (&b->requester.email, "A@Example.VN");
	reset (&b->requester.phone, "+84 912 345 678");
	ASSERT_TRUE (tg_booking_validate_request (b.get (), TRUE, nullptr));
	EXPECT_STREQ (b->requester.name, "Nguyễn Văn A");
	EXPECT_STREQ (b->requester.email, "a@example.vn");
	EXPECT_STREQ (b->requester.phone, "0912345678");
	/* 100 Vietnamese characters are fine */
	std::string hundred;
	for (int i = 0; i < 100; i++)
		hundred += "ễ";
	reset (&b->requester.name, hundred.c_str ());
	EXPECT_TRUE (tg_booking_validate_request (b.get (), TRUE, nullptr));
}

/* ---- the engine with a store and a clock of its own ---- */

class Bookings : public ::testing::Test
{
      protected:
	tg_test::TempDir dir;
	Ptr<TgStore> store;
	Ptr<TgClock> clock;
	Ptr<TgEngine> engine;
	/* Monday 2027-03-01, 10:00 reception; "now" is a week before */
	const char *occ = "74-20270301";

	void SetUp () override
	{
		GError *error = nullptr;
		std::string path = dir.file ("thaogo.db");
		store.reset (tg_store_open (path.c_str (), &error));
		ASSERT_NE (store, nullptr);
		GDateTime *t = g_date_time_new_from_iso8601 ("2027-02-22T09:00:00+07:00", nullptr);
		clock.reset (tg_clock_new_fixed (g_date_time_to_unix (t) * G_USEC_PER_SEC));
		g_date_time_unref (t);
		engine.reset (tg_engine_new (store.get (), clock.get ()));
		std::string units = tg_test::top_srcdir_file ("data/units/binh-duong-2023.tsv");
		ASSERT_TRUE (
			tg_engine_load_units_file (engine.get (), units.c_str (), nullptr, &error));
		Ptr<TgSeries> s (tg_series_new_default ("74"));
		s->desks = 1;
		ASSERT_TRUE (tg_store_put_series (store.get (), s.get (), nullptr));
	}

	Ptr<TgBooking> book (int n, gint slot = 600, gboolean waitlist = FALSE,
			     GError **error = nullptr)
	{
		auto b = valid_request ();
		gchar *phone = g_strdup_printf ("09123456%02d", n);
		reset (&b->requester.phone, phone);
		g_free (phone);
		gchar *email = g_strdup_printf ("p%d@example.vn", n);
		reset (&b->requester.email, email);
		g_free (email);
		gchar *secret = nullptr;
		Ptr<TgBooking> out (tg_engine_create_booking (engine.get (), b.get (), occ, slot,
							      waitlist, &secret, nullptr, error));
		g_free (secret);
		return out;
	}

	void advance (gint64 seconds)
	{
		tg_clock_set (clock.get (), tg_clock_now (clock.get ()) + seconds * G_USEC_PER_SEC);
	}

	TgBookingStatus status (const gchar *id)
	{
		Ptr<TgBooking> b (tg_store_get_booking (store.get (), id, nullptr));
		return b != nullptr ? b->status : (TgBookingStatus) 0;
	}
};

TEST_F (Bookings, HoldExpiresOnTimeAndPromotesTheWaitingList)
{
	auto first = book (1);
	ASSERT_NE (first, nullptr);
	EXPECT_EQ (first->status, TG_BOOKING_PENDING);
	GError *error = nullptr;
	auto full = book (2, 600, FALSE, &error);
	EXPECT_EQ (full, nullptr);
	EXPECT_TRUE (g_error_matches (error, TG_ERROR, TG_ERROR_SLOT_FULL));
	g_clear_error (&error);
	auto waiting = book (3, 600, TRUE);
	ASSERT_NE (waiting, nullptr);
	EXPECT_EQ (waiting->status, TG_BOOKING_WAITLISTED);

	advance (29 * 60);
	EXPECT_EQ (tg_engine_expire_holds (engine.get (), nullptr), 0);
	EXPECT_EQ (status (first->id), TG_BOOKING_PENDING);
	advance (60);
	EXPECT_EQ (tg_engine_expire_holds (engine.get (), nullptr), 1);
	EXPECT_EQ (status (first->id), TG_BOOKING_EXPIRED);
	EXPECT_EQ (status (waiting->id), TG_BOOKING_CONFIRMED);
	Ptr<TgBooking> promoted (tg_store_get_booking (store.get (), waiting->id, nullptr));
	EXPECT_EQ (promoted->slot, 0);
	EXPECT_EQ (promoted->ticket, 1u);
}

TEST_F (Bookings, ConfirmAfterTheHoldIsRefusedEvenBeforeTheTimer)
{
	auto b = valid_request ();
	gchar *secret = nullptr;
	Ptr<TgBooking> made (tg_engine_create_booking (engine.get (), b.get (), occ, 600, FALSE,
						       &secret, nullptr, nullptr));
	ASSERT_NE (made, nullptr);
	advance (31 * 60);
	GError *error = nullptr;
	Ptr<TgBooking> c (tg_engine_confirm_booking (engine.get (), made->id, secret, &error));
	EXPECT_EQ (c, nullptr);
	EXPECT_TRUE (g_error_matches (error, TG_ERROR, TG_ERROR_BOOKING_EXPIRED));
	g_clear_error (&error);
	EXPECT_EQ (status (made->id), TG_BOOKING_EXPIRED);
	/* the seat is free again */
	EXPECT_NE (book (9), nullptr);
	g_free (secret);
}

TEST_F (Bookings, TicketsAreSequentialPerOccurrence)
{
	TgEngineOptions o = {FALSE, 30, 365, 24, 72};
	tg_engine_set_options (engine.get (), &o);
	for (int i = 0; i < 6; i++) {
		auto b = book (10 + i, -1);
		ASSERT_NE (b, nullptr);
		EXPECT_EQ (b->status, TG_BOOKING_CONFIRMED);
		EXPECT_EQ (b->ticket, (guint) i + 1);
		EXPECT_EQ (b->slot, i); /* the earliest free slot, one desk */
	}
}

/* the earliest free slot is remembered per session while it fills; a seat freed in an
 * earlier slot (a cancellation, an expired hold) or more desks make it look again */
TEST_F (Bookings, EarliestSlotTakesAFreedSeatAgain)
{
	TgEngineOptions o = {FALSE, 30, 365, 24, 72};
	tg_engine_set_options (engine.get (), &o);
	std::vector<Ptr<TgBooking>> made;
	for (int i = 0; i < 3; i++) {
		made.push_back (book (20 + i, -1));
		ASSERT_NE (made.back (), nullptr);
		EXPECT_EQ (made.back ()->slot, i);
	}
	ASSERT_TRUE (tg_store_end_booking (store.get (), made[1]->id, TG_BOOKING_CANCELLED, nullptr,
					   tg_clock_now (clock.get ()), nullptr, nullptr));
	auto again = book (30, -1);
	ASSERT_NE (again, nullptr);
	EXPECT_EQ (again->slot, 1) << "the freed seat of 10:15";
	EXPECT_EQ (book (31, -1)->slot, 3);

	/* a hold that runs out frees its seat for the next one too */
	TgEngineOptions hold = {TRUE, 30, 365, 24, 72};
	tg_engine_set_options (engine.get (), &hold);
	auto held = book (32, -1);
	ASSERT_NE (held, nullptr);
	EXPECT_EQ (held->slot, 4);
	EXPECT_EQ (book (33, -1)->slot, 5);
	advance (31 * 60);
	EXPECT_EQ (tg_engine_expire_holds (engine.get (), nullptr), 2);
	EXPECT_EQ (book (34, -1)->slot, 4);

	/* a second desk: the first slot has room again */
	Ptr<TgToken> admin (tg_token_new ());
	admin->role = TG_ROLE_ADMIN;
	Ptr<TgSeries> s (tg_engine_get_series (engine.get (), "74", nullptr));
	s->desks = 2;
	GError *error = nullptr;
	ASSERT_TRUE (tg_engine_put_series (engine.get (), admin.get (), s.get (), nullptr, &error));
	auto second = book (35, -1);
	ASSERT_NE (second, nullptr);
	EXPECT_EQ (second->slot, 0);
	EXPECT_EQ (second->seat, 1);
}

TEST_F (Bookings, WindowAndCancelledOccurrences)
{
	GError *error = nullptr;
	/* 18 hours before the reception it closes */
	advance (6 * 86400 + 7 * 3600); /* Sunday 16:00 */
	EXPECT_EQ (book (1, 600, FALSE, &error), nullptr);
	EXPECT_TRUE (g_error_matches (error, TG_ERROR, TG_ERROR_BOOKING_CLOSED));
	g_clear_error (&error);
	/* more than 28 days ahead it has not opened */
	occ = "74-20270405";
	EXPECT_EQ (book (1, 600, FALSE, &error), nullptr);
	EXPECT_TRUE (g_error_matches (error, TG_ERROR, TG_ERROR_BOOKING_CLOSED));
	g_clear_error (&error);
	/* a slot that does not exist */
	occ = "74-20270308";
	EXPECT_EQ (book (1, 605, FALSE, &error), nullptr);
	EXPECT_TRUE (g_error_matches (error, TG_ERROR, TG_ERROR_INVALID));
	g_clear_error (&error);
}

TEST_F (Bookings, CancellingTheOccurrenceCancelsItsBookings)
{
	occ = "74-20270308";
	auto b = book (1);
	ASSERT_NE (b, nullptr);
	Ptr<TgToken> admin (tg_token_new ());
	admin->role = TG_ROLE_ADMIN;
	Ptr<TgOccurrence> o (tg_engine_cancel_occurrence (engine.get (), admin.get (), occ,
							  "Họp đột xuất", nullptr));
	ASSERT_NE (o, nullptr);
	EXPECT_EQ (status (b->id), TG_BOOKING_CANCELLED_BY_UNIT);
	GError *error = nullptr;
	EXPECT_EQ (book (2, 600, FALSE, &error), nullptr);
	EXPECT_TRUE (g_error_matches (error, TG_ERROR, TG_ERROR_OCCURRENCE_CANCELLED));
	g_clear_error (&error);
}

/* A booked session that a new holiday policy would take away (New Year's Day 2029 is a
 * Monday: "next working day" holds it on Tuesday, "skip" would cancel it) keeps the series
 * as it is; the same change for a session without bookings goes through. The check is made
 * in the transaction of the write, so a booking cannot slip in between. */
TEST_F (Bookings, SeriesChangesThatWouldTakeABookedDayAreRefused)
{
	GDateTime *t = g_date_time_new_from_iso8601 ("2028-12-20T09:00:00+07:00", nullptr);
	tg_clock_set (clock.get (), g_date_time_to_unix (t) * G_USEC_PER_SEC);
	g_date_time_unref (t);
	occ = "74-20290101";
	Ptr<TgOccurrence> before (tg_engine_get_occurrence (engine.get (), occ, nullptr));
	ASSERT_NE (before, nullptr);
	EXPECT_STREQ (before->date, "2029-01-02");
	auto b = book (1);
	ASSERT_NE (b, nullptr);
	Ptr<TgToken> admin (tg_token_new ());
	admin->role = TG_ROLE_ADMIN;
	Ptr<TgSeries> s (tg_engine_get_series (engine.get (), "74", nullptr));
	s->holiday_policy = TG_HOLIDAY_POLICY_SKIP;
	GError *error = nullptr;
	GPtrArray *affected = nullptr;
	EXPECT_FALSE (
		tg_engine_put_series (engine.get (), admin.get (), s.get (), &affected, &error));
	EXPECT_TRUE (g_error_matches (error, TG_ERROR, TG_ERROR_CONFLICT));
	EXPECT_STREQ (tg_error_get_field (error), "reception");
	g_clear_error (&error);
	ASSERT_NE (affected, nullptr);
	ASSERT_EQ (affected->len, 1u);
	EXPECT_STREQ ((const char *) g_ptr_array_index (affected, 0), occ);
	g_ptr_array_unref (affected);
	Ptr<TgOccurrence> still (tg_engine_get_occurrence (engine.get (), occ, nullptr));
	EXPECT_STREQ (still->date, "2029-01-02");
	EXPECT_EQ (still->status, before->status);

	/* without the booking, the day may go */
	ASSERT_TRUE (tg_store_end_booking (store.get (), b->id, TG_BOOKING_CANCELLED, nullptr,
					   tg_clock_now (clock.get ()), nullptr, nullptr));
	affected = nullptr;
	EXPECT_TRUE (
		tg_engine_put_series (engine.get (), admin.get (), s.get (), &affected, &error))
		<< error->message;
	EXPECT_TRUE (affected == nullptr || affected->len == 0);
	if (affected != nullptr)
		g_ptr_array_unref (affected);
	Ptr<TgOccurrence> after (tg_engine_get_occurrence (engine.get (), occ, nullptr));
	EXPECT_EQ (after->status, TG_OCCURRENCE_CANCELLED);
}

/* A booking committed while a holiday decision cancels its session (here: an engine whose
 * calendar is not yet the new one) is found by the bookings sweep and ended; one already
 * there when the decision was made is ended by the decision itself */
TEST_F (Bookings, TheSweepEndsBookingsLeftInACancelledSession)
{
	Ptr<TgToken> admin (tg_token_new ());
	admin->role = TG_ROLE_ADMIN;
	Ptr<TgSeries> s (tg_engine_get_series (engine.get (), "74", nullptr));
	s->holiday_policy = TG_HOLIDAY_POLICY_SKIP;
	GError *error = nullptr;
	ASSERT_TRUE (tg_engine_put_series (engine.get (), admin.get (), s.get (), nullptr, &error));
	auto before = book (1);
	ASSERT_NE (before, nullptr);

	/* another engine on the same store makes the decision */
	Ptr<TgEngine> other (tg_engine_new (store.get (), clock.get ()));
	Ptr<TgHolidayDecision> off (tg_holiday_decision_new ("2027-03-01", TRUE, "Nghỉ bù"));
	ASSERT_TRUE (
		tg_engine_put_holiday_decision (other.get (), admin.get (), off.get (), &error));
	EXPECT_EQ (status (before->id), TG_BOOKING_CANCELLED_BY_UNIT);

	/* this engine still sees the session on: a booking slips in */
	auto late = book (2);
	ASSERT_NE (late, nullptr);
	EXPECT_EQ (status (late->id), TG_BOOKING_PENDING);
	EXPECT_EQ (tg_engine_sweep_bookings (other.get (), &error), 1);
	EXPECT_EQ (status (late->id), TG_BOOKING_CANCELLED_BY_UNIT);
	EXPECT_EQ (tg_engine_sweep_bookings (other.get (), &error), 0);
	EXPECT_EQ (error, nullptr);
}

TEST_F (Bookings, PurgeAfterRetentionKeepsCounts)
{
	TgEngineOptions o = {FALSE, 30, 30, 24, 72};
	tg_engine_set_options (engine.get (), &o);
	auto b = book (1);
	ASSERT_NE (b, nullptr);
	advance (20 * 86400);
	EXPECT_EQ (tg_engine_purge_personal_data (engine.get (), nullptr), 0);
	advance (30 * 86400);
	EXPECT_EQ (tg_engine_purge_personal_data (engine.get (), nullptr), 1);
	Ptr<TgBooking> p (tg_store_get_booking (store.get (), b->id, nullptr));
	EXPECT_TRUE (p->purged);
	EXPECT_EQ (p->requester.name, nullptr);
	EXPECT_EQ (p->requester.phone, nullptr);
	EXPECT_EQ (p->requester.email, nullptr);
	EXPECT_STREQ (p->category, "late_dossier");
	Ptr<TgToken> admin (tg_token_new ());
	admin->role = TG_ROLE_ADMIN;
	Ptr<GPtrArray> rows (tg_engine_report (engine.get (), admin.get (), "74", "2027-01-01",
					       "2027-12-31", nullptr));
	ASSERT_NE (rows, nullptr);
	bool counted = false;
	for (guint i = 0; i < rows->len; i++) {
		auto *r = static_cast<TgReportRow *> (g_ptr_array_index (rows.get (), i));
		if (g_strcmp0 (r->dimension, "category") == 0 &&
		    g_strcmp0 (r->key, "late_dossier") == 0)
			counted = r->count == 1;
	}
	EXPECT_TRUE (counted);
	/* nothing personal is left anywhere in the file */
	store.reset ();
	engine.reset ();
	std::string bytes = tg_test::read_file (dir.file ("thaogo.db"));
	EXPECT_EQ (bytes.find ("0912345601"), std::string::npos);
}

TEST (BookingRules, IdsAreInTimeOrderWithAllTheirRandomBits)
{
	const gint64 t = G_GINT64_CONSTANT (1795000000000000); /* 2026-11-18 */
	g_autofree gchar *a = tg_booking_make_id (t);
	g_autofree gchar *b = tg_booking_make_id (t + 1000);
	g_autofree gchar *c = tg_booking_make_id (t + 1000);

	ASSERT_EQ (strlen (a), 44u);
	EXPECT_TRUE (tg_booking_id_is_valid (a));
	EXPECT_EQ (std::string (a, 12), "01a1ee565e00"); /* milliseconds */
	EXPECT_LT (strcmp (a, b), 0);
	/* same millisecond: the same time digits, then different random bits */
	EXPECT_EQ (strncmp (b, c, 12), 0);
	EXPECT_NE (strcmp (b + 12, c + 12), 0);
	/* the ids made before (128 random bits) stay valid */
	EXPECT_TRUE (tg_booking_id_is_valid ("0123456789abcdef0123456789abcdef"));
	for (const char *bad :
	     {"", "0123456789abcdef0123456789abcde", "0123456789ABCDEF0123456789ABCDEF",
	      "0123456789abcdef0123456789abcdeg", "0123456789abcdef0123456789abcdef0",
	      "0123456789abcdef0123456789abcdef 0123456789a"})
		EXPECT_FALSE (tg_booking_id_is_valid (bad)) << bad;
	EXPECT_FALSE (tg_booking_id_is_valid (nullptr));
}

/* The database's own failures reach the HTTP side as their own TG_ERRORs: busy and locked
 * are worth retrying (503), a full disk is storage_full (507), I/O and damage are
 * storage_failed (500) */
TEST (EngineErrors, TheDatabasesFailuresHaveTheirOwnCodes)
{
	const std::pair<TgStoreError, TgError> cases[] = {
		{TG_STORE_ERROR_BUSY, TG_ERROR_UNAVAILABLE},
		{TG_STORE_ERROR_LOCKED, TG_ERROR_UNAVAILABLE},
		{TG_STORE_ERROR_DISK_FULL, TG_ERROR_STORAGE_FULL},
		{TG_STORE_ERROR_IO, TG_ERROR_STORAGE_FAILED},
		{TG_STORE_ERROR_CORRUPT, TG_ERROR_STORAGE_FAILED},
		{TG_STORE_ERROR_CLOSED, TG_ERROR_UNAVAILABLE},
	};
	for (const auto &c : cases) {
		GError *error = nullptr;
		tg_engine_propagate_store_error (&error,
						 g_error_new_literal (TG_STORE_ERROR, c.first,
								      "sqlite: test"));
		EXPECT_TRUE (g_error_matches (error, TG_ERROR, c.second)) << c.first;
		g_clear_error (&error);
	}
}
