/* test-http.cc: the HTTP API of the real daemon, every error path of the HTTP layer */
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "tg-http-ratelimit.h"
#include "tg-test.hh"

using tg_test::Daemon;
using tg_test::HttpResult;

class Http : public ::testing::Test
{
      protected:
	tg_test::TempDir dir;
	Daemon daemon{dir.file ("state"), {"--demo"}};

	std::string create_token (const std::string &role, const std::string &unit)
	{
		std::string body = "{\"role\":\"" + role + "\"" +
				   (unit.empty () ? "" : ",\"unit\":\"" + unit + "\"") + "}";
		HttpResult r = daemon.call ("POST", "/api/v1/tokens", body);
		EXPECT_EQ (r.status, 201) << r.body;
		return r.str ("token");
	}
};

static void
expect_error (const HttpResult &r, long status, const std::string &code,
	      const std::string &field = "")
{
	EXPECT_EQ (r.status, status) << r.body;
	EXPECT_EQ (r.headers.at ("content-type"), "application/json; charset=utf-8");
	EXPECT_EQ (r.str ("error.code"), code) << r.body;
	EXPECT_FALSE (r.str ("error.message").empty ()) << r.body;
	if (!field.empty ()) {
		EXPECT_EQ (r.str ("error.field"), field) << r.body;
	}
}

TEST_F (Http, Health)
{
	HttpResult r = daemon.get ("/healthz");
	EXPECT_EQ (r.status, 200);
	EXPECT_EQ (r.str ("status"), "ok");
	EXPECT_EQ (r.headers["x-content-type-options"], "nosniff");
}

TEST_F (Http, UnitsTree)
{
	HttpResult r = daemon.get ("/api/v1/units");
	ASSERT_EQ (r.status, 200);
	JsonArray *units = json_object_get_array_member (json_node_get_object (r.json ()), "units");
	EXPECT_EQ (json_array_get_length (units), 101u);

	r = daemon.get ("/api/v1/units?parent=718");
	ASSERT_EQ (r.status, 200);
	units = json_object_get_array_member (json_node_get_object (r.json ()), "units");
	EXPECT_EQ (json_array_get_length (units), 14u);
	for (guint i = 0; i < json_array_get_length (units); i++) {
		JsonObject *u = json_array_get_object_element (units, i);
		EXPECT_STREQ (json_object_get_string_member (u, "parent"), "718");
		EXPECT_STREQ (json_object_get_string_member (u, "level"), "commune");
	}

	r = daemon.get ("/api/v1/units?level=district");
	units = json_object_get_array_member (json_node_get_object (r.json ()), "units");
	EXPECT_EQ (json_array_get_length (units), 9u);

	r = daemon.get ("/api/v1/units?level=province&parent=");
	units = json_object_get_array_member (json_node_get_object (r.json ()), "units");
	ASSERT_EQ (json_array_get_length (units), 1u);

	r = daemon.get ("/api/v1/units?date=2020-01-01");
	units = json_object_get_array_member (json_node_get_object (r.json ()), "units");
	EXPECT_EQ (json_array_get_length (units), 0u);

	r = daemon.get ("/api/v1/units/25747");
	ASSERT_EQ (r.status, 200);
	EXPECT_EQ (r.str ("unit.name"), "Phường Phú Cường");
	EXPECT_EQ (r.str ("unit.parent"), "718");
	EXPECT_EQ (r.str ("unit.level"), "commune");
	/* a public read: a proxy may share it a few seconds (tg-http-cache.h) */
	EXPECT_EQ (r.headers["cache-control"], "public, max-age=5");
}

TEST_F (Http, BadQueryArguments)
{
	expect_error (daemon.get ("/api/v1/units?level=state"), 422, "invalid", "level");
	expect_error (daemon.get ("/api/v1/units?parent=7x"), 422, "invalid", "parent");
	expect_error (daemon.get ("/api/v1/units?date=2024-02-30"), 422, "invalid", "date");
	expect_error (daemon.get ("/api/v1/units?all=maybe"), 422, "invalid", "all");
	expect_error (daemon.get ("/api/v1/units?parent=%ff"), 422, "invalid");
}

TEST_F (Http, UnknownThings)
{
	expect_error (daemon.get ("/api/v1/units/99999"), 404, "not_found");
	expect_error (daemon.get ("/api/v1/units/abc"), 404, "not_found");
	expect_error (daemon.get ("/api/v1/nothing"), 404, "not_found");
	expect_error (daemon.get ("/nothing"), 404, "not_found");
	HttpResult r = tg_test::http ("PATCH", daemon.url () + "/api/v1/units");
	expect_error (r, 405, "method_not_allowed");
	EXPECT_EQ (r.headers["allow"], "GET");
}

TEST_F (Http, Authentication)
{
	std::string none;
	std::string junk = "not-a-token";
	std::string unknown = "tg_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
	expect_error (daemon.call ("GET", "/api/v1/tokens", "", &none), 401, "unauthorized");
	expect_error (daemon.call ("GET", "/api/v1/tokens", "", &junk), 401, "unauthorized");
	expect_error (daemon.call ("GET", "/api/v1/tokens", "", &unknown), 401, "unauthorized");
	HttpResult r = tg_test::http ("GET", daemon.url () + "/api/v1/tokens", "",
				      {"Authorization: Basic YWRtaW46YWRtaW4="});
	expect_error (r, 401, "unauthorized");
	r = daemon.call ("GET", "/api/v1/tokens");
	EXPECT_EQ (r.status, 200) << r.body;
}

TEST_F (Http, RolesAndRevocation)
{
	std::string secretary = create_token ("secretary", "718");
	std::string staff = create_token ("staff", "25747");
	ASSERT_FALSE (secretary.empty ());

	/* only admins manage tokens and units */
	expect_error (daemon.call ("GET", "/api/v1/tokens", "", &secretary), 403, "forbidden");
	expect_error (daemon.call ("POST", "/api/v1/tokens", "{\"role\":\"admin\"}", &secretary),
		      403, "forbidden");
	expect_error (
		daemon.call (
			"PUT", "/api/v1/units/718",
			"{\"name\":\"x\",\"type\":\"x\",\"level\":\"district\",\"parent\":\"74\"}",
			&staff),
		403, "forbidden");

	/* the list never shows secrets or hashes */
	HttpResult list = daemon.call ("GET", "/api/v1/tokens");
	EXPECT_EQ (list.body.find (secretary), std::string::npos);
	EXPECT_EQ (list.body.find ("hash"), std::string::npos);
	JsonArray *tokens =
		json_object_get_array_member (json_node_get_object (list.json ()), "tokens");
	ASSERT_EQ (json_array_get_length (tokens), 3u);
	std::string id =
		json_object_get_string_member (json_array_get_object_element (tokens, 1), "id");

	HttpResult del = daemon.call ("DELETE", "/api/v1/tokens/" + id);
	EXPECT_EQ (del.status, 204) << del.body;
	expect_error (daemon.call ("DELETE", "/api/v1/tokens/" + id), 404, "not_found");
	expect_error (daemon.call ("DELETE", "/api/v1/tokens/nope"), 404, "not_found");
	expect_error (daemon.call ("GET", "/api/v1/tokens", "", &secretary), 401, "unauthorized");
}

TEST_F (Http, TokenValidation)
{
	expect_error (daemon.call ("POST", "/api/v1/tokens", "{\"role\":\"root\"}"), 422, "invalid",
		      "role");
	expect_error (daemon.call ("POST", "/api/v1/tokens", "{\"role\":\"secretary\"}"), 422,
		      "invalid", "unit");
	expect_error (daemon.call ("POST", "/api/v1/tokens",
				   "{\"role\":\"secretary\",\"unit\":\"123456\"}"),
		      422, "invalid", "unit");
	expect_error (daemon.call ("POST", "/api/v1/tokens", "{\"role\":7}"), 422, "invalid",
		      "role");
	expect_error (
		daemon.call (
			"POST", "/api/v1/tokens",
			"{\"role\":\"staff\",\"unit\":\"718\",\"email\":\"a@b.vn\\r\\nBcc: c@d.vn\"}"),
		422, "invalid", "email");
}

TEST_F (Http, BadJson)
{
	expect_error (daemon.call ("POST", "/api/v1/tokens", "{\"role\": "), 400, "bad_json");
	expect_error (daemon.call ("POST", "/api/v1/tokens", "[1,2]"), 400, "bad_json");
	expect_error (daemon.call ("POST", "/api/v1/tokens", "\"x\""), 400, "bad_json");
	/* a second value after the object (json-glib would leak what it parsed of it) */
	expect_error (daemon.call ("POST", "/api/v1/tokens", "{\"role\":\"admin\"} {\"a\":{}}"),
		      400, "bad_json");
	/* a bad escape in a key, a lone surrogate, nesting deeper than 32 */
	expect_error (daemon.call ("POST", "/api/v1/tokens", "{\"ro\\u0*le\":1}"), 400, "bad_json");
	expect_error (daemon.call ("POST", "/api/v1/tokens", "{\"role\":\"\\ud800\"}"), 400,
		      "bad_json");
	expect_error (daemon.call ("POST", "/api/v1/tokens",
				   "{\"a\":" + std::string (40, '[') + std::string (40, ']') + "}"),
		      400, "bad_json");
	expect_error (daemon.call ("POST", "/api/v1/tokens", std::string ("{\"role\":\"\xff\"}")),
		      400, "bad_json");
	expect_error (daemon.call ("POST", "/api/v1/tokens", ""), 400, "bad_json");
}

TEST_F (Http, BodyCap)
{
	std::string big (70 * 1024, ' ');
	big[0] = '{';
	big[big.size () - 1] = '}';
	expect_error (daemon.call ("POST", "/api/v1/tokens", big), 413, "too_large");
	/* chunked, without a Content-Length announced */
	HttpResult r = daemon.call ("POST", "/api/v1/tokens", big, nullptr,
				    {"Transfer-Encoding: chunked"});
	expect_error (r, 413, "too_large");
	/* just under the cap is parsed (and fails validation, not the cap) */
	std::string fits (63 * 1024, ' ');
	fits[0] = '{';
	fits[fits.size () - 1] = '}';
	expect_error (daemon.call ("POST", "/api/v1/tokens", fits), 422, "invalid", "role");
	/* the daemon still answers */
	EXPECT_EQ (daemon.get ("/healthz").status, 200);
}

/* each connection has 32 KiB for its request line, headers and answer headers: a large
 * header (a proxy's, a cookie) still fits */
TEST_F (Http, LargeHeadersFitTheConnectionMemory)
{
	HttpResult r = tg_test::http ("GET", daemon.url () + "/healthz", "",
				      {"X-Forwarded-Client-Cert: " + std::string (16 * 1024, 'a')});
	EXPECT_EQ (r.status, 200) << r.body;
}

TEST_F (Http, PutUnitCreatesThenUpdates)
{
	std::string body =
		"{\"name\":\"Xã Mới\",\"type\":\"Xã\",\"level\":\"commune\",\"parent\":\"719\","
		"\"valid_from\":\"2026-01-01\"}";
	HttpResult r = daemon.call ("PUT", "/api/v1/units/99001", body);
	EXPECT_EQ (r.status, 201) << r.body;
	EXPECT_EQ (r.str ("unit.name"), "Xã Mới");
	r = daemon.call (
		"PUT", "/api/v1/units/99001",
		"{\"name\":\"Xã Mới Hơn\",\"type\":\"Xã\",\"level\":\"commune\",\"parent\":\"719\","
		"\"valid_from\":\"2026-01-01\"}");
	EXPECT_EQ (r.status, 200) << r.body;
	r = daemon.get ("/api/v1/units/99001");
	EXPECT_EQ (r.str ("unit.name"), "Xã Mới Hơn");

	expect_error (
		daemon.call (
			"PUT", "/api/v1/units/99002",
			"{\"name\":\"x\",\"type\":\"Xã\",\"level\":\"commune\",\"parent\":\"42\"}"),
		422, "invalid", "parent");
	expect_error (
		daemon.call (
			"PUT", "/api/v1/units/99002",
			"{\"code\":\"99003\",\"name\":\"x\",\"type\":\"Xã\",\"level\":\"commune\",\"parent\":\"719\"}"),
		422, "invalid", "code");
	expect_error (
		daemon.call (
			"PUT", "/api/v1/units/99002",
			"{\"name\":\"a\\nb\",\"type\":\"Xã\",\"level\":\"commune\",\"parent\":\"719\"}"),
		422, "invalid", "name");
	expect_error (daemon.call ("PUT", "/api/v1/units/99002", "{\"name\":[]}"), 422, "invalid",
		      "name");
}

TEST_F (Http, ImportUnits)
{
	std::string body =
		"{\"units\":["
		"{\"code\":\"79\",\"name\":\"Thành phố Hồ Chí Minh\",\"type\":\"Thành phố\","
		"\"level\":\"province\",\"valid_from\":\"2025-07-01\",\"predecessors\":[\"74\"]},"
		"{\"code\":\"25747\",\"name\":\"Phường Thủ Dầu Một\",\"type\":\"Phường\","
		"\"level\":\"commune\",\"parent\":\"79\",\"valid_from\":\"2025-07-01\","
		"\"predecessors\":[\"25747\",\"25753\"]}]}";
	HttpResult r = daemon.call ("POST", "/api/v1/units/import", body);
	ASSERT_EQ (r.status, 200) << r.body;
	r = daemon.get ("/api/v1/units/25747?date=2024-01-01");
	EXPECT_EQ (r.str ("unit.name"), "Phường Phú Cường");
	EXPECT_EQ (r.str ("unit.valid_to"), "2025-06-30");
	r = daemon.get ("/api/v1/units/25747?date=2026-01-01");
	EXPECT_EQ (r.str ("unit.name"), "Phường Thủ Dầu Một");

	/* one bad unit: nothing is imported, the error says which */
	r = daemon.call (
		"POST", "/api/v1/units/import",
		"{\"units\":[{\"code\":\"88001\",\"name\":\"A\",\"type\":\"Xã\",\"level\":\"commune\",\"parent\":\"79\"},"
		"{\"code\":\"88002\",\"name\":\"B\",\"type\":\"Xã\",\"level\":\"village\",\"parent\":\"79\"}]}");
	expect_error (r, 422, "invalid", "units[1].level");
	/* a parent that is nowhere: the unit's field in the request too */
	r = daemon.call (
		"POST", "/api/v1/units/import",
		"{\"units\":[{\"code\":\"88001\",\"name\":\"A\",\"type\":\"Xã\",\"level\":\"commune\",\"parent\":\"79\"},"
		"{\"code\":\"88002\",\"name\":\"B\",\"type\":\"Xã\",\"level\":\"commune\",\"parent\":\"8888888\"}]}");
	expect_error (r, 422, "invalid", "units[1].parent");
	expect_error (daemon.get ("/api/v1/units/88001"), 404, "not_found");
	expect_error (daemon.call ("POST", "/api/v1/units/import", "{\"units\":{}}"), 422,
		      "invalid", "units");
}

TEST_F (Http, ErrorsSpeakTheRequestLanguage)
{
	HttpResult vi = daemon.get ("/api/v1/units/99999", {"Accept-Language: vi-VN,vi;q=0.9"});
	EXPECT_EQ (vi.str ("error.code"), "not_found");
	EXPECT_EQ (vi.str ("error.message"), "không có đơn vị này");
	EXPECT_EQ (vi.headers["content-language"], "vi");
	HttpResult en = daemon.get ("/api/v1/units/99999", {"Accept-Language: en"});
	EXPECT_EQ (en.str ("error.message"), "no such unit");
	HttpResult field = daemon.call ("POST", "/api/v1/tokens", "{\"role\":\"root\"}", nullptr,
					{"Accept-Language: vi"});
	EXPECT_EQ (field.str ("error.message"), "phải là admin, secretary hoặc staff");
}

TEST_F (Http, ManyConcurrentClients)
{
	std::atomic<int> ok{0};
	std::vector<std::thread> pool;
	for (int k = 0; k < 16; k++) {
		pool.emplace_back ([&] () {
			for (int i = 0; i < 25; i++) {
				if (daemon.get ("/api/v1/units?parent=718").status == 200)
					ok++;
			}
		});
	}
	for (auto &t : pool)
		t.join ();
	EXPECT_EQ (ok.load (), 400);
}

/* the rate limiter on a clock that stands still between requests (the engine's clock in a
 * test): a token is back after exactly the wait it told, and a clock set back gives nothing */
TEST (RateLimit, ATokenIsBackAfterTheWaitToldAndASetBackClockRefillsNothing)
{
	const gint64 sec = G_USEC_PER_SEC, t = 1800000000 * sec;
	TgRateLimit *limit = tg_rate_limit_new (3);
	guint wait = 0;
	for (int i = 0; i < 3; i++)
		EXPECT_TRUE (tg_rate_limit_take (limit, "192.0.2.1", t, &wait));
	EXPECT_FALSE (tg_rate_limit_take (limit, "192.0.2.1", t, &wait));
	EXPECT_EQ (wait, 1200u);
	/* another address has its own bucket */
	EXPECT_TRUE (tg_rate_limit_take (limit, "192.0.2.2", t, nullptr));
	/* a second short of the wait, then the wait over */
	EXPECT_FALSE (tg_rate_limit_take (limit, "192.0.2.1", t + 1199 * sec, &wait));
	EXPECT_EQ (wait, 1u);
	EXPECT_TRUE (tg_rate_limit_take (limit, "192.0.2.1", t + 1200 * sec, nullptr));
	/* set back an hour: nothing comes back until the clock is past the last take again */
	EXPECT_FALSE (tg_rate_limit_take (limit, "192.0.2.1", t - 3600 * sec, &wait));
	EXPECT_FALSE (tg_rate_limit_take (limit, "192.0.2.1", t + 1200 * sec, &wait));
	EXPECT_TRUE (tg_rate_limit_take (limit, "192.0.2.1", t + 2400 * sec, nullptr));
	tg_rate_limit_free (limit);
	/* 0: no limit */
	limit = tg_rate_limit_new (0);
	for (int i = 0; i < 100; i++)
		EXPECT_TRUE (tg_rate_limit_take (limit, "192.0.2.1", t, nullptr));
	tg_rate_limit_free (limit);
}

/* POST /test/clock and THAOGO_TEST_NOW exist only in a build with --enable-test-hooks: a
 * production build has neither the route nor its name in the binary. There the route is the
 * administrator's and answers the time it set */
TEST_F (Http, TheTestClockOnlyInABuildWithTheTestHooks)
{
	std::string binary = tg_test::read_file (tg_test::program ("THAOGOD", "../thaogod"));
	bool in_binary = binary.find ("/test/clock") != std::string::npos ||
			 binary.find ("THAOGO_TEST_NOW") != std::string::npos;
	tg_test::TempDir other;
	Daemon at_test_now (other.file ("state"), {}, tg_test::with_test_now ());
	bool stands = at_test_now.stderr_text ().find ("the clock stands at") != std::string::npos;
	if (!tg_test::has_test_hooks ()) {
		EXPECT_FALSE (in_binary);
		EXPECT_FALSE (stands) << at_test_now.stderr_text ();
		expect_error (daemon.call ("POST", "/test/clock", "{\"advance_s\":60}"), 404,
			      "not_found");
		return;
	}
	EXPECT_TRUE (in_binary);
	EXPECT_TRUE (stands) << at_test_now.stderr_text ();
	HttpResult r = at_test_now.call ("POST", "/test/clock", "{\"advance_s\":60}");
	EXPECT_EQ (r.status, 200) << r.body;
	EXPECT_EQ (r.str ("now"), "2027-02-22T09:01:00+07:00") << r.body;
	r = daemon.call ("POST", "/test/clock", "{\"now\":\"2027-03-01T01:00:00Z\"}");
	EXPECT_EQ (r.status, 200) << r.body;
	EXPECT_EQ (r.str ("now"), "2027-03-01T08:00:00+07:00") << r.body;
	/* a time without its offset, both, neither, or not whole seconds */
	expect_error (daemon.call ("POST", "/test/clock", "{\"now\":\"2027-03-01T08:00:00\"}"), 422,
		      "invalid", "now");
	expect_error (daemon.call ("POST", "/test/clock",
				   "{\"now\":\"2027-03-01T08:00:00Z\",\"advance_s\":1}"),
		      422, "invalid", "now");
	expect_error (daemon.call ("POST", "/test/clock", "{}"), 422, "invalid", "advance_s");
	expect_error (daemon.call ("POST", "/test/clock", "{\"advance_s\":1.5}"), 422, "invalid",
		      "advance_s");
	/* the administrator's only */
	std::string secretary = create_token ("secretary", "718");
	std::string none;
	expect_error (daemon.call ("POST", "/test/clock", "{\"advance_s\":1}", &secretary), 403,
		      "forbidden");
	expect_error (daemon.call ("POST", "/test/clock", "{\"advance_s\":1}", &none), 401,
		      "unauthorized");
}

/* ---- public reads answered from memory (tg-http-cache.c) ---- */

class HttpCache : public Http
{
      protected:
	/* the first occurrence of 25747 in the default range */
	std::string first_occurrence (std::string *date = nullptr)
	{
		HttpResult r = daemon.get ("/api/v1/units/25747/occurrences");
		JsonArray *list = json_object_get_array_member (json_node_get_object (r.json ()),
								"occurrences");
		EXPECT_GT (json_array_get_length (list), 0u);
		if (json_array_get_length (list) == 0)
			return "";
		JsonObject *o = json_array_get_object_element (list, 0);
		if (date != nullptr)
			*date = json_object_get_string_member (o, "date");
		return json_object_get_string_member (o, "id");
	}

	std::string etag (const std::string &path)
	{
		HttpResult r = daemon.get (path);
		EXPECT_EQ (r.status, 200) << path << ": " << r.body;
		return tg_test::header (r, "etag");
	}
};

TEST_F (HttpCache, PublicReadsKeepOneETagAndAnswer304)
{
	std::string occ = first_occurrence ();
	ASSERT_FALSE (occ.empty ());
	const std::vector<std::string> paths = {
		"/api/v1/units",
		"/api/v1/units?parent=718&level=commune",
		"/api/v1/units/25747",
		"/api/v1/units/25747/occurrences",
		"/api/v1/units/25747/occurrences?from=2027-01-01&to=2027-03-01",
		"/api/v1/occurrences/" + occ + "/slots",
		"/api/v1/holidays?year=2027",
		"/api/v1/lunar?date=2027-02-17",
	};
	for (const std::string &path : paths) {
		HttpResult a = daemon.get (path);
		HttpResult b = daemon.get (path);
		ASSERT_EQ (a.status, 200) << path << ": " << a.body;
		std::string tag = tg_test::header (a, "etag");
		EXPECT_EQ (tag.size (), 34u) << path << ": " << tag; /* quoted, 128 bits in hex */
		EXPECT_EQ (tag, tg_test::header (b, "etag")) << path;
		EXPECT_EQ (a.body, b.body) << path;
		/* seats are asked again each time, the rest shared a few seconds */
		EXPECT_EQ (tg_test::header (a, "cache-control"),
			   path.find ("/slots") != std::string::npos ? "public, no-cache"
								     : "public, max-age=5")
			<< path;
		EXPECT_NE (tg_test::header (a, "vary").find ("Accept-Encoding"), std::string::npos)
			<< path;
		HttpResult c = daemon.get (path, {"If-None-Match: " + tag});
		EXPECT_EQ (c.status, 304) << path;
		EXPECT_TRUE (c.body.empty ()) << path;
		EXPECT_EQ (tg_test::header (c, "etag"), tag) << path;
		HttpResult d = daemon.get (path, {"If-None-Match: \"0123\", W/" + tag});
		EXPECT_EQ (d.status, 304) << path;
		HttpResult e = daemon.get (path, {"If-None-Match: \"0123\""});
		EXPECT_EQ (e.status, 200) << path;
		EXPECT_EQ (e.body, a.body) << path;
	}
	/* the query is normalised: its order and the arguments the read does not take */
	EXPECT_EQ (etag ("/api/v1/units?level=commune&parent=718&x=1"),
		   etag ("/api/v1/units?parent=718&level=commune"));
	/* the language of the body is part of what is kept */
	HttpResult vi = daemon.get ("/api/v1/holidays?year=2027", {"Accept-Language: vi"});
	HttpResult en = daemon.get ("/api/v1/holidays?year=2027", {"Accept-Language: en"});
	EXPECT_NE (vi.body, en.body);
	EXPECT_NE (tg_test::header (vi, "etag"), tg_test::header (en, "etag"));
	EXPECT_NE (tg_test::header (vi, "vary").find ("Accept-Language"), std::string::npos);
	/* errors are not kept */
	HttpResult bad = daemon.get ("/api/v1/units?level=state");
	EXPECT_EQ (bad.status, 422);
	EXPECT_EQ (tg_test::header (bad, "etag"), "");
	EXPECT_EQ (tg_test::header (bad, "cache-control").find ("public"), std::string::npos);
}

TEST_F (HttpCache, GzipWhenAskedAndLargeEnoughIsTheSameJson)
{
	HttpResult plain = daemon.get ("/api/v1/units");
	HttpResult gz = daemon.get ("/api/v1/units", {"Accept-Encoding: gzip"});
	ASSERT_EQ (gz.status, 200);
	EXPECT_EQ (tg_test::header (plain, "content-encoding"), "");
	EXPECT_EQ (tg_test::header (gz, "content-encoding"), "gzip");
	EXPECT_EQ (tg_test::header (gz, "content-type"), "application/json; charset=utf-8");
	EXPECT_LT (gz.body.size (), plain.body.size () / 3);
	EXPECT_EQ (tg_test::gunzip (gz.body), plain.body);
	/* its own strong validator */
	std::string tag = tg_test::header (gz, "etag");
	EXPECT_NE (tag, tg_test::header (plain, "etag"));
	EXPECT_EQ (daemon.get ("/api/v1/units", {"Accept-Encoding: gzip", "If-None-Match: " + tag})
			   .status,
		   304);
	HttpResult again = daemon.get ("/api/v1/units", {"Accept-Encoding: br;q=1, gzip;q=0.5"});
	EXPECT_EQ (again.body, gz.body);
	HttpResult refused = daemon.get ("/api/v1/units", {"Accept-Encoding: gzip;q=0"});
	EXPECT_EQ (refused.body, plain.body);
	/* a small body goes as it is */
	HttpResult lunar = daemon.get ("/api/v1/lunar?date=2027-02-17", {"Accept-Encoding: gzip"});
	EXPECT_EQ (tg_test::header (lunar, "content-encoding"), "");
	EXPECT_EQ (lunar.str ("can_chi"), "Đinh Mùi");
}

TEST_F (HttpCache, AChangeMakesANewETag)
{
	std::string date;
	std::string occ = first_occurrence (&date);
	ASSERT_FALSE (occ.empty ());
	std::string year = date.substr (0, 4);
	std::string units = etag ("/api/v1/units");
	std::string unit = etag ("/api/v1/units/25747");
	std::string occurrences = etag ("/api/v1/units/25747/occurrences");
	std::string holidays = etag ("/api/v1/holidays?year=" + year);
	std::string slots = etag ("/api/v1/occurrences/" + occ + "/slots");

	/* an import: the list and the unit */
	HttpResult r = daemon.call (
		"POST", "/api/v1/units/import",
		"{\"units\":[{\"code\":\"88001\",\"name\":\"Xã Mới\",\"type\":\"Xã\",\"level\":"
		"\"commune\",\"parent\":\"718\",\"valid_from\":\"2023-04-10\"}]}");
	ASSERT_EQ (r.status, 200) << r.body;
	EXPECT_NE (etag ("/api/v1/units"), units);
	EXPECT_NE (daemon.get ("/api/v1/units").body.find ("Xã Mới"), std::string::npos);
	EXPECT_EQ (etag ("/api/v1/units/25747"), unit); /* the same body: the same tag */

	/* the unit's series */
	r = daemon.call ("PUT", "/api/v1/units/25747/series",
			 "{\"reception\":{\"venue\":\"Phòng tiếp dân số 2\",\"desks\":4}}");
	ASSERT_EQ (r.status, 200) << r.body;
	EXPECT_NE (etag ("/api/v1/units/25747"), unit);
	EXPECT_NE (etag ("/api/v1/units/25747/occurrences"), occurrences);
	EXPECT_NE (daemon.get ("/api/v1/units/25747/occurrences").body.find ("Phòng tiếp dân số 2"),
		   std::string::npos);
	std::string slots4 = etag ("/api/v1/occurrences/" + occ + "/slots");
	EXPECT_NE (slots4, slots);
	occurrences = etag ("/api/v1/units/25747/occurrences");

	/* a holiday on the session's day, then none again */
	r = daemon.call ("PUT", "/api/v1/holidays/" + date,
			 "{\"kind\":\"day_off\",\"name\":\"Nghỉ đột xuất\"}");
	ASSERT_EQ (r.status, 200) << r.body;
	std::string holidays_with = etag ("/api/v1/holidays?year=" + year);
	EXPECT_NE (holidays_with, holidays);
	EXPECT_NE (daemon.get ("/api/v1/holidays?year=" + year).body.find ("Nghỉ đột xuất"),
		   std::string::npos);
	EXPECT_NE (etag ("/api/v1/units/25747/occurrences"), occurrences);
	r = daemon.call ("DELETE", "/api/v1/holidays/" + date);
	ASSERT_EQ (r.status, 204) << r.body;
	EXPECT_EQ (etag ("/api/v1/holidays?year=" + year), holidays);

	/* a session cancelled: its slots have no seat left */
	r = daemon.call ("POST", "/api/v1/occurrences/" + occ + "/cancel",
			 "{\"reason\":\"Mưa bão\"}");
	ASSERT_EQ (r.status, 200) << r.body;
	HttpResult s = daemon.get ("/api/v1/occurrences/" + occ + "/slots");
	EXPECT_NE (tg_test::header (s, "etag"), slots4);
	EXPECT_EQ (s.str ("status"), "cancelled");
}

TEST_F (HttpCache, SignedInCallersAreNotServedThePublicCopy)
{
	std::string occ = first_occurrence ();
	ASSERT_FALSE (occ.empty ());
	HttpResult r = daemon.call ("PUT", "/api/v1/units/25747/series",
				    "{\"meeting\":{\"participants\":[{\"name\":\"Trần Thị C\","
				    "\"email\":\"c@binhduong.gov.vn\",\"role\":\"Chủ tịch\"}]}}");
	ASSERT_EQ (r.status, 200) << r.body;
	for (const std::string &path :
	     {std::string ("/api/v1/units/25747"), std::string ("/api/v1/units/25747/occurrences"),
	      "/api/v1/occurrences/" + occ + "/slots"}) {
		HttpResult pub = daemon.get (path);
		ASSERT_EQ (pub.status, 200) << path;
		std::string tag = tg_test::header (pub, "etag");
		/* a bearer token, or a session cookie: answered afresh, never shared */
		HttpResult a = daemon.call ("GET", path, "", nullptr, {"If-None-Match: " + tag});
		EXPECT_EQ (a.status, 200) << path;
		EXPECT_EQ (tg_test::header (a, "cache-control"), "private, no-store") << path;
		EXPECT_EQ (tg_test::header (a, "etag"), "") << path;
		HttpResult c = daemon.get (path, {"Cookie: thaogo_session=s_none"});
		EXPECT_EQ (c.status, 200) << path;
		EXPECT_EQ (tg_test::header (c, "cache-control"), "private, no-store") << path;
		EXPECT_EQ (pub.body.find ("Trần Thị C"), std::string::npos) << path;
	}
	/* what the unit's people see of a session differs from the public's */
	HttpResult who = daemon.call ("GET", "/api/v1/occurrences/" + occ);
	EXPECT_NE (who.body.find ("Trần Thị C"), std::string::npos) << who.body;
	HttpResult anyone = daemon.get ("/api/v1/occurrences/" + occ);
	EXPECT_EQ (anyone.body.find ("Trần Thị C"), std::string::npos) << anyone.body;
}
