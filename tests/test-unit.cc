/* test-unit.cc: units, their validation and the units TSV */
#include <gtest/gtest.h>

#include "tg-test.hh"

using tg_test::Ptr;

static Ptr<GPtrArray>
parse (const std::string &text, GError **error)
{
	return Ptr<GPtrArray> (tg_unit_parse_tsv (text.c_str (), text.size (), error));
}

TEST (Unit, Levels)
{
	EXPECT_STREQ (tg_unit_level_to_string (TG_UNIT_LEVEL_PROVINCE), "province");
	EXPECT_STREQ (tg_unit_level_to_string (TG_UNIT_LEVEL_COMMUNE), "commune");
	EXPECT_EQ (tg_unit_level_from_string ("district"), TG_UNIT_LEVEL_DISTRICT);
	EXPECT_EQ (tg_unit_level_from_string ("huyện"), TG_UNIT_LEVEL_UNKNOWN);
	EXPECT_EQ (tg_unit_level_from_string (nullptr), TG_UNIT_LEVEL_UNKNOWN);
	EXPECT_EQ (tg_unit_level_to_string ((TgUnitLevel) 99), nullptr);
}

TEST (Unit, Codes)
{
	EXPECT_TRUE (tg_unit_code_is_valid ("74"));
	EXPECT_TRUE (tg_unit_code_is_valid ("25747"));
	EXPECT_FALSE (tg_unit_code_is_valid (""));
	EXPECT_FALSE (tg_unit_code_is_valid ("7a"));
	EXPECT_FALSE (tg_unit_code_is_valid ("12345678901"));
	EXPECT_FALSE (tg_unit_code_is_valid ("74; DROP TABLE units"));
	EXPECT_FALSE (tg_unit_code_is_valid (nullptr));
}

static Ptr<TgUnit>
commune ()
{
	Ptr<TgUnit> u (tg_unit_new ());
	u->code = g_strdup ("25747");
	u->name = g_strdup ("Phường Phú Cường");
	u->type = g_strdup ("Phường");
	u->level = TG_UNIT_LEVEL_COMMUNE;
	u->parent = g_strdup ("718");
	u->valid_from = g_strdup ("2023-04-10");
	return u;
}

TEST (Unit, ValidOn)
{
	auto u = commune ();
	u->valid_to = g_strdup ("2025-06-30");
	EXPECT_FALSE (tg_unit_is_valid_on (u.get (), "2023-04-09"));
	EXPECT_TRUE (tg_unit_is_valid_on (u.get (), "2023-04-10"));
	EXPECT_TRUE (tg_unit_is_valid_on (u.get (), "2025-06-30"));
	EXPECT_FALSE (tg_unit_is_valid_on (u.get (), "2025-07-01"));
}

struct BadUnitCase {
	const char *name;
	void (*spoil) (TgUnit *u);
	const char *field;
};

class UnitValidation : public ::testing::TestWithParam<BadUnitCase>
{
};

TEST_P (UnitValidation, NamesTheField)
{
	auto u = commune ();
	GError *error = nullptr;
	GetParam ().spoil (u.get ());
	EXPECT_FALSE (tg_unit_validate (u.get (), &error));
	ASSERT_NE (error, nullptr);
	EXPECT_TRUE (g_error_matches (error, TG_ERROR, TG_ERROR_INVALID));
	EXPECT_STREQ (tg_error_get_field (error), GetParam ().field);
	EXPECT_NE (tg_error_get_msgid (error), nullptr);
	g_error_free (error);
}

static void
set (gchar **field, const char *value)
{
	g_free (*field);
	*field = g_strdup (value);
}

INSTANTIATE_TEST_SUITE_P (
	Unit, UnitValidation,
	::testing::Values (
		BadUnitCase{"code_letters", [] (TgUnit *u) { set (&u->code, "A1"); }, "code"},
		BadUnitCase{"no_name", [] (TgUnit *u) { set (&u->name, ""); }, "name"},
		BadUnitCase{"blank_name", [] (TgUnit *u) { set (&u->name, "   "); }, "name"},
		BadUnitCase{"name_newline", [] (TgUnit *u) { set (&u->name, "Phường\r\nBcc: x"); },
			    "name"},
		BadUnitCase{"name_bad_utf8", [] (TgUnit *u) { set (&u->name, "Ph\xc6"); }, "name"},
		BadUnitCase{"name_too_long",
			    [] (TgUnit *u) { set (&u->name, std::string (201, 'a').c_str ()); },
			    "name"},
		BadUnitCase{"no_type", [] (TgUnit *u) { set (&u->type, nullptr); }, "type"},
		BadUnitCase{"level", [] (TgUnit *u) { u->level = TG_UNIT_LEVEL_UNKNOWN; }, "level"},
		BadUnitCase{"own_parent", [] (TgUnit *u) { set (&u->parent, "25747"); }, "parent"},
		BadUnitCase{"no_parent", [] (TgUnit *u) { set (&u->parent, nullptr); }, "parent"},
		BadUnitCase{"province_parent",
			    [] (TgUnit *u) { u->level = TG_UNIT_LEVEL_PROVINCE; }, "parent"},
		BadUnitCase{"from_not_date", [] (TgUnit *u) { set (&u->valid_from, "2023-02-30"); },
			    "valid_from"},
		BadUnitCase{"to_not_date", [] (TgUnit *u) { set (&u->valid_to, "30/06/2025"); },
			    "valid_to"},
		BadUnitCase{"to_before_from", [] (TgUnit *u) { set (&u->valid_to, "2023-01-01"); },
			    "valid_to"},
		BadUnitCase{"predecessor",
			    [] (TgUnit *u) { g_ptr_array_add (u->predecessors, g_strdup ("x")); },
			    "predecessors"}),
	[] (const ::testing::TestParamInfo<BadUnitCase> &info) { return info.param.name; });

TEST (Unit, ValidCommune)
{
	auto u = commune ();
	GError *error = nullptr;
	EXPECT_TRUE (tg_unit_validate (u.get (), &error));
	EXPECT_EQ (error, nullptr);
	Ptr<TgUnit> copy (tg_unit_copy (u.get ()));
	EXPECT_STREQ (copy->name, u->name);
	EXPECT_STREQ (copy->parent, "718");
}

TEST (UnitTsv, ParsesTheDemoUnits)
{
	std::string text =
		tg_test::read_file (tg_test::top_srcdir_file ("data/units/binh-duong-2023.tsv"));
	GError *error = nullptr;
	auto units = parse (text, &error);
	ASSERT_NE (units, nullptr) << error->message;
	ASSERT_EQ (units->len, 101u);
	guint provinces = 0, districts = 0, communes = 0;
	for (guint i = 0; i < units->len; i++) {
		auto *u = static_cast<TgUnit *> (g_ptr_array_index (units.get (), i));
		provinces += u->level == TG_UNIT_LEVEL_PROVINCE;
		districts += u->level == TG_UNIT_LEVEL_DISTRICT;
		communes += u->level == TG_UNIT_LEVEL_COMMUNE;
		EXPECT_STREQ (u->valid_from, "2023-04-10");
		EXPECT_TRUE (g_utf8_validate (u->name, -1, nullptr));
	}
	EXPECT_EQ (provinces, 1u);
	EXPECT_EQ (districts, 9u);
	EXPECT_EQ (communes, 91u);
}

TEST (UnitTsv, ParsesTheSuccessors)
{
	std::string text = tg_test::read_file (
		tg_test::top_srcdir_file ("data/units/hcmc-2025-former-binh-duong.tsv"));
	GError *error = nullptr;
	auto units = parse (text, &error);
	ASSERT_NE (units, nullptr) << error->message;
	ASSERT_EQ (units->len, 37u);
	auto *hcmc = static_cast<TgUnit *> (g_ptr_array_index (units.get (), 0));
	EXPECT_STREQ (hcmc->code, "79");
	EXPECT_EQ (hcmc->level, TG_UNIT_LEVEL_PROVINCE);
	bool found = false;
	for (guint i = 0; i < units->len; i++) {
		auto *u = static_cast<TgUnit *> (g_ptr_array_index (units.get (), i));
		EXPECT_STREQ (u->valid_from, "2025-07-01");
		if (g_strcmp0 (u->code, "25747") == 0) {
			found = true;
			EXPECT_STREQ (u->name, "Phường Thủ Dầu Một");
			EXPECT_STREQ (u->parent, "79");
			EXPECT_GE (u->predecessors->len, 4u);
		}
	}
	EXPECT_TRUE (found);
}

TEST (UnitTsv, ReadsTheSharedFiveColumnFormat)
{
	std::string text = tg_test::read_file (
		tg_test::top_srcdir_file ("../shared/data/units-binh-duong-2023.tsv"));
	if (text.empty ())
		GTEST_SKIP () << "the shared data folder is not beside this tree";
	GError *error = nullptr;
	auto units = parse (text, &error);
	ASSERT_NE (units, nullptr) << error->message;
	EXPECT_EQ (units->len, 101u);
}

struct BadTsvCase {
	const char *name;
	const char *text;
	const char *message_part;
};

class UnitTsvErrors : public ::testing::TestWithParam<BadTsvCase>
{
};

TEST_P (UnitTsvErrors, SaysWhere)
{
	GError *error = nullptr;
	auto units = parse (GetParam ().text, &error);
	EXPECT_EQ (units, nullptr);
	ASSERT_NE (error, nullptr);
	EXPECT_NE (strstr (error->message, GetParam ().message_part), nullptr) << error->message;
	g_error_free (error);
}

INSTANTIATE_TEST_SUITE_P (
	UnitTsv, UnitTsvErrors,
	::testing::Values (
		BadTsvCase{"empty", "", "no header"},
		BadTsvCase{"comments_only", "# nothing\n", "no header"},
		BadTsvCase{"header_missing_level", "code\tname\ttype\n74\tX\tTỉnh\n", "header"},
		BadTsvCase{
			"bad_level_line3",
			"code\tname\ttype\tlevel\tparent\n74\tT\tTỉnh\tprovince\t\n75\tT\tTỉnh\tstate\t\n",
			"line 3"},
		BadTsvCase{"not_utf8", "code\tname\ttype\tlevel\n74\t\xff\tT\tprovince\n", "UTF-8"},
		BadTsvCase{
			"bad_date",
			"code\tname\ttype\tlevel\tvalid_from\n74\tT\tTỉnh\tprovince\t2023-13-01\n",
			"valid_from"}),
	[] (const ::testing::TestParamInfo<BadTsvCase> &info) { return info.param.name; });

TEST (UnitTsv, CrLfAndCommentsAndPredecessors)
{
	GError *error = nullptr;
	auto units = parse (
		"# comment\r\ncode\tname\ttype\tlevel\tparent\tvalid_from\tvalid_to\tpredecessors\r\n"
		"79\tThành phố Hồ Chí Minh\tThành phố\tprovince\t\t2025-07-01\t\t74; 77\r\n",
		&error);
	ASSERT_NE (units, nullptr) << error->message;
	ASSERT_EQ (units->len, 1u);
	auto *u = static_cast<TgUnit *> (g_ptr_array_index (units.get (), 0));
	EXPECT_EQ (u->valid_to, nullptr);
	ASSERT_EQ (u->predecessors->len, 2u);
	EXPECT_STREQ ((const char *) g_ptr_array_index (u->predecessors, 1), "77");
}
