/* tg-http-static.c: the web pages' files, served from memory */
#define G_LOG_DOMAIN "thaogo-http"

#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "tg-error.h"
#include "tg-http-static.h"
#include "tg-engine.h"
#include "tg-occurrence.h"

#define TG_HTTP_STATIC_FILE_MAX (4 * 1024 * 1024)
#define TG_HTTP_STATIC_TOTAL_MAX (64 * 1024 * 1024)
#define TG_HTTP_STATIC_DEPTH_MAX 4
/* 'self' only: no inline script or style, no frame around the pages, no plugin; forms post
 * to the daemon only */
#define TG_HTTP_STATIC_CSP                                                                         \
	"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "          \
	"connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "                \
	"form-action 'self'; frame-ancestors 'none'"

typedef struct {
	const gchar *suffix;
	const gchar *content_type;
	gboolean compress;
	gboolean html;
} TgHttpStaticType;

static const TgHttpStaticType tg_http_static_types[] = {
	{".html", "text/html; charset=utf-8", TRUE, TRUE},
	{".css", "text/css; charset=utf-8", TRUE, FALSE},
	{".js", "text/javascript; charset=utf-8", TRUE, FALSE},
	{".mjs", "text/javascript; charset=utf-8", TRUE, FALSE},
	{".json", "application/json; charset=utf-8", TRUE, FALSE},
	{".svg", "image/svg+xml", TRUE, FALSE},
	{".txt", "text/plain; charset=utf-8", TRUE, FALSE},
	{".webmanifest", "application/manifest+json", TRUE, FALSE},
	{".png", "image/png", FALSE, FALSE},
	{".ico", "image/x-icon", TRUE, FALSE},
	{".woff2", "font/woff2", FALSE, FALSE},
};

/* One representation: the bytes as they are, and gzipped when that is smaller */
typedef struct {
	GBytes *body;
	gchar *etag;
	GBytes *gzip; /* (nullable) */
	gchar *etag_gzip;
} TgHttpStaticVariant;

typedef struct {
	const TgHttpStaticType *type;
	TgHttpStaticVariant vi;
	TgHttpStaticVariant en; /* HTML only: <html lang="en"> */
} TgHttpStaticFile;

struct _TgHttpStatic {
	GHashTable *files; /* "/name" -> TgHttpStaticFile */
	gsize total;
	/* the pages' catalogues (/i18n/vi.json, /i18n/en.json): key -> text, for the parts of
	 * pages the daemon writes itself */
	GHashTable *text_vi;
	GHashTable *text_en;
};

static void
tg_http_static_variant_clear (TgHttpStaticVariant *v)
{
	g_clear_pointer (&v->body, g_bytes_unref);
	g_clear_pointer (&v->gzip, g_bytes_unref);
	g_clear_pointer (&v->etag, g_free);
	g_clear_pointer (&v->etag_gzip, g_free);
}

static void
tg_http_static_file_free (TgHttpStaticFile *file)
{
	tg_http_static_variant_clear (&file->vi);
	tg_http_static_variant_clear (&file->en);
	g_free (file);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TgHttpStaticFile, tg_http_static_file_free)

void
tg_http_static_free (TgHttpStatic *web)
{
	if (web == NULL)
		return;
	g_clear_pointer (&web->files, g_hash_table_unref);
	g_clear_pointer (&web->text_vi, g_hash_table_unref);
	g_clear_pointer (&web->text_en, g_hash_table_unref);
	g_free (web);
}

guint
tg_http_static_get_count (TgHttpStatic *web, gsize *total_bytes)
{
	if (total_bytes != NULL)
		*total_bytes = web->total;
	return g_hash_table_size (web->files);
}

static const TgHttpStaticType *
tg_http_static_type_for (const gchar *name)
{
	for (guint i = 0; i < G_N_ELEMENTS (tg_http_static_types); i++) {
		if (g_str_has_suffix (name, tg_http_static_types[i].suffix))
			return &tg_http_static_types[i];
	}
	return NULL;
}

gchar *
tg_http_static_etag (GBytes *bytes, const gchar *suffix)
{
	g_autofree gchar *sum = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
	sum[32] = '\0';
	return g_strdup_printf ("\"%s%s\"", sum, suffix);
}

/* @bytes gzip-compressed at @level: 9 for the files, made once; 1 for a page made for one
 * answer, where the time counts more than the last bytes */
GBytes *
tg_http_static_gzip (GBytes *bytes, gint level, GError **error)
{
	g_autoptr(GZlibCompressor) zlib =
			   g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, level);
	g_autoptr(GInputStream) in = g_memory_input_stream_new_from_bytes (bytes);
	g_autoptr(GInputStream) zin = g_converter_input_stream_new (in, G_CONVERTER (zlib));
	g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();

	if (g_output_stream_splice (out, zin,
				    G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE |
					    G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET,
				    NULL, error) < 0)
		return NULL;
	return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

static gboolean
tg_http_static_variant_init (TgHttpStaticVariant *v, GBytes *bytes, gboolean compress,
			     GError **error)
{
	v->body = g_bytes_ref (bytes);
	v->etag = tg_http_static_etag (bytes, "");
	if (compress && g_bytes_get_size (bytes) > 0) {
		g_autoptr(GBytes) gz = tg_http_static_gzip (bytes, 9, error);
		if (gz == NULL)
			return FALSE;
		if (g_bytes_get_size (gz) < g_bytes_get_size (bytes)) {
			v->etag_gzip = tg_http_static_etag (bytes, "-gz");
			v->gzip = g_steal_pointer (&gz);
		}
	}
	return TRUE;
}

/* The English variant of an HTML page: its first lang="vi" (the <html> element's) is
 * lang="en"; the text itself comes from the catalogues */
static GBytes *
tg_http_static_html_en (GBytes *bytes)
{
	gsize len = 0;
	const gchar *data = g_bytes_get_data (bytes, &len);
	g_autofree gchar *text = g_strndup (data, len);
	gchar *at = strstr (text, "<html lang=\"vi\"");
	if (at != NULL)
		memcpy (at + strlen ("<html lang=\""), "en", 2);
	len = strlen (text);
	return g_bytes_new_take (g_steal_pointer (&text), len);
}

/* @html with the text of @catalogue written into each empty element that names its key
 * (data-i18n="KEY"></...), so that a browser without JavaScript shows the page's fixed
 * texts too (the script writes the same); in English, the language switch leads back to
 * Vietnamese */
static GBytes *
tg_http_static_write_texts (GBytes *html, GHashTable *catalogue, gboolean en)
{
	static const gchar attr[] = "data-i18n=\"";
	gsize len = 0;
	const gchar *data = g_bytes_get_data (html, &len);
	g_autoptr(GString) out = g_string_sized_new (len + 512);
	const gchar *p = data, *end = data + len;

	while (p < end) {
		const gchar *at = g_strstr_len (p, end - p, attr);
		const gchar *key, *close, *tag_end;
		const gchar *text;

		if (at == NULL)
			break;
		key = at + strlen (attr);
		close = memchr (key, '"', (gsize) (end - key));
		tag_end = close != NULL ? memchr (close, '>', (gsize) (end - close)) : NULL;
		if (tag_end == NULL)
			break;
		g_string_append_len (out, p, tag_end + 1 - p);
		p = tag_end + 1;
		/* only an element left empty for its text */
		if (p + 2 > end || p[0] != '<' || p[1] != '/')
			continue;
		{
			g_autofree gchar *name = g_strndup (key, (gsize) (close - key));
			text = catalogue != NULL ? g_hash_table_lookup (catalogue, name) : NULL;
		}
		if (text != NULL) {
			g_autofree gchar *escaped = g_markup_escape_text (text, -1);
			g_string_append (out, escaped);
		}
	}
	g_string_append_len (out, p, end - p);
	if (en) {
		gchar *sw = strstr (out->str, "href=\"?lang=en\"");
		if (sw != NULL)
			memcpy (sw + strlen ("href=\"?lang="), "vi", 2);
	}
	len = out->len;
	return g_bytes_new_take (g_string_free (g_steal_pointer (&out), FALSE), len);
}

/* @html with @json in a data block with the id @id before </head> (not a script: the
 * Content-Security-Policy runs none inline). JSON has '<' only inside its strings, where
 * \u003c means the same: no "</script>" can end the block early */
static GBytes *
tg_http_static_embed_json (GBytes *html, const gchar *id, const gchar *json, gsize json_len)
{
	gsize len = 0;
	const gchar *data = g_bytes_get_data (html, &len);
	const gchar *head = g_strstr_len (data, (gssize) len, "</head>");
	GString *out;

	if (json == NULL || head == NULL)
		return g_bytes_ref (html);
	out = g_string_sized_new (len + json_len + 64);
	g_string_append_len (out, data, head - data);
	g_string_append_printf (out, "<script type=\"application/json\" id=\"%s\">", id);
	for (gsize i = 0; i < json_len; i++) {
		if (json[i] == '<')
			g_string_append (out, "\\u003c");
		else
			g_string_append_c (out, json[i]);
	}
	g_string_append (out, "</script>\n");
	g_string_append_len (out, head, (gssize) (data + len - head));
	len = out->len;
	return g_bytes_new_take (g_string_free (out, FALSE), len);
}

/* @html with the page's catalogue (@json, nullable) as its block "tg-catalogue" */
static GBytes *
tg_http_static_embed_catalogue (GBytes *html, GBytes *json)
{
	gsize json_len = 0;
	const gchar *cat = json != NULL ? g_bytes_get_data (json, &json_len) : NULL;

	return tg_http_static_embed_json (html, "tg-catalogue", cat, json_len);
}

static GBytes *
tg_http_static_catalogue_bytes (TgHttpStatic *web, const gchar *name)
{
	const TgHttpStaticFile *file = g_hash_table_lookup (web->files, name);

	return file != NULL ? file->vi.body : NULL;
}

/* writes the catalogues' texts into every page (see tg_http_static_write_texts), and the
 * catalogue itself (see tg_http_static_embed_catalogue) */
static gboolean
tg_http_static_fill_pages (TgHttpStatic *web, GError **error)
{
	GBytes *cat_vi = tg_http_static_catalogue_bytes (web, "/i18n/vi.json");
	GBytes *cat_en = tg_http_static_catalogue_bytes (web, "/i18n/en.json");
	GHashTableIter iter;
	gpointer value;

	g_hash_table_iter_init (&iter, web->files);
	while (g_hash_table_iter_next (&iter, NULL, &value)) {
		TgHttpStaticFile *file = value;
		g_autoptr(GBytes) vi = NULL;
		g_autoptr(GBytes) en = NULL;

		if (!file->type->html)
			continue;
		{
			g_autoptr(GBytes) vi_texts =
					   tg_http_static_write_texts (file->vi.body, web->text_vi,
								       FALSE);
			g_autoptr(GBytes) en_texts =
					   tg_http_static_write_texts (file->en.body, web->text_en,
								       TRUE);
			vi = tg_http_static_embed_catalogue (vi_texts, cat_vi);
			en = tg_http_static_embed_catalogue (en_texts, cat_en);
		}
		tg_http_static_variant_clear (&file->vi);
		tg_http_static_variant_clear (&file->en);
		if (!tg_http_static_variant_init (&file->vi, vi, file->type->compress, error) ||
		    !tg_http_static_variant_init (&file->en, en, file->type->compress, error))
			return FALSE;
	}
	return TRUE;
}

/* a catalogue's JSON object of strings as a table */
static GHashTable *
tg_http_static_catalogue (GBytes *bytes, GError **error)
{
	g_autoptr(JsonParser) parser = json_parser_new ();
	g_autoptr(GHashTable) text =
			   g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
	JsonNode *root;
	g_autoptr(GList) members = NULL;

	if (!json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL),
					 (gssize) g_bytes_get_size (bytes), error))
		return NULL;
	root = json_parser_get_root (parser);
	if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root)) {
		g_set_error (error, TG_ERROR, TG_ERROR_INVALID, "not a JSON object");
		return NULL;
	}
	members = json_object_get_members (json_node_get_object (root));
	for (GList *l = members; l != NULL; l = l->next) {
		JsonNode *n = json_object_get_member (json_node_get_object (root), l->data);
		if (JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING)
			g_hash_table_insert (text, g_strdup (l->data),
					     g_strdup (json_node_get_string (n)));
	}
	return g_steal_pointer (&text);
}

static gboolean
tg_http_static_add_file (TgHttpStatic *web, GFile *file, const gchar *name, GError **error)
{
	const TgHttpStaticType *type = tg_http_static_type_for (name);
	g_autoptr(GBytes) bytes = NULL;
	g_autoptr(TgHttpStaticFile) entry = NULL;

	if (type == NULL) {
		g_debug ("web: %s left out: not a type the pages use", name);
		return TRUE;
	}
	bytes = g_file_load_bytes (file, NULL, NULL, error);
	if (bytes == NULL)
		return FALSE;
	if (g_bytes_get_size (bytes) > TG_HTTP_STATIC_FILE_MAX ||
	    web->total + g_bytes_get_size (bytes) > TG_HTTP_STATIC_TOTAL_MAX) {
		g_set_error (error, TG_ERROR, TG_ERROR_TOO_LARGE, "%s is too large to serve", name);
		return FALSE;
	}
	if (type->html && !g_utf8_validate (g_bytes_get_data (bytes, NULL),
					    (gssize) g_bytes_get_size (bytes), NULL)) {
		g_set_error (error, TG_ERROR, TG_ERROR_INVALID, "%s is not UTF-8", name);
		return FALSE;
	}
	entry = g_new0 (TgHttpStaticFile, 1);
	entry->type = type;
	if (!tg_http_static_variant_init (&entry->vi, bytes, type->compress, error))
		return FALSE;
	if (type->html) {
		g_autoptr(GBytes) en = tg_http_static_html_en (bytes);
		if (!tg_http_static_variant_init (&entry->en, en, type->compress, error))
			return FALSE;
	}
	if (g_strcmp0 (name, "/i18n/vi.json") == 0 || g_strcmp0 (name, "/i18n/en.json") == 0) {
		GHashTable *text = tg_http_static_catalogue (bytes, error);
		if (text == NULL) {
			g_prefix_error (error, "%s: ", name);
			return FALSE;
		}
		if (name[6] == 'v') {
			g_clear_pointer (&web->text_vi, g_hash_table_unref);
			web->text_vi = text;
		} else {
			g_clear_pointer (&web->text_en, g_hash_table_unref);
			web->text_en = text;
		}
	}
	web->total += g_bytes_get_size (bytes);
	g_hash_table_replace (web->files, g_strdup (name), g_steal_pointer (&entry));
	return TRUE;
}

/* A name is served only when it is plain: letters, digits, '.', '-', '_', no dot first */
static gboolean
tg_http_static_name_is_plain (const gchar *name)
{
	if (name[0] == '\0' || name[0] == '.')
		return FALSE;
	for (const gchar *p = name; *p != '\0'; p++) {
		if (!g_ascii_isalnum (*p) && *p != '.' && *p != '-' && *p != '_')
			return FALSE;
	}
	return TRUE;
}

static gboolean
tg_http_static_add_dir (TgHttpStatic *web, GFile *dir, const gchar *prefix, guint depth,
			GError **error)
{
	g_autoptr(GFileEnumerator) e = NULL;

	e = g_file_enumerate_children (dir,
				       G_FILE_ATTRIBUTE_STANDARD_NAME
				       "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
				       G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, error);
	if (e == NULL)
		return FALSE;
	for (;;) {
		GFileInfo *info = NULL;
		GFile *child = NULL;
		const gchar *base;
		GFileType type;
		g_autofree gchar *name = NULL;

		if (!g_file_enumerator_iterate (e, &info, &child, NULL, error))
			return FALSE;
		if (info == NULL)
			return TRUE;
		base = g_file_info_get_name (info);
		if (!tg_http_static_name_is_plain (base))
			continue;
		name = g_strconcat (prefix, "/", base, NULL);
		/* symbolic links, devices and the rest are never served */
		type = g_file_info_get_file_type (info);
		if (type == G_FILE_TYPE_REGULAR) {
			if (!tg_http_static_add_file (web, child, name, error))
				return FALSE;
		} else if (type == G_FILE_TYPE_DIRECTORY && depth < TG_HTTP_STATIC_DEPTH_MAX) {
			if (!tg_http_static_add_dir (web, child, name, depth + 1, error))
				return FALSE;
		}
	}
}

TgHttpStatic *
tg_http_static_load (const gchar *dir, GError **error)
{
	g_autoptr(TgHttpStatic) web = g_new0 (TgHttpStatic, 1);
	g_autoptr(GFile) file = NULL;

	g_return_val_if_fail (dir != NULL, NULL);
	web->files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
					    (GDestroyNotify) tg_http_static_file_free);
	file = g_file_new_for_path (dir);
	if (!tg_http_static_add_dir (web, file, "", 0, error) ||
	    !tg_http_static_fill_pages (web, error)) {
		g_prefix_error (error, "loading the web pages from %s: ", dir);
		return NULL;
	}
	return g_steal_pointer (&web);
}

/* ---- answers ---- */

gboolean
tg_http_static_accepts_gzip (const gchar *accept_encoding)
{
	g_auto(GStrv) items = NULL;

	if (accept_encoding == NULL)
		return FALSE;
	items = g_strsplit (accept_encoding, ",", 32);
	for (guint i = 0; items[i] != NULL; i++) {
		g_auto(GStrv) parts = g_strsplit (items[i], ";", 8);
		const gchar *coding = g_strstrip (parts[0]);
		gboolean zero = FALSE;

		if (g_ascii_strcasecmp (coding, "gzip") != 0 &&
		    g_ascii_strcasecmp (coding, "x-gzip") != 0 && strcmp (coding, "*") != 0)
			continue;
		for (guint j = 1; parts[j] != NULL; j++) {
			const gchar *param = g_strstrip (parts[j]);
			if (g_ascii_strncasecmp (param, "q=", 2) == 0)
				zero = g_ascii_strtod (param + 2, NULL) <= 0.0;
		}
		if (!zero)
			return TRUE;
	}
	return FALSE;
}

gboolean
tg_http_static_etag_matches (const gchar *if_none_match, const gchar *etag)
{
	g_auto(GStrv) items = NULL;

	if (if_none_match == NULL)
		return FALSE;
	items = g_strsplit (if_none_match, ",", 64);
	for (guint i = 0; items[i] != NULL; i++) {
		const gchar *tag = g_strstrip (items[i]);
		if (strcmp (tag, "*") == 0)
			return TRUE;
		if (g_str_has_prefix (tag, "W/"))
			tag += 2;
		if (strcmp (tag, etag) == 0)
			return TRUE;
	}
	return FALSE;
}

void
tg_http_static_add_security (TgHttpResponse *resp)
{
	tg_http_response_add_header (resp, "Content-Security-Policy", TG_HTTP_STATIC_CSP);
	tg_http_response_add_header (resp, "Referrer-Policy", "no-referrer");
	tg_http_response_add_header (resp, "X-Frame-Options", "DENY");
	tg_http_response_add_header (resp, "Cross-Origin-Opener-Policy", "same-origin");
}

/* the headers of every answer of a file: its security, its caching and its ETag */
static void
tg_http_static_add_headers (TgHttpResponse *resp, gboolean html, gboolean varies, const gchar *etag)
{
	tg_http_static_add_security (resp);
	/* every visit checks its copy with the ETag: a new version is seen at once, an
	 * unchanged file costs a 304 */
	tg_http_response_add_header (resp, "Cache-Control", "no-cache");
	if (html)
		tg_http_response_add_header (resp, "Vary", "Accept-Encoding, Cookie");
	else if (varies)
		tg_http_response_add_header (resp, "Vary", "Accept-Encoding");
	tg_http_response_add_header (resp, "ETag", etag);
}

/* A page with its data written in: made (and compressed) for this answer */
static gboolean
tg_http_static_answer_with_data (const TgHttpStaticFile *file, const TgHttpStaticVariant *v,
				 guint status, const TgHttpStaticQuery *query, TgHttpResponse *resp)
{
	g_autoptr(GBytes) page = tg_http_static_embed_json (v->body, "tg-data", query->data,
							     strlen (query->data));
	g_autoptr(GBytes) gz = NULL;
	gboolean gzip = tg_http_static_accepts_gzip (query->accept_encoding);
	g_autofree gchar *etag = tg_http_static_etag (page, gzip ? "-gz" : "");

	if (gzip) {
		gz = tg_http_static_gzip (page, 1, NULL);
		gzip = gz != NULL;
	}
	tg_http_static_add_headers (resp, TRUE, TRUE, etag);
	if (status == 200 && tg_http_static_etag_matches (query->if_none_match, etag)) {
		tg_http_response_set_bytes (resp, 304, NULL, NULL);
		return TRUE;
	}
	if (gzip)
		tg_http_response_add_header (resp, "Content-Encoding", "gzip");
	tg_http_response_set_bytes (resp, status, file->type->content_type, gzip ? gz : page);
	return TRUE;
}

gboolean
tg_http_static_answer (TgHttpStatic *web, const gchar *name, guint status,
		       const TgHttpStaticQuery *query, TgHttpResponse *resp)
{
	const TgHttpStaticFile *file;
	const TgHttpStaticVariant *v;
	gboolean gzip;
	GBytes *body;
	const gchar *etag;

	g_return_val_if_fail (web != NULL && name != NULL && query != NULL, FALSE);
	file = g_hash_table_lookup (web->files, name);
	if (file == NULL)
		return FALSE;
	v = file->type->html && g_strcmp0 (query->lang, "en") == 0 ? &file->en : &file->vi;
	if (file->type->html && query->data != NULL)
		return tg_http_static_answer_with_data (file, v, status, query, resp);
	gzip = v->gzip != NULL && tg_http_static_accepts_gzip (query->accept_encoding);
	body = gzip ? v->gzip : v->body;
	etag = gzip ? v->etag_gzip : v->etag;

	tg_http_static_add_headers (resp, file->type->html, v->gzip != NULL, etag);
	if (status == 200 && tg_http_static_etag_matches (query->if_none_match, etag)) {
		tg_http_response_set_bytes (resp, 304, NULL, NULL);
		return TRUE;
	}
	if (gzip)
		tg_http_response_add_header (resp, "Content-Encoding", "gzip");
	tg_http_response_set_bytes (resp, status, file->type->content_type, body);
	return TRUE;
}

GBytes *
tg_http_static_get_page (TgHttpStatic *web, const gchar *name, const gchar *lang)
{
	const TgHttpStaticFile *file;

	g_return_val_if_fail (web != NULL && name != NULL, NULL);
	file = g_hash_table_lookup (web->files, name);
	if (file == NULL || !file->type->html)
		return NULL;
	return g_bytes_ref (g_strcmp0 (lang, "en") == 0 ? file->en.body : file->vi.body);
}

const gchar *
tg_http_static_get_text (TgHttpStatic *web, const gchar *lang, const gchar *key)
{
	GHashTable *text = g_strcmp0 (lang, "en") == 0 ? web->text_en : web->text_vi;
	const gchar *found = text != NULL ? g_hash_table_lookup (text, key) : NULL;

	return found != NULL ? found : key;
}

/* ---- handlers ---- */

/* The language of a page: ?lang= (then remembered in a cookie), the cookie, else vi */
const gchar *
tg_http_web_language (TgHttpRequest *req, TgHttpResponse *resp)
{
	const gchar *asked = tg_http_request_get_query (req, "lang");
	const gchar *cookie;

	if (g_strcmp0 (asked, "vi") == 0 || g_strcmp0 (asked, "en") == 0) {
		g_autofree gchar *value =
			g_strdup_printf ("%s=%s; Path=/; Max-Age=31536000; SameSite=Lax",
					 TG_HTTP_STATIC_LANG_COOKIE, asked);
		tg_http_response_add_header (resp, "Set-Cookie", value);
		return asked;
	}
	cookie = tg_http_request_get_cookie (req, TG_HTTP_STATIC_LANG_COOKIE);
	if (g_strcmp0 (cookie, "en") == 0)
		return "en";
	return "vi";
}

/* adds "PATH": @body to the page's data object @out (a path of the pages' own making:
 * digits, letters, '/' and '-') */
static void
tg_http_web_data_add (GString *out, const gchar *path, GBytes *body)
{
	gsize len = 0;
	const gchar *data = g_bytes_get_data (body, &len);

	g_string_append (out, out->len > 1 ? ",\"" : "\"");
	g_string_append (out, path);
	g_string_append (out, "\":");
	g_string_append_len (out, data, (gssize) len);
}

/* the page's data: {"PATH": the body of a GET of PATH, ...} for each of @paths that
 * answers 200, as the page's script would ask for them */
static gchar *
tg_http_web_data (TgHttpRequest *req, const gchar *const *paths)
{
	GString *out = g_string_new ("{");

	for (guint i = 0; paths != NULL && paths[i] != NULL; i++) {
		g_autoptr(GBytes) body = tg_http_request_read_internal (req, paths[i]);
		if (body != NULL)
			tg_http_web_data_add (out, paths[i], body);
	}
	g_string_append_c (out, '}');
	return g_string_free (out, FALSE);
}

/* the microseconds of the RFC 3339 time @name of @obj, 0 when it has none */
static gint64
tg_http_web_time (JsonObject *obj, const gchar *name)
{
	const gchar *text =
		obj != NULL ? json_object_get_string_member_with_default (obj, name, NULL) : NULL;
	gint64 us = 0;

	return text != NULL && tg_clock_parse_rfc3339 (text, &us) ? us : 0;
}

/* the JSON object member @name of the root object of @bytes (parsed into @parser) */
static JsonNode *
tg_http_web_parse (JsonParser *parser, GBytes *bytes)
{
	JsonNode *root;

	if (!json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL),
					 (gssize) g_bytes_get_size (bytes), NULL))
		return NULL;
	root = json_parser_get_root (parser);
	return root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? root : NULL;
}

/* Whether the session @o (of the unit whose booking settings are @booking) takes bookings
 * at @now: the sessions whose seats a unit's page shows ("còn 12/18 chỗ") */
static gboolean
tg_http_web_takes_bookings (JsonObject *o, JsonObject *booking, gint64 now)
{
	JsonObject *reception = json_object_get_object_member (o, "reception");
	gint64 start = tg_http_web_time (reception, "start");
	gint64 days = json_object_get_int_member_with_default (booking, "opens_days_before", 0);
	gint64 hours = json_object_get_int_member_with_default (booking, "closes_hours_before", 0);

	if (start == 0 || g_strcmp0 (json_object_get_string_member_with_default (o, "status", NULL),
				     "cancelled") == 0)
		return FALSE;
	return now >= start - days * 24 * 3600 * G_USEC_PER_SEC &&
	       now < start - hours * 3600 * G_USEC_PER_SEC;
}

/* A unit's page: the unit, its coming sessions, and the seats of each session that takes
 * bookings now; NULL when there is no such unit */
static gchar *
tg_http_web_unit_data (TgHttpRequest *req, const gchar *code)
{
	g_autofree gchar *unit_path = g_strdup_printf ("/api/v1/units/%s", code);
	g_autofree gchar *occ_path = g_strdup_printf ("/api/v1/units/%s/occurrences", code);
	g_autoptr(GBytes) unit = tg_http_request_read_internal (req, unit_path);
	g_autoptr(GBytes) occs =
			   unit != NULL ? tg_http_request_read_internal (req, occ_path) : NULL;
	g_autoptr(JsonParser) unit_parser = json_parser_new ();
	g_autoptr(JsonParser) occ_parser = json_parser_new ();
	gint64 now = tg_clock_now (tg_engine_get_clock (tg_http_request_get_engine (req)));
	JsonObject *booking = NULL;
	JsonArray *list = NULL;
	JsonNode *root;
	GString *out;

	if (unit == NULL || occs == NULL)
		return NULL;
	out = g_string_new ("{");
	tg_http_web_data_add (out, unit_path, unit);
	tg_http_web_data_add (out, occ_path, occs);
	root = tg_http_web_parse (unit_parser, unit);
	if (root != NULL) {
		JsonObject *u = json_object_get_object_member (json_node_get_object (root), "unit");
		JsonObject *series = u != NULL ? json_object_get_object_member (u, "series") : NULL;
		booking = series != NULL ? json_object_get_object_member (series, "booking") : NULL;
	}
	root = tg_http_web_parse (occ_parser, occs);
	if (root != NULL)
		list = json_object_get_array_member (json_node_get_object (root), "occurrences");
	for (guint i = 0; booking != NULL && list != NULL && i < json_array_get_length (list);
	     i++) {
		JsonObject *o = json_array_get_object_element (list, i);
		const gchar *id = json_object_get_string_member_with_default (o, "id", NULL);
		g_autofree gchar *path = NULL;
		g_autofree gchar *id_unit = NULL;
		g_autofree gchar *id_date = NULL;
		g_autoptr(GBytes) slots = NULL;

		/* a bridge point takes no booking; an id is UNIT-YYYYMMDD */
		if (id == NULL || !json_object_get_null_member (o, "bridge_of") ||
		    !tg_occurrence_parse_id (id, &id_unit, &id_date) ||
		    !tg_http_web_takes_bookings (o, booking, now))
			continue;
		path = g_strdup_printf ("/api/v1/occurrences/%s/slots", id);
		slots = tg_http_request_read_internal (req, path);
		if (slots != NULL)
			tg_http_web_data_add (out, path, slots);
	}
	g_string_append_c (out, '}');
	return g_string_free (out, FALSE);
}

/* serves the file @name, a page with @data_owned (transfer full, nullable) written in */
static gboolean
tg_http_web_serve_data (TgHttpRequest *req, TgHttpResponse *resp, const gchar *name, guint status,
			gchar *data_owned)
{
	TgHttpStatic *web = tg_http_request_get_static (req);
	g_autofree gchar *data = data_owned;
	TgHttpStaticQuery query = {
		.lang = "vi",
		.accept_encoding = tg_http_request_get_header (req, "Accept-Encoding"),
		.if_none_match = tg_http_request_get_header (req, "If-None-Match"),
		.data = data,
	};

	if (web == NULL)
		return FALSE;
	if (g_str_has_suffix (name, ".html"))
		query.lang = tg_http_web_language (req, resp);
	return tg_http_static_answer (web, name, status, &query, resp);
}

static gboolean
tg_http_web_serve (TgHttpRequest *req, TgHttpResponse *resp, const gchar *name, guint status)
{
	return tg_http_web_serve_data (req, resp, name, status, NULL);
}

/* The page of an unknown address for a browser, else the JSON error */
gboolean
tg_http_web_not_found (TgHttpRequest *req, TgHttpResponse *resp, GError **error)
{
	const gchar *accept = tg_http_request_get_header (req, "Accept");

	if (accept != NULL && strstr (accept, "text/html") != NULL &&
	    tg_http_web_serve (req, resp, "/404.html", 404))
		return TRUE;
	tg_error_set_field (error, TG_ERROR_NOT_FOUND, NULL, N_ ("nothing is at this address"));
	return FALSE;
}

static gboolean
tg_http_web_page (TgHttpRequest *req, TgHttpResponse *resp, const gchar *name, GError **error)
{
	if (tg_http_web_serve (req, resp, name, 200))
		return TRUE;
	return tg_http_web_not_found (req, resp, error);
}

gboolean
tg_http_web_start (TgHttpRequest *req, TgHttpResponse *resp, GError **error)
{
	const gchar *const paths[] = {"/api/v1/units", NULL};

	/* the units come with the page: it is usable without another request */
	if (tg_http_web_serve_data (req, resp, "/index.html", 200, tg_http_web_data (req, paths)))
		return TRUE;
	return tg_http_web_not_found (req, resp, error);
}

gboolean
tg_http_web_unit (TgHttpRequest *req, TgHttpResponse *resp, GError **error)
{
	const gchar *code = tg_http_request_get_param (req, 0);

	if (!tg_unit_code_is_valid (code))
		return tg_http_web_not_found (req, resp, error);
	if (tg_http_web_serve_data (req, resp, "/unit.html", 200,
				    tg_http_web_unit_data (req, code)))
		return TRUE;
	return tg_http_web_not_found (req, resp, error);
}

gboolean
tg_http_web_slots (TgHttpRequest *req, TgHttpResponse *resp, GError **error)
{
	const gchar *code = tg_http_request_get_param (req, 0);
	const gchar *occurrence = tg_http_request_get_param (req, 1);
	gsize code_len = code != NULL ? strlen (code) : 0;

	/* the occurrence is CODE-YYYYMMDD of this unit */
	if (!tg_unit_code_is_valid (code) || occurrence == NULL ||
	    strncmp (occurrence, code, code_len) != 0 || occurrence[code_len] != '-' ||
	    strlen (occurrence + code_len + 1) != 8 ||
	    strspn (occurrence + code_len + 1, "0123456789") != 8)
		return tg_http_web_not_found (req, resp, error);
	/* the booking page comes with what its script reads first: the unit, the session and
	 * its seats, as a GET of each would answer now */
	{
		g_autofree gchar *unit = g_strdup_printf ("/api/v1/units/%s", code);
		g_autofree gchar *occ = g_strdup_printf ("/api/v1/occurrences/%s", occurrence);
		g_autofree gchar *slots =
			g_strdup_printf ("/api/v1/occurrences/%s/slots", occurrence);
		const gchar *const paths[] = {unit, occ, slots, NULL};

		if (tg_http_web_serve_data (req, resp, "/slots.html", 200,
					    tg_http_web_data (req, paths)))
			return TRUE;
	}
	return tg_http_web_not_found (req, resp, error);
}

gboolean
tg_http_web_signin (TgHttpRequest *req, TgHttpResponse *resp, GError **error)
{
	/* a GET only shows the page: the code of a login link is posted by its button */
	return tg_http_web_page (req, resp, "/signin.html", error);
}

gboolean
tg_http_web_staff (TgHttpRequest *req, TgHttpResponse *resp, GError **error)
{
	return tg_http_web_page (req, resp, "/staff.html", error);
}

gboolean
tg_http_web_secretary (TgHttpRequest *req, TgHttpResponse *resp, GError **error)
{
	return tg_http_web_page (req, resp, "/secretary.html", error);
}

gboolean
tg_http_web_secretary_session (TgHttpRequest *req, TgHttpResponse *resp, GError **error)
{
	const gchar *occurrence = tg_http_request_get_param (req, 0);
	const gchar *dash = occurrence != NULL ? strrchr (occurrence, '-') : NULL;
	g_autofree gchar *code = NULL;

	/* UNIT-YYYYMMDD */
	if (dash == NULL || strlen (dash + 1) != 8 || strspn (dash + 1, "0123456789") != 8)
		return tg_http_web_not_found (req, resp, error);
	code = g_strndup (occurrence, (gsize) (dash - occurrence));
	if (!tg_unit_code_is_valid (code))
		return tg_http_web_not_found (req, resp, error);
	return tg_http_web_page (req, resp, "/secretary-session.html", error);
}

gboolean
tg_http_web_report (TgHttpRequest *req, TgHttpResponse *resp, GError **error)
{
	return tg_http_web_page (req, resp, "/report.html", error);
}

gboolean
tg_http_web_review (TgHttpRequest *req, TgHttpResponse *resp, GError **error)
{
	return tg_http_web_page (req, resp, "/review.html", error);
}

gboolean
tg_http_web_admin (TgHttpRequest *req, TgHttpResponse *resp, GError **error)
{
	return tg_http_web_page (req, resp, "/admin.html", error);
}

gboolean
tg_http_web_fallback (TgHttpRequest *req, TgHttpResponse *resp)
{
	const gchar *path = tg_http_request_get_path (req);
	const gchar *accept;

	/* the pages have their own addresses: /index.html is no second one */
	if (!g_str_has_suffix (path, ".html") && tg_http_web_serve (req, resp, path, 200))
		return TRUE;
	accept = tg_http_request_get_header (req, "Accept");
	return accept != NULL && strstr (accept, "text/html") != NULL &&
	       tg_http_web_serve (req, resp, "/404.html", 404);
}
