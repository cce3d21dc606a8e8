/* tg-test.hh: RAII helpers of the tests: temporary directories, a real daemon on
 * 127.0.0.1:0, an HTTP client (libcurl), std::unique_ptr deleters for thaogo's types */
#pragma once

#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <thread>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <signal.h>

#include "tg-shim.h"

namespace tg_test
{

/* std::unique_ptr with the right free function for each C type */
struct Deleter {
	void operator() (TgStore *p) const
	{
		tg_store_free (p);
	}
	void operator() (TgUnit *p) const
	{
		tg_unit_free (p);
	}
	void operator() (TgToken *p) const
	{
		tg_token_free (p);
	}
	void operator() (TgEngine *p) const
	{
		tg_engine_free (p);
	}
	void operator() (TgClock *p) const
	{
		tg_clock_free (p);
	}
	void operator() (TgConfig *p) const
	{
		tg_config_free (p);
	}
	void operator() (TgSeries *p) const
	{
		tg_series_free (p);
	}
	void operator() (TgOccurrence *p) const
	{
		tg_occurrence_free (p);
	}
	void operator() (TgException *p) const
	{
		tg_exception_free (p);
	}
	void operator() (TgHolidayCalendar *p) const
	{
		tg_holiday_calendar_free (p);
	}
	void operator() (TgHolidayDecision *p) const
	{
		tg_holiday_decision_free (p);
	}
	void operator() (TgBooking *p) const
	{
		tg_booking_free (p);
	}
	void operator() (TgOutboxMessage *p) const
	{
		tg_outbox_message_free (p);
	}
	void operator() (GPtrArray *p) const
	{
		g_ptr_array_unref (p);
	}
	void operator() (GError *p) const
	{
		g_error_free (p);
	}
	void operator() (JsonNode *p) const
	{
		json_node_unref (p);
	}
	void operator() (gchar *p) const
	{
		g_free (p);
	}
};
template <typename T> using Ptr = std::unique_ptr<T, Deleter>;

/* A fresh temporary directory, removed with everything in it */
class TempDir
{
      public:
	TempDir ();
	~TempDir ();
	TempDir (const TempDir &) = delete;
	TempDir &operator= (const TempDir &) = delete;
	const std::string &path () const
	{
		return path_;
	}
	std::string file (const std::string &name) const
	{
		return path_ + "/" + name;
	}

      private:
	std::string path_;
};

/* A small file system of its own (a tmpfs of @bytes) on the directory @path, to be filled
 * up: mounted in a mount namespace of this test process (and the daemons it starts), so
 * that nothing outside sees it or keeps it after a crash; unmounted when it goes. Where
 * this process may not mount, available () is false and why () says why */
class SmallFs
{
      public:
	SmallFs (const std::string &path, size_t bytes);
	~SmallFs ();
	SmallFs (const SmallFs &) = delete;
	SmallFs &operator= (const SmallFs &) = delete;
	bool available () const
	{
		return mounted_;
	}
	const std::string &why () const
	{
		return why_;
	}
	const std::string &path () const
	{
		return path_;
	}
	/* bytes free for files */
	guint64 free_bytes () const;
	/* a filler file takes the room until at most @leave bytes are free (0: every byte) */
	void fill (guint64 leave = 0);
	/* the filler goes: the room is back */
	void unfill ();

      private:
	std::string path_;
	std::string why_;
	bool mounted_ = false;
};

/* While it lives, the messages of the log domain @domain are kept here rather than written
 * out, and its warnings do not abort the test program (G_DEBUG=fatal-warnings): for the code
 * that logs a failure on purpose. One at a time; the messages of other domains go on to
 * GLib's default writer */
class LogCapture
{
      public:
	explicit LogCapture (const std::string &domain);
	~LogCapture ();
	LogCapture (const LogCapture &) = delete;
	LogCapture &operator= (const LogCapture &) = delete;
	/* how many messages of @level (G_LOG_LEVEL_WARNING, ...) contain @text */
	int count (GLogLevelFlags level, const std::string &text = "") const;
	/* every message so far, a line each */
	std::string text () const;

      private:
	static GLogWriterOutput write (GLogLevelFlags level, const GLogField *fields,
				       gsize n_fields, gpointer user_data);
	std::string domain_;
	mutable std::mutex mutex_;
	std::vector<std::pair<GLogLevelFlags, std::string>> messages_;
};

/* A file of the source tree's tests/ (G_TEST_SRCDIR) or of its top directory */
std::string srcdir_file (const std::string &relative);
std::string top_srcdir_file (const std::string &relative);
std::string read_file (const std::string &path);

struct HttpResult {
	long status = 0;
	std::string body;
	std::map<std::string, std::string> headers; /* lower-case names */
	std::string curl_error;
	/* the body parsed as JSON (null node when it is not JSON) */
	JsonNode *json () const;
	/* a string member at a dotted path ("error.code"), "" when missing */
	std::string str (const std::string &path) const;

      private:
	mutable Ptr<JsonNode> json_;
};

/* One HTTP exchange with libcurl (a client independent of the code under test) */
HttpResult http (const std::string &method, const std::string &url, const std::string &body = "",
		 const std::vector<std::string> &headers = {});

/* The real thaogod, started on 127.0.0.1:0 in a state directory */
class Daemon
{
      public:
	/* @spawned (nullable) is called with the process id as soon as it is started, before
	 * the daemon says it listens */
	explicit Daemon (const std::string &state_dir, const std::vector<std::string> &args = {},
			 const std::vector<std::string> &env = {},
			 const std::function<void (GPid)> &spawned = nullptr);
	~Daemon ();
	Daemon (const Daemon &) = delete;
	Daemon &operator= (const Daemon &) = delete;

	const std::string &url () const
	{
		return url_;
	}
	std::string admin_token () const;
	HttpResult get (const std::string &path,
			const std::vector<std::string> &headers = {}) const;
	/* with the admin token unless @token is given ("" for none) */
	HttpResult call (const std::string &method, const std::string &path,
			 const std::string &body = "", const std::string *token = nullptr,
			 const std::vector<std::string> &headers = {}) const;
	/* sends @sig and waits; returns the exit status (or -signal when killed) */
	int stop (int sig = SIGTERM);
	GPid pid () const
	{
		return pid_;
	}
	/* what the daemon wrote on stderr so far */
	std::string stderr_text () const;

      private:
	std::string state_dir_;
	std::string url_;
	std::string stderr_;
	GPid pid_ = 0;
	int err_fd_ = -1;
	bool running_ = false;
	bool eof_ = false;
	std::thread reader_;
	mutable std::mutex mutex_;
	std::condition_variable cond_;
};

/* The secret of a new token of @role for @unit, made through @daemon's API with its admin
 * token (a failure is a test failure) */
std::string new_token (const Daemon &daemon, const std::string &role, const std::string &unit);

/* Whether thaogod was built with the test hooks (configure --enable-test-hooks): only then
 * do THAOGO_TEST_NOW and POST /test/clock set its clock */
bool has_test_hooks ();

/* Where the clocks of the daemons that the tests start stand (THAOGO_TEST_NOW): a Monday,
 * 09:00 in Vietnam, so that which sessions are open does not depend on today */
extern const char TEST_NOW[];
/* @env with THAOGO_TEST_NOW=TEST_NOW */
std::vector<std::string> with_test_now (std::vector<std::string> env = {});

/* Moves @daemon's clock by @seconds (POST /test/clock); it answers once its housekeeping and
 * a round of its mail thread have seen the new time */
void advance_clock (const Daemon &daemon, gint64 seconds);

/* In a test or its fixture's SetUp: skips it in a build without the test hooks */
#define TG_TEST_SKIP_WITHOUT_HOOKS()                                                               \
	do {                                                                                       \
		if (!tg_test::has_test_hooks ())                                                   \
			GTEST_SKIP () << "sets the daemon's clock: needs a build configured "      \
					 "with --enable-test-hooks";                               \
	} while (0)

/* Path of a built program: $THAOGOD, $THAOGO */
std::string program (const char *env_name, const char *fallback);

/* What a program did, run to its end */
struct RunResult {
	int status = -1; /* the exit status, -1 when it did not exit */
	std::string out;
	std::string err;
};

/* Runs the built thaogo with @args; @env entries are "NAME=VALUE" to set or "NAME" to
 * unset. THAOGO_URL and THAOGO_TOKEN of the caller never leak in. */
RunResult thaogo (const std::vector<std::string> &args, const std::vector<std::string> &env = {});

/* @text as the file thaogod.conf of @dir; returns its path */
std::string write_config (const TempDir &dir, const std::string &text);

/* the id of the @n-th scheduled occurrence of @unit's own (no bridge point) from 3 days on
 * ("" and a failure when there is none) */
std::string coming_occurrence (const Daemon &daemon, const std::string &unit, guint n = 0);

/* every match of group 1 of the regular expression @pattern in @text */
std::set<std::string> matches (const std::string &text, const char *pattern);

/* @data gunzipped ("" when it is not gzip) */
std::string gunzip (const std::string &data);

/* the value of the header @name (lower case) of @r, "" when it has none */
std::string header (const HttpResult &r, const std::string &name);

/* tests/smtp/smtp-server.py on a free port with @args (--reject, ...), writing what it
 * receives to @dir; stopped when it goes */
class SmtpPeer
{
      public:
	explicit SmtpPeer (const std::string &dir, const std::vector<std::string> &args = {});
	~SmtpPeer ();
	SmtpPeer (const SmtpPeer &) = delete;
	SmtpPeer &operator= (const SmtpPeer &) = delete;
	int port () const
	{
		return port_;
	}

      private:
	GPid pid_ = 0;
	int out_ = -1;
	int port_ = 0;
};

/* Whether the browser tests can run: Debian's chromium, and playwright-core in tests/ (both
 * installed by scripts/install-deps --test) */
bool have_browser ();

/* Runs the page test tests/web/@script against @url with the JSON @ids (its third
 * argument), its output to the log and its screenshots to G_TEST_BUILDDIR/results; each
 * "not ok" line is a failure of the test */
void run_browser_script (const std::string &url, const std::string &script, const std::string &ids);

/* The checks of the pages' sources: each of @pages (under data/web/) starts with its
 * doctype and lang="vi", has no inline script or style, and uses only keys that both
 * catalogues hold; each of @scripts (under data/web/js/) uses only such keys (a key ending
 * in '.' is a prefix completed at run time; @more_keys, when given, is a pattern whose group 1
 * finds more of them, such as keys passed along) and puts no HTML from data in a page */
void check_page_sources (const std::vector<std::string> &pages,
			 const std::vector<std::string> &scripts, const char *more_keys = nullptr);

} // namespace tg_test
