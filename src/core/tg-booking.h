/* tg-booking.h: appointments of citizens and enterprises, and the rules on their fields */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
	TG_BOOKING_PENDING = 1,
	TG_BOOKING_CONFIRMED,
	TG_BOOKING_WAITLISTED,
	TG_BOOKING_CANCELLED,
	TG_BOOKING_CANCELLED_BY_UNIT,
	TG_BOOKING_EXPIRED,
	TG_BOOKING_ATTENDED,
	TG_BOOKING_NO_SHOW,
} TgBookingStatus;

typedef enum {
	TG_REQUESTER_CITIZEN = 1,
	TG_REQUESTER_ENTERPRISE,
} TgRequesterKind;

typedef struct {
	TgRequesterKind kind;
	gchar *name;         /* NFC */
	gchar *phone;        /* normalised: 0xxxxxxxxx */
	gchar *email;        /* (nullable) */
	gchar *organization; /* (nullable): enterprise */
	gchar *tax_code;     /* (nullable): enterprise, 10 or 13 digits */
} TgRequester;

typedef struct {
	gchar *id;         /* 44 hex digits: the time, then 128 random bits (tg_booking_make_id) */
	gchar *token_hash; /* SHA-256 of the manage token */
	gchar *occurrence; /* occurrence id, UNIT-YYYYMMDD */
	gchar *unit;
	gchar *original_date; /* the occurrence's Monday */
	gint slot;            /* slot index in the reception, -1 for the waiting list */
	gint seat;            /* desk taken, -1 when none */
	TgBookingStatus status;
	guint ticket; /* 0 until confirmed */
	TgRequester requester;
	gchar *category;
	gchar *dossier_code; /* (nullable) */
	gchar *summary;      /* (nullable) */
	gchar *language;
	gint64 consent_at;
	gint64 created_at;
	gint64 hold_expires_at; /* pending only */
	gchar *assignee;        /* (nullable): token id of the staff member */
	gchar *outcome;         /* (nullable) */
	gchar *cause;           /* (nullable) */
	gchar *note;            /* (nullable) */
	gboolean purged;        /* personal data deleted after the retention period */
	gint64 updated_at;
	guint sequence;          /* bumped on every change (for calendars) */
	gchar *cancel_reason;    /* (nullable): the person's reason, when they cancelled */
	guint waitlist_position; /* 1 for the first of the waiting list; 0 when not waiting
				  * or not looked up (tg_store_fill_waitlist_position) */
} TgBooking;

/* The longest cancel reason a person may give, in characters */
#define TG_BOOKING_CANCEL_REASON_MAX 500

/* The secretary's record of a booking: NULL leaves a field as it is */
typedef struct {
	const gchar *assignee;
	const gchar *outcome;
	const gchar *cause;
	const gchar *note;
	TgBookingStatus status; /* 0, attended or no_show */
} TgBookingRecord;

/* One count of a report on bookings: @count bookings have @key in @dimension (category,
 * outcome, cause or status; or week, whose key is the Monday of a week as YYYY-MM-DD, and
 * which counts the bookings neither cancelled nor expired, as category does) */
typedef struct {
	gchar *dimension;
	gchar *key;
	guint count;
} TgReportRow;
void tg_report_row_free (TgReportRow *row);

/* (transfer full): a new booking id: the time @now_us in milliseconds (12 hexadecimal
 * digits), then 128 random bits from the kernel (32 digits). Ids made in time order are
 * stored in order: each new one goes to the end of the id index (and of the outbox's keys
 * made from it) instead of to a random page of it */
gchar *tg_booking_make_id (gint64 now_us);
/* An id tg_booking_make_id could have made, or one of 32 hexadecimal digits (128 random
 * bits: the ids made before they began with the time) */
gboolean tg_booking_id_is_valid (const gchar *id);

TgBooking *tg_booking_new (void);
TgBooking *tg_booking_copy (const TgBooking *booking);
void tg_booking_free (TgBooking *booking);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TgBooking, tg_booking_free)

const gchar *tg_booking_status_to_string (TgBookingStatus status);
TgBookingStatus tg_booking_status_from_string (const gchar *str);
/* TRUE while the booking holds (or waits for) a place: pending, confirmed, waitlisted */
gboolean tg_booking_status_is_active (TgBookingStatus status);
const gchar *tg_requester_kind_to_string (TgRequesterKind kind);

/* The vocabularies of spec.md; NULL-terminated, untranslated keys */
extern const gchar *const tg_booking_categories[];
extern const gchar *const tg_booking_outcomes[];
extern const gchar *const tg_booking_causes[];
gboolean tg_booking_vocabulary_has (const gchar *const *vocabulary, const gchar *key);
/* (transfer none): the Vietnamese label of a category (the calendars' and the lists' text); an
 * unknown one as it is */
const gchar *tg_booking_category_label (const gchar *category);

/* (transfer full) (nullable): @phone as 0xxxxxxxxx when it is a Vietnamese number
 * (0xxxxxxxxx, +84xxxxxxxxx or 84xxxxxxxxx, spaces, dots and dashes allowed), else NULL */
gchar *tg_phone_normalize (const gchar *phone);
/* TRUE for a tax code of 10 digits, or 13 (10, an optional '-', 3) */
gboolean tg_tax_code_is_valid (const gchar *code);
/* TRUE for a dossier code V1V2V3.Z1Z2.Y1Y2.MX1X2-YYMMDD-XXXX (Circular 01/2018/TT-VPCP) */
gboolean tg_dossier_code_is_valid (const gchar *code);

/* Checks and normalises the fields a citizen sends (names to NFC, the phone number, the
 * tax code); @need_email: the email is required (when confirmation by email is on).
 * The error names the field ("requester.phone") with a message id */
gboolean tg_booking_validate_request (TgBooking *booking, gboolean need_email,
				      GError **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
