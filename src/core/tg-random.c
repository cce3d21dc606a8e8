/* tg-random.c: random bytes from the kernel */
#include "config.h"

#include <errno.h>
#include <sys/random.h>

#include "tg-random.h"

static TgRandomFunc tg_random_func = NULL;
static gpointer tg_random_user_data = NULL;

void
tg_random_set_source (TgRandomFunc func, gpointer user_data)
{
	tg_random_func = func;
	tg_random_user_data = user_data;
}

void
tg_random_fill (guint8 *buf, gsize len)
{
	gsize done = 0;

	if (tg_random_func != NULL) {
		tg_random_func (buf, len, tg_random_user_data);
		return;
	}
	while (done < len) {
		ssize_t n = getrandom (buf + done, len - done, 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			g_error ("getrandom failed: %s", g_strerror (errno));
		}
		done += (gsize) n;
	}
}

gchar *
tg_random_hex (gsize nbytes)
{
	g_autofree guint8 *buf = g_malloc (nbytes);
	GString *str = g_string_sized_new (nbytes * 2 + 1);

	tg_random_fill (buf, nbytes);
	for (gsize i = 0; i < nbytes; i++)
		g_string_append_printf (str, "%02x", buf[i]);
	return g_string_free (str, FALSE);
}

gchar *
tg_random_base64url (gsize nbytes)
{
	g_autofree guint8 *buf = g_malloc (nbytes);
	gchar *b64;
	gsize len;

	tg_random_fill (buf, nbytes);
	b64 = g_base64_encode (buf, nbytes);
	len = strlen (b64);
	while (len > 0 && b64[len - 1] == '=')
		b64[--len] = '\0';
	for (gsize i = 0; i < len; i++) {
		if (b64[i] == '+')
			b64[i] = '-';
		else if (b64[i] == '/')
			b64[i] = '_';
	}
	return b64;
}
