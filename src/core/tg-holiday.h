/* tg-holiday.h: Vietnam's public holidays and working days, computed per year from the
 * Labour Code 2019 and the administrator's decisions */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
	TG_HOLIDAY_KIND_STATUTORY = 1, /* a day of the Labour Code (or its usual estimate) */
	TG_HOLIDAY_KIND_COMPENSATORY,  /* "nghỉ bù" for a holiday on a Saturday or Sunday */
	TG_HOLIDAY_KIND_DECIDED,       /* a day off or a working day the administrator entered */
} TgHolidayKind;

/* One decision of the administrator: @date (YYYY-MM-DD) is a day off (@day_off) or a
 * working day; @name (nullable) says why ("Nghỉ Tết Nguyên đán", "Làm bù") */
typedef struct {
	gchar *date;
	gboolean day_off;
	gchar *name;
} TgHolidayDecision;

/* (transfer full) */
TgHolidayDecision *tg_holiday_decision_new (const gchar *date, gboolean day_off, const gchar *name);
void tg_holiday_decision_free (TgHolidayDecision *decision);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TgHolidayDecision, tg_holiday_decision_free)

/* A day off (or, in the list of working days, a weekend day worked). @name_en is the
 * untranslated English name (a msgid of the catalogue, N_()), @name_vi the Vietnamese one
 * (a decision's own name goes in both); @estimated while no decision has settled it */
typedef struct {
	gchar *date; /* YYYY-MM-DD */
	gchar *name_en;
	gchar *name_vi;
	TgHolidayKind kind;
	gboolean estimated;
} TgHoliday;

/* (transfer full) */
TgHoliday *tg_holiday_copy (const TgHoliday *holiday);
void tg_holiday_free (TgHoliday *holiday);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TgHoliday, tg_holiday_free)

typedef struct _TgHolidayCalendar TgHolidayCalendar;

/* The years the calendar computes (those of the lunar calendar); outside them only
 * weekends are days off and the decisions are applied as they are */
#define TG_HOLIDAY_FIRST_YEAR 1900
#define TG_HOLIDAY_LAST_YEAR 2100

/* @decisions: (element-type TgHolidayDecision) (nullable): the administrator's decisions of
 * any years (copied; only the relevant ones are used; one with an invalid date is ignored).
 * The calendar computes each year on first use and may be used from several threads. */
TgHolidayCalendar *tg_holiday_calendar_new (GPtrArray *decisions);
/* The calendar is reference counted: _ref adds one, _free drops one */
TgHolidayCalendar *tg_holiday_calendar_ref (TgHolidayCalendar *cal);
void tg_holiday_calendar_free (TgHolidayCalendar *cal);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TgHolidayCalendar, tg_holiday_calendar_free)

/* TRUE on Monday–Friday that is not a day off, and on a Saturday or Sunday decided as a
 * working day */
gboolean tg_holiday_calendar_is_working_day (TgHolidayCalendar *cal, const GDate *date);

/* (transfer none) (nullable): the day off on @date, NULL if none (a weekend day is not a
 * "holiday" unless a holiday falls on it); valid as long as @cal */
const TgHoliday *tg_holiday_calendar_lookup (TgHolidayCalendar *cal, const GDate *date);

/* (transfer none) (nullable): the decided working day on @date (a Saturday or Sunday worked,
 * kind TG_HOLIDAY_KIND_DECIDED), NULL if none */
const TgHoliday *tg_holiday_calendar_lookup_working_day (TgHolidayCalendar *cal, const GDate *date);

/* (transfer container) (element-type TgHoliday): the days off of @year in date order; the
 * elements belong to @cal. A Saturday or Sunday is listed only when a holiday or a decision
 * falls on it. */
GPtrArray *tg_holiday_calendar_list_days_off (TgHolidayCalendar *cal, gint year);

/* (transfer container) (element-type TgHoliday): the decided working days of @year (weekend
 * days worked) in date order; the elements belong to @cal */
GPtrArray *tg_holiday_calendar_list_working_days (TgHolidayCalendar *cal, gint year);

/* (transfer none) (nullable): "statutory", "compensatory", "decided" */
const gchar *tg_holiday_kind_to_string (TgHolidayKind kind);

G_END_DECLS
