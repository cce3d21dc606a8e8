/* test-lunar.cc: the Vietnamese lunar calendar (UTC+7 from 1968, UTC+8 before), against
 * published vectors from tests/data/lunar-*.txt, and its round trip over every day 1900-2100 */
#include <gtest/gtest.h>

#include <map>
#include <sstream>
#include <thread>

#include "tg-test.hh"

using tg_test::Ptr;

/* ---- helpers ---- */

/* the tab-separated fields of every line of a data file that is not blank nor a comment */
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

static GDate
dmy (int day, int month, int year)
{
	GDate d;
	g_date_clear (&d, 1);
	g_date_set_dmy (&d, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
	return d;
}

/* "10/3/2024", "1/6L/2006" */
static std::string
lunar_str (const TgLunarDate &l)
{
	return std::to_string (l.day) + "/" + std::to_string (l.month) + (l.leap ? "L" : "") + "/" +
	       std::to_string (l.year);
}

static std::string
solar_of (int day, int month, int year, bool leap)
{
	TgLunarDate l = {day, month, year, leap};
	GDate d;
	g_date_clear (&d, 1);
	if (!tg_lunar_to_solar (&l, &d))
		return "none";
	return iso (d);
}

/* the name of a parameterised case: the row's first field, made an identifier */
template <typename Row>
static std::string
row_name (const ::testing::TestParamInfo<Row> &info)
{
	std::string name = "row" + std::to_string (info.index) + "_";
	for (char c : info.param[0])
		name += g_ascii_isalnum (c) ? c : '_';
	return name;
}

/* ---- Tết, Hùng Kings' day, leap month and can chi of every year 1900-2100 ---- */

class LunarYear : public ::testing::TestWithParam<std::vector<std::string>>
{
};

TEST_P (LunarYear, MatchesTheTable)
{
	const auto &row = GetParam ();
	ASSERT_EQ (row.size (), 6u);
	int year = std::stoi (row[0]);
	int leap = std::stoi (row[3]);
	GDate tet;

	g_date_clear (&tet, 1);
	ASSERT_TRUE (tg_lunar_get_tet (year, &tet));
	EXPECT_EQ (iso (tet), row[1]) << "Tết of " << year << " (checked: " << row[5] << ")";
	EXPECT_EQ (solar_of (10, 3, year, false), row[2]) << "Hùng Kings' day of " << year;
	for (int m = 1; m <= 12; m++) {
		/* the leap month exists, no other does */
		EXPECT_EQ (solar_of (1, m, year, true) != "none", m == leap)
			<< "leap month " << m << " of " << year;
	}
	Ptr<gchar> can_chi (tg_lunar_can_chi_year (year));
	EXPECT_STREQ (can_chi.get (), row[4].c_str ());

	/* the day before Tết is the last of the previous year */
	TgLunarDate eve;
	GDate d = tet;
	g_date_subtract_days (&d, 1);
	if (year > TG_LUNAR_FIRST_YEAR) {
		ASSERT_TRUE (tg_lunar_from_solar (&d, &eve));
		EXPECT_EQ (eve.year, year - 1);
		EXPECT_EQ (eve.month, 12);
		EXPECT_FALSE (eve.leap);
		EXPECT_TRUE (eve.day == 29 || eve.day == 30);
	}
}

INSTANTIATE_TEST_SUITE_P (Lunar, LunarYear, ::testing::ValuesIn (read_rows ("lunar-tet.txt")),
			  row_name<std::vector<std::string>>);

TEST (Lunar, TheTableHasEveryYear)
{
	auto rows = read_rows ("lunar-tet.txt");
	ASSERT_EQ (rows.size (), 201u);
	for (size_t i = 0; i < rows.size (); i++)
		EXPECT_EQ (std::stoi (rows[i][0]), TG_LUNAR_FIRST_YEAR + (int) i);
}

/* ---- where Vietnam and China differ ---- */

class LunarVietnamNotChina : public ::testing::TestWithParam<std::vector<std::string>>
{
};

TEST_P (LunarVietnamNotChina, TetIsVietnams)
{
	const auto &row = GetParam ();
	int year = std::stoi (row[0]);
	GDate tet;

	g_date_clear (&tet, 1);
	ASSERT_TRUE (tg_lunar_get_tet (year, &tet));
	EXPECT_EQ (iso (tet), row[1]) << row[3];
	EXPECT_NE (iso (tet), row[2]) << "China's date";

	/* China's Tết is some other day of the Vietnamese calendar */
	GDate china = date_from_iso (row[2]);
	TgLunarDate l;
	ASSERT_TRUE (tg_lunar_from_solar (&china, &l));
	EXPECT_FALSE (l.day == 1 && l.month == 1 && !l.leap);
}

INSTANTIATE_TEST_SUITE_P (Lunar, LunarVietnamNotChina,
			  ::testing::ValuesIn (read_rows ("lunar-vn-cn.txt")),
			  row_name<std::vector<std::string>>);

/* ---- around the change from UTC+8 to UTC+7 (1968-01-01) ---- */

class LunarTimeZoneChange : public ::testing::TestWithParam<std::vector<std::string>>
{
};

TEST_P (LunarTimeZoneChange, TetIsReckonedInTheZoneOfItsTime)
{
	const auto &row = GetParam ();
	ASSERT_EQ (row.size (), 5u);
	int year = std::stoi (row[0]);
	bool before = year < 1968;
	const std::string &other = before ? row[3] : row[2];
	GDate tet;

	/* the table itself: Tết is the date of the zone in force */
	EXPECT_EQ (row[1], before ? row[2] : row[3]) << year;
	g_date_clear (&tet, 1);
	ASSERT_TRUE (tg_lunar_get_tet (year, &tet));
	EXPECT_EQ (iso (tet), row[1]) << row[4];

	/* the other zone's Tết, when it differs, is some other day */
	if (other != row[1]) {
		GDate d = date_from_iso (other);
		TgLunarDate l;
		ASSERT_TRUE (tg_lunar_from_solar (&d, &l));
		EXPECT_FALSE (l.day == 1 && l.month == 1 && !l.leap) << other;
	}
}

INSTANTIATE_TEST_SUITE_P (Lunar, LunarTimeZoneChange,
			  ::testing::ValuesIn (read_rows ("lunar-tz-change.txt")),
			  row_name<std::vector<std::string>>);

/* ---- leap months ---- */

class LunarLeapMonth : public ::testing::TestWithParam<std::vector<std::string>>
{
};

TEST_P (LunarLeapMonth, IsTheOnlyOne)
{
	const auto &row = GetParam ();
	int year = std::stoi (row[0]);
	int leap = std::stoi (row[1]);
	int found = 0;

	for (int m = 1; m <= 12; m++) {
		if (solar_of (1, m, year, true) != "none") {
			EXPECT_EQ (found, 0) << "two leap months in " << year;
			found = m;
		}
	}
	ASSERT_EQ (found, leap) << row[2];
	if (leap != 0) {
		/* the leap month follows the month of the same number */
		GDate first = date_from_iso (solar_of (1, leap, year, false));
		GDate leap_first = date_from_iso (solar_of (1, leap, year, true));
		int gap = g_date_days_between (&first, &leap_first);
		EXPECT_TRUE (gap == 29 || gap == 30) << gap;
	}
}

INSTANTIATE_TEST_SUITE_P (Lunar, LunarLeapMonth, ::testing::ValuesIn (read_rows ("lunar-leap.txt")),
			  row_name<std::vector<std::string>>);

/* ---- single dates and month lengths from published calendars ---- */

class LunarDate : public ::testing::TestWithParam<std::vector<std::string>>
{
};

TEST_P (LunarDate, ConvertsBothWays)
{
	const auto &row = GetParam ();
	GDate d = date_from_iso (row[0]);
	TgLunarDate l;

	ASSERT_TRUE (tg_lunar_from_solar (&d, &l));
	EXPECT_EQ (lunar_str (l), row[1]) << row[2];
	EXPECT_EQ (solar_of (l.day, l.month, l.year, l.leap), row[0]);
}

INSTANTIATE_TEST_SUITE_P (Lunar, LunarDate, ::testing::ValuesIn (read_rows ("lunar-dates.txt")),
			  row_name<std::vector<std::string>>);

class LunarMonthLength : public ::testing::TestWithParam<std::vector<std::string>>
{
};

TEST_P (LunarMonthLength, HasItsDays)
{
	const auto &row = GetParam ();
	int year = std::stoi (row[0]);
	int month = std::stoi (row[1]);
	bool leap = row[2] == "1";
	int days = std::stoi (row[3]);

	EXPECT_NE (solar_of (29, month, year, leap), "none");
	EXPECT_EQ (solar_of (30, month, year, leap) != "none", days == 30) << row[4];
}

INSTANTIATE_TEST_SUITE_P (Lunar, LunarMonthLength,
			  ::testing::ValuesIn (read_rows ("lunar-month-lengths.txt")),
			  [] (const ::testing::TestParamInfo<std::vector<std::string>> &info) {
				  return "y" + info.param[0] + "_m" + info.param[1] +
					 (info.param[2] == "1" ? "L" : "");
			  });

/* ---- can chi ---- */

struct CanChiCase {
	int year;
	const char *name;
};

static void
PrintTo (const CanChiCase &c, std::ostream *os)
{
	*os << c.year << " " << c.name;
}

class LunarCanChi : public ::testing::TestWithParam<CanChiCase>
{
};

TEST_P (LunarCanChi, NamesTheYear)
{
	Ptr<gchar> name (tg_lunar_can_chi_year (GetParam ().year));
	EXPECT_STREQ (name.get (), GetParam ().name);
}

INSTANTIATE_TEST_SUITE_P (
	Lunar, LunarCanChi,
	::testing::Values (CanChiCase{2024, "Giáp Thìn"}, CanChiCase{2025, "Ất Tỵ"},
			   CanChiCase{2026, "Bính Ngọ"}, CanChiCase{1984, "Giáp Tý"},
			   CanChiCase{2023, "Quý Mão"}, CanChiCase{1968, "Mậu Thân"},
			   CanChiCase{1975, "Ất Mão"}, CanChiCase{1945, "Ất Dậu"},
			   CanChiCase{1900, "Canh Tý"}, CanChiCase{1983, "Quý Hợi"},
			   CanChiCase{2100, "Canh Thân"}, CanChiCase{4, "Giáp Tý"},
			   CanChiCase{-56, "Giáp Tý"}, CanChiCase{0, "Canh Thân"}),
	[] (const ::testing::TestParamInfo<CanChiCase> &info) {
		int y = info.param.year;
		return (y < 0 ? "y_minus_" : "y") + std::to_string (y < 0 ? -y : y);
	});

/* ---- the limits ---- */

TEST (Lunar, Range)
{
	TgLunarDate l;
	GDate d;

	d = dmy (31, 12, 1899);
	EXPECT_FALSE (tg_lunar_from_solar (&d, &l));
	d = dmy (1, 1, 1900);
	ASSERT_TRUE (tg_lunar_from_solar (&d, &l));
	EXPECT_EQ (lunar_str (l), "1/12/1899");
	d = dmy (31, 12, 2100);
	ASSERT_TRUE (tg_lunar_from_solar (&d, &l));
	EXPECT_EQ (lunar_str (l), "1/12/2100");
	d = dmy (1, 1, 2101);
	EXPECT_FALSE (tg_lunar_from_solar (&d, &l));

	g_date_clear (&d, 1);
	EXPECT_FALSE (tg_lunar_get_tet (1899, &d));
	EXPECT_TRUE (tg_lunar_get_tet (1900, &d));
	EXPECT_TRUE (tg_lunar_get_tet (2100, &d));
	EXPECT_FALSE (tg_lunar_get_tet (2101, &d));
	EXPECT_FALSE (tg_lunar_get_tet (G_MININT, &d));
	EXPECT_FALSE (tg_lunar_get_tet (G_MAXINT, &d));

	/* the last days of lunar 2100 fall in 2101 */
	EXPECT_EQ (solar_of (1, 12, 2100, false), "2100-12-31");
	EXPECT_EQ (solar_of (2, 12, 2100, false), "none");
	/* the last days of lunar 1899 fall in 1900 */
	EXPECT_EQ (solar_of (1, 12, 1899, false), "1900-01-01");
	EXPECT_EQ (solar_of (1, 11, 1899, false), "none");
}

struct BadLunarCase {
	const char *name;
	TgLunarDate date;
};

static void
PrintTo (const BadLunarCase &c, std::ostream *os)
{
	*os << c.name;
}

class LunarNoSuchDate : public ::testing::TestWithParam<BadLunarCase>
{
};

TEST_P (LunarNoSuchDate, IsRefused)
{
	GDate d;
	g_date_clear (&d, 1);
	EXPECT_FALSE (tg_lunar_to_solar (&GetParam ().date, &d));
}

INSTANTIATE_TEST_SUITE_P (
	Lunar, LunarNoSuchDate,
	::testing::Values (BadLunarCase{"day_30_of_a_29_day_month", {30, 12, 2025, FALSE}},
			   BadLunarCase{"day_31", {31, 1, 2025, FALSE}},
			   BadLunarCase{"day_0", {0, 1, 2025, FALSE}},
			   BadLunarCase{"day_negative", {-1, 1, 2025, FALSE}},
			   BadLunarCase{"month_0", {1, 0, 2025, FALSE}},
			   BadLunarCase{"month_13", {1, 13, 2025, FALSE}},
			   BadLunarCase{"leap_month_of_another_year", {1, 6, 2024, TRUE}},
			   BadLunarCase{"leap_month_not_the_one", {1, 5, 2025, TRUE}},
			   BadLunarCase{"year_1898", {1, 1, 1898, FALSE}},
			   BadLunarCase{"year_2101", {1, 1, 2101, FALSE}},
			   BadLunarCase{"year_huge", {1, 1, G_MAXINT, FALSE}}),
	[] (const ::testing::TestParamInfo<BadLunarCase> &info) { return info.param.name; });

/* ---- every day 1900-2100 ---- */

TEST (Lunar, EveryDayRoundTripsAndCountsOn)
{
	GDate d = dmy (1, 1, 1900);
	GDate end = dmy (31, 12, 2100);
	TgLunarDate prev = {0, 0, 0, FALSE};
	std::map<int, int> months_of_year; /* lunar year → months begun in range */
	std::map<int, int> leaps_of_year;  /* lunar year → leap months */
	guint days = 0;

	while (g_date_compare (&d, &end) <= 0) {
		TgLunarDate l;
		GDate back;

		ASSERT_TRUE (tg_lunar_from_solar (&d, &l)) << iso (d);
		g_date_clear (&back, 1);
		ASSERT_TRUE (tg_lunar_to_solar (&l, &back)) << lunar_str (l);
		ASSERT_EQ (g_date_compare (&back, &d), 0) << iso (d) << " → " << lunar_str (l);
		ASSERT_GE (l.day, 1);
		ASSERT_LE (l.day, 30);
		if (days > 0) {
			if (l.day != 1) {
				/* the next day of the same month */
				ASSERT_EQ (l.day, prev.day + 1) << iso (d);
				ASSERT_EQ (l.month, prev.month) << iso (d);
				ASSERT_EQ (l.leap, prev.leap) << iso (d);
				ASSERT_EQ (l.year, prev.year) << iso (d);
			} else {
				/* a new month after 29 or 30 days: the leap month repeats the
				 * month before it, else the number goes on */
				ASSERT_TRUE (prev.day == 29 || prev.day == 30) << iso (d);
				if (l.leap) {
					ASSERT_FALSE (prev.leap) << iso (d);
					ASSERT_EQ (l.month, prev.month) << iso (d);
					ASSERT_EQ (l.year, prev.year) << iso (d);
				} else {
					ASSERT_EQ (l.month, prev.month % 12 + 1) << iso (d);
					ASSERT_EQ (l.year, prev.year + (l.month == 1 ? 1 : 0))
						<< iso (d);
				}
				months_of_year[l.year]++;
				if (l.leap)
					leaps_of_year[l.year]++;
			}
		}
		prev = l;
		days++;
		g_date_add_days (&d, 1);
	}
	EXPECT_EQ (days, 73414u);
	/* the years whole in the range: 12 or 13 months, a leap month exactly when 13 */
	for (int y = 1900; y <= 2099; y++) {
		EXPECT_TRUE (months_of_year[y] == 12 || months_of_year[y] == 13) << y;
		EXPECT_EQ (leaps_of_year[y], months_of_year[y] == 13 ? 1 : 0) << y;
	}
}

/* ---- first use from many threads at once ---- */

TEST (Lunar, ThreadsAgree)
{
	std::vector<std::thread> threads;
	std::vector<std::string> results (4);

	for (size_t t = 0; t < results.size (); t++) {
		threads.emplace_back ([t, &results] () {
			std::string out;
			for (int y = 1900; y <= 2100; y += 1) {
				GDate d = dmy (15, 6, y);
				TgLunarDate l;
				if (tg_lunar_from_solar (&d, &l))
					out += lunar_str (l) + " ";
			}
			results[t] = out;
		});
	}
	for (auto &th : threads)
		th.join ();
	for (size_t t = 1; t < results.size (); t++)
		EXPECT_EQ (results[t], results[0]);
	EXPECT_FALSE (results[0].empty ());
}
