/* test-secretary.cc: the secretary's pages against the real daemon: a session's bookings as
 * CSV (UTF-8 with a byte order mark, quoted, secretaries only), the count of the people a
 * cancel or a move tells, the tokens a booking may be assigned to, the pages' addresses and
 * sources; then the Mondays and bookings pages in a real browser (tests/web/secretary.mjs) */
#include <gtest/gtest.h>

#include <set>

#include "tg-test.hh"

using tg_test::Daemon;
using tg_test::header;
using tg_test::HttpResult;

class Secretary : public ::testing::Test
{
      protected:
	tg_test::TempDir dir;
	std::unique_ptr<Daemon> daemon;

	void start (const std::string &config = "")
	{
		std::string path = tg_test::write_config (
			dir,
			"[booking]\nrate_limit_per_hour=0\nrequire_email_confirmation=false\n" +
				config);
		daemon = std::make_unique<Daemon> (dir.file ("state"),
						   std::vector<std::string>{"--demo", "--config",
									    path});
	}
	void SetUp () override
	{
		start ();
	}

	std::pair<std::string, std::string> token (const std::string &role, const std::string &unit,
						   const std::string &name = "Lê Thị B")
	{
		HttpResult r = daemon->call ("POST", "/api/v1/tokens",
					     "{\"role\":\"" + role + "\",\"unit\":\"" + unit +
						     "\",\"name\":\"" + name + "\"}");
		EXPECT_EQ (r.status, 201) << r.body;
		return {r.str ("id"), r.str ("token")};
	}
	/* the @n-th scheduled occurrence of @unit from 3 days on */
	std::string coming (const std::string &unit, guint n = 0)
	{
		return tg_test::coming_occurrence (*daemon, unit, n);
	}
	std::string book (const std::string &occ, const std::string &name, const std::string &phone,
			  const std::string &email, const std::string &category = "late_dossier",
			  const std::string &summary = "Hồ sơ đất trễ hạn")
	{
		HttpResult b = tg_test::http (
			"POST", daemon->url () + "/api/v1/bookings",
			"{\"occurrence\":\"" + occ +
				"\",\"requester\":{\"kind\":\"citizen\",\"name\":\"" + name +
				"\",\"phone\":\"" + phone + "\",\"email\":\"" + email +
				"\"},\"topic\":{\"category\":\"" + category +
				"\",\"dossier_code\":\"000.00.12.H01-231122-0001\",\"summary\":\"" +
				summary + "\"},\"language\":\"vi\",\"consent\":true}");
		EXPECT_EQ (b.status, 201) << b.body;
		return b.str ("booking.id");
	}
};

TEST_F (Secretary, TheCsvOfASessionHasABomHeadingsAndQuotedFields)
{
	auto [id, secret] = token ("secretary", "74");
	std::string occ = coming ("718");
	book (occ, "Nguyễn Văn A", "0912345678", "a@example.vn", "late_dossier",
	      "Đất, \\\"trễ\\\" hạn\\nlần hai");
	book (occ, "Trần Thị Cúc", "0987654321", "c@example.vn", "procedure", "=1+2");
	HttpResult r =
		daemon->call ("GET", "/api/v1/occurrences/" + occ + "/bookings?format=csv&lang=vi",
			      "", &secret);
	ASSERT_EQ (r.status, 200) << r.body;
	EXPECT_EQ (header (r, "content-type"), "text/csv; charset=utf-8");
	EXPECT_EQ (header (r, "content-disposition"),
		   "attachment; filename=\"thaogo-" + occ + ".csv\"");
	EXPECT_EQ (header (r, "cache-control"), "no-store");
	ASSERT_EQ (r.body.rfind ("\xEF\xBB\xBF", 0), 0u);
	std::string first = r.body.substr (3, r.body.find ("\r\n") - 3);
	EXPECT_EQ (first, "Giờ,Số phiếu,Trạng thái,Loại,Họ và tên,Tổ chức,Mã số thuế,Số điện thoại,"
			  "Thư điện tử,Lĩnh vực,Mã hồ sơ,Nội dung,Người phụ trách,Kết quả,"
			  "Nhóm nguyên nhân,Ghi chú");
	EXPECT_NE (r.body.find (
			   ",1,Đã xác nhận,Công dân,Nguyễn Văn A,,,0912345678,a@example.vn,"
			   "Hồ sơ trễ hạn,000.00.12.H01-231122-0001,\"Đất, \"\"trễ\"\" hạn\nlần "
			   "hai\",,,,\r\n"),
		   std::string::npos)
		<< r.body;
	/* a value a spreadsheet would compute is written as text */
	EXPECT_NE (r.body.find (",'=1+2,"), std::string::npos) << r.body;
	EXPECT_EQ (std::count (r.body.begin (), r.body.end (), '\n'), 4) << r.body;
	/* English headings */
	r = daemon->call ("GET", "/api/v1/occurrences/" + occ + "/bookings?format=csv&lang=en", "",
			  &secret);
	EXPECT_EQ (r.body.substr (3, 20), "Time,Ticket,Status,K");
	/* its words too: the codes become what the page shows */
	EXPECT_NE (r.body.find (",1,Confirmed,A citizen,Nguyễn Văn A,"), std::string::npos)
		<< r.body;
	EXPECT_NE (r.body.find (",A late dossier,"), std::string::npos) << r.body;
	/* the phones are for the unit's secretaries only */
	auto [staff_id, staff] = token ("staff", "718");
	auto [other_id, other] = token ("secretary", "721");
	std::string none;
	EXPECT_EQ (daemon->call ("GET", "/api/v1/occurrences/" + occ + "/bookings?format=csv", "",
				 &staff)
			   .str ("error.code"),
		   "forbidden");
	EXPECT_EQ (daemon->call ("GET", "/api/v1/occurrences/" + occ + "/bookings?format=csv", "",
				 &other)
			   .status,
		   403);
	EXPECT_EQ (daemon->call ("GET", "/api/v1/occurrences/" + occ + "/bookings?format=csv", "",
				 &none)
			   .status,
		   401);
	EXPECT_EQ (daemon->call ("GET", "/api/v1/occurrences/" + occ + "/bookings?format=xml", "",
				 &secret)
			   .str ("error.field"),
		   "format");
}

TEST_F (Secretary, TheListCountsThePeopleToldAndTheAssigneesAreTheUnitsPeople)
{
	auto [id, secret] = token ("secretary", "718");
	std::string occ = coming ("718");
	std::string a = book (occ, "Nguyễn Văn A", "0912345678", "a@example.vn");
	std::string c = book (occ, "Trần Thị Cúc", "0987654321", "c@example.vn");
	HttpResult r =
		daemon->call ("GET", "/api/v1/occurrences/" + occ + "/bookings", "", &secret);
	ASSERT_EQ (r.status, 200) << r.body;
	EXPECT_EQ (json_object_get_int_member (json_node_get_object (r.json ()), "active"), 2);
	/* a booking that ended is no one to tell */
	ASSERT_EQ (
		daemon->call ("PATCH", "/api/v1/bookings/" + c, "{\"status\":\"attended\"}").status,
		200);
	r = daemon->call ("GET", "/api/v1/occurrences/" + occ + "/bookings", "", &secret);
	EXPECT_EQ (json_object_get_int_member (json_node_get_object (r.json ()), "active"), 1);
	/* staff see what is theirs, and no count */
	auto [staff_id, staff] = token ("staff", "718", "Phạm Văn D");
	r = daemon->call ("GET", "/api/v1/occurrences/" + occ + "/bookings", "", &staff);
	ASSERT_EQ (r.status, 200) << r.body;
	EXPECT_FALSE (json_object_has_member (json_node_get_object (r.json ()), "active"));

	/* the assignees: the unit's people and those above, valid, no admin */
	auto [prov_id, prov] = token ("secretary", "74", "Võ Thị E");
	auto [other_id, other] = token ("staff", "721", "Đỗ Văn G");
	auto [gone_id, gone] = token ("staff", "718", "Hồ Văn H");
	ASSERT_EQ (daemon->call ("DELETE", "/api/v1/tokens/" + gone_id).status, 204);
	r = daemon->call ("GET", "/api/v1/units/718/assignees", "", &secret);
	ASSERT_EQ (r.status, 200) << r.body;
	std::set<std::string> ids;
	JsonArray *list =
		json_object_get_array_member (json_node_get_object (r.json ()), "assignees");
	for (guint i = 0; i < json_array_get_length (list); i++) {
		JsonObject *o = json_array_get_object_element (list, i);
		ids.insert (json_object_get_string_member (o, "id"));
		EXPECT_TRUE (json_object_has_member (o, "name"));
		EXPECT_FALSE (json_object_has_member (o, "email"));
	}
	EXPECT_EQ (ids, (std::set<std::string>{id, staff_id, prov_id}));
	EXPECT_EQ (daemon->call ("GET", "/api/v1/units/718/assignees", "", &staff).status, 403);
	EXPECT_EQ (daemon->call ("GET", "/api/v1/units/74/assignees", "", &secret).status, 403);
	EXPECT_EQ (daemon->call ("GET", "/api/v1/units/99999/assignees", "", &secret).status, 404);
	/* each of them can be assigned */
	EXPECT_EQ (daemon->call ("PATCH", "/api/v1/bookings/" + a,
				 "{\"assignee\":\"" + prov_id + "\"}", &secret)
			   .status,
		   200);
	EXPECT_EQ (daemon->call ("PATCH", "/api/v1/bookings/" + a,
				 "{\"assignee\":\"" + other_id + "\"}", &secret)
			   .str ("error.field"),
		   "assignee");
}

TEST_F (Secretary, ASessionCookieSeesTheParticipants)
{
	auto [id, secret] = token ("secretary", "718");
	std::string occ = coming ("718");
	ASSERT_EQ (
		daemon->call ("PATCH", "/api/v1/occurrences/" + occ,
			      "{\"participants\":[{\"name\":\"Ngô Văn K\",\"email\":\"k@example.vn\"}]}",
			      &secret)
			.status,
		200);
	HttpResult s = tg_test::http ("POST", daemon->url () + "/api/v1/session",
				      "{\"token\":\"" + secret + "\"}",
				      {"Content-Type: application/json"});
	ASSERT_EQ (s.status, 201) << s.body;
	std::string c = header (s, "set-cookie");
	std::string cookie = c.substr (0, c.find (';'));
	HttpResult r = tg_test::http ("GET", daemon->url () + "/api/v1/occurrences/" + occ, "",
				      {"Cookie: " + cookie});
	EXPECT_NE (r.body.find ("Ngô Văn K"), std::string::npos) << r.body;
	/* the public, and a dead cookie, see none */
	EXPECT_EQ (daemon->get ("/api/v1/occurrences/" + occ).body.find ("Ngô Văn K"),
		   std::string::npos);
	r = tg_test::http (
		"GET", daemon->url () + "/api/v1/occurrences/" + occ, "",
		{"Cookie: thaogo_session=s_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"});
	EXPECT_EQ (r.status, 200) << r.body;
	EXPECT_EQ (r.body.find ("Ngô Văn K"), std::string::npos);
}

TEST_F (Secretary, ThePagesHaveTheirAddressesAndSecurityHeaders)
{
	for (const char *path :
	     {"/secretary", "/secretary?unit=718", "/secretary/718-20261214", "/js/secretary.js",
	      "/js/secretary-session.js", "/js/secretary-common.js"}) {
		HttpResult r = tg_test::http ("GET", daemon->url () + path);
		EXPECT_EQ (r.status, 200) << path;
		std::string csp = header (r, "content-security-policy");
		EXPECT_NE (csp.find ("frame-ancestors 'none'"), std::string::npos) << path;
		EXPECT_EQ (csp.find ("unsafe-inline"), std::string::npos) << path;
		EXPECT_EQ (header (r, "x-content-type-options"), "nosniff") << path;
	}
	EXPECT_NE (tg_test::http ("GET", daemon->url () + "/secretary/718-20261214?lang=en")
			   .body.find ("<html lang=\"en\">"),
		   std::string::npos);
	for (const char *path :
	     {"/secretary/718", "/secretary/x-20261214", "/secretary/718-2026121",
	      "/secretary.html", "/secretary-session.html"})
		EXPECT_EQ (tg_test::http ("GET", daemon->url () + path, "", {"Accept: text/html"})
				   .status,
			   404)
			<< path;
}

TEST (SecretarySources, EveryKeyExistsAndNoInlineScriptOrHtmlFromData)
{
	/* keys given whole, and the keys of field labels and blanks passed along */
	tg_test::check_page_sources ({"secretary.html", "secretary-session.html"},
				     {"secretary-common.js", "secretary.js",
				      "secretary-session.js"},
				     "'((?:sec|desk)\\.[a-z0-9._]+[a-z0-9_])'");
	std::string vi = tg_test::read_file (tg_test::top_srcdir_file ("data/web/i18n/vi.json"));
	std::string en = tg_test::read_file (tg_test::top_srcdir_file ("data/web/i18n/en.json"));
	auto has = [&] (const std::string &key) {
		std::string quoted = "\"" + key + "\":";
		return vi.find (quoted) != std::string::npos &&
		       en.find (quoted) != std::string::npos;
	};
	/* the CSV's headings */
	for (const char *col : {"time", "ticket", "status", "kind", "name", "organization",
				"tax_code", "phone", "email", "category", "dossier_code", "summary",
				"assignee", "outcome", "cause", "note"})
		EXPECT_TRUE (has (std::string ("csv.") + col)) << col;
}

/* ---- the pages in a real browser ---- */

class SecretaryBrowser : public Secretary
{
      protected:
	void SetUp () override
	{
		if (!tg_test::have_browser ())
			GTEST_FAIL () << "the browser tests need scripts/install-deps --test "
					 "(chromium, playwright-core)";
		start ();
	}
	void run (const std::string &script, const std::string &ids)
	{
		tg_test::run_browser_script (daemon->url (), script, ids);
	}
};

/* the day after the Monday of occurrence @id (UNIT-YYYYMMDD) */
static std::string
day_after (const std::string &id)
{
	std::string d = id.substr (id.size () - 8);
	GDate date;
	g_date_clear (&date, 1);
	g_date_set_dmy (&date, (GDateDay) std::stoi (d.substr (6, 2)),
			(GDateMonth) std::stoi (d.substr (4, 2)),
			(GDateYear) std::stoi (d.substr (0, 4)));
	g_date_add_days (&date, 1);
	gchar buf[16];
	g_date_strftime (buf, sizeof buf, "%Y-%m-%d", &date);
	return buf;
}

TEST_F (SecretaryBrowser, ASecretaryRunsTheirMondaysAndASessionsDeskWithoutAxeViolation)
{
	auto [id, secret] = token ("secretary", "718", "Lê Thị B");
	auto [staff_id, staff] = token ("staff", "718", "Phạm Văn D");
	std::string first = coming ("718", 0);
	std::string cancel = coming ("718", 1);
	std::string move = coming ("718", 2);
	std::string late = book (first, "Nguyễn Văn A", "0912345678", "a@first.example.vn");
	std::string attend = book (first, "Trần Thị Cúc", "0987654321", "c@first.example.vn",
				   "procedure", "Hỏi thủ tục");
	book (cancel, "Lý Văn M", "0911222333", "m@cancel.example.vn");
	HttpResult b =
		daemon->call ("GET", "/api/v1/occurrences/" + first + "/bookings", "", &secret);
	std::string ticket;
	JsonArray *list =
		json_object_get_array_member (json_node_get_object (b.json ()), "bookings");
	for (guint i = 0; i < json_array_get_length (list); i++) {
		JsonObject *o = json_array_get_object_element (list, i);
		if (json_object_get_string_member (o, "id") == attend)
			ticket = std::to_string (json_object_get_int_member (o, "ticket"));
	}
	ASSERT_FALSE (ticket.empty ());
	run ("secretary.mjs",
	     "{\"token\":\"" + secret + "\",\"admin\":\"" + daemon->admin_token () +
		     "\",\"first\":\"" + first + "\",\"cancel\":\"" + cancel + "\",\"move\":\"" +
		     move + "\",\"move_to\":\"" + day_after (move) + "\",\"late\":\"" + late +
		     "\",\"attend\":\"" + attend + "\",\"ticket\":" + ticket + "}");
}
