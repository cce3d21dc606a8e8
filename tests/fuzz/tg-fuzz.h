/* tg-fuzz.h: what the fuzz targets share. Each target is one libFuzzer program
 * (LLVMFuzzerTestOneInput) for one parser; make fuzz builds them with clang, AddressSanitizer
 * and UndefinedBehaviorSanitizer (Makefile.am) and tests/fuzz/run.sh runs them. */
#pragma once

#include "config.h"

#include <glib.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* a fatal message of GLib ends in SIGTRAP, which libFuzzer does not catch: an abort, which
 * it does (and it saves the input) */
static void
tg_fuzz_trap (int signum)
{
	(void) signum;
	abort ();
}

/* GLib's slices from malloc, so that AddressSanitizer sees each one; a critical or a warning
 * (a g_return_if_fail that failed: a parser handed a NULL) is a crash */
int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
	(void) argc;
	(void) argv;
	g_setenv ("G_SLICE", "always-malloc", TRUE);
	g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
	signal (SIGTRAP, tg_fuzz_trap);
	return 0;
}

/* (transfer full): the input as a string, as a C caller sees it (up to its first NUL) */
static inline gchar *
tg_fuzz_string (const uint8_t *data, size_t size)
{
	return g_strndup ((const gchar *) data, size);
}

/* a property every input must keep: a crash (an abort) when it does not */
#define TG_FUZZ_ASSERT(expr)                                                                      \
	do {                                                                                      \
		if (!(expr)) {                                                                    \
			g_printerr ("%s:%d: %s does not hold\n", __FILE__, __LINE__, #expr);      \
			abort ();                                                                 \
		}                                                                                 \
	} while (0)
