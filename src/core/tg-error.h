/* tg-error.h: the error domain of the domain logic and the engine
 *
 * Codes are stable numbers: the HTTP layer maps each one to a status and a JSON error name
 * from one table (src/http/tg-http-error.c), the client maps them back.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define TG_ERROR (tg_error_quark ())

typedef enum {
	TG_ERROR_INTERNAL = 1,            /* a bug or a failure of the machine */
	TG_ERROR_INVALID = 2,             /* a value failed validation; carries a field */
	TG_ERROR_BAD_JSON = 3,            /* a request body is not the JSON expected */
	TG_ERROR_NOT_FOUND = 4,           /* no such resource */
	TG_ERROR_UNAUTHORIZED = 5,        /* no token, or an unknown or revoked one */
	TG_ERROR_FORBIDDEN = 6,           /* the token lacks the role */
	TG_ERROR_CONFLICT = 7,            /* the request conflicts with the current state */
	TG_ERROR_TOO_LARGE = 8,           /* a body or a range is too large */
	TG_ERROR_UNAVAILABLE = 9,         /* shutting down, or the store is busy: try again soon */
	TG_ERROR_METHOD_NOT_ALLOWED = 10, /* the path exists, not with that method */
	TG_ERROR_SLOT_FULL = 11,          /* no free seat: alternatives may be offered */
	TG_ERROR_DUPLICATE_BOOKING = 12,  /* one active booking per phone or email */
	TG_ERROR_BOOKING_CLOSED = 13,     /* outside the booking window */
	TG_ERROR_OCCURRENCE_CANCELLED = 14, /* the occurrence will not take place */
	TG_ERROR_RATE_LIMITED = 15,         /* too many new bookings from one address */
	TG_ERROR_BOOKING_EXPIRED = 16,      /* the hold ran out before the confirmation */
	TG_ERROR_STORAGE_FULL = 17,         /* the disk of the database is full: nothing written */
	TG_ERROR_STORAGE_FAILED = 18,       /* the database could not be read or written (an I/O
					     * error, a damaged file) */
	TG_ERROR_CSRF = 19,                 /* a change asked with a session cookie lacks the
					     * session's CSRF token */
} TgError;

GQuark tg_error_quark (void);

/* Every TG_ERROR may carry the field it is about (JSON path, "requester.phone") and the
 * untranslated message id, so that the HTTP layer can render the message in the language
 * of the request; the GError's own message is the English text. */
const gchar *tg_error_get_field (const GError *error);
const gchar *tg_error_get_msgid (const GError *error);

/* Sets a TG_ERROR with a field and a message id marked with N_() */
void tg_error_set_field (GError **error, TgError code, const gchar *field, const gchar *msgid);

G_END_DECLS
