/* test-daemon.cc: start-up contract, signals, restart */
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <atomic>
#include <thread>

#include "tg-test.hh"

using tg_test::Daemon;

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
	if (!g_spawn_sync (nullptr, argv.data (), nullptr, G_SPAWN_DEFAULT, nullptr, nullptr, &o, &e,
			   &status, &error)) {
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
		auto r = d.call ("PUT", "/api/v1/units/99001",
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
		JsonArray *units = json_object_get_array_member (json_node_get_object (r.json ()), "units");
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
				bad++; /* an answer that is not 200 (a refused connection is fine) */
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
	EXPECT_EQ (run ({"--state-dir", dir.file ("s"), "--config", dir.file ("missing.conf")}, nullptr,
			&err),
		   1);
}

TEST (Daemon, PortInUseIsAClearError)
{
	tg_test::TempDir dir;
	Daemon first (dir.file ("a"));
	std::string port = first.url ().substr (first.url ().rfind (':') + 1);
	std::string err;
	EXPECT_EQ (run ({"--state-dir", dir.file ("b"), "--listen", "127.0.0.1:" + port}, nullptr, &err), 1);
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
