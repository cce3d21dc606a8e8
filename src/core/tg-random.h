/* tg-random.h: random bytes from the kernel, replaceable in tests */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef void (*TgRandomFunc) (guint8 *buf, gsize len, gpointer user_data);

/* Fills @buf with @len bytes from getrandom(2) (taken 256 at a time per thread), or from
 * the source set for tests */
void tg_random_fill (guint8 *buf, gsize len);

/* Replaces the source (NULL restores the kernel's); for tests only */
void tg_random_set_source (TgRandomFunc func, gpointer user_data);

/* (transfer full): @nbytes random bytes as lower-case hex */
gchar *tg_random_hex (gsize nbytes);

/* (transfer full): @nbytes random bytes as unpadded base64url */
gchar *tg_random_base64url (gsize nbytes);

G_END_DECLS
