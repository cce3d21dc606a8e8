/* test-calendar.cc: series, occurrences, exceptions, holidays and lunar dates over HTTP */
#include <gtest/gtest.h>

#include "tg-test.hh"

using tg_test::Daemon;
using tg_test::HttpResult;

static JsonArray *
array_member (const HttpResult &r, const char *name)
{
	JsonNode *root = r.json ();
	if (!JSON_NODE_HOLDS_OBJECT (root))
		return nullptr;
	return json_object_get_array_member (json_node_get_object (root), name);
}

static JsonObject *
element (JsonArray *a, guint i)
{
	return json_array_get_object_element (a, i);
}

static std::string
str (JsonObject *o, const char *name)
{
	JsonNode *n = json_object_get_member (o, name);
	return n != nullptr && JSON_NODE_HOLDS_VALUE (n) ? json_node_get_string (n) : "";
}

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

class Calendar : public ::testing::Test
{
      protected:
	tg_test::TempDir dir;
	std::string state = dir.file ("state");
	std::unique_ptr<Daemon> daemon =
		std::make_unique<Daemon> (state, std::vector<std::string>{"--demo"});

	std::string token (const std::string &role, const std::string &unit)
	{
		HttpResult r =
			daemon->call ("POST", "/api/v1/tokens",
				      "{\"role\":\"" + role + "\",\"unit\":\"" + unit + "\"}");
		EXPECT_EQ (r.status, 201) << r.body;
		return r.str ("token");
	}

	JsonArray *occurrences (HttpResult &r, const std::string &unit, const std::string &from,
				const std::string &to, const std::vector<std::string> &headers = {})
	{
		r = daemon->get ("/api/v1/units/" + unit + "/occurrences?from=" + from +
					 "&to=" + to,
				 headers);
		EXPECT_EQ (r.status, 200) << r.body;
		return array_member (r, "occurrences");
	}
};

TEST_F (Calendar, UnitShowsItsPublicSeries)
{
	HttpResult r = daemon->get ("/api/v1/units/74");
	ASSERT_EQ (r.status, 200);
	EXPECT_EQ (r.str ("unit.series.meeting.start"), "08:00");
	EXPECT_EQ (r.str ("unit.series.meeting.end"), "10:00");
	EXPECT_EQ (r.str ("unit.series.reception.start"), "10:00");
	EXPECT_EQ (r.str ("unit.series.reception.end"), "11:30");
	EXPECT_EQ (r.str ("unit.series.holiday_policy"), "next_working_day");
	EXPECT_EQ (r.body.find ("participants"), std::string::npos);
}

TEST_F (Calendar, SeriesPartialUpdateAndRights)
{
	std::string sec74 = token ("secretary", "74");
	std::string sec718 = token ("secretary", "718");
	std::string staff = token ("staff", "74");
	std::string none;

	HttpResult r = daemon->call (
		"PUT", "/api/v1/units/74/series",
		"{\"meeting\":{\"venue\":\"Hội trường UBND tỉnh\",\"participants\":"
		"[{\"name\":\"Nguyễn Văn B\",\"email\":\"b@binhduong.gov.vn\",\"role\":\"Phó Chủ tịch\"}]},"
		"\"reception\":{\"desks\":5}}",
		&sec74);
	ASSERT_EQ (r.status, 200) << r.body;
	EXPECT_EQ (r.str ("series.meeting.venue"), "Hội trường UBND tỉnh");
	EXPECT_EQ (r.str ("series.meeting.start"), "08:00"); /* kept */
	r = daemon->call ("GET", "/api/v1/units/74/series", "", &sec74);
	EXPECT_NE (r.body.find ("b@binhduong.gov.vn"), std::string::npos);
	/* the public never sees participants */
	r = daemon->get ("/api/v1/units/74");
	EXPECT_EQ (r.body.find ("b@binhduong.gov.vn"), std::string::npos);

	/* rights: a district secretary may not touch the province, may touch its communes */
	expect_error (daemon->call ("PUT", "/api/v1/units/74/series", "{}", &sec718), 403,
		      "forbidden");
	r = daemon->call ("PUT", "/api/v1/units/25741/series", "{\"holiday_policy\":\"skip\"}",
			  &sec718);
	EXPECT_EQ (r.status, 200) << r.body;
	expect_error (daemon->call ("PUT", "/api/v1/units/25741/series", "{}", &staff), 403,
		      "forbidden");
	expect_error (daemon->call ("PUT", "/api/v1/units/74/series", "{}", &none), 401,
		      "unauthorized");
	expect_error (daemon->call ("PUT", "/api/v1/units/99999/series", "{}"), 404, "not_found");
}

struct BadSeriesBody {
	const char *name;
	const char *body;
	const char *field;
};

class CalendarSeriesErrors : public Calendar, public ::testing::WithParamInterface<BadSeriesBody>
{
};

TEST_P (CalendarSeriesErrors, Answer422WithTheField)
{
	HttpResult r = daemon->call ("PUT", "/api/v1/units/74/series", GetParam ().body);
	expect_error (r, 422, "invalid", GetParam ().field);
	/* nothing was stored */
	EXPECT_EQ (daemon->get ("/api/v1/units/74").str ("unit.series.meeting.end"), "10:00");
}

INSTANTIATE_TEST_SUITE_P (
	Calendar, CalendarSeriesErrors,
	::testing::Values (
		BadSeriesBody{"end_before_start", "{\"meeting\":{\"end\":\"07:00\"}}",
			      "meeting.end"},
		BadSeriesBody{"bad_time", "{\"meeting\":{\"start\":\"8h\"}}", "meeting.start"},
		BadSeriesBody{"time_type", "{\"meeting\":{\"start\":8}}", "meeting.start"},
		BadSeriesBody{"unknown_mode", "{\"meeting\":{\"mode\":\"telepathy\"}}",
			      "meeting.mode"},
		BadSeriesBody{"slot_longer", "{\"reception\":{\"slot_minutes\":120}}",
			      "reception.slot_minutes"},
		BadSeriesBody{"desks_type", "{\"reception\":{\"desks\":\"three\"}}",
			      "reception.desks"},
		BadSeriesBody{"desks_negative", "{\"reception\":{\"desks\":-1}}",
			      "reception.desks"},
		BadSeriesBody{"policy", "{\"holiday_policy\":\"pray\"}", "holiday_policy"},
		BadSeriesBody{"meeting_not_object", "{\"meeting\":[]}", "meeting"},
		BadSeriesBody{"participants_not_list", "{\"meeting\":{\"participants\":{}}}",
			      "meeting.participants"},
		BadSeriesBody{
			"participant_email",
			"{\"meeting\":{\"participants\":[{\"name\":\"A\",\"email\":\"a@x.vn\\r\\nRCPT TO:<b@y.vn>\"}]}}",
			"meeting.participants[0].email"}),
	[] (const ::testing::TestParamInfo<BadSeriesBody> &info) { return info.param.name; });

TEST_F (Calendar, OccurrencesOfAMonth)
{
	HttpResult r;
	JsonArray *a = occurrences (r, "74", "2027-03-01", "2027-03-31");
	ASSERT_NE (a, nullptr);
	ASSERT_EQ (json_array_get_length (a), 5u);
	JsonObject *first = element (a, 0);
	EXPECT_EQ (str (first, "id"), "74-20270301");
	EXPECT_EQ (str (first, "status"), "scheduled");
	JsonObject *meeting = json_object_get_object_member (first, "meeting");
	EXPECT_EQ (str (meeting, "start"), "2027-03-01T08:00:00+07:00");
	EXPECT_EQ (str (meeting, "end"), "2027-03-01T10:00:00+07:00");
	JsonObject *reception = json_object_get_object_member (first, "reception");
	EXPECT_EQ (str (reception, "start"), "2027-03-01T10:00:00+07:00");
	EXPECT_EQ (str (reception, "venue"), "Trung tâm Hành chính công, Tỉnh Bình Dương");
	EXPECT_TRUE (json_object_get_null_member (first, "bridge_of"));

	r = daemon->get ("/api/v1/occurrences/74-20270308");
	EXPECT_EQ (r.status, 200);
	EXPECT_EQ (r.str ("occurrence.date"), "2027-03-08");
	r = daemon->get ("/api/v1/units/25741/occurrences?from=2027-03-01&to=2027-03-07");
	EXPECT_EQ (r.str ("error.code"), "");
	a = array_member (r, "occurrences");
	EXPECT_EQ (str (json_object_get_object_member (element (a, 0), "reception"), "venue"),
		   "Bộ phận Một cửa, Phường Hiệp Thành");
}

TEST_F (Calendar, BadRanges)
{
	expect_error (daemon->get ("/api/v1/units/74/occurrences?from=2027-03-31&to=2027-03-01"),
		      422, "invalid", "to");
	expect_error (daemon->get ("/api/v1/units/74/occurrences?from=2027-01-01&to=2028-03-01"),
		      422, "invalid", "to");
	expect_error (daemon->get ("/api/v1/units/74/occurrences?from=2027-02-30&to=2027-03-01"),
		      422, "invalid", "from");
	expect_error (daemon->get ("/api/v1/units/99999/occurrences?from=2027-01-01&to=2027-02-01"),
		      404, "not_found");
	expect_error (daemon->get ("/api/v1/occurrences/74-20270302"), 404, "not_found");
	expect_error (daemon->get ("/api/v1/occurrences/74-20200106"), 404,
		      "not_found"); /* before the unit */
	expect_error (daemon->get ("/api/v1/occurrences/nonsense"), 404, "not_found");
	/* 400 days is the limit */
	EXPECT_EQ (
		daemon->get ("/api/v1/units/74/occurrences?from=2027-01-01&to=2028-02-04").status,
		200);
}

TEST_F (Calendar, HolidaysMoveTheMonday)
{
	HttpResult r;
	/* Hùng Kings' day 2029 is a Monday: the meeting moves to Tuesday */
	JsonArray *a = occurrences (r, "74", "2029-04-23", "2029-04-29", {"Accept-Language: vi"});
	ASSERT_EQ (json_array_get_length (a), 1u);
	EXPECT_EQ (str (element (a, 0), "status"), "moved");
	EXPECT_EQ (str (element (a, 0), "date"), "2029-04-24");
	EXPECT_EQ (str (element (a, 0), "original_date"), "2029-04-23");
	EXPECT_EQ (str (element (a, 0), "reason"), "Giỗ Tổ Hùng Vương");
	a = occurrences (r, "74", "2029-04-23", "2029-04-29", {"Accept-Language: en"});
	EXPECT_EQ (str (element (a, 0), "reason"), "Hung Kings' Commemoration Day");
}

TEST_F (Calendar, HolidayDecisions)
{
	HttpResult r = daemon->get ("/api/v1/holidays?year=2026");
	ASSERT_EQ (r.status, 200) << r.body;
	JsonArray *off = array_member (r, "days_off");
	bool compensatory = false;
	for (guint i = 0; i < json_array_get_length (off); i++) {
		if (str (element (off, i), "date") == "2026-04-27") {
			compensatory = true;
			EXPECT_EQ (str (element (off, i), "kind"), "compensatory");
		}
	}
	EXPECT_TRUE (compensatory);

	/* the government's 2026 swap: Monday 31/08 off, Saturday 22/08 worked */
	r = daemon->call ("PUT", "/api/v1/holidays/2026-08-31",
			  "{\"kind\":\"day_off\",\"name\":\"Nghỉ Quốc khánh\"}");
	ASSERT_EQ (r.status, 200) << r.body;
	r = daemon->call ("PUT", "/api/v1/holidays/2026-08-22",
			  "{\"kind\":\"working_day\",\"name\":\"Làm bù\"}");
	ASSERT_EQ (r.status, 200) << r.body;
	r = daemon->get ("/api/v1/holidays?year=2026");
	JsonArray *working = array_member (r, "working_days");
	ASSERT_EQ (json_array_get_length (working), 1u);
	EXPECT_EQ (str (element (working, 0), "date"), "2026-08-22");
	JsonArray *a = occurrences (r, "74", "2026-08-31", "2026-09-06");
	ASSERT_EQ (json_array_get_length (a), 1u);
	EXPECT_EQ (str (element (a, 0), "status"), "moved");

	/* deleting the decision restores the estimate */
	EXPECT_EQ (daemon->call ("DELETE", "/api/v1/holidays/2026-08-31").status, 204);
	expect_error (daemon->call ("DELETE", "/api/v1/holidays/2026-08-31"), 404, "not_found");
	a = occurrences (r, "74", "2026-08-31", "2026-09-06");
	EXPECT_EQ (str (element (a, 0), "status"), "scheduled");

	std::string sec = token ("secretary", "74");
	expect_error (daemon->call ("PUT", "/api/v1/holidays/2026-08-31", "{\"kind\":\"day_off\"}",
				    &sec),
		      403, "forbidden");
	expect_error (daemon->call ("PUT", "/api/v1/holidays/2026-08-31", "{\"kind\":\"maybe\"}"),
		      422, "invalid", "kind");
	expect_error (daemon->call ("PUT", "/api/v1/holidays/2026-02-30", "{\"kind\":\"day_off\"}"),
		      422, "invalid", "date");
	expect_error (daemon->call ("PUT", "/api/v1/holidays/2026-08-31",
				    "{\"kind\":\"day_off\",\"name\":\"a\\nb\"}"),
		      422, "invalid", "name");
	expect_error (daemon->get ("/api/v1/holidays?year=abc"), 422, "invalid", "year");
}

TEST_F (Calendar, ExceptionsAreDurable)
{
	std::string sec = token ("secretary", "74");
	HttpResult r = daemon->call ("POST", "/api/v1/occurrences/74-20270308/cancel",
				     "{\"reason\":\"Hội nghị tổng kết\"}", &sec);
	ASSERT_EQ (r.status, 200) << r.body;
	EXPECT_EQ (r.str ("occurrence.status"), "cancelled");
	EXPECT_EQ (r.str ("occurrence.reason"), "Hội nghị tổng kết");

	r = daemon->call (
		"POST", "/api/v1/occurrences/74-20270315/move",
		"{\"date\":\"2027-03-17\",\"meeting_start\":\"14:00\",\"reason\":\"Lãnh đạo đi công tác\"}",
		&sec);
	ASSERT_EQ (r.status, 200) << r.body;
	EXPECT_EQ (r.str ("occurrence.date"), "2027-03-17");
	EXPECT_EQ (r.str ("occurrence.meeting.start"), "2027-03-17T14:00:00+07:00");
	EXPECT_EQ (r.str ("occurrence.meeting.end"), "2027-03-17T16:00:00+07:00");

	r = daemon->call (
		"PATCH", "/api/v1/occurrences/74-20270322",
		"{\"agenda\":\"Hồ sơ đất đai trễ hạn\\nÝ kiến doanh nghiệp\",\"mode\":\"hybrid\","
		"\"online_url\":\"https://hop.binhduong.gov.vn/74\",\"participants\":[{\"name\":\"Trần C\"}]}",
		&sec);
	ASSERT_EQ (r.status, 200) << r.body;
	EXPECT_EQ (r.str ("occurrence.meeting.mode"), "hybrid");

	/* a restart keeps all three */
	daemon->stop ();
	daemon = std::make_unique<Daemon> (state);
	JsonArray *a = occurrences (r, "74", "2027-03-01", "2027-03-31");
	ASSERT_EQ (json_array_get_length (a), 5u);
	EXPECT_EQ (str (element (a, 1), "status"), "cancelled");
	EXPECT_EQ (str (element (a, 2), "date"), "2027-03-17");
	EXPECT_EQ (str (element (a, 2), "status"), "moved");
	EXPECT_EQ (str (json_object_get_object_member (element (a, 3), "meeting"), "agenda"),
		   "Hồ sơ đất đai trễ hạn\nÝ kiến doanh nghiệp");
	/* a move counts as a change: sequence went up */
	EXPECT_GE (json_object_get_int_member (element (a, 2), "sequence"), 1);
	/* the public list has no participants */
	EXPECT_EQ (r.body.find ("Trần C"), std::string::npos);
}

TEST_F (Calendar, ExceptionErrors)
{
	std::string sec = token ("secretary", "74");
	std::string other = token ("secretary", "719");
	expect_error (daemon->call ("POST", "/api/v1/occurrences/74-20270308/cancel", "{}", &sec),
		      422, "invalid", "reason");
	expect_error (daemon->call ("POST", "/api/v1/occurrences/74-20270308/cancel",
				    "{\"reason\":\"x\"}", &other),
		      403, "forbidden");
	/* into a week that already has its meeting */
	expect_error (daemon->call ("POST", "/api/v1/occurrences/74-20270308/move",
				    "{\"date\":\"2027-03-16\",\"reason\":\"x\"}", &sec),
		      409, "conflict", "date");
	/* onto a day off, into the past, not a date */
	expect_error (daemon->call ("POST", "/api/v1/occurrences/74-20270308/move",
				    "{\"date\":\"2027-03-13\",\"reason\":\"x\"}", &sec),
		      422, "invalid", "date");
	expect_error (daemon->call ("POST", "/api/v1/occurrences/74-20270308/move",
				    "{\"date\":\"2020-03-10\",\"reason\":\"x\"}", &sec),
		      422, "invalid", "date");
	expect_error (daemon->call ("POST", "/api/v1/occurrences/74-20270308/move",
				    "{\"date\":\"soon\",\"reason\":\"x\"}", &sec),
		      422, "invalid", "date");
	expect_error (
		daemon->call (
			"POST", "/api/v1/occurrences/74-20270308/move",
			"{\"date\":\"2027-03-10\",\"meeting_start\":\"25:00\",\"reason\":\"x\"}",
			&sec),
		422, "invalid", "meeting_start");
	expect_error (daemon->call ("PATCH", "/api/v1/occurrences/74-20270308",
				    "{\"venue\":\"Phòng họp\\nDESCRIPTION:x\"}", &sec),
		      422, "invalid", "venue");
	expect_error (daemon->call ("PATCH", "/api/v1/occurrences/74-20270308",
				    "{\"online_url\":\"https://x.vn/a b\"}", &sec),
		      422, "invalid", "online_url");
	expect_error (daemon->call ("PATCH", "/api/v1/occurrences/74-20270308",
				    "{\"agenda\":\"a\\u0007b\"}", &sec),
		      422, "invalid", "agenda");
	expect_error (daemon->call ("POST", "/api/v1/occurrences/74-20270309/cancel",
				    "{\"reason\":\"x\"}", &sec),
		      404, "not_found");
	/* moving into the week of a cancelled occurrence is fine */
	ASSERT_EQ (daemon->call ("POST", "/api/v1/occurrences/74-20270315/cancel",
				 "{\"reason\":\"x\"}", &sec)
			   .status,
		   200);
	EXPECT_EQ (daemon->call ("POST", "/api/v1/occurrences/74-20270308/move",
				 "{\"date\":\"2027-03-16\",\"reason\":\"y\"}", &sec)
			   .status,
		   200);
}

TEST_F (Calendar, BridgePointsOfOnlineMeetings)
{
	HttpResult r = daemon->call (
		"PUT", "/api/v1/units/74/series",
		"{\"meeting\":{\"mode\":\"online\",\"online_url\":\"https://hop.binhduong.gov.vn/tinh\"}}");
	ASSERT_EQ (r.status, 200) << r.body;
	r = daemon->call ("PUT", "/api/v1/units/718/series",
			  "{\"meeting\":{\"mode\":\"hybrid\",\"start\":\"13:30\",\"end\":\"15:00\","
			  "\"online_url\":\"https://hop.binhduong.gov.vn/tdm\"}}");
	ASSERT_EQ (r.status, 200) << r.body;

	JsonArray *a = occurrences (r, "25747", "2027-03-01", "2027-03-07");
	ASSERT_EQ (json_array_get_length (a), 3u) << r.body;
	std::map<std::string, JsonObject *> by_bridge;
	for (guint i = 0; i < 3; i++) {
		JsonObject *o = element (a, i);
		by_bridge[json_object_get_null_member (o, "bridge_of") ? ""
								       : str (o, "bridge_of")] = o;
	}
	ASSERT_TRUE (by_bridge.count ("74"));
	ASSERT_TRUE (by_bridge.count ("718"));
	ASSERT_TRUE (by_bridge.count (""));
	EXPECT_EQ (str (by_bridge["74"], "id"), "74-20270301");
	EXPECT_EQ (str (json_object_get_object_member (by_bridge["74"], "meeting"), "start"),
		   "2027-03-01T08:00:00+07:00");
	EXPECT_EQ (str (json_object_get_object_member (by_bridge["718"], "meeting"), "start"),
		   "2027-03-01T13:30:00+07:00");
	EXPECT_TRUE (json_object_get_null_member (by_bridge["74"], "reception"));
	EXPECT_EQ (str (by_bridge[""], "id"), "25747-20270301");

	/* an in-person district does not bridge; other districts' communes see only the province */
	a = occurrences (r, "25795", "2027-03-01", "2027-03-07");
	EXPECT_EQ (json_array_get_length (a), 2u) << r.body;
	/* a cancelled provincial meeting stays in the list, cancelled */
	ASSERT_EQ (daemon->call ("POST", "/api/v1/occurrences/74-20270301/cancel",
				 "{\"reason\":\"x\"}")
			   .status,
		   200);
	a = occurrences (r, "25747", "2027-03-01", "2027-03-07");
	for (guint i = 0; i < json_array_get_length (a); i++) {
		if (str (element (a, i), "id") == "74-20270301") {
			EXPECT_EQ (str (element (a, i), "status"), "cancelled");
		}
	}
}

/* Vietnam's online meetings join bridge points ("điểm cầu") on the province's own video
 * system: a link is optional, and a bridge point meets in the lower unit's own hall */
TEST_F (Calendar, OnlineMeetingNeedsNoLink)
{
	HttpResult r = daemon->call ("PUT", "/api/v1/units/74/series",
				     "{\"meeting\":{\"mode\":\"online\"}}");
	ASSERT_EQ (r.status, 200) << r.body;
	EXPECT_TRUE (json_object_get_null_member (
		json_object_get_object_member (
			json_object_get_object_member (json_node_get_object (r.json ()), "series"),
			"meeting"),
		"online_url"))
		<< r.body;
	std::string name = daemon->get ("/api/v1/units/25747").str ("unit.name");
	ASSERT_FALSE (name.empty ());
	JsonArray *a = occurrences (r, "25747", "2027-03-01", "2027-03-07");
	ASSERT_NE (a, nullptr);
	JsonObject *bridge = nullptr;
	for (guint i = 0; i < json_array_get_length (a); i++)
		if (!json_object_get_null_member (element (a, i), "bridge_of"))
			bridge = element (a, i);
	ASSERT_NE (bridge, nullptr) << r.body;
	JsonObject *meeting = json_object_get_object_member (bridge, "meeting");
	EXPECT_EQ (str (meeting, "mode"), "online");
	EXPECT_TRUE (json_object_get_null_member (meeting, "online_url"));
	EXPECT_EQ (str (meeting, "venue"), "Điểm cầu Hội trường UBND " + name);

	/* a session's own link, then none again over the series' link ("" clears), and an
	 * empty venue gives back the series' venue */
	ASSERT_EQ (daemon->call ("PUT", "/api/v1/units/74/series",
				 "{\"meeting\":{\"mode\":\"hybrid\",\"venue\":\"Hội trường A\","
				 "\"online_url\":\"https://hop.binhduong.gov.vn/tinh\"}}")
			   .status,
		   200);
	r = daemon->call ("PATCH", "/api/v1/occurrences/74-20270308",
			  "{\"venue\":\"Phòng họp số 2\",\"online_url\":\"\"}");
	ASSERT_EQ (r.status, 200) << r.body;
	EXPECT_EQ (r.str ("occurrence.meeting.venue"), "Phòng họp số 2");
	EXPECT_TRUE (json_object_get_null_member (
		json_object_get_object_member (json_object_get_object_member (json_node_get_object (
										      r.json ()),
									      "occurrence"),
					       "meeting"),
		"online_url"))
		<< r.body;
	r = daemon->call ("PATCH", "/api/v1/occurrences/74-20270308", "{\"venue\":\"\"}");
	ASSERT_EQ (r.status, 200) << r.body;
	EXPECT_EQ (r.str ("occurrence.meeting.venue"), "Hội trường A");
	/* the next Monday keeps the series' link */
	r = daemon->get ("/api/v1/occurrences/74-20270315");
	EXPECT_EQ (r.str ("occurrence.meeting.online_url"), "https://hop.binhduong.gov.vn/tinh");
	/* and the feed's bridge event is where the commune meets */
	r = daemon->get ("/feeds/units/25747.ics");
	ASSERT_EQ (r.status, 200);
	EXPECT_NE (r.body.find ("LOCATION:Điểm cầu Hội trường UBND"), std::string::npos) << r.body;
}

TEST_F (Calendar, Lunar)
{
	HttpResult r = daemon->get ("/api/v1/lunar?date=2030-02-02");
	ASSERT_EQ (r.status, 200) << r.body;
	JsonObject *lunar =
		json_object_get_object_member (json_node_get_object (r.json ()), "lunar");
	EXPECT_EQ (json_object_get_int_member (lunar, "day"), 1);
	EXPECT_EQ (json_object_get_int_member (lunar, "month"), 1);
	EXPECT_EQ (json_object_get_int_member (lunar, "year"), 2030);
	EXPECT_FALSE (json_object_get_boolean_member (lunar, "leap"));
	EXPECT_EQ (r.str ("can_chi"), "Canh Tuất");
	r = daemon->get ("/api/v1/lunar?date=2026-11-24");
	EXPECT_EQ (r.str ("can_chi"), "Bính Ngọ");
	expect_error (daemon->get ("/api/v1/lunar?date=2026-13-01"), 422, "invalid", "date");
	expect_error (daemon->get ("/api/v1/lunar?date=1800-01-01"), 422, "invalid", "date");
}
