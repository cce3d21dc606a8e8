/* tg-occurrence.h: occurrences of a Monday series, computed from the series, the holiday
 * calendar and the secretary's exceptions */
#pragma once

#include <glib.h>

#include "tg-holiday.h"
#include "tg-series.h"

G_BEGIN_DECLS

#define TG_OCCURRENCE_RANGE_MAX_DAYS 400

typedef enum {
	TG_OCCURRENCE_SCHEDULED = 1,
	TG_OCCURRENCE_MOVED = 2,
	TG_OCCURRENCE_CANCELLED = 3,
} TgOccurrenceStatus;

/* A secretary's change to one occurrence, keyed by unit and original Monday */
typedef struct {
	gchar *unit;
	gchar *original_date;
	gboolean cancelled;
	gchar *new_date;         /* (nullable): moved to */
	gint meeting_start;      /* -1: the series' time (or shifted with the day) */
	gint reception_start;    /* -1: idem */
	gchar *reason;           /* (nullable) */
	gchar *agenda;           /* (nullable) */
	GPtrArray *participants; /* (nullable): the series' participants */
	TgMeetingMode mode;      /* UNKNOWN: the series' mode */
	gchar *venue;            /* (nullable) */
	gchar *online_url;       /* (nullable) */
	gchar *chair;            /* (nullable): the series' chair; set, with its title (nullable),
				  * it replaces the series' one (a delegation) */
	gchar *chair_title;      /* (nullable) */
	guint sequence;          /* bumped on every change */
	gint64 updated_at;
} TgException;

TgException *tg_exception_new (const gchar *unit, const gchar *original_date);
TgException *tg_exception_copy (const TgException *exc);
void tg_exception_free (TgException *exc);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TgException, tg_exception_free)

typedef struct {
	gchar *id;            /* "UNIT-YYYYMMDD" of the original Monday: stable */
	gchar *unit;          /* the unit whose list this is in */
	gchar *original_date; /* the Monday of the series */
	gchar *date;          /* the day it takes place (or would have) */
	TgOccurrenceStatus status;
	gchar *reason;     /* (nullable): the secretary's reason */
	gchar *holiday_en; /* (nullable): the holiday that moved or cancelled it */
	gchar *holiday_vi;
	gboolean needs_decision; /* manual policy on a day off: the secretary decides */
	guint meeting_start;
	guint meeting_end;
	TgMeetingMode mode;
	gchar *venue;
	gchar *online_url;
	gchar *agenda;
	GPtrArray *participants; /* (element-type TgParticipant) */
	gchar *chair;            /* (nullable): who chairs the meeting */
	gchar *chair_title;      /* (nullable) */
	guint reception_start;
	guint reception_end;
	gchar *reception_venue;
	guint slot_minutes;
	guint desks;
	guint opens_days_before;
	guint closes_hours_before;
	gchar *bridge_of; /* (nullable): the ancestor whose online meeting this is */
	guint sequence;
} TgOccurrence;

TgOccurrence *tg_occurrence_copy (const TgOccurrence *occ);
void tg_occurrence_free (TgOccurrence *occ);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TgOccurrence, tg_occurrence_free)

/* How many whole slots of @occ's slot length its reception holds */
guint tg_occurrence_n_slots (const TgOccurrence *occ);

const gchar *tg_occurrence_status_to_string (TgOccurrenceStatus status);

/* "UNIT-YYYYMMDD" -> unit and YYYY-MM-DD; FALSE when @id has another shape */
gboolean tg_occurrence_parse_id (const gchar *id, gchar **unit, gchar **original_date);
gchar *tg_occurrence_make_id (const gchar *unit, const gchar *original_date);

/* Does @unit exist on @date? (its versions' validity) */
typedef gboolean (*TgValidityFunc) (const gchar *date, gpointer user_data);

/* Every occurrence of @series whose day lies in [@from, @to] (YYYY-MM-DD), in date order.
 * @exceptions: (element-type utf8 TgException): by original date. Returns (transfer full)
 * (element-type TgOccurrence) */
GPtrArray *tg_occurrences_compute (const TgSeries *series, TgHolidayCalendar *calendar,
				   GHashTable *exceptions, TgValidityFunc valid,
				   gpointer valid_data, const gchar *from, const gchar *to);

/* The occurrence of @series for the Monday @original_date (or NULL when the unit does not
 * exist then or the date is not a Monday) */
TgOccurrence *tg_occurrence_compute_one (const TgSeries *series, TgHolidayCalendar *calendar,
					 const TgException *exception, const gchar *original_date);

/* A bridge point of @ancestor_occ in @unit's list: same id, the ancestor's times */
TgOccurrence *tg_occurrence_new_bridge (const TgOccurrence *ancestor_occ, const gchar *unit);

/* ISO week key "YYYY-Www" of a date, for the one-occurrence-per-week rule */
gchar *tg_date_iso_week (const gchar *date);

G_END_DECLS
