/* tg-token.c: access tokens */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "tg-email.h"
#include "tg-error.h"
#include "tg-random.h"
#include "tg-text.h"
#include "tg-token.h"
#include "tg-unit.h"

#define TG_TOKEN_PREFIX "tg_"
#define TG_TOKEN_RANDOM_BYTES 32

TgToken *
tg_token_new (void)
{
	return g_new0 (TgToken, 1);
}

void
tg_token_free (TgToken *token)
{
	if (token == NULL)
		return;
	g_free (token->id);
	g_free (token->hash);
	g_free (token->unit);
	g_free (token->name);
	g_free (token->email);
	g_free (token);
}

static const gchar *tg_roles[] = {
	[TG_ROLE_UNKNOWN] = NULL,
	[TG_ROLE_ADMIN] = "admin",
	[TG_ROLE_SECRETARY] = "secretary",
	[TG_ROLE_STAFF] = "staff",
};

const gchar *
tg_role_to_string (TgRole role)
{
	if ((guint) role >= G_N_ELEMENTS (tg_roles))
		return NULL;
	return tg_roles[role];
}

TgRole
tg_role_from_string (const gchar *str)
{
	for (guint i = 1; str != NULL && i < G_N_ELEMENTS (tg_roles); i++) {
		if (g_strcmp0 (str, tg_roles[i]) == 0)
			return (TgRole) i;
	}
	return TG_ROLE_UNKNOWN;
}

gchar *
tg_token_generate_secret (void)
{
	g_autofree gchar *rnd = tg_random_base64url (TG_TOKEN_RANDOM_BYTES);
	return g_strconcat (TG_TOKEN_PREFIX, rnd, NULL);
}

gchar *
tg_token_hash_secret (const gchar *secret)
{
	g_return_val_if_fail (secret != NULL, NULL);
	return g_compute_checksum_for_string (G_CHECKSUM_SHA256, secret, -1);
}

gboolean
tg_token_secret_is_well_formed (const gchar *secret)
{
	gsize len;

	if (secret == NULL || !g_str_has_prefix (secret, TG_TOKEN_PREFIX))
		return FALSE;
	len = strlen (secret);
	if (len < 20 || len > 128)
		return FALSE;
	for (gsize i = strlen (TG_TOKEN_PREFIX); i < len; i++) {
		gchar c = secret[i];
		if (!g_ascii_isalnum (c) && c != '-' && c != '_')
			return FALSE;
	}
	return TRUE;
}

gboolean
tg_token_validate (const TgToken *token, GError **error)
{
	g_return_val_if_fail (token != NULL, FALSE);

	if (token->role == TG_ROLE_UNKNOWN) {
		tg_error_set_field (error, TG_ERROR_INVALID, "role",
				    N_ ("must be admin, secretary or staff"));
		return FALSE;
	}
	if (token->role == TG_ROLE_ADMIN && token->unit != NULL) {
		tg_error_set_field (error, TG_ERROR_INVALID, "unit",
				    N_ ("an admin token is not tied to a unit"));
		return FALSE;
	}
	if (token->role != TG_ROLE_ADMIN && !tg_unit_code_is_valid (token->unit)) {
		tg_error_set_field (error, TG_ERROR_INVALID, "unit",
				    N_ ("a secretary or staff token needs the code of its unit"));
		return FALSE;
	}
	if (token->name != NULL && !tg_text_is_clean_line (token->name, 1, 100)) {
		tg_error_set_field (error, TG_ERROR_INVALID, "name",
				    N_ ("must be 1 to 100 characters of text on one line"));
		return FALSE;
	}
	if (token->email != NULL && !tg_email_is_valid (token->email)) {
		tg_error_set_field (error, TG_ERROR_INVALID, "email",
				    N_ ("is not a valid email address"));
		return FALSE;
	}
	return TRUE;
}
