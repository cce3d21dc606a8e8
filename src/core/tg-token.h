/* tg-token.h: access tokens (bearer secrets, stored only as their SHA-256) */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
	TG_ROLE_UNKNOWN = 0,
	TG_ROLE_ADMIN = 1,
	TG_ROLE_SECRETARY = 2,
	TG_ROLE_STAFF = 3,
} TgRole;

typedef struct {
	gchar *id;   /* public identifier, 32 hex digits */
	gchar *hash; /* SHA-256 of the secret, hex */
	TgRole role;
	gchar *unit;       /* (nullable): the unit of a secretary or staff member */
	gchar *name;       /* (nullable) */
	gchar *email;      /* (nullable) */
	gint64 created_at; /* UTC microseconds */
	gint64 revoked_at; /* 0 while valid */
} TgToken;

TgToken *tg_token_new (void);
void tg_token_free (TgToken *token);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TgToken, tg_token_free)

const gchar *tg_role_to_string (TgRole role);
TgRole tg_role_from_string (const gchar *str);

/* (transfer full): a new secret, "tg_" and 256 random bits in base64url */
gchar *tg_token_generate_secret (void);

/* (transfer full): the SHA-256 of @secret in hex, what the store keeps */
gchar *tg_token_hash_secret (const gchar *secret);

/* TRUE when @secret has the shape of a token (so that junk never reaches the store) */
gboolean tg_token_secret_is_well_formed (const gchar *secret);

/* Checks role, unit, name and email of a token about to be created */
gboolean tg_token_validate (const TgToken *token, GError **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
