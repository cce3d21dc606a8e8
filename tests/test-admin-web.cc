/* test-admin-web.cc: the officials' report page and the administrator's page: their
 * sources and headers, then in a real browser (tests/web/report.mjs, tests/web/admin.mjs)
 * against the real daemon, whose SMTP server refuses every message so that the outbox has
 * a failed one to send again */
#include <gtest/gtest.h>

#include "tg-test.hh"

using tg_test::Daemon;
using tg_test::HttpResult;

TEST (AdminWebSources, EveryKeyExistsAndNoHtmlFromData)
{
	tg_test::check_page_sources ({"report.html", "review.html", "admin.html", "staff.html"},
				     {"chart.js", "office.js", "report.js", "review.js", "admin.js",
				      "staff.js", "lib.js"});
	/* the charts are built node by node */
	std::string chart = tg_test::read_file (tg_test::top_srcdir_file ("data/web/js/chart.js"));
	EXPECT_NE (chart.find ("createElementNS"), std::string::npos);
	EXPECT_NE (chart.find ("role: 'img'"), std::string::npos);
}

class AdminWeb : public ::testing::Test
{
      protected:
	tg_test::TempDir dir;
	std::unique_ptr<tg_test::SmtpPeer> smtp;
	std::unique_ptr<Daemon> daemon;

	void start (const std::string &config = "")
	{
		daemon = std::make_unique<Daemon> (
			dir.file ("state"),
			std::vector<std::string>{
				"--demo", "--config",
				tg_test::write_config (dir, "[booking]\nrate_limit_per_hour=0\n"
							    "require_email_confirmation=false\n" +
								    config)});
	}
	void SetUp () override
	{
		start ();
	}

	/* a new token of @role for @unit: its id and secret */
	std::pair<std::string, std::string> token (const std::string &role, const std::string &unit,
						   const std::string &name)
	{
		HttpResult r = daemon->call ("POST", "/api/v1/tokens",
					     "{\"role\":\"" + role + "\",\"unit\":\"" + unit +
						     "\",\"name\":\"" + name + "\"}");
		EXPECT_EQ (r.status, 201) << r.body;
		return {r.str ("id"), r.str ("token")};
	}
	/* the first scheduled occurrence of @unit from 3 days on */
	std::string coming (const std::string &unit)
	{
		return tg_test::coming_occurrence (*daemon, unit);
	}
	/* a booking of @n in @occ about @category, then its outcome and cause recorded */
	void book (int n, const std::string &occ, const std::string &category,
		   const std::string &record)
	{
		gchar *body = g_strdup_printf (
			"{\"occurrence\":\"%s\",\"requester\":{\"kind\":\"citizen\",\"name\":\"Công dân "
			"%d\",\"phone\":\"09%08d\",\"email\":\"c%d@example.vn\"},\"topic\":{"
			"\"category\":\"%s\",\"summary\":\"Hồ sơ\"},\"language\":\"vi\",\"consent\":true}",
			occ.c_str (), n, n, n, category.c_str ());
		HttpResult b = tg_test::http ("POST", daemon->url () + "/api/v1/bookings", body);
		g_free (body);
		ASSERT_EQ (b.status, 201) << b.body;
		HttpResult r =
			daemon->call ("PATCH", "/api/v1/bookings/" + b.str ("booking.id"), record);
		ASSERT_EQ (r.status, 200) << r.body;
	}
};

TEST_F (AdminWeb, ThePagesCarryTheSecurityHeaders)
{
	for (const char *path : {"/report", "/review", "/admin", "/js/report.js", "/js/review.js",
				 "/js/admin.js", "/js/chart.js", "/js/office.js"}) {
		HttpResult r = tg_test::http ("GET", daemon->url () + path);
		EXPECT_EQ (r.status, 200) << path;
		std::string csp = r.headers["content-security-policy"];
		EXPECT_NE (csp.find ("frame-ancestors 'none'"), std::string::npos) << path;
		EXPECT_EQ (csp.find ("unsafe-inline"), std::string::npos) << path;
		EXPECT_EQ (r.headers["x-content-type-options"], "nosniff") << path;
	}
	EXPECT_NE (tg_test::http ("GET", daemon->url () + "/admin?lang=en")
			   .body.find ("<html lang=\"en\">"),
		   std::string::npos);
	EXPECT_EQ (tg_test::http ("POST", daemon->url () + "/report", "x").status, 405);
	EXPECT_EQ (tg_test::http ("GET", daemon->url () + "/admin.html").status, 404);
}

TEST_F (AdminWeb, ASecretaryReadsTheReportWithItsChartsAndDownloadsTheCsv)
{
	if (!tg_test::have_browser ())
		GTEST_FAIL () << "the browser tests need scripts/install-deps --test "
				 "(chromium, playwright-core)";
	auto [id, secret] = token ("secretary", "718", "Trần Thị Thư Ký");
	auto [staff_id, staff] = token ("staff", "718", "Lê Văn Cán Bộ");
	std::string occ = coming ("718");
	ASSERT_FALSE (occ.empty ());
	/* the same Monday of a commune below 718, when it has a session */
	HttpResult below = daemon->get ("/api/v1/units?parent=718");
	JsonArray *units =
		json_object_get_array_member (json_node_get_object (below.json ()), "units");
	ASSERT_GT (json_array_get_length (units), 0u) << below.body;
	std::string child =
		json_object_get_string_member (json_array_get_object_element (units, 0), "code");
	std::string child_occ = child + occ.substr (occ.find ('-'));
	if (daemon->get ("/api/v1/occurrences/" + child_occ).str ("occurrence.status") !=
	    "scheduled")
		child_occ = occ;
	book (1, occ, "late_dossier", "{\"outcome\":\"transferred\",\"cause\":\"coordination\"}");
	book (2, child_occ, "late_dossier",
	      "{\"outcome\":\"resolved\",\"cause\":\"missing_documents\"}");
	book (3, occ, "procedure", "{\"outcome\":\"guided\"}");
	std::string ymd = occ.substr (occ.find ('-') + 1);
	std::string monday = ymd.substr (0, 4) + "-" + ymd.substr (4, 2) + "-" + ymd.substr (6, 2);
	tg_test::run_browser_script (daemon->url (), "report.mjs",
				     "{\"secretary\":\"" + secret + "\",\"staff\":\"" + staff +
					     "\",\"unit\":\"718\",\"monday\":\"" + monday + "\"}");
}

/* the day @days before @date (YYYY-MM-DD) */
static std::string
day_before (const std::string &date, guint days)
{
	g_autoptr (GDate) d = g_date_new ();
	gchar out[16];

	g_date_set_parse (d, date.c_str ());
	g_date_subtract_days (d, days);
	g_date_strftime (out, sizeof out, "%Y-%m-%d", d);
	return out;
}

TEST_F (AdminWeb, ASecretaryReadsTheLateDossierReviewAndSeesALateDossierOnTheDayList)
{
	if (!tg_test::have_browser ())
		GTEST_FAIL () << "the browser tests need scripts/install-deps --test "
				 "(chromium, playwright-core)";
	auto [id, secret] = token ("secretary", "718", "Trần Thị Thư Ký");
	std::string occ = coming ("718");
	ASSERT_FALSE (occ.empty ());
	std::string date = daemon->get ("/api/v1/occurrences/" + occ).str ("occurrence.date");
	ASSERT_EQ (date.size (), 10u);
	/* a week ago A B C; on the day B C D E (A resolved, D and E new); the commune P */
	const std::string head = "Mã hồ sơ,Thủ tục,Cơ quan,Hạn xử lý\n";
	auto row = [&] (const char *code, const char *procedure, const char *agency, guint late) {
		return std::string (code) + "," + procedure + "," + agency + "," +
		       day_before (date, late) + "\n";
	};
	const char *a = "000.00.12.H01-261101-0001", *b = "000.00.12.H01-261102-0002",
		   *c = "000.00.12.H01-261103-0003", *d = "000.00.12.H01-261104-0004",
		   *e = "000.00.12.H01-261105-0005";
	const std::string lists[][3] = {
		{"718", day_before (date, 7),
		 head + row (a, "Chứng thực bản sao", "Phòng Tư pháp", 40) +
			 row (b, "Cấp giấy phép xây dựng", "Phòng Quản lý đô thị", 30) +
			 row (c, "Cấp đổi giấy chứng nhận", "Văn phòng đăng ký đất đai", 23)},
		{"718", date,
		 head + row (b, "Cấp giấy phép xây dựng", "Phòng Quản lý đô thị", 30) +
			 row (c, "Cấp đổi giấy chứng nhận", "Văn phòng đăng ký đất đai", 23) +
			 row (d, "Cấp giấy phép xây dựng", "Phòng Quản lý đô thị", 5) +
			 row (e, "Đăng ký hộ kinh doanh", "", 2)},
		{"25747", date, head + row ("P-1", "Chứng thực bản sao", "UBND phường", 3)},
	};
	for (const auto &l : lists) {
		HttpResult r =
			daemon->call ("POST",
				      "/api/v1/units/" + l[0] + "/late-dossiers?as_of=" + l[1],
				      l[2], nullptr, {"Content-Type: text/csv"});
		ASSERT_EQ (r.status, 200) << r.body;
	}
	HttpResult r = daemon->call ("PATCH", std::string ("/api/v1/units/718/late-dossiers/") + c,
				     "{\"cause\":\"coordination\",\"responsible_agency\":\"Sở Tài "
				     "nguyên và Môi trường\"}");
	ASSERT_EQ (r.status, 200) << r.body;
	ASSERT_EQ (daemon->call ("PATCH", std::string ("/api/v1/units/718/late-dossiers/") + b,
				 "{\"cause\":\"legal_land\"}")
			   .status,
		   200);
	HttpResult booked = tg_test::http (
		"POST", daemon->url () + "/api/v1/bookings",
		"{\"occurrence\":\"" + occ +
			"\",\"requester\":{\"kind\":\"citizen\",\"name\":\"Công dân 1\","
			"\"phone\":\"0900000001\",\"email\":\"c1@example.vn\"},\"topic\":{"
			"\"category\":\"late_dossier\",\"dossier_code\":\"" +
			c + "\",\"summary\":\"Hồ sơ đất\"},\"language\":\"vi\",\"consent\":true}");
	ASSERT_EQ (booked.status, 201) << booked.body;
	tg_test::run_browser_script (
		daemon->url (), "review.mjs",
		"{\"secretary\":\"" + secret + "\",\"unit\":\"718\",\"as_of\":\"" + date +
			"\",\"occurrence\":\"" + occ + "\",\"booking\":\"" +
			booked.str ("booking.id") +
			"\",\"late\":\"Hồ sơ trễ hạn 23 ngày · Cấp đổi giấy chứng nhận · Sở Tài "
			"nguyên và Môi trường · Nguyên nhân: Phối hợp liên ngành\"}");
}

TEST_F (AdminWeb, AnAdministratorManagesTokensHolidaysTheOutboxAndUnits)
{
	if (!tg_test::have_browser ())
		GTEST_FAIL () << "the browser tests need scripts/install-deps --test "
				 "(chromium, playwright-core)";
	/* an SMTP server that refuses everything: the booking's message fails for good */
	daemon.reset ();
	smtp = std::make_unique<tg_test::SmtpPeer> (dir.file ("mail"),
						    std::vector<std::string>{"--reject"});
	start ("[smtp]\nurl=smtp://127.0.0.1:" + std::to_string (smtp->port ()) + "\ntls=none\n");
	book (1, coming ("718"), "complaint", "{\"note\":\"x\"}");
	std::string failed;
	for (int i = 0; i < 200 && failed.empty (); i++) {
		HttpResult r = daemon->call ("GET", "/api/v1/outbox?status=failed");
		JsonArray *list =
			json_object_get_array_member (json_node_get_object (r.json ()), "messages");
		if (list != nullptr && json_array_get_length (list) > 0)
			failed = std::to_string (
				json_object_get_int_member (json_array_get_object_element (list, 0),
							    "id"));
		else
			g_usleep (100000);
	}
	ASSERT_FALSE (failed.empty ()) << "no failed message";
	auto [id, secretary] = token ("secretary", "718", "Trần Thị Thư Ký");
	tg_test::run_browser_script (daemon->url (), "admin.mjs",
				     "{\"admin\":\"" + daemon->admin_token () +
					     "\",\"secretary\":\"" + secretary + "\",\"failed\":" +
					     failed + ",\"files\":\"" + dir.file ("files") + "\"}");
}
