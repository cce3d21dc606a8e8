/* tg-store.c: connections, migrations, the writer thread and the reader pool */
#define G_LOG_DOMAIN "thaogo-store"

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>

#include "tg-log.h"
#include "tg-store-private.h"

#define TG_STORE_DEFAULT_MAX_BATCH 512
#define TG_STORE_CHECKPOINT_PAGES 16384
#define TG_STORE_BUSY_TIMEOUT_MS 10000

G_DEFINE_QUARK (tg - store - error - quark, tg_store_error)

struct _TgStoreWrite {
	TgStoreWriteFunc func; /* NULL: stop the writer */
	gpointer data;
	GDestroyNotify data_free;
	TgStoreDoneFunc notify; /* (nullable) */
	gpointer notify_data;
	GError *error;
	gboolean ok;
	/* each write wakes its own waiter: one shared condition woke every waiting thread
	 * after every commit, most of them to sleep again */
	GMutex mutex;
	GCond cond;
	gboolean done;
};

struct _TgStore {
	gchar *path;
	gint schema_version;
	TgDb *writer_db;
	GThread *writer;
	GAsyncQueue *queue; /* TgStoreWrite */
	guint max_batch;
	guint64 commits;
	TgHistogram *group_size;     /* writes per committed transaction */
	TgHistogram *commit_seconds; /* microseconds from BEGIN to the end of COMMIT */
	gboolean closing;
	/* checkpoints run on their own thread and connection, beside the writer's commits */
	TgDb *checkpoint_db;
	GThread *checkpointer;
	GMutex checkpoint_mutex;
	GCond checkpoint_cond;
	gint checkpoint_pages; /* a checkpoint is asked for when the log is this long */
	gboolean checkpoint_wanted;
	gboolean checkpoint_running;
	gboolean checkpoint_stop;
	gint log_pages; /* the log's length after the last commit */
	/* pages of this log the checkpointer has copied (0: none). Any is taken as "it left a
	 * rest": a checkpoint counts the log as it was when it began, not what the writer
	 * added meanwhile */
	gint backfilled;
	guint64 checkpoints;
	gint busy_timeout_ms;      /* of connections opened from now on (the writer's: its own) */
	GAsyncQueue *idle_readers; /* TgDb */
	GMutex readers_mutex;
	GPtrArray *readers; /* every reader TgDb, for closing */
};

/* Ordered migrations: entry N brings the schema from version N to N+1. Never edit one that
 * has shipped; add a new one and a fixture of the old schema in tests/data/. */
static const gchar *tg_store_migrations[] = {
	/* 1: units and access tokens */
	"CREATE TABLE units ("
	"  code TEXT NOT NULL,"
	"  valid_from TEXT NOT NULL DEFAULT '',"
	"  valid_to TEXT,"
	"  name TEXT NOT NULL,"
	"  type TEXT NOT NULL,"
	"  level TEXT NOT NULL CHECK (level IN ('province', 'district', 'commune')),"
	"  parent TEXT,"
	"  PRIMARY KEY (code, valid_from)"
	") WITHOUT ROWID;"
	"CREATE INDEX units_by_parent ON units (parent);"
	"CREATE TABLE tokens ("
	"  id TEXT PRIMARY KEY,"
	"  hash TEXT NOT NULL UNIQUE CHECK (length (hash) = 64),"
	"  role TEXT NOT NULL CHECK (role IN ('admin', 'secretary', 'staff')),"
	"  unit TEXT,"
	"  name TEXT,"
	"  email TEXT,"
	"  created_at INTEGER NOT NULL,"
	"  revoked_at INTEGER"
	");",
	/* 2: successor links between unit versions (the 2025 reorganisation) */
	"CREATE TABLE unit_links ("
	"  successor TEXT NOT NULL,"
	"  successor_from TEXT NOT NULL,"
	"  predecessor TEXT NOT NULL,"
	"  PRIMARY KEY (successor, successor_from, predecessor),"
	"  FOREIGN KEY (successor, successor_from) REFERENCES units (code, valid_from)"
	"    ON DELETE CASCADE"
	") WITHOUT ROWID;"
	"CREATE INDEX unit_links_by_predecessor ON unit_links (predecessor);",
	/* 3: the Monday series, holiday decisions, exceptions to occurrences */
	"CREATE TABLE series ("
	"  unit TEXT PRIMARY KEY,"
	"  meeting_start INTEGER NOT NULL,"
	"  meeting_end INTEGER NOT NULL,"
	"  mode TEXT NOT NULL CHECK (mode IN ('in_person', 'online', 'hybrid')),"
	"  venue TEXT,"
	"  online_url TEXT,"
	"  reception_start INTEGER NOT NULL,"
	"  reception_end INTEGER NOT NULL,"
	"  reception_venue TEXT,"
	"  slot_minutes INTEGER NOT NULL CHECK (slot_minutes > 0),"
	"  desks INTEGER NOT NULL CHECK (desks > 0),"
	"  opens_days_before INTEGER NOT NULL,"
	"  closes_hours_before INTEGER NOT NULL,"
	"  holiday_policy TEXT NOT NULL"
	"    CHECK (holiday_policy IN ('next_working_day', 'skip', 'manual')),"
	"  updated_at INTEGER NOT NULL"
	") WITHOUT ROWID;"
	"CREATE TABLE participants ("
	"  owner TEXT NOT NULL,"
	"  position INTEGER NOT NULL,"
	"  name TEXT NOT NULL,"
	"  email TEXT,"
	"  role TEXT,"
	"  PRIMARY KEY (owner, position)"
	") WITHOUT ROWID;"
	"CREATE TABLE holiday_decisions ("
	"  date TEXT PRIMARY KEY,"
	"  day_off INTEGER NOT NULL CHECK (day_off IN (0, 1)),"
	"  name TEXT,"
	"  updated_at INTEGER NOT NULL"
	") WITHOUT ROWID;"
	"CREATE TABLE occurrence_exceptions ("
	"  unit TEXT NOT NULL,"
	"  original_date TEXT NOT NULL,"
	"  cancelled INTEGER NOT NULL DEFAULT 0,"
	"  new_date TEXT,"
	"  meeting_start INTEGER,"
	"  reception_start INTEGER,"
	"  reason TEXT,"
	"  agenda TEXT,"
	"  has_participants INTEGER NOT NULL DEFAULT 0,"
	"  mode TEXT,"
	"  venue TEXT,"
	"  online_url TEXT,"
	"  sequence INTEGER NOT NULL DEFAULT 0,"
	"  updated_at INTEGER NOT NULL,"
	"  PRIMARY KEY (unit, original_date)"
	") WITHOUT ROWID;"
	"CREATE INDEX occurrence_exceptions_by_new_date ON occurrence_exceptions (new_date);",
	/* 4: appointments; the seat indexes make double booking impossible whatever the code */
	"CREATE TABLE bookings ("
	"  id TEXT PRIMARY KEY,"
	"  token_hash TEXT NOT NULL CHECK (length (token_hash) = 64),"
	"  occurrence TEXT NOT NULL,"
	"  unit TEXT NOT NULL,"
	"  original_date TEXT NOT NULL,"
	"  slot INTEGER NOT NULL,"
	"  seat INTEGER,"
	"  capacity INTEGER NOT NULL CHECK (capacity > 0),"
	"  status TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'waitlisted', 'cancelled',"
	"    'cancelled_by_unit', 'expired', 'attended', 'no_show')),"
	"  active INTEGER NOT NULL CHECK (active IN (0, 1)),"
	"  ticket INTEGER,"
	"  kind TEXT NOT NULL CHECK (kind IN ('citizen', 'enterprise')),"
	"  name TEXT,"
	"  phone TEXT,"
	"  email TEXT,"
	"  organization TEXT,"
	"  tax_code TEXT,"
	"  category TEXT NOT NULL,"
	"  dossier_code TEXT,"
	"  summary TEXT,"
	"  language TEXT NOT NULL,"
	"  consent_at INTEGER NOT NULL CHECK (consent_at > 0),"
	"  created_at INTEGER NOT NULL,"
	"  hold_expires_at INTEGER,"
	"  assignee TEXT,"
	"  outcome TEXT,"
	"  cause TEXT,"
	"  note TEXT,"
	"  purged INTEGER NOT NULL DEFAULT 0,"
	"  updated_at INTEGER NOT NULL,"
	"  sequence INTEGER NOT NULL DEFAULT 0,"
	"  CHECK (seat IS NULL OR (seat >= 0 AND seat < capacity)),"
	"  CHECK ((seat IS NOT NULL) = (status IN ('pending', 'confirmed', 'attended', 'no_show')))"
	");"
	"CREATE UNIQUE INDEX bookings_by_seat ON bookings (occurrence, slot, seat)"
	"  WHERE seat IS NOT NULL;"
	"CREATE UNIQUE INDEX bookings_by_ticket ON bookings (occurrence, ticket)"
	"  WHERE ticket IS NOT NULL;"
	"CREATE UNIQUE INDEX bookings_by_phone ON bookings (occurrence, phone) WHERE active = 1;"
	"CREATE UNIQUE INDEX bookings_by_email ON bookings (occurrence, email)"
	"  WHERE active = 1 AND email IS NOT NULL;"
	"CREATE INDEX bookings_by_unit ON bookings (unit, original_date);"
	"CREATE INDEX bookings_by_hold ON bookings (hold_expires_at) WHERE status = 'pending';"
	"CREATE INDEX bookings_waiting ON bookings (occurrence, created_at)"
	"  WHERE status = 'waitlisted';",
	/* 5: what calendar clients were last shown of each event, and staff feed links */
	"CREATE TABLE ical_events ("
	"  uid TEXT PRIMARY KEY,"
	"  hash TEXT NOT NULL,"
	"  sequence INTEGER NOT NULL CHECK (sequence >= 0),"
	"  modified_at INTEGER NOT NULL"
	") WITHOUT ROWID;"
	"CREATE TABLE feed_tokens ("
	"  owner TEXT PRIMARY KEY REFERENCES tokens (id) ON DELETE CASCADE,"
	"  hash TEXT NOT NULL UNIQUE CHECK (length (hash) = 64),"
	"  created_at INTEGER NOT NULL"
	") WITHOUT ROWID;"
	"CREATE INDEX bookings_by_assignee ON bookings (assignee) WHERE assignee IS NOT NULL;",
	/* 6: the outbox: every message is a row before it is sent */
	"CREATE TABLE outbox ("
	"  id INTEGER PRIMARY KEY,"
	"  kind TEXT NOT NULL,"
	"  dedup TEXT UNIQUE,"
	"  recipient TEXT NOT NULL,"
	"  language TEXT NOT NULL,"
	"  message BLOB NOT NULL,"
	"  message_id TEXT NOT NULL UNIQUE,"
	"  due_at INTEGER NOT NULL,"
	"  status TEXT NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'dead',"
	"    'superseded')),"
	"  attempts INTEGER NOT NULL DEFAULT 0,"
	"  last_error TEXT,"
	"  created_at INTEGER NOT NULL,"
	"  updated_at INTEGER NOT NULL"
	");"
	"CREATE INDEX outbox_due ON outbox (due_at) WHERE status = 'queued';"
	"CREATE INDEX outbox_by_status ON outbox (status, id);",
	/* 7: a message about a booking is queued in the booking's own transaction and composed
	 * when it is sent (an empty message); the manage link's secret waits here until then.
	 * Message-IDs hold 96 random bits: no index keeps them unique (one random b-tree
	 * insert less per message) */
	"CREATE TABLE outbox_7 ("
	"  id INTEGER PRIMARY KEY,"
	"  kind TEXT NOT NULL,"
	"  dedup TEXT UNIQUE,"
	"  recipient TEXT NOT NULL,"
	"  language TEXT NOT NULL,"
	"  message BLOB NOT NULL,"
	"  message_id TEXT NOT NULL,"
	"  due_at INTEGER NOT NULL,"
	"  status TEXT NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'dead',"
	"    'superseded')),"
	"  attempts INTEGER NOT NULL DEFAULT 0,"
	"  last_error TEXT,"
	"  created_at INTEGER NOT NULL,"
	"  updated_at INTEGER NOT NULL,"
	"  link_secret TEXT"
	");"
	"INSERT INTO outbox_7 (id, kind, dedup, recipient, language, message, message_id, due_at,"
	"  status, attempts, last_error, created_at, updated_at)"
	"  SELECT id, kind, dedup, recipient, language, message, message_id, due_at, status,"
	"  attempts, last_error, created_at, updated_at FROM outbox;"
	"DROP TABLE outbox;"
	"ALTER TABLE outbox_7 RENAME TO outbox;"
	"CREATE INDEX outbox_due ON outbox (due_at) WHERE status = 'queued';"
	"CREATE INDEX outbox_by_status ON outbox (status, id);",
	/* 8: what a message is about has columns of its own: the booking of a message to its
	 * person, the session of one to its participants or secretaries, and when what it
	 * speaks of starts (a slot, a meeting, a reception) for the messages true of that time
	 * only. Filled from the keys of schema 7: kind:booking:sequence, reminder and
	 * moved:booking:start, meeting and list:session:start:recipient (a superseded key ends
	 * with ~id, which the cast stops at). Queued messages are found by what they are about */
	"ALTER TABLE outbox ADD COLUMN booking TEXT;"
	"ALTER TABLE outbox ADD COLUMN occurrence TEXT;"
	"ALTER TABLE outbox ADD COLUMN starts_at INTEGER NOT NULL DEFAULT 0;"
	"UPDATE outbox SET"
	"  booking = CASE WHEN k.of_session THEN NULL ELSE substr (k.rest, 1, k.colon - 1) END,"
	"  occurrence = CASE WHEN k.of_session THEN substr (k.rest, 1, k.colon - 1) END,"
	"  starts_at = CASE WHEN k.kind IN ('reminder', 'moved', 'meeting', 'list')"
	"    THEN CAST (substr (k.rest, k.colon + 1) AS INTEGER) ELSE 0 END"
	"  FROM (SELECT id, kind, kind IN ('meeting', 'list') AS of_session, rest,"
	"      instr (rest, ':') AS colon"
	"    FROM (SELECT id, kind, substr (dedup, instr (dedup, ':') + 1) AS rest FROM outbox"
	"      WHERE instr (dedup, ':') > 0)) AS k"
	"  WHERE outbox.id = k.id AND k.colon > 1;"
	"CREATE INDEX outbox_queued_by_booking ON outbox (booking)"
	"  WHERE status = 'queued' AND booking IS NOT NULL;"
	"CREATE INDEX outbox_queued_by_occurrence ON outbox (occurrence)"
	"  WHERE status = 'queued' AND occurrence IS NOT NULL;",
	/* 9: the web pages' sign-in: sessions (their cookie's secret hashed) and single-use
	 * login codes, both tied to the token they stand for and gone with it */
	"CREATE TABLE sessions ("
	"  hash TEXT PRIMARY KEY CHECK (length (hash) = 64),"
	"  token TEXT NOT NULL REFERENCES tokens (id) ON DELETE CASCADE,"
	"  created_at INTEGER NOT NULL,"
	"  seen_at INTEGER NOT NULL,"
	"  expires_at INTEGER NOT NULL"
	") WITHOUT ROWID;"
	"CREATE INDEX sessions_by_token ON sessions (token);"
	"CREATE TABLE login_codes ("
	"  hash TEXT PRIMARY KEY CHECK (length (hash) = 64),"
	"  token TEXT NOT NULL REFERENCES tokens (id) ON DELETE CASCADE,"
	"  created_at INTEGER NOT NULL,"
	"  expires_at INTEGER NOT NULL"
	") WITHOUT ROWID;"
	"CREATE INDEX login_codes_by_token ON login_codes (token);",
	/* 10: why the person cancelled, in their words (personal data: purged with the rest) */
	"ALTER TABLE bookings ADD COLUMN cancel_reason TEXT"
	"  CHECK (cancel_reason IS NULL OR length (cancel_reason) <= 2000);",
	/* 11: cost that stays flat as the years of bookings grow. A unit's bookings by date
	 * carry what the reports count, so that a report reads the index alone (no row of the
	 * table); and the store keeps marks of its own, such as the date before which the
	 * personal data is already purged, so that a purge reads only what is new to it */
	"DROP INDEX bookings_by_unit;"
	"CREATE INDEX bookings_by_unit ON bookings (unit, original_date, status, category,"
	"  outcome, cause);"
	"CREATE TABLE store_marks ("
	"  name TEXT PRIMARY KEY,"
	"  value TEXT NOT NULL"
	") WITHOUT ROWID;",
	/* 12: late dossiers: each unit's weekly lists from the one-stop system (a list per
	 * unit and date, its rows as listed that week) and the unit's classification of each
	 * dossier, which stays with it from one week's list to the next */
	"CREATE TABLE dossiers ("
	"  unit TEXT NOT NULL,"
	"  code TEXT NOT NULL CHECK (length (code) BETWEEN 1 AND 64),"
	"  cause TEXT,"
	"  responsible_agency TEXT CHECK (length (responsible_agency) <= 200),"
	"  deadline TEXT,"
	"  note TEXT CHECK (length (note) <= 2000),"
	"  classified_at INTEGER NOT NULL DEFAULT 0,"
	"  PRIMARY KEY (unit, code)"
	") WITHOUT ROWID;"
	"CREATE TABLE dossier_lists ("
	"  unit TEXT NOT NULL,"
	"  as_of TEXT NOT NULL,"
	"  digest TEXT NOT NULL,"
	"  n_rows INTEGER NOT NULL,"
	"  imported_at INTEGER NOT NULL,"
	"  PRIMARY KEY (unit, as_of)"
	") WITHOUT ROWID;"
	"CREATE TABLE dossier_listings ("
	"  unit TEXT NOT NULL,"
	"  as_of TEXT NOT NULL,"
	"  code TEXT NOT NULL,"
	"  procedure TEXT NOT NULL CHECK (length (procedure) <= 500),"
	"  agency TEXT CHECK (length (agency) <= 200),"
	"  received TEXT,"
	"  due TEXT NOT NULL,"
	"  status TEXT CHECK (length (status) <= 100),"
	"  line INTEGER NOT NULL,"
	"  PRIMARY KEY (unit, as_of, code),"
	"  FOREIGN KEY (unit, as_of) REFERENCES dossier_lists (unit, as_of) ON DELETE CASCADE,"
	"  FOREIGN KEY (unit, code) REFERENCES dossiers (unit, code)"
	") WITHOUT ROWID;"
	"CREATE INDEX dossier_listings_by_code ON dossier_listings (unit, code, as_of);",
	/* 13: who chairs a meeting: the series' leader, or another for one session (a
	 * delegation) */
	"ALTER TABLE series ADD COLUMN chair TEXT CHECK (length (chair) <= 200);"
	"ALTER TABLE series ADD COLUMN chair_title TEXT CHECK (length (chair_title) <= 200);"
	"ALTER TABLE occurrence_exceptions ADD COLUMN chair TEXT CHECK (length (chair) <= 200);"
	"ALTER TABLE occurrence_exceptions ADD COLUMN chair_title TEXT"
	"  CHECK (length (chair_title) <= 200);",
	/* 14: the conclusions of a meeting, tasks followed up at the next ones; the staff feed's
	 * assigned bookings and a dossier's receptions get their indexes */
	"CREATE TABLE conclusions ("
	"  occurrence TEXT NOT NULL,"
	"  number INTEGER NOT NULL CHECK (number BETWEEN 1 AND 100),"
	"  unit TEXT NOT NULL,"
	"  meeting_date TEXT NOT NULL,"
	"  text TEXT NOT NULL CHECK (length (text) BETWEEN 1 AND 2000),"
	"  assignee TEXT NOT NULL CHECK (length (assignee) BETWEEN 1 AND 200),"
	"  deadline TEXT NOT NULL,"
	"  done_at INTEGER,"
	"  created_at INTEGER NOT NULL,"
	"  PRIMARY KEY (occurrence, number)"
	") WITHOUT ROWID;"
	"CREATE INDEX conclusions_open ON conclusions (unit, deadline) WHERE done_at IS NULL;"
	"DROP INDEX bookings_by_assignee;"
	"CREATE INDEX bookings_by_assignee ON bookings (assignee, original_date)"
	"  WHERE assignee IS NOT NULL;"
	"CREATE INDEX bookings_by_dossier ON bookings (dossier_code) WHERE dossier_code IS NOT NULL;",
};

gint
tg_store_get_latest_schema_version (void)
{
	return (gint) G_N_ELEMENTS (tg_store_migrations);
}

TgStoreError
tg_store_error_from_sqlite (gint rc)
{
	switch (rc & 0xff) {
	case SQLITE_CONSTRAINT:
		return TG_STORE_ERROR_CONSTRAINT;
	case SQLITE_BUSY:
		return TG_STORE_ERROR_BUSY;
	case SQLITE_LOCKED:
		return TG_STORE_ERROR_LOCKED;
	case SQLITE_FULL:
		return TG_STORE_ERROR_DISK_FULL;
	case SQLITE_IOERR:
		return TG_STORE_ERROR_IO;
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		return TG_STORE_ERROR_CORRUPT;
	default:
		return TG_STORE_ERROR_FAILED;
	}
}

/* TRUE while the disk is known to be full: it is logged once, until a commit succeeds */
static gint tg_store_disk_full_logged;

void
tg_db_set_error (TgDb *db, gint rc, GError **error)
{
	TgStoreError code = tg_store_error_from_sqlite (rc);
	const gchar *what =
		db != NULL && db->db != NULL ? sqlite3_errmsg (db->db) : sqlite3_errstr (rc);

	/* SQLite says SQLITE_FULL for a write that found no room; an I/O error of the same
	 * cause elsewhere (growing the -shm file) is one too */
	if (code == TG_STORE_ERROR_IO && db != NULL && db->db != NULL) {
		gint sys = sqlite3_system_errno (db->db);
		if (sys == ENOSPC || sys == EDQUOT)
			code = TG_STORE_ERROR_DISK_FULL;
	}
	/* logged here, where the failure happens: once, however many writes of a group
	 * commit it fails. SQLite's text names no row or value */
	if (code == TG_STORE_ERROR_DISK_FULL) {
		if (g_atomic_int_compare_and_exchange (&tg_store_disk_full_logged, FALSE, TRUE))
			g_warning ("database: the disk is full (%s, %d): writes fail until there "
				   "is room",
				   what, rc);
	} else if (code == TG_STORE_ERROR_IO || code == TG_STORE_ERROR_CORRUPT) {
		g_warning ("database: %s (%d)", what, rc);
	} else if (code == TG_STORE_ERROR_BUSY || code == TG_STORE_ERROR_LOCKED) {
		g_message ("database: %s (%d)", what, rc);
	}
	g_set_error (error, TG_STORE_ERROR, code, "sqlite: %s (%d)", what, rc);
}

void
tg_stmt_reset (TgStmt *stmt)
{
	sqlite3_reset (stmt);
	sqlite3_clear_bindings (stmt);
}

TgStmt *
tg_db_prepare (TgDb *db, const gchar *sql, GError **error)
{
	sqlite3_stmt *stmt = g_hash_table_lookup (db->stmts, sql);
	gint rc;

	if (stmt != NULL) {
		sqlite3_reset (stmt);
		sqlite3_clear_bindings (stmt);
		return stmt;
	}
	rc = sqlite3_prepare_v3 (db->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
	if (rc != SQLITE_OK) {
		tg_db_set_error (db, rc, error);
		g_prefix_error (error, "preparing statement: ");
		return NULL;
	}
	g_hash_table_insert (db->stmts, (gpointer) sql, stmt);
	return stmt;
}

gboolean
tg_db_step_done (TgDb *db, TgStmt *stmt, GError **error)
{
	gint rc = sqlite3_step (stmt);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		tg_db_set_error (db, rc, error);
		return FALSE;
	}
	return TRUE;
}

gboolean
tg_db_step_row (TgDb *db, TgStmt *stmt, gboolean *has_row, GError **error)
{
	gint rc = sqlite3_step (stmt);
	if (rc == SQLITE_ROW) {
		*has_row = TRUE;
		return TRUE;
	}
	if (rc == SQLITE_DONE) {
		*has_row = FALSE;
		return TRUE;
	}
	tg_db_set_error (db, rc, error);
	return FALSE;
}

gpointer
tg_db_text_from_row (TgStmt *stmt)
{
	return tg_stmt_dup_text (stmt, 0);
}

gpointer
tg_db_step_one (TgDb *db, TgStmt *stmt, TgRowFunc map, const gchar *what, GError **error)
{
	gboolean has_row = FALSE;

	if (!tg_db_step_row (db, stmt, &has_row, error))
		return NULL;
	if (!has_row) {
		g_set_error (error, TG_STORE_ERROR, TG_STORE_ERROR_NOT_FOUND, "no %s", what);
		return NULL;
	}
	return map (stmt);
}

GPtrArray *
tg_db_collect (TgDb *db, TgStmt *stmt, TgRowFunc map, GDestroyNotify free_func, GError **error)
{
	g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (free_func);

	for (;;) {
		gboolean has_row = FALSE;
		if (!tg_db_step_row (db, stmt, &has_row, error))
			return NULL;
		if (!has_row)
			break;
		g_ptr_array_add (rows, map (stmt));
	}
	tg_stmt_reset (stmt);
	return g_steal_pointer (&rows);
}

gboolean
tg_db_step_changed (TgDb *db, TgStmt *stmt, const gchar *what, GError **error)
{
	if (!tg_db_step_done (db, stmt, error))
		return FALSE;
	if (sqlite3_changes (db->db) == 0) {
		g_set_error (error, TG_STORE_ERROR, TG_STORE_ERROR_NOT_FOUND, "no %s", what);
		return FALSE;
	}
	return TRUE;
}

gboolean
tg_db_exec (TgDb *db, const gchar *sql, GError **error)
{
	gint rc = sqlite3_exec (db->db, sql, NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		tg_db_set_error (db, rc, error);
		return FALSE;
	}
	return TRUE;
}

void
tg_stmt_bind_text (TgStmt *stmt, gint idx, const gchar *text)
{
	if (text == NULL)
		sqlite3_bind_null (stmt, idx);
	else
		sqlite3_bind_text (stmt, idx, text, -1, SQLITE_TRANSIENT);
}

gchar *
tg_stmt_dup_text (TgStmt *stmt, gint col)
{
	if (sqlite3_column_type (stmt, col) == SQLITE_NULL)
		return NULL;
	return g_strdup ((const gchar *) sqlite3_column_text (stmt, col));
}

static void
tg_stmt_finalize (gpointer stmt)
{
	sqlite3_finalize (stmt);
}

/* at most this many sessions keep a hint; past it they start again (a rush is on a few) */
#define TG_FILL_HINTS_MAX 4096

typedef struct {
	guint capacity;
	guint n_slots;
	guint first_open;
} TgFillHint;

guint
tg_db_fill_hint (TgDb *db, const gchar *occurrence, guint capacity, guint n_slots)
{
	const TgFillHint *h =
		db->fill_hints != NULL ? g_hash_table_lookup (db->fill_hints, occurrence) : NULL;

	if (h == NULL || h->capacity != capacity || h->n_slots != n_slots)
		return 0;
	return h->first_open;
}

void
tg_db_set_fill_hint (TgDb *db, const gchar *occurrence, guint capacity, guint n_slots,
		     guint first_open)
{
	TgFillHint *h;

	if (db->fill_hints == NULL)
		db->fill_hints = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
	/* on the writer's hot path: a session already known is updated in place */
	h = g_hash_table_lookup (db->fill_hints, occurrence);
	if (h == NULL) {
		if (g_hash_table_size (db->fill_hints) >= TG_FILL_HINTS_MAX)
			g_hash_table_remove_all (db->fill_hints);
		h = g_new (TgFillHint, 1);
		g_hash_table_insert (db->fill_hints, g_strdup (occurrence), h);
	}
	h->capacity = capacity;
	h->n_slots = n_slots;
	h->first_open = first_open;
}

void
tg_db_forget_fill_hint (TgDb *db, const gchar *occurrence)
{
	if (db->fill_hints != NULL)
		g_hash_table_remove (db->fill_hints, occurrence);
}

void
tg_db_forget_fill_hints (TgDb *db)
{
	if (db->fill_hints != NULL)
		g_hash_table_remove_all (db->fill_hints);
}

static void
tg_db_free (TgDb *db)
{
	if (db == NULL)
		return;
	if (db->stmts != NULL)
		g_hash_table_unref (db->stmts);
	if (db->fill_hints != NULL)
		g_hash_table_unref (db->fill_hints);
	if (db->db != NULL)
		sqlite3_close_v2 (db->db);
	g_free (db);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TgDb, tg_db_free)

/* The store's VFS gathers log writes until SQLite syncs the log, and SQLite syncs before it
 * publishes a commit only at synchronous FULL (2) or EXTRA (3): with less, other
 * connections could be shown a commit whose frames are not in the file yet. So the level
 * is read back rather than trusted to the PRAGMA above */
static gboolean
tg_db_check_synchronous (TgDb *db, const gchar *path, GError **error)
{
	g_autoptr(TgStmt) stmt = tg_db_prepare (db, "PRAGMA synchronous;", error);
	gboolean has_row = FALSE;
	gint level;

	if (stmt == NULL || !tg_db_step_row (db, stmt, &has_row, error))
		return FALSE;
	level = has_row ? sqlite3_column_int (stmt, 0) : -1;
	if (level < 2 && tg_store_vfs_name () != NULL) {
		g_set_error (
			error, TG_STORE_ERROR, TG_STORE_ERROR_FAILED,
			"%s: synchronous is %d, and the store's VFS needs FULL (2) or EXTRA (3)",
			path, level);
		return FALSE;
	}
	return TRUE;
}

static TgDb *
tg_db_open (const gchar *path, gboolean reader, GError **error)
{
	g_autoptr(TgDb) db = g_new0 (TgDb, 1);
	gint flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
	gint rc;

	if (!reader)
		flags |= SQLITE_OPEN_CREATE;
	db->stmts = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, tg_stmt_finalize);
	rc = sqlite3_open_v2 (path, &db->db, flags, tg_store_vfs_name ());
	if (rc != SQLITE_OK) {
		tg_db_set_error (db, rc, error);
		g_prefix_error (error, "opening %s: ", path);
		return NULL;
	}
	sqlite3_extended_result_codes (db->db, 1);
	sqlite3_busy_timeout (db->db, TG_STORE_BUSY_TIMEOUT_MS);
	/* No mmap: a read transaction that finds the log changed by another connection unmaps
	 * the whole file and maps it again, and each unmapping interrupts every CPU to flush
	 * its TLB; under bookings that was every read of every thread. FULL is also what
	 * the VFS's gathering of log writes relies on (tg-store-vfs.c), checked below.
	 * Temporary storage in memory: the writer's savepoint journal (one page copy per page
	 * a request changes) went to a temporary file past 64 KiB, a write per page and a new
	 * file per commit */
	if (!tg_db_exec (db,
			 "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;"
			 " PRAGMA mmap_size = 0; PRAGMA cache_size = -16384;"
			 " PRAGMA temp_store = MEMORY;",
			 error))
		return NULL;
	if (!tg_db_check_synchronous (db, path, error))
		return NULL;
	if (reader) {
		if (!tg_db_exec (db, "PRAGMA query_only = ON;", error))
			return NULL;
	} else {
		g_autoptr(TgStmt) stmt = NULL;
		gboolean has_row = FALSE;

		stmt = tg_db_prepare (db, "PRAGMA journal_mode = WAL;", error);
		if (stmt == NULL || !tg_db_step_row (db, stmt, &has_row, error))
			return NULL;
		if (!has_row || g_ascii_strcasecmp ((const gchar *) sqlite3_column_text (stmt, 0),
						    "wal") != 0) {
			g_set_error (error, TG_STORE_ERROR, TG_STORE_ERROR_FAILED,
				     "%s: cannot switch to WAL mode", path);
			return NULL;
		}
		tg_stmt_reset (g_steal_pointer (&stmt));
	}
	return g_steal_pointer (&db);
}

static gint
tg_db_get_user_version (TgDb *db, GError **error)
{
	g_autoptr(TgStmt) stmt = tg_db_prepare (db, "PRAGMA user_version;", error);
	gboolean has_row = FALSE;

	if (stmt == NULL || !tg_db_step_row (db, stmt, &has_row, error))
		return -1;
	return has_row ? sqlite3_column_int (stmt, 0) : 0;
}

/* Copies the database aside with VACUUM INTO; the original is never touched */
static void
tg_store_copy_aside (TgDb *db, const gchar *path, gint version)
{
	g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
	g_autofree gchar *stamp = g_date_time_format (now, "%Y%m%dT%H%M%SZ");
	g_autofree gchar *copy =
		g_strdup_printf ("%s.failed-migration-v%d-%s", path, version, stamp);
	g_autoptr(GError) error_local = NULL;
	g_autoptr(TgStmt) stmt = tg_db_prepare (db, "VACUUM INTO ?1;", &error_local);

	if (stmt != NULL) {
		tg_stmt_bind_text (stmt, 1, copy);
		if (tg_db_step_done (db, stmt, &error_local)) {
			g_message ("migration to schema %d failed: a copy of the database is in %s",
				   version, copy);
			return;
		}
	}
	g_message ("migration to schema %d failed and the copy failed too: %s", version,
		   error_local->message);
}

static gboolean
tg_store_migrate (TgStore *store, GError **error)
{
	gint version = tg_db_get_user_version (store->writer_db, error);
	gint latest = tg_store_get_latest_schema_version ();

	if (version < 0)
		return FALSE;
	if (version > latest) {
		g_set_error (error, TG_STORE_ERROR, TG_STORE_ERROR_TOO_NEW,
			     "%s has schema version %d; this thaogo knows up to %d", store->path,
			     version, latest);
		return FALSE;
	}
	for (gint v = version; v < latest; v++) {
		g_autofree gchar *set_version =
			g_strdup_printf ("PRAGMA user_version = %d;", v + 1);
		g_autoptr(GError) error_rollback = NULL;
		g_autoptr(GError) error_local = NULL;

		if (!tg_db_exec (store->writer_db, "BEGIN IMMEDIATE;", error))
			return FALSE;
		if (!tg_db_exec (store->writer_db, tg_store_migrations[v], &error_local) ||
		    !tg_db_exec (store->writer_db, set_version, &error_local) ||
		    !tg_db_exec (store->writer_db, "COMMIT;", &error_local)) {
			if (!sqlite3_get_autocommit (store->writer_db->db) &&
			    !tg_db_exec (store->writer_db, "ROLLBACK;", &error_rollback))
				g_warning ("rolling the migration back: %s",
					   error_rollback->message);
			if (v > 0)
				tg_store_copy_aside (store->writer_db, store->path, v + 1);
			g_set_error (error, TG_STORE_ERROR, TG_STORE_ERROR_MIGRATION,
				     "migrating %s to schema %d: %s", store->path, v + 1,
				     error_local->message);
			return FALSE;
		}
		tg_log_event (G_LOG_LEVEL_MESSAGE, TG_LOG_ID_MIGRATION, "migrated %s to schema %d",
			      store->path, v + 1);
	}
	store->schema_version = latest;
	return TRUE;
}

/* Ends @w: its waiter wakes, then its notify runs (the waiter may free @w at once) */
static void
tg_store_write_done (TgStoreWrite *w)
{
	TgStoreDoneFunc notify = w->notify;
	gpointer notify_data = w->notify_data;

	g_mutex_lock (&w->mutex);
	w->done = TRUE;
	g_cond_signal (&w->cond);
	g_mutex_unlock (&w->mutex);
	if (notify != NULL)
		notify (notify_data);
}

static void
tg_store_finish_batch (TgStore *store, GPtrArray *batch)
{
	(void) store;
	for (guint i = 0; i < batch->len; i++)
		tg_store_write_done (g_ptr_array_index (batch, i));
}

/* Runs @sql (a literal without parameters) as a statement prepared once: the writer's
 * transaction control runs for every request */
static gboolean
tg_db_run (TgDb *db, const gchar *sql, GError **error)
{
	g_autoptr(TgStmt) stmt = tg_db_prepare (db, sql, error);
	return stmt != NULL && tg_db_step_done (db, stmt, error);
}

/* The transaction of @batch is gone: every request of it that had succeeded (and, from
 * @from on, every one not run yet) fails with @error */
static void
tg_store_fail_batch (TgDb *db, GPtrArray *batch, guint from, const GError *error)
{
	g_autoptr(GError) copy = g_error_copy (error); /* @error may be one of the batch's */

	if (!sqlite3_get_autocommit (db->db))
		tg_db_run (db, "ROLLBACK;", NULL);
	/* what the batch saw of full slots is undone with it */
	tg_db_forget_fill_hints (db);
	for (guint i = 0; i < batch->len; i++) {
		TgStoreWrite *req = g_ptr_array_index (batch, i);
		if (req->ok || i >= from) {
			req->ok = FALSE;
			g_clear_error (&req->error);
			req->error = g_error_copy (copy);
		}
	}
}

/* Runs @batch in one transaction, each request under its own savepoint. A failed commit
 * fails every request of the batch: none is answered as done while it is not stored */
static void
tg_store_run_batch (TgStore *store, GPtrArray *batch)
{
	TgDb *db = store->writer_db;
	g_autoptr(GError) error_local = NULL;
	gint64 began = g_get_monotonic_time ();

	for (guint i = 0; i < batch->len; i++)
		((TgStoreWrite *) g_ptr_array_index (batch, i))->ok = FALSE;
	if (!tg_db_run (db, "BEGIN IMMEDIATE;", &error_local)) {
		tg_store_fail_batch (db, batch, 0, error_local);
		return;
	}
	for (guint i = 0; i < batch->len; i++) {
		TgStoreWrite *req = g_ptr_array_index (batch, i);
		if (!tg_db_run (db, "SAVEPOINT req;", &req->error))
			continue;
		req->ok = req->func (db, req->data, &req->error);
		/* SQLite rolls the whole transaction back after some errors (a full disk while
		 * the cache spills, an I/O error): the requests before this one went with it, and
		 * the next SAVEPOINT would start a transaction of its own, outside the batch */
		if (sqlite3_get_autocommit (db->db)) {
			if (req->error == NULL)
				g_set_error_literal (&req->error, TG_STORE_ERROR,
						     TG_STORE_ERROR_FAILED,
						     "the transaction ended early");
			tg_store_fail_batch (db, batch, i, req->error);
			return;
		}
		if (!req->ok)
			tg_db_run (db, "ROLLBACK TO req;", NULL);
		tg_db_run (db, "RELEASE req;", NULL);
	}
	if (!tg_db_run (db, "COMMIT;", &error_local)) {
		tg_store_fail_batch (db, batch, batch->len, error_local);
		return;
	}
	tg_counter_add (&store->commits, 1);
	tg_histogram_observe (store->group_size, batch->len);
	tg_histogram_observe (store->commit_seconds, (guint64) (g_get_monotonic_time () - began));
	if (g_atomic_int_compare_and_exchange (&tg_store_disk_full_logged, TRUE, FALSE))
		g_message ("database: writes succeed again");
}

static gpointer
tg_store_writer_thread (gpointer user_data)
{
	TgStore *store = user_data;
	g_autoptr(GPtrArray) batch = g_ptr_array_new ();
	gboolean stop = FALSE;

	while (!stop) {
		TgStoreWrite *req = g_async_queue_pop (store->queue);
		g_ptr_array_set_size (batch, 0);
		while (req != NULL) {
			if (req->func == NULL) {
				stop = TRUE;
				break;
			}
			g_ptr_array_add (batch, req);
			if (batch->len >= store->max_batch)
				break;
			req = g_async_queue_try_pop (store->queue);
		}
		if (batch->len > 0) {
			tg_store_run_batch (store, batch);
			tg_store_finish_batch (store, batch);
		}
	}
	return NULL;
}

/* After each commit of the writer (its WAL hook, which replaces SQLite's automatic
 * checkpoints). A long log wakes the checkpointer thread, which copies it into the database
 * file while the writer goes on committing; the log can only start again from its beginning
 * once everything in it is copied, which under steady writes the checkpointer never quite
 * catches. So after the checkpointer has copied the bulk of the log, the writer copies the
 * rest itself, between two of its transactions: a few pages, where SQLite's automatic
 * checkpoint copied thousands on the path of every booking that waited for that commit. */
static int
tg_store_on_commit (void *data, sqlite3 *db, const char *name, int pages)
{
	TgStore *store = data;
	gboolean copy_rest = FALSE;

	(void) name;
	g_mutex_lock (&store->checkpoint_mutex);
	if (pages < store->log_pages)
		store->backfilled = 0; /* a new log */
	store->log_pages = pages;
	if (pages >= g_atomic_int_get (&store->checkpoint_pages) && !store->checkpoint_running) {
		if (store->backfilled > 0) {
			copy_rest = TRUE;
			store->backfilled = 0;
		} else if (!store->checkpoint_wanted) {
			store->checkpoint_wanted = TRUE;
			g_cond_signal (&store->checkpoint_cond);
		}
	}
	g_mutex_unlock (&store->checkpoint_mutex);
	if (copy_rest) {
		gint rc =
			sqlite3_wal_checkpoint_v2 (db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
		if (rc != SQLITE_OK && rc != SQLITE_BUSY)
			g_warning ("checkpoint: %s", sqlite3_errmsg (db));
	}
	return SQLITE_OK;
}

static gpointer
tg_store_checkpointer_thread (gpointer user_data)
{
	TgStore *store = user_data;

	g_mutex_lock (&store->checkpoint_mutex);
	for (;;) {
		gint rc, copied = 0;

		while (!store->checkpoint_wanted && !store->checkpoint_stop)
			g_cond_wait (&store->checkpoint_cond, &store->checkpoint_mutex);
		if (store->checkpoint_stop)
			break;
		store->checkpoint_wanted = FALSE;
		store->checkpoint_running = TRUE;
		g_mutex_unlock (&store->checkpoint_mutex);
		/* passive: it takes no lock the writer needs */
		rc = sqlite3_wal_checkpoint_v2 (store->checkpoint_db->db, NULL,
						SQLITE_CHECKPOINT_PASSIVE, NULL, &copied);
		if (rc != SQLITE_OK && rc != SQLITE_BUSY)
			g_warning ("checkpoint: %s", sqlite3_errmsg (store->checkpoint_db->db));
		g_mutex_lock (&store->checkpoint_mutex);
		store->checkpoint_running = FALSE;
		store->backfilled = MAX (copied, 0);
		store->checkpoints++;
	}
	g_mutex_unlock (&store->checkpoint_mutex);
	return NULL;
}

TgStoreWrite *
tg_store_write_begin (TgStore *store, TgStoreWriteFunc func, gpointer data,
		      GDestroyNotify data_free, TgStoreDoneFunc notify, gpointer notify_data)
{
	TgStoreWrite *w;

	g_return_val_if_fail (store != NULL && func != NULL, NULL);
	w = g_new0 (TgStoreWrite, 1);
	w->func = func;
	w->data = data;
	w->data_free = data_free;
	w->notify = notify;
	w->notify_data = notify_data;
	g_mutex_init (&w->mutex);
	g_cond_init (&w->cond);
	if (g_atomic_int_get (&store->closing)) {
		g_set_error_literal (&w->error, TG_STORE_ERROR, TG_STORE_ERROR_CLOSED,
				     "the store is closing");
		tg_store_write_done (w);
		return w;
	}
	g_async_queue_push (store->queue, w);
	return w;
}

void
tg_store_write_wait (TgStoreWrite *write)
{
	g_mutex_lock (&write->mutex);
	while (!write->done)
		g_cond_wait (&write->cond, &write->mutex);
	g_mutex_unlock (&write->mutex);
}

gboolean
tg_store_write_finish (TgStoreWrite *write, GError **error)
{
	gboolean ok;

	if (write == NULL)
		return FALSE;
	tg_store_write_wait (write);
	ok = write->ok;
	if (!ok)
		g_propagate_error (error, g_steal_pointer (&write->error));
	g_clear_error (&write->error);
	if (write->data_free != NULL)
		write->data_free (write->data);
	g_mutex_clear (&write->mutex);
	g_cond_clear (&write->cond);
	g_free (write);
	return ok;
}

GPtrArray *
tg_store_collect (TgStore *store, const gchar *sql, const gchar *arg, TgRowFunc map,
		  GDestroyNotify free_func, GError **error)
{
	return tg_store_collect_with (store, sql, &arg, 1, map, free_func, error);
}

GPtrArray *
tg_store_collect_with (TgStore *store, const gchar *sql, const gchar *const *args, guint n_args,
		       TgRowFunc map, GDestroyNotify free_func, GError **error)
{
	g_auto(TgReader) reader = {store, NULL};
	g_autoptr(TgStmt) stmt = NULL;

	reader.db = tg_store_acquire_reader (store, error);
	if (reader.db == NULL)
		return NULL;
	stmt = tg_db_prepare (reader.db, sql, error);
	if (stmt == NULL)
		return NULL;
	for (guint i = 0; i < n_args && (gint) i < sqlite3_bind_parameter_count (stmt); i++)
		tg_stmt_bind_text (stmt, (gint) i + 1, args[i]);
	return tg_db_collect (reader.db, stmt, map, free_func, error);
}

gboolean
tg_store_write (TgStore *store, TgStoreWriteFunc func, gpointer data, GError **error)
{
	return tg_store_write_finish (tg_store_write_begin (store, func, data, NULL, NULL, NULL),
				      error);
}

TgDb *
tg_store_acquire_reader (TgStore *store, GError **error)
{
	TgDb *db = g_async_queue_try_pop (store->idle_readers);
	if (db != NULL)
		return db;
	db = tg_db_open (store->path, TRUE, error);
	if (db == NULL)
		return NULL;
	sqlite3_busy_timeout (db->db, g_atomic_int_get (&store->busy_timeout_ms));
	g_mutex_lock (&store->readers_mutex);
	g_ptr_array_add (store->readers, db);
	g_mutex_unlock (&store->readers_mutex);
	return db;
}

void
tg_store_release_reader (TgStore *store, TgDb *db)
{
	if (db != NULL)
		g_async_queue_push (store->idle_readers, db);
}

void
tg_reader_release (TgReader *reader)
{
	if (reader->db != NULL)
		tg_store_release_reader (reader->store, reader->db);
	reader->db = NULL;
}

/* ---- what the metrics read ---- */

static const guint64 tg_store_group_bounds[] = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512};
static const guint64 tg_store_commit_bounds_us[] = {500,     1000,    2500,   5000,   10000,
						    25000,   50000,   100000, 250000, 500000,
						    1000000, 2500000, 5000000};

/* The rows of bookings and of the outbox by status, kept by the writer's own connection: a
 * temporary table and temporary triggers (they live in the connection, not in the file: no
 * schema change) count every insertion, change of status and deletion in the transaction
 * that makes it, so a rolled back request or batch takes its counting with it, and a scrape
 * reads a few rows instead of counting millions. Every write goes through the writer, so
 * the counts stay exact; the tables are counted once, when the store opens. */
static const gchar tg_store_counts_sql[] =
	"CREATE TEMP TABLE tg_counts (tbl TEXT NOT NULL, status TEXT NOT NULL,"
	"  n INTEGER NOT NULL, PRIMARY KEY (tbl, status)) WITHOUT ROWID;"
	"INSERT INTO temp.tg_counts SELECT 'bookings', status, count (*) FROM main.bookings"
	"  GROUP BY status;"
	"INSERT INTO temp.tg_counts SELECT 'outbox', status, count (*) FROM main.outbox"
	"  GROUP BY status;"
#define TG_STORE_COUNT_TRIGGERS(t)                                                                 \
	"CREATE TEMP TRIGGER tg_count_" t "_insert AFTER INSERT ON main." t " BEGIN"               \
	"  INSERT OR IGNORE INTO tg_counts VALUES ('" t "', new.status, 0);"                       \
	"  UPDATE tg_counts SET n = n + 1 WHERE tbl = '" t "' AND status = new.status;"            \
	"END;"                                                                                     \
	"CREATE TEMP TRIGGER tg_count_" t "_update AFTER UPDATE OF status ON main." t              \
	"  WHEN old.status IS NOT new.status BEGIN"                                                \
	"  UPDATE tg_counts SET n = n - 1 WHERE tbl = '" t "' AND status = old.status;"            \
	"  INSERT OR IGNORE INTO tg_counts VALUES ('" t "', new.status, 0);"                       \
	"  UPDATE tg_counts SET n = n + 1 WHERE tbl = '" t "' AND status = new.status;"            \
	"END;"                                                                                     \
	"CREATE TEMP TRIGGER tg_count_" t "_delete AFTER DELETE ON main." t " BEGIN"               \
	"  UPDATE tg_counts SET n = n - 1 WHERE tbl = '" t "' AND status = old.status;"            \
	"END;"
	TG_STORE_COUNT_TRIGGERS ("bookings") TG_STORE_COUNT_TRIGGERS ("outbox");
#undef TG_STORE_COUNT_TRIGGERS

static gboolean
tg_store_start_counts (TgDb *db, GError **error)
{
	if (!tg_db_exec (db, tg_store_counts_sql, error)) {
		g_prefix_error (error, "counting the rows by status: ");
		return FALSE;
	}
	return TRUE;
}

static gpointer
tg_store_status_count_from_row (TgStmt *stmt)
{
	TgStatusCount *c = g_new0 (TgStatusCount, 1);
	c->table = tg_stmt_dup_text (stmt, 0);
	c->status = tg_stmt_dup_text (stmt, 1);
	c->rows = sqlite3_column_int64 (stmt, 2);
	return c;
}

static void
tg_status_count_free (gpointer data)
{
	TgStatusCount *c = data;
	g_free (c->table);
	g_free (c->status);
	g_free (c);
}

/* On the writer's connection (the counts are its own), between two of its writes */
static gboolean
tg_store_read_counts_cb (TgDb *db, gpointer data, GError **error)
{
	TgStoreMetrics *metrics = data;
	g_autoptr(TgStmt) counts = NULL;
	g_autoptr(TgStmt) oldest = NULL;
	gboolean has_row = FALSE;

	counts = tg_db_prepare (db, "SELECT tbl, status, n FROM temp.tg_counts ORDER BY 1, 2;",
				error);
	if (counts == NULL)
		return FALSE;
	metrics->counts = tg_db_collect (db, counts, tg_store_status_count_from_row,
					 tg_status_count_free, error);
	if (metrics->counts == NULL)
		return FALSE;
	/* in the index of the queued messages by due time alone */
	oldest = tg_db_prepare (db, "SELECT min (due_at) FROM main.outbox WHERE status = 'queued';",
				error);
	if (oldest == NULL || !tg_db_step_row (db, oldest, &has_row, error))
		return FALSE;
	metrics->oldest_queued_due_us = has_row ? sqlite3_column_int64 (oldest, 0) : 0;
	return TRUE;
}

gboolean
tg_store_read_metrics (TgStore *store, TgStoreMetrics *metrics, GError **error)
{
	g_return_val_if_fail (store != NULL && metrics != NULL, FALSE);
	memset (metrics, 0, sizeof *metrics);
	/* before the read's own write is queued */
	metrics->queue_depth = (guint) MAX (g_async_queue_length (store->queue), 0);
	metrics->commits = tg_counter_get (&store->commits);
	metrics->group = store->group_size;
	metrics->commit = store->commit_seconds;
	if (!tg_store_write (store, tg_store_read_counts_cb, metrics, error)) {
		tg_store_metrics_clear (metrics);
		return FALSE;
	}
	return TRUE;
}

TgStore *
tg_store_open (const gchar *path, GError **error)
{
	g_autoptr(TgStore) store = g_new0 (TgStore, 1);

	g_return_val_if_fail (path != NULL, NULL);
	store->path = g_strdup (path);
	store->max_batch = TG_STORE_DEFAULT_MAX_BATCH;
	store->checkpoint_pages = TG_STORE_CHECKPOINT_PAGES;
	store->busy_timeout_ms = TG_STORE_BUSY_TIMEOUT_MS;
	store->queue = g_async_queue_new ();
	store->idle_readers = g_async_queue_new ();
	store->readers = g_ptr_array_new_with_free_func ((GDestroyNotify) tg_db_free);
	g_mutex_init (&store->readers_mutex);
	g_mutex_init (&store->checkpoint_mutex);
	g_cond_init (&store->checkpoint_cond);
	store->group_size =
		tg_histogram_new (tg_store_group_bounds, G_N_ELEMENTS (tg_store_group_bounds));
	store->commit_seconds = tg_histogram_new (tg_store_commit_bounds_us,
						  G_N_ELEMENTS (tg_store_commit_bounds_us));

	store->writer_db = tg_db_open (path, FALSE, error);
	if (store->writer_db == NULL)
		return NULL;
	if (!tg_store_migrate (store, error))
		return NULL;
	if (!tg_store_start_counts (store->writer_db, error))
		return NULL;
	store->checkpoint_db = tg_db_open (path, FALSE, error);
	if (store->checkpoint_db == NULL)
		return NULL;
	/* a page written many times between checkpoints goes to the file once */
	sqlite3_wal_hook (store->writer_db->db, tg_store_on_commit, store);
	store->checkpointer = g_thread_new ("tg-store-ckpt", tg_store_checkpointer_thread, store);
	store->writer = g_thread_new ("tg-store-writer", tg_store_writer_thread, store);
	return g_steal_pointer (&store);
}

void
tg_store_free (TgStore *store)
{
	if (store == NULL)
		return;
	g_atomic_int_set (&store->closing, TRUE);
	if (store->writer != NULL) {
		TgStoreWrite stop = {NULL};
		g_async_queue_push (store->queue, &stop);
		g_thread_join (store->writer);
	}
	if (store->checkpointer != NULL) {
		g_mutex_lock (&store->checkpoint_mutex);
		store->checkpoint_stop = TRUE;
		g_cond_signal (&store->checkpoint_cond);
		g_mutex_unlock (&store->checkpoint_mutex);
		g_thread_join (store->checkpointer);
	}
	if (store->checkpoint_db != NULL)
		tg_db_free (store->checkpoint_db);
	while (g_async_queue_try_pop (store->idle_readers) != NULL)
		;
	g_ptr_array_unref (store->readers);
	if (store->writer_db != NULL) {
		g_autoptr(GError) error_local = NULL;

		/* fold the WAL back so that the file alone is a complete backup */
		if (!tg_db_exec (store->writer_db, "PRAGMA wal_checkpoint(TRUNCATE);",
				 &error_local))
			g_warning ("folding the log back into %s: %s", store->path,
				   error_local->message);
		tg_db_free (store->writer_db);
	}
	g_async_queue_unref (store->queue);
	g_async_queue_unref (store->idle_readers);
	g_mutex_clear (&store->readers_mutex);
	g_mutex_clear (&store->checkpoint_mutex);
	g_cond_clear (&store->checkpoint_cond);
	tg_histogram_free (store->group_size);
	tg_histogram_free (store->commit_seconds);
	g_free (store->path);
	g_free (store);
}

gint
tg_store_get_schema_version (TgStore *store)
{
	g_return_val_if_fail (store != NULL, -1);
	return store->schema_version;
}

const gchar *
tg_store_get_path (TgStore *store)
{
	return store->path;
}

void
tg_store_set_max_batch (TgStore *store, guint max_batch)
{
	g_return_if_fail (store != NULL);
	store->max_batch = MAX (max_batch, 1);
}

static gboolean
tg_store_set_busy_timeout_cb (TgDb *db, gpointer data, GError **error)
{
	(void) error;
	sqlite3_busy_timeout (db->db, GPOINTER_TO_INT (data));
	return TRUE;
}

void
tg_store_set_busy_timeout (TgStore *store, guint ms)
{
	gint value = (gint) MIN (ms, (guint) G_MAXINT);
	g_autoptr(GError) error_local = NULL;

	g_return_if_fail (store != NULL);
	g_atomic_int_set (&store->busy_timeout_ms, value);
	/* on the writer's thread, which owns its connection */
	if (!tg_store_write (store, tg_store_set_busy_timeout_cb, GINT_TO_POINTER (value),
			     &error_local))
		g_debug ("busy timeout of the writer unchanged: %s", error_local->message);
}

void
tg_store_set_checkpoint_pages (TgStore *store, guint pages)
{
	g_return_if_fail (store != NULL);
	g_atomic_int_set (&store->checkpoint_pages, (gint) CLAMP (pages, 1, (guint) G_MAXINT));
}

guint64
tg_store_get_checkpoint_count (TgStore *store)
{
	guint64 n;

	g_return_val_if_fail (store != NULL, 0);
	g_mutex_lock (&store->checkpoint_mutex);
	n = store->checkpoints;
	g_mutex_unlock (&store->checkpoint_mutex);
	return n;
}

guint64
tg_store_get_commit_count (TgStore *store)
{
	g_return_val_if_fail (store != NULL, 0);
	return tg_counter_get (&store->commits);
}
