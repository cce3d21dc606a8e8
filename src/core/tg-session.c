/* tg-session.c: the web pages' sign-in sessions */
#include "config.h"

#include <string.h>

#include "tg-random.h"
#include "tg-session.h"

#define TG_SESSION_PREFIX "s_"
#define TG_SESSION_RANDOM_BYTES 32

TgSession *
tg_session_new (void)
{
	return g_new0 (TgSession, 1);
}

void
tg_session_free (TgSession *session)
{
	if (session == NULL)
		return;
	g_free (session->hash);
	g_free (session->token);
	g_free (session);
}

gchar *
tg_session_generate_secret (void)
{
	g_autofree gchar *rnd = tg_random_base64url (TG_SESSION_RANDOM_BYTES);
	return g_strconcat (TG_SESSION_PREFIX, rnd, NULL);
}

gboolean
tg_session_secret_is_well_formed (const gchar *secret)
{
	gsize len;

	if (secret == NULL || !g_str_has_prefix (secret, TG_SESSION_PREFIX))
		return FALSE;
	len = strlen (secret);
	if (len < 40 || len > 64)
		return FALSE;
	for (gsize i = strlen (TG_SESSION_PREFIX); i < len; i++) {
		gchar c = secret[i];
		if (!g_ascii_isalnum (c) && c != '-' && c != '_')
			return FALSE;
	}
	return TRUE;
}

gchar *
tg_session_csrf_token (const gchar *secret)
{
	g_return_val_if_fail (secret != NULL, NULL);
	return g_compute_hmac_for_string (G_CHECKSUM_SHA256, (const guchar *) secret,
					  strlen (secret), "thaogo csrf", -1);
}

gboolean
tg_session_secrets_equal (const gchar *a, const gchar *b)
{
	gsize len;
	guchar diff = 0;

	if (a == NULL || b == NULL)
		return FALSE;
	len = strlen (a);
	if (len != strlen (b))
		return FALSE;
	for (gsize i = 0; i < len; i++)
		diff |= (guchar) a[i] ^ (guchar) b[i];
	return diff == 0;
}

gboolean
tg_session_is_alive (const TgSession *session, gint64 now_us, gint64 idle_us)
{
	g_return_val_if_fail (session != NULL, FALSE);
	return now_us < session->expires_at && now_us - session->seen_at < idle_us;
}
