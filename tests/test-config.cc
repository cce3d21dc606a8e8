/* test-config.cc: the daemon's configuration file */
#include <gtest/gtest.h>

#include "tg-test.hh"

using tg_test::Ptr;

TEST (Config, Defaults)
{
	Ptr<TgConfig> c (tg_config_new ());
	EXPECT_STREQ (c->listen_host, "127.0.0.1");
	EXPECT_EQ (c->listen_port, 8080);
	EXPECT_TRUE (c->smtp_tls_required);
	EXPECT_TRUE (c->require_email_confirmation);
	EXPECT_EQ (c->hold_minutes, 30u);
	EXPECT_EQ (c->rate_limit_per_hour, 10u);
	EXPECT_EQ (c->retention_days, 365u);
	EXPECT_EQ (c->storage_busy_timeout_ms, 10000u);
	EXPECT_STREQ (c->smtp_from, "thaogo@localhost");
	/* many workers per processor: each waits for the commit its booking shares */
	EXPECT_EQ (c->threads, CLAMP (g_get_num_processors () * 8, 16u, 128u));
	/* /metrics only to an admin token until an address of its own is set */
	EXPECT_EQ (c->metrics_listen_host, nullptr);
}

TEST (Config, TheSampleFileLoads)
{
	Ptr<TgConfig> c (tg_config_new ());
	GError *error = nullptr;
	std::string path = tg_test::top_srcdir_file ("data/thaogod.conf");
	EXPECT_TRUE (tg_config_load_file (c.get (), path.c_str (), &error))
		<< (error ? error->message : "");
	EXPECT_EQ (c->listen_port, 8080);
}

/* found by tests/fuzz/fuzz-config: GKeyFile gives a value with a bad escape ("\0") and sets
 * its error too; the loader went on and set a second error over it */
TEST (Config, ABadEscapeIsAnErrorOnce)
{
	Ptr<TgConfig> c (tg_config_new ());
	GError *error = nullptr;
	std::string path = tg_test::srcdir_file ("fuzz/regressions/config/bad-escape");
	EXPECT_FALSE (tg_config_load_file (c.get (), path.c_str (), &error));
	ASSERT_NE (error, nullptr);
	g_clear_error (&error);
	EXPECT_FALSE (
		tg_config_load_data (c.get (), "[server]\npublic_url=a\\0\nthreads=x\n", &error));
	ASSERT_NE (error, nullptr);
	g_clear_error (&error);
}

TEST (Config, EveryKey)
{
	Ptr<TgConfig> c (tg_config_new ());
	GError *error = nullptr;
	ASSERT_TRUE (tg_config_load_data (
		c.get (),
		"[server]\nlisten=[::1]:9000\npublic_url=https://tg.example.vn\n"
		"threads=4\nmax_connections=2048\nper_ip_connections=8\n"
		"connection_timeout=10\ntrusted_proxy=10.0.0.1\nmetrics_listen=127.0.0.1:9187\n"
		"[storage]\npath=/var/lib/thaogo/x.db\nbusy_timeout_ms=250\n"
		"[smtp]\nurl=smtps://mail.example.vn:465\ntls=none\nca_file=/etc/ca.pem\n"
		"username=u\npassword_file=/etc/pw\nfrom=tg@example.vn\nspool_dir=/tmp/s\n"
		"reminder_hours_before=0\nmeeting_reminder_hours_before=48\n"
		"[booking]\nrequire_email_confirmation=false\nhold_minutes=15\n"
		"rate_limit_per_hour=0\n[privacy]\nretention_days=30\n",
		&error))
		<< error->message;
	EXPECT_STREQ (c->listen_host, "::1");
	EXPECT_EQ (c->listen_port, 9000);
	EXPECT_EQ (c->threads, 4u);
	EXPECT_STREQ (c->trusted_proxy, "10.0.0.1");
	EXPECT_STREQ (c->metrics_listen_host, "127.0.0.1");
	EXPECT_EQ (c->metrics_listen_port, 9187);
	EXPECT_FALSE (c->smtp_tls_required);
	EXPECT_FALSE (c->require_email_confirmation);
	EXPECT_EQ (c->rate_limit_per_hour, 0u);
	EXPECT_EQ (c->retention_days, 30u);
	EXPECT_STREQ (c->spool_dir, "/tmp/s");
	EXPECT_EQ (c->storage_busy_timeout_ms, 250u);
	EXPECT_EQ (c->reminder_hours_before, 0u);
	EXPECT_EQ (c->meeting_reminder_hours_before, 48u);
}

TEST (Config, ReminderDefaults)
{
	Ptr<TgConfig> c (tg_config_new ());
	EXPECT_EQ (c->reminder_hours_before, 24u);
	EXPECT_EQ (c->meeting_reminder_hours_before, 72u);
}

struct BadConfig {
	const char *name;
	const char *text;
	const char *message_part;
};

class ConfigErrors : public ::testing::TestWithParam<BadConfig>
{
};

TEST_P (ConfigErrors, NameTheKey)
{
	Ptr<TgConfig> c (tg_config_new ());
	GError *error = nullptr;
	EXPECT_FALSE (tg_config_load_data (c.get (), GetParam ().text, &error));
	ASSERT_NE (error, nullptr);
	EXPECT_NE (strstr (error->message, GetParam ().message_part), nullptr) << error->message;
	g_error_free (error);
}

INSTANTIATE_TEST_SUITE_P (
	Config, ConfigErrors,
	::testing::Values (BadConfig{"unknown_key", "[server]\nlisen=1\n", "lisen"},
			   BadConfig{"unknown_group", "[mail]\nurl=x\n", "mail"},
			   BadConfig{"bad_listen", "[server]\nlisten=localhost\n", "HOST:PORT"},
			   BadConfig{"bad_port", "[server]\nlisten=127.0.0.1:70000\n", "port"},
			   BadConfig{"bad_host", "[server]\nlisten=example.vn:80\n", "IP address"},
			   BadConfig{"bad_number", "[booking]\nhold_minutes=-3\n", "hold_minutes"},
			   BadConfig{"zero_threads", "[server]\nthreads=0\n", "threads"},
			   BadConfig{"too_many_threads", "[server]\nthreads=257\n", "threads"},
			   BadConfig{"reminder_too_far", "[smtp]\nreminder_hours_before=721\n",
				     "reminder_hours_before"},
			   BadConfig{"meeting_reminder_not_a_number",
				     "[smtp]\nmeeting_reminder_hours_before=3d\n",
				     "meeting_reminder_hours_before"},
			   BadConfig{"bad_bool", "[booking]\nrequire_email_confirmation=yes\n",
				     "true or false"},
			   BadConfig{"bad_tls", "[smtp]\ntls=optional\n", "required or none"},
			   BadConfig{"bad_smtp_url", "[smtp]\nurl=http://x\n", "smtp://"},
			   BadConfig{"bad_public_url", "[server]\npublic_url=ftp://x\n", "http://"},
			   BadConfig{"bad_proxy", "[server]\ntrusted_proxy=proxy\n",
				     "trusted_proxy"},
			   BadConfig{"bad_metrics_listen",
				     "[server]\nmetrics_listen=localhost:9100\n", "metrics_listen"},
			   BadConfig{"not_keyfile", "listen=1\n", ""}),
	[] (const ::testing::TestParamInfo<BadConfig> &info) { return info.param.name; });
