/* tg-http-sessions.c: signing in to the web pages. A session is an HttpOnly, SameSite=Strict
 * cookie (Secure when the public URL is https) standing for the token that opened it; every
 * change asked with it carries its CSRF token in an X-CSRF-Token header. Bearer tokens need
 * none of this. */
#define G_LOG_DOMAIN "thaogo-http"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "tg-error.h"
#include "tg-http-handlers.h"
#include "tg-http-static.h"

#define TG_HTTP_CSRF_HEADER "X-CSRF-Token"

static gboolean
tg_http_method_is_safe (TgHttpRequest *req)
{
	const gchar *method = tg_http_request_get_method (req);
	return g_strcmp0 (method, "GET") == 0 || g_strcmp0 (method, "HEAD") == 0;
}

/* The Set-Cookie value of the session @secret (NULL: one that ends it at once) */
static gchar *
tg_http_session_cookie (TgHttpRequest *req, const gchar *secret)
{
	gboolean secure = g_str_has_prefix (tg_http_request_get_public_url (req), "https://");

	/* no Max-Age: the browser forgets it when it closes; the server ends it before */
	return g_strdup_printf ("%s=%s; Path=/; HttpOnly; SameSite=Strict%s%s",
				TG_HTTP_SESSION_COOKIE, secret != NULL ? secret : "",
				secret != NULL ? "" : "; Max-Age=0", secure ? "; Secure" : "");
}

const TgToken *
tg_http_session_authenticate (TgHttpRequest *req, const gchar *cookie, GError **error)
{
	g_autoptr (TgToken) caller = NULL;
	g_autofree gchar *expected = NULL;

	caller = tg_engine_authenticate_session (tg_http_request_get_engine (req), cookie, error);
	if (caller == NULL)
		return NULL;
	if (!tg_http_method_is_safe (req)) {
		expected = tg_session_csrf_token (cookie);
		if (!tg_session_secrets_equal (tg_http_request_get_header (req,
									   TG_HTTP_CSRF_HEADER),
					       expected)) {
			tg_error_set_field (
				error, TG_ERROR_CSRF, NULL,
				N_ ("this change must come from thaogo's own pages: its "
				    "CSRF token is missing or wrong"));
			return NULL;
		}
	}
	return tg_http_request_set_caller (req, g_steal_pointer (&caller));
}

/* {"session": {"token": Token, "csrf_token"}} */
static JsonNode *
tg_http_session_to_json (const TgToken *token, const gchar *secret)
{
	g_autofree gchar *csrf = tg_session_csrf_token (secret);
	JsonNode *node = json_node_new (JSON_NODE_OBJECT);
	JsonObject *obj = json_object_new ();

	json_object_set_member (obj, "token", tg_http_token_to_json (token));
	json_object_set_string_member (obj, "csrf_token", csrf);
	json_node_take_object (node, obj);
	return tg_json_wrap ("session", node);
}

static gboolean
tg_http_request_is_json (TgHttpRequest *req, GError **error)
{
	const gchar *type = tg_http_request_get_header (req, "Content-Type");

	/* a page of another site can post a form or text/plain, never JSON without asking */
	if (type == NULL || g_ascii_strncasecmp (type, "application/json", 16) != 0 ||
	    (type[16] != '\0' && type[16] != ';')) {
		tg_error_set_field (error, TG_ERROR_BAD_JSON, NULL,
				    N_ ("the request needs a JSON object as its body"));
		return FALSE;
	}
	return TRUE;
}

gboolean
tg_http_sign_in (TgHttpRequest *req, TgHttpResponse *resp, GError **error)
{
	TgEngine *engine = tg_http_request_get_engine (req);
	g_autoptr (JsonObject) obj = NULL;
	g_autofree gchar *token = NULL;
	g_autofree gchar *code = NULL;
	g_autofree gchar *secret = NULL;
	g_autofree gchar *cookie = NULL;
	g_autoptr (TgToken) caller = NULL;

	if (!tg_http_request_is_json (req, error))
		return FALSE;
	obj = tg_http_request_parse_object (req, error);
	if (obj == NULL)
		return FALSE;
	if (!tg_json_get_string (obj, "token", NULL, &token, error) ||
	    !tg_json_get_string (obj, "code", NULL, &code, error))
		return FALSE;
	if ((token == NULL) == (code == NULL)) {
		tg_error_set_field (error, TG_ERROR_INVALID, "token",
				    N_ ("give either an access token or a sign-in code"));
		return FALSE;
	}
	if (token != NULL)
		caller = tg_engine_sign_in (engine, g_strstrip (token), &secret, error);
	else
		caller = tg_engine_sign_in_with_code (engine, code, &secret, error);
	if (caller == NULL)
		return FALSE;
	cookie = tg_http_session_cookie (req, secret);
	tg_http_response_add_header (resp, "Set-Cookie", cookie);
	tg_http_response_set_json (resp, 201, tg_http_session_to_json (caller, secret));
	return TRUE;
}

gboolean
tg_http_get_session (TgHttpRequest *req, TgHttpResponse *resp, GError **error)
{
	const gchar *cookie = tg_http_request_get_cookie (req, TG_HTTP_SESSION_COOKIE);
	const TgToken *caller;

	if (cookie == NULL) {
		tg_error_set_field (error, TG_ERROR_UNAUTHORIZED, NULL,
				    N_ ("you are not signed in"));
		return FALSE;
	}
	caller = tg_http_session_authenticate (req, cookie, error);
	if (caller == NULL)
		return FALSE;
	tg_http_response_set_json (resp, 200, tg_http_session_to_json (caller, cookie));
	return TRUE;
}

gboolean
tg_http_sign_out (TgHttpRequest *req, TgHttpResponse *resp, GError **error)
{
	const gchar *cookie = tg_http_request_get_cookie (req, TG_HTTP_SESSION_COOKIE);
	g_autofree gchar *ended = tg_http_session_cookie (req, NULL);

	/* whatever happens, the browser forgets the cookie */
	tg_http_response_add_header (resp, "Set-Cookie", ended);
	if (cookie == NULL) {
		tg_error_set_field (error, TG_ERROR_UNAUTHORIZED, NULL,
				    N_ ("you are not signed in"));
		return FALSE;
	}
	if (tg_http_session_authenticate (req, cookie, error) == NULL)
		return FALSE;
	if (!tg_engine_sign_out (tg_http_request_get_engine (req), cookie, error))
		return FALSE;
	tg_http_response_set_bytes (resp, 204, NULL, NULL);
	return TRUE;
}

gboolean
tg_http_create_login_link (TgHttpRequest *req, TgHttpResponse *resp, GError **error)
{
	const TgToken *caller = tg_http_request_require_caller (req, error);
	g_autoptr (JsonObject) obj = NULL;
	g_autoptr (JsonBuilder) b = json_builder_new ();
	g_autofree gchar *token_id = NULL;
	g_autofree gchar *code = NULL;
	g_autofree gchar *url = NULL;
	g_autofree gchar *expires = NULL;
	gint64 expires_at = 0;

	if (caller == NULL)
		return FALSE;
	/* the body is optional: {"token": ID} for another token (admin) */
	if (tg_http_request_has_body (req)) {
		obj = tg_http_request_parse_object (req, error);
		if (obj == NULL || !tg_json_get_string (obj, "token", "token", &token_id, error))
			return FALSE;
		if (token_id != NULL &&
		    (strlen (token_id) != 32 || strspn (token_id, "0123456789abcdef") != 32)) {
			tg_error_set_field (error, TG_ERROR_INVALID, "token",
					    N_ ("must be a token id (32 hexadecimal digits)"));
			return FALSE;
		}
	}
	code = tg_engine_create_login_code (tg_http_request_get_engine (req), caller, token_id,
					    &expires_at, error);
	if (code == NULL)
		return FALSE;
	/* the code is in the fragment: it never reaches a server's log, and a link scanner
	 * that opens the address only gets the page, whose button posts it */
	url = g_strdup_printf ("%s/signin#code=%s", tg_http_request_get_public_url (req), code);
	expires = tg_clock_format_rfc3339 (expires_at);
	json_builder_begin_object (b);
	json_builder_set_member_name (b, "url");
	json_builder_add_string_value (b, url);
	json_builder_set_member_name (b, "expires_at");
	json_builder_add_string_value (b, expires);
	json_builder_end_object (b);
	tg_http_response_set_json (resp, 201, json_builder_get_root (b));
	return TRUE;
}
