/* tg-engine-calendar.c: the acts on the calendar: holiday decisions, series, and the
 * exceptions of occurrences (their cancellation, move or details) */
#define G_LOG_DOMAIN "thaogo-engine"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "tg-date.h"
#include "tg-engine-private.h"
#include "tg-error.h"
#include "tg-text.h"

#define TG_REASON_MAX 500
#define TG_AGENDA_MAX 5000

/* ---- holidays ---- */

static void tg_engine_follow_holiday_change (TgEngine *engine, TgHolidayCalendar *before,
					     const gchar *date);

gboolean
tg_engine_put_holiday_decision (TgEngine *engine, const TgToken *caller,
				const TgHolidayDecision *decision, GError **error)
{
	g_autoptr(GError) error_local = NULL;
	g_autoptr(TgHolidayCalendar) before = NULL;

	if (!tg_engine_require_admin (caller, error))
		return FALSE;
	if (!tg_date_is_valid_iso (decision->date)) {
		tg_error_set_field (error, TG_ERROR_INVALID, "date",
				    N_ ("must be a date written YYYY-MM-DD"));
		return FALSE;
	}
	if (decision->name != NULL && !tg_text_is_clean_line (decision->name, 1, 200)) {
		tg_error_set_field (error, TG_ERROR_INVALID, "name",
				    N_ ("must be 1 to 200 characters of text on one line"));
		return FALSE;
	}
	before = tg_engine_new_calendar (engine, error);
	if (before == NULL)
		return FALSE;
	if (!tg_store_put_holiday_decision (engine->store, decision, tg_clock_now (engine->clock),
					    &error_local)) {
		tg_engine_propagate_store_error (error, g_steal_pointer (&error_local));
		return FALSE;
	}
	tg_engine_invalidate_calendar (engine);
	tg_engine_follow_holiday_change (engine, before, decision->date);
	g_info ("holiday decision on %s: %s", decision->date,
		decision->day_off ? "day off" : "working day");
	return TRUE;
}

gboolean
tg_engine_delete_holiday_decision (TgEngine *engine, const TgToken *caller, const gchar *date,
				   GError **error)
{
	g_autoptr(GError) error_local = NULL;
	g_autoptr(TgHolidayCalendar) before = NULL;

	if (!tg_engine_require_admin (caller, error))
		return FALSE;
	before = tg_engine_new_calendar (engine, error);
	if (before == NULL)
		return FALSE;
	if (!tg_store_delete_holiday_decision (engine->store, date, &error_local)) {
		if (g_error_matches (error_local, TG_STORE_ERROR, TG_STORE_ERROR_NOT_FOUND)) {
			tg_error_set_field (error, TG_ERROR_NOT_FOUND, NULL,
					    N_ ("no decision was entered for this date"));
			return FALSE;
		}
		tg_engine_propagate_store_error (error, g_steal_pointer (&error_local));
		return FALSE;
	}
	tg_engine_invalidate_calendar (engine);
	tg_engine_follow_holiday_change (engine, before, date);
	return TRUE;
}

/* After a holiday decision on @date: each booked session of that week that the decision
 * cancelled (the "skip" policy, or no working day left in the week) ends its bookings as
 * cancelled by the unit, and each one it moved keeps them on its new day or time; their
 * people are told either way, and reminders follow. Under the "manual" policy the bookings
 * wait for the secretary's move or cancellation. @before: the calendar before it. */
static void
tg_engine_follow_holiday_change (TgEngine *engine, TgHolidayCalendar *before, const gchar *date)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TgHolidayCalendar) after = NULL;
	g_autoptr(GPtrArray) booked = NULL;
	g_autofree gchar *monday = NULL;
	GDate d;

	if (!tg_date_parse_iso (date, &d))
		return;
	/* a Monday's session moves within its own week only */
	g_date_subtract_days (&d, g_date_get_weekday (&d) - G_DATE_MONDAY);
	monday = tg_date_to_iso (&d);
	after = tg_engine_new_calendar (engine, &error);
	if (after != NULL)
		booked = tg_store_list_coming_booked_occurrences (engine->store, monday, &error);
	if (booked == NULL) {
		g_warning ("holiday decision on %s: its booked sessions were not followed: %s",
			   date, error->message);
		return;
	}
	for (guint i = 0; i < booked->len; i++) {
		const gchar *id = g_ptr_array_index (booked, i);
		g_autofree gchar *code = NULL;
		g_autofree gchar *original = NULL;
		g_autoptr(TgUnitCalendar) uc = NULL;
		g_autoptr(TgOccurrence) was = NULL;
		g_autoptr(TgOccurrence) now = NULL;
		g_autoptr(GPtrArray) bookings = NULL;
		TgException *exc;

		/* the sessions of that Monday only */
		if (!tg_occurrence_parse_id (id, &code, &original) ||
		    g_strcmp0 (original, monday) != 0)
			continue;
		uc = tg_engine_get_unit_calendar (engine, code, NULL);
		if (uc == NULL)
			continue;
		exc = g_hash_table_lookup (uc->exceptions, original);
		was = tg_occurrence_compute_one (uc->series, before, exc, original);
		now = tg_occurrence_compute_one (uc->series, after, exc, original);
		if (was == NULL || now == NULL || was->status == TG_OCCURRENCE_CANCELLED)
			continue;
		if (now->status == TG_OCCURRENCE_CANCELLED && now->needs_decision) {
			/* the "manual" policy: the secretary moves or cancels it, and its people
			 * are told then; the bookings wait for that */
			g_info ("session %s falls on a day off: its secretary decides", id);
			continue;
		}
		if (now->status == TG_OCCURRENCE_CANCELLED) {
			g_info ("session %s cancelled by a holiday decision: its bookings end", id);
			tg_engine_end_session_bookings (engine, id);
		} else if (g_strcmp0 (now->date, was->date) != 0 ||
			   now->reception_start != was->reception_start) {
			bookings = tg_store_list_bookings (engine->store, id, NULL);
			g_info ("session %s moved by a holiday decision to %s", id, now->date);
			tg_engine_session_changed (engine, id, bookings, TG_MESSAGE_MOVED);
		}
	}
}

/* ---- series changes and the bookings they would touch ---- */

static void
tg_series_guard_clear (TgSeriesGuard *g)
{
	g_free (g->occurrence);
}

/* For each session of @series->unit from today on, as it is now and as @series would make
 * it: what the change may not take from its bookings (see TgSeriesGuard). A session whose
 * times, seats and day stay as they are gets none. Bookings are stored by slot and seat,
 * so a new reception start or slot length would move every booking of the session without
 * its people being told, and fewer slots or desks would leave some without a place. */
static GArray *
tg_engine_series_guards (TgEngine *engine, const TgSeries *series, GError **error)
{
	g_autoptr(TgHolidayCalendar) calendar = tg_engine_new_calendar (engine, error);
	g_autoptr(TgUnitCalendar) uc = NULL;
	g_autoptr(GPtrArray) before = NULL;
	g_autoptr(GPtrArray) after = NULL;
	g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
	g_autofree gchar *today = tg_engine_get_today (engine);
	g_autofree gchar *to = NULL;
	g_autoptr(GArray) guards = g_array_new (FALSE, TRUE, sizeof (TgSeriesGuard));
	GDate d;

	g_array_set_clear_func (guards, (GDestroyNotify) tg_series_guard_clear);
	if (calendar == NULL)
		return NULL;
	uc = tg_engine_get_unit_calendar (engine, series->unit, error);
	if (uc == NULL)
		return NULL;
	/* bookings open at most this far ahead (opens_days_before is at most 365) */
	tg_date_parse_iso (today, &d);
	g_date_add_days (&d, TG_OCCURRENCE_RANGE_MAX_DAYS - 1);
	to = tg_date_to_iso (&d);
	before = tg_occurrences_compute (uc->series, calendar, uc->exceptions,
					 tg_engine_versions_valid_on, uc->versions, today, to);
	after = tg_occurrences_compute (series, calendar, uc->exceptions,
					tg_engine_versions_valid_on, uc->versions, today, to);
	for (guint i = 0; i < after->len; i++) {
		TgOccurrence *o = g_ptr_array_index (after, i);
		g_hash_table_insert (by_id, o->id, o);
	}
	for (guint i = 0; i < before->len; i++) {
		TgOccurrence *o = g_ptr_array_index (before, i);
		TgOccurrence *n = g_hash_table_lookup (by_id, o->id);
		TgSeriesGuard g = {NULL, FALSE, 0, 0};

		/* its bookings ended with it, unless it waits for its secretary's decision */
		if (o->status == TG_OCCURRENCE_CANCELLED && !o->needs_decision)
			continue;
		g.same_times = n != NULL &&
			       (n->status == TG_OCCURRENCE_CANCELLED) ==
				       (o->status == TG_OCCURRENCE_CANCELLED) &&
			       n->needs_decision == o->needs_decision &&
			       g_strcmp0 (n->date, o->date) == 0 &&
			       n->reception_start == o->reception_start &&
			       n->slot_minutes == o->slot_minutes;
		if (g.same_times) {
			g.n_slots = tg_occurrence_n_slots (n);
			g.desks = n->desks;
			if (g.n_slots >= tg_occurrence_n_slots (o) && g.desks >= o->desks)
				continue; /* nothing a booking holds is taken */
		}
		g.occurrence = g_strdup (o->id);
		g_array_append_val (guards, g);
	}
	return g_steal_pointer (&guards);
}

gboolean
tg_engine_put_series (TgEngine *engine, const TgToken *caller, TgSeries *series,
		      GPtrArray **affected, GError **error)
{
	g_autoptr(GError) error_local = NULL;
	g_autoptr(TgUnit) unit = tg_engine_get_unit (engine, series->unit, NULL, error);
	g_autoptr(GArray) guards = NULL;

	if (unit == NULL)
		return FALSE;
	if (!tg_engine_require_secretary_of (engine, caller, series->unit, error))
		return FALSE;
	if (!tg_series_validate (series, error))
		return FALSE;
	guards = tg_engine_series_guards (engine, series, error);
	if (guards == NULL)
		return FALSE;
	series->updated_at = tg_clock_now (engine->clock);
	if (!tg_store_put_series_guarded (engine->store, series, guards, affected, &error_local)) {
		if (g_error_matches (error_local, TG_STORE_ERROR, TG_STORE_ERROR_BOOKED)) {
			g_info ("series of %s not changed: %s", series->unit, error_local->message);
			tg_error_set_field (
				error, TG_ERROR_CONFLICT, "reception",
				N_ ("sessions that have bookings would change their times or seats:"
				    " move or cancel those sessions first, or make the change after"
				    " them"));
			return FALSE;
		}
		tg_engine_propagate_store_error (error, g_steal_pointer (&error_local));
		return FALSE;
	}
	tg_engine_invalidate_unit (engine, series->unit);
	g_info ("series of %s updated", series->unit);
	return TRUE;
}

/* stores @exc and answers the occurrence as it now is */
static TgOccurrence *
tg_engine_store_exception (TgEngine *engine, TgException *exc, const gchar *id, GError **error)
{
	g_autoptr(GError) error_local = NULL;

	exc->updated_at = tg_clock_now (engine->clock);
	if (!tg_store_put_exception (engine->store, exc, &error_local)) {
		tg_engine_propagate_store_error (error, g_steal_pointer (&error_local));
		return NULL;
	}
	tg_engine_invalidate_unit (engine, exc->unit);
	return tg_engine_get_occurrence (engine, id, error);
}

static TgException *
tg_engine_exception_for (GHashTable *exceptions, const TgOccurrence *occ)
{
	TgException *e = g_hash_table_lookup (exceptions, occ->original_date);
	return e != NULL ? tg_exception_copy (e) : tg_exception_new (occ->unit, occ->original_date);
}

static gboolean
tg_engine_check_reason (const gchar *reason, GError **error)
{
	if (!tg_text_is_clean_line (reason, 1, TG_REASON_MAX)) {
		tg_error_set_field (error, TG_ERROR_INVALID, "reason",
				    N_ ("a reason of 1 to 500 characters on one line is needed"));
		return FALSE;
	}
	return TRUE;
}

TgOccurrence *
tg_engine_cancel_occurrence (TgEngine *engine, const TgToken *caller, const gchar *id,
			     const gchar *reason, GError **error)
{
	g_autoptr(GPtrArray) active = NULL;
	TgOccurrence *result;
	g_autoptr(TgUnitCalendar) uc = NULL;
	g_autoptr(TgOccurrence) occ = NULL;
	g_autoptr(TgException) exc = NULL;

	occ = tg_engine_load_occurrence (engine, id, &uc, error);
	if (occ == NULL)
		return NULL;
	if (!tg_engine_require_secretary_of (engine, caller, occ->unit, error))
		return NULL;
	if (!tg_engine_check_reason (reason, error))
		return NULL;
	/* cancelling twice changes nothing (and tells no one again) */
	if (occ->status == TG_OCCURRENCE_CANCELLED && occ->reason != NULL && !occ->needs_decision)
		return g_steal_pointer (&occ);
	exc = tg_engine_exception_for (uc->exceptions, occ);
	exc->cancelled = TRUE;
	g_free (exc->reason);
	exc->reason = g_strdup (reason);
	/* the bookings end with the occurrence, in the same transaction; their people are told */
	active = tg_store_list_bookings (engine->store, occ->id, NULL);
	g_info ("occurrence %s cancelled", id);
	result = tg_engine_store_exception (engine, exc, id, error);
	if (result != NULL) {
		tg_engine_session_changed (engine, id, active, TG_MESSAGE_CANCELLED);
	}
	return result;
}

TgOccurrence *
tg_engine_move_occurrence (TgEngine *engine, const TgToken *caller, const gchar *id,
			   const gchar *date, gint meeting_start, gint reception_start,
			   const gchar *reason, GError **error)
{
	g_autoptr(TgUnitCalendar) uc = NULL;
	g_autoptr(TgOccurrence) occ = NULL;
	g_autoptr(TgException) exc = NULL;
	g_autoptr(TgHolidayCalendar) calendar = NULL;
	g_autoptr(GPtrArray) week = NULL;
	g_autofree gchar *today = tg_engine_get_today (engine);
	g_autofree gchar *week_start = NULL;
	g_autofree gchar *week_end = NULL;
	TgOccurrence *moved;
	GDate d;

	occ = tg_engine_load_occurrence (engine, id, &uc, error);
	if (occ == NULL)
		return NULL;
	if (!tg_engine_require_secretary_of (engine, caller, occ->unit, error))
		return NULL;
	if (!tg_date_parse_iso (date, &d)) {
		tg_error_set_field (error, TG_ERROR_INVALID, "date",
				    N_ ("must be a date written YYYY-MM-DD"));
		return NULL;
	}
	if (g_strcmp0 (date, today) < 0) {
		tg_error_set_field (error, TG_ERROR_INVALID, "date",
				    N_ ("an occurrence cannot be moved into the past"));
		return NULL;
	}
	if (!tg_engine_check_reason (reason, error))
		return NULL;
	calendar = tg_engine_new_calendar (engine, error);
	if (calendar == NULL)
		return NULL;
	if (!tg_holiday_calendar_is_working_day (calendar, &d)) {
		tg_error_set_field (error, TG_ERROR_INVALID, "date", N_ ("is not a working day"));
		return NULL;
	}
	/* one occurrence per week: nothing else of this unit may take place that week */
	g_date_subtract_days (&d, g_date_get_weekday (&d) - G_DATE_MONDAY);
	week_start = tg_date_to_iso (&d);
	g_date_add_days (&d, 6);
	week_end = tg_date_to_iso (&d);
	week = tg_engine_own_occurrences (engine, calendar, occ->unit, week_start, week_end, error);
	if (week == NULL)
		return NULL;
	for (guint i = 0; i < week->len; i++) {
		TgOccurrence *other = g_ptr_array_index (week, i);
		if (g_strcmp0 (other->id, occ->id) != 0 &&
		    other->status != TG_OCCURRENCE_CANCELLED) {
			tg_error_set_field (error, TG_ERROR_CONFLICT, "date",
					    N_ ("the unit already meets that week"));
			return NULL;
		}
	}
	exc = tg_engine_exception_for (uc->exceptions, occ);
	exc->cancelled = FALSE;
	g_free (exc->new_date);
	exc->new_date = g_strdup (date);
	exc->meeting_start = meeting_start;
	exc->reception_start = reception_start;
	g_free (exc->reason);
	exc->reason = g_strdup (reason);
	g_info ("occurrence %s moved to %s", id, date);
	moved = tg_engine_store_exception (engine, exc, id, error);
	if (moved != NULL) {
		/* the bookings keep their slots on the new day; their people are told, and the
		 * reminders of the old time are superseded by ones for the new time */
		g_autoptr(GPtrArray) bookings = tg_store_list_bookings (engine->store, id, NULL);
		tg_engine_session_changed (engine, id, bookings, TG_MESSAGE_MOVED);
	}
	return moved;
}

TgOccurrence *
tg_engine_patch_occurrence (TgEngine *engine, const TgToken *caller, const gchar *id,
			    const TgException *patch, GError **error)
{
	g_autoptr(TgUnitCalendar) uc = NULL;
	g_autoptr(TgOccurrence) occ = NULL;
	g_autoptr(TgException) exc = NULL;

	occ = tg_engine_load_occurrence (engine, id, &uc, error);
	if (occ == NULL)
		return NULL;
	if (!tg_engine_require_secretary_of (engine, caller, occ->unit, error))
		return NULL;
	if (patch->agenda != NULL && !tg_text_is_clean_block (patch->agenda, 0, TG_AGENDA_MAX)) {
		tg_error_set_field (error, TG_ERROR_INVALID, "agenda",
				    N_ ("must be at most 5000 characters of text"));
		return NULL;
	}
	if (!tg_participants_validate (patch->participants, "participants", error))
		return NULL;
	if (patch->venue != NULL && !tg_text_is_clean_line (patch->venue, 0, 200)) {
		tg_error_set_field (
			error, TG_ERROR_INVALID, "venue",
			N_ ("must be at most 200 characters of text on one line (empty: the "
			    "series' venue)"));
		return NULL;
	}
	/* an empty online address means none for this session (Vietnam's online meetings
	 * join bridge points on the province's video system: a link is optional) */
	if (patch->online_url != NULL && *patch->online_url != '\0' &&
	    !tg_url_is_valid (patch->online_url)) {
		tg_error_set_field (
			error, TG_ERROR_INVALID, "online_url",
			N_ ("must be an http:// or https:// address, or empty for none"));
		return NULL;
	}
	if (patch->chair != NULL && !tg_text_is_clean_line (patch->chair, 0, TG_CHAIR_MAX)) {
		tg_error_set_field (
			error, TG_ERROR_INVALID, "chair.name",
			N_ ("must be at most 200 characters of text on one line (empty: "
			    "the series' chair)"));
		return NULL;
	}
	if (patch->chair_title != NULL &&
	    !tg_text_is_clean_line (patch->chair_title, 0, TG_CHAIR_MAX)) {
		tg_error_set_field (error, TG_ERROR_INVALID, "chair.title",
				    N_ ("must be at most 200 characters of text on one line"));
		return NULL;
	}
	exc = tg_engine_exception_for (uc->exceptions, occ);
	/* another leader chairs this session; an empty name gives it back the series' chair */
	if (patch->chair != NULL) {
		g_free (exc->chair);
		g_free (exc->chair_title);
		exc->chair = *patch->chair != '\0' ? g_strdup (patch->chair) : NULL;
		exc->chair_title = exc->chair != NULL && patch->chair_title != NULL &&
						   *patch->chair_title != '\0'
					   ? g_strdup (patch->chair_title)
					   : NULL;
	}
	if (patch->agenda != NULL) {
		g_free (exc->agenda);
		exc->agenda = g_strdup (patch->agenda);
	}
	if (patch->participants != NULL) {
		if (exc->participants != NULL)
			g_ptr_array_unref (exc->participants);
		exc->participants = tg_participants_copy (patch->participants);
	}
	if (patch->mode != TG_MEETING_MODE_UNKNOWN)
		exc->mode = patch->mode;
	/* an empty venue gives the session back the series' venue */
	if (patch->venue != NULL) {
		g_free (exc->venue);
		exc->venue = *patch->venue != '\0' ? g_strdup (patch->venue) : NULL;
	}
	if (patch->online_url != NULL) {
		g_free (exc->online_url);
		exc->online_url = g_strdup (patch->online_url);
	}
	return tg_engine_store_exception (engine, exc, id, error);
}
