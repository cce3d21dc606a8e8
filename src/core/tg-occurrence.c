/* tg-occurrence.c: computing occurrences */
#include "config.h"

#include "tg-date.h"
#include "tg-occurrence.h"

TgException *
tg_exception_new (const gchar *unit, const gchar *original_date)
{
	TgException *e = g_new0 (TgException, 1);
	e->unit = g_strdup (unit);
	e->original_date = g_strdup (original_date);
	e->meeting_start = -1;
	e->reception_start = -1;
	return e;
}

TgException *
tg_exception_copy (const TgException *exc)
{
	TgException *e = g_memdup2 (exc, sizeof (TgException));
	e->unit = g_strdup (exc->unit);
	e->original_date = g_strdup (exc->original_date);
	e->new_date = g_strdup (exc->new_date);
	e->reason = g_strdup (exc->reason);
	e->agenda = g_strdup (exc->agenda);
	e->participants =
		exc->participants != NULL ? tg_participants_copy (exc->participants) : NULL;
	e->venue = g_strdup (exc->venue);
	e->online_url = g_strdup (exc->online_url);
	e->chair = g_strdup (exc->chair);
	e->chair_title = g_strdup (exc->chair_title);
	return e;
}

void
tg_exception_free (TgException *exc)
{
	if (exc == NULL)
		return;
	g_free (exc->unit);
	g_free (exc->original_date);
	g_free (exc->new_date);
	g_free (exc->reason);
	g_free (exc->agenda);
	if (exc->participants != NULL)
		g_ptr_array_unref (exc->participants);
	g_free (exc->venue);
	g_free (exc->online_url);
	g_free (exc->chair);
	g_free (exc->chair_title);
	g_free (exc);
}

guint
tg_occurrence_n_slots (const TgOccurrence *occ)
{
	if (occ->slot_minutes == 0 || occ->reception_end <= occ->reception_start)
		return 0;
	return (occ->reception_end - occ->reception_start) / occ->slot_minutes;
}

TgOccurrence *
tg_occurrence_copy (const TgOccurrence *occ)
{
	TgOccurrence *o = g_memdup2 (occ, sizeof (TgOccurrence));
	o->id = g_strdup (occ->id);
	o->unit = g_strdup (occ->unit);
	o->original_date = g_strdup (occ->original_date);
	o->date = g_strdup (occ->date);
	o->reason = g_strdup (occ->reason);
	o->holiday_en = g_strdup (occ->holiday_en);
	o->holiday_vi = g_strdup (occ->holiday_vi);
	o->venue = g_strdup (occ->venue);
	o->online_url = g_strdup (occ->online_url);
	o->agenda = g_strdup (occ->agenda);
	o->participants = tg_participants_copy (occ->participants);
	o->chair = g_strdup (occ->chair);
	o->chair_title = g_strdup (occ->chair_title);
	o->reception_venue = g_strdup (occ->reception_venue);
	o->bridge_of = g_strdup (occ->bridge_of);
	return o;
}

void
tg_occurrence_free (TgOccurrence *occ)
{
	if (occ == NULL)
		return;
	g_free (occ->id);
	g_free (occ->unit);
	g_free (occ->original_date);
	g_free (occ->date);
	g_free (occ->reason);
	g_free (occ->holiday_en);
	g_free (occ->holiday_vi);
	g_free (occ->venue);
	g_free (occ->online_url);
	g_free (occ->agenda);
	if (occ->participants != NULL)
		g_ptr_array_unref (occ->participants);
	g_free (occ->chair);
	g_free (occ->chair_title);
	g_free (occ->reception_venue);
	g_free (occ->bridge_of);
	g_free (occ);
}

static const gchar *tg_occurrence_statuses[] = {NULL, "scheduled", "moved", "cancelled"};

const gchar *
tg_occurrence_status_to_string (TgOccurrenceStatus status)
{
	if ((guint) status >= G_N_ELEMENTS (tg_occurrence_statuses))
		return NULL;
	return tg_occurrence_statuses[status];
}

gchar *
tg_occurrence_make_id (const gchar *unit, const gchar *original_date)
{
	/* YYYY-MM-DD -> YYYYMMDD */
	return g_strdup_printf ("%s-%.4s%.2s%.2s", unit, original_date, original_date + 5,
				original_date + 8);
}

gboolean
tg_occurrence_parse_id (const gchar *id, gchar **unit, gchar **original_date)
{
	const gchar *dash;
	g_autofree gchar *u = NULL;
	g_autofree gchar *d = NULL;
	GDate date;

	if (id == NULL || strlen (id) > 32 || (dash = strchr (id, '-')) == NULL ||
	    strlen (dash + 1) != 8)
		return FALSE;
	u = g_strndup (id, (gsize) (dash - id));
	if (u[0] == '\0' || strlen (u) > 10)
		return FALSE;
	for (const gchar *p = u; *p != '\0'; p++) {
		if (!g_ascii_isdigit (*p))
			return FALSE;
	}
	for (const gchar *p = dash + 1; *p != '\0'; p++) {
		if (!g_ascii_isdigit (*p))
			return FALSE;
	}
	d = g_strdup_printf ("%.4s-%.2s-%.2s", dash + 1, dash + 5, dash + 7);
	if (!tg_date_parse_iso (d, &date) || g_date_get_weekday (&date) != G_DATE_MONDAY)
		return FALSE;
	*unit = g_steal_pointer (&u);
	*original_date = g_steal_pointer (&d);
	return TRUE;
}

gchar *
tg_date_iso_week (const gchar *date)
{
	GDate d, thursday;
	if (!tg_date_parse_iso (date, &d))
		return NULL;
	/* the ISO year of a week is the year of its Thursday */
	thursday = d;
	if (g_date_get_weekday (&d) < G_DATE_THURSDAY)
		g_date_add_days (&thursday, G_DATE_THURSDAY - g_date_get_weekday (&d));
	else
		g_date_subtract_days (&thursday, g_date_get_weekday (&d) - G_DATE_THURSDAY);
	return g_strdup_printf ("%04u-W%02u", g_date_get_year (&thursday),
				g_date_get_iso8601_week_of_year (&d));
}

static TgOccurrence *
tg_occurrence_new_from_series (const TgSeries *s, const gchar *monday)
{
	TgOccurrence *o = g_new0 (TgOccurrence, 1);
	o->id = tg_occurrence_make_id (s->unit, monday);
	o->unit = g_strdup (s->unit);
	o->original_date = g_strdup (monday);
	o->date = g_strdup (monday);
	o->status = TG_OCCURRENCE_SCHEDULED;
	o->meeting_start = s->meeting_start;
	o->meeting_end = s->meeting_end;
	o->mode = s->mode;
	o->venue = g_strdup (s->venue);
	o->online_url = g_strdup (s->online_url);
	o->participants = tg_participants_copy (s->participants);
	o->chair = g_strdup (s->chair);
	o->chair_title = g_strdup (s->chair_title);
	o->reception_start = s->reception_start;
	o->reception_end = s->reception_end;
	o->reception_venue = g_strdup (s->reception_venue);
	o->slot_minutes = s->slot_minutes;
	o->desks = s->desks;
	o->opens_days_before = s->opens_days_before;
	o->closes_hours_before = s->closes_hours_before;
	return o;
}

static void
tg_occurrence_set_holiday (TgOccurrence *o, TgHolidayCalendar *cal, const GDate *day)
{
	const TgHoliday *h = tg_holiday_calendar_lookup (cal, day);
	g_free (o->holiday_en);
	g_free (o->holiday_vi);
	o->holiday_en = g_strdup (h != NULL ? h->name_en : "Day off");
	o->holiday_vi = g_strdup (h != NULL ? h->name_vi : "Ngày nghỉ");
}

/* the policy's answer for a Monday that is not a working day */
static void
tg_occurrence_apply_policy (TgOccurrence *o, const TgSeries *s, TgHolidayCalendar *cal,
			    const GDate *monday)
{
	tg_occurrence_set_holiday (o, cal, monday);
	if (s->holiday_policy == TG_HOLIDAY_POLICY_NEXT_WORKING_DAY) {
		/* the next working day of the same week: Tuesday to Saturday (a Saturday
		 * counts only when it is decided as a working day) */
		for (guint k = 1; k <= 5; k++) {
			GDate d = *monday;
			g_date_add_days (&d, k);
			if (tg_holiday_calendar_is_working_day (cal, &d)) {
				g_free (o->date);
				o->date = tg_date_to_iso (&d);
				o->status = TG_OCCURRENCE_MOVED;
				return;
			}
		}
	}
	o->status = TG_OCCURRENCE_CANCELLED;
	o->needs_decision = s->holiday_policy == TG_HOLIDAY_POLICY_MANUAL;
}

static void
tg_occurrence_apply_exception (TgOccurrence *o, const TgException *e)
{
	if (e->new_date != NULL) {
		g_free (o->date);
		o->date = g_strdup (e->new_date);
		o->status = TG_OCCURRENCE_MOVED;
		o->needs_decision = FALSE;
		/* a move by the secretary replaces the policy's reason */
		g_clear_pointer (&o->holiday_en, g_free);
		g_clear_pointer (&o->holiday_vi, g_free);
	}
	if (e->meeting_start >= 0) {
		guint len = o->meeting_end - o->meeting_start;
		o->meeting_start = (guint) e->meeting_start;
		o->meeting_end = MIN (o->meeting_start + len, 24 * 60 - 1);
	}
	if (e->reception_start >= 0) {
		guint len = o->reception_end - o->reception_start;
		o->reception_start = (guint) e->reception_start;
		o->reception_end = MIN (o->reception_start + len, 24 * 60 - 1);
	}
	if (e->cancelled) {
		o->status = TG_OCCURRENCE_CANCELLED;
		o->needs_decision = FALSE;
	}
	if (e->reason != NULL) {
		g_free (o->reason);
		o->reason = g_strdup (e->reason);
	}
	if (e->agenda != NULL) {
		g_free (o->agenda);
		o->agenda = g_strdup (e->agenda);
	}
	if (e->participants != NULL) {
		g_ptr_array_unref (o->participants);
		o->participants = tg_participants_copy (e->participants);
	}
	if (e->mode != TG_MEETING_MODE_UNKNOWN)
		o->mode = e->mode;
	if (e->venue != NULL) {
		g_free (o->venue);
		o->venue = g_strdup (e->venue);
	}
	/* an empty address is the session's own "no link", over the series' one */
	if (e->online_url != NULL) {
		g_free (o->online_url);
		o->online_url = *e->online_url != '\0' ? g_strdup (e->online_url) : NULL;
	}
	/* a delegation: another leader chairs this meeting */
	if (e->chair != NULL) {
		g_free (o->chair);
		g_free (o->chair_title);
		o->chair = g_strdup (e->chair);
		o->chair_title = g_strdup (e->chair_title);
	}
	o->sequence = e->sequence;
}

TgOccurrence *
tg_occurrence_compute_one (const TgSeries *series, TgHolidayCalendar *calendar,
			   const TgException *exception, const gchar *original_date)
{
	GDate monday;
	TgOccurrence *o;

	if (!tg_date_parse_iso (original_date, &monday) ||
	    g_date_get_weekday (&monday) != G_DATE_MONDAY)
		return NULL;
	o = tg_occurrence_new_from_series (series, original_date);
	if (!tg_holiday_calendar_is_working_day (calendar, &monday))
		tg_occurrence_apply_policy (o, series, calendar, &monday);
	if (exception != NULL)
		tg_occurrence_apply_exception (o, exception);
	return o;
}

static gint
tg_occurrence_compare (gconstpointer a, gconstpointer b)
{
	const TgOccurrence *x = *(TgOccurrence *const *) a;
	const TgOccurrence *y = *(TgOccurrence *const *) b;
	gint c = g_strcmp0 (x->date, y->date);
	return c != 0 ? c : g_strcmp0 (x->id, y->id);
}

GPtrArray *
tg_occurrences_compute (const TgSeries *series, TgHolidayCalendar *calendar, GHashTable *exceptions,
			TgValidityFunc valid, gpointer valid_data, const gchar *from,
			const gchar *to)
{
	GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) tg_occurrence_free);
	g_autoptr(GHashTable) mondays =
			   g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
	GDate d, end;

	g_return_val_if_fail (series != NULL && from != NULL && to != NULL, out);
	if (!tg_date_parse_iso (from, &d) || !tg_date_parse_iso (to, &end))
		return out;
	/* a holiday can push a Monday up to Saturday, into the range from the week before */
	g_date_subtract_days (&d, 6);
	while (g_date_get_weekday (&d) != G_DATE_MONDAY)
		g_date_add_days (&d, 1);
	for (; g_date_compare (&d, &end) <= 0; g_date_add_days (&d, 7))
		g_hash_table_add (mondays, tg_date_to_iso (&d));
	/* and a secretary can move one from anywhere */
	if (exceptions != NULL) {
		GHashTableIter iter;
		gpointer value;
		g_hash_table_iter_init (&iter, exceptions);
		while (g_hash_table_iter_next (&iter, NULL, &value)) {
			TgException *e = value;
			if (e->new_date != NULL && g_strcmp0 (e->new_date, from) >= 0 &&
			    g_strcmp0 (e->new_date, to) <= 0)
				g_hash_table_add (mondays, g_strdup (e->original_date));
		}
	}
	{
		GHashTableIter iter;
		gpointer key;
		g_hash_table_iter_init (&iter, mondays);
		while (g_hash_table_iter_next (&iter, &key, NULL)) {
			const gchar *monday = key;
			TgOccurrence *o;

			if (valid != NULL && !valid (monday, valid_data))
				continue;
			o = tg_occurrence_compute_one (series, calendar,
						       exceptions != NULL
							       ? g_hash_table_lookup (exceptions,
										      monday)
							       : NULL,
						       monday);
			if (o == NULL)
				continue;
			if (g_strcmp0 (o->date, from) < 0 || g_strcmp0 (o->date, to) > 0) {
				tg_occurrence_free (o);
				continue;
			}
			g_ptr_array_add (out, o);
		}
	}
	g_ptr_array_sort (out, tg_occurrence_compare);
	return out;
}

TgOccurrence *
tg_occurrence_new_bridge (const TgOccurrence *ancestor_occ, const gchar *unit)
{
	TgOccurrence *o = tg_occurrence_copy (ancestor_occ);
	g_free (o->bridge_of);
	o->bridge_of = g_strdup (ancestor_occ->unit);
	g_free (o->unit);
	o->unit = g_strdup (unit);
	/* a bridge point has no reception of its own */
	o->reception_start = o->reception_end = 0;
	o->desks = 0;
	g_clear_pointer (&o->reception_venue, g_free);
	return o;
}
