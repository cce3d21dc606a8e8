/* tg-http-static.h: the web pages' files (data/web), loaded into memory at start and served
 * with a strong ETag, 304 answers and gzip kept precompressed */
#pragma once

#include <glib.h>

#include "tg-http.h"

G_BEGIN_DECLS

/* The languages of the pages: an HTML file is kept once per language, its <html lang> set */
#define TG_HTTP_STATIC_LANG_COOKIE "thaogo_lang"

typedef struct _TgHttpStatic TgHttpStatic;

/* Loads every file of @dir (and its subfolders, symbolic links and dot files left out)
 * whose name ends in a known type. Only the names so loaded are ever served: a path cannot
 * leave @dir. Returns (transfer full) */
TgHttpStatic *tg_http_static_load (const gchar *dir, GError **error) G_GNUC_WARN_UNUSED_RESULT;
void tg_http_static_free (TgHttpStatic *web);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TgHttpStatic, tg_http_static_free)

/* How many files were loaded, and the bytes they hold (uncompressed) */
guint tg_http_static_get_count (TgHttpStatic *web, gsize *total_bytes);

/* What a request asks of a file */
typedef struct {
	const gchar *lang;            /* "vi" or "en": the variant of an HTML file */
	const gchar *accept_encoding; /* (nullable) */
	const gchar *if_none_match;   /* (nullable) */
	/* (nullable) a JSON object that an HTML page carries as its data (a block with the id
	 * "tg-data"), so that its script needs no request for it */
	const gchar *data;
} TgHttpStaticQuery;

/* Answers @name ("/app.css", "/index.html") into @resp with @status (200, or 404 for the
 * page of an unknown address): the body, or 304 when @query's If-None-Match names its ETag.
 * FALSE (and @resp untouched) when no file has that name. */
gboolean tg_http_static_answer (TgHttpStatic *web, const gchar *name, guint status,
				const TgHttpStaticQuery *query, TgHttpResponse *resp);

/* (transfer full) (nullable): the bytes of the HTML page @name in @lang ("vi", "en") */
GBytes *tg_http_static_get_page (TgHttpStatic *web, const gchar *name, const gchar *lang);
/* (transfer none): the text of @key in the pages' catalogue of @lang; @key when it has none */
const gchar *tg_http_static_get_text (TgHttpStatic *web, const gchar *lang, const gchar *key);
/* Helpers of any answer kept in memory (tg-http-cache.c too) */
/* (transfer full): a strong validator, the first 128 bits of the SHA-256 of @bytes, quoted,
 * @suffix before the closing quote */
gchar *tg_http_static_etag (GBytes *bytes, const gchar *suffix);
/* (transfer full): @bytes gzipped at @level (1 to 9) */
GBytes *tg_http_static_gzip (GBytes *bytes, gint level, GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* Whether Accept-Encoding (nullable) takes gzip: "gzip", "x-gzip" or "*" with a q above 0 */
gboolean tg_http_static_accepts_gzip (const gchar *accept_encoding);
/* Whether If-None-Match (nullable) names @etag (weak comparison, as RFC 9110 wants for it) */
gboolean tg_http_static_etag_matches (const gchar *if_none_match, const gchar *etag);

/* Adds the headers every page carries (Content-Security-Policy, Referrer-Policy, ...) */
void tg_http_static_add_security (TgHttpResponse *resp);

/* (transfer none) (nullable): the files of the server that answers @req (tg-http-server.c) */
TgHttpStatic *tg_http_request_get_static (TgHttpRequest *req);

/* The handlers of the pages (routed in tg-http-api.c) and of the other files */
gboolean tg_http_web_start (TgHttpRequest *req, TgHttpResponse *resp,
			    GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean tg_http_web_unit (TgHttpRequest *req, TgHttpResponse *resp,
			   GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean tg_http_web_slots (TgHttpRequest *req, TgHttpResponse *resp,
			    GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* The language of a page: ?lang= (then remembered in a cookie on @resp), the cookie, else
 * "vi" */
const gchar *tg_http_web_language (TgHttpRequest *req, TgHttpResponse *resp);
/* The page of an unknown address (404) for a browser, else the JSON error */
gboolean tg_http_web_not_found (TgHttpRequest *req, TgHttpResponse *resp,
				GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* tg-http-pages.c: a booking's page (its state written in for a browser without JavaScript)
 * and the forms that confirm and cancel it without JavaScript */
gboolean tg_http_web_booking (TgHttpRequest *req, TgHttpResponse *resp,
			      GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean tg_http_web_confirm (TgHttpRequest *req, TgHttpResponse *resp,
			      GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean tg_http_web_cancel (TgHttpRequest *req, TgHttpResponse *resp,
			     GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* the sign-in page (and the page of a login link) and the staff's page */
gboolean tg_http_web_signin (TgHttpRequest *req, TgHttpResponse *resp,
			     GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean tg_http_web_staff (TgHttpRequest *req, TgHttpResponse *resp,
			    GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* the secretary's pages: the Mondays of their units, and a session's bookings
 * (/secretary/UNIT-YYYYMMDD) */
gboolean tg_http_web_secretary (TgHttpRequest *req, TgHttpResponse *resp,
				GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean tg_http_web_secretary_session (TgHttpRequest *req, TgHttpResponse *resp,
					GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* the secretary's and administrator's report page, and the administrator's page */
gboolean tg_http_web_report (TgHttpRequest *req, TgHttpResponse *resp,
			     GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean tg_http_web_review (TgHttpRequest *req, TgHttpResponse *resp,
			     GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean tg_http_web_admin (TgHttpRequest *req, TgHttpResponse *resp,
			    GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* A GET or HEAD that no route takes: the file of that name, else for a browser (Accept:
 * text/html) the page of an unknown address with 404. FALSE when neither. */
gboolean tg_http_web_fallback (TgHttpRequest *req, TgHttpResponse *resp);

G_END_DECLS
