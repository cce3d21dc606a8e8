/* test-text.cc: text checks, dates and email syntax */
#include <gtest/gtest.h>

#include "tg-test.hh"

TEST (Text, CleanLine)
{
	EXPECT_TRUE (tg_text_is_clean_line ("Nguyễn Văn A", 1, 100));
	EXPECT_FALSE (tg_text_is_clean_line ("a\nb", 1, 100));
	EXPECT_FALSE (tg_text_is_clean_line ("a\rb", 1, 100));
	EXPECT_FALSE (tg_text_is_clean_line ("a\tb", 1, 100));
	EXPECT_FALSE (tg_text_is_clean_line ("a\x7f", 1, 100));
	EXPECT_FALSE (tg_text_is_clean_line ("a\xc2\x85", 1, 100)); /* NEL, C1 */
	EXPECT_FALSE (tg_text_is_clean_line ("a\xe2\x80\xa8", 1, 100)); /* LINE SEPARATOR */
	EXPECT_FALSE (tg_text_is_clean_line ("\xc3", 1, 100));
	EXPECT_FALSE (tg_text_is_clean_line ("", 1, 100));
	EXPECT_TRUE (tg_text_is_clean_line ("", 0, 100));
	EXPECT_FALSE (tg_text_is_clean_line (" \xc2\xa0 ", 1, 100));
	/* characters, not bytes: 100 Vietnamese letters are 200+ bytes */
	std::string hundred;
	for (int i = 0; i < 100; i++)
		hundred += "ệ";
	EXPECT_TRUE (tg_text_is_clean_line (hundred.c_str (), 1, 100));
	EXPECT_FALSE (tg_text_is_clean_line ((hundred + "a").c_str (), 1, 100));
	EXPECT_FALSE (tg_text_is_clean_line (nullptr, 0, 100));
}

TEST (Text, CleanBlock)
{
	EXPECT_TRUE (tg_text_is_clean_block ("dòng 1\ndòng 2\tx", 1, 2000));
	EXPECT_FALSE (tg_text_is_clean_block ("dòng 1\r\ndòng 2", 1, 2000));
	EXPECT_FALSE (tg_text_is_clean_block ("a\x01", 1, 2000));
}

TEST (Date, Iso)
{
	GDate d;
	EXPECT_TRUE (tg_date_parse_iso ("2024-02-29", &d));
	EXPECT_EQ (g_date_get_day (&d), 29);
	EXPECT_FALSE (tg_date_is_valid_iso ("2023-02-29"));
	EXPECT_FALSE (tg_date_is_valid_iso ("2023-2-01"));
	EXPECT_FALSE (tg_date_is_valid_iso ("2023-02-01x"));
	EXPECT_FALSE (tg_date_is_valid_iso ("0999-01-01"));
	EXPECT_FALSE (tg_date_is_valid_iso ("abcd-ef-gh"));
	EXPECT_FALSE (tg_date_is_valid_iso (nullptr));
	tg_test::Ptr<gchar> s (tg_date_to_iso (&d));
	EXPECT_STREQ (s.get (), "2024-02-29");
}

TEST (Date, TodayIsInVietnam)
{
	/* 2026-11-24 17:30 UTC is already the 25th in Ho Chi Minh City */
	gint64 t = (gint64) 1795541400 * G_USEC_PER_SEC;
	tg_test::Ptr<gchar> today (tg_date_today_iso (t));
	EXPECT_STREQ (today.get (), "2026-11-25");
	tg_test::Ptr<gchar> stamp (tg_clock_format_rfc3339 (t));
	EXPECT_STREQ (stamp.get (), "2026-11-25T00:30:00+07:00");
}

TEST (Clock, FixedAndSet)
{
	tg_test::Ptr<TgClock> clock (tg_clock_new_fixed (1000));
	EXPECT_EQ (tg_clock_now (clock.get ()), 1000);
	tg_clock_set (clock.get (), 2000);
	EXPECT_EQ (tg_clock_now (clock.get ()), 2000);
	tg_test::Ptr<TgClock> real (tg_clock_new_real ());
	EXPECT_GT (tg_clock_now (real.get ()), (gint64) 1700000000 * G_USEC_PER_SEC);
}

TEST (Email, Syntax)
{
	EXPECT_TRUE (tg_email_is_valid ("a@example.vn"));
	EXPECT_TRUE (tg_email_is_valid ("nguyen.van.a+tg@so-noi-vu.binhduong.gov.vn"));
	EXPECT_FALSE (tg_email_is_valid ("a@example"));
	EXPECT_FALSE (tg_email_is_valid ("a@@example.vn"));
	EXPECT_FALSE (tg_email_is_valid ("a@example.vn\r\nRCPT TO:<b@x.vn>"));
	EXPECT_FALSE (tg_email_is_valid ("a@example.vn, b@example.vn"));
	EXPECT_FALSE (tg_email_is_valid ("A <a@example.vn>"));
	EXPECT_FALSE (tg_email_is_valid (".a@example.vn"));
	EXPECT_FALSE (tg_email_is_valid ("a..b@example.vn"));
	EXPECT_FALSE (tg_email_is_valid ("a@-example.vn"));
	EXPECT_FALSE (tg_email_is_valid ("a@example..vn"));
	EXPECT_FALSE (tg_email_is_valid ("nguyễn@example.vn"));
	EXPECT_FALSE (tg_email_is_valid ((std::string (65, 'a') + "@example.vn").c_str ()));
	EXPECT_FALSE (tg_email_is_valid (nullptr));
}
