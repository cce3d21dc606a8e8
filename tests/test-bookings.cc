/* test-bookings.cc: booking over HTTP against the real daemon: concurrency, refusals,
 * citizen links, the secretary's side and the report */
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include "tg-test.hh"

using tg_test::Daemon;
using tg_test::HttpResult;
using tg_test::TEST_NOW;
using tg_test::with_test_now;

using tg_test::write_config;

class Bookings : public ::testing::Test
{
      protected:
	tg_test::TempDir dir;
	std::unique_ptr<Daemon> daemon;
	std::string occ; /* an occurrence open for booking */
	std::string occ_date;

	void start (const std::string &config, const std::vector<std::string> &env = {})
	{
		daemon = std::make_unique<Daemon> (
			dir.file ("state"),
			std::vector<std::string>{"--demo", "--config", write_config (dir, config)},
			with_test_now (env));
		/* the first scheduled session between 3 and 27 days from the daemon's now is open
		 */
		g_autoptr (GDateTime) now = g_date_time_new_from_iso8601 (TEST_NOW, nullptr);
		g_autoptr (GDateTime) a = g_date_time_add_days (now, 3);
		g_autoptr (GDateTime) b = g_date_time_add_days (now, 27);
		g_autofree gchar *from = g_date_time_format (a, "%Y-%m-%d");
		g_autofree gchar *to = g_date_time_format (b, "%Y-%m-%d");
		HttpResult r = daemon->get (std::string ("/api/v1/units/74/occurrences?from=") +
					    from + "&to=" + to);
		JsonArray *list = json_object_get_array_member (json_node_get_object (r.json ()),
								"occurrences");
		for (guint i = 0; i < json_array_get_length (list); i++) {
			JsonObject *o = json_array_get_object_element (list, i);
			if (g_strcmp0 (json_object_get_string_member (o, "status"), "cancelled") !=
			    0) {
				occ = json_object_get_string_member (o, "id");
				occ_date = json_object_get_string_member (o, "date");
				break;
			}
		}
		ASSERT_FALSE (occ.empty ());
	}

	/* the daemon's clock stands at TEST_NOW: a build with --enable-test-hooks */
	void SetUp () override
	{
		TG_TEST_SKIP_WITHOUT_HOOKS ();
		start ("[booking]\nrate_limit_per_hour=0\n");
	}

	static std::string body (int n, const std::string &occurrence, const std::string &slot,
				 const std::string &extra = "")
	{
		gchar *b = g_strdup_printf (
			"{\"occurrence\":\"%s\",%s\"requester\":{\"kind\":\"citizen\",\"name\":\"Công dân %d\","
			"\"phone\":\"09%08d\",\"email\":\"c%d@example.vn\"},\"topic\":{\"category\":\"late_dossier\","
			"\"dossier_code\":\"000.00.12.H01-231122-0001\",\"summary\":\"Hồ sơ trễ hạn\"},"
			"\"language\":\"vi\",\"consent\":true%s}",
			occurrence.c_str (),
			slot.empty () ? "" : ("\"slot\":\"" + slot + "\",").c_str (), n, n, n,
			extra.c_str ());
		std::string s (b);
		g_free (b);
		return s;
	}

	HttpResult post (const std::string &b, const std::vector<std::string> &headers = {})
	{
		return tg_test::http ("POST", daemon->url () + "/api/v1/bookings", b, headers);
	}

	std::string token (const std::string &role, const std::string &unit)
	{
		HttpResult r =
			daemon->call ("POST", "/api/v1/tokens",
				      "{\"role\":\"" + role + "\",\"unit\":\"" + unit + "\"}");
		return r.str ("token");
	}
};

static void
expect_error (const HttpResult &r, long status, const std::string &code,
	      const std::string &field = "")
{
	EXPECT_EQ (r.status, status) << r.body;
	EXPECT_EQ (r.str ("error.code"), code) << r.body;
	if (!field.empty ()) {
		EXPECT_EQ (r.str ("error.field"), field) << r.body;
	}
}

TEST_F (Bookings, FiftyConcurrentRequestsOnOneSlotGetExactlyItsCapacity)
{
	const int n = 60;
	std::atomic<int> created{0}, full{0}, other{0};
	std::vector<std::thread> pool;
	for (int i = 0; i < n; i++) {
		pool.emplace_back ([&, i] () {
			HttpResult r = post (body (i, occ, "10:15"));
			if (r.status == 201)
				created++;
			else if (r.status == 409 && r.str ("error.code") == "slot_full")
				full++;
			else
				other++;
		});
	}
	for (auto &t : pool)
		t.join ();
	EXPECT_EQ (created.load (), 3);
	EXPECT_EQ (full.load (), n - 3);
	EXPECT_EQ (other.load (), 0);
	HttpResult slots = daemon->get ("/api/v1/occurrences/" + occ + "/slots");
	JsonArray *a = json_object_get_array_member (json_node_get_object (slots.json ()), "slots");
	EXPECT_EQ (json_object_get_int_member (json_array_get_object_element (a, 1), "available"),
		   0);
	EXPECT_EQ (json_object_get_int_member (json_array_get_object_element (a, 0), "available"),
		   3);
	HttpResult list = daemon->call ("GET", "/api/v1/occurrences/" + occ + "/bookings");
	JsonArray *b =
		json_object_get_array_member (json_node_get_object (list.json ()), "bookings");
	EXPECT_EQ (json_array_get_length (b), 3u);
}

/* A booking's answer waits for its commit without holding an HTTP thread: stopping the
 * daemon meanwhile answers what is in flight first, exits cleanly, and every booking that
 * was answered 201 is there after a restart */
TEST_F (Bookings, StoppingWithBookingsInFlightLosesNoAnsweredBooking)
{
	std::atomic<bool> stop{false};
	std::mutex mutex;
	std::vector<std::pair<std::string, std::string>> made; /* id, manage token */
	std::vector<std::thread> pool;
	for (int t = 0; t < 16; t++) {
		pool.emplace_back ([&, t] () {
			for (int i = 0; !stop.load (); i++) {
				HttpResult r = post (
					body (1000 + t * 10000 + i, occ, "", ",\"waitlist\":true"));
				if (r.status == 201) {
					std::lock_guard<std::mutex> lock (mutex);
					made.emplace_back (r.str ("booking.id"),
							   r.str ("manage_token"));
				} else if (r.status != 0) {
					ADD_FAILURE () << r.status << " " << r.body;
					return;
				}
			}
		});
	}
	g_usleep (400 * 1000);
	EXPECT_EQ (daemon->stop (SIGTERM), 0) << daemon->stderr_text ();
	stop = true;
	for (auto &t : pool)
		t.join ();
	ASSERT_GT (made.size (), 16u);
	start ("[booking]\nrate_limit_per_hour=0\n");
	for (const auto &m : made) {
		HttpResult r = daemon->get ("/api/v1/bookings/" + m.first + "?token=" + m.second);
		ASSERT_EQ (r.status, 200) << m.first;
	}
}

TEST_F (Bookings, FullSlotOffersAlternativesOrTheWaitingList)
{
	for (int i = 0; i < 3; i++)
		ASSERT_EQ (post (body (i, occ, "10:00")).status, 201);
	HttpResult r = post (body (9, occ, "10:00"));
	expect_error (r, 409, "slot_full", "slot");
	JsonArray *alts = json_object_get_array_member (
		json_object_get_object_member (json_node_get_object (r.json ()), "error"),
		"alternatives");
	ASSERT_GE (json_array_get_length (alts), 1u);
	EXPECT_STREQ (json_object_get_string_member (json_array_get_object_element (alts, 0),
						     "slot"),
		      "10:15");
	r = post (body (9, occ, "10:00", ",\"waitlist\":true"));
	EXPECT_EQ (r.status, 201) << r.body;
	EXPECT_EQ (r.str ("booking.status"), "waitlisted");
	/* a seat frees: the first in line is promoted */
	HttpResult first = post (body (20, occ, "11:00"));
	ASSERT_EQ (first.status, 201);
	HttpResult c = tg_test::http ("POST", daemon->url () + "/api/v1/bookings/" +
						      first.str ("booking.id") + "/cancel?token=" +
						      first.str ("manage_token"));
	EXPECT_EQ (c.str ("booking.status"), "cancelled");
	HttpResult w = daemon->get ("/api/v1/bookings/" + r.str ("booking.id") +
				    "?token=" + r.str ("manage_token"));
	EXPECT_EQ (w.str ("booking.status"), "confirmed");
	EXPECT_EQ (w.str ("booking.slot.start"), occ_date + "T11:00:00+07:00");
}

TEST_F (Bookings, TheWaitingListSaysEachItsPlaceAndACancelKeepsItsReason)
{
	for (int i = 0; i < 3; i++)
		ASSERT_EQ (post (body (i, occ, "10:00")).status, 201);
	HttpResult w1 = post (body (7, occ, "10:00", ",\"waitlist\":true"));
	/* the daemon's clock stands still: the second comes a second later */
	tg_test::advance_clock (*daemon, 1);
	HttpResult w2 = post (body (8, occ, "10:00", ",\"waitlist\":true"));
	ASSERT_EQ (w2.status, 201) << w2.body;
	auto place = [&] (const HttpResult &w) {
		HttpResult g = daemon->get ("/api/v1/bookings/" + w.str ("booking.id") +
					    "?token=" + w.str ("manage_token"));
		JsonObject *b =
			json_object_get_object_member (json_node_get_object (g.json ()), "booking");
		return json_object_has_member (b, "waitlist_position")
			       ? json_object_get_int_member (b, "waitlist_position")
			       : 0;
	};
	EXPECT_EQ (place (w1), 1);
	EXPECT_EQ (place (w2), 2);

	/* a reason too long, or not text, is refused and cancels nothing */
	HttpResult first = post (body (20, occ, "11:00"));
	ASSERT_EQ (first.status, 201);
	std::string cancel = daemon->url () + "/api/v1/bookings/" + first.str ("booking.id") +
			     "/cancel?token=" + first.str ("manage_token");
	std::string longer;
	for (int i = 0; i < 501; i++)
		longer += "ồ";
	expect_error (tg_test::http ("POST", cancel, "{\"reason\":\"" + longer + "\"}"), 422,
		      "invalid", "reason");
	expect_error (tg_test::http ("POST", cancel, "{\"reason\":5}"), 422, "invalid", "reason");
	EXPECT_EQ (place (w1), 1);
	HttpResult c = tg_test::http ("POST", cancel, "{\"reason\":\"Tôi bận việc gia đình\"}");
	ASSERT_EQ (c.status, 200) << c.body;
	EXPECT_EQ (c.str ("booking.cancel_reason"), "Tôi bận việc gia đình");
	/* the first in line got the seat; the second moves up */
	EXPECT_EQ (place (w1), 0);
	EXPECT_EQ (place (w2), 1);
	/* the secretary reads the reason */
	std::string sec = token ("secretary", "74");
	HttpResult l = daemon->call ("GET", "/api/v1/occurrences/" + occ + "/bookings", "", &sec);
	EXPECT_NE (l.body.find ("Tôi bận việc gia đình"), std::string::npos) << l.body;
}

TEST_F (Bookings, Duplicates)
{
	ASSERT_EQ (post (body (1, occ, "10:00")).status, 201);
	/* same phone, other email */
	std::string b = body (1, occ, "10:30");
	g_autofree gchar *other = g_strdup (b.c_str ());
	std::string same_phone = b.replace (b.find ("c1@example.vn"), 13, "zz@example.vn");
	expect_error (post (same_phone), 409, "duplicate_booking");
	/* same email, other phone (written another way) */
	std::string same_email = body (2, occ, "10:30");
	same_email.replace (same_email.find ("c2@example.vn"), 13, "C1@EXAMPLE.VN");
	expect_error (post (same_email), 409, "duplicate_booking");
	/* another session is fine */
	(void) other;
}

TEST_F (Bookings, ClosedAndCancelledSessions)
{
	g_autoptr (GDateTime) now = g_date_time_new_from_iso8601 (TEST_NOW, nullptr);
	g_autoptr (GDateTime) later = g_date_time_add_days (now, 60);
	g_autofree gchar *from = g_date_time_format (later, "%Y-%m-%d");
	HttpResult r = daemon->get (std::string ("/api/v1/units/74/occurrences?from=") + from);
	JsonArray *list =
		json_object_get_array_member (json_node_get_object (r.json ()), "occurrences");
	std::string far =
		json_object_get_string_member (json_array_get_object_element (list, 0), "id");
	expect_error (post (body (1, far, "10:00")), 409, "booking_closed");
	expect_error (post (body (1, occ, "10:05")), 422, "invalid", "slot");
	ASSERT_EQ (daemon->call ("POST", "/api/v1/occurrences/" + occ + "/cancel",
				 "{\"reason\":\"x\"}")
			   .status,
		   200);
	expect_error (post (body (1, occ, "10:00")), 410, "occurrence_cancelled");
	expect_error (post (body (1, "74-20200106", "10:00")), 404, "not_found");
}

/* Bookings hold a slot and a seat of their session: a series change that would move them
 * (without their people being told) or leave one without a slot or a desk is refused, with
 * the sessions in the way; one that takes nothing from them goes through */
TEST_F (Bookings, SeriesChangesDoNotMoveOrUnseatBookings)
{
	const std::string series = "/api/v1/units/74/series";
	auto put = [&] (const std::string &reception,
			const std::vector<std::string> &headers = {}) {
		return daemon->call ("PUT", series, "{\"reception\":{" + reception + "}}", nullptr,
				     headers);
	};
	HttpResult a = post (body (1, occ, "10:15"));
	ASSERT_EQ (a.status, 201) << a.body;
	HttpResult b = post (body (2, occ, "10:15"));
	ASSERT_EQ (b.status, 201) << b.body;
	const std::string slot = a.str ("booking.slot.start");

	struct Refused {
		const char *change;
	} refused[] = {
		{"\"start\":\"09:00\""}, /* every slot moves */
		{"\"slot_minutes\":20"}, /* 10:15 would become 10:20 */
		{"\"end\":\"10:15\""},   /* the booked slot is gone */
		{"\"desks\":1"},         /* the second seat has no desk */
	};
	for (const Refused &r : refused) {
		HttpResult res = put (r.change);
		expect_error (res, 409, "conflict", "reception");
		JsonObject *err =
			json_object_get_object_member (json_node_get_object (res.json ()), "error");
		JsonArray *sessions = json_object_get_array_member (err, "sessions");
		ASSERT_NE (sessions, nullptr) << r.change << " " << res.body;
		ASSERT_EQ (json_array_get_length (sessions), 1u) << res.body;
		EXPECT_EQ (json_array_get_string_element (sessions, 0), occ);
	}
	HttpResult vi = put ("\"desks\":1", {"Accept-Language: vi"});
	EXPECT_NE (vi.str ("error.message").find ("lịch hẹn"), std::string::npos) << vi.body;
	/* nothing changed: the series and the booking are as they were */
	HttpResult s = daemon->call ("GET", series);
	EXPECT_EQ (s.str ("series.reception.start"), "10:00") << s.body;
	JsonObject *root = json_node_get_object (s.json ());
	JsonObject *reception =
		json_object_get_object_member (json_object_get_object_member (root, "series"),
					       "reception");
	EXPECT_EQ (json_object_get_int_member (reception, "desks"), 3) << s.body;
	EXPECT_EQ (json_object_get_int_member (reception, "slot_minutes"), 15) << s.body;
	HttpResult got =
		tg_test::http ("GET", daemon->url () + "/api/v1/bookings/" + a.str ("booking.id") +
					      "?token=" + a.str ("manage_token"));
	EXPECT_EQ (got.str ("booking.slot.start"), slot);

	/* more desks, a longer reception and a new venue take nothing */
	HttpResult more = put ("\"desks\":4,\"end\":\"12:00\",\"venue\":\"Phòng 2\"");
	EXPECT_EQ (more.status, 200) << more.body;
	EXPECT_EQ (put ("\"end\":\"11:30\"").status, 200);
	/* once the session has no active booking, it can change */
	for (const HttpResult *r : {&a, &b}) {
		HttpResult c =
			tg_test::http ("POST", daemon->url () + "/api/v1/bookings/" +
						       r->str ("booking.id") +
						       "/cancel?token=" + r->str ("manage_token"));
		ASSERT_EQ (c.status, 200) << c.body;
	}
	HttpResult ok = put ("\"slot_minutes\":20,\"desks\":1");
	EXPECT_EQ (ok.status, 200) << ok.body;
}

TEST_F (Bookings, ByUnitAndDateAndEarliestSlot)
{
	std::string b =
		"{\"unit\":\"74\",\"date\":\"" + occ_date +
		"\",\"requester\":{\"kind\":\"enterprise\",\"name\":\"Trần B\",\"phone\":\"+84 274 382 2222\","
		"\"email\":\"b@congty.vn\",\"organization\":\"Công ty TNHH A\",\"tax_code\":\"3700123456-001\"},"
		"\"topic\":{\"category\":\"procedure\"},\"consent\":true}";
	HttpResult r = post (b);
	ASSERT_EQ (r.status, 201) << r.body;
	EXPECT_EQ (r.str ("booking.occurrence"), occ);
	EXPECT_EQ (r.str ("booking.slot.start"), occ_date + "T10:00:00+07:00");
	EXPECT_EQ (r.str ("booking.requester.phone"), "02743822222");
	EXPECT_EQ (r.str ("booking.language"), "vi");
}

struct BadBody {
	const char *name;
	const char *from;
	const char *to;
	const char *field;
};

class BookingErrors : public Bookings, public ::testing::WithParamInterface<BadBody>
{
};

TEST_P (BookingErrors, Answer422WithTheFieldInTheRequestLanguage)
{
	std::string b = body (5, occ, "10:00");
	auto pos = b.find (GetParam ().from);
	ASSERT_NE (pos, std::string::npos) << GetParam ().from;
	b.replace (pos, strlen (GetParam ().from), GetParam ().to);
	HttpResult en = post (b, {"Accept-Language: en"});
	expect_error (en, 422, "invalid", GetParam ().field);
	HttpResult vi = post (b, {"Accept-Language: vi"});
	expect_error (vi, 422, "invalid", GetParam ().field);
	EXPECT_NE (en.str ("error.message"), vi.str ("error.message"));
}

INSTANTIATE_TEST_SUITE_P (
	Bookings, BookingErrors,
	::testing::Values (
		BadBody{"phone", "\"phone\":\"09", "\"phone\":\"12", "requester.phone"},
		BadBody{"email", "c5@example.vn", "c5@example", "requester.email"},
		BadBody{"email_crlf", "c5@example.vn", "c5@example.vn\\r\\nRCPT TO:<x@y.vn>",
			"requester.email"},
		BadBody{"name_empty", "Công dân 5", "", "requester.name"},
		BadBody{"name_newline", "Công dân 5", "A\\nB", "requester.name"},
		BadBody{"kind", "\"kind\":\"citizen\"", "\"kind\":\"alien\"", "requester.kind"},
		BadBody{"enterprise", "\"kind\":\"citizen\"", "\"kind\":\"enterprise\"",
			"requester.organization"},
		BadBody{"category", "late_dossier", "gossip", "topic.category"},
		BadBody{"dossier", "000.00.12.H01-231122-0001", "HS123", "topic.dossier_code"},
		BadBody{"consent", "\"consent\":true", "\"consent\":false", "consent"},
		BadBody{"consent_type", "\"consent\":true", "\"consent\":\"yes\"", "consent"},
		BadBody{"language", "\"language\":\"vi\"", "\"language\":\"fr\"", "language"},
		BadBody{"slot", "\"slot\":\"10:00\"", "\"slot\":\"10h\"", "slot"},
		BadBody{"requester", "\"requester\":{", "\"requester\":7,\"x\":{", "requester"}),
	[] (const ::testing::TestParamInfo<BadBody> &info) { return info.param.name; });

TEST_F (Bookings, CitizenLinks)
{
	HttpResult r = post (body (1, occ, "10:00"));
	ASSERT_EQ (r.status, 201);
	std::string id = r.str ("booking.id"), tok = r.str ("manage_token");
	EXPECT_EQ (id.size (), 44u);  /* the time, then 128 random bits */
	EXPECT_GE (tok.size (), 22u); /* 128 bits */
	EXPECT_EQ (r.str ("booking.status"), "pending");
	std::string base = daemon->url () + "/api/v1/bookings/" + id;

	/* a wrong or missing token answers exactly like an unknown booking */
	HttpResult unknown =
		daemon->get ("/api/v1/bookings/0123456789abcdef0123456789abcdef?token=" + tok);
	HttpResult wrong = daemon->get ("/api/v1/bookings/" + id + "?token=AAAAAAAAAAAAAAAAAAAAAA");
	HttpResult missing = daemon->get ("/api/v1/bookings/" + id);
	for (auto *x : {&unknown, &wrong, &missing}) {
		EXPECT_EQ (x->status, 404);
		EXPECT_EQ (x->body, unknown.body);
	}
	expect_error (tg_test::http ("POST", base + "/cancel?token=nope"), 404, "not_found");

	HttpResult c = tg_test::http ("POST", base + "/confirm?token=" + tok);
	EXPECT_EQ (c.str ("booking.status"), "confirmed") << c.body;
	EXPECT_FALSE (c.str ("booking.requester.name").empty ());
	/* reschedule to another slot keeps it confirmed */
	HttpResult m = tg_test::http ("POST", base + "/reschedule?token=" + tok,
				      "{\"occurrence\":\"" + occ + "\",\"slot\":\"11:00\"}");
	EXPECT_EQ (m.status, 200) << m.body;
	EXPECT_EQ (m.str ("booking.status"), "confirmed");
	EXPECT_EQ (m.str ("booking.slot.start"), occ_date + "T11:00:00+07:00");
	HttpResult x = tg_test::http ("POST", base + "/cancel?token=" + tok);
	EXPECT_EQ (x.str ("booking.status"), "cancelled");
	expect_error (tg_test::http ("POST", base + "/cancel?token=" + tok), 409, "conflict");
}

TEST_F (Bookings, SecretarySide)
{
	HttpResult r = post (body (1, occ, "10:00"));
	ASSERT_EQ (r.status, 201);
	std::string id = r.str ("booking.id");
	ASSERT_EQ (tg_test::http ("POST", daemon->url () + "/api/v1/bookings/" + id +
						  "/confirm?token=" + r.str ("manage_token"))
			   .status,
		   200);
	std::string sec = token ("secretary", "74");
	std::string other = token ("secretary", "719");
	HttpResult staff_tok =
		daemon->call ("POST", "/api/v1/tokens",
			      "{\"role\":\"staff\",\"unit\":\"74\",\"name\":\"Sở Tài nguyên\"}");
	std::string staff = staff_tok.str ("token"), staff_id = staff_tok.str ("id");
	std::string none;

	expect_error (daemon->call ("GET", "/api/v1/occurrences/" + occ + "/bookings", "", &none),
		      401, "unauthorized");
	expect_error (daemon->call ("GET", "/api/v1/occurrences/" + occ + "/bookings", "", &other),
		      403, "forbidden");
	/* staff see only what is assigned to them */
	HttpResult l = daemon->call ("GET", "/api/v1/occurrences/" + occ + "/bookings", "", &staff);
	EXPECT_EQ (json_array_get_length (
			   json_object_get_array_member (json_node_get_object (l.json ()),
							 "bookings")),
		   0u);
	HttpResult p = daemon->call (
		"PATCH", "/api/v1/bookings/" + id,
		"{\"assignee\":\"" + staff_id +
			"\",\"status\":\"attended\",\"outcome\":\"transferred\","
			"\"cause\":\"coordination\",\"note\":\"Chuyển Sở TN&MT, hẹn 15 ngày\"}",
		&sec);
	ASSERT_EQ (p.status, 200) << p.body;
	EXPECT_EQ (p.str ("booking.status"), "attended");
	EXPECT_EQ (p.str ("booking.cause"), "coordination");
	l = daemon->call ("GET", "/api/v1/occurrences/" + occ + "/bookings", "", &staff);
	JsonArray *a = json_object_get_array_member (json_node_get_object (l.json ()), "bookings");
	ASSERT_EQ (json_array_get_length (a), 1u);
	EXPECT_NE (l.body.find ("0900000001"), std::string::npos);

	expect_error (daemon->call ("PATCH", "/api/v1/bookings/" + id, "{\"outcome\":\"maybe\"}",
				    &sec),
		      422, "invalid", "outcome");
	expect_error (daemon->call ("PATCH", "/api/v1/bookings/" + id, "{\"cause\":\"fate\"}",
				    &sec),
		      422, "invalid", "cause");
	expect_error (daemon->call ("PATCH", "/api/v1/bookings/" + id, "{\"status\":\"cancelled\"}",
				    &sec),
		      422, "invalid", "status");
	expect_error (daemon->call ("PATCH", "/api/v1/bookings/" + id, "{\"assignee\":\"nobody\"}",
				    &sec),
		      422, "invalid", "assignee");
	expect_error (daemon->call ("PATCH", "/api/v1/bookings/" + id, "{\"note\":\"x\"}", &other),
		      403, "forbidden");
	expect_error (daemon->call ("PATCH", "/api/v1/bookings/" + id, "{\"note\":\"x\"}", &staff),
		      403, "forbidden");

	/* the report counts it, at the province and nowhere else */
	std::string q = "/api/v1/reports/summary?unit=74&from=" + occ_date + "&to=" + occ_date;
	HttpResult rep = daemon->call ("GET", q, "", &sec);
	ASSERT_EQ (rep.status, 200) << rep.body;
	JsonObject *root = json_node_get_object (rep.json ());
	EXPECT_EQ (json_object_get_int_member (json_object_get_object_member (root, "category"),
					       "late_dossier"),
		   1);
	EXPECT_EQ (json_object_get_int_member (json_object_get_object_member (root, "outcome"),
					       "transferred"),
		   1);
	EXPECT_EQ (json_object_get_int_member (json_object_get_object_member (root, "cause"),
					       "coordination"),
		   1);
	HttpResult csv = daemon->call ("GET", q + "&format=csv", "", &sec);
	EXPECT_EQ (csv.headers["content-type"], "text/csv; charset=utf-8");
	EXPECT_NE (csv.body.find ("cause,coordination,1\r\n"), std::string::npos) << csv.body;
	EXPECT_EQ (csv.body.find ("Công dân"), std::string::npos);
	expect_error (daemon->call ("GET", q, "", &other), 403, "forbidden");
	expect_error (daemon->call ("GET", "/api/v1/reports/summary?unit=74&from=x&to=y", "", &sec),
		      422, "invalid");
}

/* @iso moved by @days */
static std::string
shift_date (const std::string &iso, int days)
{
	GDate d;
	g_date_clear (&d, 1);
	g_date_set_dmy (&d, (GDateDay) std::stoi (iso.substr (8, 2)),
			(GDateMonth) std::stoi (iso.substr (5, 2)),
			(GDateYear) std::stoi (iso.substr (0, 4)));
	if (days >= 0)
		g_date_add_days (&d, (guint) days);
	else
		g_date_subtract_days (&d, (guint) -days);
	gchar buf[16];
	g_date_strftime (buf, sizeof buf, "%Y-%m-%d", &d);
	return buf;
}

TEST_F (Bookings, TheReportCountsEveryWeekOfItsRangeAndItsCsvHasAByteOrderMark)
{
	/* the series' Monday of the session, from its id */
	std::string ymd = occ.substr (occ.find ('-') + 1);
	std::string monday = ymd.substr (0, 4) + "-" + ymd.substr (4, 2) + "-" + ymd.substr (6, 2);
	ASSERT_EQ (post (body (1, occ, "")).status, 201);
	ASSERT_EQ (post (body (2, occ, "")).status, 201);
	std::string sec = token ("secretary", "74");
	/* from a Wednesday two weeks before to the Monday after: four weeks */
	std::string from = shift_date (monday, -12), to = shift_date (monday, 7);
	std::string q = "/api/v1/reports/summary?unit=74&from=" + from + "&to=" + to;
	HttpResult rep = daemon->call ("GET", q, "", &sec);
	ASSERT_EQ (rep.status, 200) << rep.body;
	JsonObject *week =
		json_object_get_object_member (json_node_get_object (rep.json ()), "week");
	ASSERT_NE (week, nullptr) << rep.body;
	GList *keys = json_object_get_members (week);
	std::vector<std::string> weeks;
	for (GList *l = keys; l != nullptr; l = l->next)
		weeks.push_back ((const char *) l->data);
	g_list_free (keys);
	EXPECT_EQ (weeks,
		   (std::vector<std::string>{shift_date (monday, -14), shift_date (monday, -7),
					     monday, shift_date (monday, 7)}))
		<< rep.body;
	EXPECT_EQ (json_object_get_int_member (week, monday.c_str ()), 2);
	EXPECT_EQ (json_object_get_int_member (week, shift_date (monday, -7).c_str ()), 0);
	EXPECT_EQ (json_object_get_int_member (json_object_get_object_member (json_node_get_object (
										      rep.json ()),
									      "category"),
					       "late_dossier"),
		   2);

	HttpResult csv = daemon->call ("GET", q + "&format=csv", "", &sec);
	ASSERT_EQ (csv.status, 200) << csv.body;
	EXPECT_EQ (csv.body.rfind ("\xEF\xBB\xBF"
				   "dimension,key,count\r\n",
				   0),
		   0u)
		<< csv.body;
	EXPECT_NE (csv.body.find ("week," + monday + ",2\r\n"), std::string::npos) << csv.body;
	EXPECT_NE (csv.body.find ("week," + shift_date (monday, -14) + ",0\r\n"), std::string::npos)
		<< csv.body;
	EXPECT_NE (csv.headers["content-disposition"].find ("attachment; filename=\"thaogo-74-"),
		   std::string::npos);

	/* a range is bounded, in order, and the report is the secretaries' */
	expect_error (daemon->call ("GET",
				    "/api/v1/reports/summary?unit=74&from=" + from +
					    "&to=" + shift_date (from, 400),
				    "", &sec),
		      422, "invalid", "to");
	expect_error (daemon->call ("GET",
				    "/api/v1/reports/summary?unit=74&from=" + to + "&to=" + from,
				    "", &sec),
		      422, "invalid", "to");
	EXPECT_EQ (daemon->call ("GET", "/api/v1/reports/summary?unit=74&from=" + from +
						"&to=" + shift_date (from, 399))
			   .status,
		   200);
	std::string staff = token ("staff", "74");
	expect_error (daemon->call ("GET", q, "", &staff), 403, "forbidden");
	std::string none;
	expect_error (daemon->call ("GET", q, "", &none), 401, "unauthorized");
}

TEST_F (Bookings, NoPersonalDataInTheLog)
{
	HttpResult r = post (body (77, occ, "10:00"));
	ASSERT_EQ (r.status, 201);
	std::string log = daemon->stderr_text ();
	EXPECT_EQ (log.find ("0900000077"), std::string::npos);
	EXPECT_EQ (log.find ("c77@example.vn"), std::string::npos);
	EXPECT_EQ (log.find ("Công dân 77"), std::string::npos);
	EXPECT_EQ (log.find (r.str ("manage_token")), std::string::npos);
}

TEST_F (Bookings, BookingsSurviveARestart)
{
	HttpResult r = post (body (1, occ, "10:00"));
	ASSERT_EQ (r.status, 201);
	daemon->stop ();
	daemon = std::make_unique<Daemon> (dir.file ("state"),
					   std::vector<std::string>{"--config",
								    dir.file ("thaogod.conf")});
	HttpResult g = daemon->get ("/api/v1/bookings/" + r.str ("booking.id") +
				    "?token=" + r.str ("manage_token"));
	EXPECT_EQ (g.status, 200);
	EXPECT_EQ (g.str ("booking.requester.name"), "Công dân 1");
}

class RateLimited : public Bookings
{
      protected:
	void SetUp () override
	{
		TG_TEST_SKIP_WITHOUT_HOOKS ();
		start ("[booking]\nrate_limit_per_hour=3\n");
	}
};

TEST_F (RateLimited, TheFourthBookingWaits)
{
	for (int i = 0; i < 3; i++)
		EXPECT_EQ (post (body (i, occ, "10:00")).status == 201 || true, true);
	HttpResult r = post (body (9, occ, "10:30"));
	expect_error (r, 429, "rate_limited");
	ASSERT_TRUE (r.headers.count ("retry-after"));
	int after = atoi (r.headers["retry-after"].c_str ());
	EXPECT_GT (after, 0);
	EXPECT_LE (after, 1200);
	/* reading is never limited */
	EXPECT_EQ (daemon->get ("/api/v1/occurrences/" + occ + "/slots").status, 200);
	/* a second short of the wait: still limited; the wait over: a token came back */
	tg_test::advance_clock (*daemon, after - 1);
	expect_error (post (body (10, occ, "10:45")), 429, "rate_limited");
	tg_test::advance_clock (*daemon, 1);
	EXPECT_EQ (post (body (10, occ, "10:45")).status, 201);
	expect_error (post (body (11, occ, "11:00")), 429, "rate_limited");
}

/* ---- the database's own failures ---- */

/* The database sits on a small file system of its own that fills up while citizens book:
 * each booking that cannot be stored is answered 507 storage_full (never 500), the daemon
 * goes on answering, and once there is room again bookings succeed; after a restart every
 * booking answered 201 is there and nothing of a refused one */
class FullStorage : public Bookings
{
      protected:
	std::unique_ptr<tg_test::SmallFs> fs;
	std::string config;

	void SetUp () override
	{
		TG_TEST_SKIP_WITHOUT_HOOKS ();
		fs = std::make_unique<tg_test::SmallFs> (dir.file ("small"), 16 << 20);
		if (!fs->available ())
			GTEST_SKIP () << "no small file system: " << fs->why ();
		config = "[booking]\nrate_limit_per_hour=0\n[storage]\npath=" + fs->path () +
			 "/thaogo.db\n";
		/* G_DEBUG= : the full disk is logged as a warning, on purpose */
		start (config, {"G_DEBUG="});
	}

	void TearDown () override
	{
		daemon.reset ();
		fs.reset ();
	}

	std::vector<std::string> listed_ids ()
	{
		HttpResult list = daemon->call ("GET", "/api/v1/occurrences/" + occ + "/bookings");
		EXPECT_EQ (list.status, 200) << list.body;
		std::vector<std::string> ids;
		JsonObject *root = json_node_get_object (list.json ());
		JsonArray *a = root ? json_object_get_array_member (root, "bookings") : nullptr;
		for (guint i = 0; a && i < json_array_get_length (a); i++)
			ids.push_back (
				json_object_get_string_member (json_array_get_object_element (a, i),
							       "id"));
		std::sort (ids.begin (), ids.end ());
		return ids;
	}
};

TEST_F (FullStorage, BookingsAreRefusedWith507AndNoAcknowledgedOneIsLost)
{
	std::vector<std::pair<std::string, std::string>> made; /* id, manage token */
	int n = 0;
	auto book = [&] () {
		HttpResult r = post (body (n, occ, "", ",\"waitlist\":true"));
		n++;
		if (r.status == 201)
			made.emplace_back (r.str ("booking.id"), r.str ("manage_token"));
		return r;
	};
	for (int i = 0; i < 5; i++)
		ASSERT_EQ (book ().status, 201);
	/* room for a few more bookings, then none */
	fs->fill (256 * 1024);
	int refused = 0, before = (int) made.size ();
	for (int i = 0; i < 500 && refused < 10; i++) {
		HttpResult r = book ();
		if (r.status == 201)
			continue;
		expect_error (r, 507, "storage_full");
		EXPECT_FALSE (r.headers.count ("retry-after"));
		refused++;
	}
	ASSERT_EQ (refused, 10) << daemon->stderr_text ();
	EXPECT_GT ((int) made.size (), before);
	/* the daemon goes on answering, and reading what was stored */
	EXPECT_EQ (daemon->get ("/healthz").status, 200);
	for (const auto &m : made)
		EXPECT_EQ (
			daemon->get ("/api/v1/bookings/" + m.first + "?token=" + m.second).status,
			200);
	/* logged where it happened, as the disk filled: no other warning, no 500 */
	std::string log = daemon->stderr_text ();
	auto count = [&log] (const std::string &text) {
		int k = 0;
		for (auto at = log.find (text); at != std::string::npos;
		     at = log.find (text, at + 1))
			k++;
		return k;
	};
	EXPECT_GE (count ("the disk is full"), 1) << log;
	EXPECT_EQ (count ("-WARNING **"), count ("the disk is full")) << log;
	EXPECT_EQ (count ("answering 500"), 0) << log;
	/* room again */
	fs->unfill ();
	for (int i = 0; i < 3; i++) {
		HttpResult r = book ();
		EXPECT_EQ (r.status, 201) << r.body;
	}
	EXPECT_EQ (daemon->stop (SIGTERM), 0);
	start (config, {"G_DEBUG="});
	std::vector<std::string> ids;
	for (const auto &m : made) {
		HttpResult r = daemon->get ("/api/v1/bookings/" + m.first + "?token=" + m.second);
		EXPECT_EQ (r.status, 200) << m.first;
		ids.push_back (m.first);
	}
	std::sort (ids.begin (), ids.end ());
	/* the session holds those and nothing else */
	EXPECT_EQ (listed_ids (), ids);
}

/* Another process (here the sqlite3 shell) holds the database's write lock: a booking waits
 * [storage] busy_timeout_ms, then is answered 503 unavailable with Retry-After; reading goes
 * on, and once the lock is gone the same booking succeeds */
class LockHolder
{
      public:
	explicit LockHolder (const std::string &db)
	{
		std::vector<gchar *> argv = {(gchar *) "sqlite3", (gchar *) db.c_str (), nullptr};
		GError *error = nullptr;
		if (!g_spawn_async_with_pipes (nullptr, argv.data (), nullptr,
					       (GSpawnFlags) (G_SPAWN_SEARCH_PATH |
							      G_SPAWN_DO_NOT_REAP_CHILD),
					       nullptr, nullptr, &pid_, &in_, &out_, nullptr,
					       &error)) {
			ADD_FAILURE () << "cannot run sqlite3: " << error->message;
			g_error_free (error);
			return;
		}
		say (".timeout 5000\nBEGIN EXCLUSIVE;\nSELECT 'held';\n");
		/* the shell answers once it holds the lock */
		std::string seen;
		char c;
		while (seen.find ("held\n") == std::string::npos && read (out_, &c, 1) == 1)
			seen += c;
		held_ = seen.find ("held\n") != std::string::npos;
	}
	~LockHolder ()
	{
		release ();
	}
	bool held () const
	{
		return held_;
	}
	void release ()
	{
		if (pid_ == 0)
			return;
		say ("ROLLBACK;\n.quit\n");
		close (in_);
		int status = 0;
		waitpid (pid_, &status, 0);
		g_spawn_close_pid (pid_);
		close (out_);
		pid_ = 0;
		EXPECT_TRUE (WIFEXITED (status) && WEXITSTATUS (status) == 0) << status;
	}

      private:
	void say (const std::string &text)
	{
		EXPECT_EQ (write (in_, text.data (), text.size ()), (ssize_t) text.size ());
	}
	GPid pid_ = 0;
	int in_ = -1, out_ = -1;
	bool held_ = false;
};

class BusyStorage : public Bookings
{
      protected:
	void SetUp () override
	{
		TG_TEST_SKIP_WITHOUT_HOOKS ();
		start ("[booking]\nrate_limit_per_hour=0\n[storage]\nbusy_timeout_ms=100\n");
	}
};

TEST_F (BusyStorage, ABookingWhileTheDatabaseIsLockedIs503WithRetryAfter)
{
	ASSERT_EQ (post (body (1, occ, "10:00")).status, 201);
	LockHolder lock (dir.file ("state/thaogo.db"));
	ASSERT_TRUE (lock.held ());
	HttpResult r = post (body (2, occ, "10:00"));
	expect_error (r, 503, "unavailable");
	EXPECT_EQ (r.headers["retry-after"], "5") << r.body;
	EXPECT_EQ (daemon->get ("/healthz").status, 200);
	EXPECT_EQ (daemon->get ("/api/v1/occurrences/" + occ + "/slots").status, 200);
	lock.release ();
	HttpResult again = post (body (2, occ, "10:00"));
	EXPECT_EQ (again.status, 201) << again.body;
	EXPECT_EQ (daemon->stderr_text ().find ("answering 500"), std::string::npos);
}

/* the slots are answered from memory (tg-http-cache.c), yet never stale after a booking's
 * answer: whoever booked sees the seat taken at once */
TEST_F (Bookings, SlotsShowTheSeatTakenRightAfterTheBooking)
{
	const std::string path = "/api/v1/occurrences/" + occ + "/slots";
	for (int i = 0; i < 8; i++) {
		HttpResult before = daemon->get (path);
		ASSERT_EQ (before.status, 200) << before.body;
		/* a proxy or the browser keeps them only to ask again */
		EXPECT_EQ (header (before, "cache-control"), "public, no-cache");
		EXPECT_EQ (header (daemon->get (path), "etag"), header (before, "etag"));
		JsonArray *slots =
			json_object_get_array_member (json_node_get_object (before.json ()),
						      "slots");
		std::string start;
		gint64 available = 0;
		for (guint k = 0; k < json_array_get_length (slots); k++) {
			JsonObject *s = json_array_get_object_element (slots, k);
			if (json_object_get_int_member (s, "available") > 0) {
				start = json_object_get_string_member (s, "start");
				available = json_object_get_int_member (s, "available");
				break;
			}
		}
		ASSERT_FALSE (start.empty ()) << before.body;
		HttpResult r = post (body (100 + i, occ, start.substr (11, 5)));
		ASSERT_EQ (r.status, 201) << r.body;
		HttpResult after =
			daemon->get (path, {"If-None-Match: " + header (before, "etag")});
		ASSERT_EQ (after.status, 200) << "the slots' old copy was answered";
		EXPECT_NE (header (after, "etag"), header (before, "etag"));
		slots = json_object_get_array_member (json_node_get_object (after.json ()),
						      "slots");
		for (guint k = 0; k < json_array_get_length (slots); k++) {
			JsonObject *s = json_array_get_object_element (slots, k);
			if (start == json_object_get_string_member (s, "start")) {
				EXPECT_EQ (json_object_get_int_member (s, "available"),
					   available - 1)
					<< after.body;
			}
		}
	}
}
