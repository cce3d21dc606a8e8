/* tg-random.c: random bytes from the kernel */
#include "config.h"

#include <errno.h>
#include <string.h>
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

static void
tg_random_from_kernel (guint8 *buf, gsize len)
{
	gsize done = 0;

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

/* Each thread takes the kernel's bytes 256 at a time: a booking needs four random values
 * (its id, its token, two Message-IDs), and a system call for each showed in the profile.
 * Bytes given out are wiped from the buffer. (thaogo does not fork, which would give a
 * child the parent's unused bytes.) */
#define TG_RANDOM_POOL 256
typedef struct {
	guint8 bytes[TG_RANDOM_POOL];
	gsize used;      /* bytes from the start given out (and wiped) */
	gboolean filled; /* FALSE on a new thread */
} TgRandomPool;

static __thread TgRandomPool tg_random_pool;

void
tg_random_fill (guint8 *buf, gsize len)
{
	TgRandomPool *pool = &tg_random_pool;

	if (tg_random_func != NULL) {
		tg_random_func (buf, len, tg_random_user_data);
		return;
	}
	if (len > TG_RANDOM_POOL / 4) {
		tg_random_from_kernel (buf, len);
		return;
	}
	if (!pool->filled || pool->used + len > TG_RANDOM_POOL) {
		tg_random_from_kernel (pool->bytes, TG_RANDOM_POOL);
		pool->used = 0;
		pool->filled = TRUE;
	}
	memcpy (buf, pool->bytes + pool->used, len);
	explicit_bzero (pool->bytes + pool->used, len);
	pool->used += len;
}

gchar *
tg_random_hex (gsize nbytes)
{
	static const gchar digits[] = "0123456789abcdef";
	guint8 buf[TG_RANDOM_POOL / 4];
	g_autofree guint8 *big = nbytes > sizeof buf ? g_malloc (nbytes) : NULL;
	guint8 *bytes = big != NULL ? big : buf;
	gchar *hex = g_malloc (nbytes * 2 + 1);

	tg_random_fill (bytes, nbytes);
	for (gsize i = 0; i < nbytes; i++) {
		hex[2 * i] = digits[bytes[i] >> 4];
		hex[2 * i + 1] = digits[bytes[i] & 0xf];
	}
	hex[nbytes * 2] = '\0';
	explicit_bzero (bytes, nbytes);
	return hex;
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
