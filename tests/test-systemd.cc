/* test-systemd.cc: the daemon under systemd's protocols, played by the test: readiness on
 * $NOTIFY_SOCKET (Type=notify) and structured logging to the journal ($JOURNAL_STREAM) */
#include "config.h"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>

#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <unistd.h>

#include <atomic>
#include <thread>

#include "tg-log.h"
#include "tg-test.hh"

using tg_test::Daemon;
using tg_test::HttpResult;

namespace
{

/* An AF_UNIX datagram socket bound at @path, as systemd's end of a protocol */
class DatagramPeer
{
      public:
	explicit DatagramPeer (const std::string &path) : path_ (path)
	{
		struct sockaddr_un sa = {};
		sa.sun_family = AF_UNIX;
		EXPECT_LT (path.size (), sizeof sa.sun_path) << path;
		g_strlcpy (sa.sun_path, path.c_str (), sizeof sa.sun_path);
		fd_ = socket (AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
		EXPECT_GE (fd_, 0);
		EXPECT_EQ (bind (fd_, (struct sockaddr *) &sa, sizeof sa), 0)
			<< path << ": " << strerror (errno);
	}
	~DatagramPeer ()
	{
		if (fd_ >= 0)
			close (fd_);
	}
	/* the next datagram, "" after @ms without one */
	std::string receive (int ms) const
	{
		struct pollfd p = {fd_, POLLIN, 0};
		if (poll (&p, 1, ms) <= 0)
			return "";
		char buf[65536];
		ssize_t n = recv (fd_, buf, sizeof buf, 0);
		return n > 0 ? std::string (buf, (size_t) n) : "";
	}

      private:
	std::string path_;
	int fd_ = -1;
};

/* a TCP port free now */
int
free_port ()
{
	int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	struct sockaddr_in sa = {};
	socklen_t len = sizeof sa;
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
	EXPECT_EQ (bind (fd, (struct sockaddr *) &sa, sizeof sa), 0);
	EXPECT_EQ (getsockname (fd, (struct sockaddr *) &sa, &len), 0);
	close (fd);
	return ntohs (sa.sin_port);
}

} // namespace

/* READY=1 comes once the port answers (the test asks it the moment READY=1 arrives), and
 * STOPPING=1 when it is told to stop */
TEST (Systemd, ReadyOnlyOnceThePortAnswers)
{
	tg_test::TempDir dir;
	DatagramPeer notify (dir.file ("notify"));
	std::string url = "http://127.0.0.1:" + std::to_string (free_port ());
	std::atomic<long> status_at_ready{-1};
	std::string first;
	std::thread watcher ([&] () {
		first = notify.receive (20000);
		if (first.find ("READY=1") != std::string::npos)
			status_at_ready = tg_test::http ("GET", url + "/healthz").status;
	});
	Daemon daemon (dir.file ("state"), {"--listen", url.substr (7)},
		       {"NOTIFY_SOCKET=" + dir.file ("notify")});
	watcher.join ();
	EXPECT_EQ (first, "READY=1");
	EXPECT_EQ (status_at_ready, 200);
	EXPECT_EQ (daemon.url (), url);
	EXPECT_EQ (daemon.stop (SIGTERM), 0);
	EXPECT_EQ (notify.receive (5000), "STOPPING=1");
}

/* Without NOTIFY_SOCKET nothing is sent and nothing fails; a socket that is not there is
 * only a warning in the log */
TEST (Systemd, NoNotifySocketIsNoOp)
{
	tg_test::TempDir dir;
	Daemon plain (dir.file ("a"), {}, {"NOTIFY_SOCKET="});
	EXPECT_EQ (plain.get ("/healthz").status, 200);
	EXPECT_EQ (plain.stop (SIGTERM), 0);
	Daemon gone (dir.file ("b"), {}, {"NOTIFY_SOCKET=" + dir.file ("nobody")});
	EXPECT_EQ (gone.get ("/healthz").status, 200);
	EXPECT_EQ (gone.stop (SIGTERM), 0);
	EXPECT_NE (gone.stderr_text ().find ("telling systemd READY=1"), std::string::npos)
		<< gone.stderr_text ();
}

/* With stderr the stream that $JOURNAL_STREAM names, the messages go to the journal's socket
 * (a tmpfs of this test's own mount namespace on /run/systemd) as native-protocol fields,
 * the main events with their MESSAGE_ID */
TEST (Systemd, JournalGetsStructuredEvents)
{
	tg_test::SmallFs run ("/run/systemd", 1 << 20);
	if (!run.available ())
		GTEST_SKIP () << "cannot play journald on /run/systemd: " << run.why ();
	ASSERT_EQ (g_mkdir_with_parents ("/run/systemd/journal", 0755), 0);
	DatagramPeer journal ("/run/systemd/journal/socket");
	/* read as they come: a sender blocks once a few datagrams wait (net.unix.max_dgram_qlen)
	 */
	std::vector<std::string> entries;
	std::atomic<bool> done{false};
	std::thread reader ([&] () {
		while (!done) {
			std::string d = journal.receive (100);
			if (!d.empty ())
				entries.push_back (d);
		}
	});
	tg_test::TempDir dir;
	DatagramPeer notify (dir.file ("notify"));

	std::string err_path = dir.file ("stderr");
	int err_fd = open (err_path.c_str (), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
	ASSERT_GE (err_fd, 0);
	struct stat st;
	ASSERT_EQ (fstat (err_fd, &st), 0);
	std::string stream = std::to_string ((unsigned long long) st.st_dev) + ":" +
			     std::to_string ((unsigned long long) st.st_ino);
	std::string thaogod = tg_test::program ("THAOGOD", "../thaogod");
	std::string state = dir.file ("state");
	const gchar *argv[] = {thaogod.c_str (), "--state-dir", state.c_str (),
			       "--listen",       "127.0.0.1:0", nullptr};
	gchar **envp = g_get_environ ();
	envp = g_environ_setenv (envp, "JOURNAL_STREAM", stream.c_str (), TRUE);
	envp = g_environ_setenv (envp, "NOTIFY_SOCKET", dir.file ("notify").c_str (), TRUE);
	GPid pid = 0;
	GError *error = nullptr;
	gboolean ok = g_spawn_async_with_pipes_and_fds (nullptr, argv, envp,
							G_SPAWN_DO_NOT_REAP_CHILD, nullptr, nullptr,
							-1, -1, err_fd, nullptr, nullptr, 0, &pid,
							nullptr, nullptr, nullptr, &error);
	g_strfreev (envp);
	close (err_fd);
	if (!ok) {
		done = true;
		reader.join ();
		FAIL () << error->message;
	}
	EXPECT_EQ (notify.receive (20000), "READY=1");
	kill (pid, SIGTERM);
	int wstatus = 0;
	waitpid (pid, &wstatus, 0);
	g_spawn_close_pid (pid);
	EXPECT_TRUE (WIFEXITED (wstatus) && WEXITSTATUS (wstatus) == 0);
	g_usleep (300 * 1000);
	done = true;
	reader.join ();
	auto find = [&] (const std::string &id) -> std::string {
		for (const auto &e : entries)
			if (e.find ("\nMESSAGE_ID=" + id + "\n") != std::string::npos ||
			    e.rfind ("MESSAGE_ID=" + id + "\n", 0) == 0)
				return e;
		return "";
	};
	std::string started = find (TG_LOG_ID_STARTED);
	EXPECT_NE (started.find ("MESSAGE=thaogod " PACKAGE_VERSION " listening on port"),
		   std::string::npos)
		<< started;
	EXPECT_NE (started.find ("PRIORITY=5"), std::string::npos) << started;
	EXPECT_NE (started.find ("GLIB_DOMAIN=thaogo"), std::string::npos) << started;
	EXPECT_FALSE (find (TG_LOG_ID_MIGRATION).empty ());
	EXPECT_FALSE (find (TG_LOG_ID_STOPPED).empty ());
	/* stderr keeps only what is printed for the operator, not the log */
	std::string err = tg_test::read_file (err_path);
	EXPECT_NE (err.find ("listening on http://127.0.0.1:"), std::string::npos) << err;
	EXPECT_EQ (err.find ("migrated"), std::string::npos) << err;
}
