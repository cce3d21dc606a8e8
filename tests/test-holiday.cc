/* test-holiday.cc: Vietnam's holidays: statutory days, estimates, compensatory days, the
 * administrator's decisions; cases from tests/data/holidays-*.txt */
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "tg-test.hh"

using tg_test::Ptr;

/* ---- helpers ---- */

struct CalendarFree {
	void operator() (TgHolidayCalendar *cal) const
	{
		tg_holiday_calendar_free (cal);
	}
};
using CalendarPtr = std::unique_ptr<TgHolidayCalendar, CalendarFree>;

struct Decision {
	const char *date;
	bool day_off;
	const char *name;
};

static std::vector<std::vector<std::string>>
read_rows (const std::string &name)
{
	std::vector<std::vector<std::string>> rows;
	std::istringstream in (tg_test::read_file (tg_test::srcdir_file ("data/" + name)));
	std::string line;

	while (std::getline (in, line)) {
		if (line.empty () || line[0] == '#')
			continue;
		std::vector<std::string> fields;
		std::istringstream fs (line);
		std::string field;
		while (std::getline (fs, field, '\t'))
			fields.push_back (field);
		rows.push_back (fields);
	}
	return rows;
}

static CalendarPtr
calendar (const std::vector<Decision> &decisions)
{
	Ptr<GPtrArray> list (
		g_ptr_array_new_with_free_func ((GDestroyNotify) tg_holiday_decision_free));
	for (const auto &d : decisions)
		g_ptr_array_add (list.get (), tg_holiday_decision_new (d.date, d.day_off, d.name));
	return CalendarPtr (tg_holiday_calendar_new (list.get ()));
}

/* the decisions of holidays-decisions.txt */
static CalendarPtr
decided_calendar ()
{
	Ptr<GPtrArray> list (
		g_ptr_array_new_with_free_func ((GDestroyNotify) tg_holiday_decision_free));
	auto rows = read_rows ("holidays-decisions.txt");
	EXPECT_GT (rows.size (), 30u);
	for (const auto &r : rows) {
		EXPECT_TRUE (r[1] == "off" || r[1] == "work") << r[0];
		g_ptr_array_add (list.get (), tg_holiday_decision_new (r[0].c_str (), r[1] == "off",
								       r[2].c_str ()));
	}
	return CalendarPtr (tg_holiday_calendar_new (list.get ()));
}

static GDate
date_from_iso (const std::string &iso)
{
	GDate d;
	g_date_clear (&d, 1);
	EXPECT_TRUE (tg_date_parse_iso (iso.c_str (), &d)) << iso;
	return d;
}

static std::string
iso (const GDate &d)
{
	Ptr<gchar> s (tg_date_to_iso (&d));
	return s.get ();
}

static bool
working (TgHolidayCalendar *cal, const std::string &day)
{
	GDate d = date_from_iso (day);
	return tg_holiday_calendar_is_working_day (cal, &d);
}

static const TgHoliday *
lookup (TgHolidayCalendar *cal, const std::string &day)
{
	GDate d = date_from_iso (day);
	return tg_holiday_calendar_lookup (cal, &d);
}

/* "2024-04-30 statutory Reunification Day", one line per day off of @year */
static std::string
days_off (TgHolidayCalendar *cal, int year)
{
	Ptr<GPtrArray> list (tg_holiday_calendar_list_days_off (cal, year));
	std::string out;
	for (guint i = 0; i < list->len; i++) {
		auto *h = static_cast<const TgHoliday *> (g_ptr_array_index (list.get (), i));
		out += std::string (h->date) + " " + tg_holiday_kind_to_string (h->kind) +
		       (h->estimated ? " estimated " : " ") + h->name_en + "\n";
	}
	return out;
}

/* the weekdays off of @year, "2024-04-29 2024-04-30 ..." */
static std::string
weekdays_off (TgHolidayCalendar *cal, int year)
{
	GDate d;
	std::string out;

	g_date_clear (&d, 1);
	g_date_set_dmy (&d, 1, G_DATE_JANUARY, (GDateYear) year);
	while (g_date_get_year (&d) == (GDateYear) year) {
		if (g_date_get_weekday (&d) < G_DATE_SATURDAY &&
		    !tg_holiday_calendar_is_working_day (cal, &d))
			out += (out.empty () ? "" : " ") + iso (d);
		g_date_add_days (&d, 1);
	}
	return out;
}

/* ---- the estimates of 2023-2030, without decisions ---- */

class HolidayEstimates : public ::testing::TestWithParam<int>
{
};

TEST_P (HolidayEstimates, MatchTheTable)
{
	int year = GetParam ();
	CalendarPtr cal (tg_holiday_calendar_new (nullptr));
	std::string expected;

	for (const auto &r : read_rows ("holidays-estimates.txt")) {
		if (std::stoi (r[0].substr (0, 4)) != year)
			continue;
		expected += r[0] + " " + r[1] + (r[2] == "1" ? " estimated " : " ") + r[3] + "\n";

		const TgHoliday *h = lookup (cal.get (), r[0]);
		ASSERT_NE (h, nullptr) << r[0];
		EXPECT_STREQ (h->date, r[0].c_str ());
		EXPECT_STREQ (tg_holiday_kind_to_string (h->kind), r[1].c_str ());
		EXPECT_EQ (h->estimated, r[2] == "1");
		EXPECT_FALSE (working (cal.get (), r[0])) << r[0];
	}
	EXPECT_FALSE (expected.empty ());
	EXPECT_EQ (days_off (cal.get (), year), expected);
	Ptr<GPtrArray> worked (tg_holiday_calendar_list_working_days (cal.get (), year));
	EXPECT_EQ (worked->len, 0u);
}

INSTANTIATE_TEST_SUITE_P (Holiday, HolidayEstimates, ::testing::Range (2023, 2031),
			  [] (const ::testing::TestParamInfo<int> &info) {
				  return "y" + std::to_string (info.param);
			  });

/* ---- the decided years 2023-2026: every day as published ---- */

class HolidayDecidedYear : public ::testing::TestWithParam<int>
{
};

TEST_P (HolidayDecidedYear, EveryDayAsPublished)
{
	int year = GetParam ();
	auto cal = decided_calendar ();
	std::set<std::string> off, work;
	GDate d;

	for (const auto &r : read_rows ("holidays-2023-2026.txt")) {
		if (r[1] == "off")
			off.insert (r[0]);
		else
			work.insert (r[0]);
	}
	g_date_clear (&d, 1);
	g_date_set_dmy (&d, 1, G_DATE_JANUARY, (GDateYear) year);
	while (g_date_get_year (&d) == (GDateYear) year) {
		std::string day = iso (d);
		bool weekend = g_date_get_weekday (&d) >= G_DATE_SATURDAY;
		bool expected = weekend ? work.count (day) > 0 : off.count (day) == 0;
		EXPECT_EQ (tg_holiday_calendar_is_working_day (cal.get (), &d), expected) << day;
		/* a weekday off is always a listed day off with a name */
		if (!weekend && !expected) {
			const TgHoliday *h = tg_holiday_calendar_lookup (cal.get (), &d);
			ASSERT_NE (h, nullptr) << day;
			EXPECT_STREQ (h->date, day.c_str ());
			EXPECT_NE (h->name_en, nullptr);
			EXPECT_NE (h->name_vi, nullptr);
		}
		g_date_add_days (&d, 1);
	}
	/* the weekend days worked are listed */
	Ptr<GPtrArray> worked (tg_holiday_calendar_list_working_days (cal.get (), year));
	std::set<std::string> listed;
	for (guint i = 0; i < worked->len; i++) {
		auto *h = static_cast<const TgHoliday *> (g_ptr_array_index (worked.get (), i));
		EXPECT_EQ (h->kind, TG_HOLIDAY_KIND_DECIDED);
		EXPECT_FALSE (h->estimated);
		listed.insert (h->date);
	}
	for (const auto &w : work) {
		if (std::stoi (w.substr (0, 4)) == year) {
			EXPECT_EQ (listed.count (w), 1u) << w;
		}
	}
	/* every estimate of these years was settled by a decision */
	Ptr<GPtrArray> list (tg_holiday_calendar_list_days_off (cal.get (), year));
	for (guint i = 0; i < list->len; i++) {
		auto *h = static_cast<const TgHoliday *> (g_ptr_array_index (list.get (), i));
		EXPECT_FALSE (h->estimated) << h->date;
	}
}

INSTANTIATE_TEST_SUITE_P (Holiday, HolidayDecidedYear, ::testing::Range (2023, 2027),
			  [] (const ::testing::TestParamInfo<int> &info) {
				  return "y" + std::to_string (info.param);
			  });

/* ---- the Mondays of 2023-2026 (the Monday series) ---- */

TEST (Holiday, EveryMondayOf2023To2026)
{
	auto cal = decided_calendar ();
	std::map<std::string, std::string> listed;
	GDate d;
	guint mondays = 0, off = 0;

	for (const auto &r : read_rows ("holidays-mondays.txt"))
		listed[r[0]] = r[1];
	g_date_clear (&d, 1);
	g_date_set_dmy (&d, 2, G_DATE_JANUARY, 2023); /* a Monday */
	ASSERT_EQ (g_date_get_weekday (&d), G_DATE_MONDAY);
	while (g_date_get_year (&d) <= 2026) {
		std::string day = iso (d);
		bool expected_off = listed.count (day) > 0;
		EXPECT_EQ (tg_holiday_calendar_is_working_day (cal.get (), &d), !expected_off)
			<< day;
		EXPECT_EQ (tg_holiday_calendar_lookup (cal.get (), &d) != nullptr, expected_off)
			<< day;
		mondays++;
		off += expected_off;
		g_date_add_days (&d, 7);
	}
	EXPECT_EQ (mondays, 209u);
	EXPECT_EQ (off, 14u);
	/* the eleven Mondays domain.md lists are among them */
	guint domain = 0;
	for (const auto &l : listed)
		domain += l.second == "domain";
	EXPECT_EQ (domain, 11u);
}

TEST (Holiday, TheDecidedMondaysSayWhy)
{
	auto cal = decided_calendar ();

	const TgHoliday *h = lookup (cal.get (), "2026-04-27");
	ASSERT_NE (h, nullptr);
	EXPECT_EQ (h->kind, TG_HOLIDAY_KIND_COMPENSATORY);
	EXPECT_STREQ (h->name_en, "Compensatory day off");
	EXPECT_STREQ (h->name_vi, "Nghỉ bù");
	EXPECT_FALSE (h->estimated);

	h = lookup (cal.get (), "2024-04-29");
	ASSERT_NE (h, nullptr);
	EXPECT_EQ (h->kind, TG_HOLIDAY_KIND_DECIDED);
	EXPECT_STREQ (h->name_vi, "Nghỉ hoán đổi (làm bù thứ Bảy 04/05)");

	h = lookup (cal.get (), "2026-02-16");
	ASSERT_NE (h, nullptr);
	EXPECT_EQ (h->kind, TG_HOLIDAY_KIND_STATUTORY);
	EXPECT_STREQ (h->name_en, "Lunar New Year");
	EXPECT_STREQ (h->name_vi, "Tết Nguyên đán");
	EXPECT_FALSE (h->estimated);

	h = lookup (cal.get (), "2025-04-07");
	ASSERT_NE (h, nullptr);
	EXPECT_STREQ (h->name_en, "Hung Kings' Commemoration Day");
	EXPECT_STREQ (h->name_vi, "Giỗ Tổ Hùng Vương");

	h = lookup (cal.get (), "2025-01-25"); /* a Saturday decided off */
	ASSERT_NE (h, nullptr);
	EXPECT_EQ (h->kind, TG_HOLIDAY_KIND_DECIDED);
	EXPECT_STREQ (h->name_vi, "Nghỉ Tết Nguyên đán");

	/* Tết on a Sunday stays Tết once decided, though nobody entered the Sunday */
	h = lookup (cal.get (), "2023-01-22");
	ASSERT_NE (h, nullptr);
	EXPECT_STREQ (h->name_en, "Lunar New Year");
	EXPECT_FALSE (h->estimated);
}

/* ---- rules, one scenario at a time ---- */

struct RuleCase {
	const char *name;
	std::vector<Decision> decisions;
	int year;
	const char *weekdays_off; /* every weekday of @year that is not a working day */
};

static void
PrintTo (const RuleCase &c, std::ostream *os)
{
	*os << c.name;
}

class HolidayRule : public ::testing::TestWithParam<RuleCase>
{
};

TEST_P (HolidayRule, GivesTheseWeekdaysOff)
{
	auto cal = calendar (GetParam ().decisions);
	EXPECT_EQ (weekdays_off (cal.get (), GetParam ().year), GetParam ().weekdays_off);
}

INSTANTIATE_TEST_SUITE_P (
	Holiday, HolidayRule,
	::testing::Values (
		/* 30/4 Saturday and 1/5 Sunday: Monday 2/5 and Tuesday 3/5; 2/9 Friday with
		 * Thursday 1/9; New Year on Saturday: Monday 3/1; Hùng Kings on Sunday 10/4:
		 * Monday 11/4 */
		RuleCase{"compensatory_2022",
			 {},
			 2022,
			 "2022-01-03 2022-01-31 2022-02-01 2022-02-02 2022-02-03 2022-02-04 "
			 "2022-04-11 "
			 "2022-05-02 2022-05-03 2022-09-01 2022-09-02"},
		/* Hùng Kings Saturday 29/4, 30/4 Sunday, 1/5 Monday: Tuesday and Wednesday */
		RuleCase{"compensatory_chain_2023",
			 {},
			 2023,
			 "2023-01-02 2023-01-23 2023-01-24 2023-01-25 2023-01-26 2023-01-27 "
			 "2023-05-01 2023-05-02 2023-05-03 2023-09-01 2023-09-04"},
		/* the Tết block on a weekend: Tết Saturday 10/02/2024, compensated after */
		RuleCase{"tet_weekend_estimate_2024",
			 {},
			 2024,
			 "2024-01-01 2024-02-09 2024-02-12 2024-02-13 2024-02-14 2024-02-15 "
			 "2024-04-18 2024-04-30 2024-05-01 2024-09-02 2024-09-03"},
		/* 30/4/2028 Sunday, 1/5 Monday: compensated on Tuesday 2/5; the Tết block's
		 * Saturday 29/01 on Monday 31/01 */
		RuleCase{"compensatory_after_holiday_2028",
			 {},
			 2028,
			 "2028-01-03 2028-01-25 2028-01-26 2028-01-27 2028-01-28 2028-01-31 "
			 "2028-04-04 2028-05-01 2028-05-02 2028-09-01 2028-09-04"},
		/* a working-day decision on a weekday removes an estimate */
		RuleCase{"work_removes_estimate_2027",
			 {{"2027-09-03", false, nullptr}},
			 2027,
			 "2027-01-01 2027-02-05 2027-02-08 2027-02-09 2027-02-10 2027-02-11 "
			 "2027-04-16 2027-04-30 2027-05-03 2027-09-02"},
		/* a day-off decision on 1 September settles National Day's adjacent day */
		RuleCase{"national_day_other_side_2027",
			 {{"2027-09-01", true, "Nghỉ lễ Quốc khánh"}},
			 2027,
			 "2027-01-01 2027-02-05 2027-02-08 2027-02-09 2027-02-10 2027-02-11 "
			 "2027-04-16 2027-04-30 2027-05-03 2027-09-01 2027-09-02"},
		/* one day-off decision near Tết settles the block: only decided weekdays stay */
		RuleCase{"tet_settled_2027",
			 {{"2027-02-04", true, nullptr}, {"2027-02-05", true, nullptr}},
			 2027,
			 "2027-01-01 2027-02-04 2027-02-05 2027-04-16 2027-04-30 2027-05-03 "
			 "2027-09-02 2027-09-03"},
		/* a working-day decision near Tết does not settle it; the compensation it
		 * displaces moves on to the next working day */
		RuleCase{"tet_work_only_2027",
			 {{"2027-02-11", false, nullptr}},
			 2027,
			 "2027-01-01 2027-02-05 2027-02-08 2027-02-09 2027-02-10 2027-02-12 "
			 "2027-04-16 2027-04-30 2027-05-03 2027-09-02 2027-09-03"},
		/* a decision far from Tết does not settle it */
		RuleCase{"far_from_tet_2027",
			 {{"2027-03-01", true, "Ngày nghỉ của tỉnh"}},
			 2027,
			 "2027-01-01 2027-02-05 2027-02-08 2027-02-09 2027-02-10 2027-02-11 "
			 "2027-03-01 2027-04-16 2027-04-30 2027-05-03 2027-09-02 2027-09-03"},
		/* the administrator's word is last, even on a statutory day */
		RuleCase{"work_on_statutory_2029",
			 {{"2029-04-30", false, nullptr}},
			 2029,
			 "2029-01-01 2029-02-12 2029-02-13 2029-02-14 2029-02-15 2029-02-16 "
			 "2029-04-23 2029-05-01 2029-09-03 2029-09-04"},
		/* a weekend day decided off adds nothing on weekdays; decisions of other years
		 * change nothing */
		RuleCase{"other_years_2030",
			 {{"2029-12-29", false, nullptr},
			  {"2031-01-02", true, nullptr},
			  {"2030-06-01", true, nullptr},
			  {"not-a-date", true, nullptr}},
			 2030,
			 "2030-01-01 2030-02-01 2030-02-04 2030-02-05 2030-02-06 2030-02-07 "
			 "2030-04-12 2030-04-30 2030-05-01 2030-09-02 2030-09-03"}),
	[] (const ::testing::TestParamInfo<RuleCase> &info) { return info.param.name; });

TEST (Holiday, SwapMakesASaturdayWork)
{
	auto cal =
		calendar ({{"2024-04-29", true, "Nghỉ hoán đổi"}, {"2024-05-04", false, nullptr}});

	EXPECT_FALSE (working (cal.get (), "2024-04-29"));
	EXPECT_TRUE (working (cal.get (), "2024-05-04"));
	EXPECT_FALSE (working (cal.get (), "2024-05-05"));
	EXPECT_EQ (lookup (cal.get (), "2024-05-04"), nullptr);

	GDate d = date_from_iso ("2024-05-04");
	const TgHoliday *w = tg_holiday_calendar_lookup_working_day (cal.get (), &d);
	ASSERT_NE (w, nullptr);
	EXPECT_STREQ (w->name_en, "Make-up working day");
	EXPECT_STREQ (w->name_vi, "Ngày làm bù");
	d = date_from_iso ("2024-05-11");
	EXPECT_EQ (tg_holiday_calendar_lookup_working_day (cal.get (), &d), nullptr);

	Ptr<GPtrArray> list (tg_holiday_calendar_list_working_days (cal.get (), 2024));
	ASSERT_EQ (list->len, 1u);
	EXPECT_STREQ (static_cast<const TgHoliday *> (g_ptr_array_index (list.get (), 0))->date,
		      "2024-05-04");
}

TEST (Holiday, DecisionsConfirmEstimates)
{
	CalendarPtr none (tg_holiday_calendar_new (nullptr));
	auto cal = calendar ({{"2027-02-08", true, nullptr}, {"2027-09-03", true, nullptr}});

	/* before: estimated */
	const TgHoliday *h = lookup (none.get (), "2027-02-08");
	ASSERT_NE (h, nullptr);
	EXPECT_TRUE (h->estimated);
	h = lookup (none.get (), "2027-09-03");
	ASSERT_NE (h, nullptr);
	EXPECT_TRUE (h->estimated);
	EXPECT_STREQ (h->name_en, "National Day");
	/* a statutory day is never estimated */
	h = lookup (none.get (), "2027-09-02");
	ASSERT_NE (h, nullptr);
	EXPECT_FALSE (h->estimated);
	EXPECT_EQ (h->kind, TG_HOLIDAY_KIND_STATUTORY);

	/* after: confirmed, named as before */
	h = lookup (cal.get (), "2027-02-08");
	ASSERT_NE (h, nullptr);
	EXPECT_FALSE (h->estimated);
	EXPECT_STREQ (h->name_en, "Lunar New Year");
	h = lookup (cal.get (), "2027-09-03");
	ASSERT_NE (h, nullptr);
	EXPECT_FALSE (h->estimated);
	EXPECT_STREQ (h->name_en, "National Day");
	EXPECT_STREQ (h->name_vi, "Quốc khánh");
	/* the rest of the Tết block went with the decision */
	EXPECT_TRUE (working (cal.get (), "2027-02-05"));
	EXPECT_TRUE (working (cal.get (), "2027-02-10"));
	/* Tết itself, a Saturday, stays Tết */
	h = lookup (cal.get (), "2027-02-06");
	ASSERT_NE (h, nullptr);
	EXPECT_STREQ (h->name_vi, "Tết Nguyên đán");

	/* a day off decided without a name */
	auto named = calendar ({{"2027-03-01", true, nullptr}, {"2027-03-02", true, ""}});
	h = lookup (named.get (), "2027-03-01");
	ASSERT_NE (h, nullptr);
	EXPECT_EQ (h->kind, TG_HOLIDAY_KIND_DECIDED);
	EXPECT_STREQ (h->name_en, "Day off");
	EXPECT_STREQ (h->name_vi, "Ngày nghỉ");
	h = lookup (named.get (), "2027-03-02");
	ASSERT_NE (h, nullptr);
	EXPECT_STREQ (h->name_en, "Day off");
}

TEST (Holiday, TheLaterDecisionForADateWins)
{
	auto cal = calendar ({{"2027-03-01", true, "first"}, {"2027-03-01", false, "second"}});
	EXPECT_TRUE (working (cal.get (), "2027-03-01"));
	auto back = calendar ({{"2027-03-06", false, "first"}, {"2027-03-06", true, "second"}});
	EXPECT_FALSE (working (back.get (), "2027-03-06"));
	const TgHoliday *h = lookup (back.get (), "2027-03-06");
	ASSERT_NE (h, nullptr);
	EXPECT_STREQ (h->name_en, "second");
}

TEST (Holiday, WeekendsAreNotHolidays)
{
	CalendarPtr cal (tg_holiday_calendar_new (nullptr));
	EXPECT_FALSE (working (cal.get (), "2027-03-06"));
	EXPECT_EQ (lookup (cal.get (), "2027-03-06"), nullptr);
	EXPECT_TRUE (working (cal.get (), "2027-03-08"));
	/* a holiday on a weekend is one */
	const TgHoliday *h = lookup (cal.get (), "2028-04-30");
	ASSERT_NE (h, nullptr);
	EXPECT_STREQ (h->name_en, "Reunification Day");
	EXPECT_STREQ (h->name_vi, "Ngày Chiến thắng");
}

TEST (Holiday, TwoHolidaysOnOneDate)
{
	/* 1947: Hùng Kings' day (10/3 lunar) fell on 30 April, a Wednesday */
	CalendarPtr cal (tg_holiday_calendar_new (nullptr));
	EXPECT_NE (weekdays_off (cal.get (), 1947).find ("1947-04-30 1947-05-01 1947-05-02"),
		   std::string::npos);
	EXPECT_FALSE (working (cal.get (), "1947-05-02"));
	const TgHoliday *h = lookup (cal.get (), "1947-05-02");
	ASSERT_NE (h, nullptr);
	EXPECT_EQ (h->kind, TG_HOLIDAY_KIND_COMPENSATORY);
}

TEST (Holiday, YearsOutsideTheLunarRange)
{
	auto cal = calendar ({{"2101-01-03", true, nullptr}, {"1899-12-30", false, nullptr}});
	/* only weekends and decisions */
	EXPECT_TRUE (working (cal.get (), "2101-01-04"));
	EXPECT_FALSE (working (cal.get (), "2101-01-03"));
	EXPECT_TRUE (working (cal.get (), "1899-12-30"));
	EXPECT_FALSE (working (cal.get (), "1899-12-31"));
	Ptr<GPtrArray> list (tg_holiday_calendar_list_days_off (cal.get (), 2101));
	EXPECT_EQ (list->len, 1u);
	/* the first and last years are computed */
	EXPECT_FALSE (working (cal.get (), "1900-01-01"));
	EXPECT_FALSE (working (cal.get (), "2100-09-02"));
}

TEST (Holiday, Kinds)
{
	EXPECT_STREQ (tg_holiday_kind_to_string (TG_HOLIDAY_KIND_STATUTORY), "statutory");
	EXPECT_STREQ (tg_holiday_kind_to_string (TG_HOLIDAY_KIND_COMPENSATORY), "compensatory");
	EXPECT_STREQ (tg_holiday_kind_to_string (TG_HOLIDAY_KIND_DECIDED), "decided");
	EXPECT_EQ (tg_holiday_kind_to_string ((TgHolidayKind) 0), nullptr);
	EXPECT_EQ (tg_holiday_kind_to_string ((TgHolidayKind) 9), nullptr);
}

TEST (Holiday, CopyAndFree)
{
	auto cal = decided_calendar ();
	const TgHoliday *h = lookup (cal.get (), "2024-02-12");
	ASSERT_NE (h, nullptr);
	TgHoliday *copy = tg_holiday_copy (h);
	EXPECT_STREQ (copy->date, h->date);
	EXPECT_STREQ (copy->name_vi, h->name_vi);
	EXPECT_EQ (copy->kind, h->kind);
	tg_holiday_free (copy);
	tg_holiday_free (nullptr);
	tg_holiday_decision_free (nullptr);
	tg_holiday_calendar_free (nullptr);
}

/* ---- many threads on one calendar, each year computed once ---- */

TEST (Holiday, ThreadsAgree)
{
	auto cal = decided_calendar ();
	std::vector<std::thread> threads;
	std::vector<std::string> results (4);

	for (size_t t = 0; t < results.size (); t++) {
		threads.emplace_back ([t, &cal, &results] () {
			std::string out;
			GDate d;
			g_date_clear (&d, 1);
			g_date_set_dmy (&d, 1, G_DATE_JANUARY, 2020);
			for (int i = 0; i < 3653; i++) {
				bool w = tg_holiday_calendar_is_working_day (cal.get (), &d);
				out += w ? '1' : '0';
				g_date_add_days (&d, 1);
			}
			results[t] = out;
		});
	}
	for (auto &th : threads)
		th.join ();
	for (size_t t = 1; t < results.size (); t++)
		EXPECT_EQ (results[t], results[0]);
	EXPECT_EQ (results[0].size (), 3653u);
}
