/* tg-date.h: ISO dates and times of day, as the API writes them */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* TRUE when @str is a real calendar date written YYYY-MM-DD (years 1000-9999) */
gboolean tg_date_is_valid_iso (const gchar *str);

/* Parses YYYY-MM-DD into @date; FALSE when it is not a real date */
gboolean tg_date_parse_iso (const gchar *str, GDate *date);

/* (transfer full): @date as YYYY-MM-DD */
gchar *tg_date_to_iso (const GDate *date);

/* (transfer full): today's date in Asia/Ho_Chi_Minh for a UTC time in microseconds */
gchar *tg_date_today_iso (gint64 now_us);

/* UTC microseconds of @minutes after midnight of @date (YYYY-MM-DD) in Asia/Ho_Chi_Minh;
 * 0 for a bad date */
gint64 tg_date_local_to_us (const gchar *date, guint minutes);

G_END_DECLS
