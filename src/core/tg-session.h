/* tg-session.h: the web pages' sign-in sessions and login codes (their secrets are only ever
 * stored as SHA-256 hashes) */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The limits when the configuration gives none: a session ends after 30 minutes without a
 * request or 12 hours after the sign-in, whichever comes first; a login link lives 15 minutes */
#define TG_SESSION_IDLE_SECONDS_DEFAULT (30 * 60)
#define TG_SESSION_LIFETIME_SECONDS_DEFAULT (12 * 3600)
#define TG_SESSION_LOGIN_LINK_SECONDS_DEFAULT (15 * 60)

typedef struct {
	gchar *hash;       /* SHA-256 of the cookie's secret, hex */
	gchar *token;      /* the id of the token it stands for */
	gint64 created_at; /* UTC microseconds */
	gint64 seen_at;    /* the last request (updated at most once a minute) */
	gint64 expires_at; /* the absolute end */
} TgSession;

TgSession *tg_session_new (void);
void tg_session_free (TgSession *session);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TgSession, tg_session_free)

/* (transfer full): a new secret, "s_" and 256 random bits in base64url (a session's cookie or
 * a login code) */
gchar *tg_session_generate_secret (void);
/* TRUE when @secret has the shape of one (so that junk never reaches the store) */
gboolean tg_session_secret_is_well_formed (const gchar *secret);
/* (transfer full): the CSRF token of the session whose secret is @secret: derived from it,
 * so that nothing more is stored and it cannot be computed without the cookie */
gchar *tg_session_csrf_token (const gchar *secret);
/* Compares two strings in a time that does not depend on where they differ */
gboolean tg_session_secrets_equal (const gchar *a, const gchar *b);
/* Whether @session is still alive at @now_us with an idle limit of @idle_us */
gboolean tg_session_is_alive (const TgSession *session, gint64 now_us, gint64 idle_us);

G_END_DECLS
