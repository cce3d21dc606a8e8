/* tg-engine.c: the protocol-neutral core of the daemon: access, units, tokens */
#define G_LOG_DOMAIN "thaogo-engine"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "tg-date.h"
#include "tg-engine-private.h"
#include "tg-error.h"
#include "tg-ical.h"
#include "tg-random.h"

TgEngine *
tg_engine_new (TgStore *store, TgClock *clock)
{
	TgEngine *engine;

	g_return_val_if_fail (store != NULL && clock != NULL, NULL);
	engine = g_new0 (TgEngine, 1);
	engine->store = store;
	engine->clock = clock;
	engine->options.require_email_confirmation = TRUE;
	engine->options.hold_minutes = 30;
	engine->options.retention_days = 365;
	engine->options.reminder_hours_before = 24;
	engine->options.meeting_reminder_hours_before = 72;
	g_mutex_init (&engine->cache_mutex);
	engine->unit_calendars = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
							 tg_engine_unit_calendar_release);
	return engine;
}

void
tg_engine_free (TgEngine *engine)
{
	if (engine == NULL)
		return;
	tg_engine_stop_mail (engine);
	g_hash_table_unref (engine->unit_calendars);
	tg_engine_feeds_clear (engine);
	g_clear_pointer (&engine->calendar, tg_holiday_calendar_free);
	g_mutex_clear (&engine->cache_mutex);
	g_free (engine);
}

void
tg_engine_set_options (TgEngine *engine, const TgEngineOptions *options)
{
	engine->options = *options;
}

TgClock *
tg_engine_get_clock (TgEngine *engine)
{
	return engine->clock;
}

gchar *
tg_engine_get_today (TgEngine *engine)
{
	return tg_date_today_iso (tg_clock_now (engine->clock));
}

void
tg_engine_propagate_store_error (GError **error, GError *store_error)
{
	gint code = TG_ERROR_INTERNAL;

	g_return_if_fail (store_error != NULL);
	if (store_error->domain == TG_ERROR) {
		g_propagate_error (error, store_error);
		return;
	}
	if (store_error->domain == TG_STORE_ERROR) {
		switch (store_error->code) {
		case TG_STORE_ERROR_NOT_FOUND:
			code = TG_ERROR_NOT_FOUND;
			break;
		case TG_STORE_ERROR_CONSTRAINT:
			code = TG_ERROR_CONFLICT;
			break;
		case TG_STORE_ERROR_CLOSED:
			code = TG_ERROR_UNAVAILABLE;
			break;
		case TG_STORE_ERROR_FULL:
			code = TG_ERROR_SLOT_FULL;
			break;
		case TG_STORE_ERROR_DUPLICATE:
			code = TG_ERROR_DUPLICATE_BOOKING;
			break;
		case TG_STORE_ERROR_EXPIRED:
			code = TG_ERROR_BOOKING_EXPIRED;
			break;
		case TG_STORE_ERROR_STATE:
			code = TG_ERROR_CONFLICT;
			break;
		default:
			break;
		}
	}
	if (code == TG_ERROR_INTERNAL)
		g_warning ("store: %s", store_error->message);
	g_set_error_literal (error, TG_ERROR, code, store_error->message);
	g_error_free (store_error);
}

/* ---- access ---- */

TgToken *
tg_engine_authenticate (TgEngine *engine, const gchar *secret, GError **error)
{
	g_autofree gchar *hash = NULL;
	g_autoptr(TgToken) token = NULL;
	g_autoptr(GError) error_local = NULL;

	if (!tg_token_secret_is_well_formed (secret)) {
		tg_error_set_field (error, TG_ERROR_UNAUTHORIZED, NULL,
				    N_("a valid access token is needed"));
		return NULL;
	}
	hash = tg_token_hash_secret (secret);
	token = tg_store_get_token_by_hash (engine->store, hash, &error_local);
	if (token == NULL) {
		if (g_error_matches (error_local, TG_STORE_ERROR, TG_STORE_ERROR_NOT_FOUND)) {
			tg_error_set_field (error, TG_ERROR_UNAUTHORIZED, NULL,
					    N_("a valid access token is needed"));
			return NULL;
		}
		tg_engine_propagate_store_error (error, g_steal_pointer (&error_local));
		return NULL;
	}
	if (token->revoked_at != 0) {
		tg_error_set_field (error, TG_ERROR_UNAUTHORIZED, NULL,
				    N_("this access token has been revoked"));
		return NULL;
	}
	return g_steal_pointer (&token);
}

gboolean
tg_engine_require_admin (const TgToken *caller, GError **error)
{
	if (caller == NULL || caller->role != TG_ROLE_ADMIN) {
		tg_error_set_field (error, TG_ERROR_FORBIDDEN, NULL,
				    N_("only an administrator may do this"));
		return FALSE;
	}
	return TRUE;
}

gboolean
tg_engine_require_secretary_of (TgEngine *engine, const TgToken *caller, const gchar *unit,
				GError **error)
{
	g_autoptr(GError) error_local = NULL;

	if (caller != NULL && caller->role == TG_ROLE_ADMIN)
		return TRUE;
	if (caller != NULL && caller->role == TG_ROLE_SECRETARY && caller->unit != NULL &&
	    tg_store_unit_is_within (engine->store, unit, caller->unit, NULL, &error_local))
		return TRUE;
	tg_error_set_field (error, TG_ERROR_FORBIDDEN, NULL,
			    N_("only a secretary of this unit or of a unit above it may do this"));
	return FALSE;
}

/* ---- units ---- */

GPtrArray *
tg_engine_list_units (TgEngine *engine, const gchar *parent, TgUnitLevel level, const gchar *date,
		      gboolean all_versions, GError **error)
{
	g_autofree gchar *today = NULL;
	g_autoptr(GError) error_local = NULL;
	GPtrArray *units;

	if (!all_versions && date == NULL)
		date = today = tg_engine_get_today (engine);
	units = tg_store_list_units (engine->store, parent, level, all_versions ? NULL : date,
				     &error_local);
	if (units == NULL)
		tg_engine_propagate_store_error (error, g_steal_pointer (&error_local));
	return units;
}

TgUnit *
tg_engine_get_unit (TgEngine *engine, const gchar *code, const gchar *date, GError **error)
{
	g_autofree gchar *today = NULL;
	g_autoptr(GError) error_local = NULL;
	TgUnit *unit;

	if (date == NULL)
		date = today = tg_engine_get_today (engine);
	unit = tg_store_get_unit (engine->store, code, date, &error_local);
	if (unit == NULL && today != NULL &&
	    g_error_matches (error_local, TG_STORE_ERROR, TG_STORE_ERROR_NOT_FOUND)) {
		/* not in force today: the latest version (a unit that has ended, or not begun) */
		g_clear_error (&error_local);
		unit = tg_store_get_unit (engine->store, code, NULL, &error_local);
	}
	if (unit == NULL) {
		if (g_error_matches (error_local, TG_STORE_ERROR, TG_STORE_ERROR_NOT_FOUND)) {
			tg_error_set_field (error, TG_ERROR_NOT_FOUND, NULL, N_("no such unit"));
			return NULL;
		}
		tg_engine_propagate_store_error (error, g_steal_pointer (&error_local));
	}
	return unit;
}

gboolean
tg_engine_check_unit_exists (TgEngine *engine, const gchar *code, const gchar *field,
			     GHashTable *pending, GError **error)
{
	g_autoptr(TgUnit) unit = NULL;
	g_autoptr(GError) error_local = NULL;

	if (pending != NULL && g_hash_table_contains (pending, code))
		return TRUE;
	unit = tg_store_get_unit (engine->store, code, NULL, &error_local);
	if (unit != NULL)
		return TRUE;
	if (!g_error_matches (error_local, TG_STORE_ERROR, TG_STORE_ERROR_NOT_FOUND)) {
		tg_engine_propagate_store_error (error, g_steal_pointer (&error_local));
		return FALSE;
	}
	tg_error_set_field (error, TG_ERROR_INVALID, field, N_("no unit has this code"));
	return FALSE;
}

static gboolean
tg_engine_check_unit (TgEngine *engine, const TgUnit *unit, GHashTable *pending, GError **error)
{
	if (!tg_unit_validate (unit, error))
		return FALSE;
	if (unit->parent != NULL &&
	    !tg_engine_check_unit_exists (engine, unit->parent, "parent", pending, error))
		return FALSE;
	for (guint i = 0; i < unit->predecessors->len; i++) {
		if (!tg_engine_check_unit_exists (engine, g_ptr_array_index (unit->predecessors, i),
						  "predecessors", pending, error))
			return FALSE;
	}
	return TRUE;
}

gboolean
tg_engine_put_unit (TgEngine *engine, const TgToken *caller, const TgUnit *unit,
		    gboolean *created, GError **error)
{
	g_autoptr(TgUnit) old = NULL;
	g_autoptr(GError) error_local = NULL;

	if (!tg_engine_require_admin (caller, error))
		return FALSE;
	if (!tg_engine_check_unit (engine, unit, NULL, error))
		return FALSE;
	old = tg_store_get_unit (engine->store, unit->code, NULL, NULL);
	if (created != NULL)
		*created = old == NULL || g_strcmp0 (old->valid_from, unit->valid_from) != 0;
	if (!tg_store_put_unit (engine->store, unit, &error_local)) {
		tg_engine_propagate_store_error (error, g_steal_pointer (&error_local));
		return FALSE;
	}
	tg_engine_invalidate_unit (engine, NULL);
	g_info ("unit %s stored", unit->code);
	/* sessions of a unit that now ends before them go, with their bookings (told) */
	tg_engine_sweep_bookings (engine, NULL);
	return TRUE;
}

gboolean
tg_engine_import_units (TgEngine *engine, const TgToken *caller, GPtrArray *units, GError **error)
{
	g_autoptr(GHashTable) pending = g_hash_table_new (g_str_hash, g_str_equal);
	g_autoptr(GError) error_local = NULL;

	if (caller != NULL && !tg_engine_require_admin (caller, error))
		return FALSE;
	for (guint i = 0; i < units->len; i++) {
		TgUnit *unit = g_ptr_array_index (units, i);
		g_hash_table_add (pending, unit->code);
	}
	for (guint i = 0; i < units->len; i++) {
		if (!tg_engine_check_unit (engine, g_ptr_array_index (units, i), pending, error)) {
			g_prefix_error (error, "unit %u: ", i + 1);
			return FALSE;
		}
	}
	if (!tg_store_put_units (engine->store, units, &error_local)) {
		tg_engine_propagate_store_error (error, g_steal_pointer (&error_local));
		return FALSE;
	}
	tg_engine_invalidate_unit (engine, NULL);
	g_info ("%u units imported", units->len);
	tg_engine_sweep_bookings (engine, NULL);
	return TRUE;
}

gboolean
tg_engine_load_units_file (TgEngine *engine, const gchar *path, guint *loaded, GError **error)
{
	g_autofree gchar *text = NULL;
	g_autoptr(GPtrArray) units = NULL;
	g_autoptr(GError) error_local = NULL;
	gsize len = 0;
	guint count;

	if (loaded != NULL)
		*loaded = 0;
	count = tg_store_count_units (engine->store, &error_local);
	if (error_local != NULL) {
		tg_engine_propagate_store_error (error, g_steal_pointer (&error_local));
		return FALSE;
	}
	if (count > 0)
		return TRUE;
	if (!g_file_get_contents (path, &text, &len, error))
		return FALSE;
	units = tg_unit_parse_tsv (text, len, error);
	if (units == NULL) {
		g_prefix_error (error, "%s: ", path);
		return FALSE;
	}
	if (!tg_engine_import_units (engine, NULL, units, error))
		return FALSE;
	if (loaded != NULL)
		*loaded = units->len;
	return TRUE;
}

/* ---- tokens ---- */

TgToken *
tg_engine_create_token (TgEngine *engine, const TgToken *caller, const TgToken *request,
			gchar **secret, GError **error)
{
	g_autoptr(TgToken) token = tg_token_new ();
	g_autofree gchar *new_secret = tg_token_generate_secret ();
	g_autoptr(GError) error_local = NULL;

	g_return_val_if_fail (request != NULL && secret != NULL, NULL);
	if (caller != NULL && !tg_engine_require_admin (caller, error))
		return NULL;
	if (!tg_token_validate (request, error))
		return NULL;
	if (request->unit != NULL &&
	    !tg_engine_check_unit_exists (engine, request->unit, "unit", NULL, error))
		return NULL;
	token->id = tg_random_hex (16);
	token->hash = tg_token_hash_secret (new_secret);
	token->role = request->role;
	token->unit = g_strdup (request->unit);
	token->name = g_strdup (request->name);
	token->email = g_strdup (request->email);
	token->created_at = tg_clock_now (engine->clock);
	if (!tg_store_add_token (engine->store, token, &error_local)) {
		tg_engine_propagate_store_error (error, g_steal_pointer (&error_local));
		return NULL;
	}
	g_info ("token %s created with role %s", token->id, tg_role_to_string (token->role));
	*secret = g_steal_pointer (&new_secret);
	return g_steal_pointer (&token);
}

GPtrArray *
tg_engine_list_tokens (TgEngine *engine, const TgToken *caller, GError **error)
{
	g_autoptr(GError) error_local = NULL;
	GPtrArray *tokens;

	if (!tg_engine_require_admin (caller, error))
		return NULL;
	tokens = tg_store_list_tokens (engine->store, &error_local);
	if (tokens == NULL)
		tg_engine_propagate_store_error (error, g_steal_pointer (&error_local));
	return tokens;
}

gboolean
tg_engine_revoke_token (TgEngine *engine, const TgToken *caller, const gchar *id, GError **error)
{
	g_autoptr(GError) error_local = NULL;

	if (!tg_engine_require_admin (caller, error))
		return FALSE;
	if (!tg_store_revoke_token (engine->store, id, tg_clock_now (engine->clock),
				    &error_local)) {
		if (g_error_matches (error_local, TG_STORE_ERROR, TG_STORE_ERROR_NOT_FOUND)) {
			tg_error_set_field (error, TG_ERROR_NOT_FOUND, NULL,
					    N_("no valid token has this id"));
			return FALSE;
		}
		tg_engine_propagate_store_error (error, g_steal_pointer (&error_local));
		return FALSE;
	}
	g_info ("token %s revoked", id);
	return TRUE;
}

gboolean
tg_engine_ensure_admin_token (TgEngine *engine, const gchar *path, gboolean *created,
			      GError **error)
{
	g_autoptr(TgToken) request = tg_token_new ();
	g_autoptr(TgToken) token = NULL;
	g_autofree gchar *secret = NULL;
	g_autofree gchar *contents = NULL;

	if (created != NULL)
		*created = FALSE;
	if (g_file_test (path, G_FILE_TEST_EXISTS))
		return TRUE;
	request->role = TG_ROLE_ADMIN;
	request->name = g_strdup ("admin");
	token = tg_engine_create_token (engine, NULL, request, &secret, error);
	if (token == NULL)
		return FALSE;
	contents = g_strconcat (secret, "\n", NULL);
	if (!g_file_set_contents_full (path, contents, -1,
				       G_FILE_SET_CONTENTS_CONSISTENT |
					       G_FILE_SET_CONTENTS_ONLY_EXISTING,
				       0600, error)) {
		g_prefix_error (error, "writing the admin token: ");
		return FALSE;
	}
	if (created != NULL)
		*created = TRUE;
	return TRUE;
}

/* ---- what the acts of several files share ---- */

void
tg_engine_bookings_changed (TgEngine *engine)
{
	g_atomic_int_inc (&engine->bookings_generation);
}

gchar *
tg_engine_default_reception_venue (TgEngine *engine, const gchar *code, const gchar *date)
{
	g_autoptr(TgUnit) u = tg_engine_get_unit (engine, code, date, NULL);
	/* the Public Administration Center of a province or district, the one-stop desk of a
	 * commune */
	if (u == NULL)
		return g_strdup ("Trung tâm Hành chính công");
	if (u->level == TG_UNIT_LEVEL_COMMUNE)
		return g_strdup_printf ("Bộ phận Một cửa, %s", u->name);
	return g_strdup_printf ("Trung tâm Hành chính công, %s", u->name);
}

TgIcalEvent *
tg_engine_booking_event (const TgBooking *b, const TgOccurrence *o, const gchar *unit_name)
{
	TgIcalEvent *ev = tg_ical_event_new ();
	GString *desc = g_string_new (NULL);
	guint start = o->reception_start + (guint) MAX (b->slot, 0) * o->slot_minutes;

	ev->uid = g_strdup_printf ("%s@thaogo", b->id);
	ev->date = g_strdup (o->date);
	ev->start = start;
	ev->end = start + o->slot_minutes;
	switch (b->status) {
	case TG_BOOKING_CONFIRMED:
	case TG_BOOKING_ATTENDED:
	case TG_BOOKING_NO_SHOW:
		ev->status = o->status == TG_OCCURRENCE_CANCELLED ? TG_ICAL_STATUS_CANCELLED
								   : TG_ICAL_STATUS_CONFIRMED;
		break;
	case TG_BOOKING_PENDING:
	case TG_BOOKING_WAITLISTED:
		ev->status = TG_ICAL_STATUS_TENTATIVE;
		break;
	case TG_BOOKING_CANCELLED:
	case TG_BOOKING_CANCELLED_BY_UNIT:
	case TG_BOOKING_EXPIRED:
	default:
		ev->status = TG_ICAL_STATUS_CANCELLED;
		break;
	}
	ev->summary = g_strdup_printf ("Tiếp %s – %s", b->purged ? "công dân" : b->requester.name,
				       tg_booking_category_label (b->category));
	if (b->ticket > 0)
		g_string_append_printf (desc, "Số thứ tự: %u\n", b->ticket);
	if (b->requester.organization != NULL)
		g_string_append_printf (desc, "Doanh nghiệp: %s\n", b->requester.organization);
	if (b->dossier_code != NULL)
		g_string_append_printf (desc, "Mã hồ sơ: %s\n", b->dossier_code);
	if (b->summary != NULL)
		g_string_append_printf (desc, "Nội dung: %s\n", b->summary);
	g_string_append_printf (desc, "Đơn vị: %s", unit_name);
	ev->description = g_string_free (desc, FALSE);
	ev->location = g_strdup (o->reception_venue);
	ev->category = g_strdup ("Tiếp công dân");
	ev->sequence = b->sequence;
	return ev;
}

gchar *
tg_engine_booking_ics_text (TgEngine *engine, const TgBooking *b, const TgOccurrence *o,
			    const gchar *unit_name)
{
	g_autoptr(TgIcalEvent) ev = tg_engine_booking_event (b, o, unit_name);
	g_autofree gchar *header = tg_ical_calendar_header ("thaogo");
	g_autofree gchar *event = NULL;

	ev->modified_us = b->updated_at;
	event = tg_ical_event_to_string (ev);
	(void) engine;
	return g_strconcat (header, event, tg_ical_calendar_footer (), NULL);
}

/* The session @id was cancelled or moved: feeds show it, the people of the active bookings
 * among @bookings (nullable, as they were before the change) get the message @kind, and its
 * queued meeting reminders and lists go */
void
tg_engine_session_changed (TgEngine *engine, const gchar *id, GPtrArray *bookings,
			   TgMessageKind kind)
{
	tg_engine_bookings_changed (engine);
	for (guint i = 0; bookings != NULL && i < bookings->len; i++) {
		TgBooking *b = g_ptr_array_index (bookings, i);
		if (tg_booking_status_is_active (b->status))
			tg_engine_mail_booking (engine, b->id, kind, NULL);
	}
	tg_engine_mail_forget_occurrence (engine, id);
}

/* Ends the active bookings of the session @id, which no longer takes place, as cancelled by
 * the unit, and tells their people. FALSE (logged) when the store refused. */
gboolean
tg_engine_end_session_bookings (TgEngine *engine, const gchar *id)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) bookings = tg_store_list_bookings (engine->store, id, NULL);

	if (!tg_store_end_occurrence (engine->store, id, tg_clock_now (engine->clock), &error)) {
		g_warning ("session %s: its bookings were not ended: %s", id, error->message);
		return FALSE;
	}
	tg_engine_session_changed (engine, id, bookings, TG_MESSAGE_CANCELLED);
	return TRUE;
}
