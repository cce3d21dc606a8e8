/* test-i18n.cc: picking the language and translating per thread */
#include <gtest/gtest.h>

#include <thread>

#include "tg-test.hh"

TEST (I18n, PicksTheLanguage)
{
	EXPECT_STREQ (tg_i18n_pick_language (nullptr), "vi");
	EXPECT_STREQ (tg_i18n_pick_language ("en"), "en");
	EXPECT_STREQ (tg_i18n_pick_language ("en-US,en;q=0.9"), "en");
	EXPECT_STREQ (tg_i18n_pick_language ("vi-VN"), "vi");
	EXPECT_STREQ (tg_i18n_pick_language ("fr, en;q=0.5, vi;q=0.8"), "vi");
	EXPECT_STREQ (tg_i18n_pick_language ("fr"), "vi");
	EXPECT_STREQ (tg_i18n_pick_language ("vi;q=0, en;q=0.1"), "en");
	EXPECT_STREQ (tg_i18n_pick_language ("eng"), "vi");
	EXPECT_TRUE (tg_i18n_language_is_supported ("en"));
	EXPECT_FALSE (tg_i18n_language_is_supported ("fr"));
}

/* found by tests/fuzz/fuzz-accept-language: an empty range split into no part, and its NULL
 * tag was read (a crash of the daemon on "Accept-Language: en,,vi") */
TEST (I18n, AnEmptyRangeIsSkipped)
{
	g_autofree gchar *saved = NULL;
	ASSERT_TRUE (g_file_get_contents (
		tg_test::srcdir_file ("fuzz/regressions/accept-language/empty-range").c_str (),
		&saved, nullptr, nullptr));
	EXPECT_STREQ (tg_i18n_pick_language (saved), "en");
	EXPECT_STREQ (tg_i18n_pick_language ("en,,vi"), "en");
	EXPECT_STREQ (tg_i18n_pick_language (","), "vi");
	EXPECT_STREQ (tg_i18n_pick_language (",,,;q=1,"), "vi");
	EXPECT_STREQ (tg_i18n_pick_language (" , en;q=0.5,"), "en");
	EXPECT_STREQ (tg_i18n_pick_language (""), "vi");
}

TEST (I18n, TranslatesPerThreadWithoutTouchingTheProcess)
{
	const char *msgid = "not found";
	std::string vi_text, en_text;
	std::thread a ([&] () { vi_text = tg_i18n_translate ("vi", msgid); });
	std::thread b ([&] () { en_text = tg_i18n_translate ("en", msgid); });
	a.join ();
	b.join ();
	EXPECT_EQ (en_text, "not found");
	EXPECT_EQ (vi_text, "không tìm thấy");
	/* the process locale is untouched */
	EXPECT_STREQ (tg_i18n_translate ("en", msgid), "not found");
}
