/* test-message.cc: the catalogue of messages: its rows, keys and conversions */
#include <gtest/gtest.h>

#include <set>

#include "tg-message.h"
#include "tg-test.hh"

using tg_test::Ptr;

/* the conversions of @format ("%%" is none) */
static guint
count_conversions (const char *format)
{
	guint n = 0;
	for (const char *p = format; *p != '\0'; p++) {
		if (*p != '%')
			continue;
		if (p[1] == '%')
			p++;
		else
			n++;
	}
	return n;
}

static guint
count_args (const TgMessageArg *args)
{
	guint n = 0;
	while (n < TG_MESSAGE_MAX_ARGS && args[n] != TG_MESSAGE_ARG_END)
		n++;
	return n;
}

static bool
has_arg (const TgMessageArg *args, TgMessageArg arg)
{
	for (guint i = 0; i < TG_MESSAGE_MAX_ARGS && args[i] != TG_MESSAGE_ARG_END; i++) {
		if (args[i] == arg)
			return true;
	}
	return false;
}

TEST (Message, EveryKindHasOneRowFoundByItsName)
{
	guint n = 0;
	const TgMessageInfo *rows = tg_message_catalogue (&n);
	std::set<std::string> names;
	ASSERT_EQ (n, (guint) TG_MESSAGE_LIST);
	for (guint i = 0; i < n; i++) {
		const TgMessageInfo *row = &rows[i];
		EXPECT_EQ (tg_message_info (row->kind), row);
		EXPECT_EQ (tg_message_info_by_name (row->name), row) << row->name;
		EXPECT_TRUE (names.insert (row->name).second) << row->name;
	}
	EXPECT_EQ (tg_message_info_by_name ("nothing"), nullptr);
	EXPECT_EQ (tg_message_info_by_name (nullptr), nullptr);
	/* the names the outbox, its Message-IDs and the spool have always used */
	EXPECT_EQ (names,
		   (std::set<std::string>{"received", "waitlisted", "confirmed", "promoted",
					  "reminder", "cancelled", "moved", "meeting", "list"}));
}

/* each conversion of a subject or a text stands for one argument of its row, in English and
 * in Vietnamese: a row and its msgids agree, and every message has its translation */
TEST (Message, ConversionsMatchTheArgumentsInEveryLanguage)
{
	guint n = 0;
	const TgMessageInfo *rows = tg_message_catalogue (&n);
	for (guint i = 0; i < n; i++) {
		const TgMessageInfo *row = &rows[i];
		const char *vi_subject = tg_i18n_translate ("vi", row->subject);
		const char *vi_text = tg_i18n_translate ("vi", row->text);
		EXPECT_EQ (count_conversions (row->subject), count_args (row->subject_args))
			<< row->name;
		EXPECT_EQ (count_conversions (row->text), count_args (row->text_args)) << row->name;
		EXPECT_STRNE (vi_subject, row->subject) << row->name << ": no translation";
		EXPECT_STRNE (vi_text, row->text) << row->name << ": no translation";
		EXPECT_EQ (count_conversions (vi_subject), count_args (row->subject_args))
			<< row->name;
		EXPECT_EQ (count_conversions (vi_text), count_args (row->text_args)) << row->name;
	}
}

/* what the rows say of themselves holds together */
TEST (Message, RowsAgreeWithThemselves)
{
	guint n = 0;
	const TgMessageInfo *rows = tg_message_catalogue (&n);
	for (guint i = 0; i < n; i++) {
		const TgMessageInfo *row = &rows[i];
		bool citizen = row->to == TG_MESSAGE_TO_CITIZEN;
		/* a message offers to book again exactly when its text says where */
		EXPECT_EQ (row->offers_rebooking != FALSE,
			   has_arg (row->text_args, TG_MESSAGE_ARG_REBOOK_URL))
			<< row->name;
		/* a citizen is told of their booking by the acts on it; a session's people by the
		 * sweep, once each */
		EXPECT_EQ (citizen, row->due != TG_MESSAGE_DUE_SWEPT) << row->name;
		EXPECT_EQ (citizen, row->at == TG_MESSAGE_AT_SLOT) << row->name;
		EXPECT_EQ (citizen, row->once != TG_MESSAGE_ONCE_PER_RECIPIENT) << row->name;
		if (!citizen) {
			EXPECT_FALSE (row->supersedes_reminders || row->then_reminds ||
				      row->attaches_appointment || row->of_ended_session ||
				      row->offers_rebooking)
				<< row->name;
		}
		/* a reminder speaks of one time: it expires and is queued once per time */
		if (row->due == TG_MESSAGE_DUE_BEFORE) {
			EXPECT_TRUE (row->expires) << row->name;
			EXPECT_EQ (row->once, TG_MESSAGE_ONCE_PER_TIME) << row->name;
			EXPECT_FALSE (row->then_reminds) << row->name;
		}
	}
	EXPECT_TRUE (tg_message_info (TG_MESSAGE_CANCELLED)->of_ended_session);
	EXPECT_TRUE (tg_message_info (TG_MESSAGE_MOVED)->then_reminds);
	EXPECT_TRUE (tg_message_info (TG_MESSAGE_PROMOTED)->attaches_appointment);
	EXPECT_FALSE (tg_message_info (TG_MESSAGE_RECEIVED)->supersedes_reminders);
}

/* the keys are those the outbox has always had, so that a message queued before an upgrade
 * is not queued again after it */
TEST (Message, KeysKeepTheirForm)
{
	struct {
		TgMessageKind kind;
		const char *key;
	} cases[] = {
		{TG_MESSAGE_RECEIVED, "received:b1:3"},
		{TG_MESSAGE_CONFIRMED, "confirmed:b1:3"},
		{TG_MESSAGE_CANCELLED, "cancelled:b1:3"},
		{TG_MESSAGE_REMINDER, "reminder:b1:1803870000000000"},
		{TG_MESSAGE_MOVED, "moved:b1:1803870000000000"},
		{TG_MESSAGE_MEETING, "meeting:b1:1803870000000000:who"},
		{TG_MESSAGE_LIST, "list:b1:1803870000000000:who"},
	};
	for (const auto &c : cases) {
		Ptr<gchar> key (tg_message_key (tg_message_info (c.kind), "b1", 3,
						G_GINT64_CONSTANT (1803870000000000), "who"));
		EXPECT_STREQ (key.get (), c.key);
	}
}

TEST (Message, FormatFillsTheConversionsInOrder)
{
	const char *args[] = {"Lan", "7", nullptr};
	Ptr<gchar> a (tg_message_format ("Hello %s, ticket %u: 100%%", args, 2));
	EXPECT_STREQ (a.get (), "Hello Lan, ticket 7: 100%");
	/* a translation may put them in another order */
	Ptr<gchar> b (tg_message_format ("số %2$s, %1$s", args, 2));
	EXPECT_STREQ (b.get (), "số 7, Lan");
	/* a conversion without its string is empty, a missing string too */
	Ptr<gchar> c (tg_message_format ("%s|%s|%s|%d", args, 3));
	EXPECT_STREQ (c.get (), "Lan|7||");
	/* what is not a conversion stays */
	Ptr<gchar> d (tg_message_format ("50% %x %", args, 2));
	EXPECT_STREQ (d.get (), "50% %x %");
}
