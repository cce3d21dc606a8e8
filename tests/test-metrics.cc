/* test-metrics.cc: GET /metrics of the real daemon, read by the parser of Debian's
 * python3-prometheus-client (tests/metrics/parse-metrics.py): who may read it, the counters
 * that move with a booking, the metrics' own address, and no personal data in a label */
#include "config.h"

#include <gtest/gtest.h>

#include <map>

#include "tg-test.hh"

using tg_test::Daemon;
using tg_test::HttpResult;
using tg_test::write_config;

namespace
{

struct Sample {
	std::string name;
	std::map<std::string, std::string> labels;
	double value = 0;
};

/* a scrape as the parser read it */
struct Scrape {
	std::map<std::string, std::string> types; /* family -> type */
	std::vector<Sample> samples;

	/* the value of the sample @name with (at least) @labels; -1 and a failure if none */
	double value (const std::string &name,
		      const std::map<std::string, std::string> &labels = {}, bool must = true) const
	{
		for (const auto &s : samples) {
			if (s.name != name)
				continue;
			bool all = true;
			for (const auto &l : labels) {
				auto it = s.labels.find (l.first);
				all = all && it != s.labels.end () && it->second == l.second;
			}
			if (all)
				return s.value;
		}
		if (must)
			ADD_FAILURE () << "no sample " << name << " with those labels";
		return -1;
	}
};

/* @text parsed by prometheus_client's parser; a failure when it refuses it */
Scrape
parse (const tg_test::TempDir &dir, const std::string &text)
{
	Scrape scrape;
	std::string path = dir.file ("scrape.txt");
	const gchar *python = g_getenv ("PYTHON3");
	std::string script = tg_test::srcdir_file ("metrics/parse-metrics.py");
	const gchar *argv[] = {python != nullptr && python[0] != '\0' ? python : "/usr/bin/python3",
			       script.c_str (), path.c_str (), nullptr};
	gchar *out = nullptr, *err = nullptr;
	gint status = 0;
	GError *error = nullptr;

	EXPECT_TRUE (
		g_file_set_contents (path.c_str (), text.data (), (gssize) text.size (), nullptr));
	if (!g_spawn_sync (nullptr, (gchar **) argv, nullptr, G_SPAWN_DEFAULT, nullptr, nullptr,
			   &out, &err, &status, &error)) {
		ADD_FAILURE () << "cannot run " << argv[0] << ": " << error->message;
		g_error_free (error);
		return scrape;
	}
	std::string stdout_text (out != nullptr ? out : ""),
		stderr_text (err != nullptr ? err : "");
	g_free (out);
	g_free (err);
	if (!g_spawn_check_wait_status (status, &error)) {
		ADD_FAILURE () << "the parser refused the metrics: " << error->message << "\n"
			       << stderr_text << "\n"
			       << text;
		g_error_free (error);
		return scrape;
	}
	g_autoptr (JsonParser) parser = json_parser_new ();
	EXPECT_TRUE (json_parser_load_from_data (parser, stdout_text.c_str (), -1, nullptr))
		<< stdout_text;
	JsonObject *root = json_node_get_object (json_parser_get_root (parser));
	JsonArray *families = json_object_get_array_member (root, "families");
	for (guint i = 0; i < json_array_get_length (families); i++) {
		JsonObject *f = json_array_get_object_element (families, i);
		JsonArray *samples = json_object_get_array_member (f, "samples");
		scrape.types[json_object_get_string_member (f, "name")] =
			json_object_get_string_member (f, "type");
		for (guint j = 0; j < json_array_get_length (samples); j++) {
			JsonObject *s = json_array_get_object_element (samples, j);
			JsonObject *labels = json_object_get_object_member (s, "labels");
			JsonNode *v = json_object_get_member (s, "value");
			Sample sample;
			sample.name = json_object_get_string_member (s, "name");
			sample.value = json_node_get_value_type (v) == G_TYPE_STRING
					       ? G_MAXDOUBLE
					       : json_node_get_double (v);
			GList *names = json_object_get_members (labels);
			for (GList *l = names; l != nullptr; l = l->next)
				sample.labels[(const char *) l->data] =
					json_object_get_string_member (labels,
								       (const char *) l->data);
			g_list_free (names);
			scrape.samples.push_back (sample);
		}
	}
	return scrape;
}

std::string
booking_body (const std::string &occurrence)
{
	return "{\"occurrence\":\"" + occurrence +
	       "\",\"requester\":{\"kind\":\"citizen\",\"name\":\"Nguyễn Thị Metrics\","
	       "\"phone\":\"0912345678\",\"email\":\"metrics.person@example.vn\"},"
	       "\"topic\":{\"category\":\"late_dossier\",\"dossier_code\":"
	       "\"000.00.12.H01-231122-0001\",\"summary\":\"Hồ sơ trễ hạn\"},"
	       "\"language\":\"vi\",\"consent\":true}";
}

} // namespace

class Metrics : public ::testing::Test
{
      protected:
	tg_test::TempDir dir;
	std::unique_ptr<Daemon> daemon;

	void start (const std::string &config)
	{
		daemon = std::make_unique<Daemon> (
			dir.file ("state"),
			std::vector<std::string>{"--demo", "--config", write_config (dir, config)});
	}

	Scrape scrape ()
	{
		HttpResult r = daemon->call ("GET", "/metrics");
		EXPECT_EQ (r.status, 200) << r.body;
		EXPECT_EQ (tg_test::header (r, "content-type"),
			   "text/plain; version=0.0.4; charset=utf-8");
		return parse (dir, r.body);
	}
};

TEST_F (Metrics, OnlyAnAdminTokenReadsThem)
{
	start ("[booking]\nrate_limit_per_hour=0\n");
	std::string none;
	HttpResult anonymous = daemon->call ("GET", "/metrics", "", &none);
	EXPECT_EQ (anonymous.status, 401) << anonymous.body;
	EXPECT_EQ (anonymous.str ("error.code"), "unauthorized") << anonymous.body;
	std::string secretary = tg_test::new_token (*daemon, "secretary", "74");
	HttpResult wrong = daemon->call ("GET", "/metrics", "", &secretary);
	EXPECT_EQ (wrong.status, 403) << wrong.body;
	std::string bogus = "not-a-token";
	EXPECT_EQ (daemon->call ("GET", "/metrics", "", &bogus).status, 401);
	Scrape s = scrape ();
	EXPECT_EQ (s.value ("thaogo_build_info", {{"version", PACKAGE_VERSION}}), 1);
	EXPECT_GT (s.value ("process_start_time_seconds"), 1.7e9);
	EXPECT_EQ (s.types["thaogo_store_commit_duration_seconds"], "histogram");
	EXPECT_EQ (s.types["thaogo_bookings"], "gauge");
	/* the refusals above are counted by route template and status */
	EXPECT_GE (s.value ("thaogo_http_requests_total",
			    {{"route", "/metrics"}, {"method", "GET"}, {"code", "401"}}),
		   2);
	EXPECT_GE (s.value ("thaogo_http_requests_total",
			    {{"route", "/metrics"}, {"method", "GET"}, {"code", "403"}}),
		   1);
}

TEST_F (Metrics, CountersMoveWithABookingAndNoLabelHoldsPersonalData)
{
	start ("[booking]\nrate_limit_per_hour=0\n");
	std::string occ = tg_test::coming_occurrence (*daemon, "74");
	ASSERT_FALSE (occ.empty ());
	EXPECT_EQ (daemon->get ("/healthz").status, 200);
	Scrape before = scrape ();

	std::string none;
	HttpResult booked = daemon->call ("POST", "/api/v1/bookings", booking_body (occ), &none);
	ASSERT_EQ (booked.status, 201) << booked.body;
	std::string id = booked.str ("booking.id");
	std::string manage = booked.str ("manage_token");
	ASSERT_FALSE (id.empty ()) << booked.body;
	/* a route with a parameter: counted under its template, never the raw path */
	HttpResult read = daemon->get ("/api/v1/bookings/" + id + "?token=" + manage);
	EXPECT_EQ (read.status, 200) << read.body;
	EXPECT_EQ (daemon->get ("/healthz").status, 200);
	Scrape after = scrape ();

	auto moved = [&] (const std::string &name,
			  const std::map<std::string, std::string> &labels) {
		double b = before.value (name, labels, false);
		return after.value (name, labels) - (b < 0 ? 0 : b);
	};
	EXPECT_EQ (moved ("thaogo_http_requests_total",
			  {{"route", "/api/v1/bookings"}, {"method", "POST"}, {"code", "201"}}),
		   1);
	EXPECT_EQ (moved ("thaogo_http_requests_total",
			  {{"route", "/api/v1/bookings/{id}"}, {"method", "GET"}, {"code", "200"}}),
		   1);
	EXPECT_EQ (moved ("thaogo_http_requests_total",
			  {{"route", "/healthz"}, {"method", "GET"}, {"code", "200"}}),
		   1);
	/* a new booking waits for its email confirmation */
	EXPECT_EQ (moved ("thaogo_bookings", {{"status", "pending"}}), 1);
	EXPECT_GE (moved ("thaogo_outbox_messages", {{"status", "queued"}}) +
			   moved ("thaogo_outbox_messages", {{"status", "sending"}}) +
			   moved ("thaogo_outbox_messages", {{"status", "sent"}}),
		   1);
	EXPECT_GE (moved ("thaogo_store_commits_total", {}), 1);
	EXPECT_GE (moved ("thaogo_store_commit_group_size_count", {}), 1);
	EXPECT_GE (moved ("thaogo_store_commit_duration_seconds_count", {}), 1);
	EXPECT_GE (moved ("thaogo_http_request_duration_seconds_count", {{"family", "api"}}), 4);
	EXPECT_EQ (after.value ("thaogo_http_request_duration_seconds_bucket",
				{{"family", "api"}, {"le", "+Inf"}}),
		   after.value ("thaogo_http_request_duration_seconds_count", {{"family", "api"}}));
	EXPECT_GE (after.value ("thaogo_http_open_connections"), 1);
	EXPECT_GE (after.value ("thaogo_store_writer_queue_depth"), 0);
	EXPECT_GE (after.value ("thaogo_waiting_list_length"), 0);
	EXPECT_GE (after.value ("thaogo_outbox_oldest_queued_age_seconds"), 0);

	/* nothing of the booking nor of any token is in a label */
	const std::vector<std::string> secret = {
		"0912345678", "metrics.person@example.vn", "Nguyễn Thị Metrics", "Metrics", manage,
		id,           daemon->admin_token ()};
	for (const auto &s : after.samples) {
		for (const auto &l : s.labels) {
			for (const auto &p : secret)
				EXPECT_EQ (l.second.find (p), std::string::npos)
					<< s.name << " " << l.first << "=" << l.second;
			EXPECT_EQ (l.second.find ('@'), std::string::npos) << l.second;
		}
	}
}

TEST_F (Metrics, TheirOwnAddressServesThemWithoutAToken)
{
	start ("[server]\nmetrics_listen=127.0.0.1:0\n");
	std::string err = daemon->stderr_text ();
	auto pos = err.find ("metrics on ");
	ASSERT_NE (pos, std::string::npos) << err;
	std::string url = err.substr (pos + 11, err.find ('\n', pos) - pos - 11);
	ASSERT_TRUE (g_str_has_suffix (url.c_str (), "/metrics")) << url;
	EXPECT_NE (url.substr (0, url.size () - 8), daemon->url ());

	HttpResult r = tg_test::http ("GET", url);
	EXPECT_EQ (r.status, 200) << r.body;
	EXPECT_EQ (tg_test::header (r, "content-type"), "text/plain; version=0.0.4; charset=utf-8");
	Scrape s = parse (dir, r.body);
	EXPECT_EQ (s.value ("thaogo_build_info", {{"version", PACKAGE_VERSION}}), 1);
	EXPECT_GE (s.value ("thaogo_bookings", {{"status", "confirmed"}}), 0);
	/* that address has /metrics and nothing else; the public one still wants the token */
	std::string base = url.substr (0, url.size () - 8);
	EXPECT_EQ (tg_test::http ("GET", base + "/healthz").status, 404);
	EXPECT_EQ (tg_test::http ("GET", base + "/api/v1/units").status, 404);
	EXPECT_EQ (tg_test::http ("POST", url, "{}").status, 405);
	std::string none;
	EXPECT_EQ (daemon->call ("GET", "/metrics", "", &none).status, 401);
}
