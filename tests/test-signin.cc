/* test-signin.cc: signing in to the web pages against the real daemon: the session cookie
 * and its attributes, CSRF on every change made with it, sign-out, revocation, expiry, the
 * single-use login links and `thaogo token login-link`; then the sign-in and staff pages in
 * a real browser (tests/web/signin.mjs) */
#include <gtest/gtest.h>

#include <set>

#include "tg-test.hh"

using tg_test::Daemon;
using tg_test::header;
using tg_test::HttpResult;

using tg_test::write_config;

/* "thaogo_session=VALUE" of a Set-Cookie header */
static std::string
cookie_pair (const HttpResult &r)
{
	std::string c = header (r, "set-cookie");
	return c.substr (0, c.find (';'));
}

class SignIn : public ::testing::Test
{
      protected:
	tg_test::TempDir dir;
	std::unique_ptr<Daemon> daemon;

	void start (const std::string &config = "", const std::vector<std::string> &env = {})
	{
		daemon = std::make_unique<Daemon> (
			dir.file ("state"),
			std::vector<std::string>{
				"--demo", "--config",
				write_config (dir, "[booking]\nrate_limit_per_hour=0\n" + config)},
			env);
	}
	void SetUp () override
	{
		start ();
	}

	/* a new token: its id and secret */
	std::pair<std::string, std::string> token (const std::string &role, const std::string &unit)
	{
		HttpResult r = daemon->call ("POST", "/api/v1/tokens",
					     "{\"role\":\"" + role + "\",\"unit\":\"" + unit +
						     "\",\"name\":\"Lê Thị B\"}");
		EXPECT_EQ (r.status, 201) << r.body;
		return {r.str ("id"), r.str ("token")};
	}
	HttpResult post_session (const std::string &body,
				 const std::string &type = "application/json")
	{
		return tg_test::http ("POST", daemon->url () + "/api/v1/session", body,
				      {"Content-Type: " + type});
	}
	/* signs in with @secret: the cookie pair and the CSRF token */
	std::pair<std::string, std::string> sign_in (const std::string &secret)
	{
		HttpResult r = post_session ("{\"token\":\"" + secret + "\"}");
		EXPECT_EQ (r.status, 201) << r.body;
		return {cookie_pair (r), r.str ("session.csrf_token")};
	}
	HttpResult with_cookie (const std::string &method, const std::string &path,
				const std::string &cookie, const std::string &body = "",
				const std::vector<std::string> &more = {})
	{
		std::vector<std::string> headers = {"Cookie: " + cookie,
						    "Content-Type: application/json"};
		headers.insert (headers.end (), more.begin (), more.end ());
		return tg_test::http (method, daemon->url () + path, body, headers);
	}
	/* the first scheduled occurrence of @unit from 3 days on */
	std::string coming (const std::string &unit)
	{
		return tg_test::coming_occurrence (*daemon, unit);
	}
	/* the code of a login link made with @bearer, for @id (empty: the caller's own) */
	std::string login_code (const std::string &bearer, const std::string &id = "")
	{
		HttpResult r =
			daemon->call ("POST", "/api/v1/login-links",
				      id.empty () ? "" : "{\"token\":\"" + id + "\"}", &bearer);
		EXPECT_EQ (r.status, 201) << r.body;
		std::string url = r.str ("url");
		size_t at = url.find ("/signin#code=");
		EXPECT_NE (at, std::string::npos) << url;
		EXPECT_EQ (url.rfind (daemon->url (), 0), 0u) << url;
		EXPECT_FALSE (r.str ("expires_at").empty ());
		return at == std::string::npos ? "" : url.substr (at + 13);
	}
};

static void
expect_error (const HttpResult &r, long status, const std::string &code)
{
	EXPECT_EQ (r.status, status) << r.body;
	EXPECT_EQ (header (r, "content-type"), "application/json; charset=utf-8");
	EXPECT_EQ (r.str ("error.code"), code) << r.body;
	EXPECT_FALSE (r.str ("error.message").empty ()) << r.body;
}

TEST_F (SignIn, ATokenGivesAnHttpOnlyStrictCookieStoredHashed)
{
	auto [id, secret] = token ("secretary", "718");
	HttpResult r = post_session ("{\"token\":\"" + secret + "\"}");
	ASSERT_EQ (r.status, 201) << r.body;
	std::string c = header (r, "set-cookie");
	EXPECT_EQ (c.rfind ("thaogo_session=s_", 0), 0u) << c;
	EXPECT_NE (c.find ("; HttpOnly"), std::string::npos) << c;
	EXPECT_NE (c.find ("; SameSite=Strict"), std::string::npos) << c;
	EXPECT_NE (c.find ("; Path=/"), std::string::npos) << c;
	EXPECT_EQ (c.find ("Secure"), std::string::npos) << c; /* http:// public URL */
	EXPECT_EQ (r.str ("session.token.id"), id);
	EXPECT_EQ (r.str ("session.token.role"), "secretary");
	EXPECT_EQ (r.str ("session.csrf_token").size (), 64u);
	EXPECT_EQ (header (r, "cache-control"), "no-store");
	/* the cookie's secret is not in the database, only its hash */
	std::string value = cookie_pair (r).substr (strlen ("thaogo_session="));
	daemon->stop ();
	std::string db = tg_test::read_file (dir.file ("state/thaogo.db")) +
			 tg_test::read_file (dir.file ("state/thaogo.db-wal"));
	EXPECT_EQ (db.find (value), std::string::npos);
}

TEST_F (SignIn, BadSignInsGiveNoCookie)
{
	auto [id, secret] = token ("staff", "718");
	for (const auto &[body, status, code] :
	     std::vector<std::tuple<std::string, long, std::string>>{
		     {"{\"token\":\"tg_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"}", 401,
		      "unauthorized"},
		     {"{\"token\":\"junk\"}", 401, "unauthorized"},
		     {"{\"code\":\"s_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"}", 401,
		      "unauthorized"},
		     {"{}", 422, "invalid"},
		     {"{\"token\":\"" + secret + "\",\"code\":\"x\"}", 422, "invalid"},
		     {"[]", 400, "bad_json"}}) {
		HttpResult r = post_session (body);
		expect_error (r, status, code);
		EXPECT_EQ (header (r, "set-cookie"), "") << body;
	}
	/* a form of another site cannot sign anyone in: JSON only */
	HttpResult form = post_session ("{\"token\":\"" + secret + "\"}", "text/plain");
	expect_error (form, 400, "bad_json");
	EXPECT_EQ (header (form, "set-cookie"), "");
}

TEST_F (SignIn, TheCookieIsSecureWhenThePublicUrlIsHttps)
{
	daemon.reset ();
	start ("[server]\npublic_url=https://thaogo.example.vn\n");
	auto [id, secret] = token ("staff", "718");
	HttpResult r = post_session ("{\"token\":\"" + secret + "\"}");
	ASSERT_EQ (r.status, 201) << r.body;
	std::string c = header (r, "set-cookie");
	EXPECT_NE (c.find ("; Secure"), std::string::npos) << c;
	EXPECT_NE (c.find ("; HttpOnly"), std::string::npos) << c;
	HttpResult out = with_cookie ("POST", "/signout", cookie_pair (r), "",
				      {"X-CSRF-Token: " + r.str ("session.csrf_token")});
	EXPECT_EQ (out.status, 204) << out.body;
	EXPECT_NE (header (out, "set-cookie").find ("; Secure"), std::string::npos);
}

TEST_F (SignIn, TheSessionIsItsTokenAndChangesNeedTheCsrfToken)
{
	auto [id, secret] = token ("secretary", "718");
	auto [cookie, csrf] = sign_in (secret);
	/* reads need no CSRF token */
	HttpResult r = with_cookie ("GET", "/api/v1/units/718/series", cookie);
	EXPECT_EQ (r.status, 200) << r.body;
	r = with_cookie ("GET", "/api/v1/session", cookie);
	ASSERT_EQ (r.status, 200) << r.body;
	EXPECT_EQ (r.str ("session.token.id"), id);
	EXPECT_EQ (r.str ("session.csrf_token"), csrf);
	/* the session has its token's rights, no more */
	expect_error (with_cookie ("GET", "/api/v1/tokens", cookie), 403, "forbidden");
	/* a change without the CSRF token, with a wrong one, or from another site's form */
	std::string occ = coming ("718");
	std::string path = "/api/v1/occurrences/" + occ + "/cancel";
	std::string body = "{\"reason\":\"Họp đột xuất\"}";
	expect_error (with_cookie ("POST", path, cookie, body), 403, "csrf_failed");
	expect_error (with_cookie ("POST", path, cookie, body,
				   {"X-CSRF-Token: " + std::string (64, 'a')}),
		      403, "csrf_failed");
	expect_error (with_cookie ("POST", path, cookie, body,
				   {"X-CSRF-Token: " + csrf.substr (1)}),
		      403, "csrf_failed");
	expect_error (tg_test::http ("POST", daemon->url () + path, "reason=x",
				     {"Cookie: " + cookie, "Origin: https://evil.example",
				      "Content-Type: application/x-www-form-urlencoded"}),
		      403, "csrf_failed");
	expect_error (with_cookie ("PUT", "/api/v1/units/718/series", cookie,
				   "{\"reception\":{\"desks\":2}}"),
		      403, "csrf_failed");
	EXPECT_EQ (daemon->get ("/api/v1/occurrences/" + occ).str ("occurrence.status"),
		   "scheduled");
	/* with it, the change is made */
	r = with_cookie ("POST", path, cookie, body, {"X-CSRF-Token: " + csrf});
	EXPECT_EQ (r.status, 200) << r.body;
	EXPECT_EQ (r.str ("occurrence.status"), "cancelled");
	/* the bearer token needs none */
	r = daemon->call ("PUT", "/api/v1/units/718/series", "{\"reception\":{\"desks\":2}}",
			  &secret);
	EXPECT_EQ (r.status, 200) << r.body;
	/* another session has another CSRF token */
	auto [cookie2, csrf2] = sign_in (secret);
	EXPECT_NE (cookie2, cookie);
	EXPECT_NE (csrf2, csrf);
	expect_error (with_cookie ("PUT", "/api/v1/units/718/series", cookie2, "{}",
				   {"X-CSRF-Token: " + csrf}),
		      403, "csrf_failed");
}

TEST_F (SignIn, SigningOutEndsTheSession)
{
	auto [id, secret] = token ("staff", "718");
	auto [cookie, csrf] = sign_in (secret);
	expect_error (with_cookie ("POST", "/signout", cookie), 403, "csrf_failed");
	EXPECT_EQ (with_cookie ("GET", "/api/v1/session", cookie).status, 200);
	HttpResult r = with_cookie ("POST", "/signout", cookie, "", {"X-CSRF-Token: " + csrf});
	EXPECT_EQ (r.status, 204) << r.body;
	std::string c = header (r, "set-cookie");
	EXPECT_EQ (c.rfind ("thaogo_session=;", 0), 0u) << c;
	EXPECT_NE (c.find ("Max-Age=0"), std::string::npos) << c;
	expect_error (with_cookie ("GET", "/api/v1/session", cookie), 401, "unauthorized");
	expect_error (with_cookie ("POST", "/api/v1/feeds", cookie, "", {"X-CSRF-Token: " + csrf}),
		      401, "unauthorized");
	expect_error (with_cookie ("POST", "/signout", cookie, "", {"X-CSRF-Token: " + csrf}), 401,
		      "unauthorized");
	/* the token itself goes on working */
	EXPECT_EQ (daemon->call ("POST", "/api/v1/feeds", "", &secret).status, 201);
}

TEST_F (SignIn, RevokingTheTokenKillsItsSessionsAndLinks)
{
	auto [id, secret] = token ("secretary", "718");
	auto [cookie, csrf] = sign_in (secret);
	auto [cookie2, csrf2] = sign_in (secret);
	std::string code = login_code (secret);
	EXPECT_EQ (with_cookie ("GET", "/api/v1/units/718/series", cookie).status, 200);
	ASSERT_EQ (daemon->call ("DELETE", "/api/v1/tokens/" + id).status, 204);
	expect_error (with_cookie ("GET", "/api/v1/units/718/series", cookie), 401, "unauthorized");
	expect_error (with_cookie ("GET", "/api/v1/session", cookie2), 401, "unauthorized");
	expect_error (with_cookie ("PUT", "/api/v1/units/718/series", cookie2, "{}",
				   {"X-CSRF-Token: " + csrf2}),
		      401, "unauthorized");
	expect_error (post_session ("{\"code\":\"" + code + "\"}"), 401, "unauthorized");
	expect_error (post_session ("{\"token\":\"" + secret + "\"}"), 401, "unauthorized");
}

/* the daemons' clocks stand at TEST_NOW and the tests move them instead of waiting */
TEST_F (SignIn, AnIdleOrOldSessionIsRefused)
{
	TG_TEST_SKIP_WITHOUT_HOOKS ();
	daemon.reset ();
	start ("[server]\nsession_idle_seconds=1\n", tg_test::with_test_now ());
	auto [id, secret] = token ("staff", "718");
	auto [cookie, csrf] = sign_in (secret);
	EXPECT_EQ (with_cookie ("GET", "/api/v1/session", cookie).status, 200);
	tg_test::advance_clock (*daemon, 2);
	expect_error (with_cookie ("GET", "/api/v1/session", cookie), 401, "unauthorized");

	/* the absolute limit ends a session in use: used every second, it ends at its lifetime */
	daemon.reset ();
	start ("[server]\nsession_lifetime_seconds=3\n", tg_test::with_test_now ());
	auto [id2, secret2] = token ("staff", "718");
	auto [old, csrf_old] = sign_in (secret2);
	for (int i = 0; i < 3; i++) {
		EXPECT_EQ (with_cookie ("GET", "/api/v1/session", old).status, 200);
		tg_test::advance_clock (*daemon, 1);
	}
	expect_error (with_cookie ("GET", "/api/v1/session", old), 401, "unauthorized");
}

TEST_F (SignIn, ALoginLinkSignsInOnceAndItsGetChangesNothing)
{
	auto [staff_id, staff] = token ("staff", "718");
	auto [other_id, other] = token ("staff", "25747");
	/* the administrator makes one for a token; anyone for their own, not for another's */
	std::string code = login_code (daemon->admin_token (), staff_id);
	EXPECT_EQ (code.rfind ("s_", 0), 0u) << code;
	expect_error (daemon->call ("POST", "/api/v1/login-links",
				    "{\"token\":\"" + other_id + "\"}", &staff),
		      403, "forbidden");
	expect_error (daemon->call ("POST", "/api/v1/login-links", "{\"token\":\"xyz\"}"), 422,
		      "invalid");
	expect_error (daemon->call ("POST", "/api/v1/login-links",
				    "{\"token\":\"" + std::string (32, '0') + "\"}"),
		      404, "not_found");
	std::string none;
	expect_error (daemon->call ("POST", "/api/v1/login-links", "", &none), 401, "unauthorized");
	/* opening the link (GET, HEAD, with the code in the query as a scanner might) only
	 * shows the page */
	for (const std::string &path : {std::string ("/signin"), "/signin?code=" + code}) {
		HttpResult page =
			tg_test::http ("GET", daemon->url () + path, "", {"Accept: text/html"});
		EXPECT_EQ (page.status, 200) << path;
		EXPECT_EQ (header (page, "set-cookie"), "") << path;
		EXPECT_NE (page.body.find ("<html lang=\"vi\">"), std::string::npos);
		EXPECT_EQ (header (page, "referrer-policy"), "no-referrer");
		EXPECT_EQ (tg_test::http ("HEAD", daemon->url () + path).status, 200);
	}
	/* the button's POST signs in, once */
	HttpResult r = post_session ("{\"code\":\"" + code + "\"}");
	ASSERT_EQ (r.status, 201) << r.body;
	EXPECT_EQ (r.str ("session.token.id"), staff_id);
	EXPECT_EQ (header (r, "set-cookie").rfind ("thaogo_session=s_", 0), 0u);
	expect_error (post_session ("{\"code\":\"" + code + "\"}"), 401, "unauthorized");
	/* one's own, made with a session (and its CSRF token) */
	auto [cookie, csrf] = sign_in (other);
	expect_error (with_cookie ("POST", "/api/v1/login-links", cookie), 403, "csrf_failed");
	HttpResult own =
		with_cookie ("POST", "/api/v1/login-links", cookie, "", {"X-CSRF-Token: " + csrf});
	EXPECT_EQ (own.status, 201) << own.body;
}

TEST_F (SignIn, ALoginLinkExpires)
{
	TG_TEST_SKIP_WITHOUT_HOOKS ();
	daemon.reset ();
	start ("[server]\nlogin_link_seconds=1\n", tg_test::with_test_now ());
	auto [id, secret] = token ("staff", "718");
	std::string used = login_code (secret);
	std::string late = login_code (secret);
	EXPECT_EQ (post_session ("{\"code\":\"" + used + "\"}").status, 201);
	tg_test::advance_clock (*daemon, 2);
	expect_error (post_session ("{\"code\":\"" + late + "\"}"), 401, "unauthorized");
}

TEST_F (SignIn, TheCliPrintsALoginLink)
{
	auto [id, secret] = token ("secretary", "718");
	/* for the caller's own token */
	tg_test::RunResult r = tg_test::thaogo (
		{"--url", daemon->url (), "--token", secret, "token", "login-link"});
	ASSERT_EQ (r.status, 0) << r.err;
	std::string url = r.out.substr (0, r.out.find ('\n'));
	EXPECT_EQ (r.out, url + "\n"); /* the link alone on stdout */
	ASSERT_EQ (url.rfind (daemon->url () + "/signin#code=s_", 0), 0u) << url;
	EXPECT_FALSE (r.err.empty ());
	std::string code = url.substr (url.find ("#code=") + 6);
	HttpResult s = post_session ("{\"code\":\"" + code + "\"}");
	ASSERT_EQ (s.status, 201) << s.body;
	EXPECT_EQ (s.str ("session.token.id"), id);
	/* the administrator's, for another token; --json */
	r = tg_test::thaogo ({"--url", daemon->url (), "--token", daemon->admin_token (), "--json",
			      "token", "login-link", id});
	ASSERT_EQ (r.status, 0) << r.err;
	EXPECT_NE (r.out.find ("\"expires_at\""), std::string::npos) << r.out;
	/* mistakes */
	r = tg_test::thaogo (
		{"--url", daemon->url (), "--token", secret, "token", "login-link", "nothex"});
	EXPECT_NE (r.status, 0);
	EXPECT_NE (r.err.find ("nothex"), std::string::npos) << r.err;
	r = tg_test::thaogo ({"--url", daemon->url (), "--token", secret, "token", "login-link",
			      std::string (32, 'a')});
	EXPECT_NE (r.status, 0);
	EXPECT_TRUE (r.out.empty ()) << r.out;
}

/* ---- the pages ---- */

/* the sign-in and staff pages use only keys of both catalogues, and no HTML from data */
TEST (SignInSources, EveryKeyExistsAndNoHtmlFromData)
{
	tg_test::check_page_sources ({"signin.html", "staff.html"},
				     {"session.js", "signin.js", "staff.js"});
}

TEST_F (SignIn, ThePagesCarryTheSecurityHeaders)
{
	for (const char *path :
	     {"/signin", "/staff", "/js/signin.js", "/js/staff.js", "/js/session.js"}) {
		HttpResult r = tg_test::http ("GET", daemon->url () + path);
		EXPECT_EQ (r.status, 200) << path;
		std::string csp = header (r, "content-security-policy");
		EXPECT_NE (csp.find ("frame-ancestors 'none'"), std::string::npos) << path;
		EXPECT_EQ (csp.find ("unsafe-inline"), std::string::npos) << path;
		EXPECT_EQ (header (r, "x-content-type-options"), "nosniff") << path;
		EXPECT_EQ (header (r, "referrer-policy"), "no-referrer") << path;
	}
	EXPECT_NE (tg_test::http ("GET", daemon->url () + "/staff?lang=en")
			   .body.find ("<html lang=\"en\">"),
		   std::string::npos);
	EXPECT_EQ (tg_test::http ("POST", daemon->url () + "/signin", "x").status, 405);
}

class SignInBrowser : public SignIn
{
      protected:
	void SetUp () override
	{
		if (!tg_test::have_browser ())
			GTEST_FAIL () << "the browser tests need scripts/install-deps --test "
					 "(chromium, playwright-core)";
		start ("[booking]\nrequire_email_confirmation=false\n");
	}

	/* runs tests/web/@script with @ids; each failed check is a failure */
	void run (const std::string &script, const std::string &ids)
	{
		tg_test::run_browser_script (daemon->url (), script, ids);
	}
};

TEST_F (SignInBrowser, StaffSignInRotateTheirFeedAndSignOutWithoutAxeViolation)
{
	auto [id, secret] = token ("staff", "718");
	/* an appointment assigned to them */
	std::string occ = coming ("718");
	HttpResult b =
		tg_test::http ("POST", daemon->url () + "/api/v1/bookings",
			       "{\"occurrence\":\"" + occ +
				       "\",\"requester\":{\"kind\":\"citizen\",\"name\":"
				       "\"Nguyễn Văn A\",\"phone\":\"0912345678\","
				       "\"email\":\"a@example.vn\"},\"topic\":{\"category\":"
				       "\"late_dossier\",\"dossier_code\":"
				       "\"000.00.12.H01-231122-0001\",\"summary\":\"Hồ sơ đất "
				       "trễ hạn\"},\"language\":\"vi\",\"consent\":true}");
	ASSERT_EQ (b.status, 201) << b.body;
	HttpResult a = daemon->call ("PATCH", "/api/v1/bookings/" + b.str ("booking.id"),
				     "{\"assignee\":\"" + id + "\"}");
	ASSERT_EQ (a.status, 200) << a.body;
	std::string code = login_code (daemon->admin_token (), id);
	run ("signin.mjs", "{\"token\":\"" + secret + "\",\"code\":\"" + code + "\"}");
}
