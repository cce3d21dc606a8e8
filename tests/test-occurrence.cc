/* test-occurrence.cc: series settings and the occurrences computed from them */
#include <gtest/gtest.h>

#include <set>

#include "tg-test.hh"

using tg_test::Ptr;

struct CalendarDeleter {
	void operator() (TgHolidayCalendar *c) const
	{
		tg_holiday_calendar_free (c);
	}
};
using CalendarPtr = std::unique_ptr<TgHolidayCalendar, CalendarDeleter>;
struct SeriesDeleter {
	void operator() (TgSeries *s) const
	{
		tg_series_free (s);
	}
};
using SeriesPtr = std::unique_ptr<TgSeries, SeriesDeleter>;

static CalendarPtr
calendar (std::vector<std::tuple<const char *, bool, const char *>> decisions = {})
{
	GPtrArray *list =
		g_ptr_array_new_with_free_func ((GDestroyNotify) tg_holiday_decision_free);
	for (auto &d : decisions)
		g_ptr_array_add (list, tg_holiday_decision_new (std::get<0> (d), std::get<1> (d),
								std::get<2> (d)));
	CalendarPtr cal (tg_holiday_calendar_new (list));
	g_ptr_array_unref (list);
	return cal;
}

static Ptr<GPtrArray>
compute (const TgSeries *s, TgHolidayCalendar *cal, const char *from, const char *to,
	 GHashTable *exceptions = nullptr)
{
	return Ptr<GPtrArray> (
		tg_occurrences_compute (s, cal, exceptions, nullptr, nullptr, from, to));
}

static TgOccurrence *
at (const Ptr<GPtrArray> &list, guint i)
{
	return static_cast<TgOccurrence *> (g_ptr_array_index (list.get (), i));
}

TEST (Series, Defaults)
{
	SeriesPtr s (tg_series_new_default ("74"));
	EXPECT_EQ (s->meeting_start, 8u * 60);
	EXPECT_EQ (s->meeting_end, 10u * 60);
	EXPECT_EQ (s->reception_start, 10u * 60);
	EXPECT_EQ (s->reception_end, 11u * 60 + 30);
	EXPECT_EQ (s->slot_minutes, 15u);
	EXPECT_EQ (s->desks, 3u);
	EXPECT_EQ (s->opens_days_before, 28u);
	EXPECT_EQ (s->closes_hours_before, 18u);
	EXPECT_EQ (s->holiday_policy, TG_HOLIDAY_POLICY_NEXT_WORKING_DAY);
	EXPECT_EQ (s->mode, TG_MEETING_MODE_IN_PERSON);
	EXPECT_TRUE (tg_series_validate (s.get (), nullptr));
}

struct BadSeries {
	const char *name;
	void (*spoil) (TgSeries *s);
	const char *field;
};

class SeriesValidation : public ::testing::TestWithParam<BadSeries>
{
};

TEST_P (SeriesValidation, NamesTheField)
{
	SeriesPtr s (tg_series_new_default ("74"));
	GetParam ().spoil (s.get ());
	GError *error = nullptr;
	EXPECT_FALSE (tg_series_validate (s.get (), &error));
	ASSERT_NE (error, nullptr);
	EXPECT_STREQ (tg_error_get_field (error), GetParam ().field);
	g_error_free (error);
}

INSTANTIATE_TEST_SUITE_P (
	Series, SeriesValidation,
	::testing::Values (
		BadSeries{"end_before_start", [] (TgSeries *s) { s->meeting_end = 7 * 60; },
			  "meeting.end"},
		BadSeries{"end_equals_start",
			  [] (TgSeries *s) { s->meeting_end = s->meeting_start; }, "meeting.end"},
		BadSeries{"mode", [] (TgSeries *s) { s->mode = TG_MEETING_MODE_UNKNOWN; },
			  "meeting.mode"},
		BadSeries{"bad_url",
			  [] (TgSeries *s) { s->online_url = g_strdup ("javascript:alert(1)"); },
			  "meeting.online_url"},
		BadSeries{"url_with_newline",
			  [] (TgSeries *s) { s->online_url = g_strdup ("https://x.vn/\r\nX: y"); },
			  "meeting.online_url"},
		BadSeries{"venue_newline",
			  [] (TgSeries *s) { s->venue = g_strdup ("Phòng họp\nDESCRIPTION:x"); },
			  "meeting.venue"},
		BadSeries{"participant_email",
			  [] (TgSeries *s) {
				  g_ptr_array_add (s->participants,
						   tg_participant_new ("A", "a@b", nullptr));
			  },
			  "meeting.participants[0].email"},
		BadSeries{"participant_name",
			  [] (TgSeries *s) {
				  g_ptr_array_add (s->participants,
						   tg_participant_new ("", nullptr, nullptr));
			  },
			  "meeting.participants[0].name"},
		BadSeries{"reception_end", [] (TgSeries *s) { s->reception_end = 9 * 60; },
			  "reception.end"},
		BadSeries{"slot_longer_than_reception", [] (TgSeries *s) { s->slot_minutes = 120; },
			  "reception.slot_minutes"},
		BadSeries{"slot_too_short", [] (TgSeries *s) { s->slot_minutes = 2; },
			  "reception.slot_minutes"},
		BadSeries{"no_desks", [] (TgSeries *s) { s->desks = 0; }, "reception.desks"},
		BadSeries{"window", [] (TgSeries *s) { s->opens_days_before = 0; },
			  "booking.opens_days_before"},
		BadSeries{"closes_after_opens",
			  [] (TgSeries *s) {
				  s->opens_days_before = 1;
				  s->closes_hours_before = 30;
			  },
			  "booking.closes_hours_before"},
		BadSeries{"policy",
			  [] (TgSeries *s) { s->holiday_policy = TG_HOLIDAY_POLICY_UNKNOWN; },
			  "holiday_policy"}),
	[] (const ::testing::TestParamInfo<BadSeries> &info) { return info.param.name; });

TEST (Series, TimesAndNames)
{
	guint m = 0;
	EXPECT_TRUE (tg_time_parse ("08:30", &m));
	EXPECT_EQ (m, 510u);
	EXPECT_FALSE (tg_time_parse ("24:00", &m));
	EXPECT_FALSE (tg_time_parse ("8:30", &m));
	EXPECT_FALSE (tg_time_parse ("08:60", &m));
	Ptr<gchar> t (tg_time_to_string (615));
	EXPECT_STREQ (t.get (), "10:15");
	EXPECT_EQ (tg_meeting_mode_from_string ("hybrid"), TG_MEETING_MODE_HYBRID);
	EXPECT_EQ (tg_holiday_policy_from_string ("skip"), TG_HOLIDAY_POLICY_SKIP);
	EXPECT_STREQ (tg_holiday_policy_to_string (TG_HOLIDAY_POLICY_MANUAL), "manual");
}

TEST (Occurrence, Ids)
{
	Ptr<gchar> id (tg_occurrence_make_id ("74", "2027-03-01"));
	EXPECT_STREQ (id.get (), "74-20270301");
	gchar *unit = nullptr, *date = nullptr;
	ASSERT_TRUE (tg_occurrence_parse_id ("25747-20270301", &unit, &date));
	EXPECT_STREQ (unit, "25747");
	EXPECT_STREQ (date, "2027-03-01");
	g_free (unit);
	g_free (date);
	EXPECT_FALSE (tg_occurrence_parse_id ("74-20270302", &unit, &date)); /* a Tuesday */
	EXPECT_FALSE (tg_occurrence_parse_id ("74-20270231", &unit, &date));
	EXPECT_FALSE (tg_occurrence_parse_id ("x-20270301", &unit, &date));
	EXPECT_FALSE (tg_occurrence_parse_id ("74_20270301", &unit, &date));
	EXPECT_FALSE (tg_occurrence_parse_id ("74-2027030", &unit, &date));
	Ptr<gchar> w (tg_date_iso_week ("2027-01-01"));
	EXPECT_STREQ (w.get (), "2026-W53");
}

TEST (Occurrence, EveryMondayByDefault)
{
	SeriesPtr s (tg_series_new_default ("74"));
	auto cal = calendar ();
	auto list = compute (s.get (), cal.get (), "2027-03-01", "2027-03-31");
	ASSERT_EQ (list->len, 5u);
	for (guint i = 0; i < list->len; i++) {
		EXPECT_EQ (at (list, i)->status, TG_OCCURRENCE_SCHEDULED);
		GDate d;
		tg_date_parse_iso (at (list, i)->date, &d);
		EXPECT_EQ (g_date_get_weekday (&d), G_DATE_MONDAY);
	}
	EXPECT_STREQ (at (list, 0)->id, "74-20270301");
	EXPECT_STREQ (at (list, 4)->date, "2027-03-29");
}

/* Monday holiday -> Tuesday */
TEST (Occurrence, MondayHolidayMovesToTuesday)
{
	SeriesPtr s (tg_series_new_default ("74"));
	auto cal = calendar ();
	/* Hùng Kings' day 2029 is Monday 23 April */
	auto list = compute (s.get (), cal.get (), "2029-04-23", "2029-04-29");
	ASSERT_EQ (list->len, 1u);
	EXPECT_EQ (at (list, 0)->status, TG_OCCURRENCE_MOVED);
	EXPECT_STREQ (at (list, 0)->date, "2029-04-24");
	EXPECT_STREQ (at (list, 0)->original_date, "2029-04-23");
	EXPECT_STREQ (at (list, 0)->id, "74-20290423");
	EXPECT_STREQ (at (list, 0)->holiday_vi, "Giỗ Tổ Hùng Vương");
}

/* Sunday holiday -> compensatory Monday -> Tuesday */
TEST (Occurrence, SundayHolidayCompensatedOnMondayMovesToTuesday)
{
	SeriesPtr s (tg_series_new_default ("74"));
	auto cal = calendar ();
	/* Hùng Kings' day 2026 is Sunday 26 April: Monday 27 is the day off in lieu */
	auto list = compute (s.get (), cal.get (), "2026-04-27", "2026-04-27");
	EXPECT_EQ (list->len, 0u); /* moved out of a one-day range */
	list = compute (s.get (), cal.get (), "2026-04-20", "2026-05-03");
	ASSERT_EQ (list->len, 2u);
	EXPECT_STREQ (at (list, 1)->original_date, "2026-04-27");
	EXPECT_STREQ (at (list, 1)->date, "2026-04-28");
	EXPECT_EQ (at (list, 1)->status, TG_OCCURRENCE_MOVED);
}

/* whole week off -> skipped (cancelled with the holiday as reason) */
TEST (Occurrence, WholeWeekOffIsCancelled)
{
	SeriesPtr s (tg_series_new_default ("74"));
	auto cal = calendar ({{"2031-01-20", true, "Nghỉ"},
			      {"2031-01-21", true, "Nghỉ"},
			      {"2031-01-22", true, "Nghỉ"},
			      {"2031-01-23", true, "Nghỉ"},
			      {"2031-01-24", true, "Nghỉ"}});
	auto list = compute (s.get (), cal.get (), "2031-01-19", "2031-01-26");
	ASSERT_EQ (list->len, 1u);
	EXPECT_EQ (at (list, 0)->status, TG_OCCURRENCE_CANCELLED);
	EXPECT_STREQ (at (list, 0)->date, "2031-01-20");
	EXPECT_STREQ (at (list, 0)->holiday_vi, "Nghỉ");
}

TEST (Occurrence, SkipAndManualPolicies)
{
	SeriesPtr s (tg_series_new_default ("74"));
	auto cal = calendar ();
	s->holiday_policy = TG_HOLIDAY_POLICY_SKIP;
	auto list = compute (s.get (), cal.get (), "2029-04-23", "2029-04-29");
	ASSERT_EQ (list->len, 1u);
	EXPECT_EQ (at (list, 0)->status, TG_OCCURRENCE_CANCELLED);
	EXPECT_FALSE (at (list, 0)->needs_decision);
	s->holiday_policy = TG_HOLIDAY_POLICY_MANUAL;
	list = compute (s.get (), cal.get (), "2029-04-23", "2029-04-29");
	ASSERT_EQ (list->len, 1u);
	EXPECT_EQ (at (list, 0)->status, TG_OCCURRENCE_CANCELLED);
	EXPECT_TRUE (at (list, 0)->needs_decision);
}

TEST (Occurrence, DecisionsOverrideEstimates)
{
	SeriesPtr s (tg_series_new_default ("74"));
	/* Monday 31/08/2026 decided off (worked on Saturday 22/08) */
	auto before = calendar ();
	auto list = compute (s.get (), before.get (), "2026-08-31", "2026-09-06");
	ASSERT_EQ (list->len, 1u);
	auto after = calendar (
		{{"2026-08-31", true, "Nghỉ Quốc khánh"}, {"2026-08-22", false, "Làm bù"}});
	list = compute (s.get (), after.get (), "2026-08-31", "2026-09-06");
	ASSERT_EQ (list->len, 1u);
	EXPECT_EQ (at (list, 0)->status, TG_OCCURRENCE_MOVED);
	/* 1/9 is worked? 2/9 is National Day; the next working day is found */
	GDate d;
	tg_date_parse_iso (at (list, 0)->date, &d);
	EXPECT_TRUE (tg_holiday_calendar_is_working_day (after.get (), &d));
}

TEST (Occurrence, ExceptionsApply)
{
	SeriesPtr s (tg_series_new_default ("74"));
	auto cal = calendar ();
	GHashTable *exc = g_hash_table_new_full (g_str_hash, g_str_equal, nullptr,
						 (GDestroyNotify) tg_exception_free);
	TgException *moved = tg_exception_new ("74", "2027-03-08");
	moved->new_date = g_strdup ("2027-03-10");
	moved->meeting_start = 14 * 60;
	moved->reason = g_strdup ("Lãnh đạo đi công tác");
	moved->sequence = 2;
	g_hash_table_insert (exc, moved->original_date, moved);
	TgException *cancelled = tg_exception_new ("74", "2027-03-15");
	cancelled->cancelled = TRUE;
	cancelled->reason = g_strdup ("Họp đột xuất");
	g_hash_table_insert (exc, cancelled->original_date, cancelled);
	TgException *patched = tg_exception_new ("74", "2027-03-22");
	patched->agenda = g_strdup ("Hồ sơ đất đai trễ hạn");
	patched->mode = TG_MEETING_MODE_HYBRID;
	patched->online_url = g_strdup ("https://hop.binhduong.gov.vn/abc");
	g_hash_table_insert (exc, patched->original_date, patched);
	/* moved from far away into the range */
	TgException *far = tg_exception_new ("74", "2027-01-04");
	far->new_date = g_strdup ("2027-03-26");
	g_hash_table_insert (exc, far->original_date, far);

	auto list = compute (s.get (), cal.get (), "2027-03-01", "2027-03-31", exc);
	ASSERT_EQ (list->len, 6u);
	EXPECT_STREQ (at (list, 1)->id, "74-20270308");
	EXPECT_STREQ (at (list, 1)->date, "2027-03-10");
	EXPECT_EQ (at (list, 1)->status, TG_OCCURRENCE_MOVED);
	EXPECT_EQ (at (list, 1)->meeting_start, 14u * 60);
	EXPECT_EQ (at (list, 1)->meeting_end, 16u * 60);
	EXPECT_EQ (at (list, 1)->sequence, 2u);
	EXPECT_EQ (at (list, 2)->status, TG_OCCURRENCE_CANCELLED);
	EXPECT_STREQ (at (list, 2)->reason, "Họp đột xuất");
	EXPECT_EQ (at (list, 3)->mode, TG_MEETING_MODE_HYBRID);
	EXPECT_STREQ (at (list, 3)->agenda, "Hồ sơ đất đai trễ hạn");
	EXPECT_STREQ (at (list, 4)->id, "74-20270104");
	EXPECT_STREQ (at (list, 4)->date, "2027-03-26");
	/* the far one is not in January any more */
	auto jan = compute (s.get (), cal.get (), "2027-01-04", "2027-01-04", exc);
	EXPECT_EQ (jan->len, 0u);
	g_hash_table_unref (exc);
}

static gboolean
valid_2025_to_mid_2026 (const gchar *date, gpointer)
{
	return g_strcmp0 (date, "2025-07-01") >= 0 && g_strcmp0 (date, "2026-06-30") <= 0;
}

TEST (Occurrence, TheUnitsValidityBoundsTheSeries)
{
	SeriesPtr s (tg_series_new_default ("25747"));
	auto cal = calendar ();
	Ptr<GPtrArray> list (tg_occurrences_compute (s.get (), cal.get (), nullptr,
						     valid_2025_to_mid_2026, nullptr, "2025-06-01",
						     "2025-07-31"));
	ASSERT_GT (list->len, 0u);
	EXPECT_STREQ (at (list, 0)->date, "2025-07-07");
}

TEST (Occurrence, NeverTwoInOneWeekOverTenYears)
{
	SeriesPtr s (tg_series_new_default ("74"));
	auto cal = calendar ();
	for (int year = 2023; year <= 2032; year++) {
		std::string from = std::to_string (year) + "-01-01",
			    to = std::to_string (year) + "-12-31";
		auto list = compute (s.get (), cal.get (), from.c_str (), to.c_str ());
		std::set<std::string> weeks;
		for (guint i = 0; i < list->len; i++) {
			Ptr<gchar> w (tg_date_iso_week (at (list, i)->date));
			EXPECT_TRUE (weeks.insert (w.get ()).second) << at (list, i)->date;
			GDate d;
			tg_date_parse_iso (at (list, i)->date, &d);
			if (at (list, i)->status != TG_OCCURRENCE_CANCELLED) {
				EXPECT_TRUE (tg_holiday_calendar_is_working_day (cal.get (), &d))
					<< at (list, i)->date;
			}
		}
		EXPECT_GE (list->len, 52u);
	}
}

TEST (Occurrence, BridgeKeepsTheAncestorsIdAndTimes)
{
	SeriesPtr s (tg_series_new_default ("74"));
	s->mode = TG_MEETING_MODE_ONLINE;
	s->online_url = g_strdup ("https://hop.example.vn/74");
	auto cal = calendar ();
	auto list = compute (s.get (), cal.get (), "2027-03-01", "2027-03-01");
	Ptr<TgOccurrence> b (tg_occurrence_new_bridge (at (list, 0), "25747"));
	EXPECT_STREQ (b->id, "74-20270301");
	EXPECT_STREQ (b->bridge_of, "74");
	EXPECT_STREQ (b->unit, "25747");
	EXPECT_EQ (b->meeting_start, 8u * 60);
}
