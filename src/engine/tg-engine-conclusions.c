/* tg-engine-conclusions.c: a meeting's conclusions, recorded by the unit's secretaries once
 * the meeting is held, and followed up at the unit's next meetings */
#define G_LOG_DOMAIN "thaogo-engine"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "tg-date.h"
#include "tg-engine-private.h"
#include "tg-error.h"

/* (transfer full): the occurrence @id when @caller is a secretary of its unit or above */
static TgOccurrence *
tg_engine_meeting_for_record (TgEngine *engine, const TgToken *caller, const gchar *id,
			      GError **error)
{
	g_autoptr(TgOccurrence) occ = tg_engine_get_occurrence (engine, id, error);

	if (occ == NULL || !tg_engine_require_secretary_of (engine, caller, occ->unit, error))
		return NULL;
	return g_steal_pointer (&occ);
}

GPtrArray *
tg_engine_list_conclusions (TgEngine *engine, const TgToken *caller, const gchar *occurrence,
			    GError **error)
{
	g_autoptr(TgOccurrence) occ =
			   tg_engine_meeting_for_record (engine, caller, occurrence, error);
	g_autoptr(GError) error_local = NULL;
	GPtrArray *list;

	if (occ == NULL)
		return NULL;
	list = tg_store_list_conclusions (engine->store, occ->id, &error_local);
	if (list == NULL)
		tg_engine_propagate_store_error (error, g_steal_pointer (&error_local));
	return list;
}

TgConclusion *
tg_engine_add_conclusion (TgEngine *engine, const TgToken *caller, const gchar *occurrence,
			  const TgConclusionChange *change, GError **error)
{
	g_autoptr(TgOccurrence) occ =
			   tg_engine_meeting_for_record (engine, caller, occurrence, error);
	g_autoptr(TgConclusion) c = NULL;
	g_autoptr(GPtrArray) existing = NULL;
	g_autoptr(GError) error_local = NULL;
	g_autofree gchar *today = NULL;

	if (occ == NULL || !tg_conclusion_check_change (change, TRUE, error))
		return NULL;
	if (change->status != NULL && g_strcmp0 (change->status, "open") != 0) {
		tg_error_set_field (error, TG_ERROR_INVALID, "status",
				    N_ ("a new conclusion is open"));
		return NULL;
	}
	today = tg_engine_get_today (engine);
	if (occ->status == TG_OCCURRENCE_CANCELLED) {
		tg_error_set_field (error, TG_ERROR_CONFLICT, NULL,
				    N_ ("the meeting was cancelled: it has no conclusions"));
		return NULL;
	}
	if (g_strcmp0 (occ->date, today) > 0) {
		tg_error_set_field (error, TG_ERROR_CONFLICT, NULL,
				    N_ ("the meeting has not been held yet"));
		return NULL;
	}
	if (g_strcmp0 (change->deadline, occ->date) < 0) {
		tg_error_set_field (error, TG_ERROR_INVALID, "deadline",
				    N_ ("must not be before the meeting"));
		return NULL;
	}
	existing = tg_store_list_conclusions (engine->store, occ->id, &error_local);
	if (existing == NULL) {
		tg_engine_propagate_store_error (error, g_steal_pointer (&error_local));
		return NULL;
	}
	if (existing->len >= TG_CONCLUSIONS_PER_MEETING_MAX) {
		tg_error_set_field (error, TG_ERROR_CONFLICT, NULL,
				    N_ ("a meeting records at most 100 conclusions"));
		return NULL;
	}
	c = g_new0 (TgConclusion, 1);
	c->occurrence = g_strdup (occ->id);
	c->unit = g_strdup (occ->unit);
	c->meeting_date = g_strdup (occ->date);
	c->text = g_strdup (change->text);
	c->assignee = g_strdup (change->assignee);
	c->deadline = g_strdup (change->deadline);
	c->created_at = tg_clock_now (engine->clock);
	if (!tg_store_add_conclusion (engine->store, c, &error_local)) {
		tg_engine_propagate_store_error (error, g_steal_pointer (&error_local));
		return NULL;
	}
	return g_steal_pointer (&c);
}

/* "UNIT-YYYYMMDD-N" into the occurrence's id and N */
static gboolean
tg_engine_split_conclusion_id (const gchar *id, gchar **occurrence, guint *number)
{
	const gchar *dash = id != NULL ? strrchr (id, '-') : NULL;
	guint64 n = 0;

	if (dash == NULL || dash == id || strlen (id) > 64 ||
	    !g_ascii_string_to_unsigned (dash + 1, 10, 1, TG_CONCLUSIONS_PER_MEETING_MAX, &n, NULL))
		return FALSE;
	*occurrence = g_strndup (id, (gsize) (dash - id));
	*number = (guint) n;
	return TRUE;
}

TgConclusion *
tg_engine_update_conclusion (TgEngine *engine, const TgToken *caller, const gchar *id,
			     const TgConclusionChange *change, GError **error)
{
	g_autofree gchar *occurrence = NULL;
	g_autoptr(TgOccurrence) occ = NULL;
	g_autoptr(GError) error_local = NULL;
	TgConclusion *c;
	guint number = 0;

	if (!tg_engine_split_conclusion_id (id, &occurrence, &number)) {
		tg_error_set_field (error, TG_ERROR_NOT_FOUND, NULL, N_ ("no such conclusion"));
		return NULL;
	}
	occ = tg_engine_meeting_for_record (engine, caller, occurrence, error);
	if (occ == NULL || !tg_conclusion_check_change (change, FALSE, error))
		return NULL;
	if (change->deadline != NULL && g_strcmp0 (change->deadline, occ->date) < 0) {
		tg_error_set_field (error, TG_ERROR_INVALID, "deadline",
				    N_ ("must not be before the meeting"));
		return NULL;
	}
	c = tg_store_update_conclusion (engine->store, occ->id, number, change,
					tg_clock_now (engine->clock), &error_local);
	if (c == NULL)
		tg_engine_propagate_store_error (error, g_steal_pointer (&error_local));
	return c;
}

GPtrArray *
tg_engine_list_followup (TgEngine *engine, const TgToken *caller, const gchar *unit,
			 const gchar *before, GError **error)
{
	g_autoptr(GError) error_local = NULL;
	GPtrArray *list;

	if (!tg_engine_require_secretary_of (engine, caller, unit, error))
		return NULL;
	if (!tg_date_is_valid_iso (before)) {
		tg_error_set_field (error, TG_ERROR_INVALID, "before",
				    N_ ("must be a date written YYYY-MM-DD"));
		return NULL;
	}
	list = tg_store_list_open_conclusions (engine->store, unit, before, &error_local);
	if (list == NULL)
		tg_engine_propagate_store_error (error, g_steal_pointer (&error_local));
	return list;
}
