/* tg-mail.h: composing messages (GMime) and sending them (libcurl SMTP, or a spool folder);
 * the only code that includes gmime.h and curl.h */
#pragma once

#include <glib.h>

#include "tg-mail-settings.h"

G_BEGIN_DECLS

#define TG_MAIL_ERROR (tg_mail_error_quark ())

typedef enum {
	TG_MAIL_ERROR_TRANSIENT = 1, /* connect, TLS, 4xx: try again later */
	TG_MAIL_ERROR_PERMANENT = 2, /* 5xx, a refused address: do not retry */
	TG_MAIL_ERROR_INVALID = 3,   /* the message itself is wrong (a bug or bad data) */
} TgMailError;

GQuark tg_mail_error_quark (void);

/* Process-wide setup (GMime, libcurl); call once from main() */
void tg_mail_init (void);

typedef struct {
	const gchar *from;      /* address of the sender */
	const gchar *from_name; /* (nullable): its display name ["thaogo"] */
	const gchar *to;        /* one plain address, checked by tg_email_is_valid() */
	const gchar *to_name;   /* (nullable): display name, RFC 2047-encoded when needed */
	const gchar *subject;
	const gchar *text;       /* text/plain part */
	const gchar *html;       /* (nullable): text/html alternative */
	const gchar *message_id; /* "<...@host>": stable per outbox row */
	gint64 date_us;
	const gchar *ics; /* (nullable): text/calendar; method=PUBLISH attachment */
} TgMailMessage;

/* (transfer full): the message as RFC 5322 bytes (CRLF, UTF-8, encoded headers,
 * Auto-Submitted: auto-generated); TG_MAIL_ERROR_INVALID for an address that is not one
 * plain mailbox */
GBytes *tg_mail_compose (const TgMailMessage *message, GError **error) G_GNUC_WARN_UNUSED_RESULT;

typedef struct _TgMailTransport TgMailTransport;

TgMailTransport *tg_mail_transport_new (const TgMailSettings *settings);
void tg_mail_transport_free (TgMailTransport *transport);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TgMailTransport, tg_mail_transport_free)

/* Sends one message; the connection stays open for the next one until
 * tg_mail_transport_close(). TRUE only once the server accepted it (250) */
gboolean tg_mail_transport_send (TgMailTransport *transport, const gchar *from, const gchar *to,
				 const gchar *message_id, GBytes *data,
				 GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* Ends the connection of a batch */
void tg_mail_transport_close (TgMailTransport *transport);
/* Reuse one connection for a batch (TRUE, the default) or connect for each message */
void tg_mail_transport_set_reuse (TgMailTransport *transport, gboolean reuse);

/* Splits a configured sender, "Name <addr>" or "addr", into its parts; FALSE when the
 * address is not one plain mailbox (a one-label domain such as localhost is allowed) */
gboolean tg_mail_parse_sender (const gchar *value, gchar **name, gchar **address);

G_END_DECLS
