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
	tg_test::check_page_sources ({"report.html", "admin.html", "staff.html"},
				     {"chart.js", "office.js", "report.js", "admin.js", "staff.js",
				      "lib.js"});
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
	for (const char *path : {"/report", "/admin", "/js/report.js", "/js/admin.js",
				 "/js/chart.js", "/js/office.js"}) {
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
