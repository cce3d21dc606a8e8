/* tg-engine-sessions.c: signing in to the web pages: sessions behind a cookie and single-use
 * login codes, each standing for the token that opened it */
#define G_LOG_DOMAIN "thaogo-engine"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "tg-engine-private.h"
#include "tg-error.h"
#include "tg-store.h"

/* a session's last request is written down at most this often (its idle limit is coarse by
 * as much), so that a page's requests are not each a write */
#define TG_SESSION_TOUCH_US (60 * G_USEC_PER_SEC)

static gint64
tg_engine_seconds_us (guint seconds, guint fallback)
{
	return (gint64) (seconds != 0 ? seconds : fallback) * G_USEC_PER_SEC;
}

static void
tg_engine_set_signed_out (GError **error)
{
	tg_error_set_field (error, TG_ERROR_UNAUTHORIZED, NULL,
			    N_ ("the session has ended; sign in again"));
}

/* A new session for @token: *secret gets the cookie's value */
static gboolean
tg_engine_open_session (TgEngine *engine, const TgToken *token, gchar **secret, GError **error)
{
	g_autofree gchar *new_secret = tg_session_generate_secret ();
	g_autoptr (TgSession) session = tg_session_new ();
	g_autoptr (GError) error_local = NULL;
	gint64 now = tg_clock_now (engine->clock);

	session->hash = tg_token_hash_secret (new_secret);
	session->token = g_strdup (token->id);
	session->created_at = now;
	session->seen_at = now;
	session->expires_at = now + tg_engine_seconds_us (engine->options.session_lifetime_seconds,
							  TG_SESSION_LIFETIME_SECONDS_DEFAULT);
	if (!tg_store_add_session (engine->store, session, &error_local)) {
		tg_engine_propagate_store_error (error, g_steal_pointer (&error_local));
		return FALSE;
	}
	g_info ("token %s signed in to the web pages", token->id);
	*secret = g_steal_pointer (&new_secret);
	return TRUE;
}

/* The valid (not revoked) token @id; UNAUTHORIZED otherwise */
static TgToken *
tg_engine_get_valid_token (TgEngine *engine, const gchar *id, GError **error)
{
	g_autoptr (GError) error_local = NULL;
	g_autoptr (TgToken) token = tg_store_get_token (engine->store, id, &error_local);

	if (token == NULL) {
		if (g_error_matches (error_local, TG_STORE_ERROR, TG_STORE_ERROR_NOT_FOUND)) {
			tg_engine_set_signed_out (error);
			return NULL;
		}
		tg_engine_propagate_store_error (error, g_steal_pointer (&error_local));
		return NULL;
	}
	if (token->revoked_at != 0) {
		tg_error_set_field (error, TG_ERROR_UNAUTHORIZED, NULL,
				    N_ ("this access token has been revoked"));
		return NULL;
	}
	return g_steal_pointer (&token);
}

TgToken *
tg_engine_sign_in (TgEngine *engine, const gchar *token_secret, gchar **session_secret,
		   GError **error)
{
	g_autoptr (TgToken) token = NULL;

	g_return_val_if_fail (session_secret != NULL, NULL);
	token = tg_engine_authenticate (engine, token_secret, error);
	if (token == NULL || !tg_engine_open_session (engine, token, session_secret, error))
		return NULL;
	return g_steal_pointer (&token);
}

TgToken *
tg_engine_sign_in_with_code (TgEngine *engine, const gchar *code, gchar **session_secret,
			     GError **error)
{
	g_autofree gchar *hash = NULL;
	g_autofree gchar *token_id = NULL;
	g_autoptr (GError) error_local = NULL;
	g_autoptr (TgToken) token = NULL;

	g_return_val_if_fail (session_secret != NULL, NULL);
	if (!tg_session_secret_is_well_formed (code)) {
		tg_error_set_field (
			error, TG_ERROR_UNAUTHORIZED, "code",
			N_ ("this sign-in link is not valid, or it has been used or has "
			    "expired"));
		return NULL;
	}
	hash = tg_token_hash_secret (code);
	token_id = tg_store_take_login_code (engine->store, hash, tg_clock_now (engine->clock),
					     &error_local);
	if (token_id == NULL) {
		if (g_error_matches (error_local, TG_STORE_ERROR, TG_STORE_ERROR_NOT_FOUND)) {
			tg_error_set_field (
				error, TG_ERROR_UNAUTHORIZED, "code",
				N_ ("this sign-in link is not valid, or it has been used "
				    "or has expired"));
			return NULL;
		}
		tg_engine_propagate_store_error (error, g_steal_pointer (&error_local));
		return NULL;
	}
	token = tg_engine_get_valid_token (engine, token_id, error);
	if (token == NULL || !tg_engine_open_session (engine, token, session_secret, error))
		return NULL;
	return g_steal_pointer (&token);
}

TgToken *
tg_engine_authenticate_session (TgEngine *engine, const gchar *session_secret, GError **error)
{
	g_autofree gchar *hash = NULL;
	g_autoptr (TgSession) session = NULL;
	g_autoptr (GError) error_local = NULL;
	gint64 now = tg_clock_now (engine->clock);
	gint64 idle = tg_engine_seconds_us (engine->options.session_idle_seconds,
					    TG_SESSION_IDLE_SECONDS_DEFAULT);

	if (!tg_session_secret_is_well_formed (session_secret)) {
		tg_engine_set_signed_out (error);
		return NULL;
	}
	hash = tg_token_hash_secret (session_secret);
	session = tg_store_get_session (engine->store, hash, &error_local);
	if (session == NULL) {
		if (g_error_matches (error_local, TG_STORE_ERROR, TG_STORE_ERROR_NOT_FOUND)) {
			tg_engine_set_signed_out (error);
			return NULL;
		}
		tg_engine_propagate_store_error (error, g_steal_pointer (&error_local));
		return NULL;
	}
	if (!tg_session_is_alive (session, now, idle)) {
		/* an ended session is deleted; another request may have done it first */
		if (!tg_store_delete_session (engine->store, hash, &error_local))
			g_debug ("deleting an ended session: %s", error_local->message);
		tg_engine_set_signed_out (error);
		return NULL;
	}
	if (now - session->seen_at >= TG_SESSION_TOUCH_US &&
	    !tg_store_touch_session (engine->store, hash, now, &error_local)) {
		tg_engine_propagate_store_error (error, g_steal_pointer (&error_local));
		return NULL;
	}
	return tg_engine_get_valid_token (engine, session->token, error);
}

gboolean
tg_engine_sign_out (TgEngine *engine, const gchar *session_secret, GError **error)
{
	g_autofree gchar *hash = NULL;
	g_autoptr (GError) error_local = NULL;

	if (!tg_session_secret_is_well_formed (session_secret)) {
		tg_engine_set_signed_out (error);
		return FALSE;
	}
	hash = tg_token_hash_secret (session_secret);
	if (!tg_store_delete_session (engine->store, hash, &error_local)) {
		if (g_error_matches (error_local, TG_STORE_ERROR, TG_STORE_ERROR_NOT_FOUND)) {
			tg_engine_set_signed_out (error);
			return FALSE;
		}
		tg_engine_propagate_store_error (error, g_steal_pointer (&error_local));
		return FALSE;
	}
	g_info ("a web session was signed out");
	return TRUE;
}

gchar *
tg_engine_create_login_code (TgEngine *engine, const TgToken *caller, const gchar *token_id,
			     gint64 *expires_at, GError **error)
{
	g_autofree gchar *code = tg_session_generate_secret ();
	g_autofree gchar *hash = tg_token_hash_secret (code);
	g_autoptr (TgToken) target = NULL;
	g_autoptr (GError) error_local = NULL;
	gint64 now = tg_clock_now (engine->clock);
	gint64 end = now + tg_engine_seconds_us (engine->options.login_link_seconds,
						 TG_SESSION_LOGIN_LINK_SECONDS_DEFAULT);

	g_return_val_if_fail (caller != NULL && expires_at != NULL, NULL);
	/* anyone for their own token; the administrator for any */
	if (token_id != NULL && g_strcmp0 (token_id, caller->id) != 0) {
		if (!tg_engine_require_admin (caller, error))
			return NULL;
		target = tg_store_get_token (engine->store, token_id, &error_local);
		if (target == NULL || target->revoked_at != 0) {
			if (target != NULL || g_error_matches (error_local, TG_STORE_ERROR,
							       TG_STORE_ERROR_NOT_FOUND)) {
				tg_error_set_field (error, TG_ERROR_NOT_FOUND, "token",
						    N_ ("no valid token has this id"));
				return NULL;
			}
			tg_engine_propagate_store_error (error, g_steal_pointer (&error_local));
			return NULL;
		}
	}
	if (!tg_store_add_login_code (engine->store, hash, target != NULL ? target->id : caller->id,
				      now, end, &error_local)) {
		tg_engine_propagate_store_error (error, g_steal_pointer (&error_local));
		return NULL;
	}
	g_info ("login link made for token %s", target != NULL ? target->id : caller->id);
	*expires_at = end;
	return g_steal_pointer (&code);
}
