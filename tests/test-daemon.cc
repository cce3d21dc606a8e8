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
