/* fuzz-config.c: the daemon's configuration file (tg_config_load_data, thaogod --config) */
#include "tg-fuzz.h"

#include "tg-config.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
	g_autofree gchar *text = tg_fuzz_string (data, size);
	g_autoptr(TgConfig) config = tg_config_new ();
	g_autoptr(GError) error = NULL;
	g_autofree gchar *host = NULL;
	guint16 port = 0;
	gboolean loaded = tg_config_load_data (config, text, &error);

	TG_FUZZ_ASSERT (loaded == (error == NULL));
	if (loaded) {
		TG_FUZZ_ASSERT (config->listen_host != NULL);
		TG_FUZZ_ASSERT (config->threads >= 1 && config->max_connections >= 1);
	}
	/* the value of listen= alone, as --listen gives it */
	if (tg_config_parse_listen (text, &host, &port, NULL))
		TG_FUZZ_ASSERT (host != NULL && host[0] != '\0');
	return 0;
}
