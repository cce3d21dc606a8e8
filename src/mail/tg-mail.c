/* tg-mail.c: messages with GMime, SMTP with libcurl */
#define G_LOG_DOMAIN "thaogo-mail"

#include "config.h"

#include <curl/curl.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <gmime/gmime.h>

#include "tg-email.h"
#include "tg-mail.h"

G_DEFINE_QUARK (tg - mail - error - quark, tg_mail_error)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CURL, curl_easy_cleanup)
/* GMime 3.2 defines no autoptr cleanups of its own */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeMessage, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeMultipart, g_object_unref)

void
tg_mail_init (void)
{
	static gsize done = 0;
	if (g_once_init_enter (&done)) {
		g_mime_init ();
		curl_global_init (CURL_GLOBAL_DEFAULT);
		g_once_init_leave (&done, 1);
	}
}

/* a header value from data: no line breaks, no control characters */
static gchar *
tg_mail_clean_header (const gchar *value)
{
	gchar *out = g_strdup (value != NULL ? value : "");
	for (gchar *p = out; *p != '\0'; p++) {
		if ((guchar) *p < 0x20 || *p == 0x7f)
			*p = ' ';
	}
	return out;
}

static GMimeObject *
tg_mail_text_part (const gchar *subtype, const gchar *text)
{
	GMimeTextPart *part = g_mime_text_part_new_with_subtype (subtype);
	g_mime_text_part_set_charset (part, "utf-8");
	g_mime_text_part_set_text (part, text);
	g_mime_part_set_content_encoding (GMIME_PART (part),
					  GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE);
	return GMIME_OBJECT (part);
}

GBytes *
tg_mail_compose (const TgMailMessage *m, GError **error)
{
	g_autoptr(GMimeMessage) msg = g_mime_message_new (TRUE);
	g_autoptr(GMimeMultipart) alt = g_mime_multipart_new_with_subtype ("alternative");
	g_autoptr(GDateTime) date = g_date_time_new_from_unix_utc (m->date_us / G_USEC_PER_SEC);
	g_autofree gchar *subject = tg_mail_clean_header (m->subject);
	g_autofree gchar *name = tg_mail_clean_header (m->to_name);
	g_autofree gchar *id = NULL;
	GMimeObject *body;
	gchar *text;
	gsize len;

	if (!tg_email_is_valid (m->to) || !tg_email_is_valid_sender (m->from)) {
		g_set_error (error, TG_MAIL_ERROR, TG_MAIL_ERROR_INVALID,
			     "not a single plain address");
		return NULL;
	}
	g_mime_message_add_mailbox (msg, GMIME_ADDRESS_TYPE_FROM,
				    m->from_name != NULL ? m->from_name : "thaogo", m->from);
	g_mime_message_add_mailbox (msg, GMIME_ADDRESS_TYPE_TO, name[0] != '\0' ? name : NULL,
				    m->to);
	g_mime_message_set_subject (msg, subject, "utf-8");
	g_mime_message_set_date (msg, date);
	/* GMime wants the id without the angle brackets */
	id = g_strndup (m->message_id + (m->message_id[0] == '<'),
			strlen (m->message_id) - (m->message_id[0] == '<') -
				(g_str_has_suffix (m->message_id, ">") ? 1 : 0));
	g_mime_message_set_message_id (msg, id);
	g_mime_object_set_header (GMIME_OBJECT (msg), "Auto-Submitted", "auto-generated", NULL);
	g_mime_object_set_header (GMIME_OBJECT (msg), "X-Auto-Response-Suppress", "All", NULL);

	g_mime_multipart_add (alt, tg_mail_text_part ("plain", m->text));
	g_object_unref (g_mime_multipart_get_part (alt, 0));
	if (m->html != NULL) {
		g_mime_multipart_add (alt, tg_mail_text_part ("html", m->html));
		g_object_unref (g_mime_multipart_get_part (alt, 1));
	}
	body = GMIME_OBJECT (alt);
	if (m->ics != NULL) {
		GMimeMultipart *mixed = g_mime_multipart_new_with_subtype ("mixed");
		GMimeTextPart *cal = g_mime_text_part_new_with_subtype ("calendar");
		g_mime_text_part_set_charset (cal, "utf-8");
		g_mime_object_set_content_type_parameter (GMIME_OBJECT (cal), "method", "PUBLISH");
		g_mime_text_part_set_text (cal, m->ics);
		g_mime_part_set_content_encoding (GMIME_PART (cal), GMIME_CONTENT_ENCODING_BASE64);
		g_mime_part_set_filename (GMIME_PART (cal), "lich-hen.ics");
		g_mime_multipart_add (mixed, body);
		g_mime_multipart_add (mixed, GMIME_OBJECT (cal));
		g_object_unref (cal);
		g_mime_message_set_mime_part (msg, GMIME_OBJECT (mixed));
		g_object_unref (mixed);
	} else {
		g_mime_message_set_mime_part (msg, body);
	}
	{
		GMimeFormatOptions *opts = g_mime_format_options_clone (NULL);
		g_mime_format_options_set_newline_format (opts, GMIME_NEWLINE_FORMAT_DOS);
		text = g_mime_object_to_string (GMIME_OBJECT (msg), opts);
		g_mime_format_options_free (opts);
	}
	len = strlen (text);
	return g_bytes_new_take (text, len);
}

struct _TgMailTransport {
	gchar *url;
	gboolean tls_required;
	gchar *ca_file;
	gchar *username;
	gchar *password;
	gchar *spool_dir;
	glong timeout;
	gboolean reuse;
	CURL *curl;
};

TgMailTransport *
tg_mail_transport_new (const TgMailSettings *s)
{
	TgMailTransport *t = g_new0 (TgMailTransport, 1);
	t->url = g_strdup (s->url);
	t->tls_required = s->tls_required;
	t->ca_file = g_strdup (s->ca_file);
	t->username = g_strdup (s->username);
	t->password = g_strdup (s->password);
	t->spool_dir = g_strdup (s->spool_dir);
	t->timeout = s->timeout_seconds > 0 ? s->timeout_seconds : 60;
	t->reuse = TRUE;
	return t;
}

void
tg_mail_transport_close (TgMailTransport *t)
{
	g_clear_pointer (&t->curl, curl_easy_cleanup);
}

void
tg_mail_transport_free (TgMailTransport *t)
{
	if (t == NULL)
		return;
	tg_mail_transport_close (t);
	g_free (t->url);
	g_free (t->ca_file);
	g_free (t->username);
	if (t->password != NULL)
		memset (t->password, 0, strlen (t->password));
	g_free (t->password);
	g_free (t->spool_dir);
	g_free (t);
}

void
tg_mail_transport_set_reuse (TgMailTransport *t, gboolean reuse)
{
	t->reuse = reuse;
}

/* without a URL: one .eml file per message, named after its Message-ID, written whole */
static gboolean
tg_mail_spool (TgMailTransport *t, const gchar *message_id, GBytes *data, GError **error)
{
	g_autoptr(GString) name = g_string_new (NULL);
	g_autofree gchar *path = NULL;
	gsize len = 0;
	const gchar *bytes = g_bytes_get_data (data, &len);

	for (const gchar *p = message_id; *p != '\0'; p++) {
		if (g_ascii_isalnum (*p) || *p == '.' || *p == '-' || *p == '_')
			g_string_append_c (name, *p);
		else if (*p == '@')
			g_string_append_c (name, '_');
	}
	g_string_append (name, ".eml");
	if (g_mkdir_with_parents (t->spool_dir, 0700) != 0) {
		g_set_error (error, TG_MAIL_ERROR, TG_MAIL_ERROR_TRANSIENT, "%s: %s", t->spool_dir,
			     g_strerror (errno));
		return FALSE;
	}
	path = g_build_filename (t->spool_dir, name->str, NULL);
	if (!g_file_set_contents_full (path, bytes, (gssize) len, G_FILE_SET_CONTENTS_CONSISTENT,
				       0600, error)) {
		g_prefix_error (error, "spool: ");
		if (error != NULL && *error != NULL) {
			(*error)->domain = TG_MAIL_ERROR;
			(*error)->code = TG_MAIL_ERROR_TRANSIENT;
		}
		return FALSE;
	}
	return TRUE;
}

typedef struct {
	GBytes *data;
	gsize offset;
} TgMailReader;

static size_t
tg_mail_read_cb (char *buf, size_t size, size_t n, void *user)
{
	TgMailReader *r = user;
	gsize len = 0;
	const gchar *bytes = g_bytes_get_data (r->data, &len);
	gsize chunk = MIN (size * n, len - r->offset);
	memcpy (buf, bytes + r->offset, chunk);
	r->offset += chunk;
	return chunk;
}

/* failures of the connection, of TLS or of the login: the next attempt may work */
static gboolean
tg_mail_curl_transient (CURLcode rc)
{
	static const CURLcode transient[] = {
		CURLE_COULDNT_RESOLVE_HOST,
		CURLE_COULDNT_CONNECT,
		CURLE_OPERATION_TIMEDOUT,
		CURLE_SEND_ERROR,
		CURLE_RECV_ERROR,
		CURLE_SSL_CONNECT_ERROR,
		CURLE_USE_SSL_FAILED,
		CURLE_GOT_NOTHING,
		CURLE_PEER_FAILED_VERIFICATION,
		CURLE_LOGIN_DENIED,
		CURLE_WEIRD_SERVER_REPLY,
	};
	for (guint i = 0; i < G_N_ELEMENTS (transient); i++) {
		if (transient[i] == rc)
			return TRUE;
	}
	return FALSE;
}

gboolean
tg_mail_transport_send (TgMailTransport *t, const gchar *from, const gchar *to,
			const gchar *message_id, GBytes *data, GError **error)
{
	g_autofree gchar *mail_from = NULL;
	g_autofree gchar *rcpt = NULL;
	struct curl_slist *rcpts = NULL;
	char errbuf[CURL_ERROR_SIZE] = "";
	TgMailReader reader = {data, 0};
	long reply = 0;
	CURLcode rc;

	/* nothing a user typed reaches the SMTP dialogue unless it is one plain address */
	if (!tg_email_is_valid (to) || !tg_email_is_valid_sender (from)) {
		g_set_error (error, TG_MAIL_ERROR, TG_MAIL_ERROR_PERMANENT, "not a plain address");
		return FALSE;
	}
	if (t->url == NULL)
		return tg_mail_spool (t, message_id, data, error);
	if (t->curl == NULL || !t->reuse) {
		tg_mail_transport_close (t);
		t->curl = curl_easy_init ();
		if (t->curl == NULL) {
			g_set_error_literal (error, TG_MAIL_ERROR, TG_MAIL_ERROR_TRANSIENT,
					     "curl_easy_init failed");
			return FALSE;
		}
	}
	mail_from = g_strdup_printf ("<%s>", from);
	rcpt = g_strdup_printf ("<%s>", to);
	rcpts = curl_slist_append (NULL, rcpt);
	curl_easy_reset (t->curl);
	curl_easy_setopt (t->curl, CURLOPT_URL, t->url);
	curl_easy_setopt (t->curl, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt (t->curl, CURLOPT_MAIL_FROM, mail_from);
	curl_easy_setopt (t->curl, CURLOPT_MAIL_RCPT, rcpts);
	curl_easy_setopt (t->curl, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt (t->curl, CURLOPT_READFUNCTION, tg_mail_read_cb);
	curl_easy_setopt (t->curl, CURLOPT_READDATA, &reader);
	curl_easy_setopt (t->curl, CURLOPT_INFILESIZE_LARGE, (curl_off_t) g_bytes_get_size (data));
	curl_easy_setopt (t->curl, CURLOPT_TIMEOUT, t->timeout);
	curl_easy_setopt (t->curl, CURLOPT_CONNECTTIMEOUT, 20L);
	curl_easy_setopt (t->curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt (t->curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	if (g_str_has_prefix (t->url, "smtp://"))
		curl_easy_setopt (t->curl, CURLOPT_USE_SSL,
				  t->tls_required ? (long) CURLUSESSL_ALL : (long) CURLUSESSL_NONE);
	if (t->ca_file != NULL)
		curl_easy_setopt (t->curl, CURLOPT_CAINFO, t->ca_file);
	if (t->username != NULL) {
		curl_easy_setopt (t->curl, CURLOPT_USERNAME, t->username);
		curl_easy_setopt (t->curl, CURLOPT_PASSWORD,
				  t->password != NULL ? t->password : "");
	}
	rc = curl_easy_perform (t->curl);
	curl_slist_free_all (rcpts);
	curl_easy_getinfo (t->curl, CURLINFO_RESPONSE_CODE, &reply);
	if (rc == CURLE_OK && reply >= 200 && reply < 300)
		return TRUE;
	/* a failed dialogue leaves the connection in an unknown state */
	tg_mail_transport_close (t);
	/* a refused login is the configuration's fault, not the message's: keep it queued */
	if ((reply >= 400 && reply < 500) || rc == CURLE_LOGIN_DENIED ||
	    (reply < 400 && tg_mail_curl_transient (rc))) {
		g_set_error (error, TG_MAIL_ERROR, TG_MAIL_ERROR_TRANSIENT, "smtp %ld: %s", reply,
			     errbuf[0] != '\0' ? errbuf : curl_easy_strerror (rc));
		return FALSE;
	}
	g_set_error (error, TG_MAIL_ERROR, TG_MAIL_ERROR_PERMANENT, "smtp %ld: %s", reply,
		     errbuf[0] != '\0' ? errbuf : curl_easy_strerror (rc));
	return FALSE;
}

gboolean
tg_mail_parse_sender (const gchar *value, gchar **name, gchar **address)
{
	const gchar *lt;
	g_autofree gchar *n = NULL;
	g_autofree gchar *a = NULL;

	if (value == NULL)
		return FALSE;
	lt = strrchr (value, '<');
	if (lt != NULL && g_str_has_suffix (value, ">")) {
		n = g_strstrip (g_strndup (value, (gsize) (lt - value)));
		a = g_strndup (lt + 1, strlen (lt + 1) - 1);
	} else {
		a = g_strstrip (g_strdup (value));
	}
	if (!tg_email_is_valid_sender (a))
		return FALSE;
	if (n != NULL) {
		/* a display name is one line of text, quotes removed */
		for (gchar *p = n; *p != '\0'; p++) {
			if ((guchar) *p < 0x20 || *p == '"')
				*p = ' ';
		}
		g_strstrip (n);
	}
	*name = n != NULL && n[0] != '\0' ? g_steal_pointer (&n) : NULL;
	*address = g_steal_pointer (&a);
	return TRUE;
}
