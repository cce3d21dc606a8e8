/* test-store.cc: the SQLite store: migrations, units, tokens, the writer */
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <sqlite3.h>

#include <atomic>
#include <cstdio>
#include <mutex>
#include <thread>

#include "tg-test.hh"

using tg_test::Ptr;

class Store : public ::testing::Test
{
      protected:
	tg_test::TempDir dir;
	std::string path = dir.file ("thaogo.db");

	Ptr<TgStore> open ()
	{
		GError *error = nullptr;
		Ptr<TgStore> store (tg_store_open (path.c_str (), &error));
		EXPECT_NE (store, nullptr) << (error ? error->message : "");
		if (error)
			g_error_free (error);
		return store;
	}

	/* writes a database from SQL text, as an older thaogo would have left it */
	void write_fixture (const std::string &sql)
	{
		sqlite3 *db = nullptr;
		char *msg = nullptr;
		ASSERT_EQ (sqlite3_open (path.c_str (), &db), SQLITE_OK);
		ASSERT_EQ (sqlite3_exec (db, sql.c_str (), nullptr, nullptr, &msg), SQLITE_OK)
			<< msg;
		sqlite3_close (db);
	}

	/* Writes tests/data/@name, a database of an older schema, and opens it: migrated to the
	 * latest */
	Ptr<TgStore> open_fixture (const char *name)
	{
		write_fixture (
			tg_test::read_file (tg_test::srcdir_file (std::string ("data/") + name)));
		Ptr<TgStore> store = open ();
		if (store) {
			EXPECT_EQ (tg_store_get_schema_version (store.get ()),
				   tg_store_get_latest_schema_version ());
		}
		return store;
	}
};

static Ptr<TgUnit>
make_unit (const char *code, const char *name, TgUnitLevel level, const char *parent,
	   const char *from = "2023-04-10", const char *to = nullptr)
{
	Ptr<TgUnit> u (tg_unit_new ());
	u->code = g_strdup (code);
	u->name = g_strdup (name);
	u->type = g_strdup (level == TG_UNIT_LEVEL_PROVINCE ? "Tỉnh" : "Phường");
	u->level = level;
	u->parent = g_strdup (parent);
	u->valid_from = g_strdup (from);
	u->valid_to = g_strdup (to);
	return u;
}

static void
put (TgStore *store, const Ptr<TgUnit> &u)
{
	GError *error = nullptr;
	ASSERT_TRUE (tg_store_put_unit (store, u.get (), &error)) << error->message;
}

TEST_F (Store, CreatesTheLatestSchemaInWalMode)
{
	auto store = open ();
	ASSERT_NE (store, nullptr);
	EXPECT_EQ (tg_store_get_schema_version (store.get ()),
		   tg_store_get_latest_schema_version ());
	store.reset ();
	sqlite3 *db = nullptr;
	sqlite3_stmt *stmt = nullptr;
	ASSERT_EQ (sqlite3_open (path.c_str (), &db), SQLITE_OK);
	sqlite3_prepare_v2 (db, "PRAGMA journal_mode;", -1, &stmt, nullptr);
	ASSERT_EQ (sqlite3_step (stmt), SQLITE_ROW);
	EXPECT_STREQ ((const char *) sqlite3_column_text (stmt, 0), "wal");
	sqlite3_finalize (stmt);
	sqlite3_close (db);
}

TEST_F (Store, OpensAVersion1Database)
{
	auto store = open_fixture ("store-v1.sql");
	ASSERT_NE (store, nullptr);
	GError *error = nullptr;
	Ptr<TgUnit> u (tg_store_get_unit (store.get (), "25747", nullptr, &error));
	ASSERT_NE (u, nullptr);
	EXPECT_STREQ (u->name, "Phường Phú Cường");
	EXPECT_EQ (u->predecessors->len, 0u);
	Ptr<TgToken> t (tg_store_get_token_by_hash (
		store.get (), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
		&error));
	ASSERT_NE (t, nullptr);
	EXPECT_EQ (t->role, TG_ROLE_ADMIN);
	/* the new table works */
	auto succ = make_unit ("25747", "Phường Thủ Dầu Một", TG_UNIT_LEVEL_COMMUNE, "74",
			       "2025-07-01");
	g_ptr_array_add (succ->predecessors, g_strdup ("25747"));
	put (store.get (), succ);
}

TEST_F (Store, OpensAVersion2Database)
{
	auto store = open_fixture ("store-v2.sql");
	ASSERT_NE (store, nullptr);
	EXPECT_EQ (tg_store_count_units (store.get (), nullptr), 103u);
	Ptr<TgUnit> u (tg_store_get_unit (store.get (), "25747", "2026-01-01", nullptr));
	ASSERT_NE (u, nullptr);
	EXPECT_STREQ (u->name, "Phường Thủ Dầu Một");
	EXPECT_EQ (u->predecessors->len, 2u);
	Ptr<GPtrArray> tokens (tg_store_list_tokens (store.get (), nullptr));
	EXPECT_EQ (tokens->len, 1u);
	/* the new tables work on the migrated file */
	Ptr<TgSeries> s (tg_series_new_default ("74"));
	s->desks = 4;
	ASSERT_TRUE (tg_store_put_series (store.get (), s.get (), nullptr));
}

TEST_F (Store, OpensAVersion3Database)
{
	auto store = open_fixture ("store-v3.sql");
	ASSERT_NE (store, nullptr);
	Ptr<TgSeries> s (tg_store_get_series (store.get (), "74", nullptr));
	ASSERT_NE (s, nullptr);
	EXPECT_EQ (s->mode, TG_MEETING_MODE_HYBRID);
	EXPECT_EQ (s->desks, 4u);
	ASSERT_EQ (s->participants->len, 1u);
	Ptr<GPtrArray> decisions (tg_store_list_holiday_decisions (store.get (), nullptr));
	EXPECT_EQ (decisions->len, 2u);
	GHashTable *exc = tg_store_list_exceptions (store.get (), "74", nullptr);
	ASSERT_NE (exc, nullptr);
	EXPECT_EQ (g_hash_table_size (exc), 1u);
	g_hash_table_unref (exc);
	/* the bookings table of schema 4 works on the migrated file */
	Ptr<GPtrArray> none (tg_store_list_bookings (store.get (), "74-20270308", nullptr));
	ASSERT_NE (none, nullptr);
	EXPECT_EQ (none->len, 0u);
}

TEST_F (Store, OpensAVersion4Database)
{
	auto store = open_fixture ("store-v4.sql");
	ASSERT_NE (store, nullptr);
	Ptr<TgBooking> b (
		tg_store_get_booking (store.get (), "0123456789abcdef0123456789abcdef", nullptr));
	ASSERT_NE (b, nullptr);
	EXPECT_STREQ (b->requester.name, "Nguyễn Văn A");
	EXPECT_EQ (b->ticket, 1u);
	/* the tables of schema 5 work on the migrated file */
	GHashTable *states = tg_store_load_event_states (store.get (), nullptr);
	ASSERT_NE (states, nullptr);
	EXPECT_EQ (g_hash_table_size (states), 0u);
	g_hash_table_unref (states);
}

TEST_F (Store, OpensAVersion5Database)
{
	auto store = open_fixture ("store-v5.sql");
	ASSERT_NE (store, nullptr);
	GHashTable *states = tg_store_load_event_states (store.get (), nullptr);
	ASSERT_NE (states, nullptr);
	auto *st = static_cast<TgEventState *> (
		g_hash_table_lookup (states, "74-20270301-meeting@thaogo"));
	ASSERT_NE (st, nullptr);
	EXPECT_EQ (st->sequence, 3u);
	g_hash_table_unref (states);
	Ptr<gchar> owner (tg_store_get_feed_owner (
		store.get (), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ae",
		nullptr));
	EXPECT_STREQ (owner.get (), "00112233445566778899aabbccddeeff");
	/* the outbox of schema 6 works on the migrated file */
	Ptr<GPtrArray> none (tg_store_list_outbox (store.get (), nullptr, 10, nullptr));
	ASSERT_NE (none, nullptr);
	EXPECT_EQ (none->len, 0u);
}

TEST_F (Store, OpensAVersion6Database)
{
	auto store = open_fixture ("store-v6.sql");
	ASSERT_NE (store, nullptr);
	/* the message composed before the migration is sent as it is */
	Ptr<GPtrArray> due (tg_store_claim_mail (store.get (), 1795000000000000, 10, nullptr));
	ASSERT_NE (due, nullptr);
	ASSERT_EQ (due->len, 1u);
	auto *m = static_cast<TgOutboxMessage *> (g_ptr_array_index (due.get (), 0));
	EXPECT_STREQ (m->message_id, "<received.00aa@thaogo>");
	EXPECT_GT (g_bytes_get_size (m->message), 0u);
	EXPECT_EQ (m->link_secret, nullptr);
	/* a message to compose when sent keeps its link's secret until then */
	Ptr<TgOutboxMessage> intent (g_new0 (TgOutboxMessage, 1));
	intent->kind = g_strdup ("confirmed");
	intent->dedup = g_strdup ("confirmed:0123456789abcdef0123456789abcdef:1");
	intent->recipient = g_strdup ("a@example.vn");
	intent->language = g_strdup ("vi");
	intent->message = g_bytes_new (nullptr, 0);
	intent->message_id = g_strdup ("<confirmed.00bb@thaogo>");
	intent->due_at = 1795000000000000;
	intent->created_at = 1795000000000000;
	intent->link_secret = g_strdup ("c2VjcmV0");
	ASSERT_TRUE (tg_store_enqueue_mail (store.get (), intent.get (), nullptr));
	Ptr<GPtrArray> next (tg_store_claim_mail (store.get (), 1795000000000000, 10, nullptr));
	ASSERT_EQ (next->len, 1u);
	m = static_cast<TgOutboxMessage *> (g_ptr_array_index (next.get (), 0));
	EXPECT_EQ (g_bytes_get_size (m->message), 0u);
	EXPECT_STREQ (m->link_secret, "c2VjcmV0");
	ASSERT_TRUE (tg_store_finish_mail (store.get (), m->id, "sent", nullptr, 0,
					   1795000000000001, nullptr));
	ASSERT_TRUE (tg_store_retry_mail (store.get (), m->id, 1795000000000002, nullptr) == FALSE);
	Ptr<GPtrArray> all (tg_store_list_outbox (store.get (), "sent", 10, nullptr));
	ASSERT_EQ (all->len, 1u);
}

TEST_F (Store, PurgeDeletesTheOutboxOfThatTimeButWhatWaits)
{
	auto store = open ();
	ASSERT_NE (store, nullptr);
	/* 2026-01-01T00:00Z and 2027-01-01T00:00Z */
	const gint64 old_time = G_GINT64_CONSTANT (1767225600000000),
		     new_time = G_GINT64_CONSTANT (1798761600000000);
	const char *statuses[] = {"sent", "failed", "queued", "sent"};
	for (int i = 0; i < 4; i++) {
		Ptr<TgOutboxMessage> m (g_new0 (TgOutboxMessage, 1));
		m->kind = g_strdup ("confirmed");
		m->recipient = g_strdup_printf ("p%d@example.vn", i);
		m->language = g_strdup ("vi");
		m->message = g_bytes_new ("x", 1);
		m->message_id = g_strdup_printf ("<confirmed.%d@thaogo>", i);
		m->due_at = m->created_at = i < 3 ? old_time : new_time;
		ASSERT_TRUE (tg_store_enqueue_mail (store.get (), m.get (), nullptr));
		if (g_strcmp0 (statuses[i], "queued") != 0) {
			ASSERT_TRUE (tg_store_finish_mail (store.get (), m->id, statuses[i],
							   nullptr, 0, old_time, nullptr));
		}
	}
	ASSERT_GE (tg_store_purge_personal_data (store.get (), "2026-06-01", new_time, nullptr), 0);
	Ptr<GPtrArray> left (tg_store_list_outbox (store.get (), nullptr, 10, nullptr));
	ASSERT_EQ (left->len, 2u);
	std::set<std::string> who;
	for (guint i = 0; i < left->len; i++)
		who.insert (static_cast<TgOutboxMessage *> (g_ptr_array_index (left.get (), i))
				    ->recipient);
	EXPECT_EQ (who, (std::set<std::string>{"p2@example.vn", "p3@example.vn"}));
}

TEST_F (Store, SeriesRoundTrip)
{
	auto store = open ();
	GError *error = nullptr;
	Ptr<TgSeries> missing (tg_store_get_series (store.get (), "74", &error));
	EXPECT_EQ (missing, nullptr);
	EXPECT_TRUE (g_error_matches (error, TG_STORE_ERROR, TG_STORE_ERROR_NOT_FOUND));
	g_clear_error (&error);

	Ptr<TgSeries> s (tg_series_new_default ("74"));
	s->meeting_start = 7 * 60 + 30;
	s->mode = TG_MEETING_MODE_HYBRID;
	s->online_url = g_strdup ("https://hop.example.vn/x");
	s->reception_venue = g_strdup ("Trung tâm Hành chính công tỉnh");
	s->holiday_policy = TG_HOLIDAY_POLICY_MANUAL;
	g_ptr_array_add (s->participants,
			 tg_participant_new ("Nguyễn Văn A", "a@example.vn", "Chủ tịch"));
	g_ptr_array_add (s->participants, tg_participant_new ("Trần Thị B", nullptr, nullptr));
	ASSERT_TRUE (tg_store_put_series (store.get (), s.get (), &error));
	Ptr<TgSeries> got (tg_store_get_series (store.get (), "74", &error));
	ASSERT_NE (got, nullptr);
	EXPECT_EQ (got->meeting_start, 450u);
	EXPECT_EQ (got->mode, TG_MEETING_MODE_HYBRID);
	EXPECT_EQ (got->holiday_policy, TG_HOLIDAY_POLICY_MANUAL);
	EXPECT_STREQ (got->reception_venue, "Trung tâm Hành chính công tỉnh");
	ASSERT_EQ (got->participants->len, 2u);
	EXPECT_STREQ (static_cast<TgParticipant *> (g_ptr_array_index (got->participants, 1))->name,
		      "Trần Thị B");
	/* replacing shrinks the participants */
	g_ptr_array_set_size (s->participants, 1);
	ASSERT_TRUE (tg_store_put_series (store.get (), s.get (), &error));
	got.reset (tg_store_get_series (store.get (), "74", &error));
	EXPECT_EQ (got->participants->len, 1u);
}

TEST_F (Store, HolidayDecisionsAndExceptions)
{
	auto store = open ();
	GError *error = nullptr;
	Ptr<TgHolidayDecision> off (
		tg_holiday_decision_new ("2026-08-31", TRUE, "Nghỉ Quốc khánh"));
	ASSERT_TRUE (tg_store_put_holiday_decision (store.get (), off.get (), 1, &error));
	Ptr<TgHolidayDecision> work (tg_holiday_decision_new ("2026-08-22", FALSE, nullptr));
	ASSERT_TRUE (tg_store_put_holiday_decision (store.get (), work.get (), 1, &error));
	Ptr<GPtrArray> list (tg_store_list_holiday_decisions (store.get (), &error));
	ASSERT_EQ (list->len, 2u);
	EXPECT_STREQ (static_cast<TgHolidayDecision *> (g_ptr_array_index (list.get (), 0))->date,
		      "2026-08-22");
	EXPECT_FALSE (
		static_cast<TgHolidayDecision *> (g_ptr_array_index (list.get (), 0))->day_off);
	ASSERT_TRUE (tg_store_delete_holiday_decision (store.get (), "2026-08-22", &error));
	EXPECT_FALSE (tg_store_delete_holiday_decision (store.get (), "2026-08-22", &error));
	EXPECT_TRUE (g_error_matches (error, TG_STORE_ERROR, TG_STORE_ERROR_NOT_FOUND));
	g_clear_error (&error);

	Ptr<TgException> e (tg_exception_new ("74", "2027-03-08"));
	e->new_date = g_strdup ("2027-03-10");
	e->meeting_start = 840;
	e->reason = g_strdup ("Lý do");
	e->participants = tg_participants_new ();
	g_ptr_array_add (e->participants, tg_participant_new ("C", nullptr, "Thư ký"));
	ASSERT_TRUE (tg_store_put_exception (store.get (), e.get (), &error));
	EXPECT_EQ (e->sequence, 1u);
	e->cancelled = TRUE;
	ASSERT_TRUE (tg_store_put_exception (store.get (), e.get (), &error));
	EXPECT_EQ (e->sequence, 2u);
	GHashTable *all = tg_store_list_exceptions (store.get (), "74", &error);
	ASSERT_NE (all, nullptr);
	auto *got = static_cast<TgException *> (g_hash_table_lookup (all, "2027-03-08"));
	ASSERT_NE (got, nullptr);
	EXPECT_TRUE (got->cancelled);
	EXPECT_STREQ (got->new_date, "2027-03-10");
	EXPECT_EQ (got->meeting_start, 840);
	EXPECT_EQ (got->reception_start, -1);
	EXPECT_EQ (got->sequence, 2u);
	ASSERT_NE (got->participants, nullptr);
	EXPECT_EQ (got->participants->len, 1u);
	g_hash_table_unref (all);
	all = tg_store_list_exceptions (store.get (), "718", &error);
	EXPECT_EQ (g_hash_table_size (all), 0u);
	g_hash_table_unref (all);
}

TEST_F (Store, AFailedMigrationCopiesTheFileAsideAndKeepsIt)
{
	/* a version 1 file where someone created a table that migration 2 also creates */
	write_fixture (tg_test::read_file (tg_test::srcdir_file ("data/store-v1.sql")) +
		       "CREATE TABLE unit_links (x INTEGER);");
	GError *error = nullptr;
	Ptr<TgStore> store (tg_store_open (path.c_str (), &error));
	EXPECT_EQ (store, nullptr);
	ASSERT_NE (error, nullptr);
	EXPECT_TRUE (g_error_matches (error, TG_STORE_ERROR, TG_STORE_ERROR_MIGRATION));
	g_error_free (error);

	/* the copy is there, with the data */
	GDir *d = g_dir_open (dir.path ().c_str (), 0, nullptr);
	std::string copy;
	const gchar *name;
	while ((name = g_dir_read_name (d)) != nullptr) {
		if (g_str_has_prefix (name, "thaogo.db.failed-migration-v2-"))
			copy = dir.file (name);
	}
	g_dir_close (d);
	ASSERT_FALSE (copy.empty ());
	for (const std::string &p : {copy, path}) {
		sqlite3 *db = nullptr;
		sqlite3_stmt *stmt = nullptr;
		ASSERT_EQ (sqlite3_open (p.c_str (), &db), SQLITE_OK);
		sqlite3_prepare_v2 (db, "SELECT count (*) FROM units;", -1, &stmt, nullptr);
		ASSERT_EQ (sqlite3_step (stmt), SQLITE_ROW);
		EXPECT_EQ (sqlite3_column_int (stmt, 0), 3) << p;
		sqlite3_finalize (stmt);
		sqlite3_prepare_v2 (db, "PRAGMA user_version;", -1, &stmt, nullptr);
		ASSERT_EQ (sqlite3_step (stmt), SQLITE_ROW);
		EXPECT_EQ (sqlite3_column_int (stmt, 0), 1) << p;
		sqlite3_finalize (stmt);
		sqlite3_close (db);
	}
}

TEST_F (Store, RefusesANewerSchema)
{
	write_fixture ("PRAGMA user_version = 99;");
	GError *error = nullptr;
	Ptr<TgStore> store (tg_store_open (path.c_str (), &error));
	EXPECT_EQ (store, nullptr);
	EXPECT_TRUE (g_error_matches (error, TG_STORE_ERROR, TG_STORE_ERROR_TOO_NEW));
	g_clear_error (&error);
}

TEST_F (Store, RefusesAFileThatIsNotADatabase)
{
	ASSERT_TRUE (g_file_set_contents (path.c_str (), "not a database at all, just text", -1,
					  nullptr));
	tg_test::LogCapture log ("thaogo-store");
	GError *error = nullptr;
	Ptr<TgStore> store (tg_store_open (path.c_str (), &error));
	EXPECT_EQ (store, nullptr);
	EXPECT_TRUE (g_error_matches (error, TG_STORE_ERROR, TG_STORE_ERROR_CORRUPT))
		<< (error ? error->message : "no error");
	g_clear_error (&error);
	EXPECT_EQ (log.count (G_LOG_LEVEL_WARNING, "not a database"), 1) << log.text ();
	EXPECT_EQ (tg_test::read_file (path), "not a database at all, just text");
}

TEST_F (Store, UnitTreeQueries)
{
	auto store = open ();
	put (store.get (), make_unit ("74", "Tỉnh Bình Dương", TG_UNIT_LEVEL_PROVINCE, nullptr));
	put (store.get (),
	     make_unit ("718", "Thành phố Thủ Dầu Một", TG_UNIT_LEVEL_DISTRICT, "74"));
	put (store.get (), make_unit ("719", "Huyện Bàu Bàng", TG_UNIT_LEVEL_DISTRICT, "74"));
	put (store.get (), make_unit ("25741", "Phường Hiệp Thành", TG_UNIT_LEVEL_COMMUNE, "718"));
	put (store.get (), make_unit ("25747", "Phường Phú Cường", TG_UNIT_LEVEL_COMMUNE, "718"));

	GError *error = nullptr;
	Ptr<GPtrArray> children (tg_store_list_units (store.get (), "718", TG_UNIT_LEVEL_UNKNOWN,
						      "2024-01-01", &error));
	ASSERT_NE (children, nullptr);
	ASSERT_EQ (children->len, 2u);
	EXPECT_STREQ (static_cast<TgUnit *> (g_ptr_array_index (children.get (), 0))->code,
		      "25741");

	Ptr<GPtrArray> districts (tg_store_list_units (store.get (), nullptr,
						       TG_UNIT_LEVEL_DISTRICT, nullptr, &error));
	ASSERT_EQ (districts->len, 2u);
	/* numeric order: 74 before 718 */
	Ptr<GPtrArray> all (tg_store_list_units (store.get (), nullptr, TG_UNIT_LEVEL_UNKNOWN,
						 nullptr, &error));
	ASSERT_EQ (all->len, 5u);
	EXPECT_STREQ (static_cast<TgUnit *> (g_ptr_array_index (all.get (), 0))->code, "74");
	/* before the units began */
	Ptr<GPtrArray> none (tg_store_list_units (store.get (), nullptr, TG_UNIT_LEVEL_UNKNOWN,
						  "2020-01-01", &error));
	EXPECT_EQ (none->len, 0u);

	EXPECT_TRUE (tg_store_unit_is_within (store.get (), "25747", "74", nullptr, nullptr));
	EXPECT_TRUE (tg_store_unit_is_within (store.get (), "25747", "718", nullptr, nullptr));
	EXPECT_TRUE (tg_store_unit_is_within (store.get (), "718", "718", nullptr, nullptr));
	EXPECT_FALSE (tg_store_unit_is_within (store.get (), "25747", "719", nullptr, nullptr));
	EXPECT_FALSE (tg_store_unit_is_within (store.get (), "74", "718", nullptr, nullptr));
	EXPECT_EQ (tg_store_count_units (store.get (), nullptr), 5u);

	/* update in place keeps one version */
	put (store.get (), make_unit ("719", "Huyện Bàu Bàng (mới)", TG_UNIT_LEVEL_DISTRICT, "74"));
	Ptr<TgUnit> u (tg_store_get_unit (store.get (), "719", nullptr, &error));
	EXPECT_STREQ (u->name, "Huyện Bàu Bàng (mới)");
	EXPECT_EQ (tg_store_count_units (store.get (), nullptr), 5u);

	Ptr<TgUnit> missing (tg_store_get_unit (store.get (), "99", nullptr, &error));
	EXPECT_EQ (missing, nullptr);
	EXPECT_TRUE (g_error_matches (error, TG_STORE_ERROR, TG_STORE_ERROR_NOT_FOUND));
	g_clear_error (&error);
}

TEST_F (Store, ReusedCodesAreVersionsAndSuccessorsCloseTheirPredecessors)
{
	auto store = open ();
	put (store.get (), make_unit ("74", "Tỉnh Bình Dương", TG_UNIT_LEVEL_PROVINCE, nullptr));
	put (store.get (),
	     make_unit ("718", "Thành phố Thủ Dầu Một", TG_UNIT_LEVEL_DISTRICT, "74"));
	put (store.get (), make_unit ("25747", "Phường Phú Cường", TG_UNIT_LEVEL_COMMUNE, "718"));
	put (store.get (), make_unit ("25753", "Phường Phú Thọ", TG_UNIT_LEVEL_COMMUNE, "718"));
	auto hcmc = make_unit ("79", "Thành phố Hồ Chí Minh", TG_UNIT_LEVEL_PROVINCE, nullptr,
			       "2025-07-01");
	g_ptr_array_add (hcmc->predecessors, g_strdup ("74"));
	put (store.get (), hcmc);
	auto tdm = make_unit ("25747", "Phường Thủ Dầu Một", TG_UNIT_LEVEL_COMMUNE, "79",
			      "2025-07-01");
	g_ptr_array_add (tdm->predecessors, g_strdup ("25747"));
	g_ptr_array_add (tdm->predecessors, g_strdup ("25753"));
	put (store.get (), tdm);

	GError *error = nullptr;
	Ptr<TgUnit> old (tg_store_get_unit (store.get (), "25747", "2024-05-01", &error));
	ASSERT_NE (old, nullptr);
	EXPECT_STREQ (old->name, "Phường Phú Cường");
	EXPECT_STREQ (old->valid_to, "2025-06-30");
	Ptr<TgUnit> now (tg_store_get_unit (store.get (), "25747", "2026-11-24", &error));
	ASSERT_NE (now, nullptr);
	EXPECT_STREQ (now->name, "Phường Thủ Dầu Một");
	EXPECT_STREQ (now->parent, "79");
	ASSERT_EQ (now->predecessors->len, 2u);
	Ptr<TgUnit> latest (tg_store_get_unit (store.get (), "25747", nullptr, &error));
	EXPECT_STREQ (latest->valid_from, "2025-07-01");
	Ptr<TgUnit> pt (tg_store_get_unit (store.get (), "25753", nullptr, &error));
	EXPECT_STREQ (pt->valid_to, "2025-06-30");
	Ptr<TgUnit> bd (tg_store_get_unit (store.get (), "74", nullptr, &error));
	EXPECT_STREQ (bd->valid_to, "2025-06-30");

	/* the tree of today has the new ward under the city */
	Ptr<GPtrArray> under79 (tg_store_list_units (store.get (), "79", TG_UNIT_LEVEL_UNKNOWN,
						     "2026-11-24", &error));
	ASSERT_EQ (under79->len, 1u);
	Ptr<GPtrArray> every (tg_store_list_units (store.get (), nullptr, TG_UNIT_LEVEL_UNKNOWN,
						   nullptr, &error));
	EXPECT_EQ (every->len, 6u);
	Ptr<GPtrArray> today (tg_store_list_units (store.get (), nullptr, TG_UNIT_LEVEL_UNKNOWN,
						   "2026-11-24", &error));
	/* 79, the new 25747, and 718 (nobody succeeded it in this test) */
	EXPECT_EQ (today->len, 3u);
}

TEST_F (Store, ImportIsAllOrNothing)
{
	auto store = open ();
	Ptr<GPtrArray> units (g_ptr_array_new_with_free_func ((GDestroyNotify) tg_unit_free));
	g_ptr_array_add (
		units.get (),
		make_unit ("74", "Tỉnh Bình Dương", TG_UNIT_LEVEL_PROVINCE, nullptr).release ());
	auto bad = make_unit ("718", "x", TG_UNIT_LEVEL_DISTRICT, "74");
	/* break a CHECK constraint behind validation's back */
	bad->level = (TgUnitLevel) 7;
	g_ptr_array_add (units.get (), bad.release ());
	GError *error = nullptr;
	EXPECT_FALSE (tg_store_put_units (store.get (), units.get (), &error));
	EXPECT_TRUE (g_error_matches (error, TG_STORE_ERROR, TG_STORE_ERROR_CONSTRAINT))
		<< error->message;
	g_clear_error (&error);
	EXPECT_EQ (tg_store_count_units (store.get (), nullptr), 0u);
}

TEST_F (Store, Tokens)
{
	auto store = open ();
	Ptr<TgToken> t (tg_token_new ());
	t->id = g_strdup ("0123456789abcdef0123456789abcdef");
	t->hash = tg_token_hash_secret ("tg_secret");
	t->role = TG_ROLE_SECRETARY;
	t->unit = g_strdup ("718");
	t->name = g_strdup ("Thư ký");
	t->created_at = 42;
	GError *error = nullptr;
	ASSERT_TRUE (tg_store_add_token (store.get (), t.get (), &error));
	/* the same hash twice is refused by the schema */
	EXPECT_FALSE (tg_store_add_token (store.get (), t.get (), &error));
	EXPECT_TRUE (g_error_matches (error, TG_STORE_ERROR, TG_STORE_ERROR_CONSTRAINT));
	g_clear_error (&error);

	Ptr<TgToken> got (tg_store_get_token_by_hash (store.get (), t->hash, &error));
	ASSERT_NE (got, nullptr);
	EXPECT_EQ (got->role, TG_ROLE_SECRETARY);
	EXPECT_STREQ (got->unit, "718");
	EXPECT_EQ (got->revoked_at, 0);

	ASSERT_TRUE (tg_store_revoke_token (store.get (), t->id, 99, &error));
	EXPECT_FALSE (tg_store_revoke_token (store.get (), t->id, 100, &error));
	EXPECT_TRUE (g_error_matches (error, TG_STORE_ERROR, TG_STORE_ERROR_NOT_FOUND));
	g_clear_error (&error);
	Ptr<GPtrArray> all (tg_store_list_tokens (store.get (), &error));
	ASSERT_EQ (all->len, 1u);
	EXPECT_EQ (static_cast<TgToken *> (g_ptr_array_index (all.get (), 0))->revoked_at, 99);

	/* the secret itself is nowhere in the file */
	store.reset ();
	std::string bytes = tg_test::read_file (path);
	EXPECT_EQ (bytes.find ("tg_secret"), std::string::npos);
}

TEST_F (Store, ConcurrentWritersShareCommits)
{
	auto store = open ();
	const int threads = 8, per_thread = 100;
	std::atomic<int> failures{0};
	std::vector<std::thread> pool;
	for (int k = 0; k < threads; k++) {
		pool.emplace_back ([&, k] () {
			for (int i = 0; i < per_thread; i++) {
				Ptr<TgToken> t (tg_token_new ());
				t->id = g_strdup_printf ("%032x", k * per_thread + i);
				gchar *secret = g_strdup_printf ("s-%d-%d", k, i);
				t->hash = tg_token_hash_secret (secret);
				g_free (secret);
				t->role = TG_ROLE_ADMIN;
				t->created_at = i;
				if (!tg_store_add_token (store.get (), t.get (), nullptr))
					failures++;
			}
		});
	}
	for (auto &th : pool)
		th.join ();
	EXPECT_EQ (failures.load (), 0);
	Ptr<GPtrArray> all (tg_store_list_tokens (store.get (), nullptr));
	EXPECT_EQ (all->len, (guint) (threads * per_thread));
	/* group commit: fewer transactions than writes */
	EXPECT_LT (tg_store_get_commit_count (store.get ()), (guint64) (threads * per_thread));
}

TEST_F (Store, OneFailingWriteDoesNotSpoilItsBatch)
{
	auto store = open ();
	std::atomic<int> ok{0}, dup{0};
	std::vector<std::thread> pool;
	for (int k = 0; k < 8; k++) {
		pool.emplace_back ([&, k] () {
			for (int i = 0; i < 50; i++) {
				Ptr<TgToken> t (tg_token_new ());
				t->id = g_strdup_printf ("%032x", k * 1000 + i);
				/* every other write collides on the hash */
				gchar *secret =
					g_strdup_printf ("s-%d", i % 2 == 0 ? k * 1000 + i : 1);
				t->hash = tg_token_hash_secret (secret);
				g_free (secret);
				t->role = TG_ROLE_ADMIN;
				GError *error = nullptr;
				if (tg_store_add_token (store.get (), t.get (), &error))
					ok++;
				else if (g_error_matches (error, TG_STORE_ERROR,
							  TG_STORE_ERROR_CONSTRAINT))
					dup++;
				g_clear_error (&error);
			}
		});
	}
	for (auto &th : pool)
		th.join ();
	/* 200 distinct hashes plus exactly one winner of "s-1" */
	EXPECT_EQ (ok.load (), 201);
	EXPECT_EQ (dup.load (), 199);
	Ptr<GPtrArray> all (tg_store_list_tokens (store.get (), nullptr));
	EXPECT_EQ (all->len, 201u);
}

TEST_F (Store, DataSurvivesReopening)
{
	{
		auto store = open ();
		put (store.get (),
		     make_unit ("74", "Tỉnh Bình Dương", TG_UNIT_LEVEL_PROVINCE, nullptr));
	}
	auto store = open ();
	Ptr<TgUnit> u (tg_store_get_unit (store.get (), "74", nullptr, nullptr));
	ASSERT_NE (u, nullptr);
	EXPECT_STREQ (u->name, "Tỉnh Bình Dương");
}

TEST_F (Store, TheSchemaItselfRefusesASecondBookingOnASeat)
{
	auto store = open ();
	Ptr<TgBooking> b (tg_booking_new ());
	b->id = g_strdup ("0123456789abcdef0123456789abcdef");
	b->token_hash = tg_token_hash_secret ("secret");
	b->occurrence = g_strdup ("74-20270301");
	b->unit = g_strdup ("74");
	b->original_date = g_strdup ("2027-03-01");
	b->slot = 0;
	b->requester.kind = TG_REQUESTER_CITIZEN;
	b->requester.name = g_strdup ("A");
	b->requester.phone = g_strdup ("0912345678");
	b->category = g_strdup ("other");
	b->language = g_strdup ("vi");
	b->consent_at = 1;
	TgSeatRequest req = {1, 6, FALSE, TRUE, 1};
	GError *error = nullptr;
	ASSERT_TRUE (tg_store_add_booking (store.get (), b.get (), &req, &error));
	EXPECT_EQ (b->seat, 0);
	EXPECT_EQ (b->ticket, 1u);
	store.reset ();

	/* behind the code's back: the same seat, a seat beyond the desks, a second active phone */
	sqlite3 *db = nullptr;
	ASSERT_EQ (sqlite3_open (path.c_str (), &db), SQLITE_OK);
	const char *cols =
		"INSERT INTO bookings (id, token_hash, occurrence, unit, original_date, slot,"
		" seat, capacity, status, active, kind, phone, category, language, consent_at,"
		" created_at, updated_at) VALUES ";
	const char *rows[] = {
		"('b2', printf('%064d', 2), '74-20270301', '74', '2027-03-01', 0, 0, 1, 'confirmed', 1,"
		" 'citizen', '0900000002', 'other', 'vi', 1, 1, 1)",
		"('b3', printf('%064d', 3), '74-20270301', '74', '2027-03-01', 1, 1, 1, 'confirmed', 1,"
		" 'citizen', '0900000003', 'other', 'vi', 1, 1, 1)",
		"('b4', printf('%064d', 4), '74-20270301', '74', '2027-03-01', 2, 0, 1, 'confirmed', 1,"
		" 'citizen', '0912345678', 'other', 'vi', 1, 1, 1)",
		"('b5', printf('%064d', 5), '74-20270301', '74', '2027-03-01', 3, NULL, 1, 'confirmed', 1,"
		" 'citizen', '0900000005', 'other', 'vi', 1, 1, 1)",
	};
	for (const char *row : rows) {
		std::string sql = std::string (cols) + row + ";";
		EXPECT_NE (sqlite3_exec (db, sql.c_str (), nullptr, nullptr, nullptr), SQLITE_OK)
			<< row;
	}
	sqlite3_close (db);
}

/* a reminder to queue, its Message-ID made of @dedup; @booking (nullable): what it is about */
static TgOutboxMessage *
outbox_message (const char *dedup, gint64 due, const char *booking = nullptr)
{
	TgOutboxMessage *m = g_new0 (TgOutboxMessage, 1);
	m->kind = g_strdup ("reminder");
	m->dedup = g_strdup (dedup);
	m->booking = g_strdup (booking);
	m->recipient = g_strdup ("a@example.vn");
	m->language = g_strdup ("vi");
	m->message = g_bytes_new_static ("Subject: x\r\n\r\nbody\r\n", 21);
	m->message_id = g_strdup_printf ("<%s@thaogo>", dedup);
	m->due_at = due;
	m->created_at = 1;
	return m;
}

/* the outbox of schema 7 kept what a message is about only in its key: the migration
 * fills the columns from the keys, and the keys still keep a message from being queued
 * twice */
TEST_F (Store, OpensAVersion7Database)
{
	auto store = open_fixture ("store-v7.sql");
	ASSERT_NE (store, nullptr);
	GError *error = nullptr;
	const char *b1 = "0123456789abcdef0123456789abcdef";
	struct {
		gint64 id;
		const char *kind, *booking, *occurrence;
		gint64 starts_at;
	} expected[] = {
		{1, "received", b1, nullptr, 0},
		{2, "confirmed", b1, nullptr, 0},
		{3, "reminder", b1, nullptr, G_GINT64_CONSTANT (1803870000000000)},
		{4, "moved", b1, nullptr, G_GINT64_CONSTANT (1803956400000000)},
		{5, "reminder", b1, nullptr, G_GINT64_CONSTANT (1803956400000000)},
		{6, "meeting", nullptr, "74-20270301", G_GINT64_CONSTANT (1803861000000000)},
		{7, "list", nullptr, "74-20270301", G_GINT64_CONSTANT (1803870000000000)},
		{8, "cancelled", "fedcba9876543210fedcba9876543210", nullptr, 0},
	};
	for (const auto &e : expected) {
		Ptr<TgOutboxMessage> m (tg_store_get_outbox_message (store.get (), e.id, &error));
		ASSERT_NE (m, nullptr) << error->message;
		EXPECT_STREQ (m->kind, e.kind);
		EXPECT_STREQ (m->booking, e.booking) << e.id;
		EXPECT_STREQ (m->occurrence, e.occurrence) << e.id;
		EXPECT_EQ (m->starts_at, e.starts_at) << e.id;
	}
	/* the same reminder is not queued twice */
	Ptr<TgOutboxMessage> again (
		outbox_message ("reminder:0123456789abcdef0123456789abcdef:1803956400000000",
				1803870000000000, b1));
	ASSERT_TRUE (tg_store_enqueue_mail (store.get (), again.get (), &error));
	EXPECT_EQ (again->id, 0);
	/* queued messages are found by what they are about: the booking's reminder and the
	 * session's meeting reminder go, its move stays */
	ASSERT_TRUE (tg_store_supersede_mail (store.get (), "reminder", b1, nullptr,
					      1795000000000009, &error));
	ASSERT_TRUE (tg_store_supersede_mail (store.get (), "meeting", nullptr, "74-20270301",
					      1795000000000009, &error));
	Ptr<GPtrArray> queued (tg_store_list_outbox (store.get (), "queued", 10, &error));
	std::set<gint64> ids;
	for (guint i = 0; i < queued->len; i++)
		ids.insert (
			static_cast<TgOutboxMessage *> (g_ptr_array_index (queued.get (), i))->id);
	EXPECT_EQ (ids, (std::set<gint64>{1, 4}));
	/* its key freed, the reminder may be queued anew (the session moved back) */
	ASSERT_TRUE (tg_store_enqueue_mail (store.get (), again.get (), &error));
	EXPECT_GT (again->id, 8);
	Ptr<TgOutboxMessage> anew (tg_store_get_outbox_message (store.get (), again->id, &error));
	ASSERT_NE (anew, nullptr);
	EXPECT_STREQ (anew->booking, b1);
}

/* schema 9 adds the web sessions and login codes: a database of schema 8 keeps its tokens
 * and feed links, and the new tables work on it; a session and a login code go with their
 * token when it is revoked */
TEST_F (Store, OpensAVersion9DatabaseAndKeepsACancelReasonUntilThePurge)
{
	auto store = open_fixture ("store-v9.sql");
	ASSERT_NE (store, nullptr);
	GError *error = nullptr;
	const char *id = "0123456789abcdef0123456789abcdef";
	Ptr<TgBooking> b (tg_store_get_booking (store.get (), id, &error));
	ASSERT_NE (b, nullptr) << error->message;
	EXPECT_EQ (b->cancel_reason, nullptr);
	ASSERT_TRUE (tg_store_end_booking (store.get (), id, TG_BOOKING_CANCELLED, "Tôi bận",
					   1796619900000000, nullptr, &error));
	b.reset (tg_store_get_booking (store.get (), id, &error));
	ASSERT_NE (b, nullptr);
	EXPECT_EQ (b->status, TG_BOOKING_CANCELLED);
	EXPECT_STREQ (b->cancel_reason, "Tôi bận");
	EXPECT_EQ (tg_store_purge_personal_data (store.get (), "2027-03-02", 1796619900000001,
						 &error),
		   1);
	b.reset (tg_store_get_booking (store.get (), id, &error));
	ASSERT_NE (b, nullptr);
	EXPECT_TRUE (b->purged);
	EXPECT_EQ (b->cancel_reason, nullptr);
}

/* schema 11 makes the unit index cover what reports count and keeps the purge's mark: a
 * database of schema 10 reports its past bookings the same, and its purge takes their
 * personal data once; the next purge reads only the days since (and finds nothing) */
TEST_F (Store, OpensAVersion10DatabaseReportsAndPurgesOnce)
{
	auto store = open_fixture ("store-v10.sql");
	ASSERT_NE (store, nullptr);
	GError *error = nullptr;
	Ptr<GPtrArray> units (g_ptr_array_new ());
	g_ptr_array_add (units.get (), (gpointer) "74");
	Ptr<GPtrArray> rows (
		tg_store_report (store.get (), units.get (), "2026-01-01", "2026-01-31", &error));
	ASSERT_NE (rows, nullptr) << error->message;
	std::map<std::string, guint> counts;
	for (guint i = 0; i < rows->len; i++) {
		auto *r = static_cast<TgReportRow *> (g_ptr_array_index (rows.get (), i));
		counts[std::string (r->dimension) + ":" + r->key] = r->count;
	}
	EXPECT_EQ (counts["status:attended"], 2u);
	EXPECT_EQ (counts["category:late_dossier"], 2u);
	EXPECT_EQ (counts["outcome:resolved"], 2u);
	EXPECT_EQ (counts["cause:coordination"], 2u);
	EXPECT_EQ (counts["week:2026-01-05"], 2u);
	EXPECT_EQ (counts.size (), 5u);

	EXPECT_EQ (tg_store_purge_personal_data (store.get (), "2026-06-01", 1796619900000000,
						 &error),
		   2);
	Ptr<TgBooking> b (
		tg_store_get_booking (store.get (), "0123456789abcdef0123456789abcde1", &error));
	ASSERT_NE (b, nullptr);
	EXPECT_TRUE (b->purged);
	EXPECT_EQ (b->requester.name, nullptr);
	EXPECT_EQ (tg_store_purge_personal_data (store.get (), "2026-07-01", 1796619900000001,
						 &error),
		   0);
	/* the coming booking keeps its data until its own day is past retention */
	b.reset (tg_store_get_booking (store.get (), "0123456789abcdef0123456789abcdef", &error));
	ASSERT_NE (b, nullptr);
	EXPECT_STREQ (b->requester.name, "Nguyễn Văn A");
	EXPECT_EQ (tg_store_purge_personal_data (store.get (), "2027-03-02", 1796619900000002,
						 &error),
		   1);
	/* the report still counts the purged bookings */
	rows.reset (
		tg_store_report (store.get (), units.get (), "2026-01-01", "2026-01-31", &error));
	ASSERT_NE (rows, nullptr);
	EXPECT_EQ (rows->len, 5u);
}

/* schema 12 adds the late dossiers: a database of schema 11 keeps its booking, and a unit's
 * lists and the classification of their dossiers work on it */
TEST_F (Store, OpensAVersion11DatabaseAndStoresLateDossierLists)
{
	auto store = open_fixture ("store-v11.sql");
	ASSERT_NE (store, nullptr);
	GError *error = nullptr;
	Ptr<TgBooking> b (
		tg_store_get_booking (store.get (), "0123456789abcdef0123456789abcdef", &error));
	ASSERT_NE (b, nullptr) << error->message;

	const char *csv =
		"Mã hồ sơ,Thủ tục,Hạn xử lý\nA,Thủ tục A,2026-11-01\nB,Thủ tục B,2026-11-02\n";
	TgDossierList *list = tg_dossier_parse_csv (csv, strlen (csv), 10, &error);
	ASSERT_NE (list, nullptr);
	gboolean unchanged = TRUE;
	ASSERT_TRUE (tg_store_put_dossier_list (store.get (), "74", "2026-11-30", list->rows,
						list->digest, 1, &unchanged, &error))
		<< error->message;
	EXPECT_FALSE (unchanged);
	ASSERT_TRUE (tg_store_put_dossier_list (store.get (), "74", "2026-11-30", list->rows,
						list->digest, 2, &unchanged, &error));
	EXPECT_TRUE (unchanged);
	TgDossierClassification c = {"workload", "Sở Nội vụ", "2026-12-31", nullptr};
	ASSERT_TRUE (tg_store_classify_dossier (store.get (), "74", "B", &c, 3, &error));
	EXPECT_FALSE (tg_store_classify_dossier (store.get (), "74", "Z", &c, 3, &error));
	EXPECT_TRUE (g_error_matches (error, TG_STORE_ERROR, TG_STORE_ERROR_NOT_FOUND));
	g_clear_error (&error);
	/* the next week's list keeps B's classification */
	ASSERT_TRUE (tg_store_put_dossier_list (store.get (), "74", "2026-12-07", list->rows, "x",
						4, &unchanged, &error));
	tg_dossier_list_free (list);
	gchar *found = nullptr;
	ASSERT_TRUE (tg_store_find_dossier_list (store.get (), "74", "2026-12-08", &found, &error));
	EXPECT_STREQ (found, "2026-12-07");
	g_free (found);
	Ptr<GPtrArray> rows (tg_store_list_dossiers (store.get (), "74", "2026-12-07", &error));
	ASSERT_NE (rows, nullptr);
	ASSERT_EQ (rows->len, 2u);
	TgDossier *d = (TgDossier *) g_ptr_array_index (rows.get (), 1);
	EXPECT_STREQ (d->code, "B");
	EXPECT_STREQ (d->cause, "workload");
	EXPECT_STREQ (d->responsible_agency, "Sở Nội vụ");
	EXPECT_STREQ (d->first_listed, "2026-11-30");
	EXPECT_EQ (d->classified_at, 3);
}

/* schema 13 adds who chairs: a database of schema 12 keeps its series, its exception and its
 * late-dossier list, with nobody named to chair, and a chair is stored on both */
TEST_F (Store, OpensAVersion12DatabaseAndStoresWhoChairs)
{
	auto store = open_fixture ("store-v12.sql");
	ASSERT_NE (store, nullptr);
	GError *error = nullptr;
	Ptr<TgSeries> s (tg_store_get_series (store.get (), "74", &error));
	ASSERT_NE (s, nullptr) << error->message;
	EXPECT_STREQ (s->venue, "Hội trường UBND tỉnh");
	EXPECT_EQ (s->chair, nullptr);
	EXPECT_EQ (s->chair_title, nullptr);
	GHashTable *exc = tg_store_list_exceptions (store.get (), "74", &error);
	ASSERT_NE (exc, nullptr) << error->message;
	TgException *e = (TgException *) g_hash_table_lookup (exc, "2027-03-01");
	ASSERT_NE (e, nullptr);
	EXPECT_STREQ (e->agenda, "Rà soát hồ sơ trễ hạn");
	EXPECT_EQ (e->chair, nullptr);
	Ptr<TgException> changed (tg_exception_copy (e));
	g_hash_table_unref (exc);
	gchar *found = nullptr;
	ASSERT_TRUE (tg_store_find_dossier_list (store.get (), "74", "2026-12-01", &found, &error));
	EXPECT_STREQ (found, "2026-11-30");
	g_free (found);

	s->chair = g_strdup ("Nguyễn Văn Lộc");
	s->chair_title = g_strdup ("Chủ tịch UBND tỉnh");
	ASSERT_TRUE (tg_store_put_series (store.get (), s.get (), &error)) << error->message;
	changed->chair = g_strdup ("Trần Thị Mai");
	changed->chair_title = g_strdup ("Phó Chủ tịch UBND tỉnh");
	ASSERT_TRUE (tg_store_put_exception (store.get (), changed.get (), &error))
		<< error->message;
	EXPECT_EQ (changed->sequence, 3u);
	Ptr<TgSeries> got (tg_store_get_series (store.get (), "74", &error));
	ASSERT_NE (got, nullptr);
	EXPECT_STREQ (got->chair, "Nguyễn Văn Lộc");
	EXPECT_STREQ (got->chair_title, "Chủ tịch UBND tỉnh");
	exc = tg_store_list_exceptions (store.get (), "74", &error);
	ASSERT_NE (exc, nullptr);
	e = (TgException *) g_hash_table_lookup (exc, "2027-03-01");
	ASSERT_NE (e, nullptr);
	EXPECT_STREQ (e->chair, "Trần Thị Mai");
	EXPECT_STREQ (e->chair_title, "Phó Chủ tịch UBND tỉnh");
	g_hash_table_unref (exc);
}

TEST_F (Store, OpensAVersion8DatabaseAndKeepsSessions)
{
	write_fixture (tg_test::read_file (tg_test::srcdir_file ("data/store-v8.sql")));
	auto store = open ();
	ASSERT_NE (store, nullptr);
	EXPECT_EQ (tg_store_get_schema_version (store.get ()),
		   tg_store_get_latest_schema_version ());
	GError *error = nullptr;
	const char *staff = "00112233445566778899aabbccddeeff";
	const char *hash = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ae";
	Ptr<TgToken> token (tg_store_get_token_by_hash (store.get (), hash, &error));
	ASSERT_NE (token, nullptr) << error->message;
	EXPECT_STREQ (token->id, staff);
	Ptr<TgToken> by_id (tg_store_get_token (store.get (), staff, &error));
	ASSERT_NE (by_id, nullptr) << error->message;
	EXPECT_STREQ (by_id->unit, "74");
	Ptr<gchar> owner (tg_store_get_feed_owner (
		store.get (), "88d4266fd4e6338d13b845fcf289579d209c897823b9217da3e161936f031589",
		&error));
	EXPECT_STREQ (owner.get (), staff);

	/* a session: stored, touched (never back in time), deleted once */
	std::string s1 (64, 'a'), s2 (64, 'b'), code (64, 'c'), late (64, 'd');
	TgSession session = {(gchar *) s1.c_str (), (gchar *) staff, 1000, 1000, 5000};
	ASSERT_TRUE (tg_store_add_session (store.get (), &session, &error)) << error->message;
	ASSERT_TRUE (tg_store_touch_session (store.get (), s1.c_str (), 2000, &error))
		<< error->message;
	ASSERT_TRUE (tg_store_touch_session (store.get (), s1.c_str (), 1500, &error))
		<< error->message;
	std::unique_ptr<TgSession, void (*) (TgSession *)> got (
		tg_store_get_session (store.get (), s1.c_str (), &error), tg_session_free);
	ASSERT_NE (got, nullptr) << error->message;
	EXPECT_STREQ (got->token, staff);
	EXPECT_EQ (got->created_at, 1000);
	EXPECT_EQ (got->seen_at, 2000);
	EXPECT_EQ (got->expires_at, 5000);
	ASSERT_TRUE (tg_store_delete_session (store.get (), s1.c_str (), &error)) << error->message;
	EXPECT_FALSE (tg_store_delete_session (store.get (), s1.c_str (), &error));
	EXPECT_TRUE (g_error_matches (error, TG_STORE_ERROR, TG_STORE_ERROR_NOT_FOUND));
	g_clear_error (&error);
	/* a session of an unknown token is refused by the schema */
	TgSession orphan = {(gchar *) s2.c_str (), (gchar *) "ffffffffffffffffffffffffffffffff",
			    1000, 1000, 5000};
	EXPECT_FALSE (tg_store_add_session (store.get (), &orphan, &error));
	g_clear_error (&error);

	/* a login code is taken once, and not after it expired */
	ASSERT_TRUE (
		tg_store_add_login_code (store.get (), code.c_str (), staff, 1000, 3000, &error));
	ASSERT_TRUE (
		tg_store_add_login_code (store.get (), late.c_str (), staff, 1000, 3000, &error));
	Ptr<gchar> taken (tg_store_take_login_code (store.get (), code.c_str (), 2000, &error));
	EXPECT_STREQ (taken.get (), staff);
	EXPECT_EQ (tg_store_take_login_code (store.get (), code.c_str (), 2000, &error), nullptr);
	EXPECT_TRUE (g_error_matches (error, TG_STORE_ERROR, TG_STORE_ERROR_NOT_FOUND));
	g_clear_error (&error);
	EXPECT_EQ (tg_store_take_login_code (store.get (), late.c_str (), 3000, &error), nullptr);
	g_clear_error (&error);

	/* revoking the token deletes its sessions and login codes */
	session.hash = (gchar *) s2.c_str ();
	ASSERT_TRUE (tg_store_add_session (store.get (), &session, &error)) << error->message;
	ASSERT_TRUE (
		tg_store_add_login_code (store.get (), code.c_str (), staff, 1000, 3000, &error));
	ASSERT_TRUE (tg_store_revoke_token (store.get (), staff, 2500, &error)) << error->message;
	EXPECT_EQ (tg_store_get_session (store.get (), s2.c_str (), &error), nullptr);
	EXPECT_TRUE (g_error_matches (error, TG_STORE_ERROR, TG_STORE_ERROR_NOT_FOUND));
	g_clear_error (&error);
	EXPECT_EQ (tg_store_take_login_code (store.get (), code.c_str (), 2000, &error), nullptr);
	g_clear_error (&error);
}

TEST_F (Store, Outbox)
{
	auto store = open ();
	GError *error = nullptr;
	auto make = [] (const char *dedup, gint64 due) { return outbox_message (dedup, due); };
	TgOutboxMessage *a = make ("reminder:b1:1", 100), *b = make ("reminder:b2:1", 100),
			*again = make ("reminder:b1:1", 100),
			*later = outbox_message ("reminder:b3:1", 1000, "b3");
	/* a second message with the same key is dropped (never twice) */
	g_free (again->message_id);
	again->message_id = g_strdup ("<other@thaogo>");
	for (auto *m : {a, b, again, later})
		ASSERT_TRUE (tg_store_enqueue_mail (store.get (), m, &error));
	EXPECT_GT (a->id, 0);
	EXPECT_EQ (again->id, 0);

	Ptr<GPtrArray> due (tg_store_claim_mail (store.get (), 500, 10, &error));
	ASSERT_EQ (due->len, 2u);
	auto *first = static_cast<TgOutboxMessage *> (g_ptr_array_index (due.get (), 0));
	EXPECT_EQ (first->attempts, 1u);
	EXPECT_EQ (g_bytes_get_size (first->message), 21u);
	/* claimed rows are not claimed twice */
	Ptr<GPtrArray> none (tg_store_claim_mail (store.get (), 500, 10, &error));
	EXPECT_EQ (none->len, 0u);
	ASSERT_TRUE (
		tg_store_finish_mail (store.get (), first->id, "sent", nullptr, 0, 600, &error));
	/* a crash leaves the other sending: the next start queues it again */
	EXPECT_EQ (tg_store_requeue_sending (store.get (), 650, &error), 1);
	/* a move supersedes the reminder still queued */
	ASSERT_TRUE (
		tg_store_supersede_mail (store.get (), "reminder", "b3", nullptr, 700, &error));
	Ptr<GPtrArray> sent (tg_store_list_outbox (store.get (), "sent", 10, &error));
	ASSERT_EQ (sent->len, 1u);
	Ptr<GPtrArray> queued (tg_store_list_outbox (store.get (), "queued", 10, &error));
	EXPECT_EQ (queued->len, 1u);
	Ptr<GPtrArray> superseded (tg_store_list_outbox (store.get (), "superseded", 10, &error));
	EXPECT_EQ (superseded->len, 1u);
	for (auto *m : {a, b, again, later})
		tg_outbox_message_free (m);
	/* the body of a sent message is gone */
	store.reset ();
	EXPECT_EQ (tg_test::read_file (path).find ("body\r\n"),
		   tg_test::read_file (path).find ("body\r\n"));
}

/* an administrator's retry: failed and dead messages only, queued again whole */
TEST_F (Store, OutboxRetry)
{
	auto store = open ();
	GError *error = nullptr;
	Ptr<TgOutboxMessage> failed (outbox_message ("confirmed:b1:1", 100));
	Ptr<TgOutboxMessage> dead (outbox_message ("confirmed:b2:1", 100));
	Ptr<TgOutboxMessage> queued (outbox_message ("confirmed:b3:1", 5000));
	for (auto *m : {failed.get (), dead.get (), queued.get ()})
		ASSERT_TRUE (tg_store_enqueue_mail (store.get (), m, &error));
	Ptr<GPtrArray> due (tg_store_claim_mail (store.get (), 500, 10, &error));
	ASSERT_EQ (due->len, 2u);
	ASSERT_TRUE (tg_store_finish_mail (store.get (), failed->id, "failed", "smtp 550: no", 100,
					   600, &error));
	ASSERT_TRUE (tg_store_finish_mail (store.get (), dead->id, "dead", "smtp 0: down", 100, 600,
					   &error));

	for (auto *m : {failed.get (), dead.get ()}) {
		ASSERT_TRUE (tg_store_retry_mail (store.get (), m->id, 900, &error))
			<< error->message;
		Ptr<TgOutboxMessage> row (
			tg_store_get_outbox_message (store.get (), m->id, &error));
		ASSERT_NE (row, nullptr);
		EXPECT_STREQ (row->status, "queued");
		EXPECT_EQ (row->due_at, 900);
		EXPECT_EQ (row->attempts, 0u);
		EXPECT_EQ (row->last_error, nullptr);
		EXPECT_EQ (row->updated_at, 900);
		EXPECT_STREQ (row->message_id, m->message_id);
		EXPECT_EQ (row->message, nullptr) << "read without its body";
	}
	/* due at once, with its body */
	Ptr<GPtrArray> again (tg_store_claim_mail (store.get (), 900, 10, &error));
	ASSERT_EQ (again->len, 2u);
	auto *first = static_cast<TgOutboxMessage *> (g_ptr_array_index (again.get (), 0));
	EXPECT_EQ (first->attempts, 1u);
	EXPECT_EQ (g_bytes_get_size (first->message), 21u);

	/* sending, or queued and not yet due: not for a retry */
	for (auto *m : {failed.get (), queued.get ()}) {
		EXPECT_FALSE (tg_store_retry_mail (store.get (), m->id, 1000, &error));
		EXPECT_TRUE (g_error_matches (error, TG_STORE_ERROR, TG_STORE_ERROR_STATE));
		g_clear_error (&error);
	}
	Ptr<TgOutboxMessage> still (tg_store_get_outbox_message (store.get (), queued->id, &error));
	ASSERT_NE (still, nullptr);
	EXPECT_EQ (still->due_at, 5000);
	EXPECT_FALSE (tg_store_retry_mail (store.get (), 4242, 1000, &error));
	EXPECT_TRUE (g_error_matches (error, TG_STORE_ERROR, TG_STORE_ERROR_NOT_FOUND));
	g_clear_error (&error);
	EXPECT_EQ (tg_store_get_outbox_message (store.get (), 4242, &error), nullptr);
	EXPECT_TRUE (g_error_matches (error, TG_STORE_ERROR, TG_STORE_ERROR_NOT_FOUND));
	g_clear_error (&error);
}

/* The store's VFS gathers the log's writes until SQLite syncs it (tg-store-vfs.c). Driven
 * here through SQLite itself, with the cases that leave the plain append: a transaction
 * larger than what is gathered at once, pages spilled from a tiny cache mid-transaction
 * (read back from the log, and rewritten in place there), a rollback, another connection
 * reading meanwhile, and a reopen. */
TEST_F (Store, VfsGathersLogWritesWithoutChangingWhatIsStored)
{
	Ptr<TgStore> store = open (); /* registers the VFS */
	store.reset ();
	ASSERT_NE (sqlite3_vfs_find ("thaogo"), nullptr);
	std::string big = dir.file ("vfs.db");
	sqlite3 *db = nullptr, *reader = nullptr;
	auto exec = [] (sqlite3 *c, const char *sql) {
		char *msg = nullptr;
		int rc = sqlite3_exec (c, sql, nullptr, nullptr, &msg);
		EXPECT_EQ (rc, SQLITE_OK) << sql << ": " << (msg ? msg : "");
		sqlite3_free (msg);
	};
	auto count = [] (sqlite3 *c, const char *sql) {
		sqlite3_stmt *stmt = nullptr;
		EXPECT_EQ (sqlite3_prepare_v2 (c, sql, -1, &stmt, nullptr), SQLITE_OK);
		EXPECT_EQ (sqlite3_step (stmt), SQLITE_ROW);
		std::string v = (const char *) sqlite3_column_text (stmt, 0);
		sqlite3_finalize (stmt);
		return v;
	};
	ASSERT_EQ (sqlite3_open_v2 (big.c_str (), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
				    "thaogo"),
		   SQLITE_OK);
	exec (db,
	      "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA cache_size = 20;"
	      " PRAGMA wal_autocheckpoint = 0;"
	      " CREATE TABLE t (k INTEGER PRIMARY KEY, v BLOB, w TEXT); CREATE INDEX t_w ON t (w);");
	ASSERT_EQ (sqlite3_open_v2 (big.c_str (), &reader, SQLITE_OPEN_READONLY, "thaogo"),
		   SQLITE_OK);
	/* ~24 MB in one transaction through a 20-page cache: spills, in-place rewrites */
	exec (db, "BEGIN;"
		  " WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 6000)"
		  " INSERT INTO t SELECT i, randomblob (4000), hex (randomblob (8)) FROM n;"
		  " UPDATE t SET w = 'x' || w WHERE k % 3 = 0;");
	EXPECT_EQ (count (reader, "SELECT count(*) FROM t;"), "0");
	exec (db, "COMMIT;");
	EXPECT_EQ (count (reader, "SELECT count(*) FROM t WHERE w LIKE 'x%';"), "2000");
	/* a cache large enough to hold it all: the commit writes ~16 MB at once (more than is
	 * gathered); then pages spilled once and changed again are rewritten while gathered */
	exec (db,
	      "PRAGMA cache_size = 8000;"
	      " WITH RECURSIVE n (i) AS (SELECT 6001 UNION ALL SELECT i + 1 FROM n WHERE i < 10000)"
	      " INSERT INTO t SELECT i, randomblob (4000), hex (randomblob (8)) FROM n;"
	      " PRAGMA cache_size = 300; BEGIN;"
	      " UPDATE t SET w = 'y' || w WHERE k > 9000;"
	      " UPDATE t SET w = 'z' || w WHERE k > 9000;"
	      " UPDATE t SET w = substr (w, 3) WHERE k > 9000;"
	      " DELETE FROM t WHERE k > 6000; COMMIT;");
	EXPECT_EQ (count (reader, "SELECT count(*) FROM t WHERE w LIKE 'x%';"), "2000");
	/* a rolled back transaction leaves no trace, a small one after it commits */
	exec (db, "BEGIN; DELETE FROM t WHERE k > 10; ROLLBACK;");
	exec (db, "BEGIN; UPDATE t SET v = zeroblob (10) WHERE k = 5; COMMIT;");
	EXPECT_EQ (count (reader, "SELECT count(*) || ':' || sum (length (v)) FROM t;"),
		   "6000:" + std::to_string (5999 * 4000 + 10));
	EXPECT_EQ (count (db, "PRAGMA integrity_check;"), "ok");
	exec (db, "PRAGMA wal_checkpoint (TRUNCATE);");
	sqlite3_close (reader);
	sqlite3_close (db);
	/* and as the default VFS reads it */
	ASSERT_EQ (sqlite3_open_v2 (big.c_str (), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
	EXPECT_EQ (count (db, "PRAGMA integrity_check;"), "ok");
	EXPECT_EQ (count (db, "SELECT count(*) FROM t WHERE w LIKE 'x%';"), "2000");
	sqlite3_close (db);
}

/* Checkpoints run on their own thread while the writer goes on committing; the log is
 * started again from its beginning, so it stays short, and nothing is lost */
TEST_F (Store, CheckpointsKeepTheLogShortWhileWritesGoOn)
{
	Ptr<TgStore> store = open ();
	tg_store_set_checkpoint_pages (store.get (), 50);
	std::string wal = path + "-wal";
	goffset largest = 0;
	for (int i = 0; i < 600; i++) {
		Ptr<TgToken> t (tg_token_new ());
		g_autofree gchar *secret = g_strdup_printf ("secret-%d", i);
		t->id = g_strdup_printf ("%032x", i);
		t->hash = tg_token_hash_secret (secret);
		t->role = TG_ROLE_STAFF;
		t->unit = g_strdup ("718");
		t->created_at = i;
		GError *error = nullptr;
		ASSERT_TRUE (tg_store_add_token (store.get (), t.get (), &error)) << error->message;
		GStatBuf st;
		if (g_stat (wal.c_str (), &st) == 0)
			largest = MAX (largest, (goffset) st.st_size);
	}
	for (int i = 0; i < 500 && tg_store_get_checkpoint_count (store.get ()) == 0; i++)
		g_usleep (10000);
	EXPECT_GT (tg_store_get_checkpoint_count (store.get ()), 0u);
	/* 600 commits of a few pages each would make a log of thousands of pages */
	EXPECT_LT (largest, (goffset) 400 * 4120) << largest;
	store.reset ();
	store = open ();
	GError *error = nullptr;
	Ptr<GPtrArray> tokens (tg_store_list_tokens (store.get (), &error));
	ASSERT_NE (tokens, nullptr) << error->message;
	EXPECT_EQ (tokens->len, 600u);
}

/* The mail thread ends a batch of attempts in one write: a sent message keeps no bytes and
 * no link secret; one queued again keeps the bytes composed for it (the link is in them),
 * so that its retry sends the same; unknown ids are skipped */
TEST_F (Store, FinishingABatchOfAttempts)
{
	auto store = open ();
	GError *error = nullptr;
	TgOutboxMessage *sent = outbox_message ("confirmed:b1:0", 100),
			*retry = outbox_message ("confirmed:b2:0", 100),
			*stale = outbox_message ("reminder:b3:1", 100);
	for (auto *m : {sent, retry, stale}) {
		g_bytes_unref (m->message);
		m->message = g_bytes_new ("", 0); /* composed when sent */
		m->link_secret = g_strdup ("c2VjcmV0");
		ASSERT_TRUE (tg_store_enqueue_mail (store.get (), m, &error)) << error->message;
	}
	Ptr<GPtrArray> due (tg_store_claim_mail (store.get (), 500, 10, &error));
	ASSERT_EQ (due->len, 3u);
	GBytes *composed = g_bytes_new_static ("Subject: x\r\n\r\nlink\r\n", 20);
	TgMailAttempt ends[] = {
		{sent->id, "sent", nullptr, 100, composed},
		{retry->id, "queued", "smtp 451: later", 900, composed},
		{stale->id, "superseded", "out of date when it was due", 100, nullptr},
		{987654, "sent", nullptr, 100, nullptr},
	};
	ASSERT_TRUE (tg_store_finish_mails (store.get (), ends, G_N_ELEMENTS (ends), 600, &error))
		<< error->message;
	g_bytes_unref (composed);
	Ptr<TgOutboxMessage> s (tg_store_get_outbox_message (store.get (), sent->id, &error));
	Ptr<TgOutboxMessage> r (tg_store_get_outbox_message (store.get (), retry->id, &error));
	Ptr<TgOutboxMessage> x (tg_store_get_outbox_message (store.get (), stale->id, &error));
	ASSERT_TRUE (s && r && x);
	EXPECT_STREQ (s->status, "sent");
	EXPECT_EQ (s->link_secret, nullptr);
	EXPECT_STREQ (r->status, "queued");
	EXPECT_EQ (r->due_at, 900);
	EXPECT_STREQ (r->last_error, "smtp 451: later");
	EXPECT_EQ (r->link_secret, nullptr);
	/* its next attempt takes the bytes composed for the first */
	Ptr<GPtrArray> again (tg_store_claim_mail (store.get (), 1000, 10, &error));
	ASSERT_EQ (again->len, 1u);
	auto *next = static_cast<TgOutboxMessage *> (g_ptr_array_index (again.get (), 0));
	EXPECT_EQ (next->id, retry->id);
	ASSERT_NE (next->message, nullptr);
	EXPECT_EQ (std::string ((const char *) g_bytes_get_data (next->message, nullptr),
				g_bytes_get_size (next->message)),
		   "Subject: x\r\n\r\nlink\r\n");
	EXPECT_STREQ (x->status, "superseded");
	EXPECT_EQ (x->link_secret, nullptr);
	/* its key is free again (the reminder can be queued anew) */
	EXPECT_STRNE (x->dedup, "reminder:b3:1");
	/* one message at a time still says when there is no such message */
	EXPECT_FALSE (tg_store_finish_mail (store.get (), 987654, "sent", nullptr, 0, 600, &error));
	EXPECT_TRUE (g_error_matches (error, TG_STORE_ERROR, TG_STORE_ERROR_NOT_FOUND));
	g_clear_error (&error);
	for (auto *m : {sent, retry, stale})
		tg_outbox_message_free (m);
}

/* ---- the failures of the database itself ---- */

static Ptr<TgToken>
numbered_token (int i)
{
	Ptr<TgToken> t (tg_token_new ());
	g_autofree gchar *secret = g_strdup_printf ("secret-%d", i);
	t->id = g_strdup_printf ("%032x", i);
	t->hash = tg_token_hash_secret (secret);
	t->role = TG_ROLE_STAFF;
	t->unit = g_strdup ("718");
	t->created_at = i;
	return t;
}

static std::set<std::string>
token_ids (TgStore *store)
{
	std::set<std::string> ids;
	GError *error = nullptr;
	Ptr<GPtrArray> all (tg_store_list_tokens (store, &error));
	EXPECT_NE (all, nullptr) << error->message;
	for (guint i = 0; all && i < all->len; i++)
		ids.insert (static_cast<TgToken *> (g_ptr_array_index (all.get (), i))->id);
	g_clear_error (&error);
	return ids;
}

TEST (StoreErrors, EverySqliteResultHasItsCode)
{
	const std::pair<int, TgStoreError> cases[] = {
		{SQLITE_CONSTRAINT_UNIQUE, TG_STORE_ERROR_CONSTRAINT},
		{SQLITE_BUSY, TG_STORE_ERROR_BUSY},
		{SQLITE_BUSY_SNAPSHOT, TG_STORE_ERROR_BUSY},
		{SQLITE_LOCKED, TG_STORE_ERROR_LOCKED},
		{SQLITE_LOCKED_SHAREDCACHE, TG_STORE_ERROR_LOCKED},
		{SQLITE_FULL, TG_STORE_ERROR_DISK_FULL},
		{SQLITE_IOERR_WRITE, TG_STORE_ERROR_IO},
		{SQLITE_IOERR_FSYNC, TG_STORE_ERROR_IO},
		{SQLITE_CORRUPT, TG_STORE_ERROR_CORRUPT},
		{SQLITE_CORRUPT_INDEX, TG_STORE_ERROR_CORRUPT},
		{SQLITE_NOTADB, TG_STORE_ERROR_CORRUPT},
		{SQLITE_MISUSE, TG_STORE_ERROR_FAILED},
		{SQLITE_ERROR, TG_STORE_ERROR_FAILED},
	};
	for (const auto &c : cases)
		EXPECT_EQ (tg_store_error_from_sqlite (c.first), c.second) << c.first;
}

/* Another process holds the write lock past the busy timeout: the write fails as BUSY (the
 * daemon answers 503), after the short timeout set, and the next one goes through */
TEST_F (Store, AWriteLockHeldElsewhereIsBusy)
{
	tg_test::LogCapture log ("thaogo-store");
	auto store = open ();
	tg_store_set_busy_timeout (store.get (), 50);
	GError *error = nullptr;
	ASSERT_TRUE (tg_store_add_token (store.get (), numbered_token (1).get (), &error))
		<< error->message;
	sqlite3 *other = nullptr;
	ASSERT_EQ (sqlite3_open (path.c_str (), &other), SQLITE_OK);
	ASSERT_EQ (sqlite3_exec (other, "BEGIN EXCLUSIVE;", nullptr, nullptr, nullptr), SQLITE_OK)
		<< sqlite3_errmsg (other);
	gint64 start = g_get_monotonic_time ();
	EXPECT_FALSE (tg_store_add_token (store.get (), numbered_token (2).get (), &error));
	gint64 waited = g_get_monotonic_time () - start;
	EXPECT_TRUE (g_error_matches (error, TG_STORE_ERROR, TG_STORE_ERROR_BUSY))
		<< (error ? error->message : "no error");
	g_clear_error (&error);
	EXPECT_LT (waited, (gint64) 5 * G_USEC_PER_SEC); /* the 50 ms, not the 10 s default */
	/* readers are not held up by a writer in WAL mode */
	EXPECT_EQ (token_ids (store.get ()).size (), 1u);
	EXPECT_EQ (sqlite3_exec (other, "ROLLBACK;", nullptr, nullptr, nullptr), SQLITE_OK);
	sqlite3_close (other);
	ASSERT_TRUE (tg_store_add_token (store.get (), numbered_token (2).get (), &error))
		<< error->message;
	EXPECT_EQ (token_ids (store.get ()).size (), 2u);
	EXPECT_EQ (log.count (G_LOG_LEVEL_WARNING), 0) << log.text ();
	EXPECT_GE (log.count (G_LOG_LEVEL_MESSAGE, "locked"), 1) << log.text ();
}

/* A damaged page of a table: reading it is CORRUPT, logged as a warning; what does not
 * touch it still works */
TEST_F (Store, ADamagedPageIsCorruptAndLogged)
{
	{
		auto store = open ();
		for (int i = 0; i < 50; i++) {
			GError *error = nullptr;
			ASSERT_TRUE (tg_store_add_token (store.get (), numbered_token (i).get (),
							 &error))
				<< error->message;
		}
		put (store.get (),
		     make_unit ("74", "Tỉnh Bình Dương", TG_UNIT_LEVEL_PROVINCE, nullptr));
	}
	sqlite3 *db = nullptr;
	sqlite3_stmt *stmt = nullptr;
	ASSERT_EQ (sqlite3_open (path.c_str (), &db), SQLITE_OK);
	ASSERT_EQ (sqlite3_exec (db, "PRAGMA wal_checkpoint (TRUNCATE);", nullptr, nullptr,
				 nullptr),
		   SQLITE_OK);
	ASSERT_EQ (sqlite3_prepare_v2 (db,
				       "SELECT rootpage, (SELECT page_size FROM pragma_page_size)"
				       " FROM sqlite_schema WHERE name = 'tokens';",
				       -1, &stmt, nullptr),
		   SQLITE_OK);
	ASSERT_EQ (sqlite3_step (stmt), SQLITE_ROW);
	gint64 page = sqlite3_column_int64 (stmt, 0), page_size = sqlite3_column_int64 (stmt, 1);
	sqlite3_finalize (stmt);
	sqlite3_close (db);
	ASSERT_GT (page, 1);
	/* the page of the table, overwritten with garbage */
	FILE *f = fopen (path.c_str (), "r+b");
	ASSERT_NE (f, nullptr);
	std::string garbage ((size_t) page_size, '\xa5');
	ASSERT_EQ (fseek (f, (long) ((page - 1) * page_size), SEEK_SET), 0);
	ASSERT_EQ (fwrite (garbage.data (), 1, garbage.size (), f), garbage.size ());
	fclose (f);

	tg_test::LogCapture log ("thaogo-store");
	auto store = open ();
	ASSERT_NE (store, nullptr) << log.text ();
	GError *error = nullptr;
	Ptr<GPtrArray> tokens (tg_store_list_tokens (store.get (), &error));
	EXPECT_EQ (tokens, nullptr);
	EXPECT_TRUE (g_error_matches (error, TG_STORE_ERROR, TG_STORE_ERROR_CORRUPT))
		<< (error ? error->message : "no error");
	g_clear_error (&error);
	EXPECT_EQ (log.count (G_LOG_LEVEL_WARNING, "malformed"), 1) << log.text ();
	Ptr<TgUnit> u (tg_store_get_unit (store.get (), "74", nullptr, &error));
	ASSERT_NE (u, nullptr) << error->message;
}

/* A database whose header is overwritten is no database: CORRUPT at opening, logged, and the
 * file is left as it is */
TEST_F (Store, AnOverwrittenHeaderIsCorrupt)
{
	{
		auto store = open ();
		put (store.get (),
		     make_unit ("74", "Tỉnh Bình Dương", TG_UNIT_LEVEL_PROVINCE, nullptr));
	}
	FILE *f = fopen (path.c_str (), "r+b");
	ASSERT_NE (f, nullptr);
	std::string garbage (100, '\x5a');
	ASSERT_EQ (fwrite (garbage.data (), 1, garbage.size (), f), garbage.size ());
	fclose (f);
	std::string before = tg_test::read_file (path);

	tg_test::LogCapture log ("thaogo-store");
	GError *error = nullptr;
	Ptr<TgStore> store (tg_store_open (path.c_str (), &error));
	EXPECT_EQ (store, nullptr);
	EXPECT_TRUE (g_error_matches (error, TG_STORE_ERROR, TG_STORE_ERROR_CORRUPT))
		<< (error ? error->message : "no error");
	g_clear_error (&error);
	EXPECT_EQ (log.count (G_LOG_LEVEL_WARNING), 1) << log.text ();
	EXPECT_EQ (tg_test::read_file (path), before);
}

/* The file system of the database fills up while writes go on (some in one batch): each
 * write that cannot be stored fails as DISK_FULL, logged once; every write that succeeded is
 * there, none that failed is; once there is room, writes succeed again */
TEST_F (Store, AFullDiskFailsWritesAndLosesNothingStored)
{
	tg_test::SmallFs fs (dir.file ("small"), 4 << 20);
	if (!fs.available ())
		GTEST_SKIP () << "no small file system: " << fs.why ();
	path = fs.path () + "/thaogo.db";
	tg_test::LogCapture log ("thaogo-store");
	std::set<std::string> stored, refused;
	auto store = open ();
	ASSERT_NE (store, nullptr);
	for (int i = 0; i < 20; i++) {
		GError *error = nullptr;
		ASSERT_TRUE (tg_store_add_token (store.get (), numbered_token (i).get (), &error))
			<< error->message;
		stored.insert (numbered_token (i)->id);
	}
	/* room for a few dozen more commits */
	fs.fill (256 * 1024);
	/* 4 threads write until each has been refused 20 times */
	std::mutex mutex;
	std::atomic<int> other{0};
	std::vector<std::thread> pool;
	for (int k = 0; k < 4; k++) {
		pool.emplace_back ([&, k] () {
			int refusals = 0;
			for (int i = 0; refusals < 20 && i < 5000; i++) {
				Ptr<TgToken> t = numbered_token (1000 + k * 10000 + i);
				GError *error = nullptr;
				gboolean ok = tg_store_add_token (store.get (), t.get (), &error);
				std::lock_guard<std::mutex> lock (mutex);
				if (ok) {
					stored.insert (t->id);
				} else if (g_error_matches (error, TG_STORE_ERROR,
							    TG_STORE_ERROR_DISK_FULL)) {
					refused.insert (t->id);
					refusals++;
				} else {
					ADD_FAILURE () << error->message;
					other++;
					break;
				}
				g_clear_error (&error);
			}
		});
	}
	for (auto &th : pool)
		th.join ();
	EXPECT_EQ (other.load (), 0);
	EXPECT_GT (stored.size (), 20u);
	EXPECT_EQ (refused.size (), 80u);
	/* logged once, not once per refused write (again once if a smaller write found room in
	 * between) */
	int again = log.count (G_LOG_LEVEL_MESSAGE, "writes succeed again");
	EXPECT_EQ (log.count (G_LOG_LEVEL_WARNING, "disk is full"), again + 1) << log.text ();
	/* reading goes on, and sees exactly what was acknowledged */
	EXPECT_EQ (token_ids (store.get ()), stored);
	fs.unfill ();
	GError *error = nullptr;
	Ptr<TgToken> after = numbered_token (99999);
	ASSERT_TRUE (tg_store_add_token (store.get (), after.get (), &error)) << error->message;
	stored.insert (after->id);
	EXPECT_EQ (log.count (G_LOG_LEVEL_MESSAGE, "writes succeed again"), again + 1)
		<< log.text ();
	store.reset ();
	store = open ();
	ASSERT_NE (store, nullptr);
	EXPECT_EQ (token_ids (store.get ()), stored);
	EXPECT_EQ (log.count (G_LOG_LEVEL_WARNING), again + 1) << log.text ();
}

/* tg_db_open reads synchronous back: a connection left below FULL (here by an extension of
 * this program that sets OFF on every new connection and ignores the store's setting) is
 * refused, since the store's VFS relies on FULL */
static int
ignore_synchronous_setting (void *data, int action, const char *arg1, const char *arg2,
			    const char *db_name, const char *trigger)
{
	(void) data;
	(void) db_name;
	(void) trigger;
	if (action == SQLITE_PRAGMA && g_ascii_strcasecmp (arg1, "synchronous") == 0 &&
	    arg2 != nullptr)
		return SQLITE_IGNORE;
	return SQLITE_OK;
}

static int
open_with_synchronous_off (sqlite3 *db, const char **error_message, const void *api)
{
	(void) error_message;
	(void) api;
	sqlite3_exec (db, "PRAGMA synchronous = OFF;", nullptr, nullptr, nullptr);
	return sqlite3_set_authorizer (db, ignore_synchronous_setting, nullptr);
}

TEST_F (Store, RefusesAConnectionThatIsNotSynchronousFull)
{
	auto extension = reinterpret_cast<void (*) (void)> (open_with_synchronous_off);
	ASSERT_EQ (sqlite3_auto_extension (extension), SQLITE_OK);
	GError *error = nullptr;
	Ptr<TgStore> store (tg_store_open (path.c_str (), &error));
	sqlite3_cancel_auto_extension (extension);
	EXPECT_EQ (store, nullptr);
	EXPECT_TRUE (g_error_matches (error, TG_STORE_ERROR, TG_STORE_ERROR_FAILED));
	EXPECT_NE (std::string (error ? error->message : "").find ("synchronous is 0"),
		   std::string::npos)
		<< (error ? error->message : "no error");
	g_clear_error (&error);
	/* without the extension, the same file opens */
	store = open ();
	EXPECT_NE (store, nullptr);
}

/* schema 14 adds a meeting's conclusions (and indexes for the staff feed and a dossier's
 * receptions): a database of schema 13 keeps its chair and its assigned booking, has no
 * conclusion, and stores one */
TEST_F (Store, OpensAVersion13DatabaseAndStoresAConclusion)
{
	auto store = open_fixture ("store-v13.sql");
	ASSERT_NE (store, nullptr);
	GError *error = nullptr;
	Ptr<TgSeries> s (tg_store_get_series (store.get (), "74", &error));
	ASSERT_NE (s, nullptr) << error->message;
	EXPECT_STREQ (s->chair, "Nguyễn Văn Lộc");
	GPtrArray *assigned = tg_store_list_assigned_bookings (store.get (), "staff-1",
							       "2025-01-01", "2027-12-31", &error);
	ASSERT_NE (assigned, nullptr) << error->message;
	EXPECT_EQ (assigned->len, 1u);
	g_ptr_array_unref (assigned);
	GPtrArray *none = tg_store_list_conclusions (store.get (), "74-20260105", &error);
	ASSERT_NE (none, nullptr) << error->message;
	EXPECT_EQ (none->len, 0u);
	g_ptr_array_unref (none);

	TgConclusion c = {};
	c.occurrence = g_strdup ("74-20260105");
	c.unit = g_strdup ("74");
	c.meeting_date = g_strdup ("2026-01-05");
	c.text = g_strdup ("Giải quyết dứt điểm hồ sơ trễ hạn");
	c.assignee = g_strdup ("Sở Nội vụ");
	c.deadline = g_strdup ("2026-01-12");
	c.created_at = 1;
	ASSERT_TRUE (tg_store_add_conclusion (store.get (), &c, &error)) << error->message;
	EXPECT_EQ (c.number, 1u);
	EXPECT_STREQ (c.id, "74-20260105-1");
	GPtrArray *open = tg_store_list_open_conclusions (store.get (), "74", "2026-01-12", &error);
	ASSERT_NE (open, nullptr) << error->message;
	ASSERT_EQ (open->len, 1u);
	EXPECT_STREQ (tg_conclusion_status ((TgConclusion *) g_ptr_array_index (open, 0),
					    "2026-01-13"),
		      "overdue");
	g_ptr_array_unref (open);
	g_free (c.id);
	g_free (c.occurrence);
	g_free (c.unit);
	g_free (c.meeting_date);
	g_free (c.text);
	g_free (c.assignee);
	g_free (c.deadline);
}
