/* tg-series.h: a unit's Monday series and its settings */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
	TG_MEETING_MODE_UNKNOWN = 0,
	TG_MEETING_MODE_IN_PERSON = 1,
	TG_MEETING_MODE_ONLINE = 2,
	TG_MEETING_MODE_HYBRID = 3,
} TgMeetingMode;

typedef enum {
	TG_HOLIDAY_POLICY_UNKNOWN = 0,
	TG_HOLIDAY_POLICY_NEXT_WORKING_DAY = 1,
	TG_HOLIDAY_POLICY_SKIP = 2,
	TG_HOLIDAY_POLICY_MANUAL = 3,
} TgHolidayPolicy;

typedef struct {
	gchar *name;
	gchar *email; /* (nullable) */
	gchar *role;  /* (nullable) */
} TgParticipant;

TgParticipant *tg_participant_new (const gchar *name, const gchar *email, const gchar *role);
TgParticipant *tg_participant_copy (const TgParticipant *p);
void tg_participant_free (TgParticipant *p);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TgParticipant, tg_participant_free)
/* (transfer full) (element-type TgParticipant): an empty list that frees its elements */
GPtrArray *tg_participants_new (void);
GPtrArray *tg_participants_copy (GPtrArray *participants);
/* Checks a participants list; fields are named "@prefix[i].name" etc. */
gboolean tg_participants_validate (GPtrArray *participants, const gchar *prefix,
				   GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* Times of day are minutes after midnight (0..1439) */
typedef struct {
	gchar *unit;
	guint meeting_start;
	guint meeting_end;
	TgMeetingMode mode;
	gchar *venue;            /* (nullable) */
	gchar *online_url;       /* (nullable); required for online and hybrid */
	GPtrArray *participants; /* (element-type TgParticipant) */
	gchar *chair;            /* (nullable): who chairs the meeting, by default */
	gchar *chair_title;      /* (nullable): their title ("Phó Chủ tịch UBND ...") */
	guint reception_start;
	guint reception_end;
	gchar *reception_venue; /* (nullable): the unit's public administration center */
	guint slot_minutes;
	guint desks;
	guint opens_days_before;
	guint closes_hours_before;
	TgHolidayPolicy holiday_policy;
	gint64 updated_at; /* 0: never set, the defaults */
} TgSeries;

/* (transfer full): the defaults of spec.md for @unit */
TgSeries *tg_series_new_default (const gchar *unit);
TgSeries *tg_series_copy (const TgSeries *series);
void tg_series_free (TgSeries *series);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TgSeries, tg_series_free)

/* Checks the settings as a whole; the error names the field ("meeting.end", ...) */
gboolean tg_series_validate (const TgSeries *series, GError **error) G_GNUC_WARN_UNUSED_RESULT;

const gchar *tg_meeting_mode_to_string (TgMeetingMode mode);
TgMeetingMode tg_meeting_mode_from_string (const gchar *str);
const gchar *tg_holiday_policy_to_string (TgHolidayPolicy policy);
TgHolidayPolicy tg_holiday_policy_from_string (const gchar *str);

/* "08:30" <-> 510; FALSE / NULL for anything else */
gboolean tg_time_parse (const gchar *str, guint *minutes);
gchar *tg_time_to_string (guint minutes);

/* the longest name and title of a chair, in characters */
#define TG_CHAIR_MAX 200

/* TRUE for an http:// or https:// URL of at most 500 bytes without spaces or controls */
gboolean tg_url_is_valid (const gchar *url);

G_END_DECLS
