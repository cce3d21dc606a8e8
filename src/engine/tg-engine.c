/* tg-engine.c: the protocol-neutral core of the daemon and the centre of the engine's files:
 * access, units, tokens, occurrences and what they are computed from, bookings as calendar
 * events, and what an act queues in the outbox (see tg-engine-private.h) */
#define G_LOG_DOMAIN "thaogo-engine"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <unistd.h>

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

gboolean
tg_engine_read_metrics (TgEngine *engine, TgStoreMetrics *metrics, GError **error)
{
	g_autoptr(GError) store_error = NULL;

	if (!tg_store_read_metrics (engine->store, metrics, &store_error)) {
		tg_engine_propagate_store_error (error, g_steal_pointer (&store_error));
		return FALSE;
	}
	return TRUE;
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
		case TG_STORE_ERROR_BUSY:
		case TG_STORE_ERROR_LOCKED:
			code = TG_ERROR_UNAVAILABLE;
			break;
		case TG_STORE_ERROR_DISK_FULL:
			code = TG_ERROR_STORAGE_FULL;
			break;
		case TG_STORE_ERROR_IO:
		case TG_STORE_ERROR_CORRUPT:
			code = TG_ERROR_STORAGE_FAILED;
			break;
		default:
			break;
		}
	}
	/* the store logs the failures of the database itself, once for a whole group commit;
	 * what else is unexpected is logged here */
	if (code == TG_ERROR_INTERNAL)
		g_warning ("store: %s", store_error->message);
	g_set_error_literal (error, TG_ERROR, code, store_error->message);
	g_error_free (store_error);
}

static gboolean
tg_engine_store_error_is_logged (const GError *error)
{
	return error != NULL && error->domain == TG_STORE_ERROR &&
	       (error->code == TG_STORE_ERROR_BUSY || error->code == TG_STORE_ERROR_LOCKED ||
		error->code == TG_STORE_ERROR_DISK_FULL || error->code == TG_STORE_ERROR_IO ||
		error->code == TG_STORE_ERROR_CORRUPT);
}

void
tg_engine_log_store_error (const gchar *what, const GError *error)
{
	const gchar *message = error != NULL ? error->message : "no error";

	if (tg_engine_store_error_is_logged (error))
		g_debug ("%s: %s", what, message);
	else
		g_warning ("%s: %s", what, message);
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
				    N_ ("a valid access token is needed"));
		return NULL;
	}
	hash = tg_token_hash_secret (secret);
	token = tg_store_get_token_by_hash (engine->store, hash, &error_local);
	if (token == NULL) {
		if (g_error_matches (error_local, TG_STORE_ERROR, TG_STORE_ERROR_NOT_FOUND)) {
			tg_error_set_field (error, TG_ERROR_UNAUTHORIZED, NULL,
					    N_ ("a valid access token is needed"));
			return NULL;
		}
		tg_engine_propagate_store_error (error, g_steal_pointer (&error_local));
		return NULL;
	}
	if (token->revoked_at != 0) {
		tg_error_set_field (error, TG_ERROR_UNAUTHORIZED, NULL,
				    N_ ("this access token has been revoked"));
		return NULL;
	}
	return g_steal_pointer (&token);
}

gboolean
tg_engine_require_admin (const TgToken *caller, GError **error)
{
	if (caller == NULL || caller->role != TG_ROLE_ADMIN) {
		tg_error_set_field (error, TG_ERROR_FORBIDDEN, NULL,
				    N_ ("only an administrator may do this"));
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
			    N_ ("only a secretary of this unit or of a unit above it may do this"));
	return FALSE;
}

gboolean
tg_engine_caller_sees_unit (TgEngine *engine, const TgToken *caller, const gchar *unit)
{
	if (caller == NULL)
		return FALSE;
	if (caller->role == TG_ROLE_ADMIN)
		return TRUE;
	return caller->unit != NULL &&
	       tg_store_unit_is_within (engine->store, unit, caller->unit, NULL, NULL);
}

/* the booking @id when @secret is its manage token; NOT_FOUND either way otherwise */
TgBooking *
tg_engine_load_booking (TgEngine *engine, const gchar *id, const gchar *secret, GError **error)
{
	g_autoptr(TgBooking) b = NULL;
	g_autoptr(GError) error_local = NULL;
	g_autofree gchar *hash = NULL;
	guint8 diff = 0;

	if (!tg_booking_id_is_valid (id) || secret == NULL || strlen (secret) > 64) {
		tg_error_set_field (error, TG_ERROR_NOT_FOUND, NULL, N_ ("no such booking"));
		return NULL;
	}
	b = tg_store_get_booking (engine->store, id, &error_local);
	if (b == NULL) {
		if (g_error_matches (error_local, TG_STORE_ERROR, TG_STORE_ERROR_NOT_FOUND)) {
			tg_error_set_field (error, TG_ERROR_NOT_FOUND, NULL,
					    N_ ("no such booking"));
			return NULL;
		}
		tg_engine_propagate_store_error (error, g_steal_pointer (&error_local));
		return NULL;
	}
	/* compare the hashes in constant time */
	hash = tg_token_hash_secret (secret);
	for (gsize i = 0; i < 64; i++)
		diff |= (guint8) (hash[i] ^ b->token_hash[i]);
	if (diff != 0 || strlen (b->token_hash) != 64) {
		tg_error_set_field (error, TG_ERROR_NOT_FOUND, NULL, N_ ("no such booking"));
		return NULL;
	}
	return g_steal_pointer (&b);
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
			tg_error_set_field (error, TG_ERROR_NOT_FOUND, NULL, N_ ("no such unit"));
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
	tg_error_set_field (error, TG_ERROR_INVALID, field, N_ ("no unit has this code"));
	return FALSE;
}

GPtrArray *
tg_engine_unit_tree (TgEngine *engine, const gchar *code, GError **error)
{
	g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_free);
	g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

	g_ptr_array_add (out, g_strdup (code));
	g_hash_table_add (seen, g_ptr_array_index (out, 0));
	for (guint i = 0; i < out->len && out->len < 100000; i++) {
		g_autoptr(GError) error_local = NULL;
		g_autoptr(GPtrArray) children =
				   tg_store_list_units (engine->store, g_ptr_array_index (out, i),
							TG_UNIT_LEVEL_UNKNOWN, NULL, &error_local);
		if (children == NULL) {
			tg_engine_propagate_store_error (error, g_steal_pointer (&error_local));
			return NULL;
		}
		for (guint k = 0; k < children->len; k++) {
			TgUnit *u = g_ptr_array_index (children, k);
			if (g_hash_table_contains (seen, u->code))
				continue;
			g_ptr_array_add (out, g_strdup (u->code));
			g_hash_table_add (seen, g_ptr_array_index (out, out->len - 1));
		}
	}
	return g_steal_pointer (&out);
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

/* The units are stored whatever the sweep meets: the sweep of the chores does it again */
static void
tg_engine_sweep_after_units (TgEngine *engine)
{
	g_autoptr(GError) error_local = NULL;

	if (tg_engine_sweep_bookings (engine, &error_local) < 0)
		g_warning ("sweeping the bookings after a change of units: %s",
			   error_local->message);
}

gboolean
tg_engine_put_unit (TgEngine *engine, const TgToken *caller, const TgUnit *unit, gboolean *created,
		    GError **error)
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
	tg_engine_sweep_after_units (engine);
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
		g_autoptr(GError) error_unit = NULL;
		if (!tg_engine_check_unit (engine, g_ptr_array_index (units, i), pending,
					   &error_unit)) {
			/* the field of the unit in the request: units[i].parent, as the HTTP
			 * layer names the fields it checks itself */
			if (tg_error_get_field (error_unit) != NULL &&
			    tg_error_get_msgid (error_unit) != NULL) {
				g_autofree gchar *field =
					g_strdup_printf ("units[%u].%s", i,
							 tg_error_get_field (error_unit));
				tg_error_set_field (error, (TgError) error_unit->code, field,
						    tg_error_get_msgid (error_unit));
			} else {
				g_propagate_prefixed_error (error, g_steal_pointer (&error_unit),
							    "unit %u: ", i + 1);
			}
			return FALSE;
		}
	}
	if (!tg_store_put_units (engine->store, units, &error_local)) {
		tg_engine_propagate_store_error (error, g_steal_pointer (&error_local));
		return FALSE;
	}
	tg_engine_invalidate_unit (engine, NULL);
	g_info ("%u units imported", units->len);
	tg_engine_sweep_after_units (engine);
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

GMappedFile *
tg_engine_backup (TgEngine *engine, const TgToken *caller, GError **error)
{
	g_autoptr(GError) error_local = NULL;
	g_autofree gchar *dir = NULL;
	g_autofree gchar *path = NULL;
	GMappedFile *copy;
	gint fd;

	if (!tg_engine_require_admin (caller, error))
		return NULL;
	dir = g_path_get_dirname (tg_store_get_path (engine->store));
	path = g_build_filename (dir, "thaogo-backup-XXXXXX", NULL);
	fd = g_mkstemp_full (path, O_RDWR | O_CLOEXEC, 0600);
	if (fd < 0) {
		g_set_error (error, TG_ERROR, TG_ERROR_INTERNAL, "the backup's file in %s: %s", dir,
			     g_strerror (errno));
		return NULL;
	}
	close (fd);
	if (!tg_store_backup (engine->store, path, &error_local)) {
		g_unlink (path);
		tg_engine_propagate_store_error (error, g_steal_pointer (&error_local));
		return NULL;
	}
	/* the mapping keeps the pages once the name is gone: nothing is left on the disk,
	 * whatever becomes of the answer */
	copy = g_mapped_file_new (path, FALSE, &error_local);
	g_unlink (path);
	if (copy == NULL) {
		g_set_error (error, TG_ERROR, TG_ERROR_INTERNAL, "the backup's file: %s",
			     error_local->message);
		return NULL;
	}
	g_message ("backup: a copy of the database (%" G_GSIZE_FORMAT " bytes) for token %s",
		   g_mapped_file_get_length (copy), caller->id);
	return copy;
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
					    N_ ("no valid token has this id"));
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

void
tg_engine_get_generations (TgEngine *engine, guint64 *calendar, gint *bookings)
{
	g_mutex_lock (&engine->cache_mutex);
	*calendar = engine->cache_generation;
	g_mutex_unlock (&engine->cache_mutex);
	*bookings = g_atomic_int_get (&engine->bookings_generation);
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

static gchar *
tg_engine_bridge_venue (TgEngine *engine, const gchar *code, const gchar *date)
{
	g_autoptr(TgUnit) u = tg_engine_get_unit (engine, code, date, NULL);
	/* the meeting hall of the unit's People's Committee, its bridge point ("điểm cầu") */
	return g_strdup_printf ("Điểm cầu Hội trường UBND %s", u != NULL ? u->name : code);
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

/* ---- what occurrences are computed from, read once and kept until a write changes it ---- */

void
tg_engine_invalidate_calendar (TgEngine *engine)
{
	g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&engine->cache_mutex);
	engine->cache_generation++;
	g_clear_pointer (&engine->calendar, tg_holiday_calendar_free);
}

TgHolidayCalendar *
tg_engine_new_calendar (TgEngine *engine, GError **error)
{
	g_autoptr(GError) error_local = NULL;
	g_autoptr(GPtrArray) decisions = NULL;

	TgHolidayCalendar *cal;
	guint64 generation;

	g_mutex_lock (&engine->cache_mutex);
	if (engine->calendar != NULL) {
		cal = tg_holiday_calendar_ref (engine->calendar);
		g_mutex_unlock (&engine->cache_mutex);
		return cal;
	}
	generation = engine->cache_generation;
	g_mutex_unlock (&engine->cache_mutex);
	decisions = tg_store_list_holiday_decisions (engine->store, &error_local);
	if (decisions == NULL) {
		tg_engine_propagate_store_error (error, g_steal_pointer (&error_local));
		return NULL;
	}
	cal = tg_holiday_calendar_new (decisions);
	g_mutex_lock (&engine->cache_mutex);
	if (generation == engine->cache_generation && engine->calendar == NULL)
		engine->calendar = tg_holiday_calendar_ref (cal);
	g_mutex_unlock (&engine->cache_mutex);
	return cal;
}

TgSeries *
tg_engine_get_series (TgEngine *engine, const gchar *code, GError **error)
{
	g_autoptr(GError) error_local = NULL;
	g_autoptr(TgUnit) unit = tg_engine_get_unit (engine, code, NULL, error);
	TgSeries *series;

	if (unit == NULL)
		return NULL;
	series = tg_store_get_series (engine->store, code, &error_local);
	if (series != NULL)
		return series;
	if (g_error_matches (error_local, TG_STORE_ERROR, TG_STORE_ERROR_NOT_FOUND))
		return tg_series_new_default (code);
	tg_engine_propagate_store_error (error, g_steal_pointer (&error_local));
	return NULL;
}

gboolean
tg_engine_versions_valid_on (const gchar *date, gpointer user_data)
{
	GPtrArray *versions = user_data;
	for (guint i = 0; i < versions->len; i++) {
		if (tg_unit_is_valid_on (g_ptr_array_index (versions, i), date))
			return TRUE;
	}
	return FALSE;
}

static void
tg_unit_calendar_clear (gpointer data)
{
	TgUnitCalendar *uc = data;
	g_clear_pointer (&uc->versions, g_ptr_array_unref);
	g_clear_pointer (&uc->series, tg_series_free);
	g_clear_pointer (&uc->exceptions, g_hash_table_unref);
}

void
tg_unit_calendar_unref (TgUnitCalendar *uc)
{
	g_atomic_rc_box_release_full (uc, tg_unit_calendar_clear);
}

void
tg_engine_unit_calendar_release (gpointer uc)
{
	tg_unit_calendar_unref (uc);
}

void
tg_engine_invalidate_unit (TgEngine *engine, const gchar *code)
{
	g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&engine->cache_mutex);
	engine->cache_generation++;
	if (code == NULL)
		g_hash_table_remove_all (engine->unit_calendars);
	else
		g_hash_table_remove (engine->unit_calendars, code);
}

/* (transfer full): what @code's occurrences are computed from, from the cache or the store */
TgUnitCalendar *
tg_engine_get_unit_calendar (TgEngine *engine, const gchar *code, GError **error)
{
	g_autoptr(GError) error_local = NULL;
	g_autoptr(TgUnitCalendar) uc = NULL;
	guint64 generation;

	g_mutex_lock (&engine->cache_mutex);
	uc = g_hash_table_lookup (engine->unit_calendars, code);
	if (uc != NULL) {
		uc = g_atomic_rc_box_acquire (uc);
		g_mutex_unlock (&engine->cache_mutex);
		return g_steal_pointer (&uc);
	}
	generation = engine->cache_generation;
	g_mutex_unlock (&engine->cache_mutex);

	uc = g_atomic_rc_box_new0 (TgUnitCalendar);
	uc->versions = tg_store_list_unit_versions (engine->store, code, &error_local);
	if (uc->versions == NULL) {
		tg_engine_propagate_store_error (error, g_steal_pointer (&error_local));
		return NULL;
	}
	if (uc->versions->len == 0) {
		tg_error_set_field (error, TG_ERROR_NOT_FOUND, NULL, N_ ("no such unit"));
		return NULL;
	}
	uc->series = tg_engine_get_series (engine, code, error);
	if (uc->series == NULL)
		return NULL;
	uc->exceptions = tg_store_list_exceptions (engine->store, code, &error_local);
	if (uc->exceptions == NULL) {
		tg_engine_propagate_store_error (error, g_steal_pointer (&error_local));
		return NULL;
	}
	/* every write invalidates after it committed: what was read before an invalidation
	 * may be stale, so it is used for this request but not kept */
	g_mutex_lock (&engine->cache_mutex);
	if (generation == engine->cache_generation)
		g_hash_table_replace (engine->unit_calendars, g_strdup (code),
				      g_atomic_rc_box_acquire (uc));
	g_mutex_unlock (&engine->cache_mutex);
	return g_steal_pointer (&uc);
}

/* ---- occurrences ---- */

/* The occurrences of @code's own series (no bridges) */
GPtrArray *
tg_engine_own_occurrences (TgEngine *engine, TgHolidayCalendar *calendar, const gchar *code,
			   const gchar *from, const gchar *to, GError **error)
{
	g_autoptr(TgUnitCalendar) uc = tg_engine_get_unit_calendar (engine, code, error);

	if (uc == NULL)
		return NULL;
	return tg_occurrences_compute (uc->series, calendar, uc->exceptions,
				       tg_engine_versions_valid_on, uc->versions, from, to);
}

GPtrArray *
tg_engine_own_occurrences_of (TgEngine *engine, const gchar *code, const gchar *from,
			      const gchar *to, GError **error)
{
	g_autoptr(TgHolidayCalendar) calendar = tg_engine_new_calendar (engine, error);
	if (calendar == NULL)
		return NULL;
	return tg_engine_own_occurrences (engine, calendar, code, from, to, error);
}

/* every code above @code in any of its versions */
static GPtrArray *
tg_engine_ancestor_codes (TgEngine *engine, const gchar *code, GError **error)
{
	g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_free);
	g_autoptr(GPtrArray) queue = g_ptr_array_new_with_free_func (g_free);
	g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

	g_ptr_array_add (queue, g_strdup (code));
	for (guint i = 0; i < queue->len && i < 64; i++) {
		g_autoptr(GError) error_local = NULL;
		g_autoptr(GPtrArray) versions =
				   tg_store_list_unit_versions (engine->store,
								g_ptr_array_index (queue, i),
								&error_local);
		if (versions == NULL) {
			tg_engine_propagate_store_error (error, g_steal_pointer (&error_local));
			return NULL;
		}
		for (guint k = 0; k < versions->len; k++) {
			TgUnit *u = g_ptr_array_index (versions, k);
			if (u->parent == NULL || g_hash_table_contains (seen, u->parent) ||
			    g_strcmp0 (u->parent, code) == 0)
				continue;
			g_ptr_array_add (out, g_strdup (u->parent));
			g_hash_table_add (seen, g_ptr_array_index (out, out->len - 1));
			g_ptr_array_add (queue, g_strdup (u->parent));
		}
	}
	return g_steal_pointer (&out);
}

static gint
tg_engine_occurrence_compare (gconstpointer a, gconstpointer b)
{
	const TgOccurrence *x = *(TgOccurrence *const *) a;
	const TgOccurrence *y = *(TgOccurrence *const *) b;
	gint c = g_strcmp0 (x->date, y->date);
	if (c != 0)
		return c;
	c = (gint) x->meeting_start - (gint) y->meeting_start;
	return c != 0 ? c : g_strcmp0 (x->id, y->id);
}

gboolean
tg_engine_check_range (const gchar *from, const gchar *to, GError **error)
{
	GDate f, t;

	if (!tg_date_parse_iso (from, &f)) {
		tg_error_set_field (error, TG_ERROR_INVALID, "from",
				    N_ ("must be a date written YYYY-MM-DD"));
		return FALSE;
	}
	if (!tg_date_parse_iso (to, &t)) {
		tg_error_set_field (error, TG_ERROR_INVALID, "to",
				    N_ ("must be a date written YYYY-MM-DD"));
		return FALSE;
	}
	if (g_date_compare (&t, &f) < 0) {
		tg_error_set_field (error, TG_ERROR_INVALID, "to", N_ ("must not be before from"));
		return FALSE;
	}
	if (g_date_days_between (&f, &t) >= TG_OCCURRENCE_RANGE_MAX_DAYS) {
		tg_error_set_field (error, TG_ERROR_INVALID, "to",
				    N_ ("a range is at most 400 days"));
		return FALSE;
	}
	return TRUE;
}

GPtrArray *
tg_engine_list_occurrences (TgEngine *engine, const gchar *code, const gchar *from, const gchar *to,
			    GError **error)
{
	g_autoptr(TgHolidayCalendar) calendar = NULL;
	g_autoptr(GPtrArray) own = NULL;
	g_autoptr(GPtrArray) ancestors = NULL;

	if (!tg_engine_check_range (from, to, error))
		return NULL;
	calendar = tg_engine_new_calendar (engine, error);
	if (calendar == NULL)
		return NULL;
	own = tg_engine_own_occurrences (engine, calendar, code, from, to, error);
	if (own == NULL)
		return NULL;
	ancestors = tg_engine_ancestor_codes (engine, code, error);
	if (ancestors == NULL)
		return NULL;
	for (guint i = 0; i < ancestors->len; i++) {
		const gchar *anc = g_ptr_array_index (ancestors, i);
		g_autoptr(GPtrArray) theirs = tg_engine_own_occurrences (engine, calendar, anc,
									  from, to, error);
		if (theirs == NULL)
			return NULL;
		for (guint k = 0; k < theirs->len; k++) {
			TgOccurrence *o = g_ptr_array_index (theirs, k);
			TgOccurrence *bridge;

			if (o->mode == TG_MEETING_MODE_IN_PERSON)
				continue;
			/* a bridge point only while the unit lies under the ancestor */
			if (!tg_store_unit_is_within (engine->store, code, anc, o->original_date,
						      NULL))
				continue;
			bridge = tg_occurrence_new_bridge (o, code);
			/* the lower unit joins from its own hall, the bridge point */
			g_free (bridge->venue);
			bridge->venue = tg_engine_bridge_venue (engine, code, o->original_date);
			g_ptr_array_add (own, bridge);
		}
	}
	g_ptr_array_sort (own, tg_engine_occurrence_compare);
	return g_steal_pointer (&own);
}

/* The occurrence @id, with what it was computed from in *@uc_out (nullable); with
 * @any_version, also when its unit does not exist that day */
static TgOccurrence *
tg_engine_load_occurrence_of (TgEngine *engine, const gchar *id, gboolean any_version,
			      TgUnitCalendar **uc_out, GError **error)
{
	g_autofree gchar *code = NULL;
	g_autofree gchar *monday = NULL;
	g_autoptr(TgUnitCalendar) uc = NULL;
	g_autoptr(TgHolidayCalendar) calendar = NULL;
	TgOccurrence *occ;

	if (!tg_occurrence_parse_id (id, &code, &monday)) {
		tg_error_set_field (error, TG_ERROR_NOT_FOUND, NULL, N_ ("no such occurrence"));
		return NULL;
	}
	uc = tg_engine_get_unit_calendar (engine, code, error);
	if (uc == NULL)
		return NULL;
	if (!any_version && !tg_engine_versions_valid_on (monday, uc->versions)) {
		tg_error_set_field (error, TG_ERROR_NOT_FOUND, NULL, N_ ("no such occurrence"));
		return NULL;
	}
	calendar = tg_engine_new_calendar (engine, error);
	if (calendar == NULL)
		return NULL;
	occ = tg_occurrence_compute_one (uc->series, calendar,
					 g_hash_table_lookup (uc->exceptions, monday), monday);
	if (uc_out != NULL)
		*uc_out = g_steal_pointer (&uc);
	return occ;
}

TgOccurrence *
tg_engine_load_occurrence (TgEngine *engine, const gchar *id, TgUnitCalendar **uc_out,
			   GError **error)
{
	return tg_engine_load_occurrence_of (engine, id, FALSE, uc_out, error);
}

TgOccurrence *
tg_engine_get_occurrence (TgEngine *engine, const gchar *id, GError **error)
{
	return tg_engine_load_occurrence (engine, id, NULL, error);
}

TgOccurrence *
tg_engine_get_ended_occurrence (TgEngine *engine, const gchar *id)
{
	TgOccurrence *occ = tg_engine_load_occurrence_of (engine, id, TRUE, NULL, NULL);

	if (occ == NULL)
		return NULL;
	occ->status = TG_OCCURRENCE_CANCELLED;
	occ->needs_decision = FALSE;
	if (occ->reason == NULL) {
		g_free (occ->holiday_en);
		g_free (occ->holiday_vi);
		occ->holiday_en = g_strdup ("the administrative units were reorganised");
		occ->holiday_vi = g_strdup ("các đơn vị hành chính được sắp xếp lại");
	}
	return occ;
}

/* ---- telling people: what an act queues in the outbox (the catalogue's rules) ---- */

guint
tg_engine_booking_minutes (const TgOccurrence *o, const TgBooking *b)
{
	return o->reception_start + (guint) MAX (b->slot, 0) * o->slot_minutes;
}

guint
tg_engine_message_minutes (const TgMessageInfo *info, const TgOccurrence *o, const TgBooking *b)
{
	switch (info->at) {
	case TG_MESSAGE_AT_MEETING:
		return o->meeting_start;
	case TG_MESSAGE_AT_RECEPTION:
		return o->reception_start;
	case TG_MESSAGE_AT_SLOT:
	default:
		return b != NULL ? tg_engine_booking_minutes (o, b) : o->reception_start;
	}
}

gint64
tg_engine_message_time (const TgMessageInfo *info, const TgOccurrence *o, const TgBooking *b)
{
	return tg_date_local_to_us (o->date, tg_engine_message_minutes (info, o, b));
}

gboolean
tg_engine_message_is_true (const TgMessageInfo *info, const TgBooking *b, const TgOccurrence *o,
			   gint64 at, gint64 now)
{
	if (info->to == TG_MESSAGE_TO_CITIZEN && (b == NULL || b->status != TG_BOOKING_CONFIRMED))
		return FALSE;
	return o != NULL && o->status != TG_OCCURRENCE_CANCELLED &&
	       tg_engine_message_time (info, o, b) == at && at > now;
}

gchar *
tg_engine_new_message_id (const TgMessageInfo *info)
{
	g_autofree gchar *rnd = tg_random_hex (12);
	return g_strdup_printf ("<%s.%s@thaogo>", info->name, rnd);
}

void
tg_engine_supersede_messages (TgEngine *engine, const TgMessageInfo *info, const gchar *booking,
			      const gchar *occurrence)
{
	g_autoptr(GError) error = NULL;
	if (!tg_store_supersede_mail (engine->store, info->name, booking, occurrence,
				      tg_clock_now (engine->clock), &error))
		tg_engine_log_store_error ("outbox", error);
}

void
tg_engine_forget_reminders (TgEngine *engine, const gchar *booking_id)
{
	guint n = 0;
	const TgMessageInfo *rows = tg_message_catalogue (&n);

	if (tg_engine_get_mail (engine) == NULL)
		return;
	for (guint i = 0; i < n; i++) {
		if (rows[i].due == TG_MESSAGE_DUE_BEFORE)
			tg_engine_supersede_messages (engine, &rows[i], booking_id, NULL);
	}
}

/* the outbox row of the message @info about @b (whose slot starts at @start), composed when
 * it is sent; NULL when there is nothing to send (a reminder that would come too late) */
static TgOutboxMessage *
tg_engine_booking_message (TgEngine *engine, const TgMessageInfo *info, const TgBooking *b,
			   const TgOccurrence *o, gint64 start, const gchar *secret, gint64 now)
{
	gint64 lead = (gint64) engine->options.reminder_hours_before * 3600 * G_USEC_PER_SEC;
	gint64 due = now;
	TgOutboxMessage *m;

	if (info->due == TG_MESSAGE_DUE_BEFORE) {
		/* none when it would come with (or after) the confirmation */
		due = start - lead;
		if (lead == 0 || due <= now)
			return NULL;
	}
	if (info->expires && !tg_engine_message_is_true (info, b, o, start, now))
		return NULL;
	m = g_new0 (TgOutboxMessage, 1);
	m->kind = g_strdup (info->name);
	m->booking = g_strdup (b->id);
	m->dedup = tg_message_key (info, b->id, b->sequence, start, NULL);
	if (info->once != TG_MESSAGE_ONCE_PER_CHANGE)
		m->starts_at = start;
	m->recipient = g_strdup (b->requester.email);
	m->language = g_strdup (b->language);
	m->message = g_bytes_new (NULL, 0);
	m->message_id = tg_engine_new_message_id (info);
	m->due_at = due;
	m->created_at = now;
	m->link_secret = g_strdup (secret);
	return m;
}

GPtrArray *
tg_engine_booking_messages (TgEngine *engine, TgMessageKind kind, const TgBooking *b,
			    const TgOccurrence *o, const gchar *secret)
{
	GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) tg_outbox_message_free);
	const TgMessageInfo *info = tg_message_info (kind);
	gint64 now = tg_clock_now (engine->clock);
	gint64 start;
	TgOutboxMessage *m;

	if (tg_engine_get_mail (engine) == NULL || b->requester.email == NULL || b->purged)
		return out;
	start = tg_engine_message_time (info, o, b);
	m = tg_engine_booking_message (engine, info, b, o, start, secret, now);
	if (m != NULL)
		g_ptr_array_add (out, m);
	/* a confirmed booking is reminded of, at its time */
	if (info->then_reminds && b->status == TG_BOOKING_CONFIRMED) {
		guint n = 0;
		const TgMessageInfo *rows = tg_message_catalogue (&n);
		for (guint i = 0; i < n; i++) {
			if (rows[i].due != TG_MESSAGE_DUE_BEFORE)
				continue;
			m = tg_engine_booking_message (engine, &rows[i], b, o,
						       tg_engine_message_time (&rows[i], o, b),
						       NULL, now);
			if (m != NULL)
				g_ptr_array_add (out, m);
		}
	}
	return out;
}

void
tg_engine_tell_booking (TgEngine *engine, const gchar *booking_id, TgMessageKind kind,
			const gchar *secret)
{
	const TgMessageInfo *info = tg_message_info (kind);
	g_autoptr(TgBooking) b = NULL;
	g_autoptr(TgOccurrence) o = NULL;
	g_autoptr(GPtrArray) intents = NULL;

	if (tg_engine_get_mail (engine) == NULL)
		return;
	b = tg_store_get_booking (engine->store, booking_id, NULL);
	if (b == NULL)
		return;
	o = tg_engine_get_occurrence (engine, b->occurrence, NULL);
	if (o == NULL && info->of_ended_session)
		o = tg_engine_get_ended_occurrence (engine, b->occurrence);
	if (o == NULL)
		return;
	/* a reminder is for one time: the old one goes when the time or the booking changes */
	if (info->supersedes_reminders)
		tg_engine_forget_reminders (engine, b->id);
	intents = tg_engine_booking_messages (engine, kind, b, o, secret);
	for (guint i = 0; i < intents->len; i++) {
		g_autoptr(GError) error = NULL;
		if (!tg_store_enqueue_mail (engine->store, g_ptr_array_index (intents, i),
					    &error)) {
			g_autofree gchar *what =
				g_strdup_printf ("queueing a %s message", info->name);
			tg_engine_log_store_error (what, error);
		}
	}
	tg_engine_mail_wake (engine);
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
			tg_engine_tell_booking (engine, b->id, kind, NULL);
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

void
tg_engine_messages_queued (TgEngine *engine)
{
	tg_engine_mail_wake (engine);
}
