/* tg-lunar.h: the Vietnamese lunar calendar (âm lịch), computed for UTC+7 from 1968-01-01 and
 * for UTC+8 before, as North Vietnam's decision 121-CP of 8 August 1967 set it */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A lunar date: @month 1..12, @leap when it is the leap month (tháng nhuận) that repeats
 * @month; @year is the lunar year, whose first day is Tết (usually in the solar year @year) */
typedef struct {
	gint day;
	gint month;
	gint year;
	gboolean leap;
} TgLunarDate;

/* The solar dates the functions accept and return */
#define TG_LUNAR_FIRST_YEAR 1900
#define TG_LUNAR_LAST_YEAR 2100

/* Converts a solar (Gregorian) date; FALSE outside 1900-01-01..2100-12-31 */
gboolean tg_lunar_from_solar (const GDate *solar, TgLunarDate *lunar) G_GNUC_WARN_UNUSED_RESULT;

/* Converts a lunar date; FALSE when that lunar date does not exist (day 30 of a 29-day
 * month, a leap month the year lacks) or its solar date is outside 1900-01-01..2100-12-31 */
gboolean tg_lunar_to_solar (const TgLunarDate *lunar, GDate *solar) G_GNUC_WARN_UNUSED_RESULT;

/* (transfer full): the Vietnamese sexagenary (can chi) name of a lunar year, "Bính Ngọ" for
 * 2026 */
gchar *tg_lunar_can_chi_year (gint lunar_year);

/* The solar date of Tết (1/1 lunar) of @year; FALSE outside 1900..2100 */
gboolean tg_lunar_get_tet (gint year, GDate *solar) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
