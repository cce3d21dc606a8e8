/* test-web.cc: the web pages: the daemon's static files over HTTP (ETag and 304, gzip, HEAD,
 * unknown and escaping paths, headers), the catalogues, and the pages in a real browser
 * (Debian's chromium driven by playwright-core, the scripts of tests/web) */
#include <gtest/gtest.h>

#include <gio/gio.h>

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <regex>
#include <set>

#include "tg-test.hh"

using tg_test::Daemon;
using tg_test::gunzip;
using tg_test::header;
using tg_test::HttpResult;

using tg_test::write_config;

/* the keys of a flat JSON object of strings */
static std::set<std::string>
catalogue_keys (const std::string &path, bool *all_filled)
{
	std::set<std::string> keys;
	JsonParser *parser = json_parser_new ();
	GError *error = nullptr;

	*all_filled = true;
	if (!json_parser_load_from_file (parser, path.c_str (), &error)) {
		ADD_FAILURE () << path << ": " << error->message;
		g_error_free (error);
		g_object_unref (parser);
		return keys;
	}
	JsonObject *obj = json_node_get_object (json_parser_get_root (parser));
	GList *members = json_object_get_members (obj);
	for (GList *l = members; l != nullptr; l = l->next) {
		const char *key = (const char *) l->data;
		JsonNode *n = json_object_get_member (obj, key);
		if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING ||
		    json_node_get_string (n)[0] == '\0')
			*all_filled = false;
		keys.insert (key);
	}
	g_list_free (members);
	g_object_unref (parser);
	return keys;
}

using tg_test::matches;

static const char *const tg_web_pages[] = {"index.html", "unit.html",    "slots.html",
					   "404.html",   "booking.html", "form.html"};
static const char *const tg_web_scripts[] = {"lib.js",      "start.js",   "unit.js",   "slots.js",
					     "notfound.js", "details.js", "booking.js"};

/* ---- the catalogues and the sources ---- */

TEST (WebSources, CataloguesHaveTheSameKeysAndEveryKeyUsedExists)
{
	bool vi_filled = false, en_filled = false;
	std::set<std::string> vi =
		catalogue_keys (tg_test::top_srcdir_file ("data/web/i18n/vi.json"), &vi_filled);
	std::set<std::string> en =
		catalogue_keys (tg_test::top_srcdir_file ("data/web/i18n/en.json"), &en_filled);

	EXPECT_FALSE (vi.empty ());
	EXPECT_EQ (vi, en);
	EXPECT_TRUE (vi_filled);
	EXPECT_TRUE (en_filled);
	for (const char *name : tg_web_pages) {
		std::string html = tg_test::read_file (
			tg_test::top_srcdir_file (std::string ("data/web/") + name));
		for (const auto &key : matches (html, "data-i18n=\"([^\"]+)\""))
			EXPECT_TRUE (vi.count (key)) << name << " uses " << key;
	}
	for (const char *name : tg_web_scripts) {
		std::string js = tg_test::read_file (
			tg_test::top_srcdir_file (std::string ("data/web/js/") + name));
		/* a key ending in '.' is a prefix completed at run time ("weekday." + n) */
		for (const auto &key : matches (js, "\\bt\\('([a-z0-9.]+)'")) {
			bool found =
				key.back () == '.'
					? vi.lower_bound (key) != vi.end () &&
						  vi.lower_bound (key)->compare (0, key.size (),
										 key) == 0
					: vi.count (key) > 0;
			EXPECT_TRUE (found) << name << " uses " << key;
		}
		for (const auto &key : matches (js, "setup\\('([a-z0-9.]+)'"))
			EXPECT_TRUE (vi.count (key)) << name << " uses " << key;
	}
}

TEST (WebSources, NoInlineScriptOrStyleAndNoHtmlFromData)
{
	for (const char *name : tg_web_pages) {
		std::string html = tg_test::read_file (
			tg_test::top_srcdir_file (std::string ("data/web/") + name));
		EXPECT_EQ (html.rfind ("<!doctype html>\n<html lang=\"vi\">", 0), 0u) << name;
		EXPECT_TRUE (matches (html, "(<script(?![^>]*\\bsrc=)[^>]*>)").empty ()) << name;
		EXPECT_EQ (html.find ("<style"), std::string::npos) << name;
		EXPECT_EQ (html.find (" style="), std::string::npos) << name;
		EXPECT_TRUE (matches (html, "( on[a-z]+=)").empty ()) << name;
	}
	for (const char *name : tg_web_scripts) {
		std::string js = tg_test::read_file (
			tg_test::top_srcdir_file (std::string ("data/web/js/") + name));
		for (const char *banned : {"innerHTML", "outerHTML", "insertAdjacentHTML",
					   "document.write", "eval(", "new Function"})
			EXPECT_EQ (js.find (banned), std::string::npos)
				<< name << " uses " << banned;
	}
}

/* ---- the static files over HTTP ---- */

/* the JSON object a page carries in its data block @id ("" when it has none) */
static std::string
block_of (const std::string &page, const std::string &id)
{
	const std::string open_tag = "<script type=\"application/json\" id=\"" + id + "\">";
	size_t at = page.find (open_tag);
	size_t end = at != std::string::npos ? page.find ("</script>", at) : std::string::npos;

	if (end == std::string::npos)
		return "";
	return page.substr (at + open_tag.size (), end - at - open_tag.size ());
}

static std::string
without_block (const std::string &page, const std::string &id)
{
	std::string block = block_of (page, id);
	const std::string open_tag = "<script type=\"application/json\" id=\"" + id + "\">";
	size_t at = page.find (open_tag);

	if (at == std::string::npos)
		return page;
	return page.substr (0, at) +
	       page.substr (at + open_tag.size () + block.size () + strlen ("</script>\n"));
}

/* @json as json-glib writes it, so that two texts of the same value compare equal */
static std::string
canonical (const std::string &json)
{
	g_autoptr (JsonParser) parser = json_parser_new ();
	if (!json_parser_load_from_data (parser, json.c_str (), (gssize) json.size (), nullptr))
		return "(not JSON) " + json;
	g_autofree gchar *text = json_to_string (json_parser_get_root (parser), FALSE);
	return text;
}

/* the member @path of the data object @data, canonical ("" when it has none) */
static std::string
data_of (const std::string &data, const std::string &path)
{
	g_autoptr (JsonParser) parser = json_parser_new ();
	if (!json_parser_load_from_data (parser, data.c_str (), (gssize) data.size (), nullptr))
		return "";
	JsonObject *o = json_node_get_object (json_parser_get_root (parser));
	if (o == nullptr || !json_object_has_member (o, path.c_str ()))
		return "";
	g_autofree gchar *text = json_to_string (json_object_get_member (o, path.c_str ()), FALSE);
	return text;
}

class Web : public ::testing::Test
{
      protected:
	tg_test::TempDir dir;
	std::unique_ptr<Daemon> daemon;
	std::string extra_config;

	void SetUp () override
	{
		daemon = std::make_unique<Daemon> (
			dir.file ("state"),
			std::vector<std::string>{
				"--demo", "--config",
				write_config (dir, "[booking]\nrate_limit_per_hour=0\n" +
							   extra_config)});
	}
	HttpResult get (const std::string &path, const std::vector<std::string> &headers = {})
	{
		return tg_test::http ("GET", daemon->url () + path, "", headers);
	}
	/* a citizen's booking of @occ over the API */
	HttpResult book (const std::string &occ, const std::string &name, const std::string &phone,
			 const std::string &email)
	{
		return tg_test::http (
			"POST", daemon->url () + "/api/v1/bookings",
			"{\"occurrence\":\"" + occ +
				"\",\"requester\":{\"kind\":\"citizen\",\"name\":\"" + name +
				"\",\"phone\":\"" + phone + "\",\"email\":\"" + email +
				"\"},\"topic\":{\"category\":\"procedure\"},\"language\":\"vi\","
				"\"consent\":true}");
	}
};

TEST_F (Web, PagesCarryTheirTypeAndTheSecurityHeaders)
{
	for (const char *path : {"/", "/u/25747", "/u/25747/25747-20261214", "/app.css",
				 "/js/lib.js", "/i18n/vi.json"}) {
		HttpResult r = get (path);
		EXPECT_EQ (r.status, 200) << path;
		std::string csp = header (r, "content-security-policy");
		EXPECT_NE (csp.find ("default-src 'self'"), std::string::npos) << path;
		EXPECT_NE (csp.find ("frame-ancestors 'none'"), std::string::npos) << path;
		EXPECT_NE (csp.find ("object-src 'none'"), std::string::npos) << path;
		EXPECT_EQ (csp.find ("unsafe-inline"), std::string::npos) << path;
		EXPECT_EQ (csp.find ("unsafe-eval"), std::string::npos) << path;
		EXPECT_EQ (header (r, "x-content-type-options"), "nosniff") << path;
		EXPECT_EQ (header (r, "referrer-policy"), "no-referrer") << path;
		EXPECT_EQ (header (r, "cache-control"), "no-cache") << path;
		EXPECT_EQ (header (r, "etag").size (), 34u) << path;
	}
	EXPECT_EQ (header (get ("/"), "content-type"), "text/html; charset=utf-8");
	EXPECT_EQ (header (get ("/app.css"), "content-type"), "text/css; charset=utf-8");
	EXPECT_EQ (header (get ("/js/lib.js"), "content-type"), "text/javascript; charset=utf-8");
	EXPECT_EQ (header (get ("/i18n/en.json"), "content-type"),
		   "application/json; charset=utf-8");
	/* the files are the source tree's, byte for byte */
	EXPECT_EQ (get ("/app.css").body,
		   tg_test::read_file (tg_test::top_srcdir_file ("data/web/app.css")));
	/* a page is its file with its fixed texts written in, for a browser without JavaScript */
	std::string page = get ("/u/25747").body;
	EXPECT_NE (page.find ("data-i18n=\"site.skip\">Bỏ qua, đến nội dung chính</a>"),
		   std::string::npos)
		<< page;
	EXPECT_NE (get ("/u/25747?lang=en")
			   .body.find (
				   "href=\"?lang=vi\" data-i18n=\"site.switch\">Tiếng Việt</a>"),
		   std::string::npos);
	/* and its catalogue, as a data block that its script reads instead of asking for it;
	 * a '<' in a text is \u003c there, so no text can end the block */
	const std::string open_tag = "<script type=\"application/json\" id=\"tg-catalogue\">";
	const std::string close_tag = "</script>\n";
	size_t at = page.find (open_tag);
	ASSERT_NE (at, std::string::npos) << page;
	size_t end = page.find (close_tag, at);
	ASSERT_NE (end, std::string::npos);
	std::string block = page.substr (at + open_tag.size (), end - at - open_tag.size ());
	std::string catalogue =
		tg_test::read_file (tg_test::top_srcdir_file ("data/web/i18n/vi.json"));
	std::string escaped;
	for (char c : catalogue)
		escaped += c == '<' ? std::string ("\\u003c") : std::string (1, c);
	EXPECT_EQ (block, escaped);
	EXPECT_LT (page.find ("</head>"), page.find ("<body>"));
	EXPECT_GT (page.find ("</head>"), end);
	page.erase (at, end + close_tag.size () - at);
	page = without_block (page, "tg-data"); /* its first reads: PagesCarryTheirFirstReads */
	EXPECT_EQ (std::regex_replace (page, std::regex ("(data-i18n=\"[^\"]+\">)[^<]+</"), "$1</"),
		   tg_test::read_file (tg_test::top_srcdir_file ("data/web/unit.html")));
	EXPECT_NE (get ("/u/25747?lang=en").body.find ("\"site.switch\": \"Tiếng Việt\""),
		   std::string::npos);
	/* the API keeps its own answers */
	EXPECT_EQ (header (get ("/api/v1/units/74"), "content-type"),
		   "application/json; charset=utf-8");
}

/* The citizens' pages come with their first reads (the data block "tg-data"), as a GET of
 * each answers at that moment: a page is usable after its own files, with no API request */
TEST_F (Web, PagesCarryTheirFirstReads)
{
	std::string data = block_of (get ("/").body, "tg-data");
	EXPECT_EQ (data_of (data, "/api/v1/units"), canonical (get ("/api/v1/units").body));

	std::string occ = tg_test::coming_occurrence (*daemon, "25747");
	std::string slots = "/api/v1/occurrences/" + occ + "/slots";
	HttpResult page = get ("/u/25747/" + occ);
	data = block_of (page.body, "tg-data");
	for (const std::string &path :
	     {std::string ("/api/v1/units/25747"), "/api/v1/occurrences/" + occ, slots})
		EXPECT_EQ (data_of (data, path), canonical (get (path).body)) << path;

	/* the unit's page: the unit, its sessions and the seats of those that take bookings */
	std::string unit_data = block_of (get ("/u/25747").body, "tg-data");
	EXPECT_EQ (data_of (unit_data, "/api/v1/units/25747/occurrences"),
		   canonical (get ("/api/v1/units/25747/occurrences").body));
	EXPECT_EQ (data_of (unit_data, slots), canonical (get (slots).body));
	/* a session that took no booking yet is not written in (its booking has not opened) */
	EXPECT_EQ (unit_data.find ("/api/v1/occurrences/25747-2030"), std::string::npos);

	/* a booking: the next page shows its seat taken, under another ETag */
	HttpResult b = book (occ, "Lê Văn Đến", "0977000002", "d@example.vn");
	ASSERT_EQ (b.status, 201) << b.body;
	HttpResult after = get ("/u/25747/" + occ);
	std::string seats = data_of (block_of (after.body, "tg-data"), slots);
	EXPECT_EQ (seats, canonical (get (slots).body));
	EXPECT_NE (seats, data_of (data, slots));
	EXPECT_NE (header (after, "etag"), header (page, "etag"));
	EXPECT_EQ (get ("/u/25747/" + occ, {"If-None-Match: " + header (after, "etag")}).status,
		   304);
	/* compressed, the same page */
	HttpResult gz = get ("/u/25747/" + occ, {"Accept-Encoding: gzip"});
	EXPECT_EQ (header (gz, "content-encoding"), "gzip");
	EXPECT_EQ (gunzip (gz.body), get ("/u/25747/" + occ).body);
}

TEST_F (Web, StrongETagAnswers304)
{
	HttpResult r = get ("/app.css");
	std::string etag = header (r, "etag");
	ASSERT_EQ (etag.front (), '"');
	EXPECT_EQ (get ("/app.css").headers["etag"], etag); /* stable */
	HttpResult again = get ("/app.css", {"If-None-Match: " + etag});
	EXPECT_EQ (again.status, 304);
	EXPECT_TRUE (again.body.empty ());
	EXPECT_EQ (header (again, "etag"), etag);
	EXPECT_EQ (header (again, "cache-control"), "no-cache");
	EXPECT_EQ (get ("/app.css", {"If-None-Match: \"other\", " + etag}).status, 304);
	EXPECT_EQ (get ("/app.css", {"If-None-Match: W/" + etag}).status, 304);
	EXPECT_EQ (get ("/app.css", {"If-None-Match: \"other\""}).status, 200);
	/* another file, another tag; the page's tag is not the stylesheet's */
	EXPECT_NE (header (get ("/js/lib.js"), "etag"), etag);
	EXPECT_EQ (get ("/", {"If-None-Match: " + etag}).status, 200);
}

TEST_F (Web, GzipWhenAcceptedKeptApartByVaryAndETag)
{
	HttpResult plain = get ("/js/lib.js");
	HttpResult gz = get ("/js/lib.js", {"Accept-Encoding: br, gzip;q=0.8"});
	EXPECT_EQ (header (plain, "content-encoding"), "");
	EXPECT_EQ (header (gz, "content-encoding"), "gzip");
	EXPECT_NE (header (gz, "vary").find ("Accept-Encoding"), std::string::npos);
	EXPECT_NE (header (plain, "vary").find ("Accept-Encoding"), std::string::npos);
	EXPECT_LT (gz.body.size (), plain.body.size ());
	EXPECT_EQ (gunzip (gz.body), plain.body);
	EXPECT_NE (header (gz, "etag"), header (plain, "etag"));
	EXPECT_EQ (get ("/js/lib.js",
			{"Accept-Encoding: gzip", "If-None-Match: " + header (gz, "etag")})
			   .status,
		   304);
	EXPECT_EQ (header (get ("/js/lib.js", {"Accept-Encoding: gzip;q=0"}), "content-encoding"),
		   "");
	EXPECT_EQ (header (get ("/js/lib.js", {"Accept-Encoding: identity"}), "content-encoding"),
		   "");
	HttpResult page = get ("/", {"Accept-Encoding: gzip"});
	EXPECT_EQ (header (page, "content-encoding"), "gzip");
	EXPECT_EQ (gunzip (page.body), get ("/").body);
	EXPECT_NE (header (page, "vary").find ("Cookie"), std::string::npos);
}

TEST_F (Web, HeadAnswersTheHeadersWithoutTheBody)
{
	HttpResult full = get ("/app.css");
	HttpResult head = tg_test::http ("HEAD", daemon->url () + "/app.css");
	EXPECT_EQ (head.status, 200);
	EXPECT_TRUE (head.body.empty ());
	EXPECT_EQ (header (head, "content-length"), std::to_string (full.body.size ()));
	EXPECT_EQ (header (head, "etag"), header (full, "etag"));
	EXPECT_EQ (header (head, "content-type"), "text/css; charset=utf-8");
	EXPECT_EQ (tg_test::http ("HEAD", daemon->url () + "/").status, 200);
	EXPECT_EQ (tg_test::http ("POST", daemon->url () + "/", "x").status, 405);
}

TEST_F (Web, UnknownAndEscapingPathsAreRefused)
{
	/* a program gets the API's JSON error, a browser a page; both 404 */
	HttpResult json = get ("/no/such/file.css");
	EXPECT_EQ (json.status, 404);
	EXPECT_EQ (json.str ("error.code"), "not_found");
	HttpResult page = get ("/no/such/page", {"Accept: text/html,application/xhtml+xml"});
	EXPECT_EQ (page.status, 404);
	EXPECT_EQ (header (page, "content-type"), "text/html; charset=utf-8");
	EXPECT_NE (header (page, "content-security-policy").find ("frame-ancestors 'none'"),
		   std::string::npos);
	/* the 404 page is never a 304 */
	EXPECT_EQ (get ("/nothing", {"Accept: text/html", "If-None-Match: *"}).status, 404);
	for (const char *path : {"/%2e%2e/thaogod.conf", "/js/%2e%2e/app.css", "/..%2fthaogod.conf",
				 "/js/..%2f..%2fthaogod.8", "/%2e%2e/%2e%2e/etc/passwd",
				 "/web/app.css", "/.hidden", "/u/abc", "/u/25747/25748-20261214",
				 "/u/25747/25747-2026", "/index.html", "/i18n", "/js/"}) {
		HttpResult r = get (path, {"Accept: text/html"});
		EXPECT_EQ (r.status, 404) << path;
		EXPECT_EQ (r.body.find ("[server]"), std::string::npos) << path;
		EXPECT_EQ (r.body.find ("root:"), std::string::npos) << path;
	}
}

/* the cancel form of a booking's page without JavaScript: a reason too long is named on a
 * page with the way back and cancels nothing; a good one cancels, 303, and is kept */
TEST_F (Web, TheCancelFormNamesAReasonTooLongAndKeepsAGoodOne)
{
	std::string occ = tg_test::coming_occurrence (*daemon, "74");
	HttpResult b = book (occ, "Lê Văn Tắt", "0977000001", "t@example.vn");
	ASSERT_EQ (b.status, 201) << b.body;
	std::string id = b.str ("booking.id"), token = b.str ("manage_token");
	std::vector<std::string> form = {"Content-Type: application/x-www-form-urlencoded"};
	std::string longer;
	for (int i = 0; i < 501; i++)
		longer += "%E1%BB%93"; /* ồ */
	HttpResult r = tg_test::http ("POST", daemon->url () + "/b/" + id + "/cancel",
				      "token=" + token + "&reason=" + longer, form);
	EXPECT_EQ (r.status, 422) << r.body;
	EXPECT_NE (r.body.find ("class=\"error-summary\""), std::string::npos) << r.body;
	EXPECT_NE (r.body.find ("id=\"back-to-booking\" href=\"/b/" + id + "?token=" + token),
		   std::string::npos)
		<< r.body;
	HttpResult still = daemon->get ("/api/v1/bookings/" + id + "?token=" + token);
	EXPECT_NE (still.str ("booking.status"), "cancelled");
	r = tg_test::http ("POST", daemon->url () + "/b/" + id + "/cancel",
			   "token=" + token + "&reason=T%C3%B4i+b%E1%BA%ADn", form);
	EXPECT_EQ (r.status, 303) << r.body;
	EXPECT_EQ (header (r, "location"), "/b/" + id + "?token=" + token);
	HttpResult done = daemon->get ("/api/v1/bookings/" + id + "?token=" + token);
	EXPECT_EQ (done.str ("booking.status"), "cancelled");
	EXPECT_EQ (done.str ("booking.cancel_reason"), "Tôi bận");
}

TEST_F (Web, LanguageFromTheQueryRememberedInACookie)
{
	HttpResult vi = get ("/");
	EXPECT_NE (vi.body.find ("<html lang=\"vi\">"), std::string::npos);
	EXPECT_EQ (header (vi, "set-cookie"), "");
	HttpResult en = get ("/u/25747?lang=en");
	EXPECT_NE (en.body.find ("<html lang=\"en\">"), std::string::npos);
	std::string cookie = header (en, "set-cookie");
	EXPECT_EQ (cookie.rfind ("thaogo_lang=en;", 0), 0u) << cookie;
	EXPECT_NE (cookie.find ("SameSite=Lax"), std::string::npos);
	EXPECT_NE (cookie.find ("Path=/"), std::string::npos);
	EXPECT_NE (header (en, "etag"), header (get ("/u/25747"), "etag"));
	EXPECT_NE (get ("/", {"Cookie: thaogo_lang=en"}).body.find ("<html lang=\"en\">"),
		   std::string::npos);
	EXPECT_NE (get ("/?lang=vi", {"Cookie: thaogo_lang=en"}).body.find ("<html lang=\"vi\">"),
		   std::string::npos);
	EXPECT_NE (get ("/", {"Cookie: thaogo_lang=xx"}).body.find ("<html lang=\"vi\">"),
		   std::string::npos);
	EXPECT_EQ (header (get ("/?lang=xx"), "set-cookie"), "");
}

/* ---- the pages in a real browser ---- */

using tg_test::SmtpPeer;

class WebBrowser : public Web
{
      protected:
	std::unique_ptr<SmtpPeer> smtp;

	std::string open_occ;  /* 25747: open, with places */
	std::string full_occ;  /* 718: every slot taken */
	std::string cancelled; /* 718: cancelled with a reason */

	void SetUp () override
	{
		if (!tg_test::have_browser ())
			GTEST_FAIL ()
				<< "the browser tests need scripts/install-deps --test (chromium, playwright-core)";
		/* the messages go to a real SMTP server, whose files the scripts read */
		smtp = std::make_unique<SmtpPeer> (dir.file ("mail"));
		extra_config = "[smtp]\nurl=smtp://127.0.0.1:" + std::to_string (smtp->port ()) +
			       "\ntls=none\n";
		Web::SetUp ();
		open_occ = first_open ("25747", 0);
		/* 718: one desk, so that six bookings fill a session */
		HttpResult r = daemon->call ("PUT", "/api/v1/units/718/series",
					     "{\"reception\":{\"desks\":1}}");
		ASSERT_EQ (r.status, 200) << r.body;
		full_occ = first_open ("718", 0);
		cancelled = first_open ("718", 1);
		for (int i = 0; i < 6; i++) {
			gchar *body = g_strdup_printf (
				"{\"occurrence\":\"%s\",\"requester\":{\"kind\":\"citizen\",\"name\":\"Công dân %d\","
				"\"phone\":\"09%08d\",\"email\":\"c%d@example.vn\"},\"topic\":{\"category\":\"procedure\","
				"\"summary\":\"Hỏi thủ tục\"},\"language\":\"vi\",\"consent\":true}",
				full_occ.c_str (), i, i, i);
			HttpResult b =
				tg_test::http ("POST", daemon->url () + "/api/v1/bookings", body);
			g_free (body);
			ASSERT_EQ (b.status, 201) << b.body;
		}
		r = daemon->call ("POST", "/api/v1/occurrences/" + cancelled + "/cancel",
				  "{\"reason\":\"Bão số 9\"}");
		ASSERT_EQ (r.status, 200) << r.body;
	}

	/* the @skip-th scheduled session of @unit between 3 and 24 days from now (open) */
	std::string first_open (const std::string &unit, int skip)
	{
		g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
		g_autoptr (GDateTime) a = g_date_time_add_days (now, 3);
		g_autoptr (GDateTime) b = g_date_time_add_days (now, 24);
		g_autofree gchar *from = g_date_time_format (a, "%Y-%m-%d");
		g_autofree gchar *to = g_date_time_format (b, "%Y-%m-%d");
		HttpResult r = daemon->get ("/api/v1/units/" + unit + "/occurrences?from=" + from +
					    "&to=" + to);
		JsonArray *list = json_object_get_array_member (json_node_get_object (r.json ()),
								"occurrences");
		for (guint i = 0; i < json_array_get_length (list); i++) {
			JsonObject *o = json_array_get_object_element (list, i);
			if (g_strcmp0 (json_object_get_string_member (o, "status"), "scheduled") ==
				    0 &&
			    skip-- == 0)
				return json_object_get_string_member (o, "id");
		}
		ADD_FAILURE () << "no open session of " << unit;
		return "";
	}

	/* runs tests/web/@script against the daemon; its lines go to the log */
	void run (const std::string &script)
	{
		std::string ids = "{\"unit\":\"25747\",\"open\":\"" + open_occ +
				  "\",\"full_unit\":\"718\",\"full\":\"" + full_occ +
				  "\",\"cancelled\":\"" + cancelled + "\",\"mail\":\"" +
				  dir.file ("mail") + "\",\"reader\":\"" +
				  tg_test::srcdir_file ("smtp/read-message.py") + "\"}";
		tg_test::run_browser_script (daemon->url (), script, ids);
	}
};

TEST_F (WebBrowser, EveryPageAt360And1280InViAndEnWithoutAxeViolation)
{
	run ("pages.mjs");
}

TEST_F (WebBrowser, FromTheStartToASlot)
{
	run ("flow.mjs");
}

TEST_F (WebBrowser, TheSlotDetailsCheckAndSubmitWithTheKeyboardAlone)
{
	run ("keyboard.mjs");
}

TEST_F (WebBrowser, ABookingFromTheDetailsToTheTicketConfirmedByEmailThenMovedAndCancelled)
{
	run ("booking.mjs");
}

TEST_F (WebBrowser, ConfirmAndCancelWithoutJavaScript)
{
	run ("nojs.mjs");
}
