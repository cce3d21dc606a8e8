/* tg-email.c: email address syntax (a safe subset of RFC 5321) */
#include "config.h"

#include "tg-email.h"

static gboolean
tg_email_local_char_ok (gchar c)
{
	return g_ascii_isalnum (c) || strchr ("!#$%&'*+-/=?^_`{|}~.", c) != NULL;
}

static gboolean tg_email_check (const gchar *address, gboolean need_dot);

gboolean
tg_email_is_valid (const gchar *address)
{
	return tg_email_check (address, TRUE);
}

gboolean
tg_email_is_valid_sender (const gchar *address)
{
	return tg_email_check (address, FALSE);
}

static gboolean
tg_email_check (const gchar *address, gboolean need_dot)
{
	const gchar *at;
	gsize len, local_len;
	gboolean dot_in_domain = FALSE;

	if (address == NULL)
		return FALSE;
	len = strlen (address);
	if (len < 3 || len > 254)
		return FALSE;
	at = strchr (address, '@');
	if (at == NULL || strchr (at + 1, '@') != NULL)
		return FALSE;
	local_len = (gsize) (at - address);
	if (local_len == 0 || local_len > 64 || address[0] == '.' || at[-1] == '.')
		return FALSE;
	for (const gchar *p = address; p < at; p++) {
		if (!tg_email_local_char_ok (*p) || (p[0] == '.' && p[1] == '.'))
			return FALSE;
	}
	/* domain: labels of letters, digits and hyphens, at least one dot */
	for (const gchar *p = at + 1, *label = at + 1;; p++) {
		if (*p == '.' || *p == '\0') {
			gsize l = (gsize) (p - label);
			if (l == 0 || l > 63 || label[0] == '-' || p[-1] == '-')
				return FALSE;
			if (*p == '\0')
				break;
			dot_in_domain = TRUE;
			label = p + 1;
		} else if (!g_ascii_isalnum (*p) && *p != '-') {
			return FALSE;
		}
	}
	return dot_in_domain || !need_dot;
}
