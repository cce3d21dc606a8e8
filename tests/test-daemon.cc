/* test-daemon.cc: start-up contract, signals, restart */
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "tg-test.hh"

using tg_test::Daemon;
using tg_test::HttpResult;

static int
run (const std::vector<std::string> &args, std::string *out = nullptr, std::string *err = nullptr)
{
	std::vector<gchar *> argv;
	std::string prog = tg_test::program ("THAOGOD", "../thaogod");
	argv.push_back (const_cast<gchar *> (prog.c_str ()));
	for (auto &a : args)
		argv.push_back (const_cast<gchar *> (a.c_str ()));
	argv.push_back (nullptr);
	gchar *o = nullptr, *e = nullptr;
	gint status = 0;
	GError *error = nullptr;
	if (!g_spawn_sync (nullptr, argv.data (), nullptr, G_SPAWN_DEFAULT, nullptr, nullptr, &o,
			   &e, &status, &error)) {
		ADD_FAILURE () << error->message;
		g_error_free (error);
		return -1;
	}
	if (out)
		*out = o;
	if (err)
		*err = e;
	g_free (o);
	g_free (e);
	return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

TEST (Daemon, FirstStartWritesAPrivateAdminToken)
{
	tg_test::TempDir dir;
	std::string state = dir.file ("state");
	Daemon d (state);
	struct stat st;
	ASSERT_EQ (stat ((state + "/admin-token").c_str (), &st), 0);
	EXPECT_EQ (st.st_mode & 0777, 0600u);
	ASSERT_EQ (stat ((state + "/thaogo.db").c_str (), &st), 0);
	EXPECT_EQ (st.st_mode & 0077, 0u);
	EXPECT_TRUE (g_str_has_prefix (d.admin_token ().c_str (), "tg_"));
	EXPECT_NE (d.stderr_text ().find ("admin-token"), std::string::npos);
	EXPECT_EQ (d.call ("GET", "/api/v1/tokens").status, 200);
	/* no secret in the log */
	EXPECT_EQ (d.stderr_text ().find (d.admin_token ()), std::string::npos);
}

TEST (Daemon, SigtermAndSigintExitZero)
{
	tg_test::TempDir dir;
	{
		Daemon d (dir.file ("a"));
		EXPECT_EQ (d.stop (SIGTERM), 0);
	}
	{
		Daemon d (dir.file ("b"));
		EXPECT_EQ (d.stop (SIGINT), 0);
	}
}

TEST (Daemon, RestartKeepsDataAndToken)
{
	tg_test::TempDir dir;
	std::string state = dir.file ("state");
	std::string token, secretary;
	{
		Daemon d (state, {"--demo"});
		token = d.admin_token ();
		auto r = d.call (
			"PUT", "/api/v1/units/99001",
			"{\"name\":\"Xã Thử\",\"type\":\"Xã\",\"level\":\"commune\",\"parent\":\"719\"}");
		ASSERT_EQ (r.status, 201) << r.body;
		r = d.call ("POST", "/api/v1/tokens", "{\"role\":\"secretary\",\"unit\":\"719\"}");
		secretary = r.str ("token");
		EXPECT_EQ (d.stop (SIGTERM), 0);
	}
	{
		Daemon d (state, {"--demo"});
		EXPECT_EQ (d.admin_token (), token);
		auto r = d.get ("/api/v1/units/99001");
		EXPECT_EQ (r.str ("unit.name"), "Xã Thử");
		/* --demo on a database that has units loads nothing again */
		r = d.get ("/api/v1/units?all=true");
		JsonArray *units =
			json_object_get_array_member (json_node_get_object (r.json ()), "units");
		EXPECT_EQ (json_array_get_length (units), 102u);
		r = d.call ("GET", "/api/v1/units", "", &secretary);
		EXPECT_EQ (r.status, 200);
		r = d.call ("GET", "/api/v1/tokens", "", &secretary);
		EXPECT_EQ (r.status, 403);
	}
}

TEST (Daemon, InFlightRequestsFinishOnSigterm)
{
	tg_test::TempDir dir;
	Daemon d (dir.file ("state"), {"--demo"});
	std::atomic<bool> stop{false};
	std::atomic<int> bad{0}, good{0};
	std::thread client ([&] () {
		while (!stop) {
			auto r = d.get ("/api/v1/units");
			if (r.status == 200)
				good++;
			else if (r.status != 0)
				bad++; /* an answer that is not 200 (a refused connection is fine)
					*/
		}
	});
	g_usleep (200000);
	EXPECT_EQ (d.stop (SIGTERM), 0);
	stop = true;
	client.join ();
	EXPECT_GT (good.load (), 0);
	EXPECT_EQ (bad.load (), 0);
}

TEST (Daemon, VersionAndHelp)
{
	std::string out;
	EXPECT_EQ (run ({"--version"}, &out), 0);
	EXPECT_NE (out.find ("thaogod 0."), std::string::npos);
	EXPECT_EQ (run ({"--help"}, &out), 0);
	EXPECT_NE (out.find ("--state-dir"), std::string::npos);
}

TEST (Daemon, UsageErrors)
{
	tg_test::TempDir dir;
	std::string err;
	EXPECT_EQ (run ({}, nullptr, &err), 2);
	EXPECT_NE (err.find ("--state-dir"), std::string::npos);
	EXPECT_EQ (run ({"--bogus"}, nullptr, &err), 2);
	EXPECT_EQ (run ({"--state-dir", dir.file ("s"), "--listen", "nowhere"}, nullptr, &err), 1);
	EXPECT_NE (err.find ("HOST:PORT"), std::string::npos);
	std::string conf = dir.file ("bad.conf");
	g_file_set_contents (conf.c_str (), "[server]\nthreads=zero\n", -1, nullptr);
	EXPECT_EQ (run ({"--state-dir", dir.file ("s"), "--config", conf}, nullptr, &err), 1);
	EXPECT_NE (err.find ("threads"), std::string::npos);
	EXPECT_EQ (run ({"--state-dir", dir.file ("s"), "--config", dir.file ("missing.conf")},
			nullptr, &err),
		   1);
}

TEST (Daemon, PortInUseIsAClearError)
{
	tg_test::TempDir dir;
	Daemon first (dir.file ("a"));
	std::string port = first.url ().substr (first.url ().rfind (':') + 1);
	std::string err;
	EXPECT_EQ (run ({"--state-dir", dir.file ("b"), "--listen", "127.0.0.1:" + port}, nullptr,
			&err),
		   1);
	EXPECT_NE (err.find ("cannot listen"), std::string::npos) << err;
}

TEST (Daemon, ConfigFileIsRead)
{
	tg_test::TempDir dir;
	std::string conf = dir.file ("thaogod.conf");
	std::string db = dir.file ("elsewhere.db");
	g_file_set_contents (conf.c_str (), ("[storage]\npath=" + db + "\n").c_str (), -1, nullptr);
	Daemon d (dir.file ("state"), {"--config", conf});
	EXPECT_TRUE (g_file_test (db.c_str (), G_FILE_TEST_EXISTS));
}

/* the TCP port that process @pid listens on, 0 while it has none (read from /proc: the
 * socket inodes among its descriptors, and the listening sockets of /proc/net/tcp) */
static int
listening_port (GPid pid)
{
	std::set<std::string> inodes;
	std::string fd_dir = "/proc/" + std::to_string (pid) + "/fd";
	DIR *d = opendir (fd_dir.c_str ());
	if (d == nullptr)
		return 0;
	while (struct dirent *e = readdir (d)) {
		char target[128];
		std::string link = fd_dir + "/" + e->d_name;
		ssize_t n = readlink (link.c_str (), target, sizeof target - 1);
		if (n <= 0)
			continue;
		target[n] = '\0';
		if (g_str_has_prefix (target, "socket:["))
			inodes.insert (std::string (target + 8, strlen (target + 8) - 1));
	}
	closedir (d);
	std::ifstream tcp ("/proc/" + std::to_string (pid) + "/net/tcp");
	std::string line;
	std::getline (tcp, line); /* the header */
	while (std::getline (tcp, line)) {
		std::istringstream fields (line);
		std::string slot, local, remote, state, queues, timer, retr, uid, timeout, inode;
		fields >> slot >> local >> remote >> state >> queues >> timer >> retr >> uid >>
			timeout >> inode;
		if (state == "0A" && inodes.count (inode) > 0) /* TCP_LISTEN */
			return (int) strtol (local.substr (local.find (':') + 1).c_str (), nullptr,
					     16);
	}
	return 0;
}

/* A booking sent the moment the daemon's port exists (before it says it listens) is
 * answered only once the mail thread runs: with email confirmation on, its message to
 * confirm is queued, so its hold does not expire unheard of */
TEST (Daemon, BookingInTheFirstMillisecondsGetsItsMessage)
{
	tg_test::TempDir dir;
	std::string state = dir.file ("state");
	std::string conf = dir.file ("thaogod.conf");
	std::string occurrence;
	/* both runs' clocks stand on the same Monday (a build with --enable-test-hooks) */
	TG_TEST_SKIP_WITHOUT_HOOKS ();
	const std::vector<std::string> env = tg_test::with_test_now ();
	g_file_set_contents (conf.c_str (),
			     "[booking]\nrate_limit_per_hour=0\nrequire_email_confirmation=true\n",
			     -1, nullptr);
	{
		/* a first run makes the database and finds a session open for booking */
		Daemon d (state, {"--demo", "--config", conf}, env);
		g_autoptr (GDateTime) now =
				   g_date_time_new_from_iso8601 (tg_test::TEST_NOW, nullptr);
		g_autoptr (GDateTime) a = g_date_time_add_days (now, 3);
		g_autoptr (GDateTime) b = g_date_time_add_days (now, 27);
		g_autofree gchar *from = g_date_time_format (a, "%Y-%m-%d");
		g_autofree gchar *to = g_date_time_format (b, "%Y-%m-%d");
		auto r = d.get (std::string ("/api/v1/units/74/occurrences?from=") + from +
				"&to=" + to);
		JsonArray *list = json_object_get_array_member (json_node_get_object (r.json ()),
								"occurrences");
		for (guint i = 0; occurrence.empty () && i < json_array_get_length (list); i++) {
			JsonObject *o = json_array_get_object_element (list, i);
			if (g_strcmp0 (json_object_get_string_member (o, "status"), "cancelled") !=
			    0)
				occurrence = json_object_get_string_member (o, "id");
		}
		ASSERT_FALSE (occurrence.empty ()) << r.body;
		EXPECT_EQ (d.stop (SIGTERM), 0);
	}

	std::atomic<GPid> pid{0};
	HttpResult early;
	double waited_ms = -1;
	std::thread client ([&] () {
		auto start = std::chrono::steady_clock::now ();
		int port = 0;
		while (port == 0 &&
		       std::chrono::steady_clock::now () - start < std::chrono::seconds (20)) {
			if (pid.load () != 0)
				port = listening_port (pid.load ());
			if (port == 0)
				g_usleep (200);
		}
		if (port == 0)
			return;
		waited_ms = std::chrono::duration<double, std::milli> (
				    std::chrono::steady_clock::now () - start)
				    .count ();
		std::string body = "{\"occurrence\":\"" + occurrence +
				   "\",\"slot\":\"10:00\",\"requester\":{\"kind\":\"citizen\","
				   "\"name\":\"Nguyễn Văn Sớm\",\"phone\":\"0912345678\","
				   "\"email\":\"som@example.vn\"},\"topic\":{\"category\":"
				   "\"procedure\"},\"language\":\"vi\",\"consent\":true}";
		early = tg_test::http ("POST",
				       "http://127.0.0.1:" + std::to_string (port) +
					       "/api/v1/bookings",
				       body, {"Content-Type: application/json"});
	});
	/* the client watches for the port from the moment the process exists */
	auto daemon = std::make_unique<Daemon> (state, std::vector<std::string>{"--config", conf},
						env, [&] (GPid spawned) { pid = spawned; });
	client.join ();
	ASSERT_GE (waited_ms, 0) << "the daemon's port was never seen";
	ASSERT_EQ (early.status, 201) << early.body << early.curl_error;
	std::string id = early.str ("booking.id");
	auto outbox = daemon->call ("GET", "/api/v1/outbox");
	ASSERT_EQ (outbox.status, 200);
	EXPECT_NE (outbox.body.find ("\"kind\":\"received\""), std::string::npos) << outbox.body;
	printf ("the port appeared %.1f ms after the start; the early booking %s got its message\n",
		waited_ms, id.c_str ());
}

/* Citizens booking the sessions @occurrences over HTTP from @n threads until stop (), each
 * with a phone of its own (@tag keeps runs apart), every 201 kept with when it came */
class Booker
{
      public:
	using Clock = std::chrono::steady_clock;
	Booker (const std::string &url, const std::vector<std::string> &occurrences, int tag,
		int n = 4)
	{
		for (int c = 0; c < n; c++)
			threads_.emplace_back ([=, this] () { run (url, occurrences, tag, c); });
	}
	~Booker ()
	{
		stop ();
	}
	void stop ()
	{
		stop_ = true;
		for (auto &t : threads_)
			if (t.joinable ())
				t.join ();
	}
	/* the acknowledged bookings, with when the answer came */
	std::vector<std::pair<Clock::time_point, std::string>> acked () const
	{
		std::lock_guard<std::mutex> lock (mutex_);
		return acked_;
	}
	int refused () const
	{
		return refused_;
	}
	/* the email address of each acknowledged booking */
	std::map<std::string, std::string> emails () const
	{
		std::lock_guard<std::mutex> lock (mutex_);
		return emails_;
	}

      private:
	void run (const std::string &url, const std::vector<std::string> &occurrences, int tag,
		  int c)
	{
		for (int i = 0; !stop_; i++) {
			char phone[16];
			g_snprintf (phone, sizeof (phone), "09%02d%d%05d", tag, c, i);
			std::string body = "{\"occurrence\":\"" +
					   occurrences[i % occurrences.size ()] +
					   "\",\"requester\":{\"kind\":\"citizen\",\"name\":"
					   "\"Người thử\",\"phone\":\"" +
					   phone + "\",\"email\":\"p" + phone +
					   "@example.vn\"},\"topic\":{\"category\":\"procedure\"},"
					   "\"language\":\"vi\",\"consent\":true}";
			auto b = tg_test::http ("POST", url + "/api/v1/bookings", body,
						{"Content-Type: application/json"});
			auto at = Clock::now ();
			if (b.status == 201) {
				std::lock_guard<std::mutex> lock (mutex_);
				acked_.emplace_back (at, b.str ("booking.id"));
				emails_[b.str ("booking.id")] =
					std::string ("p") + phone + "@example.vn";
			} else if (b.status != 0) {
				refused_++;
			} else {
				g_usleep (1000); /* no daemon (killed): no answer is no booking */
			}
		}
	}
	std::vector<std::thread> threads_;
	std::atomic<bool> stop_{false};
	std::atomic<int> refused_{0};
	mutable std::mutex mutex_;
	std::vector<std::pair<Clock::time_point, std::string>> acked_;
	std::map<std::string, std::string> emails_;
};

/* the booking ids listed by the admin in each of @occurrences */
static std::set<std::string>
stored_bookings (const Daemon &d, const std::vector<std::string> &occurrences)
{
	std::set<std::string> ids;
	for (auto &o : occurrences) {
		auto r = d.call ("GET", "/api/v1/occurrences/" + o + "/bookings");
		EXPECT_EQ (r.status, 200) << r.body;
		for (auto &id : tg_test::matches (r.body, "\"id\":\"([0-9a-f]{44})\""))
			ids.insert (id);
	}
	return ids;
}

TEST (Daemon, BackupWhileBookingRestoresEveryEarlierBooking)
{
	tg_test::TempDir dir;
	std::string state = dir.file ("state");
	std::string conf = tg_test::write_config (
		dir, "[booking]\nrate_limit_per_hour=0\nrequire_email_confirmation=false\n");
	std::vector<std::string> occurrences;
	std::set<std::string> before; /* acknowledged before the backup was asked for */
	std::string backup = dir.file ("thaogo-backup.db");
	size_t during = 0, total = 0;
	double backup_ms = 0;
	{
		Daemon d (state, {"--demo", "--config", conf});
		auto r = d.call ("PUT", "/api/v1/units/74/series",
				 "{\"reception\":{\"start\":\"06:00\",\"end\":\"22:00\","
				 "\"slot_minutes\":5,\"desks\":50}}");
		ASSERT_EQ (r.status, 200) << r.body;
		for (guint n = 0; n < 3; n++)
			occurrences.push_back (tg_test::coming_occurrence (d, "74", n));
		Booker booker (d.url (), occurrences, 1);
		g_usleep (300000);
		auto asked = std::chrono::steady_clock::now ();
		auto res = tg_test::thaogo (
			{"--url", d.url (), "--token", d.admin_token (), "backup", backup});
		auto done = std::chrono::steady_clock::now ();
		g_usleep (200000);
		booker.stop ();
		ASSERT_EQ (res.status, 0) << res.err;
		EXPECT_NE (res.err.find (backup), std::string::npos) << res.err;
		EXPECT_EQ (booker.refused (), 0);
		backup_ms = std::chrono::duration<double, std::milli> (done - asked).count ();
		auto acked = booker.acked ();
		for (auto &[at, id] : acked) {
			if (at < asked)
				before.insert (id);
			else if (at < done)
				during++;
		}
		total = acked.size ();
		ASSERT_GT (before.size (), 0u);
		/* the same file again is refused: a backup never replaces one */
		res = tg_test::thaogo (
			{"--url", d.url (), "--token", d.admin_token (), "backup", backup});
		EXPECT_EQ (res.status, 1);
		EXPECT_NE (res.err.find ("exists"), std::string::npos) << res.err;
		/* while it runs, a restore is refused and changes nothing */
		std::string err;
		EXPECT_EQ (run ({"--state-dir", state, "--restore", backup}, nullptr, &err), 1);
		EXPECT_NE (err.find ("another thaogod is running"), std::string::npos) << err;
		EXPECT_EQ (d.stop (SIGTERM), 0);
	}
	/* restored into a new state directory and into the old one (kept aside) */
	for (const std::string &target : {dir.file ("restored"), state}) {
		std::string err;
		ASSERT_EQ (run ({"--state-dir", target, "--restore", backup}, nullptr, &err), 0)
			<< err;
		EXPECT_NE (err.find ("restored"), std::string::npos) << err;
		Daemon d (target, {"--config", conf});
		auto stored = stored_bookings (d, occurrences);
		size_t missing = 0;
		for (auto &id : before)
			missing += stored.count (id) == 0;
		EXPECT_EQ (missing, 0u);
		EXPECT_LE (stored.size (), total);
		printf ("%zu bookings acknowledged (%zu while the backup ran, %.0f ms); the restore "
			"into %s holds %zu, 0 of the %zu acknowledged before it missing\n",
			total, during, backup_ms, target.c_str (), stored.size (), before.size ());
	}
	g_autoptr (GDir) listing = g_dir_open (state.c_str (), 0, nullptr);
	bool aside = false;
	for (const gchar *name; (name = g_dir_read_name (listing)) != nullptr;)
		aside |= g_str_has_prefix (name, "thaogo.db.before-restore-");
	EXPECT_TRUE (aside) << "the replaced database is kept";
}

TEST (Daemon, BackupIsForAdminsAndRestoreChecksTheFile)
{
	tg_test::TempDir dir;
	std::string state = dir.file ("state");
	std::string backup = dir.file ("b.db");
	{
		Daemon d (state, {"--demo"});
		std::string secretary = tg_test::new_token (d, "secretary", "74");
		std::string none;
		EXPECT_EQ (d.call ("GET", "/api/v1/backup", "", &none).status, 401);
		auto r = d.call ("GET", "/api/v1/backup", "", &secretary);
		EXPECT_EQ (r.status, 403);
		EXPECT_EQ (r.str ("error.code"), "forbidden") << r.body;
		auto res = tg_test::thaogo (
			{"--url", d.url (), "--token", secretary, "backup", backup});
		EXPECT_EQ (res.status, 1);
		EXPECT_FALSE (g_file_test (backup.c_str (), G_FILE_TEST_EXISTS));
		EXPECT_FALSE (g_file_test ((backup + ".part").c_str (), G_FILE_TEST_EXISTS));
		r = d.call ("GET", "/api/v1/backup");
		ASSERT_EQ (r.status, 200);
		EXPECT_EQ (tg_test::header (r, "content-type"), "application/vnd.sqlite3");
		EXPECT_EQ (r.body.compare (0, 16, std::string ("SQLite format 3\0", 16)), 0);
		ASSERT_TRUE (g_file_set_contents (backup.c_str (), r.body.data (),
						  (gssize) r.body.size (), nullptr));
		EXPECT_EQ (d.stop (SIGTERM), 0);
	}
	std::string db = tg_test::read_file (state + "/thaogo.db");
	auto refused = [&] (const std::string &file, const std::string &content,
			    const std::string &why) {
		std::string err;
		ASSERT_TRUE (g_file_set_contents (file.c_str (), content.data (),
						  (gssize) content.size (), nullptr));
		EXPECT_EQ (run ({"--state-dir", state, "--restore", file}, nullptr, &err), 1)
			<< why;
		EXPECT_NE (err.find (why), std::string::npos) << err;
		/* the database is untouched */
		EXPECT_EQ (tg_test::read_file (state + "/thaogo.db"), db);
	};
	refused (dir.file ("text"), "not a database\n", "not a thaogo database");
	std::string good = tg_test::read_file (backup);
	/* a newer schema (user_version, at offset 60 of the header) */
	std::string newer = good;
	newer[60] = 0, newer[61] = 0, newer[62] = 0x03, newer[63] = (char) 0xe7;
	refused (dir.file ("newer.db"), newer, "newer than this program");
	/* a page of the tables overwritten */
	std::string broken = good;
	for (size_t i = 4096 + 100; i < 4096 * 3 && i < broken.size (); i++)
		broken[i] = (char) 0x5a;
	refused (dir.file ("broken.db"), broken, "restoring the backup");
	std::string err;
	EXPECT_EQ (run ({"--state-dir", state, "--restore", dir.file ("absent.db")}, nullptr, &err),
		   1);
	EXPECT_NE (err.find ("absent.db"), std::string::npos) << err;
	/* the good one is taken */
	EXPECT_EQ (run ({"--state-dir", state, "--restore", backup}, nullptr, &err), 0) << err;
}

/* the Message-IDs of the confirmations an SMTP peer received in @dir, each with how many
 * times, and the recipients of every message (the sidecars' rcpt_tos) */
static void
received_messages (const std::string &dir, std::map<std::string, int> &ids,
		   std::set<std::string> &recipients)
{
	g_autoptr (GDir) listing = g_dir_open (dir.c_str (), 0, nullptr);
	for (const gchar *name; listing != nullptr && (name = g_dir_read_name (listing));) {
		std::string path = dir + "/" + name;
		if (g_str_has_prefix (name, "msg-") && g_str_has_suffix (name, ".eml")) {
			for (auto &id : tg_test::matches (tg_test::read_file (path),
							  "\nMessage-I[Dd]: *(<confirmed[^>]+>)"))
				ids[id]++;
		} else if (g_str_has_prefix (name, "msg-") && g_str_has_suffix (name, ".json")) {
			for (auto &to : tg_test::matches (tg_test::read_file (path),
							  "\"(p[0-9]+@example\\.vn)\""))
				recipients.insert (to);
		}
	}
}

/* Killed at a random moment while it takes bookings, five times: after each restart every
 * acknowledged booking is there, no slot holds more than its seats, the database passes
 * SQLite's integrity check, and each booking's message goes out once */
TEST (Daemon, SigkillUnderBookingsLosesNothing)
{
	tg_test::TempDir dir;
	std::string state = dir.file ("state");
	std::string mail = dir.file ("mail");
	g_mkdir_with_parents (mail.c_str (), 0700);
	tg_test::SmtpPeer smtp (mail);
	std::string conf = tg_test::write_config (
		dir, "[booking]\nrate_limit_per_hour=0\nrequire_email_confirmation=false\n"
		     "[smtp]\nurl=smtp://127.0.0.1:" +
			     std::to_string (smtp.port ()) +
			     "\ntls=none\nfrom=thaogo@example.gov.vn\n");
	const guint desks = 20;
	std::vector<std::string> occurrences;
	std::set<std::string> acked;
	std::map<std::string, std::string> emails;
	g_autoptr (GRand) rand = g_rand_new ();
	double max_check_ms = 0;
	{
		Daemon d (state, {"--demo", "--config", conf});
		auto r = d.call ("PUT", "/api/v1/units/74/series",
				 "{\"reception\":{\"start\":\"06:00\",\"end\":\"22:00\","
				 "\"slot_minutes\":5,\"desks\":" +
					 std::to_string (desks) + "}}");
		ASSERT_EQ (r.status, 200) << r.body;
		for (guint n = 0; n < 3; n++)
			occurrences.push_back (tg_test::coming_occurrence (d, "74", n));
		EXPECT_EQ (d.stop (SIGTERM), 0);
	}
	for (int round = 0; round < 5; round++) {
		size_t before = acked.size ();
		{
			Daemon d (state, {"--config", conf});
			/* what was acknowledged before the last kill is all there */
			auto stored = stored_bookings (d, occurrences);
			size_t missing = 0;
			for (auto &id : acked)
				missing += stored.count (id) == 0;
			EXPECT_EQ (missing, 0u) << "round " << round;
			Booker booker (d.url (), occurrences, 10 + round);
			g_usleep (g_rand_int_range (rand, 150000, 900000));
			EXPECT_EQ (d.stop (SIGKILL), -SIGKILL);
			booker.stop ();
			for (auto &[at, id] : booker.acked ())
				acked.insert (id);
			for (auto &[id, email] : booker.emails ())
				emails[id] = email;
		}
		auto start = std::chrono::steady_clock::now ();
		gint version = 0;
		g_autoptr (GError) error = nullptr;
		std::string db = state + "/thaogo.db";
		EXPECT_TRUE (tg_store_check_file (db.c_str (), &version, &error))
			<< (error != nullptr ? error->message : "");
		max_check_ms =
			std::max (max_check_ms, std::chrono::duration<double, std::milli> (
							std::chrono::steady_clock::now () - start)
							.count ());
		printf ("round %d: killed after %zu new acknowledged bookings\n", round,
			acked.size () - before);
	}
	/* the last restart: everything there, no slot over its seats, the outbox drained */
	Daemon d (state, {"--config", conf});
	auto stored = stored_bookings (d, occurrences);
	size_t missing = 0;
	for (auto &id : acked)
		missing += stored.count (id) == 0;
	EXPECT_EQ (missing, 0u);
	size_t over = 0;
	for (auto &o : occurrences) {
		auto r = d.call ("GET", "/api/v1/occurrences/" + o + "/bookings");
		JsonArray *list =
			json_object_get_array_member (json_node_get_object (r.json ()), "bookings");
		std::map<std::string, guint> seated;
		for (guint i = 0; list != nullptr && i < json_array_get_length (list); i++) {
			JsonObject *b = json_array_get_object_element (list, i);
			std::string status = json_object_get_string_member (b, "status");
			JsonNode *slot = json_object_get_member (b, "slot");
			if ((status == "pending" || status == "confirmed") && slot != nullptr &&
			    JSON_NODE_HOLDS_OBJECT (slot))
				seated[json_object_get_string_member (json_node_get_object (slot),
								      "start")]++;
		}
		for (auto &[slot, n] : seated)
			over += n > desks;
	}
	EXPECT_EQ (over, 0u);
	/* every confirmation delivered (the reminders are due later) */
	std::map<std::string, int> ids;
	std::set<std::string> recipients;
	size_t lost = 0, doubled = 0;
	for (int i = 0; i < 300; i++) {
		ids.clear ();
		recipients.clear ();
		received_messages (mail, ids, recipients);
		lost = 0;
		for (auto &[id, email] : emails)
			lost += recipients.count (email) == 0;
		if (lost == 0)
			break;
		g_usleep (100000);
	}
	for (auto &[id, n] : ids)
		doubled += n > 1;
	EXPECT_EQ (lost, 0u);
	/* the message in flight when the daemon is killed may go again after the restart, with
	 * its Message-ID (at least once: the peer accepted it before the outbox could say so):
	 * at most one per kill */
	EXPECT_LE (doubled, 5u);
	printf ("5 kills: %zu bookings acknowledged, %zu stored, 0 missing, %zu slots over their "
		"seats; integrity_check ok (at most %.0f ms); %zu messages received, %zu "
		"acknowledged bookings without their confirmation, %zu sent twice (same Message-ID)\n",
		acked.size (), stored.size (), over, max_check_ms, ids.size (), lost, doubled);
}
