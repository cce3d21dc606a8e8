/* tg-holiday.c: Vietnam's public holidays (Labour Code 2019, Art. 111–112) and the
 * administrator's decisions
 *
 * Each year is computed on first use, once, from these rules:
 *
 * 1. Statutory days: 1 January, Hùng Kings' day (10/3 lunar), 30 April, 1 May, 2 September.
 * 2. Estimates, marked estimated until a decision settles them:
 *    - the Tết block: the last day of the lunar year and the first four of the new one;
 *    - the National Day's adjacent day, by the weekday of 2 September: Mon→+1, Tue→−1,
 *      Wed→−1, Thu→+1, Fri→−1, Sat→−1, Sun→+1.
 * 3. Compensatory days ("nghỉ bù"): every day of 1. and 2. on a Saturday or Sunday gives a
 *    day off on the next working day (Monday to Friday, not already off), taken in date
 *    order, so 30/4 on a Saturday and 1/5 on a Sunday give Monday 2/5 and Tuesday 3/5. The
 *    Tết block's days are treated like the others: only those of its five days that fall on
 *    a weekend are compensated, on the working days after the block. A compensatory day is
 *    estimated when the day it compensates is. Two statutory days on one date (Hùng Kings'
 *    day on 30 April, as in 1947) are compensated the same way.
 * 4. The administrator's decisions override:
 *    - the Tết block is settled by any day-off decision from 10 days before Tết to 10 days
 *      after: the weekdays off of that window are then exactly the decided ones (a block
 *      day that a decision confirms keeps its name, the block's weekend days stay named
 *      Tết, and none gives a compensatory day: the decision already holds the compensation);
 *    - the National Day's adjacent day is settled by a day-off decision on 1 or 3 September;
 *    - a day-off decision on a computed day off confirms it (no longer estimated), on any
 *      other day adds a day off (kind decided, the decision's name);
 *    - a working-day decision removes whatever day off the date had (the administrator has
 *      the last word) and, on a Saturday or Sunday, makes it a working day (a swap).
 *
 * Years outside 1900–2100 (where the lunar calendar is not computed) have only weekends and
 * decisions. The calendar is immutable but for its cache of computed years: those of
 * 1900–2100 are published through atomic pointers, so a look-up takes no lock. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "tg-date.h"
#include "tg-holiday.h"
#include "tg-lunar.h"

/* days around Tết in which a day-off decision settles the Tết block */
#define TG_HOLIDAY_TET_WINDOW 10

typedef enum {
	TG_HOLIDAY_NAME_NEW_YEAR,
	TG_HOLIDAY_NAME_LUNAR_NEW_YEAR,
	TG_HOLIDAY_NAME_HUNG_KINGS,
	TG_HOLIDAY_NAME_REUNIFICATION,
	TG_HOLIDAY_NAME_LABOUR,
	TG_HOLIDAY_NAME_NATIONAL,
	TG_HOLIDAY_NAME_COMPENSATORY,
	TG_HOLIDAY_NAME_DAY_OFF,
	TG_HOLIDAY_NAME_WORKING_DAY,
} TgHolidayName;

static const struct {
	const gchar *en; /* msgid */
	const gchar *vi;
} tg_holiday_names[] = {
	[TG_HOLIDAY_NAME_NEW_YEAR] = {N_ ("New Year's Day"), "Tết Dương lịch"},
	[TG_HOLIDAY_NAME_LUNAR_NEW_YEAR] = {N_ ("Lunar New Year"), "Tết Nguyên đán"},
	[TG_HOLIDAY_NAME_HUNG_KINGS] = {N_ ("Hung Kings' Commemoration Day"), "Giỗ Tổ Hùng Vương"},
	/* TRANSLATORS: 30 April, "Ngày Chiến thắng" in Vietnamese */
	[TG_HOLIDAY_NAME_REUNIFICATION] = {N_ ("Reunification Day"), "Ngày Chiến thắng"},
	[TG_HOLIDAY_NAME_LABOUR] = {N_ ("International Labour Day"), "Ngày Quốc tế Lao động"},
	[TG_HOLIDAY_NAME_NATIONAL] = {N_ ("National Day"), "Quốc khánh"},
	/* TRANSLATORS: a day off given for a
	   holiday that fell on a Saturday or Sunday
	 */
	[TG_HOLIDAY_NAME_COMPENSATORY] = {N_ ("Compensatory day off"), "Nghỉ bù"},
	/* TRANSLATORS: a day off the
	   administrator entered without a
	   name */
	[TG_HOLIDAY_NAME_DAY_OFF] = {N_ ("Day off"), "Ngày nghỉ"},
	/* TRANSLATORS: a Saturday
	   or Sunday worked in
	   exchange for a weekday
	   off */
	[TG_HOLIDAY_NAME_WORKING_DAY] = {N_ ("Make-up working day"), "Ngày làm bù"},
};

static const gchar *tg_holiday_kinds[] = {NULL, "statutory", "compensatory", "decided"};

const gchar *
tg_holiday_kind_to_string (TgHolidayKind kind)
{
	if ((guint) kind >= G_N_ELEMENTS (tg_holiday_kinds))
		return NULL;
	return tg_holiday_kinds[kind];
}

/* ---- decisions and holidays ---- */

TgHolidayDecision *
tg_holiday_decision_new (const gchar *date, gboolean day_off, const gchar *name)
{
	TgHolidayDecision *decision = g_new0 (TgHolidayDecision, 1);
	decision->date = g_strdup (date);
	decision->day_off = day_off;
	decision->name = g_strdup (name);
	return decision;
}

void
tg_holiday_decision_free (TgHolidayDecision *decision)
{
	if (decision == NULL)
		return;
	g_free (decision->date);
	g_free (decision->name);
	g_free (decision);
}

TgHoliday *
tg_holiday_copy (const TgHoliday *holiday)
{
	TgHoliday *copy;

	g_return_val_if_fail (holiday != NULL, NULL);
	copy = g_new0 (TgHoliday, 1);
	copy->date = g_strdup (holiday->date);
	copy->name_en = g_strdup (holiday->name_en);
	copy->name_vi = g_strdup (holiday->name_vi);
	copy->kind = holiday->kind;
	copy->estimated = holiday->estimated;
	return copy;
}

void
tg_holiday_free (TgHoliday *holiday)
{
	if (holiday == NULL)
		return;
	g_free (holiday->date);
	g_free (holiday->name_en);
	g_free (holiday->name_vi);
	g_free (holiday);
}

/* ---- the calendar ---- */

/* one year, computed: read-only once published */
typedef struct {
	GPtrArray *days_off;     /* (element-type TgHoliday) in date order, owning */
	GPtrArray *working_days; /* (element-type TgHoliday) in date order, owning */
	GHashTable *off;         /* Julian day → TgHoliday of days_off */
	GHashTable *worked;      /* Julian day → TgHoliday of working_days */
} TgHolidayYear;

/* a decision, its date parsed */
typedef struct {
	guint32 julian;
	gboolean day_off;
	gchar *name; /* (nullable) */
} TgHolidayRule;

struct _TgHolidayCalendar {
	GHashTable *rules_by_year; /* year → GPtrArray of TgHolidayRule, in date order */
	/* TgHolidayYear of 1900-2100, published atomically */
	gpointer years[TG_HOLIDAY_LAST_YEAR - TG_HOLIDAY_FIRST_YEAR + 1];
	GHashTable *other_years; /* year → TgHolidayYear, under @mutex */
	GMutex mutex;            /* held while a year is computed */
	gatomicrefcount ref;
};

static void
tg_holiday_rule_free (TgHolidayRule *rule)
{
	g_free (rule->name);
	g_free (rule);
}

static void
tg_holiday_year_free (TgHolidayYear *y)
{
	if (y == NULL)
		return;
	g_hash_table_unref (y->off);
	g_hash_table_unref (y->worked);
	g_ptr_array_unref (y->days_off);
	g_ptr_array_unref (y->working_days);
	g_free (y);
}

static gint
tg_holiday_rule_cmp (gconstpointer a, gconstpointer b)
{
	const TgHolidayRule *ra = *(const TgHolidayRule *const *) a;
	const TgHolidayRule *rb = *(const TgHolidayRule *const *) b;
	return ra->julian < rb->julian ? -1 : ra->julian > rb->julian;
}

TgHolidayCalendar *
tg_holiday_calendar_new (GPtrArray *decisions)
{
	TgHolidayCalendar *cal = g_new0 (TgHolidayCalendar, 1);
	g_autoptr(GHashTable) by_day = g_hash_table_new (g_direct_hash, g_direct_equal);
	GHashTableIter iter;
	gpointer value;

	g_mutex_init (&cal->mutex);
	g_atomic_ref_count_init (&cal->ref);
	cal->rules_by_year = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
						    (GDestroyNotify) g_ptr_array_unref);
	cal->other_years = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
						  (GDestroyNotify) tg_holiday_year_free);
	for (guint i = 0; decisions != NULL && i < decisions->len; i++) {
		const TgHolidayDecision *d = g_ptr_array_index (decisions, i);
		TgHolidayRule *rule;
		GPtrArray *rules;
		GDate date;
		gint year;

		if (d == NULL || !tg_date_parse_iso (d->date, &date)) {
			g_debug ("holiday decision with an invalid date ignored");
			continue;
		}
		rule = g_new0 (TgHolidayRule, 1);
		rule->julian = g_date_get_julian (&date);
		rule->day_off = d->day_off;
		rule->name = d->name != NULL && d->name[0] != '\0' ? g_strdup (d->name) : NULL;
		/* a later decision for the same date replaces an earlier one */
		value = g_hash_table_lookup (by_day, GUINT_TO_POINTER (rule->julian));
		if (value != NULL) {
			TgHolidayRule *old = value;
			old->day_off = rule->day_off;
			g_free (old->name);
			old->name = g_steal_pointer (&rule->name);
			tg_holiday_rule_free (rule);
			continue;
		}
		g_hash_table_insert (by_day, GUINT_TO_POINTER (rule->julian), rule);
		year = g_date_get_year (&date);
		rules = g_hash_table_lookup (cal->rules_by_year, GINT_TO_POINTER (year));
		if (rules == NULL) {
			rules = g_ptr_array_new_with_free_func (
				(GDestroyNotify) tg_holiday_rule_free);
			g_hash_table_insert (cal->rules_by_year, GINT_TO_POINTER (year), rules);
		}
		g_ptr_array_add (rules, rule);
	}
	g_hash_table_iter_init (&iter, cal->rules_by_year);
	while (g_hash_table_iter_next (&iter, NULL, &value))
		g_ptr_array_sort (value, tg_holiday_rule_cmp);
	return cal;
}

TgHolidayCalendar *
tg_holiday_calendar_ref (TgHolidayCalendar *cal)
{
	g_atomic_ref_count_inc (&cal->ref);
	return cal;
}

void
tg_holiday_calendar_free (TgHolidayCalendar *cal)
{
	if (cal == NULL || !g_atomic_ref_count_dec (&cal->ref))
		return;
	for (guint i = 0; i < G_N_ELEMENTS (cal->years); i++)
		tg_holiday_year_free (cal->years[i]);
	g_hash_table_unref (cal->other_years);
	g_hash_table_unref (cal->rules_by_year);
	g_mutex_clear (&cal->mutex);
	g_free (cal);
}

/* ---- computing a year ---- */

typedef struct {
	GHashTable *off;   /* Julian day → TgHoliday (owning) */
	GPtrArray *rules;  /* (nullable) the year's decisions */
	guint32 tet_first; /* the Tết window, when a decision settled it; else 0 */
	guint32 tet_last;
	GPtrArray *displaced; /* (element-type TgHoliday) statutory days that fell on another */
} TgHolidayBuilder;

static const TgHolidayRule *
tg_holiday_builder_rule (TgHolidayBuilder *b, guint32 julian)
{
	for (guint i = 0; b->rules != NULL && i < b->rules->len; i++) {
		const TgHolidayRule *rule = g_ptr_array_index (b->rules, i);
		if (rule->julian == julian)
			return rule;
	}
	return NULL;
}

static gboolean
tg_holiday_builder_decided_off (TgHolidayBuilder *b, guint32 julian)
{
	const TgHolidayRule *rule = tg_holiday_builder_rule (b, julian);
	return rule != NULL && rule->day_off;
}

static gboolean
tg_holiday_builder_decided_working (TgHolidayBuilder *b, guint32 julian)
{
	const TgHolidayRule *rule = tg_holiday_builder_rule (b, julian);
	return rule != NULL && !rule->day_off;
}

static gboolean
tg_holiday_builder_in_tet_window (TgHolidayBuilder *b, guint32 julian)
{
	return b->tet_first != 0 && julian >= b->tet_first && julian <= b->tet_last;
}

static TgHoliday *
tg_holiday_new (guint32 julian, const gchar *name_en, const gchar *name_vi, TgHolidayKind kind,
		gboolean estimated)
{
	TgHoliday *h = g_new0 (TgHoliday, 1);
	GDate date;

	g_date_clear (&date, 1);
	g_date_set_julian (&date, julian);
	h->date = tg_date_to_iso (&date);
	h->name_en = g_strdup (name_en);
	h->name_vi = g_strdup (name_vi);
	h->kind = kind;
	h->estimated = estimated;
	return h;
}

static void
tg_holiday_builder_add (TgHolidayBuilder *b, guint32 julian, TgHolidayName name, TgHolidayKind kind,
			gboolean estimated)
{
	TgHoliday *h = tg_holiday_new (julian, tg_holiday_names[name].en, tg_holiday_names[name].vi,
				       kind, estimated);

	if (g_hash_table_contains (b->off, GUINT_TO_POINTER (julian))) {
		/* two statutory days on one date (Hùng Kings' day on 30 April, as in 1947):
		 * the second is compensated like one on a weekend */
		if (kind == TG_HOLIDAY_KIND_STATUTORY)
			g_ptr_array_add (b->displaced, h);
		else
			tg_holiday_free (h);
		return;
	}
	g_hash_table_insert (b->off, GUINT_TO_POINTER (julian), h);
}

static guint32
tg_holiday_julian (gint year, GDateMonth month, GDateDay day)
{
	GDate date;

	g_date_clear (&date, 1);
	g_date_set_dmy (&date, day, month, (GDateYear) year);
	return g_date_get_julian (&date);
}

static GDateWeekday
tg_holiday_weekday (guint32 julian)
{
	/* Julian day 1 (0001-01-01) was a Monday */
	return (GDateWeekday) ((julian - 1) % 7 + 1);
}

static gboolean
tg_holiday_is_weekend (guint32 julian)
{
	GDateWeekday wd = tg_holiday_weekday (julian);
	return wd == G_DATE_SATURDAY || wd == G_DATE_SUNDAY;
}

/* the Tết block and its window */
static void
tg_holiday_builder_add_tet (TgHolidayBuilder *b, gint year)
{
	GDate tet;
	guint32 first, last;

	if (!tg_lunar_get_tet (year, &tet))
		return;
	first = g_date_get_julian (&tet) - TG_HOLIDAY_TET_WINDOW;
	last = g_date_get_julian (&tet) + TG_HOLIDAY_TET_WINDOW;
	for (guint i = 0; b->rules != NULL && i < b->rules->len; i++) {
		const TgHolidayRule *rule = g_ptr_array_index (b->rules, i);
		if (rule->day_off && rule->julian >= first && rule->julian <= last) {
			b->tet_first = first;
			b->tet_last = last;
			break;
		}
	}
	/* the day before Tết and the first four days of the year; once decided, a weekday of
	 * the block stays off only when a decision says so (a weekend day stays anyway) */
	for (guint32 j = g_date_get_julian (&tet) - 1; j <= g_date_get_julian (&tet) + 3; j++) {
		if (b->tet_first == 0)
			tg_holiday_builder_add (b, j, TG_HOLIDAY_NAME_LUNAR_NEW_YEAR,
						TG_HOLIDAY_KIND_STATUTORY, TRUE);
		else if (tg_holiday_is_weekend (j) || tg_holiday_builder_decided_off (b, j))
			tg_holiday_builder_add (b, j, TG_HOLIDAY_NAME_LUNAR_NEW_YEAR,
						TG_HOLIDAY_KIND_STATUTORY, FALSE);
	}
}

static void
tg_holiday_builder_add_national_day (TgHolidayBuilder *b, gint year)
{
	/* the adjacent day by the weekday of 2 September, Monday first */
	static const gint offsets[] = {0, +1, -1, -1, +1, -1, -1, +1};
	guint32 day = tg_holiday_julian (year, G_DATE_SEPTEMBER, 2);
	guint32 extra = day + offsets[tg_holiday_weekday (day)];
	gboolean settled = tg_holiday_builder_decided_off (b, day - 1) ||
			   tg_holiday_builder_decided_off (b, day + 1);

	tg_holiday_builder_add (b, day, TG_HOLIDAY_NAME_NATIONAL, TG_HOLIDAY_KIND_STATUTORY, FALSE);
	if (!settled)
		tg_holiday_builder_add (b, extra, TG_HOLIDAY_NAME_NATIONAL,
					TG_HOLIDAY_KIND_STATUTORY, TRUE);
	else if (tg_holiday_builder_decided_off (b, extra))
		tg_holiday_builder_add (b, extra, TG_HOLIDAY_NAME_NATIONAL,
					TG_HOLIDAY_KIND_STATUTORY, FALSE);
}

static gint
tg_holiday_ptr_cmp_date (gconstpointer a, gconstpointer b)
{
	const TgHoliday *ha = *(const TgHoliday *const *) a;
	const TgHoliday *hb = *(const TgHoliday *const *) b;
	return g_strcmp0 (ha->date, hb->date);
}

/* "nghỉ bù": a day off for each statutory day on a weekend, on the next working day */
static void
tg_holiday_builder_add_compensatory (TgHolidayBuilder *b)
{
	g_autoptr(GPtrArray) statutory = g_ptr_array_new ();
	GHashTableIter iter;
	gpointer key, value;

	g_hash_table_iter_init (&iter, b->off);
	while (g_hash_table_iter_next (&iter, &key, &value)) {
		const TgHoliday *h = value;
		guint32 julian = GPOINTER_TO_UINT (key);
		if (h->kind == TG_HOLIDAY_KIND_STATUTORY && tg_holiday_is_weekend (julian) &&
		    !tg_holiday_builder_in_tet_window (b, julian))
			g_ptr_array_add (statutory, value);
	}
	for (guint i = 0; i < b->displaced->len; i++)
		g_ptr_array_add (statutory, g_ptr_array_index (b->displaced, i));
	g_ptr_array_sort (statutory, tg_holiday_ptr_cmp_date);
	for (guint i = 0; i < statutory->len; i++) {
		const TgHoliday *h = g_ptr_array_index (statutory, i);
		GDate date;
		guint32 j;

		if (!tg_date_parse_iso (h->date, &date))
			continue;
		j = g_date_get_julian (&date) + 1;
		while (tg_holiday_is_weekend (j) ||
		       g_hash_table_contains (b->off, GUINT_TO_POINTER (j)) ||
		       tg_holiday_builder_decided_working (b, j))
			j++;
		tg_holiday_builder_add (b, j, TG_HOLIDAY_NAME_COMPENSATORY,
					TG_HOLIDAY_KIND_COMPENSATORY, h->estimated);
	}
}

static TgHolidayYear *
tg_holiday_year_new (TgHolidayCalendar *cal, gint year)
{
	TgHolidayYear *y = g_new0 (TgHolidayYear, 1);
	TgHolidayBuilder b = {NULL, NULL, 0, 0, NULL};
	GHashTableIter iter;
	gpointer key, value;

	b.off = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
				       (GDestroyNotify) tg_holiday_free);
	b.rules = g_hash_table_lookup (cal->rules_by_year, GINT_TO_POINTER (year));
	b.displaced = g_ptr_array_new_with_free_func ((GDestroyNotify) tg_holiday_free);
	y->days_off = g_ptr_array_new_with_free_func ((GDestroyNotify) tg_holiday_free);
	y->working_days = g_ptr_array_new_with_free_func ((GDestroyNotify) tg_holiday_free);
	y->off = g_hash_table_new (g_direct_hash, g_direct_equal);
	y->worked = g_hash_table_new (g_direct_hash, g_direct_equal);

	if (year >= TG_HOLIDAY_FIRST_YEAR && year <= TG_HOLIDAY_LAST_YEAR) {
		TgLunarDate hung_kings = {10, 3, year, FALSE};
		GDate date;

		tg_holiday_builder_add (&b, tg_holiday_julian (year, G_DATE_JANUARY, 1),
					TG_HOLIDAY_NAME_NEW_YEAR, TG_HOLIDAY_KIND_STATUTORY, FALSE);
		tg_holiday_builder_add_tet (&b, year);
		if (tg_lunar_to_solar (&hung_kings, &date))
			tg_holiday_builder_add (&b, g_date_get_julian (&date),
						TG_HOLIDAY_NAME_HUNG_KINGS,
						TG_HOLIDAY_KIND_STATUTORY, FALSE);
		tg_holiday_builder_add (&b, tg_holiday_julian (year, G_DATE_APRIL, 30),
					TG_HOLIDAY_NAME_REUNIFICATION, TG_HOLIDAY_KIND_STATUTORY,
					FALSE);
		tg_holiday_builder_add (&b, tg_holiday_julian (year, G_DATE_MAY, 1),
					TG_HOLIDAY_NAME_LABOUR, TG_HOLIDAY_KIND_STATUTORY, FALSE);
		tg_holiday_builder_add_national_day (&b, year);
	}
	/* a working-day decision removes the day off before it can be compensated */
	for (guint i = 0; b.rules != NULL && i < b.rules->len; i++) {
		const TgHolidayRule *rule = g_ptr_array_index (b.rules, i);
		if (!rule->day_off)
			g_hash_table_remove (b.off, GUINT_TO_POINTER (rule->julian));
	}
	tg_holiday_builder_add_compensatory (&b);
	/* day-off decisions confirm a computed day off or add one */
	for (guint i = 0; b.rules != NULL && i < b.rules->len; i++) {
		const TgHolidayRule *rule = g_ptr_array_index (b.rules, i);
		TgHoliday *h;

		if (!rule->day_off)
			continue;
		h = g_hash_table_lookup (b.off, GUINT_TO_POINTER (rule->julian));
		if (h != NULL) {
			h->estimated = FALSE;
			continue;
		}
		if (rule->name != NULL) {
			g_hash_table_insert (b.off, GUINT_TO_POINTER (rule->julian),
					     tg_holiday_new (rule->julian, rule->name, rule->name,
							     TG_HOLIDAY_KIND_DECIDED, FALSE));
		} else {
			tg_holiday_builder_add (&b, rule->julian, TG_HOLIDAY_NAME_DAY_OFF,
						TG_HOLIDAY_KIND_DECIDED, FALSE);
		}
	}
	/* the weekend days worked */
	for (guint i = 0; b.rules != NULL && i < b.rules->len; i++) {
		const TgHolidayRule *rule = g_ptr_array_index (b.rules, i);
		TgHoliday *h;

		if (rule->day_off || !tg_holiday_is_weekend (rule->julian))
			continue;
		if (rule->name != NULL)
			h = tg_holiday_new (rule->julian, rule->name, rule->name,
					    TG_HOLIDAY_KIND_DECIDED, FALSE);
		else
			h = tg_holiday_new (rule->julian,
					    tg_holiday_names[TG_HOLIDAY_NAME_WORKING_DAY].en,
					    tg_holiday_names[TG_HOLIDAY_NAME_WORKING_DAY].vi,
					    TG_HOLIDAY_KIND_DECIDED, FALSE);
		g_ptr_array_add (y->working_days, h);
		g_hash_table_insert (y->worked, GUINT_TO_POINTER (rule->julian), h);
	}
	/* publish the days off in date order */
	g_hash_table_iter_init (&iter, b.off);
	while (g_hash_table_iter_next (&iter, &key, &value)) {
		g_hash_table_iter_steal (&iter);
		g_ptr_array_add (y->days_off, value);
		g_hash_table_insert (y->off, key, value);
	}
	g_ptr_array_sort (y->days_off, tg_holiday_ptr_cmp_date);
	g_hash_table_unref (b.off);
	g_ptr_array_unref (b.displaced);
	return y;
}

static const TgHolidayYear *
tg_holiday_calendar_get_year (TgHolidayCalendar *cal, gint year)
{
	TgHolidayYear *y;

	if (year >= TG_HOLIDAY_FIRST_YEAR && year <= TG_HOLIDAY_LAST_YEAR) {
		gpointer *slot = &cal->years[year - TG_HOLIDAY_FIRST_YEAR];

		y = g_atomic_pointer_get (slot);
		if (y != NULL)
			return y;
		g_mutex_lock (&cal->mutex);
		y = g_atomic_pointer_get (slot);
		if (y == NULL) {
			y = tg_holiday_year_new (cal, year);
			g_atomic_pointer_set (slot, y);
		}
		g_mutex_unlock (&cal->mutex);
		return y;
	}
	g_mutex_lock (&cal->mutex);
	y = g_hash_table_lookup (cal->other_years, GINT_TO_POINTER (year));
	if (y == NULL) {
		y = tg_holiday_year_new (cal, year);
		g_hash_table_insert (cal->other_years, GINT_TO_POINTER (year), y);
	}
	g_mutex_unlock (&cal->mutex);
	return y;
}

/* ---- queries ---- */

const TgHoliday *
tg_holiday_calendar_lookup (TgHolidayCalendar *cal, const GDate *date)
{
	const TgHolidayYear *y;

	g_return_val_if_fail (cal != NULL, NULL);
	g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);
	y = tg_holiday_calendar_get_year (cal, g_date_get_year (date));
	return g_hash_table_lookup (y->off, GUINT_TO_POINTER (g_date_get_julian (date)));
}

const TgHoliday *
tg_holiday_calendar_lookup_working_day (TgHolidayCalendar *cal, const GDate *date)
{
	const TgHolidayYear *y;

	g_return_val_if_fail (cal != NULL, NULL);
	g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);
	y = tg_holiday_calendar_get_year (cal, g_date_get_year (date));
	return g_hash_table_lookup (y->worked, GUINT_TO_POINTER (g_date_get_julian (date)));
}

gboolean
tg_holiday_calendar_is_working_day (TgHolidayCalendar *cal, const GDate *date)
{
	const TgHolidayYear *y;
	gpointer key;

	g_return_val_if_fail (cal != NULL, FALSE);
	g_return_val_if_fail (date != NULL && g_date_valid (date), FALSE);
	y = tg_holiday_calendar_get_year (cal, g_date_get_year (date));
	key = GUINT_TO_POINTER (g_date_get_julian (date));
	if (tg_holiday_is_weekend (GPOINTER_TO_UINT (key)))
		return g_hash_table_contains (y->worked, key);
	return !g_hash_table_contains (y->off, key);
}

static GPtrArray *
tg_holiday_list_copy (const GPtrArray *list)
{
	GPtrArray *copy = g_ptr_array_sized_new (list->len);
	for (guint i = 0; i < list->len; i++)
		g_ptr_array_add (copy, g_ptr_array_index (list, i));
	return copy;
}

GPtrArray *
tg_holiday_calendar_list_days_off (TgHolidayCalendar *cal, gint year)
{
	g_return_val_if_fail (cal != NULL, NULL);
	return tg_holiday_list_copy (tg_holiday_calendar_get_year (cal, year)->days_off);
}

GPtrArray *
tg_holiday_calendar_list_working_days (TgHolidayCalendar *cal, gint year)
{
	g_return_val_if_fail (cal != NULL, NULL);
	return tg_holiday_list_copy (tg_holiday_calendar_get_year (cal, year)->working_days);
}
