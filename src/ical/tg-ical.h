/* tg-ical.h: iCalendar (RFC 5545) text of events and feeds, the only code that includes
 * libical */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define TG_ICAL_TZID "Asia/Ho_Chi_Minh"

typedef enum {
	TG_ICAL_STATUS_CONFIRMED = 1,
	TG_ICAL_STATUS_TENTATIVE,
	TG_ICAL_STATUS_CANCELLED,
} TgIcalStatus;

/* One VEVENT; times are local to Asia/Ho_Chi_Minh */
typedef struct {
	gchar *uid;
	gchar *date; /* YYYY-MM-DD */
	guint start; /* minutes after midnight */
	guint end;
	TgIcalStatus status;
	gchar *summary;
	gchar *description; /* (nullable) */
	gchar *location;    /* (nullable) */
	gchar *url;         /* (nullable) */
	gchar *category;    /* (nullable) */
	/* set by the caller from the event's history */
	guint sequence;
	gint64 modified_us; /* LAST-MODIFIED and DTSTAMP */
} TgIcalEvent;

TgIcalEvent *tg_ical_event_new (void);
void tg_ical_event_free (TgIcalEvent *event);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TgIcalEvent, tg_ical_event_free)

/* (transfer full): SHA-256 of what the event says (not its sequence or timestamps): a
 * change of it is a change of the event */
gchar *tg_ical_event_hash (const TgIcalEvent *event);

/* (transfer full): "BEGIN:VEVENT ... END:VEVENT\r\n", built by libical: escaped, folded at
 * 75 octets; control characters of user text never start a line */
gchar *tg_ical_event_to_string (const TgIcalEvent *event);

/* (transfer full): "BEGIN:VCALENDAR" with VERSION, PRODID, METHOD:PUBLISH, the calendar's
 * name, refresh hints and the VTIMEZONE of Asia/Ho_Chi_Minh */
gchar *tg_ical_calendar_header (const gchar *name);
/* "END:VCALENDAR\r\n" */
const gchar *tg_ical_calendar_footer (void);

G_END_DECLS
