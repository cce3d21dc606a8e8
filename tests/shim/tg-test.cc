/* tg-test.cc: RAII helpers of the tests */
#include "config.h"

#include "tg-test.hh"

#include <curl/curl.h>
#include <gio/gio.h>
#include <gtest/gtest.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/statvfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include <iostream>

namespace tg_test
{

TempDir::TempDir ()
{
	GError *error = nullptr;
	gchar *p = g_dir_make_tmp ("thaogo-test-XXXXXX", &error);
	if (p == nullptr)
		throw std::runtime_error (error->message);
	path_ = p;
	g_free (p);
}

static void
remove_tree (const std::string &path)
{
	GDir *dir = g_dir_open (path.c_str (), 0, nullptr);
	if (dir != nullptr) {
		const gchar *name;
		while ((name = g_dir_read_name (dir)) != nullptr) {
			std::string child = path + "/" + name;
			if (g_file_test (child.c_str (), G_FILE_TEST_IS_DIR) &&
			    !g_file_test (child.c_str (), G_FILE_TEST_IS_SYMLINK))
				remove_tree (child);
			else
				g_unlink (child.c_str ());
		}
		g_dir_close (dir);
	}
	g_rmdir (path.c_str ());
}

TempDir::~TempDir ()
{
	if (g_getenv ("TG_TEST_KEEP") == nullptr)
		remove_tree (path_);
}

/* This thread (and what it starts from now on) in a mount namespace of its own, whose mounts
 * do not propagate out; once. "" or why it could not */
static std::string
private_mount_namespace ()
{
	static std::string why = "unset";
	if (why != "unset")
		return why;
	why = "";
	if (unshare (CLONE_NEWNS) != 0)
		why = std::string ("unshare (CLONE_NEWNS): ") + strerror (errno);
	else if (mount (nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0)
		why = std::string ("making / private: ") + strerror (errno);
	return why;
}

SmallFs::SmallFs (const std::string &path, size_t bytes) : path_ (path)
{
	g_mkdir_with_parents (path.c_str (), 0700);
	std::string ns = private_mount_namespace ();
	/* without a namespace of its own, a tmpfs in the shared one, unmounted at the end */
	std::string options = "size=" + std::to_string (bytes) + ",mode=0700";
	if (mount ("tmpfs", path.c_str (), "tmpfs", MS_NOSUID | MS_NODEV, options.c_str ()) != 0) {
		why_ = std::string ("mount -t tmpfs: ") + strerror (errno);
		if (!ns.empty ())
			why_ += "; " + ns;
		return;
	}
	mounted_ = true;
}

SmallFs::~SmallFs ()
{
	if (mounted_ && umount2 (path_.c_str (), MNT_DETACH) != 0)
		std::cerr << "umount " << path_ << ": " << strerror (errno) << "\n";
}

guint64
SmallFs::free_bytes () const
{
	struct statvfs st;
	if (statvfs (path_.c_str (), &st) != 0)
		return 0;
	return (guint64) st.f_bavail * st.f_frsize;
}

void
SmallFs::fill (guint64 leave)
{
	std::string filler = path_ + "/filler";
	int fd = open (filler.c_str (), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	ASSERT_GE (fd, 0) << filler << ": " << strerror (errno);
	static const char zeros[64 * 1024] = {0};
	int write_errno = 0;
	for (guint64 room = free_bytes (); room > leave; room = free_bytes ()) {
		size_t n = (size_t) MIN ((guint64) sizeof zeros, room - leave);
		if (write (fd, zeros, n) <= 0) {
			write_errno = errno;
			break;
		}
	}
	close (fd);
	/* ENOSPC: full to the last byte */
	EXPECT_TRUE (write_errno == 0 || write_errno == ENOSPC || write_errno == EDQUOT)
		<< filler << ": " << strerror (write_errno);
}

void
SmallFs::unfill ()
{
	g_unlink ((path_ + "/filler").c_str ());
}

/* the capture that takes its domain's messages now (nullable), under its mutex */
static std::mutex log_capture_mutex;
static LogCapture *log_capture;

LogCapture::LogCapture (const std::string &domain) : domain_ (domain)
{
	/* a program has one writer: the first capture installs it for the rest of the run */
	static std::once_flag installed;
	std::call_once (installed, [] () { g_log_set_writer_func (write, nullptr, nullptr); });
	std::lock_guard<std::mutex> lock (log_capture_mutex);
	EXPECT_EQ (log_capture, nullptr) << "one LogCapture at a time";
	log_capture = this;
}

LogCapture::~LogCapture ()
{
	std::lock_guard<std::mutex> lock (log_capture_mutex);
	log_capture = nullptr;
}

static std::string
log_field (const GLogField *fields, gsize n_fields, const char *key)
{
	for (gsize i = 0; i < n_fields; i++) {
		if (g_strcmp0 (fields[i].key, key) != 0 || fields[i].value == nullptr)
			continue;
		if (fields[i].length < 0)
			return (const char *) fields[i].value;
		return std::string ((const char *) fields[i].value, (size_t) fields[i].length);
	}
	return "";
}

GLogWriterOutput
LogCapture::write (GLogLevelFlags level, const GLogField *fields, gsize n_fields,
		   gpointer user_data)
{
	{
		std::lock_guard<std::mutex> lock (log_capture_mutex);
		if (log_capture != nullptr &&
		    log_field (fields, n_fields, "GLIB_DOMAIN") == log_capture->domain_) {
			std::lock_guard<std::mutex> lock_messages (log_capture->mutex_);
			log_capture->messages_.emplace_back (
				(GLogLevelFlags) (level & G_LOG_LEVEL_MASK),
				log_field (fields, n_fields, "MESSAGE"));
			return G_LOG_WRITER_HANDLED;
		}
	}
	return g_log_writer_default (level, fields, n_fields, user_data);
}

int
LogCapture::count (GLogLevelFlags level, const std::string &text) const
{
	std::lock_guard<std::mutex> lock (mutex_);
	int n = 0;
	for (const auto &m : messages_) {
		if (m.first == level && m.second.find (text) != std::string::npos)
			n++;
	}
	return n;
}

std::string
LogCapture::text () const
{
	std::lock_guard<std::mutex> lock (mutex_);
	std::string all;
	for (const auto &m : messages_)
		all += m.second + "\n";
	return all;
}

std::string
srcdir_file (const std::string &relative)
{
	const gchar *dir = g_getenv ("G_TEST_SRCDIR");
	return std::string (dir != nullptr ? dir : ".") + "/" + relative;
}

std::string
top_srcdir_file (const std::string &relative)
{
	return srcdir_file ("../" + relative);
}

std::string
read_file (const std::string &path)
{
	gchar *text = nullptr;
	gsize len = 0;
	if (!g_file_get_contents (path.c_str (), &text, &len, nullptr))
		return "";
	std::string s (text, len);
	g_free (text);
	return s;
}

std::string
program (const char *env_name, const char *fallback)
{
	const gchar *p = g_getenv (env_name);
	return p != nullptr ? p : fallback;
}

/* the argv of g_spawn_*(): pointers into @args, then NULL */
static std::vector<gchar *>
spawn_argv (const std::vector<std::string> &args)
{
	std::vector<gchar *> argv;
	for (auto &a : args)
		argv.push_back (const_cast<gchar *> (a.c_str ()));
	argv.push_back (nullptr);
	return argv;
}

RunResult
thaogo (const std::vector<std::string> &args, const std::vector<std::string> &env)
{
	std::vector<std::string> argv_s = {program ("THAOGO", "../thaogo")};
	argv_s.insert (argv_s.end (), args.begin (), args.end ());
	std::vector<gchar *> argv = spawn_argv (argv_s);

	gchar **envp = g_get_environ ();
	envp = g_environ_unsetenv (envp, "THAOGO_URL");
	envp = g_environ_unsetenv (envp, "THAOGO_TOKEN");
	for (const auto &e : env) {
		auto eq = e.find ('=');
		if (eq == std::string::npos)
			envp = g_environ_unsetenv (envp, e.c_str ());
		else
			envp = g_environ_setenv (envp, e.substr (0, eq).c_str (),
						 e.substr (eq + 1).c_str (), TRUE);
	}
	RunResult run;
	gchar *out = nullptr, *err = nullptr;
	gint wait_status = 0;
	GError *error = nullptr;
	gboolean ok = g_spawn_sync (nullptr, argv.data (), envp, G_SPAWN_STDIN_FROM_DEV_NULL,
				    nullptr, nullptr, &out, &err, &wait_status, &error);
	g_strfreev (envp);
	if (!ok) {
		ADD_FAILURE () << "cannot run thaogo: " << error->message;
		g_error_free (error);
		return run;
	}
	run.out = out != nullptr ? out : "";
	run.err = err != nullptr ? err : "";
	g_free (out);
	g_free (err);
	if (WIFEXITED (wait_status))
		run.status = WEXITSTATUS (wait_status);
	return run;
}

JsonNode *
HttpResult::json () const
{
	if (!json_) {
		JsonParser *parser = json_parser_new ();
		if (json_parser_load_from_data (parser, body.c_str (), (gssize) body.size (),
						nullptr) &&
		    json_parser_get_root (parser) != nullptr)
			json_.reset (json_node_copy (json_parser_get_root (parser)));
		else
			json_.reset (json_node_new (JSON_NODE_NULL));
		g_object_unref (parser);
	}
	return json_.get ();
}

std::string
HttpResult::str (const std::string &path) const
{
	JsonNode *node = json ();
	gchar **parts = g_strsplit (path.c_str (), ".", -1);
	std::string out;

	for (guint i = 0; node != nullptr && parts[i] != nullptr; i++) {
		if (!JSON_NODE_HOLDS_OBJECT (node)) {
			node = nullptr;
			break;
		}
		node = json_object_get_member (json_node_get_object (node), parts[i]);
	}
	g_strfreev (parts);
	if (node != nullptr && JSON_NODE_HOLDS_VALUE (node) &&
	    json_node_get_value_type (node) == G_TYPE_STRING)
		out = json_node_get_string (node);
	return out;
}

static size_t
on_body (char *data, size_t size, size_t n, void *user)
{
	static_cast<std::string *> (user)->append (data, size * n);
	return size * n;
}

static size_t
on_header (char *data, size_t size, size_t n, void *user)
{
	auto *headers = static_cast<std::map<std::string, std::string> *> (user);
	std::string line (data, size * n);
	auto colon = line.find (':');
	if (colon != std::string::npos) {
		gchar *name = g_ascii_strdown (line.substr (0, colon).c_str (), -1);
		gchar *value = g_strstrip (g_strdup (line.substr (colon + 1).c_str ()));
		(*headers)[name] = value;
		g_free (name);
		g_free (value);
	}
	return size * n;
}

HttpResult
http (const std::string &method, const std::string &url, const std::string &body,
      const std::vector<std::string> &headers)
{
	HttpResult result;
	CURL *curl = curl_easy_init ();
	struct curl_slist *list = nullptr;
	char errbuf[CURL_ERROR_SIZE] = "";

	for (const auto &h : headers)
		list = curl_slist_append (list, h.c_str ());
	curl_easy_setopt (curl, CURLOPT_URL, url.c_str ());
	curl_easy_setopt (curl, CURLOPT_CUSTOMREQUEST, method.c_str ());
	if (method == "HEAD")
		curl_easy_setopt (curl, CURLOPT_NOBODY, 1L);
	if (!body.empty () || method == "POST" || method == "PUT" || method == "PATCH") {
		curl_easy_setopt (curl, CURLOPT_POSTFIELDS, body.data ());
		curl_easy_setopt (curl, CURLOPT_POSTFIELDSIZE, (long) body.size ());
	}
	curl_easy_setopt (curl, CURLOPT_HTTPHEADER, list);
	curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt (curl, CURLOPT_WRITEDATA, &result.body);
	curl_easy_setopt (curl, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt (curl, CURLOPT_HEADERDATA, &result.headers);
	curl_easy_setopt (curl, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt (curl, CURLOPT_TIMEOUT, 30L);
	curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
	if (curl_easy_perform (curl) == CURLE_OK)
		curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &result.status);
	else
		result.curl_error = errbuf;
	curl_slist_free_all (list);
	curl_easy_cleanup (curl);
	return result;
}

Daemon::Daemon (const std::string &state_dir, const std::vector<std::string> &args,
		const std::vector<std::string> &env, const std::function<void (GPid)> &spawned)
    : state_dir_ (state_dir)
{
	std::vector<std::string> argv_s = {program ("THAOGOD", "../thaogod"), "--state-dir",
					   state_dir, "--listen", "127.0.0.1:0"};
	argv_s.insert (argv_s.end (), args.begin (), args.end ());
	std::vector<gchar *> argv = spawn_argv (argv_s);

	gchar **envp = g_get_environ ();
	for (const auto &e : env) {
		auto eq = e.find ('=');
		envp = g_environ_setenv (envp, e.substr (0, eq).c_str (),
					 e.substr (eq + 1).c_str (), TRUE);
	}
	GError *error = nullptr;
	gint err_fd = -1;
	gboolean ok = g_spawn_async_with_pipes (nullptr, argv.data (), envp,
						G_SPAWN_DO_NOT_REAP_CHILD, nullptr, nullptr, &pid_,
						nullptr, nullptr, &err_fd, &error);
	g_strfreev (envp);
	if (!ok) {
		ADD_FAILURE () << "cannot start thaogod: " << error->message;
		g_error_free (error);
		return;
	}
	err_fd_ = err_fd;
	running_ = true;
	if (spawned)
		spawned (pid_);
	/* a thread reads stderr to its end, so that the daemon never blocks on a full pipe */
	reader_ = std::thread ([this] () {
		char chunk[4096];
		ssize_t n;
		while ((n = read (err_fd_, chunk, sizeof chunk)) > 0) {
			std::lock_guard<std::mutex> lock (mutex_);
			stderr_.append (chunk, (size_t) n);
			cond_.notify_all ();
		}
		std::lock_guard<std::mutex> lock (mutex_);
		eof_ = true;
		cond_.notify_all ();
	});
	std::unique_lock<std::mutex> lock (mutex_);
	cond_.wait_for (lock, std::chrono::seconds (20), [this] () {
		auto pos = stderr_.find ("listening on ");
		return eof_ ||
		       (pos != std::string::npos && stderr_.find ('\n', pos) != std::string::npos);
	});
	auto pos = stderr_.find ("listening on ");
	if (pos != std::string::npos) {
		auto end = stderr_.find ('\n', pos);
		url_ = stderr_.substr (pos + 13, end - pos - 13);
	} else {
		ADD_FAILURE () << "thaogod did not start: " << stderr_;
	}
}

bool
has_test_hooks ()
{
#ifdef TG_ENABLE_TEST_HOOKS
	return true;
#else
	return false;
#endif
}

const char TEST_NOW[] = "2027-02-22T09:00:00+07:00";

std::vector<std::string>
with_test_now (std::vector<std::string> env)
{
	env.push_back (std::string ("THAOGO_TEST_NOW=") + TEST_NOW);
	return env;
}

void
advance_clock (const Daemon &daemon, gint64 seconds)
{
	HttpResult r = daemon.call ("POST", "/test/clock",
				    "{\"advance_s\":" + std::to_string (seconds) + "}");
	EXPECT_EQ (r.status, 200) << "a build without --enable-test-hooks? " << r.body;
	JsonNode *root = r.json ();
	JsonObject *o = JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : nullptr;
	EXPECT_TRUE (o != nullptr &&
		     json_object_get_boolean_member_with_default (o, "mail_round", FALSE))
		<< r.body;
}

Daemon::~Daemon ()
{
	/* every daemon must end cleanly: exit 0, no sanitizer report */
	if (running_) {
		EXPECT_EQ (stop (SIGTERM), 0);
	}
	if (reader_.joinable ())
		reader_.join ();
	if (err_fd_ >= 0)
		close (err_fd_);
}

std::string
Daemon::stderr_text () const
{
	std::lock_guard<std::mutex> lock (mutex_);
	return stderr_;
}

int
Daemon::stop (int sig)
{
	int status = 0;
	if (!running_)
		return -1;
	kill (pid_, sig);
	waitpid (pid_, &status, 0);
	g_spawn_close_pid (pid_);
	running_ = false;
	if (reader_.joinable ())
		reader_.join ();
	int result = WIFEXITED (status) ? WEXITSTATUS (status) : -WTERMSIG (status);
	/* a daemon that did not end well says why in its log */
	if (result != 0 && sig != SIGKILL)
		std::cerr << "thaogod ended with " << result << "; its stderr:\n" << stderr_text ();
	return result;
}

std::string
Daemon::admin_token () const
{
	std::string t = read_file (state_dir_ + "/admin-token");
	while (!t.empty () && (t.back () == '\n' || t.back () == '\r'))
		t.pop_back ();
	return t;
}

std::string
new_token (const Daemon &daemon, const std::string &role, const std::string &unit)
{
	HttpResult r = daemon.call ("POST", "/api/v1/tokens",
				    "{\"role\":\"" + role + "\",\"unit\":\"" + unit + "\"}");
	EXPECT_EQ (r.status, 201) << r.body;
	return r.str ("token");
}

HttpResult
Daemon::get (const std::string &path, const std::vector<std::string> &headers) const
{
	return http ("GET", url_ + path, "", headers);
}

HttpResult
Daemon::call (const std::string &method, const std::string &path, const std::string &body,
	      const std::string *token, const std::vector<std::string> &headers) const
{
	std::vector<std::string> h = headers;
	std::string t = token != nullptr ? *token : admin_token ();
	if (!t.empty ())
		h.push_back ("Authorization: Bearer " + t);
	if (!body.empty ())
		h.push_back ("Content-Type: application/json");
	return http (method, url_ + path, body, h);
}

std::string
write_config (const TempDir &dir, const std::string &text)
{
	std::string path = dir.file ("thaogod.conf");
	g_file_set_contents (path.c_str (), text.c_str (), -1, nullptr);
	return path;
}

std::string
coming_occurrence (const Daemon &daemon, const std::string &unit, guint n)
{
	g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
	g_autoptr (GDateTime) a = g_date_time_add_days (now, 3);
	g_autofree gchar *from = g_date_time_format (a, "%Y-%m-%d");
	HttpResult r = daemon.get ("/api/v1/units/" + unit + "/occurrences?from=" + from);
	JsonArray *list =
		json_object_get_array_member (json_node_get_object (r.json ()), "occurrences");
	for (guint i = 0; list != nullptr && i < json_array_get_length (list); i++) {
		JsonObject *o = json_array_get_object_element (list, i);
		if (g_strcmp0 (json_object_get_string_member (o, "status"), "scheduled") == 0 &&
		    json_object_get_null_member (o, "bridge_of") && n-- == 0)
			return json_object_get_string_member (o, "id");
	}
	ADD_FAILURE () << "no coming session of " << unit;
	return "";
}

std::string
header (const HttpResult &r, const std::string &name)
{
	auto it = r.headers.find (name);
	return it != r.headers.end () ? it->second : "";
}

std::string
gunzip (const std::string &data)
{
	GZlibDecompressor *z = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);
	GInputStream *in =
		g_memory_input_stream_new_from_data (g_memdup2 (data.data (), data.size ()),
						     (gssize) data.size (), g_free);
	GInputStream *zin = g_converter_input_stream_new (in, G_CONVERTER (z));
	GOutputStream *out = g_memory_output_stream_new_resizable ();
	std::string text;

	if (g_output_stream_splice (out, zin, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, nullptr,
				    nullptr) >= 0) {
		GMemoryOutputStream *m = G_MEMORY_OUTPUT_STREAM (out);
		text.assign ((const char *) g_memory_output_stream_get_data (m),
			     g_memory_output_stream_get_data_size (m));
	}
	g_object_unref (out);
	g_object_unref (zin);
	g_object_unref (in);
	g_object_unref (z);
	return text;
}

std::set<std::string>
matches (const std::string &text, const char *pattern)
{
	std::set<std::string> found;
	GRegex *re = g_regex_new (pattern, G_REGEX_DEFAULT, G_REGEX_MATCH_DEFAULT, nullptr);
	GMatchInfo *info = nullptr;

	g_regex_match (re, text.c_str (), G_REGEX_MATCH_DEFAULT, &info);
	while (g_match_info_matches (info)) {
		gchar *m = g_match_info_fetch (info, 1);
		found.insert (m);
		g_free (m);
		g_match_info_next (info, nullptr);
	}
	g_match_info_free (info);
	g_regex_unref (re);
	return found;
}

SmtpPeer::SmtpPeer (const std::string &dir, const std::vector<std::string> &args)
{
	g_mkdir_with_parents (dir.c_str (), 0700);
	std::string script = srcdir_file ("smtp/smtp-server.py");
	const gchar *py = g_getenv ("PYTHON3") != nullptr && g_getenv ("PYTHON3")[0] != '\0'
				  ? g_getenv ("PYTHON3")
				  : "/usr/bin/python3";
	std::vector<std::string> all = {py, script};
	all.insert (all.end (), args.begin (), args.end ());
	all.push_back (dir);
	std::vector<gchar *> argv;
	for (auto &a : all)
		argv.push_back (const_cast<gchar *> (a.c_str ()));
	argv.push_back (nullptr);
	GError *error = nullptr;
	if (!g_spawn_async_with_pipes (nullptr, argv.data (), nullptr,
				       (GSpawnFlags) (G_SPAWN_DO_NOT_REAP_CHILD |
						      G_SPAWN_SEARCH_PATH),
				       nullptr, nullptr, &pid_, nullptr, &out_, nullptr, &error)) {
		ADD_FAILURE () << "cannot start smtp-server.py: " << error->message;
		g_error_free (error);
		return;
	}
	std::string text;
	auto deadline = std::chrono::steady_clock::now () + std::chrono::seconds (20);
	while (port_ == 0 && std::chrono::steady_clock::now () < deadline) {
		struct pollfd p = {out_, POLLIN, 0};
		if (poll (&p, 1, 200) <= 0)
			continue;
		char chunk[256];
		ssize_t n = read (out_, chunk, sizeof chunk);
		if (n <= 0)
			break;
		text.append (chunk, (size_t) n);
		size_t at = text.find ("port ");
		if (at != std::string::npos && text.find ('\n', at) != std::string::npos)
			port_ = (int) g_ascii_strtoll (text.c_str () + at + 5, nullptr, 10);
	}
	if (port_ == 0)
		ADD_FAILURE () << "smtp-server.py did not start";
}

SmtpPeer::~SmtpPeer ()
{
	if (pid_ == 0)
		return;
	int status = 0;
	kill (pid_, SIGTERM);
	waitpid (pid_, &status, 0);
	g_spawn_close_pid (pid_);
	close (out_);
}

bool
have_browser ()
{
	if (g_file_test (srcdir_file ("node_modules/playwright-core").c_str (),
			 G_FILE_TEST_IS_DIR) &&
	    g_file_test ("/usr/bin/chromium", G_FILE_TEST_IS_EXECUTABLE))
		return true;
	return false;
}

void
run_browser_script (const std::string &url, const std::string &script, const std::string &ids)
{
	std::string results =
		std::string (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".") +
		"/results";
	std::vector<std::string> args = {"node", srcdir_file ("web/" + script), url, results, ids};
	std::vector<gchar *> argv;
	for (auto &a : args)
		argv.push_back (const_cast<gchar *> (a.c_str ()));
	argv.push_back (nullptr);
	gchar *out = nullptr, *err = nullptr;
	gint status = 0;
	GError *error = nullptr;

	if (!g_spawn_sync (nullptr, argv.data (), nullptr, G_SPAWN_SEARCH_PATH, nullptr, nullptr,
			   &out, &err, &status, &error)) {
		ADD_FAILURE () << "cannot run node: " << error->message;
		g_error_free (error);
		return;
	}
	std::string text = std::string (out ? out : "") + (err ? err : "");
	g_free (out);
	g_free (err);
	std::cout << text;
	/* each failed check on a line of its own */
	for (const auto &line : matches (text, "(?m)^(not ok - .*)$"))
		ADD_FAILURE () << script << ": " << line;
	EXPECT_TRUE (g_spawn_check_wait_status (status, nullptr)) << script << "\n" << text;
	EXPECT_NE (text.find (" passed, 0 failed"), std::string::npos) << text;
}

void
check_page_sources (const std::vector<std::string> &pages, const std::vector<std::string> &scripts,
		    const char *more_keys)
{
	std::string vi = read_file (top_srcdir_file ("data/web/i18n/vi.json"));
	std::string en = read_file (top_srcdir_file ("data/web/i18n/en.json"));
	auto has = [&] (const std::string &key) {
		std::string quoted = "\"" + key + "\":";
		return vi.find (quoted) != std::string::npos &&
		       en.find (quoted) != std::string::npos;
	};
	for (const auto &name : pages) {
		std::string html = read_file (top_srcdir_file ("data/web/" + name));
		EXPECT_EQ (html.rfind ("<!doctype html>\n<html lang=\"vi\">", 0), 0u) << name;
		for (const auto &key : matches (html, "data-i18n=\"([^\"]+)\""))
			EXPECT_TRUE (has (key)) << name << " uses " << key;
		EXPECT_TRUE (matches (html, "(<script(?![^>]*\\bsrc=)[^>]*>)").empty ()) << name;
		EXPECT_EQ (html.find ("<style"), std::string::npos) << name;
		EXPECT_EQ (html.find (" style="), std::string::npos) << name;
		EXPECT_TRUE (matches (html, "( on[a-z]+=)").empty ()) << name;
	}
	for (const auto &name : scripts) {
		std::string js = read_file (top_srcdir_file ("data/web/js/" + name));
		std::set<std::string> keys = matches (js, "\\bt\\('([a-z0-9._]+)'");
		if (more_keys != nullptr)
			for (const auto &k : matches (js, more_keys))
				keys.insert (k);
		for (const auto &key : keys) {
			if (key.back () == '.')
				EXPECT_NE (vi.find ("\"" + key), std::string::npos)
					<< name << " uses " << key;
			else
				EXPECT_TRUE (has (key)) << name << " uses " << key;
		}
		for (const char *banned :
		     {"innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
		      "new Function", "localStorage"})
			EXPECT_EQ (js.find (banned), std::string::npos)
				<< name << " uses " << banned;
	}
}

} // namespace tg_test
