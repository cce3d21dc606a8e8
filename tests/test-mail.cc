/* test-mail.cc: email from the real daemon to a real SMTP server (tests/smtp/smtp-server.py,
 * aiosmtpd): STARTTLS and AUTH, the messages as a mail client reads them (Python's email
 * package and icalendar, tests/smtp/read-message.py), the outbox's retries, a crash in the middle
 * of a send, the spool folder, and header or SMTP injection.
 *
 * The daemons start with their clock standing at TEST_NOW (THAOGO_TEST_NOW) and the tests move
 * it (POST /test/clock, a build with --enable-test-hooks) instead of waiting: a retry's wait
 * and "a few rounds of the mail thread" are a move of the clock and one round. In a build
 * without the hooks those tests skip; the reminders' tests run the engine in-process on a
 * clock of their own.
 */
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <glib/gstdio.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <map>
#include <set>
#include <thread>

#include "tg-test.hh"

using tg_test::advance_clock;
using tg_test::Daemon;
using tg_test::HttpResult;
using tg_test::Ptr;
using tg_test::TEST_NOW;

/* ---- small helpers ---- */

static std::string
python3 ()
{
	const gchar *p = g_getenv ("PYTHON3");
	return p != nullptr && p[0] != '\0' ? p : "/usr/bin/python3";
}

/* A TCP socket bound to 127.0.0.1 on the port the kernel gave, held while SMTP servers of the
 * tests listen on it one after the other (SmtpServer's @held): nothing else can take the port,
 * and until a server listens a connection is refused */
class HeldPort
{
      public:
	HeldPort ()
	{
		struct sockaddr_in a = {};
		socklen_t len = sizeof a;
		fd_ = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
		a.sin_family = AF_INET;
		a.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
		if (fd_ < 0 || bind (fd_, (struct sockaddr *) &a, sizeof a) != 0 ||
		    getsockname (fd_, (struct sockaddr *) &a, &len) != 0) {
			ADD_FAILURE () << "cannot bind a socket: " << g_strerror (errno);
			return;
		}
		port_ = ntohs (a.sin_port);
	}
	~HeldPort ()
	{
		if (fd_ >= 0)
			close (fd_);
	}
	HeldPort (const HeldPort &) = delete;
	HeldPort &operator= (const HeldPort &) = delete;
	int fd () const
	{
		return fd_;
	}
	int port () const
	{
		return port_;
	}

      private:
	int fd_ = -1;
	int port_ = 0;
};

/* polls @done every 200 ms for at most @seconds */
static bool
wait_until (const std::function<bool ()> &done, double seconds)
{
	auto deadline = std::chrono::steady_clock::now () +
			std::chrono::milliseconds ((long) (seconds * 1000));
	for (;;) {
		if (done ())
			return true;
		if (std::chrono::steady_clock::now () >= deadline)
			return false;
		std::this_thread::sleep_for (std::chrono::milliseconds (200));
	}
}

static Ptr<JsonNode>
parse_json (const std::string &text)
{
	GError *error = nullptr;
	JsonNode *node = json_from_string (text.c_str (), &error);
	if (node == nullptr) {
		if (error != nullptr)
			g_error_free (error);
		node = json_node_new (JSON_NODE_NULL);
	}
	return Ptr<JsonNode> (node);
}

/* a member at a dotted path: "parts.0.content_type" (numbers index arrays); null if none */
static JsonNode *
jget (JsonNode *node, const std::string &path)
{
	gchar **parts = g_strsplit (path.c_str (), ".", -1);
	for (guint i = 0; node != nullptr && parts[i] != nullptr; i++) {
		if (JSON_NODE_HOLDS_OBJECT (node)) {
			JsonObject *o = json_node_get_object (node);
			node = json_object_has_member (o, parts[i])
				       ? json_object_get_member (o, parts[i])
				       : nullptr;
		} else if (JSON_NODE_HOLDS_ARRAY (node)) {
			JsonArray *a = json_node_get_array (node);
			guint index = (guint) g_ascii_strtoull (parts[i], nullptr, 10);
			node = index < json_array_get_length (a) ? json_array_get_element (a, index)
								 : nullptr;
		} else {
			node = nullptr;
		}
	}
	g_strfreev (parts);
	return node;
}

static std::string
jstr (JsonNode *node, const std::string &path)
{
	JsonNode *n = jget (node, path);
	if (n != nullptr && JSON_NODE_HOLDS_VALUE (n) &&
	    json_node_get_value_type (n) == G_TYPE_STRING)
		return json_node_get_string (n);
	return "";
}

static gint64
jint (JsonNode *node, const std::string &path)
{
	JsonNode *n = jget (node, path);
	return n != nullptr && JSON_NODE_HOLDS_VALUE (n) ? json_node_get_int (n) : -1;
}

static bool
jbool (JsonNode *node, const std::string &path)
{
	JsonNode *n = jget (node, path);
	return n != nullptr && JSON_NODE_HOLDS_VALUE (n) && json_node_get_boolean (n);
}

static guint
jlen (JsonNode *node, const std::string &path)
{
	JsonNode *n = jget (node, path);
	return n != nullptr && JSON_NODE_HOLDS_ARRAY (n)
		       ? json_array_get_length (json_node_get_array (n))
		       : 0;
}

static std::vector<std::string>
jstrings (JsonNode *node, const std::string &path)
{
	std::vector<std::string> out;
	for (guint i = 0; i < jlen (node, path); i++)
		out.push_back (jstr (node, path + "." + std::to_string (i)));
	return out;
}

static bool
is_ascii (const std::string &s)
{
	return std::all_of (s.begin (), s.end (), [] (char c) { return (unsigned char) c < 0x80; });
}

static gint64
rfc3339_seconds (const std::string &text)
{
	g_autoptr (GDateTime) t = g_date_time_new_from_iso8601 (text.c_str (), nullptr);
	return t != nullptr ? g_date_time_to_unix (t) : -1;
}

/* a message file as a mail client reads it: tests/smtp/read-message.py (Python's email package) */
static Ptr<JsonNode>
read_message (const std::string &eml)
{
	std::string script = tg_test::srcdir_file ("smtp/read-message.py");
	std::string py = python3 ();
	std::vector<gchar *> argv = {const_cast<gchar *> (py.c_str ()),
				     const_cast<gchar *> (script.c_str ()),
				     const_cast<gchar *> (eml.c_str ()), nullptr};
	gchar *out = nullptr, *err = nullptr;
	gint status = 0;
	GError *error = nullptr;
	if (!g_spawn_sync (nullptr, argv.data (), nullptr, G_SPAWN_DEFAULT, nullptr, nullptr, &out,
			   &err, &status, &error)) {
		ADD_FAILURE () << "read-message.py: " << error->message;
		g_error_free (error);
		return Ptr<JsonNode> (json_node_new (JSON_NODE_NULL));
	}
	if (!g_spawn_check_wait_status (status, nullptr))
		ADD_FAILURE () << eml << " does not parse as email: " << err;
	Ptr<JsonNode> node = parse_json (out);
	g_free (out);
	g_free (err);
	return node;
}

/* ---- the SMTP server of the tests ---- */

struct Delivered {
	std::string eml;        /* path of the message */
	Ptr<JsonNode> envelope; /* the sidecar: mail_from, rcpt_tos, peer, tls, auth */
	Ptr<JsonNode> info;     /* read-message.py's reading */
};

/* tests/smtp/smtp-server.py, stopped (SIGTERM) when it goes */
class SmtpServer
{
      public:
	/* on the port the server binds, or on @held's (nullable) */
	SmtpServer (const std::string &dir, const std::vector<std::string> &options = {},
		    const HeldPort *held = nullptr)
	    : dir_ (dir)
	{
		std::vector<std::string> argv_s = {python3 (),
						   tg_test::srcdir_file ("smtp/smtp-server.py"),
						   dir};
		argv_s.insert (argv_s.end (), options.begin (), options.end ());
		/* the held socket is the server's descriptor 3 */
		const gint source_fds[] = {held != nullptr ? held->fd () : -1};
		const gint target_fds[] = {3};
		if (held != nullptr) {
			argv_s.push_back ("--fd");
			argv_s.push_back ("3");
		}
		std::vector<gchar *> argv;
		for (auto &a : argv_s)
			argv.push_back (const_cast<gchar *> (a.c_str ()));
		argv.push_back (nullptr);
		GError *error = nullptr;
		if (!g_spawn_async_with_pipes_and_fds (nullptr, argv.data (), nullptr,
						       G_SPAWN_DO_NOT_REAP_CHILD, nullptr, nullptr,
						       -1, -1, -1, source_fds, target_fds,
						       held != nullptr ? 1 : 0, &pid_, nullptr,
						       &out_fd_, nullptr, &error)) {
			ADD_FAILURE () << "cannot start smtp-server.py: " << error->message;
			g_error_free (error);
			return;
		}
		running_ = true;
		/* "cert PATH" (with --tls), then "port N" once it accepts connections */
		std::string text;
		auto deadline = std::chrono::steady_clock::now () + std::chrono::seconds (20);
		while (port_ == 0 && std::chrono::steady_clock::now () < deadline) {
			struct pollfd p = {out_fd_, POLLIN, 0};
			if (poll (&p, 1, 200) <= 0)
				continue;
			char chunk[512];
			ssize_t n = read (out_fd_, chunk, sizeof chunk);
			if (n <= 0)
				break;
			text.append (chunk, (size_t) n);
			size_t start = 0, end;
			while ((end = text.find ('\n', start)) != std::string::npos) {
				std::string line = text.substr (start, end - start);
				if (line.rfind ("cert ", 0) == 0)
					cert_ = line.substr (5);
				else if (line.rfind ("port ", 0) == 0)
					port_ = atoi (line.c_str () + 5);
				start = end + 1;
			}
			text.erase (0, start);
		}
		if (port_ == 0)
			ADD_FAILURE () << "smtp-server.py did not start (see its stderr above)";
	}
	~SmtpServer ()
	{
		stop ();
	}
	SmtpServer (const SmtpServer &) = delete;
	SmtpServer &operator= (const SmtpServer &) = delete;

	int port () const
	{
		return port_;
	}
	const std::string &cert () const
	{
		return cert_;
	}

	void stop ()
	{
		if (!running_)
			return;
		int status = 0;
		kill (pid_, SIGTERM);
		/* a server that does not end within 10 s is killed */
		for (int i = 0; i < 100 && waitpid (pid_, &status, WNOHANG) == 0; i++)
			std::this_thread::sleep_for (std::chrono::milliseconds (100));
		if (waitpid (pid_, &status, WNOHANG) == 0) {
			kill (pid_, SIGKILL);
			waitpid (pid_, &status, 0);
		}
		g_spawn_close_pid (pid_);
		close (out_fd_);
		running_ = false;
	}

	/* the .eml files of @prefix ("msg-": delivered, "rejected-": answered 451), in order */
	std::vector<std::string> files (const std::string &prefix = "msg-") const
	{
		std::vector<std::string> out;
		GDir *d = g_dir_open (dir_.c_str (), 0, nullptr);
		if (d == nullptr)
			return out;
		const gchar *name;
		while ((name = g_dir_read_name (d)) != nullptr) {
			if (g_str_has_prefix (name, prefix.c_str ()) &&
			    g_str_has_suffix (name, ".eml"))
				out.push_back (dir_ + "/" + name);
		}
		g_dir_close (d);
		std::sort (out.begin (), out.end ());
		return out;
	}
	size_t delivered () const
	{
		return files ("msg-").size ();
	}

	std::vector<Delivered> messages (const std::string &prefix = "msg-") const
	{
		std::vector<Delivered> out;
		for (const auto &eml : files (prefix)) {
			std::string sidecar = eml.substr (0, eml.size () - 4) + ".json";
			out.push_back ({eml, parse_json (tg_test::read_file (sidecar)),
					read_message (eml)});
		}
		return out;
	}

	std::string journal () const
	{
		return tg_test::read_file (dir_ + "/journal.log");
	}
	/* lines of the journal that start with @command ("EHLO", "MAIL", "RCPT", "DATA") */
	int journal_count (const std::string &command) const
	{
		int n = 0;
		std::string j = "\n" + journal ();
		for (size_t pos = 0;
		     (pos = j.find ("\n" + command + " ", pos)) != std::string::npos; pos++)
			n++;
		return n;
	}

      private:
	std::string dir_;
	std::string cert_;
	int port_ = 0;
	GPid pid_ = 0;
	int out_fd_ = -1;
	bool running_ = false;
};

/* ---- a daemon with its outbox ---- */

struct OutboxRow {
	gint64 id = 0;
	std::string kind, status, language, message_id, due_at, created_at, last_error,
		recipient_domain;
	gint64 attempts = 0;
	bool has_error = false;
};

static std::vector<OutboxRow>
outbox_of (const Daemon &daemon, const std::string &status = "")
{
	std::vector<OutboxRow> rows;
	HttpResult r = daemon.call ("GET", "/api/v1/outbox" +
						   (status.empty () ? "" : "?status=" + status));
	EXPECT_EQ (r.status, 200) << r.body;
	JsonNode *root = r.json ();
	for (guint i = 0; i < jlen (root, "messages"); i++) {
		std::string p = "messages." + std::to_string (i) + ".";
		OutboxRow row;
		row.id = jint (root, p + "id");
		row.kind = jstr (root, p + "kind");
		row.status = jstr (root, p + "status");
		row.language = jstr (root, p + "language");
		row.message_id = jstr (root, p + "message_id");
		row.due_at = jstr (root, p + "due_at");
		row.created_at = jstr (root, p + "created_at");
		row.attempts = jint (root, p + "attempts");
		JsonNode *e = jget (root, p + "last_error");
		row.has_error = e != nullptr && !JSON_NODE_HOLDS_NULL (e);
		row.last_error = jstr (root, p + "last_error");
		row.recipient_domain = jstr (root, p + "recipient_domain");
		rows.push_back (row);
	}
	std::sort (rows.begin (), rows.end (),
		   [] (const OutboxRow &a, const OutboxRow &b) { return a.id < b.id; });
	return rows;
}

static std::string
describe (const std::vector<OutboxRow> &rows)
{
	std::string s;
	for (const auto &r : rows)
		s += "#" + std::to_string (r.id) + " " + r.kind + " " + r.status +
		     " attempts=" + std::to_string (r.attempts) + " error=" + r.last_error + "\n";
	return s.empty () ? "(empty outbox)" : s;
}

/* the first non-cancelled session of unit 74 between TEST_NOW+3 and TEST_NOW+27 days */
static std::string
open_occurrence (const Daemon &daemon, std::string *date = nullptr)
{
	g_autoptr (GDateTime) now = g_date_time_new_from_iso8601 (TEST_NOW, nullptr);
	g_autoptr (GDateTime) a = g_date_time_add_days (now, 3);
	g_autoptr (GDateTime) b = g_date_time_add_days (now, 27);
	g_autofree gchar *from = g_date_time_format (a, "%Y-%m-%d");
	g_autofree gchar *to = g_date_time_format (b, "%Y-%m-%d");
	HttpResult r = daemon.get (std::string ("/api/v1/units/74/occurrences?from=") + from +
				   "&to=" + to);
	JsonNode *root = r.json ();
	for (guint i = 0; i < jlen (root, "occurrences"); i++) {
		std::string p = "occurrences." + std::to_string (i) + ".";
		if (jstr (root, p + "status") != "cancelled") {
			if (date != nullptr)
				*date = jstr (root, p + "date");
			return jstr (root, p + "id");
		}
	}
	ADD_FAILURE () << "no open session of unit 74: " << r.body;
	return "";
}

struct Person {
	std::string name;
	std::string email;
	std::string phone;
	std::string language = "vi";
};

static Person
person (int n)
{
	g_autofree gchar *phone = g_strdup_printf ("09%08d", n);
	return {"Công dân " + std::to_string (n), "c" + std::to_string (n) + "@example.vn", phone,
		"vi"};
}

/* the JSON body of a booking (json-glib escapes whatever the strings hold) */
static std::string
booking_body (const std::string &occurrence, const std::string &slot, const Person &p,
	      bool waitlist = false)
{
	g_autoptr (JsonBuilder) b = json_builder_new ();
	json_builder_begin_object (b);
	json_builder_set_member_name (b, "occurrence");
	json_builder_add_string_value (b, occurrence.c_str ());
	json_builder_set_member_name (b, "slot");
	json_builder_add_string_value (b, slot.c_str ());
	json_builder_set_member_name (b, "requester");
	json_builder_begin_object (b);
	json_builder_set_member_name (b, "kind");
	json_builder_add_string_value (b, "citizen");
	json_builder_set_member_name (b, "name");
	json_builder_add_string_value (b, p.name.c_str ());
	json_builder_set_member_name (b, "phone");
	json_builder_add_string_value (b, p.phone.c_str ());
	json_builder_set_member_name (b, "email");
	json_builder_add_string_value (b, p.email.c_str ());
	json_builder_end_object (b);
	json_builder_set_member_name (b, "topic");
	json_builder_begin_object (b);
	json_builder_set_member_name (b, "category");
	json_builder_add_string_value (b, "procedure");
	json_builder_end_object (b);
	json_builder_set_member_name (b, "language");
	json_builder_add_string_value (b, p.language.c_str ());
	json_builder_set_member_name (b, "consent");
	json_builder_add_boolean_value (b, TRUE);
	if (waitlist) {
		json_builder_set_member_name (b, "waitlist");
		json_builder_add_boolean_value (b, TRUE);
	}
	json_builder_end_object (b);
	g_autoptr (JsonNode) root = json_builder_get_root (b);
	g_autofree gchar *text = json_to_string (root, FALSE);
	return text;
}

/* the SMTP section of a configuration for a server of the tests */
static std::string
smtp_config (int port, const std::string &tls, const std::string &extra = "")
{
	return "[smtp]\nurl=smtp://127.0.0.1:" + std::to_string (port) + "\ntls=" + tls +
	       "\nfrom=thaogo@example.gov.vn\n" + extra;
}

static const char PUBLIC_URL[] = "https://tiepcongdan.example.gov.vn";

class Mail : public ::testing::Test
{
      protected:
	tg_test::TempDir dir;
	std::unique_ptr<SmtpServer> smtp; /* declared first: goes after the daemon */
	std::unique_ptr<Daemon> daemon;
	std::string occ, occ_date;

	void SetUp () override
	{
		TG_TEST_SKIP_WITHOUT_HOOKS ();
	}

	/* false when it did not start; on @held's port (nullable) or on one of its own */
	bool start_smtp (std::vector<std::string> options = {}, const HeldPort *held = nullptr,
			 const std::string &folder = "smtp")
	{
		options.push_back ("--cert-dir");
		options.push_back (dir.path ());
		smtp = std::make_unique<SmtpServer> (dir.file (folder), options, held);
		return smtp->port () != 0;
	}

	/* the daemon with --demo and a configuration: [booking] without rate limit, then @text;
	 * its clock stands at TEST_NOW */
	void start_daemon (const std::string &text, std::vector<std::string> env = {})
	{
		std::string path = dir.file ("thaogod.conf");
		std::string config = "[booking]\nrate_limit_per_hour=0\n" + text;
		g_file_set_contents (path.c_str (), config.c_str (), -1, nullptr);
		daemon = std::make_unique<Daemon> (dir.file ("state"),
						   std::vector<std::string>{"--demo", "--config",
									    path},
						   tg_test::with_test_now (env));
		if (occ.empty ())
			occ = open_occurrence (*daemon, &occ_date);
	}

	HttpResult book (const Person &p, const std::string &slot = "10:00", bool waitlist = false)
	{
		return tg_test::http ("POST", daemon->url () + "/api/v1/bookings",
				      booking_body (occ, slot, p, waitlist));
	}

	/* the rows of the outbox but reminders (queued for days ahead: tests of their own) */
	std::vector<OutboxRow> outbox (const std::string &status = "")
	{
		auto rows = outbox_of (*daemon, status);
		rows.erase (std::remove_if (rows.begin (), rows.end (),
					    [] (const OutboxRow &r) {
						    return r.kind == "reminder";
					    }),
			    rows.end ());
		return rows;
	}

	/* waits until every row of the outbox satisfies @pred (and there are @n rows) */
	bool wait_outbox (size_t n, const std::function<bool (const OutboxRow &)> &pred,
			  double seconds = 15)
	{
		return wait_until (
			[&] () {
				auto rows = outbox ();
				return rows.size () == n &&
				       std::all_of (rows.begin (), rows.end (), pred);
			},
			seconds);
	}
	bool wait_delivered (size_t n, double seconds = 15)
	{
		return wait_until ([&] () { return smtp->delivered () >= n; }, seconds);
	}
};

/* ---- 1. STARTTLS, AUTH, the messages themselves ---- */

TEST_F (Mail, StartTlsDeliversTheReceivedAndConfirmedMessagesInVietnamese)
{
	ASSERT_TRUE (start_smtp ({"--tls", "--auth", "thaogo:mật-khẩu-thử"}));
	ASSERT_FALSE (smtp->cert ().empty ());
	std::string password_file = dir.file ("smtp-password");
	g_file_set_contents (password_file.c_str (),
			     "mật-khẩu-thử\nthe second line is not the password\n", -1, nullptr);
	start_daemon (std::string ("[server]\npublic_url=") + PUBLIC_URL + "\n" +
		      smtp_config (smtp->port (), "required",
				   "ca_file=" + smtp->cert () +
					   "\nusername=thaogo\npassword_file=" + password_file +
					   "\n"));
	Person thao = {"Nguyễn Thị Thảo", "thao.nguyen@example.vn", "0912345678", "vi"};
	HttpResult r = book (thao);
	ASSERT_EQ (r.status, 201) << r.body;
	ASSERT_EQ (r.str ("booking.status"), "pending");
	std::string id = r.str ("booking.id");

	ASSERT_TRUE (wait_delivered (1)) << describe (outbox ()) << smtp->journal ();
	auto rows = outbox ();
	ASSERT_EQ (rows.size (), 1u);
	EXPECT_EQ (rows[0].kind, "received");
	EXPECT_EQ (rows[0].status, "sent");
	EXPECT_EQ (rows[0].attempts, 1);
	EXPECT_EQ (rows[0].language, "vi");
	EXPECT_EQ (rows[0].recipient_domain, "example.vn");
	EXPECT_FALSE (rows[0].has_error) << rows[0].last_error;

	auto mails = smtp->messages ();
	ASSERT_EQ (mails.size (), 1u);
	JsonNode *env = mails[0].envelope.get (), *m = mails[0].info.get ();
	/* the envelope: exactly the booking's address, over TLS, authenticated */
	EXPECT_EQ (jstr (env, "mail_from"), "thaogo@example.gov.vn");
	EXPECT_EQ (jstrings (env, "rcpt_tos"), std::vector<std::string>{"thao.nguyen@example.vn"});
	EXPECT_TRUE (jbool (env, "tls"));
	EXPECT_EQ (jstr (env, "auth"), "thaogo");

	/* the headers */
	EXPECT_TRUE (jbool (m, "headers_7bit")) << "8-bit bytes in the header block";
	EXPECT_TRUE (jbool (m, "crlf"));
	EXPECT_EQ (jlen (m, "defects"), 0u) << tg_test::read_file (mails[0].eml);
	EXPECT_EQ (jstr (m, "from.0.address"), "thaogo@example.gov.vn");
	ASSERT_EQ (jlen (m, "to"), 1u);
	EXPECT_EQ (jstr (m, "to.0.address"), "thao.nguyen@example.vn");
	EXPECT_EQ (jstr (m, "to.0.name"), "Nguyễn Thị Thảo");
	std::string raw_to = jstr (m, "raw_headers.to.0");
	EXPECT_NE (raw_to.find ("=?"), std::string::npos)
		<< "the name is not RFC 2047-encoded: " << raw_to;
	EXPECT_NE (raw_to.find ("<thao.nguyen@example.vn>"), std::string::npos) << raw_to;
	std::string subject = jstr (m, "subject");
	EXPECT_NE (subject, "Your appointment request: please confirm it")
		<< "the subject of a Vietnamese booking is English: po/vi.po lacks its translation";
	EXPECT_FALSE (is_ascii (subject)) << "not a Vietnamese subject: " << subject;
	EXPECT_NE (jstr (m, "raw_headers.subject.0").find ("=?"), std::string::npos);
	gint64 date = rfc3339_seconds (jstr (m, "date"));
	/* the daemon's time, which stands at TEST_NOW */
	EXPECT_LT (std::llabs (date - rfc3339_seconds (TEST_NOW)), 300) << jstr (m, "date");
	EXPECT_EQ (jstr (m, "message_id"), rows[0].message_id);
	EXPECT_TRUE (g_regex_match_simple ("^<received\\.[0-9a-f]+@thaogo>$",
					   jstr (m, "message_id").c_str (), G_REGEX_DEFAULT,
					   G_REGEX_MATCH_DEFAULT))
		<< jstr (m, "message_id");
	EXPECT_EQ (jstr (m, "auto_submitted"), "auto-generated");
	EXPECT_EQ (jstr (m, "mime_version"), "1.0");
	EXPECT_EQ (jlen (m, "raw_headers.bcc"), 0u);
	EXPECT_EQ (jlen (m, "raw_headers.cc"), 0u);

	/* the body: text and HTML alternatives in UTF-8, with the citizen's link */
	EXPECT_EQ (jstr (m, "content_type"), "multipart/alternative");
	EXPECT_EQ (jstrings (m, "alternative"),
		   (std::vector<std::string>{"text/plain", "text/html"}));
	ASSERT_EQ (jlen (m, "parts"), 2u);
	EXPECT_EQ (jstr (m, "parts.0.charset"), "utf-8");
	EXPECT_EQ (jstr (m, "parts.1.charset"), "utf-8");
	std::string text = jstr (m, "parts.0.text"), html = jstr (m, "parts.1.text");
	EXPECT_NE (text.find ("Nguyễn Thị Thảo"), std::string::npos) << text;
	EXPECT_NE (html.find ("Nguyễn Thị Thảo"), std::string::npos) << html;
	EXPECT_NE (html.find ("lang=\"vi\""), std::string::npos) << html;
	std::string link = std::string (PUBLIC_URL) + "/b/" + id + "?token=";
	auto pos = text.find (link);
	ASSERT_NE (pos, std::string::npos) << "no manage link " << link << " in:\n" << text;
	std::string token = text.substr (pos + link.size ());
	token = token.substr (0, token.find_first_of (" \r\n"));
	EXPECT_EQ (token, r.str ("manage_token"));

	/* confirming with the token of the message sends the confirmation, with the calendar */
	HttpResult c = tg_test::http ("POST", daemon->url () + "/api/v1/bookings/" + id +
						      "/confirm?token=" + token);
	ASSERT_EQ (c.status, 200) << c.body;
	EXPECT_EQ (c.str ("booking.status"), "confirmed");
	ASSERT_TRUE (wait_delivered (2)) << describe (outbox ()) << smtp->journal ();
	mails = smtp->messages ();
	ASSERT_EQ (mails.size (), 2u);
	env = mails[1].envelope.get ();
	m = mails[1].info.get ();
	EXPECT_EQ (jstrings (env, "rcpt_tos"), std::vector<std::string>{"thao.nguyen@example.vn"});
	EXPECT_TRUE (jbool (env, "tls"));
	EXPECT_NE (jstr (m, "message_id"), jstr (mails[0].info.get (), "message_id"));
	EXPECT_TRUE (g_str_has_prefix (jstr (m, "message_id").c_str (), "<confirmed."));
	EXPECT_NE (jstr (m, "subject"), "Your appointment is confirmed")
		<< "the subject of a Vietnamese booking is English: po/vi.po lacks its translation";
	EXPECT_FALSE (is_ascii (jstr (m, "subject"))) << jstr (m, "subject");
	EXPECT_EQ (jstr (m, "auto_submitted"), "auto-generated");
	EXPECT_EQ (jstr (m, "content_type"), "multipart/mixed");
	EXPECT_EQ (jstrings (m, "alternative"),
		   (std::vector<std::string>{"text/plain", "text/html"}));
	ASSERT_EQ (jlen (m, "parts"), 3u);
	EXPECT_EQ (jstr (m, "parts.2.content_type"), "text/calendar");
	EXPECT_EQ (jstr (m, "parts.2.params.method"), "PUBLISH");
	EXPECT_TRUE (g_str_has_suffix (jstr (m, "parts.2.filename").c_str (), ".ics"))
		<< jstr (m, "parts.2.filename");
	/* icalendar reads it: one event, the booking's */
	ASSERT_NE (jget (m, "calendar.vevents"), nullptr) << "the calendar did not parse";
	EXPECT_EQ (jstr (m, "calendar.method"), "PUBLISH");
	ASSERT_EQ (jlen (m, "calendar.vevents"), 1u);
	std::string uid = jstr (m, "calendar.vevents.0.uid");
	EXPECT_TRUE (g_str_has_suffix (uid.c_str (), "@thaogo")) << uid;
	EXPECT_EQ (uid, id + "@thaogo");
	EXPECT_EQ (jstr (m, "calendar.vevents.0.dtstart"), occ_date + "T10:00:00+07:00");
	EXPECT_EQ (jstr (m, "calendar.vevents.0.status"), "CONFIRMED");

	rows = outbox ("sent");
	ASSERT_EQ (rows.size (), 2u) << describe (outbox ());
	EXPECT_EQ (rows[1].kind, "confirmed");
}

/* the envelope and the To: header of an English booking, and an English subject */
TEST_F (Mail, EnglishBookingGetsAnEnglishMessage)
{
	ASSERT_TRUE (start_smtp ({}));
	start_daemon (smtp_config (smtp->port (), "none"));
	Person ann = {"Ann Smith", "ann@example.org", "0912345670", "en"};
	ASSERT_EQ (book (ann).status, 201);
	ASSERT_TRUE (wait_delivered (1)) << describe (outbox ());
	auto mails = smtp->messages ();
	JsonNode *m = mails[0].info.get ();
	EXPECT_EQ (jstr (m, "subject"), "Your appointment request: please confirm it");
	EXPECT_EQ (jstr (m, "to.0.name"), "Ann Smith");
	EXPECT_FALSE (jbool (mails[0].envelope.get (), "tls"));
	EXPECT_NE (jstr (m, "parts.1.text").find ("lang=\"en\""), std::string::npos);
}

/* ---- 2. TLS that cannot be had: nothing in clear text, the message waits ---- */

TEST_F (Mail, TlsRequiredButTheServerHasNoStartTls)
{
	ASSERT_TRUE (start_smtp ({}));
	start_daemon (smtp_config (smtp->port (), "required"));
	ASSERT_EQ (book (person (1)).status, 201);
	ASSERT_TRUE (wait_outbox (1, [] (const OutboxRow &r) {
		return r.attempts >= 1 && r.status == "queued";
	})) << describe (outbox ());
	auto rows = outbox ();
	EXPECT_TRUE (rows[0].has_error);
	EXPECT_FALSE (rows[0].last_error.empty ());
	/* the retry waits: due later than now (the daemon's clock stands at TEST_NOW) */
	EXPECT_GT (rfc3339_seconds (rows[0].due_at), rfc3339_seconds (TEST_NOW) + 10)
		<< rows[0].due_at;
	EXPECT_EQ (smtp->delivered (), 0u);
	EXPECT_GE (smtp->journal_count ("EHLO"), 1) << "the daemon never connected";
	EXPECT_EQ (smtp->journal_count ("MAIL"), 0) << "an envelope went in clear text:\n"
						    << smtp->journal ();
}

TEST_F (Mail, UntrustedCertificateIsRefused)
{
	ASSERT_TRUE (start_smtp ({"--tls"}));
	/* no ca_file: the self-signed certificate is not trusted */
	start_daemon (smtp_config (smtp->port (), "required"));
	ASSERT_EQ (book (person (1)).status, 201);
	ASSERT_TRUE (wait_outbox (1, [] (const OutboxRow &r) {
		return r.attempts >= 1 && r.status == "queued";
	})) << describe (outbox ());
	EXPECT_TRUE (outbox ()[0].has_error);
	EXPECT_EQ (smtp->delivered (), 0u);
	EXPECT_EQ (smtp->journal_count ("MAIL"), 0) << smtp->journal ();
}

/* a wrong password is a configuration error the administrator fixes: the messages should
 * wait for it (tg-mail.c lists CURLE_LOGIN_DENIED among the transient failures) */
TEST_F (Mail, WrongPasswordKeepsTheMessageQueued)
{
	ASSERT_TRUE (start_smtp ({"--tls", "--auth", "thaogo:right"}));
	std::string password_file = dir.file ("smtp-password");
	g_file_set_contents (password_file.c_str (), "wrong\n", -1, nullptr);
	start_daemon (smtp_config (smtp->port (), "required",
				   "ca_file=" + smtp->cert () +
					   "\nusername=thaogo\npassword_file=" + password_file +
					   "\n"));
	ASSERT_EQ (book (person (1)).status, 201);
	ASSERT_TRUE (wait_outbox (1, [] (const OutboxRow &r) {
		return r.attempts >= 1 && r.status != "sending";
	})) << describe (outbox ());
	auto rows = outbox ();
	EXPECT_EQ (rows[0].status, "queued") << describe (rows);
	EXPECT_TRUE (rows[0].has_error);
	EXPECT_EQ (smtp->delivered (), 0u);
}

/* ---- 5. a permanent refusal: failed, never tried again ---- */

TEST_F (Mail, PermanentRefusalFailsWithoutRetry)
{
	ASSERT_TRUE (start_smtp ({"--reject"}));
	start_daemon (smtp_config (smtp->port (), "none"));
	ASSERT_EQ (book (person (1)).status, 201);
	ASSERT_TRUE (wait_outbox (1, [] (const OutboxRow &r) { return r.status == "failed"; }))
		<< describe (outbox ());
	/* an hour later (any retry would be due by then), after a round of the mail thread */
	advance_clock (*daemon, 3600);
	auto rows = outbox ();
	ASSERT_EQ (rows.size (), 1u);
	EXPECT_EQ (rows[0].status, "failed");
	EXPECT_EQ (rows[0].attempts, 1);
	EXPECT_NE (rows[0].last_error.find ("550"), std::string::npos) << rows[0].last_error;
	EXPECT_EQ (rows[0].last_error.find ("c1@"), std::string::npos)
		<< "the address is personal data";
	EXPECT_EQ (smtp->journal_count ("MAIL"), 1) << smtp->journal ();
	EXPECT_EQ (smtp->delivered (), 0u);
	EXPECT_EQ (outbox_of (*daemon, "failed").size (), 1u);
	EXPECT_EQ (outbox_of (*daemon, "queued").size (), 0u);
}

/* ---- 6. killed in the middle of a send: everything goes once after the restart ---- */

TEST_F (Mail, SigkillDuringASendLosesAndDuplicatesNothing)
{
	/* a server that accepts the connection and never answers: the mail thread hangs in
	 * the middle of the first message while more are queued behind it */
	HeldPort held;
	int port = held.port ();
	ASSERT_TRUE (start_smtp ({"--hang"}, &held, "hang"));
	start_daemon (smtp_config (port, "none"));
	const int n = 4;
	std::set<std::string> emails;
	for (int i = 1; i <= n; i++) {
		HttpResult r = book (person (i), i <= 3 ? "10:00" : "10:15");
		ASSERT_EQ (r.status, 201) << r.body;
		emails.insert (person (i).email);
	}
	ASSERT_TRUE (wait_until (
		[&] () {
			auto rows = outbox ();
			return rows.size () == (size_t) n &&
			       std::any_of (rows.begin (), rows.end (), [] (const OutboxRow &r) {
				       return r.status == "sending";
			       });
		},
		10))
		<< describe (outbox ());
	auto before = outbox ();
	std::set<std::string> ids;
	for (const auto &r : before) {
		EXPECT_TRUE (r.status == "sending" || r.status == "queued") << describe (before);
		EXPECT_LE (r.attempts, 1);
		ids.insert (r.message_id);
	}
	EXPECT_EQ (ids.size (), (size_t) n);
	EXPECT_EQ (daemon->stop (SIGKILL), -SIGKILL);

	smtp->stop ();
	ASSERT_TRUE (start_smtp ({}, &held));
	ASSERT_EQ (smtp->port (), port);
	daemon = std::make_unique<Daemon> (dir.file ("state"),
					   std::vector<std::string>{"--demo", "--config",
								    dir.file ("thaogod.conf")},
					   tg_test::with_test_now ());
	ASSERT_TRUE (wait_delivered (n)) << describe (outbox ()) << smtp->journal ();
	EXPECT_NE (daemon->stderr_text ().find ("left sending by the last run are queued again"),
		   std::string::npos)
		<< daemon->stderr_text ();
	ASSERT_TRUE (wait_outbox (n, [] (const OutboxRow &r) { return r.status == "sent"; }))
		<< describe (outbox ());
	/* an hour later and a round of the mail thread: nothing is sent twice */
	advance_clock (*daemon, 3600);
	auto mails = smtp->messages ();
	ASSERT_EQ (mails.size (), (size_t) n);
	std::map<std::string, int> by_id;
	std::set<std::string> to, peers;
	for (const auto &m : mails) {
		by_id[jstr (m.info.get (), "message_id")]++;
		auto rcpt = jstrings (m.envelope.get (), "rcpt_tos");
		EXPECT_EQ (rcpt.size (), 1u);
		to.insert (rcpt.empty () ? "" : rcpt[0]);
		peers.insert (std::to_string (jint (m.envelope.get (), "peer")));
	}
	for (const auto &[mid, count] : by_id)
		EXPECT_EQ (count, 1) << mid << " delivered " << count << " times";
	std::set<std::string> delivered_ids;
	for (const auto &[mid, count] : by_id)
		delivered_ids.insert (mid);
	EXPECT_EQ (delivered_ids, ids)
		<< "the same messages, with the Message-IDs they had before the crash";
	EXPECT_EQ (to, emails);
	/* they were all due at the restart: one batch, one connection */
	EXPECT_EQ (peers.size (), 1u) << smtp->journal ();
	for (const auto &r : outbox ())
		EXPECT_LE (r.attempts, 2) << describe (outbox ());
}

/* ---- 7. no SMTP server: the spool folder ---- */

TEST_F (Mail, SpoolFolderHoldsEveryKindOfMessage)
{
	start_daemon ("");
	std::string spool = dir.file ("state/spool");
	Person a = person (1), b = person (2), c = person (3), d = person (4);
	HttpResult ra = book (a);
	ASSERT_EQ (ra.status, 201) << ra.body;
	ASSERT_TRUE (wait_outbox (1, [] (const OutboxRow &r) { return r.status == "sent"; }))
		<< describe (outbox ());
	auto rows = outbox ();
	/* one file per message, named after its Message-ID, readable by the daemon only */
	std::string mid = rows[0].message_id; /* <received.HEX@thaogo> */
	std::string file = spool + "/" + mid.substr (1, mid.size () - 2);
	file.replace (file.rfind ('@'), 1, "_");
	file += ".eml";
	GStatBuf st;
	ASSERT_EQ (g_stat (file.c_str (), &st), 0) << file;
	EXPECT_EQ (st.st_mode & 0777, 0600u);
	ASSERT_EQ (g_stat (spool.c_str (), &st), 0);
	EXPECT_EQ (st.st_mode & 0077, 0u) << "the spool folder is open to others";
	Ptr<JsonNode> m = read_message (file);
	EXPECT_EQ (jstr (m.get (), "message_id"), mid);
	EXPECT_EQ (jstr (m.get (), "to.0.address"), a.email);
	EXPECT_EQ (jstr (m.get (), "to.0.name"), a.name);
	EXPECT_EQ (jstr (m.get (), "content_type"), "multipart/alternative");
	EXPECT_EQ (jstr (m.get (), "auto_submitted"), "auto-generated");
	EXPECT_TRUE (jbool (m.get (), "crlf"));

	/* confirmed (a), a full slot (a, b, c) with d waiting, b cancels: d is promoted;
	 * then the unit cancels the session: a, c and d are told */
	ASSERT_EQ (tg_test::http ("POST", daemon->url () + "/api/v1/bookings/" +
						  ra.str ("booking.id") +
						  "/confirm?token=" + ra.str ("manage_token"))
			   .status,
		   200);
	HttpResult rb = book (b);
	ASSERT_EQ (rb.status, 201) << rb.body;
	ASSERT_EQ (book (c).status, 201);
	HttpResult rd = book (d, "10:00", true);
	ASSERT_EQ (rd.status, 201) << rd.body;
	ASSERT_EQ (rd.str ("booking.status"), "waitlisted")
		<< "the slot should hold 3: " << rd.body;
	ASSERT_EQ (tg_test::http ("POST", daemon->url () + "/api/v1/bookings/" +
						  rb.str ("booking.id") +
						  "/cancel?token=" + rb.str ("manage_token"))
			   .status,
		   200);
	HttpResult x = daemon->call ("POST", "/api/v1/occurrences/" + occ + "/cancel",
				     "{\"reason\":\"Lãnh đạo đi công tác\"}");
	ASSERT_EQ (x.status, 200) << x.body;
	/* received a, b, c; waitlisted d; confirmed a; promoted d; cancelled a, c, d */
	ASSERT_TRUE (wait_outbox (9, [] (const OutboxRow &r) { return r.status == "sent"; }))
		<< describe (outbox ());
	/* the reminders of a and d, queued for the day before, went with the session */
	std::vector<std::string> reminders;
	for (const auto &r : outbox_of (*daemon)) {
		if (r.kind == "reminder")
			reminders.push_back (r.status);
	}
	EXPECT_EQ (reminders, (std::vector<std::string>{"superseded", "superseded"}))
		<< describe (outbox_of (*daemon));

	std::map<std::string, std::set<std::string>> to_by_kind;
	std::map<std::string, std::string> subject_by_kind;
	GDir *dh = g_dir_open (spool.c_str (), 0, nullptr);
	ASSERT_NE (dh, nullptr);
	const gchar *name;
	int files = 0;
	while ((name = g_dir_read_name (dh)) != nullptr) {
		std::string path = spool + "/" + name;
		EXPECT_TRUE (g_str_has_suffix (name, ".eml")) << name;
		ASSERT_EQ (g_stat (path.c_str (), &st), 0);
		EXPECT_EQ (st.st_mode & 0777, 0600u) << name;
		Ptr<JsonNode> info = read_message (path);
		std::string kind = std::string (name).substr (0, std::string (name).find ('.'));
		to_by_kind[kind].insert (jstr (info.get (), "to.0.address"));
		subject_by_kind[kind] = jstr (info.get (), "subject");
		bool calendar = kind == "confirmed" || kind == "promoted";
		EXPECT_EQ (jlen (info.get (), "calendar.vevents"), calendar ? 1u : 0u) << name;
		if (kind == "cancelled") {
			EXPECT_NE (jstr (info.get (), "parts.0.text").find ("Lãnh đạo đi công tác"),
				   std::string::npos)
				<< jstr (info.get (), "parts.0.text");
		}
		files++;
	}
	g_dir_close (dh);
	EXPECT_EQ (files, 9);
	EXPECT_EQ (to_by_kind["waitlisted"], (std::set<std::string>{d.email}));
	EXPECT_EQ (to_by_kind["received"], (std::set<std::string>{a.email, b.email, c.email}));
	EXPECT_EQ (to_by_kind["confirmed"], (std::set<std::string>{a.email}));
	EXPECT_EQ (to_by_kind["promoted"], (std::set<std::string>{d.email}));
	EXPECT_EQ (to_by_kind["cancelled"], (std::set<std::string>{a.email, c.email, d.email}));
	EXPECT_NE (subject_by_kind["promoted"],
		   "A seat has freed up: your appointment is confirmed")
		<< "the subject of a Vietnamese booking is English: po/vi.po lacks its translation";
	EXPECT_NE (subject_by_kind["cancelled"], "Your appointment has been cancelled")
		<< "the subject of a Vietnamese booking is English: po/vi.po lacks its translation";
}

TEST_F (Mail, OutboxIsForAdministratorsOnly)
{
	start_daemon ("");
	std::string none;
	EXPECT_EQ (daemon->call ("GET", "/api/v1/outbox", "", &none).status, 401);
	std::string secretary =
		daemon->call ("POST", "/api/v1/tokens", "{\"role\":\"secretary\",\"unit\":\"74\"}")
			.str ("token");
	ASSERT_FALSE (secretary.empty ());
	EXPECT_EQ (daemon->call ("GET", "/api/v1/outbox", "", &secretary).status, 403);
	HttpResult bad = daemon->call ("GET", "/api/v1/outbox?status=lost");
	EXPECT_EQ (bad.status, 422) << bad.body;
	EXPECT_EQ (bad.str ("error.field"), "status");
	/* the recipient itself is not shown, only its domain */
	ASSERT_EQ (book (person (1)).status, 201);
	ASSERT_TRUE (wait_outbox (1, [] (const OutboxRow &r) { return r.status == "sent"; }));
	HttpResult list = daemon->call ("GET", "/api/v1/outbox?status=sent");
	EXPECT_EQ (list.body.find ("c1@"), std::string::npos) << list.body;
	EXPECT_NE (list.body.find ("example.vn"), std::string::npos) << list.body;
}

/* the link in a message must reach the daemon; with --listen 127.0.0.1:0 and no public_url
 * the HTTP side uses the port it got, the mail side the configured 0 */
TEST_F (Mail, LinksUseTheRealPortWithoutAPublicUrl)
{
	start_daemon ("");
	HttpResult r = book (person (1));
	ASSERT_EQ (r.status, 201);
	ASSERT_TRUE (wait_outbox (1, [] (const OutboxRow &row) { return row.status == "sent"; }));
	std::string mid = outbox ()[0].message_id;
	std::string file = dir.file ("state/spool/") + mid.substr (1, mid.size () - 2) + ".eml";
	file.replace (file.rfind ('@'), 1, "_");
	Ptr<JsonNode> m = read_message (file);
	std::string link =
		daemon->url () + "/b/" + r.str ("booking.id") + "?token=" + r.str ("manage_token");
	EXPECT_NE (jstr (m.get (), "parts.0.text").find (link), std::string::npos)
		<< jstr (m.get (), "parts.0.text");
}

/* thaogod.conf documents from= with a display name: "Thaogo <thaogo@example.gov.vn>" */
TEST_F (Mail, FromWithADisplayName)
{
	ASSERT_TRUE (start_smtp ({}));
	/* G_DEBUG= : the bug takes the g_warning path */
	start_daemon ("[smtp]\nurl=smtp://127.0.0.1:" + std::to_string (smtp->port ()) +
			      "\ntls=none\nfrom=Thaogo <thaogo@example.gov.vn>\n",
		      {"G_DEBUG="});
	ASSERT_EQ (book (person (1)).status, 201);
	ASSERT_TRUE (wait_delivered (1)) << describe (outbox ()) << daemon->stderr_text ();
	auto mails = smtp->messages ();
	EXPECT_EQ (jstr (mails[0].envelope.get (), "mail_from"), "thaogo@example.gov.vn");
	EXPECT_EQ (jstr (mails[0].info.get (), "from.0.address"), "thaogo@example.gov.vn");
	EXPECT_EQ (jstr (mails[0].info.get (), "from.0.name"), "Thaogo");
}

/* ---- 8. header and SMTP injection ---- */

TEST_F (Mail, InjectionIsRefusedAndTheEnvelopeHasOneRecipient)
{
	ASSERT_TRUE (start_smtp ({}));
	start_daemon (smtp_config (smtp->port (), "none"));
	struct Attempt {
		std::string name, email, field;
	};
	std::vector<Attempt> attempts = {
		{"Công dân 1", "a@b.vn\r\nRCPT TO:<x@y.vn>", "requester.email"},
		{"Công dân 1", "a@b.vn\nRCPT TO:<x@y.vn>", "requester.email"},
		{"Công dân 1", "a@b.vn>\r\nRCPT TO:<x@y.vn", "requester.email"},
		{"Công dân 1", "a@b.vn,x@y.vn", "requester.email"},
		{"Công dân 1", "a@b.vn x@y.vn", "requester.email"},
		{"Công dân 1", "\"a\r\nb\"@b.vn", "requester.email"},
		{"Name\r\nBcc: x@y.vn", "a@b.vn", "requester.name"},
		{"Name\nBcc: x@y.vn", "a@b.vn", "requester.name"},
		{"Name\rBcc: x@y.vn", "a@b.vn", "requester.name"},
	};
	int n = 10;
	for (const auto &a : attempts) {
		Person p = person (n++);
		p.name = a.name;
		p.email = a.email;
		HttpResult r = book (p);
		EXPECT_EQ (r.status, 422) << a.name << " / " << a.email << ": " << r.body;
		EXPECT_EQ (r.str ("error.field"), a.field) << r.body;
	}
	/* a round of the mail thread: nothing was queued, nothing reached the server */
	advance_clock (*daemon, 0);
	EXPECT_EQ (outbox ().size (), 0u) << describe (outbox ());
	EXPECT_EQ (smtp->journal_count ("MAIL"), 0) << smtp->journal ();
	EXPECT_EQ (smtp->journal_count ("RCPT"), 0) << smtp->journal ();

	/* a valid booking whose name looks like addresses: one recipient, in the envelope and
	 * in the To: header */
	Person tricky = person (1);
	tricky.name = "Lê Văn Tèo <x@y.vn>, Bcc: z@y.vn";
	HttpResult r = book (tricky);
	if (r.status == 422) {
		/* a name with < > is refused: a plain one then */
		tricky.name = "Lê Văn Tèo, x@y.vn";
		r = book (tricky);
	}
	if (r.status == 422) {
		tricky.name = "Lê Văn Tèo";
		r = book (tricky);
	}
	ASSERT_EQ (r.status, 201) << r.body;
	ASSERT_TRUE (wait_delivered (1)) << describe (outbox ());
	auto mails = smtp->messages ();
	ASSERT_EQ (mails.size (), 1u);
	EXPECT_EQ (jstrings (mails[0].envelope.get (), "rcpt_tos"),
		   std::vector<std::string>{tricky.email});
	EXPECT_EQ (smtp->journal_count ("RCPT"), 1) << smtp->journal ();
	JsonNode *m = mails[0].info.get ();
	ASSERT_EQ (jlen (m, "to"), 1u) << jstr (m, "raw_headers.to.0");
	EXPECT_EQ (jstr (m, "to.0.address"), tricky.email);
	EXPECT_EQ (jstr (m, "to.0.name"), tricky.name);
	EXPECT_EQ (jlen (m, "raw_headers.bcc"), 0u);
	EXPECT_EQ (jlen (m, "raw_headers.cc"), 0u);
	EXPECT_EQ (jlen (m, "defects"), 0u);
}

/* ---- 3 and 4. retries after a failure ----
 *
 * The first retry waits (30 s documented, see FirstRetryWaits30Seconds): the daemon's clock
 * is moved past it. */

struct RetryScenario {
	tg_test::TempDir dir;
	std::unique_ptr<SmtpServer> smtp;
	std::unique_ptr<Daemon> daemon;
	std::unique_ptr<HeldPort> held; /* (nullable) the port where nothing listens at first */
	int port = 0;
	OutboxRow first;               /* the row after the first, failed attempt */
	size_t delivered_at_first = 0; /* what the server had then */
	std::string problem;           /* why the scenario could not be set up */

	void start_daemon ()
	{
		std::string path = dir.file ("thaogod.conf");
		std::string config =
			"[booking]\nrate_limit_per_hour=0\n" + smtp_config (port, "none");
		g_file_set_contents (path.c_str (), config.c_str (), -1, nullptr);
		daemon = std::make_unique<Daemon> (dir.file ("state"),
						   std::vector<std::string>{"--demo", "--config",
									    path},
						   tg_test::with_test_now ());
	}
	/* one booking; waits for its first attempt to fail */
	void book_and_fail ()
	{
		std::string occ = open_occurrence (*daemon);
		HttpResult r = tg_test::http ("POST", daemon->url () + "/api/v1/bookings",
					      booking_body (occ, "10:00", person (1)));
		if (r.status != 201) {
			problem = "booking: " + r.body;
			return;
		}
		bool ok = wait_until (
			[&] () {
				auto rows = outbox_of (*daemon);
				return rows.size () == 1 && rows[0].status == "queued" &&
				       rows[0].attempts >= 1;
			},
			15);
		auto rows = outbox_of (*daemon);
		if (!ok || rows.empty ()) {
			problem = "the first attempt did not fail: " + describe (rows);
			return;
		}
		first = rows[0];
		delivered_at_first = smtp ? smtp->delivered () : 0;
	}
	/* moves the clock a minute on, past the first retry, and waits for it to deliver */
	bool wait_sent ()
	{
		advance_clock (*daemon, 60);
		return wait_until (
			[&] () {
				auto rows = outbox_of (*daemon);
				return rows.size () == 1 && rows[0].status == "sent" &&
				       smtp->delivered () >= 1;
			},
			15);
	}
};

class Retry : public ::testing::Test
{
      protected:
	static std::unique_ptr<RetryScenario> down;  /* nothing listens, then a server comes */
	static std::unique_ptr<RetryScenario> flaky; /* the first DATA is answered 451 */

	static void SetUpTestSuite ()
	{
		if (!tg_test::has_test_hooks ())
			return;
		down = std::make_unique<RetryScenario> ();
		down->held = std::make_unique<HeldPort> ();
		down->port = down->held->port ();
		down->start_daemon ();
		flaky = std::make_unique<RetryScenario> ();
		flaky->smtp = std::make_unique<SmtpServer> (flaky->dir.file ("smtp"),
							    std::vector<std::string>{"--fail-first",
										     "1"});
		flaky->port = flaky->smtp->port ();
		flaky->start_daemon ();

		down->book_and_fail ();
		/* the server comes up on the port the daemon tried */
		down->smtp = std::make_unique<SmtpServer> (down->dir.file ("smtp"),
							   std::vector<std::string>{},
							   down->held.get ());
		flaky->book_and_fail ();
	}
	static void TearDownTestSuite ()
	{
		down.reset ();
		flaky.reset ();
	}

	void SetUp () override
	{
		TG_TEST_SKIP_WITHOUT_HOOKS ();
	}
};

std::unique_ptr<RetryScenario> Retry::down;
std::unique_ptr<RetryScenario> Retry::flaky;

TEST_F (Retry, ServerDownThenUpDeliversExactlyOnce)
{
	ASSERT_TRUE (down->problem.empty ()) << down->problem;
	EXPECT_EQ (down->first.status, "queued");
	EXPECT_EQ (down->first.attempts, 1);
	EXPECT_TRUE (down->first.has_error);
	EXPECT_FALSE (down->first.last_error.empty ());
	ASSERT_EQ (down->smtp->port (), down->port);
	ASSERT_TRUE (down->wait_sent ()) << describe (outbox_of (*down->daemon));
	/* an hour later, after a round of the mail thread: sent once */
	advance_clock (*down->daemon, 3600);
	auto rows = outbox_of (*down->daemon);
	ASSERT_EQ (rows.size (), 1u);
	EXPECT_EQ (rows[0].status, "sent");
	EXPECT_EQ (rows[0].attempts, 2);
	EXPECT_EQ (rows[0].message_id, down->first.message_id);
	auto mails = down->smtp->messages ();
	ASSERT_EQ (mails.size (), 1u);
	EXPECT_EQ (jstr (mails[0].info.get (), "message_id"), down->first.message_id);
	EXPECT_EQ (down->smtp->journal_count ("DATA"), 1) << down->smtp->journal ();
}

TEST_F (Retry, Transient451IsRetriedWithTheSameMessageId)
{
	ASSERT_TRUE (flaky->problem.empty ()) << flaky->problem;
	EXPECT_EQ (flaky->first.status, "queued");
	EXPECT_EQ (flaky->first.attempts, 1);
	EXPECT_NE (flaky->first.last_error.find ("451"), std::string::npos)
		<< flaky->first.last_error;
	EXPECT_EQ (flaky->delivered_at_first, 0u);
	ASSERT_TRUE (flaky->wait_sent ()) << describe (outbox_of (*flaky->daemon));
	/* an hour later, after a round of the mail thread: sent once */
	advance_clock (*flaky->daemon, 3600);
	auto rows = outbox_of (*flaky->daemon);
	ASSERT_EQ (rows.size (), 1u);
	EXPECT_EQ (rows[0].status, "sent");
	EXPECT_EQ (rows[0].attempts, 2);
	auto refused = flaky->smtp->messages ("rejected-");
	auto mails = flaky->smtp->messages ();
	ASSERT_EQ (refused.size (), 1u);
	ASSERT_EQ (mails.size (), 1u);
	std::string mid = jstr (mails[0].info.get (), "message_id");
	EXPECT_EQ (mid, jstr (refused[0].info.get (), "message_id"));
	EXPECT_EQ (mid, flaky->first.message_id);
	/* the very same message, byte for byte */
	EXPECT_EQ (tg_test::read_file (mails[0].eml), tg_test::read_file (refused[0].eml));
	EXPECT_EQ (flaky->smtp->journal_count ("DATA"), 2) << flaky->smtp->journal ();
}

/* the code says "30 s, 1 min, 2 min ... up to 6 h" */
TEST_F (Retry, FirstRetryWaits30Seconds)
{
	for (auto *s : {down.get (), flaky.get ()}) {
		ASSERT_TRUE (s->problem.empty ()) << s->problem;
		gint64 wait =
			rfc3339_seconds (s->first.due_at) - rfc3339_seconds (s->first.created_at);
		EXPECT_GE (wait, 25) << s->first.created_at << " -> " << s->first.due_at;
		EXPECT_LE (wait, 35) << s->first.created_at << " -> " << s->first.due_at;
	}
}

/* ---- 9. reminders, meeting reminders and the secretaries' lists, with an injected clock ---- */

static gint64
at (const char *rfc3339)
{
	return rfc3339_seconds (rfc3339) * G_USEC_PER_SEC;
}

/* the engine in this process, with a clock of its own, sending to the test's SMTP server */
class Reminders : public ::testing::Test
{
      protected:
	tg_test::TempDir dir;
	std::unique_ptr<SmtpServer> smtp;
	Ptr<TgStore> store;
	Ptr<TgClock> clock;
	Ptr<TgEngine> engine;
	Ptr<TgToken> admin;
	/* Monday 2027-03-01: meeting 08:00, reception 10:00; "now" is a week before */
	const char *occ = "74-20270301";

	void SetUp () override
	{
		GError *error = nullptr;
		smtp = std::make_unique<SmtpServer> (dir.file ("smtp"));
		ASSERT_NE (smtp->port (), 0);
		std::string path = dir.file ("thaogo.db");
		store.reset (tg_store_open (path.c_str (), &error));
		ASSERT_NE (store, nullptr);
		clock.reset (tg_clock_new_fixed (at ("2027-02-22T09:00:00+07:00")));
		engine.reset (tg_engine_new (store.get (), clock.get ()));
		TgEngineOptions o = {FALSE, 30, 365, 24, 72};
		tg_engine_set_options (engine.get (), &o);
		std::string units = tg_test::top_srcdir_file ("data/units/binh-duong-2023.tsv");
		ASSERT_TRUE (
			tg_engine_load_units_file (engine.get (), units.c_str (), nullptr, &error));
		Ptr<TgSeries> s (tg_series_new_default ("74"));
		g_ptr_array_add (s->participants,
				 tg_participant_new ("Trần Thị Bí Thư", "bithu@example.gov.vn",
						     "Chủ tịch"));
		g_ptr_array_add (s->participants,
				 tg_participant_new ("Lê Văn Sở", "so@example.gov.vn", nullptr));
		g_ptr_array_add (s->participants,
				 tg_participant_new ("Không Thư", nullptr, nullptr));
		ASSERT_TRUE (tg_store_put_series (store.get (), s.get (), nullptr));
		admin.reset (tg_token_new ());
		admin->role = TG_ROLE_ADMIN;
		std::string url = "smtp://127.0.0.1:" + std::to_string (smtp->port ());
		std::string spool = dir.file ("spool");
		TgMailSettings mail = {url.c_str (), FALSE,          nullptr, nullptr,
				       nullptr,      spool.c_str (), 10};
		ASSERT_TRUE (tg_engine_start_mail (engine.get (), &mail, "thaogo@example.gov.vn",
						   PUBLIC_URL, &error))
			<< error->message;
	}
	void TearDown () override
	{
		if (engine != nullptr)
			tg_engine_stop_mail (engine.get ());
	}

	Ptr<TgBooking> book (int n, gint slot = 600)
	{
		Ptr<TgBooking> b (tg_booking_new ());
		b->requester.kind = TG_REQUESTER_CITIZEN;
		b->requester.name = g_strdup_printf ("Công dân %d", n);
		b->requester.phone = g_strdup_printf ("09123456%02d", n);
		b->requester.email = g_strdup_printf ("c%d@example.vn", n);
		b->category = g_strdup ("late_dossier");
		b->dossier_code = n == 1 ? g_strdup ("000.00.01.H57-270201-0001") : nullptr;
		b->language = g_strdup ("vi");
		b->consent_at = 1;
		gchar *secret = nullptr;
		GError *error = nullptr;
		Ptr<TgBooking> out (tg_engine_create_booking (engine.get (), b.get (), occ, slot,
							      FALSE, &secret, nullptr, &error));
		EXPECT_NE (out, nullptr) << (error != nullptr ? error->message : "");
		g_clear_error (&error);
		secrets[out != nullptr ? out->id : ""] = secret != nullptr ? secret : "";
		g_free (secret);
		return out;
	}

	/* the mail thread sees the new time at once (the clock's watch wakes it) */
	void set_now (const char *rfc3339)
	{
		tg_clock_set (clock.get (), at (rfc3339));
	}
	/* a round of the mail thread that began now has ended */
	bool mail_round ()
	{
		return tg_engine_wait_mail_round (engine.get (), 10 * G_USEC_PER_SEC);
	}

	/* @id (the only booking, confirmed and told once) was ended by the unit, its person told
	 * with @reason, its reminder superseded; returns the message's text */
	std::string expect_ended_and_told (const std::string &id, const std::string &reason)
	{
		Ptr<TgBooking> ended (tg_store_get_booking (store.get (), id.c_str (), nullptr));
		EXPECT_EQ (ended->status, TG_BOOKING_CANCELLED_BY_UNIT);
		EXPECT_TRUE (wait_delivered (2));
		auto told = delivered_of ("cancelled");
		EXPECT_EQ (told.size (), 1u);
		if (told.empty ())
			return "";
		std::string text = jstr (told[0].info.get (), "parts.0.text");
		EXPECT_NE (text.find (reason), std::string::npos) << text;
		auto r = rows ("reminder");
		EXPECT_EQ (r.size (), 1u);
		if (!r.empty ()) {
			EXPECT_EQ (r[0].first, "superseded");
		}
		return text;
	}
	bool wait_delivered (size_t n)
	{
		return wait_until ([&] () { return smtp->delivered () >= n; }, 15);
	}

	/* the outbox rows of @kind: "status due_at" */
	std::vector<std::pair<std::string, gint64>> rows (const std::string &kind)
	{
		std::vector<std::pair<std::string, gint64>> out;
		Ptr<GPtrArray> all (tg_store_list_outbox (store.get (), nullptr, 1000, nullptr));
		for (guint i = all->len; i-- > 0;) {
			auto *m = (TgOutboxMessage *) g_ptr_array_index (all.get (), i);
			if (kind == m->kind)
				out.push_back ({m->status, m->due_at});
		}
		return out;
	}

	std::vector<Delivered> delivered_of (const std::string &kind)
	{
		std::vector<Delivered> out;
		for (auto &d : smtp->messages ()) {
			if (jstr (d.info.get (), "message_id").rfind ("<" + kind + ".", 0) == 0)
				out.push_back (std::move (d));
		}
		return out;
	}

	std::map<std::string, std::string> secrets;
};

TEST_F (Reminders, ReminderFollowsAMoveAndIsSentOnceAtItsTime)
{
	auto kept = book (1);
	auto dropped = book (2, 615);
	ASSERT_NE (kept, nullptr);
	ASSERT_NE (dropped, nullptr);
	ASSERT_EQ (kept->status, TG_BOOKING_CONFIRMED);
	/* confirmed now, reminded 24 h before 10:00 */
	ASSERT_TRUE (wait_delivered (2));
	auto r = rows ("reminder");
	ASSERT_EQ (r.size (), 2u);
	EXPECT_EQ (r[0], std::make_pair (std::string ("queued"), at ("2027-02-28T10:00:00+07:00")));
	EXPECT_EQ (r[1], std::make_pair (std::string ("queued"), at ("2027-02-28T10:15:00+07:00")));

	/* the second person cancels: no reminder for a cancelled booking */
	GError *error = nullptr;
	Ptr<TgBooking> c (tg_engine_cancel_booking (engine.get (), dropped->id,
						    secrets[dropped->id].c_str (), nullptr,
						    &error));
	ASSERT_NE (c, nullptr) << error->message;

	/* the session moves to Tuesday: the old reminder is superseded, a new one queued */
	Ptr<TgOccurrence> moved (tg_engine_move_occurrence (engine.get (), admin.get (), occ,
							    "2027-03-02", -1, -1,
							    "Trùng lịch họp Tỉnh ủy", &error));
	ASSERT_NE (moved, nullptr) << error->message;
	r = rows ("reminder");
	ASSERT_EQ (r.size (), 3u);
	EXPECT_EQ (r[0].first, "superseded");
	EXPECT_EQ (r[1].first, "superseded") << "the cancelled booking's reminder";
	EXPECT_EQ (r[2], std::make_pair (std::string ("queued"), at ("2027-03-01T10:00:00+07:00")));
	/* the person still booked is told of the move (not the one who cancelled) */
	ASSERT_TRUE (wait_delivered (3));
	auto told = delivered_of ("moved");
	ASSERT_EQ (told.size (), 1u);
	EXPECT_EQ (jstr (told[0].envelope.get (), "rcpt_tos.0"), "c1@example.vn");
	std::string text = jstr (told[0].info.get (), "parts.0.text");
	EXPECT_NE (text.find ("10:00 ngày 02/03/2027"), std::string::npos) << text;
	EXPECT_NE (text.find ("Trùng lịch họp Tỉnh ủy"), std::string::npos) << text;

	/* the old time comes: nothing is sent (by the round of the mail thread that saw it) */
	set_now ("2027-02-28T10:00:30+07:00");
	EXPECT_TRUE (mail_round ());
	EXPECT_EQ (smtp->delivered (), 3u);

	/* the new time comes: the reminder, once, of the new day */
	set_now ("2027-03-01T10:00:30+07:00");
	ASSERT_TRUE (wait_delivered (4));
	EXPECT_TRUE (mail_round ());
	auto reminders = delivered_of ("reminder");
	ASSERT_EQ (reminders.size (), 1u);
	EXPECT_EQ (smtp->delivered (), 4u);
	JsonNode *m = reminders[0].info.get ();
	EXPECT_EQ (jstr (m, "to.0.address"), "c1@example.vn");
	EXPECT_EQ (jstr (m, "subject"), "Nhắc lịch: cuộc hẹn của bạn lúc 10:00 ngày 02/03/2027");
	text = jstr (m, "parts.0.text");
	EXPECT_NE (text.find ("10:00 ngày 02/03/2027"), std::string::npos) << text;
	EXPECT_NE (text.find ("Số thứ tự của bạn là 1."), std::string::npos) << text;
	r = rows ("reminder");
	EXPECT_EQ (r[2].first, "sent");
}

TEST_F (Reminders, NoReminderWhenConfirmedWithinItsLeadTime)
{
	set_now ("2027-02-28T12:00:00+07:00");
	auto late = book (1);
	ASSERT_NE (late, nullptr);
	ASSERT_TRUE (wait_delivered (1));
	EXPECT_TRUE (rows ("reminder").empty ());
	EXPECT_EQ (delivered_of ("confirmed").size (), 1u);
}

/* the reminder was queued for Monday 10:00; that Monday is then declared a day off and the
 * session moves to Tuesday by its holiday policy: the people are told, the old reminder is
 * superseded and never sent, the new one goes out 24 h before Tuesday 10:00 */
TEST_F (Reminders, AHolidayDecisionThatMovesABookedSessionTellsItsPeople)
{
	auto b = book (1);
	ASSERT_NE (b, nullptr);
	ASSERT_TRUE (wait_delivered (1));
	Ptr<TgHolidayDecision> off (tg_holiday_decision_new ("2027-03-01", TRUE, "Nghỉ bù"));
	GError *error = nullptr;
	ASSERT_TRUE (
		tg_engine_put_holiday_decision (engine.get (), admin.get (), off.get (), &error))
		<< error->message;
	Ptr<TgOccurrence> moved (tg_engine_get_occurrence (engine.get (), occ, nullptr));
	ASSERT_STREQ (moved->date, "2027-03-02");
	auto r = rows ("reminder");
	ASSERT_EQ (r.size (), 2u);
	EXPECT_EQ (r[0].first, "superseded");
	EXPECT_EQ (r[1], std::make_pair (std::string ("queued"), at ("2027-03-01T10:00:00+07:00")));
	ASSERT_TRUE (wait_delivered (2));
	auto told = delivered_of ("moved");
	ASSERT_EQ (told.size (), 1u);
	std::string text = jstr (told[0].info.get (), "parts.0.text");
	EXPECT_NE (text.find ("10:00 ngày 02/03/2027"), std::string::npos) << text;
	EXPECT_NE (text.find ("Nghỉ bù"), std::string::npos) << text;

	/* the old time comes: nothing is sent; the new one: the reminder, once */
	set_now ("2027-02-28T10:00:30+07:00");
	EXPECT_TRUE (mail_round ());
	EXPECT_EQ (smtp->delivered (), 2u);
	set_now ("2027-03-01T10:00:30+07:00");
	ASSERT_TRUE (wait_delivered (3));
	EXPECT_EQ (delivered_of ("reminder").size (), 1u);

	/* the decision is taken back: the session is on Monday again, and they are told */
	ASSERT_TRUE (tg_engine_delete_holiday_decision (engine.get (), admin.get (), "2027-03-01",
							&error))
		<< error->message;
	ASSERT_TRUE (wait_delivered (4));
	EXPECT_EQ (delivered_of ("moved").size (), 2u);
}

/* with the "skip" policy, a day off cancels the booked session: its bookings end as
 * cancelled by the unit and their people are told, with the holiday as the reason */
TEST_F (Reminders, AHolidayDecisionThatCancelsABookedSessionEndsItsBookings)
{
	Ptr<TgSeries> s (tg_series_new_default ("74"));
	s->holiday_policy = TG_HOLIDAY_POLICY_SKIP;
	GError *error = nullptr;
	ASSERT_TRUE (tg_engine_put_series (engine.get (), admin.get (), s.get (), nullptr, &error));
	auto b = book (1);
	ASSERT_NE (b, nullptr);
	ASSERT_TRUE (wait_delivered (1));
	Ptr<TgHolidayDecision> off (tg_holiday_decision_new ("2027-03-01", TRUE, "Nghỉ bù"));
	ASSERT_TRUE (
		tg_engine_put_holiday_decision (engine.get (), admin.get (), off.get (), &error))
		<< error->message;
	expect_ended_and_told (b->id, "Nghỉ bù");
}

/* with the "manual" policy, a day off leaves the booked session to its secretary: the
 * bookings stay until the secretary moves it (then its people are told of the new day) */
TEST_F (Reminders, UnderTheManualPolicyABookedSessionWaitsForItsSecretary)
{
	Ptr<TgSeries> s (tg_series_new_default ("74"));
	s->holiday_policy = TG_HOLIDAY_POLICY_MANUAL;
	GError *error = nullptr;
	ASSERT_TRUE (tg_engine_put_series (engine.get (), admin.get (), s.get (), nullptr, &error));
	auto b = book (1);
	ASSERT_NE (b, nullptr);
	ASSERT_TRUE (wait_delivered (1));
	Ptr<TgHolidayDecision> off (tg_holiday_decision_new ("2027-03-01", TRUE, "Nghỉ bù"));
	ASSERT_TRUE (
		tg_engine_put_holiday_decision (engine.get (), admin.get (), off.get (), &error))
		<< error->message;
	Ptr<TgOccurrence> waiting (tg_engine_get_occurrence (engine.get (), occ, nullptr));
	EXPECT_TRUE (waiting->needs_decision);
	Ptr<TgBooking> kept (tg_store_get_booking (store.get (), b->id, nullptr));
	EXPECT_EQ (kept->status, TG_BOOKING_CONFIRMED);
	EXPECT_TRUE (mail_round ());
	EXPECT_EQ (smtp->delivered (), 1u);
	/* while it waits, the series may not move its bookings either */
	s->reception_start = 14 * 60;
	s->reception_end = 15 * 60 + 30;
	GPtrArray *affected = nullptr;
	EXPECT_FALSE (
		tg_engine_put_series (engine.get (), admin.get (), s.get (), &affected, &error));
	EXPECT_TRUE (g_error_matches (error, TG_ERROR, TG_ERROR_CONFLICT));
	g_clear_error (&error);
	ASSERT_NE (affected, nullptr);
	ASSERT_EQ (affected->len, 1u);
	EXPECT_STREQ ((const char *) g_ptr_array_index (affected, 0), occ);
	g_ptr_array_unref (affected);
	Ptr<TgOccurrence> moved (tg_engine_move_occurrence (engine.get (), admin.get (), occ,
							    "2027-03-03", -1, -1,
							    "Nghỉ bù: họp thứ Tư", &error));
	ASSERT_NE (moved, nullptr) << error->message;
	ASSERT_TRUE (wait_delivered (2));
	EXPECT_EQ (delivered_of ("moved").size (), 1u);
}

/* the unit is reorganised and ends before the booked session: the session goes with it,
 * its bookings end as cancelled by the unit and their people are told why */
TEST_F (Reminders, AUnitThatEndsBeforeABookedSessionTellsItsPeople)
{
	auto b = book (1);
	ASSERT_NE (b, nullptr);
	ASSERT_TRUE (wait_delivered (1));
	/* a new unit succeeds it from that Monday: the old one ends the day before */
	GError *error = nullptr;
	Ptr<TgUnit> next (tg_unit_new ());
	next->code = g_strdup ("99074");
	next->name = g_strdup ("Thành phố Mới");
	next->type = g_strdup ("Thành phố");
	next->level = TG_UNIT_LEVEL_PROVINCE;
	next->valid_from = g_strdup ("2027-03-01");
	g_ptr_array_add (next->predecessors, g_strdup ("74"));
	ASSERT_TRUE (tg_engine_put_unit (engine.get (), admin.get (), next.get (), nullptr, &error))
		<< error->message;
	EXPECT_EQ (tg_engine_get_occurrence (engine.get (), occ, nullptr), nullptr);
	std::string text = expect_ended_and_told (b->id, "sắp xếp lại");
	EXPECT_NE (text.find ("01/03/2027"), std::string::npos) << text;
	/* where to book again: the successor */
	EXPECT_NE (text.find ("/u/99074"), std::string::npos) << text;
}

TEST_F (Reminders, MeetingReminderToParticipantsAndTheListToSecretaries)
{
	GError *error = nullptr;
	/* a secretary of the unit with an email, one without, and one of another unit */
	const char *emails[] = {"thuky@example.gov.vn", nullptr, "khac@example.gov.vn"};
	const char *units[] = {"74", "74", "718"};
	for (int i = 0; i < 3; i++) {
		Ptr<TgToken> req (tg_token_new ());
		req->role = TG_ROLE_SECRETARY;
		req->unit = g_strdup (units[i]);
		req->name = g_strdup ("Thư ký");
		req->email = g_strdup (emails[i]);
		gchar *secret = nullptr;
		Ptr<TgToken> t (tg_engine_create_token (engine.get (), admin.get (), req.get (),
							&secret, &error));
		ASSERT_NE (t, nullptr) << error->message;
		g_free (secret);
	}
	Ptr<TgException> patch (tg_exception_new ("74", "2027-03-01"));
	patch->agenda = g_strdup (
		"1. Hồ sơ trễ hạn của Sở Tài nguyên và Môi trường\n2. Kiến nghị của doanh nghiệp");
	Ptr<TgOccurrence> patched (tg_engine_patch_occurrence (engine.get (), admin.get (), occ,
							       patch.get (), &error));
	ASSERT_NE (patched, nullptr) << error->message;

	/* a week before, after that day's reception: nothing is due */
	set_now ("2027-02-22T11:00:00+07:00");
	EXPECT_EQ (tg_engine_mail_sweep (engine.get (), &error), 0);
	ASSERT_NE (book (1), nullptr);
	ASSERT_NE (book (2, 630), nullptr);
	ASSERT_TRUE (wait_delivered (2));

	/* 72 h before the meeting: one reminder per participant with an address, once */
	set_now ("2027-02-26T08:00:00+07:00");
	EXPECT_EQ (tg_engine_mail_sweep (engine.get (), &error), 2);
	EXPECT_EQ (tg_engine_mail_sweep (engine.get (), &error), 0);
	ASSERT_TRUE (wait_delivered (4));
	auto meetings = delivered_of ("meeting");
	ASSERT_EQ (meetings.size (), 2u);
	std::set<std::string> to;
	for (auto &d : meetings) {
		to.insert (jstr (d.envelope.get (), "rcpt_tos.0"));
		std::string text = jstr (d.info.get (), "parts.0.text");
		EXPECT_NE (text.find ("08:00 ngày 01/03/2027"), std::string::npos) << text;
		EXPECT_NE (text.find ("2. Kiến nghị của doanh nghiệp"), std::string::npos) << text;
	}
	EXPECT_EQ (to, (std::set<std::string>{"bithu@example.gov.vn", "so@example.gov.vn"}));

	/* booking closes 18 h before the reception: the list goes to the unit's secretary */
	set_now ("2027-02-28T15:59:00+07:00");
	EXPECT_EQ (tg_engine_mail_sweep (engine.get (), &error), 0);
	set_now ("2027-02-28T16:00:00+07:00");
	EXPECT_EQ (tg_engine_mail_sweep (engine.get (), &error), 2)
		<< "one list per unit, to its own secretary";
	ASSERT_TRUE (wait_until ([&] () { return delivered_of ("list").size () == 2; }, 15));
	std::map<std::string, std::string> lists;
	for (auto &d : delivered_of ("list"))
		lists[jstr (d.envelope.get (), "rcpt_tos.0")] =
			jstr (d.info.get (), "parts.0.text");
	ASSERT_EQ (lists.size (), 2u);
	EXPECT_NE (lists["khac@example.gov.vn"].find ("Chưa có ai đăng ký buổi tiếp này."),
		   std::string::npos)
		<< lists["khac@example.gov.vn"];
	std::string text = lists["thuky@example.gov.vn"];
	EXPECT_NE (
		text.find (
			"10:00  #1  Công dân 1  0912345601  hồ sơ trễ hạn  000.00.01.H57-270201-0001"),
		std::string::npos)
		<< text;
	EXPECT_NE (text.find ("10:30  #2  Công dân 2"), std::string::npos) << text;
	/* its link opens the secretary's page of the session, never the JSON API */
	EXPECT_NE (text.find (std::string (PUBLIC_URL) + "/secretary/"), std::string::npos) << text;
	EXPECT_EQ (text.find ("/api/"), std::string::npos) << text;

	/* a restart forgets what the sweep did, not what the outbox holds: nothing twice */
	tg_engine_stop_mail (engine.get ());
	std::string url = "smtp://127.0.0.1:" + std::to_string (smtp->port ());
	std::string spool = dir.file ("spool");
	TgMailSettings mail = {url.c_str (), FALSE, nullptr, nullptr, nullptr, spool.c_str (), 10};
	ASSERT_TRUE (tg_engine_start_mail (engine.get (), &mail, "thaogo@example.gov.vn",
					   PUBLIC_URL, &error));
	EXPECT_EQ (tg_engine_mail_sweep (engine.get (), &error), 0);
}

TEST_F (Reminders, ACancelledMeetingSendsNoReminder)
{
	GError *error = nullptr;
	Ptr<TgOccurrence> c (
		tg_engine_cancel_occurrence (engine.get (), admin.get (), occ, "Bão số 3", &error));
	ASSERT_NE (c, nullptr) << error->message;
	set_now ("2027-02-26T08:00:00+07:00");
	EXPECT_EQ (tg_engine_mail_sweep (engine.get (), &error), 0);
}

/* ---- 10. the administrator sends a failed message again ---- */

/* the member names of an object, sorted */
static std::vector<std::string>
member_names (JsonNode *node)
{
	std::vector<std::string> out;
	if (node == nullptr || !JSON_NODE_HOLDS_OBJECT (node))
		return out;
	GList *members = json_object_get_members (json_node_get_object (node));
	for (GList *l = members; l != nullptr; l = l->next)
		out.push_back ((const char *) l->data);
	g_list_free (members);
	std::sort (out.begin (), out.end ());
	return out;
}

static std::string
retry_path (gint64 id)
{
	return "/api/v1/outbox/" + std::to_string (id) + "/retry";
}

class Outbox : public Mail
{
      protected:
	HeldPort held;

	/* a daemon whose SMTP server refuses everything (550), and one booking: its message,
	 * failed */
	OutboxRow fail_one ()
	{
		EXPECT_TRUE (start_smtp ({"--reject"}, &held, "reject"));
		start_daemon (smtp_config (held.port (), "none"));
		EXPECT_EQ (book (person (1)).status, 201);
		EXPECT_TRUE (wait_outbox (1, [] (const OutboxRow &r) {
			return r.status == "failed";
		})) << describe (outbox ());
		auto rows = outbox ();
		return rows.empty () ? OutboxRow () : rows[0];
	}
	/* the server accepts again, on the same port */
	bool accept_again ()
	{
		smtp.reset ();
		return start_smtp ({}, &held, "smtp");
	}
};

TEST_F (Outbox, AdministratorRetriesAFailedMessageOnceWithTheSameMessageId)
{
	const OutboxRow failed = fail_one ();
	ASSERT_EQ (failed.status, "failed");
	EXPECT_NE (failed.last_error.find ("550"), std::string::npos) << failed.last_error;

	/* the server accepts again: nothing is sent until someone asks */
	ASSERT_TRUE (accept_again ());
	std::string none;
	HttpResult r = daemon->call ("POST", retry_path (failed.id), "", &none);
	EXPECT_EQ (r.status, 401) << r.body;
	std::string secretary =
		daemon->call ("POST", "/api/v1/tokens", "{\"role\":\"secretary\",\"unit\":\"74\"}")
			.str ("token");
	ASSERT_FALSE (secretary.empty ());
	r = daemon->call ("POST", retry_path (failed.id), "", &secretary);
	EXPECT_EQ (r.status, 403) << r.body;
	EXPECT_EQ (r.str ("error.code"), "forbidden");
	/* a day later, after a round of the mail thread: still failed */
	advance_clock (*daemon, 86400);
	EXPECT_EQ (outbox ()[0].status, "failed");
	EXPECT_EQ (smtp->journal_count ("MAIL"), 0) << smtp->journal ();

	/* the administrator's retry: the same row, queued at once, its error forgotten */
	r = daemon->call ("POST", retry_path (failed.id));
	ASSERT_EQ (r.status, 200) << r.body;
	EXPECT_EQ (jint (r.json (), "message.id"), failed.id);
	EXPECT_EQ (r.str ("message.message_id"), failed.message_id);
	std::string status = r.str ("message.status");
	EXPECT_TRUE (status == "queued" || status == "sending" || status == "sent") << r.body;
	HttpResult list = daemon->call ("GET", "/api/v1/outbox");
	EXPECT_EQ (member_names (jget (r.json (), "message")),
		   member_names (jget (list.json (), "messages.0")))
		<< r.body << "\n"
		<< list.body;
	EXPECT_EQ (r.body.find ("c1@"), std::string::npos) << "the address is personal data";

	ASSERT_TRUE (wait_outbox (1, [] (const OutboxRow &row) { return row.status == "sent"; }))
		<< describe (outbox ());
	ASSERT_TRUE (wait_delivered (1));
	/* an hour later, after a round of the mail thread: still once */
	advance_clock (*daemon, 3600);
	auto rows = outbox ();
	ASSERT_EQ (rows.size (), 1u);
	EXPECT_EQ (rows[0].id, failed.id);
	EXPECT_EQ (rows[0].message_id, failed.message_id);
	EXPECT_EQ (rows[0].attempts, 1) << "the attempts start again from 0";
	EXPECT_FALSE (rows[0].has_error);
	auto mails = smtp->messages ();
	ASSERT_EQ (mails.size (), 1u);
	EXPECT_EQ (jstr (mails[0].info.get (), "message_id"), failed.message_id);
	EXPECT_EQ (smtp->journal_count ("DATA"), 1) << smtp->journal ();

	/* sent is sent: a second retry is refused */
	r = daemon->call ("POST", retry_path (failed.id));
	EXPECT_EQ (r.status, 409) << r.body;
	EXPECT_EQ (r.str ("error.code"), "conflict");
	advance_clock (*daemon, 3600);
	EXPECT_EQ (smtp->delivered (), 1u);
	EXPECT_EQ (outbox ()[0].status, "sent");
}

TEST_F (Outbox, RetryRefusesUnknownIdsAndMessagesThatDidNotFail)
{
	/* without [smtp] url the spool folder takes the message at once: sent */
	start_daemon ("");
	ASSERT_EQ (book (person (1)).status, 201);
	ASSERT_TRUE (wait_outbox (1, [] (const OutboxRow &r) { return r.status == "sent"; }))
		<< describe (outbox ());
	const OutboxRow sent = outbox ()[0];

	const std::vector<std::string> en = {"Accept-Language: en"};
	HttpResult r = daemon->call ("POST", retry_path (sent.id), "", nullptr, en);
	EXPECT_EQ (r.status, 409) << r.body;
	EXPECT_EQ (r.str ("error.code"), "conflict");
	EXPECT_EQ (r.str ("error.message"), "only a failed or dead message can be sent again");
	r = daemon->call ("POST", retry_path (sent.id), "", nullptr, {"Accept-Language: vi"});
	EXPECT_EQ (r.status, 409);
	EXPECT_NE (r.str ("error.message"), "only a failed or dead message can be sent again")
		<< r.body;

	/* an unknown id, and ids that cannot be one, are all "no such message" */
	for (const std::string id :
	     {"424242", "0", "-1", "%2B1", "1.5", "abc", "0x1", "99999999999999999999"}) {
		r = daemon->call ("POST", "/api/v1/outbox/" + id + "/retry", "", nullptr, en);
		EXPECT_EQ (r.status, 404) << id << ": " << r.body;
		EXPECT_EQ (r.str ("error.code"), "not_found") << id;
		EXPECT_EQ (r.str ("error.message"), "no such message") << id;
	}
	/* administrators only, whatever the id */
	std::string none;
	EXPECT_EQ (daemon->call ("POST", retry_path (sent.id), "", &none).status, 401);
	EXPECT_EQ (daemon->call ("POST", "/api/v1/outbox/abc/retry", "", &none).status, 401);
	std::string staff =
		daemon->call ("POST", "/api/v1/tokens", "{\"role\":\"staff\",\"unit\":\"74\"}")
			.str ("token");
	ASSERT_FALSE (staff.empty ());
	EXPECT_EQ (daemon->call ("POST", retry_path (424242), "", &staff).status, 403);
	EXPECT_EQ (daemon->call ("GET", retry_path (sent.id)).status, 405);

	auto rows = outbox ();
	ASSERT_EQ (rows.size (), 1u);
	EXPECT_EQ (rows[0].status, "sent");
	EXPECT_EQ (rows[0].attempts, 1);
	EXPECT_EQ (rows[0].due_at, sent.due_at);
}

/* thaogo outbox list and outbox retry against the daemon and the SMTP server */
TEST_F (Outbox, CliListsAndRetriesAFailedMessage)
{
	const std::vector<std::string> c_env = {"LC_ALL=C.UTF-8", "LANGUAGE"};
	const OutboxRow failed = fail_one ();
	ASSERT_EQ (failed.status, "failed");
	const std::string id = std::to_string (failed.id);
	const std::vector<std::string> admin = {"--url", daemon->url (), "--token",
						daemon->admin_token ()};
	auto as_admin = [&] (std::vector<std::string> args) {
		args.insert (args.begin (), admin.begin (), admin.end ());
		return args;
	};

	tg_test::RunResult run = tg_test::thaogo (as_admin ({"outbox", "list"}), c_env);
	ASSERT_EQ (run.status, 0) << run.err;
	EXPECT_EQ (run.out.rfind ("ID  KIND      STATUS  ATTEMPTS  DUE ", 0), 0u) << run.out;
	std::string row = run.out.substr (run.out.find ('\n') + 1);
	EXPECT_EQ (row.rfind (id + " ", 0), 0u) << run.out;
	for (const char *cell : {"received", "failed", "@example.vn", "550"})
		EXPECT_NE (row.find (cell), std::string::npos) << cell << " in\n" << run.out;
	EXPECT_EQ (run.out.find ("c1@"), std::string::npos) << "the address is personal data";
	run = tg_test::thaogo (as_admin ({"outbox", "list", "--status", "failed"}), c_env);
	EXPECT_EQ (run.status, 0) << run.err;
	EXPECT_NE (run.out.find ("failed"), std::string::npos) << run.out;
	run = tg_test::thaogo (as_admin ({"outbox", "list", "--status", "sent"}), c_env);
	EXPECT_EQ (run.status, 0) << run.err;
	EXPECT_EQ (run.out, "");
	EXPECT_EQ (run.err, "no messages\n");
	run = tg_test::thaogo (as_admin ({"--json", "outbox", "list"}), c_env);
	EXPECT_EQ (run.status, 0) << run.err;
	Ptr<JsonNode> json = parse_json (run.out);
	EXPECT_EQ (jlen (json.get (), "messages"), 1u) << run.out;
	EXPECT_EQ (jstr (json.get (), "messages.0.message_id"), failed.message_id);

	/* bad arguments, and callers who may not */
	run = tg_test::thaogo (as_admin ({"outbox", "retry", "first"}), c_env);
	EXPECT_EQ (run.status, 2);
	EXPECT_NE (run.err.find ("is not a message id"), std::string::npos) << run.err;
	run = tg_test::thaogo (as_admin ({"outbox", "list", "--status", "lost"}), c_env);
	EXPECT_EQ (run.status, 2);
	EXPECT_NE (run.err.find ("--status: must be"), std::string::npos) << run.err;
	run = tg_test::thaogo (as_admin ({"outbox", "retry", "424242"}), c_env);
	EXPECT_EQ (run.status, 1);
	EXPECT_EQ (run.err, "thaogo: no such message\n");
	std::string secretary =
		daemon->call ("POST", "/api/v1/tokens", "{\"role\":\"secretary\",\"unit\":\"74\"}")
			.str ("token");
	ASSERT_FALSE (secretary.empty ());
	for (const std::string &cmd : {std::string ("list"), std::string ("retry")}) {
		std::vector<std::string> args = {"--url",   daemon->url (), "--token",
						 secretary, "outbox",       cmd};
		if (cmd == "retry")
			args.push_back (id);
		run = tg_test::thaogo (args, c_env);
		EXPECT_EQ (run.status, 1) << cmd;
		EXPECT_EQ (run.out, "") << cmd;
		EXPECT_NE (run.err.find ("only an administrator may do this"), std::string::npos)
			<< run.err;
	}
	EXPECT_EQ (outbox ()[0].status, "failed");

	/* the server accepts again; the retry sends the same message once */
	ASSERT_TRUE (accept_again ());
	run = tg_test::thaogo (as_admin ({"outbox", "retry", id}), c_env);
	ASSERT_EQ (run.status, 0) << run.err;
	EXPECT_EQ (run.out, "message " + id +
				    " is queued to be sent again, with the same Message-ID " +
				    failed.message_id + "\n");
	ASSERT_TRUE (wait_outbox (1, [] (const OutboxRow &r) { return r.status == "sent"; }))
		<< describe (outbox ());
	ASSERT_TRUE (wait_delivered (1));
	auto mails = smtp->messages ();
	ASSERT_EQ (mails.size (), 1u);
	EXPECT_EQ (jstr (mails[0].info.get (), "message_id"), failed.message_id);
	run = tg_test::thaogo (as_admin ({"outbox", "retry", id}), c_env);
	EXPECT_EQ (run.status, 1);
	EXPECT_EQ (run.err, "thaogo: only a failed or dead message can be sent again\n");
	run = tg_test::thaogo (as_admin ({"outbox", "list", "--status", "sent"}), c_env);
	EXPECT_EQ (run.status, 0) << run.err;
	EXPECT_NE (run.out.find ("sent"), std::string::npos) << run.out;
	EXPECT_EQ (smtp->delivered (), 1u);
}

/* the meeting moves after its reminder went out: the participants are reminded of the new day */
TEST_F (Reminders, AMovedMeetingIsRemindedAgainForItsNewDay)
{
	GError *error = nullptr;
	set_now ("2027-02-26T08:00:00+07:00");
	EXPECT_EQ (tg_engine_mail_sweep (engine.get (), &error), 2);
	ASSERT_TRUE (wait_delivered (2));
	Ptr<TgOccurrence> moved (tg_engine_move_occurrence (engine.get (), admin.get (), occ,
							    "2027-03-02", -1, -1,
							    "Trùng lịch họp Tỉnh ủy", &error));
	ASSERT_NE (moved, nullptr) << error->message;
	/* 72 h before the new day, not before */
	EXPECT_EQ (tg_engine_mail_sweep (engine.get (), &error), 0);
	set_now ("2027-02-27T08:00:00+07:00");
	EXPECT_EQ (tg_engine_mail_sweep (engine.get (), &error), 2);
	EXPECT_EQ (tg_engine_mail_sweep (engine.get (), &error), 0);
	ASSERT_TRUE (wait_delivered (4));
	int new_day = 0;
	for (auto &d : delivered_of ("meeting")) {
		if (jstr (d.info.get (), "parts.0.text").find ("08:00 ngày 02/03/2027") !=
		    std::string::npos)
			new_day++;
	}
	EXPECT_EQ (new_day, 2);
}
