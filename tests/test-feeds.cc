/* test-feeds.cc: the iCalendar feeds over HTTP against the real daemon, read by two
 * independent client libraries: Python's icalendar with recurring_ical_events
 * (feeds/parse-ics.py) and ical.js, the parser of Thunderbird (feeds/parse-ics.mjs).
 * Both must see exactly what the API lists, with stable UIDs, SEQUENCE that only goes up,
 * conditional requests answered with 304, no personal data where it does not belong, and
 * text that no user input can break out of. */
#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include <curl/curl.h>

#include <map>
#include <optional>
#include <set>

#include "tg-test.hh"

using tg_test::Daemon;
using tg_test::HttpResult;

/* ---- what a client library reads from a feed ---- */

struct IcsEvent {
	std::string uid, start, end;
	std::optional<std::string> status, summary, description, location;
	gint64 sequence = -1; /* -1: no SEQUENCE */

	bool operator== (const IcsEvent &o) const
	{
		return uid == o.uid && start == o.start && end == o.end && status == o.status &&
		       summary == o.summary && description == o.description &&
		       location == o.location && sequence == o.sequence;
	}
};

static void
PrintTo (const IcsEvent &e, std::ostream *os)
{
	auto opt = [] (const std::optional<std::string> &s) {
		return s ? "\"" + *s + "\"" : std::string ("null");
	};
	*os << "{" << e.uid << " " << e.start << "/" << e.end << " " << opt (e.status) << " seq "
	    << e.sequence << " summary " << opt (e.summary) << " description "
	    << opt (e.description) << " location " << opt (e.location) << "}";
}

struct IcsCalendar {
	bool parsed = false;
	std::map<std::string, std::optional<std::string>> props;
	std::vector<std::string> tzids;
	std::vector<IcsEvent> events;

	const IcsEvent *find (const std::string &uid) const
	{
		for (const auto &e : events) {
			if (e.uid == uid)
				return &e;
		}
		return nullptr;
	}
	std::map<std::string, gint64> sequences () const
	{
		std::map<std::string, gint64> out;
		for (const auto &e : events)
			out[e.uid] = e.sequence;
		return out;
	}
};

static std::optional<std::string>
opt_member (JsonObject *o, const char *name)
{
	if (o == nullptr || !json_object_has_member (o, name))
		return std::nullopt;
	JsonNode *n = json_object_get_member (o, name);
	if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
		return std::nullopt;
	return std::string (json_node_get_string (n));
}

static std::string
str_member (JsonObject *o, const char *name)
{
	return opt_member (o, name).value_or ("");
}

static JsonObject *
object_member (JsonObject *o, const char *name)
{
	if (o == nullptr || !json_object_has_member (o, name))
		return nullptr;
	JsonNode *n = json_object_get_member (o, name);
	return JSON_NODE_HOLDS_OBJECT (n) ? json_node_get_object (n) : nullptr;
}

static JsonArray *
array_member (JsonObject *o, const char *name)
{
	if (o == nullptr || !json_object_has_member (o, name))
		return nullptr;
	JsonNode *n = json_object_get_member (o, name);
	return JSON_NODE_HOLDS_ARRAY (n) ? json_node_get_array (n) : nullptr;
}

/* the root object of a JSON text, nullptr when it is not one */
static JsonObject *
root_object (const HttpResult &r)
{
	JsonNode *n = r.json ();
	return JSON_NODE_HOLDS_OBJECT (n) ? json_node_get_object (n) : nullptr;
}

/* a JSON string literal of @s (quotes and escapes included) */
static std::string
jstr (const std::string &s)
{
	JsonNode *n = json_node_new (JSON_NODE_VALUE);
	json_node_set_string (n, s.c_str ());
	gchar *text = json_to_string (n, FALSE);
	std::string out (text);
	g_free (text);
	json_node_unref (n);
	return out;
}

struct ParserInfo {
	const char *name;
	std::vector<std::string> argv; /* the program and the script, before the arguments */
};

static std::vector<ParserInfo>
parsers ()
{
	const gchar *python = g_getenv ("PYTHON3");
	return {
		{"icalendar (python)",
		 {python != nullptr && python[0] != '\0' ? python : "/usr/bin/python3",
		  tg_test::srcdir_file ("feeds/parse-ics.py")}},
		{"ical.js (node)", {"node", tg_test::srcdir_file ("feeds/parse-ics.mjs")}},
	};
}

/* runs one parser over @path for the days @from..@to (both included) */
static IcsCalendar
run_parser (const ParserInfo &p, const std::string &path, const std::string &from,
	    const std::string &to)
{
	IcsCalendar cal;
	std::vector<std::string> args = p.argv;
	args.insert (args.end (), {path, from, to});
	std::vector<gchar *> argv;
	for (auto &a : args)
		argv.push_back (const_cast<gchar *> (a.c_str ()));
	argv.push_back (nullptr);
	gchar *out = nullptr, *err = nullptr;
	gint status = 0;
	GError *error = nullptr;

	if (!g_spawn_sync (nullptr, argv.data (), nullptr, G_SPAWN_SEARCH_PATH, nullptr, nullptr,
			   &out, &err, &status, &error)) {
		ADD_FAILURE () << p.name << ": cannot run " << args[0] << ": " << error->message;
		g_error_free (error);
		return cal;
	}
	std::string stdout_text (out != nullptr ? out : ""),
		stderr_text (err != nullptr ? err : "");
	g_free (out);
	g_free (err);
	if (!g_spawn_check_wait_status (status, &error)) {
		ADD_FAILURE () << p.name << " failed on " << path << ": " << error->message << "\n"
			       << stderr_text;
		g_error_free (error);
		return cal;
	}
	JsonParser *parser = json_parser_new ();
	if (!json_parser_load_from_data (parser, stdout_text.c_str (), (gssize) stdout_text.size (),
					 nullptr) ||
	    !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser))) {
		ADD_FAILURE () << p.name << " printed no JSON object:\n"
			       << stdout_text << stderr_text;
		g_object_unref (parser);
		return cal;
	}
	JsonObject *root = json_node_get_object (json_parser_get_root (parser));
	JsonObject *props = object_member (root, "calendar");
	JsonArray *events = array_member (root, "events");
	if (props == nullptr || events == nullptr) {
		ADD_FAILURE () << p.name << ": no calendar or events:\n" << stdout_text;
		g_object_unref (parser);
		return cal;
	}
	for (const char *name :
	     {"METHOD", "X-WR-CALNAME", "X-WR-TIMEZONE", "REFRESH-INTERVAL", "X-PUBLISHED-TTL"})
		cal.props[name] = opt_member (props, name);
	JsonArray *tzids = array_member (props, "VTIMEZONE");
	for (guint i = 0; tzids != nullptr && i < json_array_get_length (tzids); i++)
		cal.tzids.push_back (json_array_get_string_element (tzids, i));
	for (guint i = 0; i < json_array_get_length (events); i++) {
		JsonObject *o = json_array_get_object_element (events, i);
		IcsEvent e;
		e.uid = str_member (o, "uid");
		e.start = str_member (o, "start");
		e.end = str_member (o, "end");
		e.status = opt_member (o, "status");
		e.summary = opt_member (o, "summary");
		e.description = opt_member (o, "description");
		e.location = opt_member (o, "location");
		JsonNode *seq = json_object_get_member (o, "sequence");
		if (seq != nullptr && JSON_NODE_HOLDS_VALUE (seq))
			e.sequence = json_node_get_int (seq);
		cal.events.push_back (e);
	}
	g_object_unref (parser);
	cal.parsed = true;
	return cal;
}

/* parses @body with every parser; they must agree on everything; returns what they read */
static IcsCalendar
parse_feed (const tg_test::TempDir &dir, const std::string &body, const std::string &from,
	    const std::string &to)
{
	static int n = 0;
	std::string path = dir.file ("feed-" + std::to_string (++n) + ".ics");
	EXPECT_TRUE (
		g_file_set_contents (path.c_str (), body.data (), (gssize) body.size (), nullptr));
	std::vector<IcsCalendar> read;
	for (const auto &p : parsers ())
		read.push_back (run_parser (p, path, from, to));
	for (size_t i = 1; i < read.size (); i++) {
		EXPECT_TRUE (read[i].parsed);
		EXPECT_EQ (read[i].props, read[0].props)
			<< parsers ()[i].name << " vs " << parsers ()[0].name;
		EXPECT_EQ (read[i].tzids, read[0].tzids);
		EXPECT_EQ (read[i].events, read[0].events)
			<< parsers ()[i].name << " vs " << parsers ()[0].name;
	}
	EXPECT_TRUE (read[0].parsed);
	return read[0];
}

/* RFC 5545 3.1: a CRLF followed by one space or tab is removed */
static std::string
unfold (const std::string &body)
{
	std::string out;
	out.reserve (body.size ());
	for (size_t i = 0; i < body.size (); i++) {
		if (body.compare (i, 2, "\r\n") == 0 && i + 2 < body.size () &&
		    (body[i + 2] == ' ' || body[i + 2] == '\t')) {
			i += 2;
			continue;
		}
		out += body[i];
	}
	return out;
}

/* every physical line: CRLF-terminated, at most 75 octets, valid UTF-8 on its own (no fold
 * splits a character), either a continuation (space or tab first) or a content line;
 * returns how many continuation lines there are */
static int
expect_well_folded (const std::string &body)
{
	std::vector<std::string> bad;
	size_t pos = 0;
	int n = 0, folds = 0;

	if (body.size () < 2) {
		ADD_FAILURE () << "no feed: " << body;
		return 0;
	}
	EXPECT_EQ (body.substr (body.size () - 2), "\r\n");
	while (pos < body.size ()) {
		size_t eol = body.find ("\r\n", pos);
		if (eol == std::string::npos) {
			bad.push_back ("no CRLF at the end: " + body.substr (pos));
			break;
		}
		std::string line = body.substr (pos, eol - pos);
		std::string where = "line " + std::to_string (n + 1) + " (" +
				    std::to_string (line.size ()) + " octets): ";
		if (line.size () > 75)
			bad.push_back (where + "longer than 75 octets: " + line);
		if (line.find_first_of ("\r\n") != std::string::npos)
			bad.push_back (where + "bare CR or LF: " + line);
		if (!g_utf8_validate (line.data (), (gssize) line.size (), nullptr))
			bad.push_back (where + "not UTF-8 on its own (a fold splits a character)");
		if (!line.empty () && (line[0] == ' ' || line[0] == '\t')) {
			folds++;
			if (n == 0)
				bad.push_back (where + "a continuation first");
		} else {
			/* a content line: NAME followed by ';' or ':' */
			size_t i = 0;
			while (i < line.size () && (g_ascii_isupper (line[i]) ||
						    g_ascii_isdigit (line[i]) || line[i] == '-'))
				i++;
			if (i == 0 || i >= line.size () || (line[i] != ':' && line[i] != ';'))
				bad.push_back (
					where +
					"neither a content line nor a continuation: " + line);
		}
		pos = eol + 2;
		n++;
	}
	EXPECT_TRUE (bad.empty ())
		<< bad.size () << " bad lines, the first: " << (bad.empty () ? "" : bad[0]);
	std::string unfolded = unfold (body);
	EXPECT_TRUE (g_utf8_validate (unfolded.data (), (gssize) unfolded.size (), nullptr));
	return folds;
}

static int
count (const std::string &haystack, const std::string &needle)
{
	int n = 0;
	for (size_t p = haystack.find (needle); p != std::string::npos;
	     p = haystack.find (needle, p + 1))
		n++;
	return n;
}

/* the date @days from today in Vietnam (the daemon's today) */
static std::string
vn_date (int days)
{
	GTimeZone *tz = g_time_zone_new_offset (7 * 3600);
	GDateTime *now = g_date_time_new_now (tz);
	GDateTime *d = g_date_time_add_days (now, days);
	gchar *s = g_date_time_format (d, "%Y-%m-%d");
	std::string out (s);
	g_free (s);
	g_date_time_unref (d);
	g_date_time_unref (now);
	g_time_zone_unref (tz);
	return out;
}

static std::string
add_days (const std::string &date, int days)
{
	GDate d;
	g_date_clear (&d, 1);
	g_date_set_parse (&d, date.c_str ());
	if (!g_date_valid (&d))
		return "";
	g_date_add_days (&d, (guint) days);
	char buf[16];
	g_date_strftime (buf, sizeof buf, "%Y-%m-%d", &d);
	return buf;
}

/* seconds of an HTTP date, -1 when it is not one */
static long
http_time (const std::string &value)
{
	return (long) curl_getdate (value.c_str (), nullptr);
}

/* what one event of the API's occurrences must look like in a feed */
struct Expected {
	std::string start, end, status;
	bool operator== (const Expected &o) const
	{
		return start == o.start && end == o.end && status == o.status;
	}
	bool operator<(const Expected &o) const
	{
		return std::tie (start, end, status) < std::tie (o.start, o.end, o.status);
	}
};

static void
PrintTo (const Expected &e, std::ostream *os)
{
	*os << e.start << "/" << e.end << " " << e.status;
}

class Feeds : public ::testing::Test
{
      protected:
	tg_test::TempDir dir;
	std::string state = dir.file ("state");
	std::unique_ptr<Daemon> daemon =
		std::make_unique<Daemon> (state, std::vector<std::string>{"--demo"});
	std::string from = vn_date (-60);
	std::string to = vn_date (180);

	/* creates a token: its id and its secret */
	std::pair<std::string, std::string> token (const std::string &role, const std::string &unit,
						   const std::string &name = "")
	{
		std::string body = "{\"role\":" + jstr (role) + ",\"unit\":" + jstr (unit);
		if (!name.empty ())
			body += ",\"name\":" + jstr (name);
		HttpResult r = daemon->call ("POST", "/api/v1/tokens", body + "}");
		EXPECT_EQ (r.status, 201) << r.body;
		return {r.str ("id"), r.str ("token")};
	}

	HttpResult feed (const std::string &path, const std::vector<std::string> &headers = {})
	{
		return daemon->get (path, headers);
	}

	/* the occurrences the API lists for @unit */
	HttpResult occurrences (const std::string &unit, const std::string &f, const std::string &t)
	{
		HttpResult r = daemon->get ("/api/v1/units/" + unit + "/occurrences?from=" + f +
						    "&to=" + t,
					    {"Accept-Language: vi"});
		EXPECT_EQ (r.status, 200) << r.body;
		return r;
	}

	/* the events a feed of @unit must have for the API's occurrences from..to, by UID */
	std::map<std::string, Expected> expected_events (const std::string &unit,
							 const std::string &f, const std::string &t)
	{
		std::map<std::string, Expected> out;
		HttpResult r = occurrences (unit, f, t);
		JsonArray *list = array_member (root_object (r), "occurrences");
		EXPECT_NE (list, nullptr) << r.body;
		for (guint i = 0; list != nullptr && i < json_array_get_length (list); i++) {
			JsonObject *o = json_array_get_object_element (list, i);
			std::string id = str_member (o, "id");
			std::string status =
				str_member (o, "status") == "cancelled" ? "CANCELLED" : "CONFIRMED";
			JsonObject *m = object_member (o, "meeting");
			EXPECT_EQ (out.count (id + "-meeting@thaogo"), 0u) << id;
			out[id + "-meeting@thaogo"] = {str_member (m, "start"),
						       str_member (m, "end"), status};
			JsonObject *rec = object_member (o, "reception");
			if (opt_member (o, "bridge_of")) {
				EXPECT_EQ (rec, nullptr);
			} else {
				out[id + "-reception@thaogo"] = {str_member (rec, "start"),
								 str_member (rec, "end"), status};
			}
		}
		return out;
	}

	static std::map<std::string, Expected> seen_events (const IcsCalendar &cal)
	{
		std::map<std::string, Expected> out;
		for (const auto &e : cal.events) {
			EXPECT_EQ (out.count (e.uid), 0u) << "UID twice: " << e.uid;
			out[e.uid] = {e.start, e.end, e.status.value_or ("")};
		}
		return out;
	}

	/* the first occurrence of @unit from @days ahead (4 weeks long) whose status is @status */
	std::string find_occurrence (const std::string &unit, int days,
				     const std::string &status = "scheduled",
				     std::string *date = nullptr)
	{
		HttpResult r = occurrences (unit, vn_date (days), vn_date (days + 28));
		JsonArray *list = array_member (root_object (r), "occurrences");
		for (guint i = 0; list != nullptr && i < json_array_get_length (list); i++) {
			JsonObject *o = json_array_get_object_element (list, i);
			if (str_member (o, "status") == status && !opt_member (o, "bridge_of")) {
				if (date != nullptr)
					*date = str_member (o, "date");
				return str_member (o, "id");
			}
		}
		ADD_FAILURE () << "no " << status << " occurrence of " << unit << " from " << days
			       << " days: " << r.body;
		return "";
	}

	/* moves @id from @date to the next day of its week that takes it (+1..+4 days); the
	 * new date, "" when none did */
	std::string move (const std::string &id, const std::string &date,
			  const std::string &extra = "")
	{
		HttpResult r;
		for (int days = 1; days <= 4; days++) {
			std::string to_date = add_days (date, days);
			r = daemon->call ("POST", "/api/v1/occurrences/" + id + "/move",
					  "{\"date\":\"" + to_date +
						  "\",\"reason\":\"Lãnh đạo đi công tác\"" + extra +
						  "}");
			if (r.status == 200)
				return to_date;
		}
		ADD_FAILURE () << "cannot move " << id << ": " << r.body;
		return "";
	}

	/* the province meets online: its meetings are bridge points of every descendant */
	void bridges ()
	{
		HttpResult r = daemon->call ("PUT", "/api/v1/units/74/series",
					     "{\"meeting\":{\"mode\":\"online\",\"online_url\":"
					     "\"https://hop.binhduong.gov.vn/tinh\"}}");
		ASSERT_EQ (r.status, 200) << r.body;
		r = daemon->call (
			"PUT", "/api/v1/units/718/series",
			"{\"meeting\":{\"mode\":\"hybrid\",\"start\":\"13:30\",\"end\":\"15:00\","
			"\"online_url\":\"https://hop.binhduong.gov.vn/tdm\"}}");
		ASSERT_EQ (r.status, 200) << r.body;
	}

	static std::string booking_body (int n, const std::string &occurrence,
					 const std::string &slot)
	{
		gchar *b = g_strdup_printf ("{\"occurrence\":\"%s\",\"slot\":\"%s\",\"requester\":{"
					    "\"kind\":\"citizen\",\"name\":\"Công dân Số %d\","
					    "\"phone\":\"09%08d\",\"email\":\"congdan%d@example."
					    "vn\"},\"topic\":{\"category\":\"late_dossier\","
					    "\"dossier_code\":\"000.00.12.H01-231122-%04d\","
					    "\"summary\":\"Hồ sơ đất đai trễ hạn\"},"
					    "\"language\":\"vi\",\"consent\":true}",
					    occurrence.c_str (), slot.c_str (), n, 40000000 + n, n,
					    1000 + n);
		std::string s (b);
		g_free (b);
		return s;
	}

	/* a confirmed booking @n of @unit's first open session: its id and manage token */
	std::pair<std::string, std::string> book (int n, const std::string &slot,
						  bool confirm = true,
						  const std::string &unit = "74")
	{
		if (open_occurrence[unit].empty ())
			open_occurrence[unit] = find_occurrence (unit, 3);
		HttpResult r = tg_test::http ("POST", daemon->url () + "/api/v1/bookings",
					      booking_body (n, open_occurrence[unit], slot),
					      {"Content-Type: application/json"});
		EXPECT_EQ (r.status, 201) << r.body;
		std::string id = r.str ("booking.id"), tok = r.str ("manage_token");
		if (confirm) {
			HttpResult c = tg_test::http ("POST", daemon->url () + "/api/v1/bookings/" +
								      id + "/confirm?token=" + tok);
			EXPECT_EQ (c.str ("booking.status"), "confirmed") << c.body;
		}
		return {id, tok};
	}
	std::map<std::string, std::string> open_occurrence; /* by unit */

	IcsCalendar parse (const HttpResult &r, const std::string &f, const std::string &t)
	{
		EXPECT_EQ (r.status, 200) << r.body;
		return parse_feed (dir, r.body, f, t);
	}
	IcsCalendar parse (const HttpResult &r)
	{
		return parse (r, from, to);
	}
};

/* ---- 0. the checkers themselves ---- */

static const char *const kGoodIcs =
	"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//test//EN\r\nMETHOD:PUBLISH\r\n"
	"X-WR-CALNAME:A \\\\ B\\, C\r\nX-WR-TIMEZONE:Asia/Ho_Chi_Minh\r\n"
	"REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\nX-PUBLISHED-TTL:PT1H\r\n"
	"BEGIN:VTIMEZONE\r\nTZID:Asia/Ho_Chi_Minh\r\nBEGIN:STANDARD\r\nDTSTART:19750613T000000\r\n"
	"TZOFFSETFROM:+0700\r\nTZOFFSETTO:+0700\r\nTZNAME:+07\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
	"BEGIN:VEVENT\r\nUID:one@test\r\nDTSTAMP:20261124T000000Z\r\nSEQUENCE:3\r\n"
	"DTSTART;TZID=Asia/Ho_Chi_Minh:20261207T080000\r\nDTEND;TZID=Asia/"
	"Ho_Chi_Minh:20261207T100000\r\n"
	"STATUS:CANCELLED\r\nSUMMARY:H\xe1\xbb\x8dp\\, \\; \\\\n\r\n"
	"DESCRIPTION:a\\nb \\\\n c %2C\\,\r\n  d\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

TEST (FeedCheckers, BothParsersReadAHandWrittenFeedAsRfc5545Says)
{
	tg_test::TempDir dir;
	IcsCalendar cal = parse_feed (dir, kGoodIcs, "2026-12-07", "2026-12-07");
	ASSERT_EQ (cal.events.size (), 1u);
	const IcsEvent &e = cal.events[0];
	EXPECT_EQ (e.uid, "one@test");
	EXPECT_EQ (e.start, "2026-12-07T08:00:00+07:00");
	EXPECT_EQ (e.end, "2026-12-07T10:00:00+07:00");
	EXPECT_EQ (e.status, std::string ("CANCELLED"));
	EXPECT_EQ (e.sequence, 3);
	/* one pass over the escapes: an escaped backslash before "n" is no newline */
	EXPECT_EQ (e.summary, std::string ("Họp, ; \\n"));
	EXPECT_EQ (e.description, std::string ("a\nb \\n c %2C, d"));
	EXPECT_EQ (e.location, std::nullopt);
	EXPECT_EQ (cal.props["X-WR-CALNAME"], std::string ("A \\ B, C"));
	EXPECT_EQ (cal.props["REFRESH-INTERVAL"], std::string ("PT1H"));
	EXPECT_EQ (cal.tzids, std::vector<std::string>{"Asia/Ho_Chi_Minh"});
	/* outside the range: nothing */
	EXPECT_TRUE (parse_feed (dir, kGoodIcs, "2026-12-08", "2026-12-31").events.empty ());
	EXPECT_TRUE (parse_feed (dir, kGoodIcs, "2026-11-01", "2026-12-06").events.empty ());
	EXPECT_EQ (expect_well_folded (kGoodIcs), 1);
}

TEST (FeedCheckers, FoldingCheckCatchesBadLines)
{
	/* 76 octets */
	EXPECT_NONFATAL_FAILURE (expect_well_folded ("BEGIN:VCALENDAR\r\nDESCRIPTION:" +
						     std::string (64, 'x') + "\r\n"),
				 "longer than 75 octets");
	/* a fold inside "ạ" (E1 BA A1) */
	EXPECT_NONFATAL_FAILURE (expect_well_folded (
					 "BEGIN:VCALENDAR\r\nSUMMARY:a\xe1\xba\r\n \xa1\r\n"),
				 "not UTF-8 on its own");
	/* a fold without its space */
	EXPECT_NONFATAL_FAILURE (expect_well_folded ("BEGIN:VCALENDAR\r\nSUMMARY:abc\r\ndef\r\n"),
				 "neither a content line nor a continuation");
	/* a bare LF */
	EXPECT_NONFATAL_FAILURE (expect_well_folded ("BEGIN:VCALENDAR\r\nSUMMARY:a\nUID:evil\r\n"),
				 "bare CR or LF");
}

/* ---- 1. the public feed is what the API lists ---- */

struct FeedUnit {
	const char *name;
	const char *unit;
	int bridges; /* how many ancestors' meetings are bridge points of @unit each week (at least)
		      */
};

static void
PrintTo (const FeedUnit &p, std::ostream *os)
{
	*os << p.name;
}

class PublicFeed : public Feeds, public ::testing::WithParamInterface<FeedUnit>
{
};

TEST_P (PublicFeed, BothParsersSeeExactlyTheOccurrencesOfTheApi)
{
	const FeedUnit &p = GetParam ();
	bridges ();
	/* a cancelled provincial meeting, a moved one, and a moved session of the unit itself */
	std::string cancelled = find_occurrence ("74", 14);
	ASSERT_EQ (daemon->call ("POST", "/api/v1/occurrences/" + cancelled + "/cancel",
				 "{\"reason\":\"Hội nghị tổng kết\"}")
			   .status,
		   200);
	std::string moved_date;
	std::string moved = find_occurrence ("74", 35, "scheduled", &moved_date);
	std::string new_date = move (moved, moved_date, ",\"meeting_start\":\"14:00\"");
	ASSERT_FALSE (new_date.empty ());
	if (std::string (p.unit) != "74") {
		std::string own_date;
		std::string own = find_occurrence (p.unit, 50, "scheduled", &own_date);
		ASSERT_FALSE (move (own, own_date).empty ());
	}

	HttpResult r = feed (std::string ("/feeds/units/") + p.unit + ".ics");
	ASSERT_EQ (r.status, 200) << r.body;
	EXPECT_EQ (r.headers["content-type"], "text/calendar; charset=utf-8");
	EXPECT_EQ (r.headers["cache-control"].rfind ("public", 0), 0u)
		<< r.headers["cache-control"];
	EXPECT_FALSE (r.headers["etag"].empty ());
	EXPECT_GT (http_time (r.headers["last-modified"]), 0);
	IcsCalendar cal = parse (r);
	ASSERT_TRUE (cal.parsed);

	std::map<std::string, Expected> want = expected_events (p.unit, from, to);
	std::map<std::string, Expected> seen = seen_events (cal);
	ASSERT_GT (want.size (), 50u);
	EXPECT_EQ (cal.events.size (), want.size ());
	EXPECT_EQ (seen, want);

	/* every time is in Vietnam's offset; the bridge points keep the ancestor's UID */
	int n_bridges = 0, n_cancelled = 0;
	for (const auto &e : cal.events) {
		EXPECT_EQ (e.start.substr (19), "+07:00") << e.uid;
		EXPECT_EQ (e.end.substr (19), "+07:00") << e.uid;
		if (e.uid.rfind (std::string (p.unit) + "-", 0) != 0) {
			n_bridges++;
			EXPECT_NE (e.uid.find ("-meeting@thaogo"), std::string::npos) << e.uid;
			/* one text for one UID in every feed: the bridge is said in the
			 * description, which is the same everywhere */
			EXPECT_EQ (e.summary.value_or ("").find ("Điểm cầu"), std::string::npos)
				<< e.uid;
		}
		if (e.status == std::string ("CANCELLED"))
			n_cancelled++;
	}
	EXPECT_GE (n_bridges, p.bridges * 30) << "bridge points";
	EXPECT_GE (n_cancelled, 1);
	const IcsEvent *c = cal.find (cancelled + "-meeting@thaogo");
	ASSERT_NE (c, nullptr);
	EXPECT_EQ (c->status, std::string ("CANCELLED"));
	const IcsEvent *m = cal.find (moved + "-meeting@thaogo");
	ASSERT_NE (m, nullptr);
	EXPECT_EQ (m->start, new_date + "T14:00:00+07:00");

	/* the calendar's own properties */
	EXPECT_EQ (cal.props["METHOD"], std::string ("PUBLISH"));
	EXPECT_EQ (cal.props["REFRESH-INTERVAL"], std::string ("PT1H"));
	EXPECT_EQ (cal.props["X-PUBLISHED-TTL"], std::string ("PT1H"));
	EXPECT_EQ (cal.props["X-WR-TIMEZONE"], std::string ("Asia/Ho_Chi_Minh"));
	EXPECT_EQ (cal.tzids, std::vector<std::string>{"Asia/Ho_Chi_Minh"});
	HttpResult unit = daemon->get (std::string ("/api/v1/units/") + p.unit);
	EXPECT_EQ (cal.props["X-WR-CALNAME"], "Ngày tháo gỡ vướng mắc – " + unit.str ("unit.name"));
	expect_well_folded (r.body);

	/* a narrower range gives exactly the API's narrower list too */
	std::string f2 = vn_date (10), t2 = vn_date (40);
	IcsCalendar part = parse (r, f2, t2);
	EXPECT_EQ (seen_events (part), expected_events (p.unit, f2, t2));
}

INSTANTIATE_TEST_SUITE_P (Feeds, PublicFeed,
			  ::testing::Values (FeedUnit{"province", "74", 0},
					     FeedUnit{"district_hybrid", "718", 1},
					     FeedUnit{"commune_two_bridges", "25747", 2},
					     FeedUnit{"commune_of_another_district", "25795", 1}),
			  [] (const ::testing::TestParamInfo<FeedUnit> &info) {
				  return info.param.name;
			  });

TEST_F (Feeds, UnknownUnitsAndBadNames)
{
	for (const char *path : {"/feeds/units/99999.ics", "/feeds/units/74", "/feeds/units/.ics",
				 "/feeds/units/7a.ics", "/feeds/staff/x.ics",
				 "/feeds/staff/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics"}) {
		HttpResult r = feed (path);
		EXPECT_EQ (r.status, 404) << path << ": " << r.body;
		EXPECT_EQ (r.str ("error.code"), "not_found") << path;
	}
}

/* SERVER BUG: the feed's reception LOCATION of a commune is not the venue the API shows.
 * tg_engine_default_venues (src/engine/tg-engine-feeds.c) writes "Trung tâm Hành chính
 * công, <name>" for every unit, while the API (tg_http_fill_default_venue,
 * src/http/tg-http-calendar.c) gives a commune "Bộ phận Một cửa, <name>". Reproduce:
 * thaogod --demo; GET /api/v1/units/25747/occurrences -> reception.venue "Bộ phận Một cửa,
 * Phường Phú Cường"; GET /feeds/units/25747.ics -> LOCATION:Trung tâm Hành chính công\,
 * Phường Phú Cường. Remove the skip when fixed. */
TEST_F (Feeds, ReceptionLocationIsTheVenueOfTheApi)
{
	for (const char *unit : {"74", "718", "25747"}) {
		HttpResult list = occurrences (unit, from, to);
		IcsCalendar cal = parse (feed (std::string ("/feeds/units/") + unit + ".ics"));
		JsonArray *a = array_member (root_object (list), "occurrences");
		ASSERT_NE (a, nullptr);
		int wrong = 0;
		std::string first;
		for (guint i = 0; i < json_array_get_length (a); i++) {
			JsonObject *o = json_array_get_object_element (a, i);
			JsonObject *rec = object_member (o, "reception");
			if (rec == nullptr)
				continue;
			const IcsEvent *e = cal.find (str_member (o, "id") + "-reception@thaogo");
			ASSERT_NE (e, nullptr) << str_member (o, "id");
			if (e->location != opt_member (rec, "venue") && wrong++ == 0)
				first = str_member (o, "id") + ": LOCATION \"" +
					e->location.value_or ("(none)") + "\", the API's venue \"" +
					str_member (rec, "venue") + "\"";
		}
		EXPECT_EQ (wrong, 0) << "unit " << unit << ", the first: " << first;
	}
}

/* ---- 2. SEQUENCE only goes up, across changes and restarts ---- */

TEST_F (Feeds, SequenceOnlyGoesUpAcrossChangesAndRestarts)
{
	std::string cancel_date, move_date, edit_date;
	std::string to_cancel = find_occurrence ("74", 14, "scheduled", &cancel_date);
	std::string to_move = find_occurrence ("74", 21, "scheduled", &move_date);
	ASSERT_NE (to_move, to_cancel);
	std::string to_edit = find_occurrence ("74", 60, "scheduled", &edit_date);
	std::map<std::string, gint64> max_seen;
	auto fetch = [&] () {
		HttpResult r = feed ("/feeds/units/74.ics");
		IcsCalendar cal = parse (r);
		for (const auto &e : cal.events) {
			EXPECT_GE (e.sequence, 0) << e.uid;
			if (max_seen.count (e.uid)) {
				EXPECT_GE (e.sequence, max_seen[e.uid])
					<< "SEQUENCE went down: " << e.uid;
			}
			max_seen[e.uid] = std::max (max_seen[e.uid], e.sequence);
		}
		return cal;
	};
	auto seq = [] (const IcsCalendar &cal, const std::string &uid) {
		const IcsEvent *e = cal.find (uid);
		EXPECT_NE (e, nullptr) << uid;
		return e != nullptr ? e->sequence : -1;
	};
	const std::string c_meet = to_cancel + "-meeting@thaogo",
			  c_rec = to_cancel + "-reception@thaogo";
	const std::string m_meet = to_move + "-meeting@thaogo",
			  m_rec = to_move + "-reception@thaogo";
	const std::string e_meet = to_edit + "-meeting@thaogo";

	IcsCalendar first = fetch ();
	/* nothing changed: the same sequences on a second fetch */
	EXPECT_EQ (fetch ().sequences (), first.sequences ());

	/* cancelled: stays in the feed, CANCELLED, with a higher SEQUENCE */
	ASSERT_EQ (daemon->call ("POST", "/api/v1/occurrences/" + to_cancel + "/cancel",
				 "{\"reason\":\"Hội nghị tổng kết\"}")
			   .status,
		   200);
	IcsCalendar after_cancel = fetch ();
	for (const auto &uid : {c_meet, c_rec}) {
		const IcsEvent *e = after_cancel.find (uid);
		ASSERT_NE (e, nullptr) << uid;
		EXPECT_EQ (e->status, std::string ("CANCELLED")) << uid;
		EXPECT_GT (e->sequence, seq (first, uid)) << uid;
		EXPECT_NE (e->description.value_or ("").find ("Hội nghị tổng kết"),
			   std::string::npos)
			<< uid;
	}
	EXPECT_EQ (after_cancel.events.size (), first.events.size ());

	/* moved: new DTSTART, same UID, higher SEQUENCE */
	std::string new_date = move (to_move, move_date,
				     ",\"meeting_start\":\"14:00\",\"reception_start\":\"16:00\"");
	ASSERT_FALSE (new_date.empty ());
	HttpResult r;
	IcsCalendar after_move = fetch ();
	const IcsEvent *mm = after_move.find (m_meet);
	ASSERT_NE (mm, nullptr);
	EXPECT_EQ (mm->start, new_date + "T14:00:00+07:00");
	EXPECT_EQ (mm->end, new_date + "T16:00:00+07:00");
	EXPECT_EQ (mm->status, std::string ("CONFIRMED"));
	EXPECT_GT (mm->sequence, seq (first, m_meet));
	const IcsEvent *mr = after_move.find (m_rec);
	ASSERT_NE (mr, nullptr);
	EXPECT_EQ (mr->start, new_date + "T16:00:00+07:00");
	EXPECT_GT (mr->sequence, seq (first, m_rec));
	/* what did not change kept its sequence */
	EXPECT_EQ (seq (after_move, c_meet), seq (after_cancel, c_meet));
	EXPECT_EQ (seq (after_move, e_meet), seq (first, e_meet));

	/* an agenda */
	r = daemon->call ("PATCH", "/api/v1/occurrences/" + to_edit,
			  "{\"agenda\":\"Hồ sơ đất đai trễ hạn\"}");
	ASSERT_EQ (r.status, 200) << r.body;
	IcsCalendar after_edit = fetch ();
	EXPECT_GT (seq (after_edit, e_meet), seq (first, e_meet));
	HttpResult before_restart = feed ("/feeds/units/74.ics");

	/* a restart shows the same sequences, the same ETag, and answers the old one with 304 */
	EXPECT_EQ (daemon->stop (), 0);
	daemon = std::make_unique<Daemon> (state);
	HttpResult again = feed ("/feeds/units/74.ics");
	IcsCalendar after_restart = fetch ();
	EXPECT_EQ (after_restart.sequences (), after_edit.sequences ());
	EXPECT_EQ (again.headers["etag"], before_restart.headers["etag"]);
	EXPECT_EQ (again.headers["last-modified"], before_restart.headers["last-modified"]);
	EXPECT_EQ (feed ("/feeds/units/74.ics",
			 {"If-None-Match: " + before_restart.headers["etag"]})
			   .status,
		   304);

	/* a change after the restart: up by one, the others as they were */
	r = daemon->call ("PATCH", "/api/v1/occurrences/" + to_move,
			  "{\"agenda\":\"Ý kiến doanh nghiệp\"}");
	ASSERT_EQ (r.status, 200) << r.body;
	IcsCalendar after_change = fetch ();
	EXPECT_EQ (seq (after_change, m_meet), seq (after_restart, m_meet) + 1);
	std::map<std::string, gint64> others = after_change.sequences (),
				      before = after_restart.sequences ();
	others.erase (m_meet);
	before.erase (m_meet);
	EXPECT_EQ (others, before);

	/* and one more restart with a change of a cancelled occurrence */
	EXPECT_EQ (daemon->stop (), 0);
	daemon = std::make_unique<Daemon> (state);
	r = daemon->call ("PATCH", "/api/v1/occurrences/" + to_cancel,
			  "{\"agenda\":\"Không họp\"}");
	ASSERT_EQ (r.status, 200) << r.body;
	IcsCalendar last = fetch ();
	EXPECT_EQ (seq (last, c_meet), seq (after_change, c_meet) + 1);
	EXPECT_EQ (last.find (c_meet) != nullptr ? last.find (c_meet)->status : std::nullopt,
		   std::string ("CANCELLED"));
	EXPECT_EQ (seq (last, m_meet), seq (after_change, m_meet));
}

/* SERVER BUG: the SEQUENCE of a provincial online meeting goes up with no change at all,
 * each time the province's feed and a descendant's feed are rebuilt in turn. The event has
 * one UID in both (a bridge point keeps the ancestor's UID) but another SUMMARY ("Điểm cầu:
 * họp Ban Chỉ đạo" in the descendant), and ical_events keeps one content hash per UID, so
 * each feed sees the other's hash as a change (SEQUENCE + 1, new LAST-MODIFIED, new ETag,
 * no 304). Reproduce: thaogod --demo; PUT /api/v1/units/74/series {"meeting":{"mode":
 * "online","online_url":"https://x.vn/a"}}; then three times: GET /feeds/units/74.ics,
 * GET /feeds/units/25747.ics, PATCH /api/v1/occurrences/<another 74 occurrence>
 * {"agenda":"xN"}: the SEQUENCE of an untouched 74 meeting reads 0,1,2,3,4,5. */
/* Who chairs: the series' leader by default, a vice-chairman for one session (delegation);
 * in the JSON and the meeting's DESCRIPTION, and a change of chair is a new SEQUENCE */
TEST_F (Feeds, WhoChairsIsInTheMeetingAndADelegationBumpsItsSequence)
{
	std::string date, other_date;
	std::string one = find_occurrence ("74", 14, "scheduled", &date);
	std::string other = find_occurrence ("74", 28, "scheduled", &other_date);
	ASSERT_NE (one, other);
	HttpResult r = daemon->call ("PUT", "/api/v1/units/74/series",
				     "{\"meeting\":{\"chair\":{\"name\":\"Võ Văn Minh\","
				     "\"title\":\"Chủ tịch UBND tỉnh\"}}}");
	ASSERT_EQ (r.status, 200) << r.body;
	EXPECT_EQ (r.str ("series.meeting.chair.name"), "Võ Văn Minh") << r.body;
	auto description = [] (const IcsCalendar &cal, const std::string &occ) {
		const IcsEvent *e = cal.find (occ + "-meeting@thaogo");
		EXPECT_NE (e, nullptr) << occ;
		return e != nullptr ? e->description.value_or ("") : std::string ();
	};
	auto sequence = [] (const IcsCalendar &cal, const std::string &occ) {
		const IcsEvent *e = cal.find (occ + "-meeting@thaogo");
		return e != nullptr ? e->sequence : -1;
	};
	IcsCalendar first = parse (feed ("/feeds/units/74.ics"));
	EXPECT_NE (description (first, one).find ("Chủ trì: Võ Văn Minh, Chủ tịch UBND tỉnh"),
		   std::string::npos)
		<< description (first, one);

	/* a vice-chairman chairs one session */
	r = daemon->call ("PATCH", "/api/v1/occurrences/" + one,
			  "{\"chair\":{\"name\":\"Nguyễn Lộc Hà\",\"title\":\"Phó Chủ tịch UBND "
			  "tỉnh\"}}");
	ASSERT_EQ (r.status, 200) << r.body;
	r = daemon->get ("/api/v1/occurrences/" + one);
	EXPECT_EQ (r.str ("occurrence.meeting.chair.name"), "Nguyễn Lộc Hà") << r.body;
	EXPECT_EQ (r.str ("occurrence.meeting.chair.title"), "Phó Chủ tịch UBND tỉnh");
	IcsCalendar delegated = parse (feed ("/feeds/units/74.ics"));
	EXPECT_NE (description (delegated, one).find ("Chủ trì: Nguyễn Lộc Hà, Phó Chủ tịch"),
		   std::string::npos)
		<< description (delegated, one);
	EXPECT_EQ (description (delegated, one).find ("Võ Văn Minh"), std::string::npos);
	EXPECT_GT (sequence (delegated, one), sequence (first, one));
	/* the other sessions keep the series' chair and their sequence */
	EXPECT_NE (description (delegated, other).find ("Võ Văn Minh"), std::string::npos);
	EXPECT_EQ (sequence (delegated, other), sequence (first, other));

	/* bad input: one clean line of at most 200 characters, a title needs a name */
	std::string long_name (201, 'a');
	for (const auto &[body, field] : std::vector<std::pair<std::string, std::string>>{
		     {"{\"chair\":{\"name\":\"A\\r\\nDESCRIPTION:x\"}}", "chair.name"},
		     {"{\"chair\":{\"name\":\"" + long_name + "\"}}", "chair.name"},
		     {"{\"chair\":{\"title\":\"Phó Chủ tịch\"}}", "chair.name"},
		     {"{\"chair\":{\"name\":12}}", "chair.name"}}) {
		r = daemon->call ("PATCH", "/api/v1/occurrences/" + one, body);
		EXPECT_EQ (r.status, 422) << body << " " << r.body;
		EXPECT_EQ (r.str ("error.field"), field) << body << " " << r.body;
	}
	r = daemon->call ("PUT", "/api/v1/units/74/series",
			  "{\"meeting\":{\"chair\":{\"name\":\"x\\ny\"}}}");
	EXPECT_EQ (r.status, 422) << r.body;
	EXPECT_EQ (r.str ("error.field"), "meeting.chair.name") << r.body;
	/* another district's secretary may not name who chairs the province's session */
	auto secretary = token ("secretary", "718");
	r = daemon->call ("PATCH", "/api/v1/occurrences/" + one,
			  "{\"chair\":{\"name\":\"Người khác\"}}", &secretary.second);
	EXPECT_EQ (r.status, 403) << r.body;
	IcsCalendar unchanged = parse (feed ("/feeds/units/74.ics"));
	EXPECT_EQ (unchanged.sequences (), delegated.sequences ());
	EXPECT_EQ (feed ("/feeds/units/74.ics").body.find ("DESCRIPTION:x"), std::string::npos);

	/* an empty name gives the session back the series' chair, with a new sequence */
	r = daemon->call ("PATCH", "/api/v1/occurrences/" + one, "{\"chair\":{\"name\":\"\"}}");
	ASSERT_EQ (r.status, 200) << r.body;
	IcsCalendar back = parse (feed ("/feeds/units/74.ics"));
	EXPECT_NE (description (back, one).find ("Võ Văn Minh"), std::string::npos);
	EXPECT_GT (sequence (back, one), sequence (delegated, one));
}

TEST_F (Feeds, BridgeMeetingSequenceIsStableAcrossFeeds)
{
	bridges ();
	std::string untouched = find_occurrence ("74", 21) + "-meeting@thaogo";
	std::string edited = find_occurrence ("74", 60);
	std::set<gint64> province, commune;
	for (int i = 0; i < 3; i++) {
		IcsCalendar p = parse (feed ("/feeds/units/74.ics"));
		IcsCalendar c = parse (feed ("/feeds/units/25747.ics"));
		ASSERT_NE (p.find (untouched), nullptr);
		ASSERT_NE (c.find (untouched), nullptr);
		province.insert (p.find (untouched)->sequence);
		commune.insert (c.find (untouched)->sequence);
		ASSERT_EQ (daemon->call ("PATCH", "/api/v1/occurrences/" + edited,
					 "{\"agenda\":\"x" + std::to_string (i) + "\"}")
				   .status,
			   200);
	}
	EXPECT_EQ (province, std::set<gint64>{0});
	EXPECT_EQ (commune, std::set<gint64>{0});
}

/* ---- 3. ETag, Last-Modified and 304 ---- */

enum class FeedKind { unit, staff, booking };

struct ConditionalCase {
	const char *name;
	FeedKind kind;
};

static void
PrintTo (const ConditionalCase &p, std::ostream *os)
{
	*os << p.name;
}

class Conditional : public Feeds, public ::testing::WithParamInterface<ConditionalCase>
{
      protected:
	std::string booking_id, booking_token;
	std::string edited;

	/* the path of the feed under test */
	std::string setup ()
	{
		edited = find_occurrence ("74", 40);
		if (GetParam ().kind == FeedKind::unit)
			return "/feeds/units/74.ics";
		if (GetParam ().kind == FeedKind::staff) {
			auto staff = token ("staff", "74", "Sở Nội vụ");
			HttpResult r = daemon->call ("POST", "/api/v1/feeds", "", &staff.second);
			EXPECT_EQ (r.status, 201) << r.body;
			std::string url = r.str ("url");
			return url.substr (daemon->url ().size ());
		}
		auto b = book (1, "10:30");
		booking_id = b.first;
		booking_token = b.second;
		return "/api/v1/bookings/" + booking_id + ".ics?token=" + booking_token;
	}

	/* a change of what the feed shows */
	void change ()
	{
		if (GetParam ().kind == FeedKind::booking) {
			HttpResult r =
				tg_test::http ("POST",
					       daemon->url () + "/api/v1/bookings/" + booking_id +
						       "/reschedule?token=" + booking_token,
					       "{\"occurrence\":\"" + open_occurrence["74"] +
						       "\",\"slot\":\"11:00\"}",
					       {"Content-Type: application/json"});
			ASSERT_EQ (r.status, 200) << r.body;
			return;
		}
		HttpResult r = daemon->call ("PATCH", "/api/v1/occurrences/" + edited,
					     "{\"agenda\":\"Chương trình mới\"}");
		ASSERT_EQ (r.status, 200) << r.body;
	}
};

TEST_P (Conditional, EtagLastModifiedAnd304)
{
	TG_TEST_SKIP_WITHOUT_HOOKS ();
	std::string path = setup ();
	ASSERT_FALSE (path.empty ());
	HttpResult a = feed (path);
	HttpResult b = feed (path);
	ASSERT_EQ (a.status, 200) << a.body;
	std::string etag = a.headers["etag"], lm = a.headers["last-modified"];
	ASSERT_FALSE (etag.empty ());
	EXPECT_EQ (etag.front (), '"');
	EXPECT_EQ (etag.back (), '"');
	ASSERT_GT (http_time (lm), 0) << lm;
	EXPECT_EQ (b.status, 200);
	EXPECT_EQ (b.headers["etag"], etag);
	EXPECT_EQ (b.headers["last-modified"], lm);
	EXPECT_EQ (b.body, a.body);

	struct {
		std::vector<std::string> headers;
		long status;
	} cases[] = {
		{{"If-None-Match: " + etag}, 304},
		{{"If-None-Match: \"nope\", " + etag}, 304},
		{{"If-None-Match: W/" + etag}, 304}, /* weak comparison (RFC 9110 13.1.2) */
		{{"If-None-Match: *"}, 304},
		{{"If-None-Match: \"nope\""}, 200},
		{{"If-Modified-Since: " + lm}, 304},
		{{"If-Modified-Since: Thu, 01 Jan 2026 00:00:00 GMT"}, 200},
		{{"If-Modified-Since: not a date"}, 200},
		/* If-None-Match wins over If-Modified-Since */
		{{"If-None-Match: \"nope\"", "If-Modified-Since: " + lm}, 200},
	};
	for (const auto &c : cases) {
		HttpResult r = feed (path, c.headers);
		EXPECT_EQ (r.status, c.status) << c.headers[0];
		if (c.status == 304) {
			EXPECT_EQ (r.body, "") << c.headers[0];
			EXPECT_EQ (r.headers["etag"], etag) << c.headers[0];
		} else {
			EXPECT_EQ (r.body, a.body) << c.headers[0];
		}
	}

	/* a change a second later (the daemon's clock moved): another ETag, a later
	 * Last-Modified, 200 to the old validators */
	tg_test::advance_clock (*daemon, 1);
	change ();
	HttpResult c = feed (path, {"If-None-Match: " + etag});
	EXPECT_EQ (c.status, 200);
	EXPECT_NE (c.headers["etag"], etag);
	EXPECT_GT (http_time (c.headers["last-modified"]), http_time (lm));
	EXPECT_NE (c.body, a.body);
	EXPECT_EQ (feed (path, {"If-Modified-Since: " + lm}).status, 200);
	EXPECT_EQ (feed (path, {"If-None-Match: " + c.headers["etag"]}).status, 304);
	(void) parse (c);
}

INSTANTIATE_TEST_SUITE_P (Feeds, Conditional,
			  ::testing::Values (ConditionalCase{"unit", FeedKind::unit},
					     ConditionalCase{"staff", FeedKind::staff},
					     ConditionalCase{"booking", FeedKind::booking}),
			  [] (const ::testing::TestParamInfo<ConditionalCase> &info) {
				  return info.param.name;
			  });

/* SERVER BUG: Last-Modified is the newest LAST-MODIFIED of the events still in the feed, so
 * when events leave the feed (the province stops meeting online and its bridge points go)
 * the body and ETag change but Last-Modified does not, and a client that revalidates with
 * If-Modified-Since gets 304 and keeps the meetings that are gone. Reproduce: thaogod
 * --demo; PUT /api/v1/units/74/series {"meeting":{"mode":"online","online_url":
 * "https://x.vn/a"}}; GET /feeds/units/25747.ics (Last-Modified L, ~196 events); wait 2 s;
 * PUT /api/v1/units/74/series {"meeting":{"mode":"in_person"}}; GET /feeds/units/25747.ics
 * with If-Modified-Since: L -> 304 (a plain GET gives ~131 events, Last-Modified still L). */
TEST_F (Feeds, LastModifiedMovesWhenEventsLeaveTheFeed)
{
	TG_TEST_SKIP_WITHOUT_HOOKS ();
	HttpResult r = daemon->call ("PUT", "/api/v1/units/74/series",
				     "{\"meeting\":{\"mode\":\"online\",\"online_url\":\"https://"
				     "hop.binhduong.gov.vn/tinh\"}}");
	ASSERT_EQ (r.status, 200) << r.body;
	HttpResult a = feed ("/feeds/units/25747.ics");
	ASSERT_EQ (a.status, 200);
	tg_test::advance_clock (*daemon, 1);
	r = daemon->call ("PUT", "/api/v1/units/74/series",
			  "{\"meeting\":{\"mode\":\"in_person\"}}");
	ASSERT_EQ (r.status, 200) << r.body;
	HttpResult b = feed ("/feeds/units/25747.ics",
			     {"If-Modified-Since: " + a.headers["last-modified"]});
	EXPECT_EQ (b.status, 200);
	EXPECT_LT (count (b.body, "BEGIN:VEVENT"), count (a.body, "BEGIN:VEVENT"));
	EXPECT_GT (http_time (b.headers["last-modified"]), http_time (a.headers["last-modified"]));
}

/* ---- 4. the staff feed ---- */

TEST_F (Feeds, StaffFeedShowsTheUnitAndTheAssignedBookingsWithoutPhoneOrEmail)
{
	auto assigned = book (1, "10:00");
	auto unassigned = book (2, "10:15");
	auto pending = book (3, "10:30", false); /* assigned but not confirmed: tentative */
	auto secretary = token ("secretary", "74");
	auto staff = token ("staff", "74", "Sở Tài nguyên và Môi trường");
	std::string none;

	/* any valid token may have a feed; none may not */
	HttpResult r = daemon->call ("POST", "/api/v1/feeds", "", &none);
	EXPECT_EQ (r.status, 401) << r.body;
	r = daemon->call ("POST", "/api/v1/feeds", "", &staff.second);
	ASSERT_EQ (r.status, 201) << r.body;
	std::string url = r.str ("url");
	ASSERT_EQ (url.rfind (daemon->url () + "/feeds/staff/", 0), 0u) << url;
	ASSERT_EQ (url.substr (url.size () - 4), ".ics");
	EXPECT_EQ (r.str ("webcal"), "webcal://" + url.substr (url.find ("://") + 3));
	std::string secret =
		url.substr (daemon->url ().size () + 13, url.size () - daemon->url ().size () - 17);
	EXPECT_GE (secret.size (), 22u) << "at least 128 bits";
	EXPECT_EQ (daemon->stderr_text ().find (secret), std::string::npos)
		<< "the secret is in the log";

	for (const auto &b : {assigned, pending}) {
		r = daemon->call ("PATCH", "/api/v1/bookings/" + b.first,
				  "{\"assignee\":" + jstr (staff.first) + "}", &secretary.second);
		ASSERT_EQ (r.status, 200) << r.body;
	}

	HttpResult f = tg_test::http ("GET", url);
	ASSERT_EQ (f.status, 200) << f.body;
	EXPECT_EQ (f.headers["content-type"], "text/calendar; charset=utf-8");
	EXPECT_EQ (f.headers["cache-control"].rfind ("private", 0), 0u)
		<< f.headers["cache-control"];
	IcsCalendar cal = parse (f);
	expect_well_folded (f.body);
	const IcsEvent *e = cal.find (assigned.first + "@thaogo");
	ASSERT_NE (e, nullptr) << f.body;
	EXPECT_NE (e->summary.value_or ("").find ("Công dân Số 1"), std::string::npos)
		<< e->summary.value_or ("");
	EXPECT_NE (e->description.value_or ("").find ("000.00.12.H01-231122-1001"),
		   std::string::npos);
	EXPECT_EQ (e->status, std::string ("CONFIRMED"));
	HttpResult bk =
		daemon->get ("/api/v1/bookings/" + assigned.first + "?token=" + assigned.second);
	EXPECT_EQ (e->start, bk.str ("booking.slot.start"));
	EXPECT_EQ (e->end, bk.str ("booking.slot.end"));
	const IcsEvent *t = cal.find (pending.first + "@thaogo");
	ASSERT_NE (t, nullptr);
	EXPECT_EQ (t->status, std::string ("TENTATIVE"));
	EXPECT_EQ (cal.find (unassigned.first + "@thaogo"), nullptr);
	/* the unit's meetings and sessions are there too */
	std::map<std::string, Expected> want = expected_events ("74", from, to);
	for (const auto &w : want)
		EXPECT_NE (cal.find (w.first), nullptr) << w.first;
	EXPECT_EQ (cal.events.size (), want.size () + 2);

	/* never a phone or an email; nothing at all of the unassigned booking */
	std::string text = unfold (f.body);
	for (const char *never :
	     {"0940000001", "congdan1@example.vn", "0940000003", "congdan3@example.vn",
	      "Công dân Số 2", "0940000002", "congdan2@example.vn", "231122-1002"})
		EXPECT_EQ (text.find (never), std::string::npos) << never;

	/* the public feed has no personal data of anyone */
	HttpResult pub = feed ("/feeds/units/74.ics");
	std::string pub_text = unfold (pub.body);
	for (int n = 1; n <= 3; n++) {
		for (const std::string &never :
		     {"Công dân Số " + std::to_string (n), "094000000" + std::to_string (n),
		      "congdan" + std::to_string (n) + "@example.vn",
		      "231122-100" + std::to_string (n)})
			EXPECT_EQ (pub_text.find (never), std::string::npos) << never;
	}
	for (const auto &b : {assigned, unassigned, pending})
		EXPECT_EQ (pub_text.find (b.first), std::string::npos);
	EXPECT_EQ (parse (pub).events.size (), want.size ());

	/* a rotation gives a new URL; the old one is gone */
	r = daemon->call ("POST", "/api/v1/feeds", "", &staff.second);
	ASSERT_EQ (r.status, 201) << r.body;
	std::string url2 = r.str ("url");
	EXPECT_NE (url2, url);
	HttpResult old = tg_test::http ("GET", url);
	EXPECT_EQ (old.status, 404);
	EXPECT_EQ (old.str ("error.code"), "not_found");
	HttpResult now = tg_test::http ("GET", url2);
	EXPECT_EQ (now.status, 200);
	EXPECT_EQ (parse (now).sequences (), cal.sequences ());

	/* the feed shows 90 days back, like its meetings: past that, an assigned booking
	 * leaves it (the feed never reads every booking ever assigned) */
	if (tg_test::has_test_hooks ()) {
		tg_test::advance_clock (*daemon, 120 * 86400);
		HttpResult later = tg_test::http ("GET", url2);
		ASSERT_EQ (later.status, 200);
		EXPECT_EQ (parse (later).find (assigned.first + "@thaogo"), nullptr);
	}

	/* a revoked token takes its feed with it, at once */
	EXPECT_EQ (daemon->call ("DELETE", "/api/v1/tokens/" + staff.first).status, 204);
	EXPECT_EQ (tg_test::http ("GET", url2).status, 404);
	EXPECT_EQ (tg_test::http ("GET", url).status, 404);
	r = daemon->call ("POST", "/api/v1/feeds", "", &staff.second);
	EXPECT_EQ (r.status, 401) << r.body;
}

TEST_F (Feeds, StaffFeedOfACommuneHasTheBridgePointsAndFollowsAssignment)
{
	bridges ();
	auto sec = token ("secretary", "25747", "Văn phòng phường");
	HttpResult r = daemon->call ("POST", "/api/v1/feeds", "", &sec.second);
	ASSERT_EQ (r.status, 201) << r.body;
	HttpResult f = tg_test::http ("GET", r.str ("url"));
	IcsCalendar cal = parse (f);
	EXPECT_EQ (seen_events (cal), expected_events ("25747", from, to));
	EXPECT_NE (cal.props["X-WR-CALNAME"].value_or ("").find ("Văn phòng phường"),
		   std::string::npos);

	/* a booking of the commune assigned and then given to someone else comes and goes */
	auto b = book (4, "10:45", true, "25747");
	auto other = token ("staff", "25747");
	r = daemon->call ("PATCH", "/api/v1/bookings/" + b.first,
			  "{\"assignee\":" + jstr (sec.first) + "}", &sec.second);
	ASSERT_EQ (r.status, 200) << r.body;
	HttpResult again = daemon->call ("POST", "/api/v1/feeds", "", &sec.second);
	ASSERT_EQ (again.status, 201);
	IcsCalendar assigned = parse (tg_test::http ("GET", again.str ("url")));
	EXPECT_NE (assigned.find (b.first + "@thaogo"), nullptr);
	r = daemon->call ("PATCH", "/api/v1/bookings/" + b.first,
			  "{\"assignee\":" + jstr (other.first) + "}", &sec.second);
	ASSERT_EQ (r.status, 200) << r.body;
	IcsCalendar reassigned = parse (tg_test::http ("GET", again.str ("url")));
	EXPECT_EQ (reassigned.find (b.first + "@thaogo"), nullptr);
}

/* ---- 5. one booking as .ics ---- */

TEST_F (Feeds, OneBookingAsIcsWithTheManageToken)
{
	auto b = book (5, "11:15", false);
	std::string path = "/api/v1/bookings/" + b.first + ".ics?token=";
	HttpResult r = feed (path + b.second);
	ASSERT_EQ (r.status, 200) << r.body;
	EXPECT_EQ (r.headers["content-type"], "text/calendar; charset=utf-8");
	EXPECT_NE (r.headers["cache-control"].find ("private"), std::string::npos);
	expect_well_folded (r.body);
	HttpResult bk = daemon->get ("/api/v1/bookings/" + b.first + "?token=" + b.second);
	IcsCalendar cal = parse (r, vn_date (-400), vn_date (400));
	ASSERT_EQ (cal.events.size (), 1u) << r.body;
	const IcsEvent &e = cal.events[0];
	EXPECT_EQ (e.uid, b.first + "@thaogo");
	EXPECT_EQ (e.start, bk.str ("booking.slot.start"));
	EXPECT_EQ (e.end, bk.str ("booking.slot.end"));
	EXPECT_EQ (e.status, std::string ("TENTATIVE")); /* not confirmed yet */
	EXPECT_EQ (cal.tzids, std::vector<std::string>{"Asia/Ho_Chi_Minh"});
	EXPECT_EQ (cal.props["REFRESH-INTERVAL"], std::string ("PT1H"));
	std::string text = unfold (r.body);
	EXPECT_EQ (text.find ("0940000005"), std::string::npos);
	EXPECT_EQ (text.find ("congdan5@example.vn"), std::string::npos);
	EXPECT_EQ (text.find (b.second), std::string::npos);

	/* confirmed, then cancelled: same UID, status follows, SEQUENCE goes up */
	ASSERT_EQ (tg_test::http ("POST", daemon->url () + "/api/v1/bookings/" + b.first +
						  "/confirm?token=" + b.second)
			   .status,
		   200);
	IcsCalendar confirmed = parse (feed (path + b.second), vn_date (-400), vn_date (400));
	ASSERT_EQ (confirmed.events.size (), 1u);
	EXPECT_EQ (confirmed.events[0].status, std::string ("CONFIRMED"));
	EXPECT_GT (confirmed.events[0].sequence, e.sequence);
	ASSERT_EQ (tg_test::http ("POST", daemon->url () + "/api/v1/bookings/" + b.first +
						  "/cancel?token=" + b.second)
			   .status,
		   200);
	IcsCalendar cancelled = parse (feed (path + b.second), vn_date (-400), vn_date (400));
	ASSERT_EQ (cancelled.events.size (), 1u);
	EXPECT_EQ (cancelled.events[0].uid, b.first + "@thaogo");
	EXPECT_EQ (cancelled.events[0].status, std::string ("CANCELLED"));
	EXPECT_GT (cancelled.events[0].sequence, confirmed.events[0].sequence);

	/* a wrong, missing or other booking's token: 404, like an unknown booking */
	auto other = book (6, "11:00", false);
	for (const std::string &bad :
	     {path + "AAAAAAAAAAAAAAAAAAAAAA", "/api/v1/bookings/" + b.first + ".ics",
	      path + other.second,
	      "/api/v1/bookings/0123456789abcdef0123456789abcdef.ics?token=" + b.second}) {
		HttpResult x = feed (bad);
		EXPECT_EQ (x.status, 404) << bad << ": " << x.body;
		EXPECT_EQ (x.str ("error.code"), "not_found") << bad;
		EXPECT_EQ (x.body.find ("BEGIN:VCALENDAR"), std::string::npos);
	}
}

/* ---- 6. user text cannot break out of its property ---- */

enum class Inject { agenda, venue, reason, participants, unit_name };

struct InjectionCase {
	const char *name;
	Inject what;
	const char *unit;
	std::string text;
};

static void
PrintTo (const InjectionCase &p, std::ostream *os)
{
	*os << p.name;
}

class Injection : public Feeds, public ::testing::WithParamInterface<InjectionCase>
{
};

static std::string
long_vietnamese_agenda ()
{
	std::string s;
	for (int i = 0; i < 12; i++)
		s += "Ủy ban nhân dân phường tiếp nhận, giải quyết hồ sơ đất đai trễ hạn; lắng "
		     "nghe ý kiến người dân "
		     "về thái độ phục vụ của cán bộ, công chức – đợt " +
		     std::to_string (i + 1) + ".\n";
	return s + "Kết thúc: ừ ữ ự ỹ ỷ ỵ ẫ ẩ ậ ặ ẳ ẵ ễ ể ệ ổ ỗ ộ ở ỡ ợ ủ ứ ừ ử";
}

TEST_P (Injection, TextRoundTripsAndNoEventIsAdded)
{
	const InjectionCase &p = GetParam ();
	std::string unit = p.unit, occ, occ_date;
	HttpResult r;

	if (p.what == Inject::unit_name) {
		r = daemon->call (
			"PUT", "/api/v1/units/" + unit,
			"{\"name\":" + jstr (p.text) +
				",\"type\":\"Xã\",\"level\":\"commune\",\"parent\":\"718\"}");
		ASSERT_EQ (r.status, 201) << r.body;
	}
	occ = find_occurrence (unit, 7, "scheduled", &occ_date);
	ASSERT_FALSE (occ.empty ());
	if (p.what == Inject::agenda)
		r = daemon->call ("PATCH", "/api/v1/occurrences/" + occ,
				  "{\"agenda\":" + jstr (p.text) + "}");
	else if (p.what == Inject::venue)
		r = daemon->call ("PATCH", "/api/v1/occurrences/" + occ,
				  "{\"venue\":" + jstr (p.text) + "}");
	else if (p.what == Inject::reason)
		r = daemon->call ("POST", "/api/v1/occurrences/" + occ + "/cancel",
				  "{\"reason\":" + jstr (p.text) + "}");
	else if (p.what == Inject::participants)
		r = daemon->call ("PUT", "/api/v1/units/" + unit + "/series",
				  "{\"meeting\":{\"participants\":[{\"name\":" + jstr (p.text) +
					  ",\"email\":\"b.tran@phuong.gov.vn\",\"role\":" +
					  jstr (p.text) + "}]}}");
	ASSERT_TRUE (r.status == 200 || r.status == 201) << r.body;

	HttpResult f = feed ("/feeds/units/" + unit + ".ics");
	ASSERT_EQ (f.status, 200) << f.body;
	IcsCalendar cal = parse (f);
	int folds = expect_well_folded (f.body);
	if (p.text.size () > 1000) {
		EXPECT_GT (folds, 20) << "a long text is folded";
	}

	/* exactly the API's events: nothing added, nothing lost, no UID from the text */
	EXPECT_EQ (seen_events (cal), expected_events (unit, from, to));
	for (const auto &e : cal.events)
		EXPECT_EQ (e.uid.find ("evil"), std::string::npos) << e.uid;
	/* the text, escaped, never starts a line of its own */
	std::string lines = unfold (f.body);
	EXPECT_EQ (count (lines, "\r\nBEGIN:VEVENT\r\n"),
		   count (lines, "\r\nDTSTART;TZID=Asia/Ho_Chi_Minh:"));
	EXPECT_EQ (count (lines, "\r\nBEGIN:VEVENT\r\n"), count (lines, "\r\nEND:VEVENT\r\n"));
	EXPECT_EQ (count (lines, "\r\nBEGIN:VEVENT\r\n"), count (lines, "\r\nUID:"));
	EXPECT_EQ (count (lines, "\r\nSEQUENCE:"), count (lines, "\r\nUID:"));
	EXPECT_EQ (count (lines, "\r\nLOCATION:evil"), 0);
	EXPECT_EQ (count (lines, "BEGIN:VCALENDAR\r\n"), 1);
	EXPECT_EQ (count (lines, "\r\nEND:VCALENDAR\r\n"), 1);
	EXPECT_EQ (lines.find ("\nUID:evil"), std::string::npos);
	EXPECT_EQ (lines.find ("\r\nBEGIN:VALARM"), std::string::npos);

	const IcsEvent *meeting = cal.find (occ + "-meeting@thaogo");
	const IcsEvent *reception = cal.find (occ + "-reception@thaogo");
	ASSERT_NE (meeting, nullptr);
	ASSERT_NE (reception, nullptr);
	if (p.what == Inject::agenda) {
		EXPECT_NE (meeting->description.value_or ("").find (p.text), std::string::npos)
			<< "DESCRIPTION: " << meeting->description.value_or ("(none)");
		EXPECT_EQ (meeting->description, "Nội dung: " + p.text + "\n");
	} else if (p.what == Inject::venue) {
		EXPECT_EQ (meeting->location, p.text);
	} else if (p.what == Inject::reason) {
		for (const IcsEvent *e : {meeting, reception}) {
			EXPECT_EQ (e->status, std::string ("CANCELLED"));
			EXPECT_NE (e->description.value_or ("").find (p.text), std::string::npos)
				<< e->description.value_or ("");
		}
	} else if (p.what == Inject::participants) {
		/* the participants are nobody's business in the public feed */
		std::string text = unfold (f.body);
		EXPECT_EQ (text.find ("b.tran@phuong.gov.vn"), std::string::npos);
		EXPECT_EQ (text.find ("Trần Thị B"), std::string::npos);
		EXPECT_EQ (meeting->description, std::nullopt);
	} else if (p.what == Inject::unit_name) {
		EXPECT_EQ (cal.props["X-WR-CALNAME"], "Ngày tháo gỡ vướng mắc – " + p.text);
		EXPECT_EQ (meeting->summary, "Họp Ban Chỉ đạo – " + p.text);
		EXPECT_EQ (reception->summary, "Tiếp công dân, doanh nghiệp – " + p.text);
	}
}

INSTANTIATE_TEST_SUITE_P (
	Feeds, Injection,
	::testing::Values (
		InjectionCase{
			"agenda_breaks_out", Inject::agenda, "25747",
			"Họp\nEND:VEVENT\nBEGIN:VEVENT\nUID:evil\nDTSTART:20261201T080000\nSUMMARY:"
			"evil\nEND:VEVENT\n"
			"BEGIN:VEVENT\nUID:evil2"},
		InjectionCase{
			"agenda_separators_and_backslashes", Inject::agenda, "25747",
			"Mục 1, mục 2; mục 3 \\ thư mục C:\\hồ sơ\\new \\n không xuống dòng, \\, \\; "
			"\\\\ hết;,"},
		InjectionCase{"agenda_long_vietnamese", Inject::agenda, "74",
			      long_vietnamese_agenda ()},
		InjectionCase{
			"agenda_property_lookalikes", Inject::agenda, "74",
			"DESCRIPTION;X=\"a:b\":c\nLOCATION:evil\n END:VCALENDAR\n BEGIN:VALARM\nSEQUENCE:999"},
		InjectionCase{"venue_separators", Inject::venue, "25747",
			      "Phòng họp số 2; tầng 3, Khu B \\ nhà C"},
		InjectionCase{"cancel_reason", Inject::reason, "25747",
			      "Trùng lịch; họp HĐND, khẩn \\ UID:evil"},
		InjectionCase{"series_participants", Inject::participants, "25747",
			      "Trần Thị B, Phó Chủ tịch; \\ UID:evil"},
		InjectionCase{"unit_name", Inject::unit_name, "99001", "Xã Thử \\ Một, Hai; Ba"}),
	[] (const ::testing::TestParamInfo<InjectionCase> &info) { return info.param.name; });
