/* test-dossier.cc: the reader of the one-stop system's late-dossier lists (a pure function) */
#include <gtest/gtest.h>

#include <string>

#include "tg-test.hh"

namespace
{

struct ListDeleter {
	void operator() (TgDossierList *l) const
	{
		tg_dossier_list_free (l);
	}
};
using ListPtr = std::unique_ptr<TgDossierList, ListDeleter>;

ListPtr
parse (const std::string &text, guint max_rows = TG_DOSSIER_ROWS_MAX, GError **error = nullptr)
{
	return ListPtr (tg_dossier_parse_csv (text.data (), text.size (), max_rows, error));
}

TgDossier *
row (const ListPtr &list, guint i)
{
	return (TgDossier *) g_ptr_array_index (list->rows, i);
}

} // namespace

TEST (Dossier, HeadersInEitherLanguageAnyCaseWithOrWithoutDiacritics)
{
	for (const char *header :
	     {"Mã hồ sơ;Thủ tục;Hạn xử lý", "MÃ HỒ SƠ;THỦ TỤC;HẠN XỬ LÝ",
	      "ma ho so;thu tuc;han xu ly", "Dossier code;Procedure;Due",
	      "DOSSIER_CODE;procedure;due date", " Mã  hồ sơ ;Thủ tục:;Hạn xử lý"}) {
		ListPtr l = parse (std::string (header) + "\nX-1;Thủ tục;01/12/2026\n");
		ASSERT_NE (l, nullptr) << header;
		ASSERT_EQ (l->rows->len, 1u) << header;
		EXPECT_STREQ (row (l, 0)->code, "X-1");
		EXPECT_STREQ (row (l, 0)->due, "2026-12-01");
	}
	/* đ folds to d: "Đơn vị xử lý" names the agency */
	ListPtr l = parse ("Đơn vị xử lý,Mã hồ sơ,Thủ tục,Hạn xử lý\nPhòng A,X-1,P,2026-12-01\n");
	ASSERT_NE (l, nullptr);
	EXPECT_STREQ (row (l, 0)->agency, "Phòng A");
}

TEST (Dossier, AHeaderWithoutTheRequiredColumnsOrTwiceTheSameIsRefused)
{
	GError *error = nullptr;
	EXPECT_EQ (parse ("Mã hồ sơ,Thủ tục\nX,P\n", 10, &error), nullptr);
	ASSERT_NE (error, nullptr);
	EXPECT_STREQ (tg_error_get_field (error), "file");
	g_clear_error (&error);
	EXPECT_EQ (parse ("code,procedure,due,Dossier code\n", 10, &error), nullptr);
	g_clear_error (&error);
	EXPECT_EQ (parse ("", 10, &error), nullptr);
	g_clear_error (&error);
	EXPECT_EQ (parse ("code,procedure,due\n\xff\n", 10, &error), nullptr);
	g_clear_error (&error);
}

TEST (Dossier, QuotesSeparatorsAndLineEnds)
{
	/* a semicolon inside quotes on the header does not make it the separator */
	ListPtr l = parse ("\xEF\xBB\xBF\"code\",\"procedure\",due,\"note; one\"\r\n"
			   "\"X-1\",\"a, \"\"b\"\"\r\nc\",2026-12-01\r\n"
			   "\r\n"
			   "X-2,\"\",2026-12-01\r\n"
			   "X-3,tail,2026-12-01");
	ASSERT_NE (l, nullptr);
	EXPECT_EQ (l->n_records, 3u);
	ASSERT_EQ (l->rows->len, 2u);
	EXPECT_STREQ (row (l, 0)->procedure, "a, \"b\" c");
	EXPECT_EQ (row (l, 0)->line, 2u);
	/* the blank line is counted, the quoted line break too */
	EXPECT_EQ (row (l, 1)->line, 6u);
	ASSERT_EQ (l->problems->len, 1u);
	TgDossierProblem *p = &g_array_index (l->problems, TgDossierProblem, 0);
	EXPECT_EQ (p->line, 5u);
	EXPECT_EQ (p->column, 2);
	EXPECT_EQ (p->field, TG_DOSSIER_COLUMN_PROCEDURE);

	/* an unclosed quote, and text after a closing one */
	l = parse ("code;procedure;due\nX-1;\"P\"x;2026-12-01\nX-2;\"P;2026-12-01\n");
	ASSERT_NE (l, nullptr);
	EXPECT_EQ (l->rows->len, 0u);
	ASSERT_EQ (l->problems->len, 2u);
	EXPECT_EQ (g_array_index (l->problems, TgDossierProblem, 0).column, 0);
}

TEST (Dossier, Dates)
{
	struct {
		const char *text, *iso;
	} cases[] = {
		{"01/12/2026", "2026-12-01"}, {"1/2/2026", "2026-02-01"},
		{"2026-12-01", "2026-12-01"}, {"29/02/2028 08:30", "2028-02-29"},
		{"29/02/2026", nullptr},      {"2026-13-01", nullptr},
		{"01/12/26", nullptr},        {"01-12-2026", nullptr},
		{"/12/2026", nullptr},        {"001/12/2026", nullptr},
		{"01/12/2026x", nullptr},     {"+1/12/2026", nullptr},
	};
	for (const auto &c : cases) {
		ListPtr l = parse (std::string ("code,procedure,due\nX,P,") + c.text + "\n");
		ASSERT_NE (l, nullptr);
		if (c.iso != nullptr) {
			ASSERT_EQ (l->rows->len, 1u) << c.text;
			EXPECT_STREQ (row (l, 0)->due, c.iso) << c.text;
		} else {
			EXPECT_EQ (l->rows->len, 0u) << c.text;
		}
	}
	EXPECT_EQ (tg_dossier_days_late ("2026-11-20", "2026-12-02"), 12u);
	EXPECT_EQ (tg_dossier_days_late ("2026-12-20", "2026-12-02"), 0u);
	EXPECT_EQ (tg_dossier_days_late ("bad", "2026-12-02"), 0u);
}

TEST (Dossier, CellsAreCleanedAndChecked)
{
	ListPtr l = parse ("code,procedure,due,status\n"
			   "X-1,\"  Cap\tgiay  \",2026-12-01,\"  \"\n"
			   "X-2,P\x7f,2026-12-01,\n"
			   "X-3,P,2026-12-01,\xc2\x85\n"
			   "X-4_a.b,P,2026-12-01,,extra\n");
	ASSERT_NE (l, nullptr);
	ASSERT_EQ (l->rows->len, 1u);
	EXPECT_STREQ (row (l, 0)->procedure, "Cap giay");
	EXPECT_EQ (row (l, 0)->status, nullptr);
	ASSERT_EQ (l->problems->len, 3u);
	EXPECT_EQ (g_array_index (l->problems, TgDossierProblem, 2).field, -1);
	/* decomposed Vietnamese becomes NFC */
	l = parse ("code,procedure,due\nX,Thu\xcc\x89 tu\xcc\xa3\x63,2026-12-01\n");
	ASSERT_NE (l, nullptr);
	ASSERT_EQ (l->rows->len, 1u);
	EXPECT_STREQ (row (l, 0)->procedure, "Thủ tục");
	EXPECT_TRUE (tg_dossier_code_is_well_formed ("000.00.12.H01-231122-0001"));
	EXPECT_FALSE (tg_dossier_code_is_well_formed ("X 1"));
	EXPECT_FALSE (tg_dossier_code_is_well_formed ("H57/2026/001"));
	EXPECT_FALSE (tg_dossier_code_is_well_formed (""));
	EXPECT_FALSE (tg_dossier_code_is_well_formed (std::string (65, 'A').c_str ()));
}

TEST (Dossier, TheDigestIsTheListsNotTheFiles)
{
	ListPtr a = parse ("code,procedure,due\nX-1,P,2026-12-01\nX-2,Q,2026-12-02\n");
	ListPtr b = parse ("\xEF\xBB\xBFHạn xử lý;Mã hồ sơ;Thủ tục\r\n02/12/2026;X-2;\"Q\"\r\n"
			   "01/12/2026;X-1;P\r\n");
	ListPtr c = parse ("code,procedure,due\nX-1,P,2026-12-01\nX-2,Q,2026-12-03\n");
	ASSERT_TRUE (a && b && c);
	EXPECT_STREQ (a->digest, b->digest);
	EXPECT_STRNE (a->digest, c->digest);
}

TEST (Dossier, TooManyRows)
{
	GError *error = nullptr;
	EXPECT_EQ (parse ("code,procedure,due\nA,P,2026-12-01\nB,P,2026-12-01\n\n", 1, &error),
		   nullptr);
	ASSERT_NE (error, nullptr);
	EXPECT_TRUE (g_error_matches (error, TG_ERROR, TG_ERROR_TOO_LARGE));
	g_clear_error (&error);
	ListPtr l = parse ("code,procedure,due\nA,P,2026-12-01\n\n\n", 1);
	ASSERT_NE (l, nullptr);
	EXPECT_EQ (l->rows->len, 1u);
}
