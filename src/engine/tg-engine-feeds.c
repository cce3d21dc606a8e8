/* tg-engine-feeds.c: iCalendar feeds of units and staff, and one booking as .ics
 *
 * Each event's text is kept with the hash of what it says; a feed request concatenates
 * the texts, and rebuilds (with SEQUENCE + 1, stored before it is shown) only the events
 * whose content changed. A built feed is kept until anything it shows may have changed. */
#define G_LOG_DOMAIN "thaogo-engine"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "tg-date.h"
#include "tg-engine-private.h"
#include "tg-error.h"
#include "tg-ical.h"
#include "tg-random.h"

#define TG_FEED_DAYS_BACK 90
#define TG_FEED_DAYS_AHEAD 365

typedef struct {
	gchar *hash;
	guint sequence;
	gint64 modified;
	gchar *text; /* (nullable) until first shown by this process */
} TgEventEntry;

static void
tg_event_entry_free (TgEventEntry *e)
{
	g_free (e->hash);
	g_free (e->text);
	g_free (e);
}

static void
tg_feed_free (TgFeed *feed)
{
	if (feed == NULL)
		return;
	g_free (feed->etag);
	g_bytes_unref (feed->body);
	g_free (feed->key);
	g_free (feed->today);
	g_free (feed);
}

TgFeed *
tg_feed_ref (TgFeed *feed)
{
	g_atomic_int_inc (&feed->ref);
	return feed;
}

void
tg_feed_unref (TgFeed *feed)
{
	if (feed != NULL && g_atomic_int_dec_and_test (&feed->ref))
		tg_feed_free (feed);
}

void
tg_engine_feeds_clear (TgEngine *engine)
{
	g_clear_pointer (&engine->feeds, g_hash_table_unref);
	g_clear_pointer (&engine->event_states, g_hash_table_unref);
}

/* loads what clients were last shown, once (under cache_mutex) */
static gboolean
tg_engine_load_event_states (TgEngine *engine, GError **error)
{
	g_autoptr(GError) error_local = NULL;
	g_autoptr(GHashTable) states = NULL;
	GHashTableIter iter;
	gpointer value;

	if (engine->event_states != NULL)
		return TRUE;
	states = tg_store_load_event_states (engine->store, &error_local);
	if (states == NULL) {
		tg_engine_propagate_store_error (error, g_steal_pointer (&error_local));
		return FALSE;
	}
	engine->event_states = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
						      (GDestroyNotify) tg_event_entry_free);
	g_hash_table_iter_init (&iter, states);
	while (g_hash_table_iter_next (&iter, NULL, &value)) {
		TgEventState *st = value;
		TgEventEntry *e = g_new0 (TgEventEntry, 1);
		e->hash = g_strdup (st->hash);
		e->sequence = st->sequence;
		e->modified = st->modified_at;
		g_hash_table_insert (engine->event_states, g_strdup (st->uid), e);
	}
	return TRUE;
}

/* Appends the text of each event to @body, rebuilding changed ones; new sequences are
 * stored before anything shows them. Runs under cache_mutex. */
static gboolean
tg_engine_render_events (TgEngine *engine, GPtrArray *events, GString *body, GChecksum *etag,
			 gint64 *last_modified, GError **error)
{
	g_autoptr(GPtrArray) changed =
			   g_ptr_array_new_with_free_func ((GDestroyNotify) tg_event_state_free);
	g_autoptr(GPtrArray) texts = g_ptr_array_new ();
	gint64 now = tg_clock_now (engine->clock);
	g_autoptr(GError) error_local = NULL;

	if (!tg_engine_load_event_states (engine, error))
		return FALSE;
	for (guint i = 0; i < events->len; i++) {
		TgIcalEvent *ev = g_ptr_array_index (events, i);
		g_autofree gchar *hash = tg_ical_event_hash (ev);
		TgEventEntry *e = g_hash_table_lookup (engine->event_states, ev->uid);

		if (e == NULL) {
			e = g_new0 (TgEventEntry, 1);
			e->sequence = ev->sequence;
			e->modified = now;
			e->hash = g_strdup (hash);
			g_hash_table_insert (engine->event_states, g_strdup (ev->uid), e);
		} else if (g_strcmp0 (e->hash, hash) != 0) {
			e->sequence = MAX (e->sequence + 1, ev->sequence);
			e->modified = now;
			g_free (e->hash);
			e->hash = g_strdup (hash);
			g_clear_pointer (&e->text, g_free);
		} else if (e->text != NULL) {
			g_ptr_array_add (texts, e->text);
			g_checksum_update (etag, (const guchar *) e->hash, -1);
			*last_modified = MAX (*last_modified, e->modified);
			continue;
		}
		if (e->text == NULL) {
			TgEventState *st = g_new0 (TgEventState, 1);
			ev->sequence = e->sequence;
			ev->modified_us = e->modified;
			e->text = tg_ical_event_to_string (ev);
			st->uid = g_strdup (ev->uid);
			st->hash = g_strdup (e->hash);
			st->sequence = e->sequence;
			st->modified_at = e->modified;
			g_ptr_array_add (changed, st);
		}
		g_ptr_array_add (texts, e->text);
		g_checksum_update (etag, (const guchar *) e->hash, -1);
		*last_modified = MAX (*last_modified, e->modified);
	}
	/* a client must never see a sequence that a restart could give again */
	if (changed->len > 0 && !tg_store_put_event_states (engine->store, changed, &error_local)) {
		tg_engine_propagate_store_error (error, g_steal_pointer (&error_local));
		/* forget what was not stored */
		g_hash_table_remove_all (engine->event_states);
		g_clear_pointer (&engine->event_states, g_hash_table_unref);
		return FALSE;
	}
	for (guint i = 0; i < texts->len; i++)
		g_string_append (body, g_ptr_array_index (texts, i));
	return TRUE;
}

static const gchar *
tg_engine_unit_name (TgEngine *engine, const gchar *code, GHashTable *names)
{
	const gchar *name = g_hash_table_lookup (names, code);
	if (name == NULL) {
		g_autoptr(TgUnit) u = tg_engine_get_unit (engine, code, NULL, NULL);
		name = u != NULL ? u->name : code;
		g_hash_table_insert (names, g_strdup (code), g_strdup (name));
		name = g_hash_table_lookup (names, code);
	}
	return name;
}

static void
tg_engine_add_occurrence_events (TgEngine *engine, GPtrArray *events, const TgOccurrence *o,
				 GHashTable *names)
{
	TgIcalEvent *ev = tg_ical_event_new ();
	const gchar *name =
		tg_engine_unit_name (engine, o->bridge_of != NULL ? o->bridge_of : o->unit, names);
	GString *desc = g_string_new (NULL);
	TgIcalStatus status = o->status == TG_OCCURRENCE_CANCELLED ? TG_ICAL_STATUS_CANCELLED
								   : TG_ICAL_STATUS_CONFIRMED;
	const gchar *reason = o->reason != NULL ? o->reason : o->holiday_vi;

	/* a bridge point keeps its ancestor's UID: one meeting, one event everywhere */
	ev->uid = g_strdup_printf ("%s-meeting@thaogo", o->id);
	ev->date = g_strdup (o->date);
	ev->start = o->meeting_start;
	ev->end = o->meeting_end;
	ev->status = status;
	/* the same text in every feed that shows it: one UID, one content, one SEQUENCE */
	ev->summary = g_strdup_printf ("Họp Ban Chỉ đạo – %s", name);
	if (reason != NULL)
		g_string_append_printf (desc, "%s: %s\n",
					o->status == TG_OCCURRENCE_CANCELLED ? "Hủy" : "Dời lịch",
					reason);
	if (o->chair != NULL && o->chair_title != NULL)
		g_string_append_printf (desc, "Chủ trì: %s, %s\n", o->chair, o->chair_title);
	else if (o->chair != NULL)
		g_string_append_printf (desc, "Chủ trì: %s\n", o->chair);
	if (o->agenda != NULL)
		g_string_append_printf (desc, "Nội dung: %s\n", o->agenda);
	if (o->online_url != NULL)
		g_string_append_printf (desc,
					"Trực tuyến (các đơn vị cấp dưới dự tại điểm cầu): %s\n",
					o->online_url);
	ev->description =
		desc->len > 0 ? g_string_free (desc, FALSE) : (g_string_free (desc, TRUE), NULL);
	ev->location =
		g_strdup (o->mode == TG_MEETING_MODE_ONLINE && o->online_url != NULL ? o->online_url
										     : o->venue);
	ev->url = g_strdup (o->online_url);
	ev->category = g_strdup ("Họp");
	ev->sequence = o->sequence;
	g_ptr_array_add (events, ev);

	if (o->bridge_of != NULL)
		return;
	ev = tg_ical_event_new ();
	ev->uid = g_strdup_printf ("%s-reception@thaogo", o->id);
	ev->date = g_strdup (o->date);
	ev->start = o->reception_start;
	ev->end = o->reception_end;
	ev->status = status;
	ev->summary = g_strdup_printf ("Tiếp công dân, doanh nghiệp – %s", name);
	ev->description =
		reason != NULL ? g_strdup_printf ("%s: %s",
						  o->status == TG_OCCURRENCE_CANCELLED ? "Hủy"
										       : "Dời lịch",
						  reason)
			       : NULL;
	ev->location = g_strdup (o->reception_venue);
	ev->category = g_strdup ("Tiếp công dân");
	ev->sequence = o->sequence;
	g_ptr_array_add (events, ev);
}

/* the days a feed shows, from 90 days back to a year ahead of @today: @from, @to (out)
 * (transfer full) */
static void
tg_engine_feed_window (const gchar *today, gchar **from, gchar **to)
{
	GDate d;

	tg_date_parse_iso (today, &d);
	g_date_subtract_days (&d, TG_FEED_DAYS_BACK);
	*from = tg_date_to_iso (&d);
	tg_date_parse_iso (today, &d);
	g_date_add_days (&d, TG_FEED_DAYS_AHEAD);
	*to = tg_date_to_iso (&d);
}

/* the occurrences of @code from 90 days back to a year ahead */
static GPtrArray *
tg_engine_feed_occurrences (TgEngine *engine, const gchar *code, const gchar *today, GError **error)
{
	GDate mid;
	g_autofree gchar *from = NULL, *middle = NULL, *middle1 = NULL, *to = NULL;
	g_autoptr(GPtrArray) first = NULL;
	g_autoptr(GPtrArray) second = NULL;

	tg_engine_feed_window (today, &from, &to);
	tg_date_parse_iso (from, &mid);
	g_date_add_days (&mid, 250);
	middle = tg_date_to_iso (&mid);
	g_date_add_days (&mid, 1);
	middle1 = tg_date_to_iso (&mid);
	first = tg_engine_list_occurrences (engine, code, from, middle, error);
	if (first == NULL)
		return NULL;
	second = tg_engine_list_occurrences (engine, code, middle1, to, error);
	if (second == NULL)
		return NULL;
	g_ptr_array_extend_and_steal (first, g_steal_pointer (&second));
	return g_steal_pointer (&first);
}

/* the reception venue a unit has when its series names none (as the API shows it) */
static void
tg_engine_default_venues (TgEngine *engine, GPtrArray *occurrences, GHashTable *names)
{
	(void) names;
	for (guint i = 0; i < occurrences->len; i++) {
		TgOccurrence *o = g_ptr_array_index (occurrences, i);
		if (o->reception_venue == NULL && o->bridge_of == NULL)
			o->reception_venue = tg_engine_default_reception_venue (engine, o->unit,
										o->original_date);
	}
}

static TgFeed *
tg_engine_build_feed (TgEngine *engine, const gchar *key, const gchar *calname, GPtrArray *events,
		      GError **error)
{
	g_autoptr(GChecksum) etag = g_checksum_new (G_CHECKSUM_SHA256);
	g_autofree gchar *header = tg_ical_calendar_header (calname);
	GString *body = g_string_new (header);
	TgFeed *feed;
	gint64 last_modified = 0;

	g_checksum_update (etag, (const guchar *) header, -1);
	if (!tg_engine_render_events (engine, events, body, etag, &last_modified, error)) {
		g_string_free (body, TRUE);
		return NULL;
	}
	g_string_append (body, tg_ical_calendar_footer ());
	/* events that left the feed change it too: the feed itself is remembered like an
	 * event, so that Last-Modified moves with the ETag, across restarts as well */
	{
		g_autofree gchar *uid = g_strconcat ("feed:", key, NULL);
		const gchar *hash = g_checksum_get_string (etag);
		TgEventEntry *e = g_hash_table_lookup (engine->event_states, uid);
		if (e == NULL || g_strcmp0 (e->hash, hash) != 0) {
			g_autoptr(GPtrArray) one = g_ptr_array_new_with_free_func (
				(GDestroyNotify) tg_event_state_free);
			TgEventState *st = g_new0 (TgEventState, 1);
			gint64 when = e == NULL ? last_modified
						: MAX (tg_clock_now (engine->clock),
						       e->modified + G_USEC_PER_SEC);
			g_autoptr(GError) error_local = NULL;
			if (e == NULL) {
				e = g_new0 (TgEventEntry, 1);
				g_hash_table_insert (engine->event_states, g_strdup (uid), e);
			}
			g_free (e->hash);
			e->hash = g_strdup (hash);
			e->modified = when;
			st->uid = g_strdup (uid);
			st->hash = g_strdup (hash);
			st->modified_at = when;
			g_ptr_array_add (one, st);
			if (!tg_store_put_event_states (engine->store, one, &error_local))
				g_warning ("remembering feed %s: %s", key, error_local->message);
		}
		last_modified = MAX (last_modified, e->modified);
	}
	feed = g_new0 (TgFeed, 1);
	feed->ref = 1;
	feed->key = g_strdup (key);
	feed->etag = g_strdup_printf ("\"%s\"", g_checksum_get_string (etag));
	feed->last_modified = last_modified;
	feed->n_events = events->len;
	feed->body = g_string_free_to_bytes (body);
	return feed;
}

/* the cached feed @key when nothing it shows can have changed since it was built */
static TgFeed *
tg_engine_cached_feed (TgEngine *engine, const gchar *key, const gchar *today)
{
	TgFeed *feed;

	if (engine->feeds == NULL)
		engine->feeds = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
						       (GDestroyNotify) tg_feed_unref);
	feed = g_hash_table_lookup (engine->feeds, key);
	if (feed != NULL && feed->generation == engine->cache_generation &&
	    feed->bookings_generation == g_atomic_int_get (&engine->bookings_generation) &&
	    g_strcmp0 (feed->today, today) == 0)
		return tg_feed_ref (feed);
	return NULL;
}

static void
tg_engine_keep_feed (TgEngine *engine, TgFeed *feed, guint64 generation, gint bookings_generation,
		     const gchar *today)
{
	feed->generation = generation;
	feed->bookings_generation = bookings_generation;
	feed->today = g_strdup (today);
	if (generation == engine->cache_generation)
		g_hash_table_replace (engine->feeds, feed->key, tg_feed_ref (feed));
}

TgFeed *
tg_engine_get_unit_feed (TgEngine *engine, const gchar *code, GError **error)
{
	g_autofree gchar *today = tg_engine_get_today (engine);
	g_autofree gchar *key = g_strconcat ("unit:", code, NULL);
	g_autoptr(GPtrArray) occurrences = NULL;
	g_autoptr(GPtrArray) events =
			   g_ptr_array_new_with_free_func ((GDestroyNotify) tg_ical_event_free);
	g_autoptr(GHashTable) names =
			   g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
	g_autoptr(GMutexLocker) locker = NULL;
	g_autofree gchar *calname = NULL;
	guint64 generation;
	gint bgen;
	TgFeed *feed;

	locker = g_mutex_locker_new (&engine->cache_mutex);
	feed = tg_engine_cached_feed (engine, key, today);
	if (feed != NULL)
		return feed;
	generation = engine->cache_generation;
	bgen = g_atomic_int_get (&engine->bookings_generation);
	g_clear_pointer (&locker, g_mutex_locker_free);

	occurrences = tg_engine_feed_occurrences (engine, code, today, error);
	if (occurrences == NULL)
		return NULL;
	tg_engine_default_venues (engine, occurrences, names);
	for (guint i = 0; i < occurrences->len; i++)
		tg_engine_add_occurrence_events (engine, events, g_ptr_array_index (occurrences, i),
						 names);
	calname = g_strdup_printf ("Ngày tháo gỡ vướng mắc – %s",
				   tg_engine_unit_name (engine, code, names));
	locker = g_mutex_locker_new (&engine->cache_mutex);
	feed = tg_engine_build_feed (engine, key, calname, events, error);
	if (feed != NULL)
		tg_engine_keep_feed (engine, feed, generation, bgen, today);
	return feed;
}

TgFeed *
tg_engine_get_staff_feed (TgEngine *engine, const gchar *secret, GError **error)
{
	g_autofree gchar *today = tg_engine_get_today (engine);
	g_autofree gchar *hash = NULL;
	g_autofree gchar *owner = NULL;
	g_autofree gchar *key = NULL;
	g_autofree gchar *calname = NULL;
	g_autofree gchar *window_from = NULL, *window_to = NULL;
	g_autoptr(GError) error_local = NULL;
	g_autoptr(GPtrArray) tokens = NULL;
	g_autoptr(GPtrArray) occurrences = NULL;
	g_autoptr(GPtrArray) bookings = NULL;
	g_autoptr(GPtrArray) events =
			   g_ptr_array_new_with_free_func ((GDestroyNotify) tg_ical_event_free);
	g_autoptr(GHashTable) names =
			   g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
	g_autoptr(GMutexLocker) locker = NULL;
	const TgToken *token = NULL;
	guint64 generation;
	gint bgen;
	TgFeed *feed;

	if (secret == NULL || strlen (secret) < 20 || strlen (secret) > 64) {
		tg_error_set_field (error, TG_ERROR_NOT_FOUND, NULL, N_ ("no such feed"));
		return NULL;
	}
	hash = tg_token_hash_secret (secret);
	owner = tg_store_get_feed_owner (engine->store, hash, &error_local);
	if (owner == NULL) {
		tg_error_set_field (error, TG_ERROR_NOT_FOUND, NULL, N_ ("no such feed"));
		return NULL;
	}
	/* a revoked token takes its feed with it */
	tokens = tg_store_list_tokens (engine->store, NULL);
	for (guint i = 0; tokens != NULL && i < tokens->len; i++) {
		TgToken *t = g_ptr_array_index (tokens, i);
		if (g_strcmp0 (t->id, owner) == 0 && t->revoked_at == 0)
			token = t;
	}
	if (token == NULL) {
		tg_error_set_field (error, TG_ERROR_NOT_FOUND, NULL, N_ ("no such feed"));
		return NULL;
	}
	key = g_strconcat ("staff:", owner, NULL);
	locker = g_mutex_locker_new (&engine->cache_mutex);
	feed = tg_engine_cached_feed (engine, key, today);
	if (feed != NULL)
		return feed;
	generation = engine->cache_generation;
	bgen = g_atomic_int_get (&engine->bookings_generation);
	g_clear_pointer (&locker, g_mutex_locker_free);

	if (token->unit != NULL) {
		occurrences = tg_engine_feed_occurrences (engine, token->unit, today, error);
		if (occurrences == NULL)
			return NULL;
		tg_engine_default_venues (engine, occurrences, names);
		for (guint i = 0; i < occurrences->len; i++)
			tg_engine_add_occurrence_events (engine, events,
							 g_ptr_array_index (occurrences, i), names);
	}
	tg_engine_feed_window (today, &window_from, &window_to);
	bookings = tg_store_list_assigned_bookings (engine->store, owner, window_from, window_to,
						    &error_local);
	if (bookings == NULL) {
		tg_engine_propagate_store_error (error, g_steal_pointer (&error_local));
		return NULL;
	}
	for (guint i = 0; i < bookings->len; i++) {
		TgBooking *b = g_ptr_array_index (bookings, i);
		g_autoptr(TgOccurrence) o = NULL;
		g_autoptr(GPtrArray) one = g_ptr_array_new ();
		if (b->status == TG_BOOKING_WAITLISTED || b->slot < 0)
			continue;
		o = tg_engine_get_occurrence (engine, b->occurrence, NULL);
		if (o == NULL)
			continue;
		g_ptr_array_add (one, o);
		tg_engine_default_venues (engine, one, names);
		g_ptr_array_add (events,
				 tg_engine_booking_event (b, o,
							  tg_engine_unit_name (engine, b->unit,
									       names)));
	}
	calname = g_strdup_printf ("thaogo – %s", token->name != NULL ? token->name : owner);
	locker = g_mutex_locker_new (&engine->cache_mutex);
	feed = tg_engine_build_feed (engine, key, calname, events, error);
	if (feed != NULL)
		tg_engine_keep_feed (engine, feed, generation, bgen, today);
	return feed;
}

gchar *
tg_engine_rotate_feed (TgEngine *engine, const TgToken *caller, GError **error)
{
	g_autofree gchar *secret = tg_random_base64url (24);
	g_autofree gchar *hash = tg_token_hash_secret (secret);
	g_autoptr(GError) error_local = NULL;

	if (caller == NULL || caller->id == NULL) {
		tg_error_set_field (error, TG_ERROR_UNAUTHORIZED, NULL,
				    N_ ("a valid access token is needed"));
		return NULL;
	}
	if (!tg_store_put_feed_token (engine->store, caller->id, hash, tg_clock_now (engine->clock),
				      &error_local)) {
		tg_engine_propagate_store_error (error, g_steal_pointer (&error_local));
		return NULL;
	}
	g_info ("feed link of token %s created or rotated", caller->id);
	return g_steal_pointer (&secret);
}

TgFeed *
tg_engine_get_booking_ics (TgEngine *engine, const gchar *id, const gchar *secret, GError **error)
{
	g_autoptr(TgBooking) b = tg_engine_load_booking (engine, id, secret, error);
	g_autoptr(TgOccurrence) o = NULL;
	g_autoptr(GPtrArray) events =
			   g_ptr_array_new_with_free_func ((GDestroyNotify) tg_ical_event_free);
	g_autoptr(GPtrArray) one = g_ptr_array_new ();
	g_autoptr(GHashTable) names =
			   g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
	g_autoptr(GMutexLocker) locker = NULL;
	g_autofree gchar *key = NULL;

	if (b == NULL)
		return NULL;
	o = tg_engine_get_occurrence (engine, b->occurrence, error);
	if (o == NULL)
		return NULL;
	g_ptr_array_add (one, o);
	tg_engine_default_venues (engine, one, names);
	g_ptr_array_add (events,
			 tg_engine_booking_event (b, o,
						  tg_engine_unit_name (engine, b->unit, names)));
	key = g_strconcat ("booking:", b->id, NULL);
	locker = g_mutex_locker_new (&engine->cache_mutex);
	return tg_engine_build_feed (engine, key, "thaogo", events, error);
}

TgFeed *
tg_engine_feed_from_events (TgEngine *engine, const gchar *name, GPtrArray *events, GError **error)
{
	g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&engine->cache_mutex);
	return tg_engine_build_feed (engine, name, name, events, error);
}
