/* tg-test-main.cc: main() of every test program */
#include <curl/curl.h>
#include <gtest/gtest.h>
#include <locale.h>

#include "tg-shim.h"

int
main (int argc, char **argv)
{
	setlocale (LC_ALL, "");
	g_unsetenv ("LANGUAGE");
	tg_i18n_init ();
	curl_global_init (CURL_GLOBAL_DEFAULT);
	::testing::InitGoogleTest (&argc, argv);
	int ret = RUN_ALL_TESTS ();
	curl_global_cleanup ();
	return ret;
}
