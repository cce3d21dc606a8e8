-- A thaogo database at schema version 12 (the late dossiers), before who chairs a meeting:
-- the schema-11 fixture's province, tokens and bookings, the province's series and one
-- exception of a session, and a late-dossier list. test-store opens it and expects the
-- series and the exception to keep what they said, with nobody named to chair, and a chair
-- to be stored on both.
PRAGMA user_version = 12;
BEGIN TRANSACTION;
CREATE TABLE bookings (  id TEXT PRIMARY KEY,  token_hash TEXT NOT NULL CHECK (length (token_hash) = 64),  occurrence TEXT NOT NULL,  unit TEXT NOT NULL,  original_date TEXT NOT NULL,  slot INTEGER NOT NULL,  seat INTEGER,  capacity INTEGER NOT NULL CHECK (capacity > 0),  status TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'waitlisted', 'cancelled',    'cancelled_by_unit', 'expired', 'attended', 'no_show')),  active INTEGER NOT NULL CHECK (active IN (0, 1)),  ticket INTEGER,  kind TEXT NOT NULL CHECK (kind IN ('citizen', 'enterprise')),  name TEXT,  phone TEXT,  email TEXT,  organization TEXT,  tax_code TEXT,  category TEXT NOT NULL,  dossier_code TEXT,  summary TEXT,  language TEXT NOT NULL,  consent_at INTEGER NOT NULL CHECK (consent_at > 0),  created_at INTEGER NOT NULL,  hold_expires_at INTEGER,  assignee TEXT,  outcome TEXT,  cause TEXT,  note TEXT,  purged INTEGER NOT NULL DEFAULT 0,  updated_at INTEGER NOT NULL,  sequence INTEGER NOT NULL DEFAULT 0, cancel_reason TEXT CHECK (cancel_reason IS NULL OR length (cancel_reason) <= 2000),  CHECK (seat IS NULL OR (seat >= 0 AND seat < capacity)),  CHECK ((seat IS NOT NULL) = (status IN ('pending', 'confirmed', 'attended', 'no_show'))));
INSERT INTO "bookings" VALUES('0123456789abcdef0123456789abcdef','ab00000000000000000000000000000000000000000000000000000000000000','74-20270301','74','2027-03-01',0,0,3,'confirmed',1,1,'citizen','Nguyễn Văn A','0900000001','a@example.vn',NULL,NULL,'procedure',NULL,NULL,'vi',1796619836181685,1796619836181685,NULL,NULL,NULL,NULL,NULL,0,1796619836181685,1,NULL);
INSERT INTO "bookings" VALUES('0123456789abcdef0123456789abcde1','ab00000000000000000000000000000000000000000000000000000000000001','74-20260105','74','2026-01-05',0,1,3,'attended',0,1,'citizen','Trần Thị B','0900000011',NULL,NULL,NULL,'late_dossier',NULL,NULL,'vi',1796619836181685,1796619836181685,NULL,NULL,'resolved','coordination',NULL,0,1796619836181685,1,NULL);
INSERT INTO "bookings" VALUES('0123456789abcdef0123456789abcde2','ab00000000000000000000000000000000000000000000000000000000000002','74-20260105','74','2026-01-05',0,2,3,'attended',0,2,'citizen','Trần Thị B','0900000012',NULL,NULL,NULL,'late_dossier',NULL,NULL,'vi',1796619836181685,1796619836181685,NULL,NULL,'resolved','coordination',NULL,0,1796619836181685,1,NULL);
CREATE TABLE dossier_listings (  unit TEXT NOT NULL,  as_of TEXT NOT NULL,  code TEXT NOT NULL,  procedure TEXT NOT NULL CHECK (length (procedure) <= 500),  agency TEXT CHECK (length (agency) <= 200),  received TEXT,  due TEXT NOT NULL,  status TEXT CHECK (length (status) <= 100),  line INTEGER NOT NULL,  PRIMARY KEY (unit, as_of, code),  FOREIGN KEY (unit, as_of) REFERENCES dossier_lists (unit, as_of) ON DELETE CASCADE,  FOREIGN KEY (unit, code) REFERENCES dossiers (unit, code)) WITHOUT ROWID;
INSERT INTO "dossier_listings" VALUES('74','2026-11-30','A','Thủ tục A',NULL,NULL,'2026-11-01',NULL,2);
CREATE TABLE dossier_lists (  unit TEXT NOT NULL,  as_of TEXT NOT NULL,  digest TEXT NOT NULL,  n_rows INTEGER NOT NULL,  imported_at INTEGER NOT NULL,  PRIMARY KEY (unit, as_of)) WITHOUT ROWID;
INSERT INTO "dossier_lists" VALUES('74','2026-11-30','d',1,1796619836181685);
CREATE TABLE dossiers (  unit TEXT NOT NULL,  code TEXT NOT NULL CHECK (length (code) BETWEEN 1 AND 64),  cause TEXT,  responsible_agency TEXT CHECK (length (responsible_agency) <= 200),  deadline TEXT,  note TEXT CHECK (length (note) <= 2000),  classified_at INTEGER NOT NULL DEFAULT 0,  PRIMARY KEY (unit, code)) WITHOUT ROWID;
INSERT INTO "dossiers" VALUES('74','A',NULL,NULL,NULL,NULL,0);
CREATE TABLE feed_tokens (  owner TEXT PRIMARY KEY REFERENCES tokens (id) ON DELETE CASCADE,  hash TEXT NOT NULL UNIQUE CHECK (length (hash) = 64),  created_at INTEGER NOT NULL) WITHOUT ROWID;
INSERT INTO "feed_tokens" VALUES('00112233445566778899aabbccddeeff','88d4266fd4e6338d13b845fcf289579d209c897823b9217da3e161936f031589',1796619838000000);
CREATE TABLE holiday_decisions (  date TEXT PRIMARY KEY,  day_off INTEGER NOT NULL CHECK (day_off IN (0, 1)),  name TEXT,  updated_at INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE ical_events (  uid TEXT PRIMARY KEY,  hash TEXT NOT NULL,  sequence INTEGER NOT NULL CHECK (sequence >= 0),  modified_at INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE login_codes (  hash TEXT PRIMARY KEY CHECK (length (hash) = 64),  token TEXT NOT NULL REFERENCES tokens (id) ON DELETE CASCADE,  created_at INTEGER NOT NULL,  expires_at INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE occurrence_exceptions (  unit TEXT NOT NULL,  original_date TEXT NOT NULL,  cancelled INTEGER NOT NULL DEFAULT 0,  new_date TEXT,  meeting_start INTEGER,  reception_start INTEGER,  reason TEXT,  agenda TEXT,  has_participants INTEGER NOT NULL DEFAULT 0,  mode TEXT,  venue TEXT,  online_url TEXT,  sequence INTEGER NOT NULL DEFAULT 0,  updated_at INTEGER NOT NULL,  PRIMARY KEY (unit, original_date)) WITHOUT ROWID;
INSERT INTO "occurrence_exceptions" VALUES('74','2027-03-01',0,NULL,NULL,NULL,NULL,'Rà soát hồ sơ trễ hạn',0,NULL,NULL,NULL,2,1796619836181685);
CREATE TABLE "outbox" (  id INTEGER PRIMARY KEY,  kind TEXT NOT NULL,  dedup TEXT UNIQUE,  recipient TEXT NOT NULL,  language TEXT NOT NULL,  message BLOB NOT NULL,  message_id TEXT NOT NULL,  due_at INTEGER NOT NULL,  status TEXT NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'dead',    'superseded')),  attempts INTEGER NOT NULL DEFAULT 0,  last_error TEXT,  created_at INTEGER NOT NULL,  updated_at INTEGER NOT NULL,  link_secret TEXT, booking TEXT, occurrence TEXT, starts_at INTEGER NOT NULL DEFAULT 0);
CREATE TABLE participants (  owner TEXT NOT NULL,  position INTEGER NOT NULL,  name TEXT NOT NULL,  email TEXT,  role TEXT,  PRIMARY KEY (owner, position)) WITHOUT ROWID;
CREATE TABLE series (  unit TEXT PRIMARY KEY,  meeting_start INTEGER NOT NULL,  meeting_end INTEGER NOT NULL,  mode TEXT NOT NULL CHECK (mode IN ('in_person', 'online', 'hybrid')),  venue TEXT,  online_url TEXT,  reception_start INTEGER NOT NULL,  reception_end INTEGER NOT NULL,  reception_venue TEXT,  slot_minutes INTEGER NOT NULL CHECK (slot_minutes > 0),  desks INTEGER NOT NULL CHECK (desks > 0),  opens_days_before INTEGER NOT NULL,  closes_hours_before INTEGER NOT NULL,  holiday_policy TEXT NOT NULL    CHECK (holiday_policy IN ('next_working_day', 'skip', 'manual')),  updated_at INTEGER NOT NULL) WITHOUT ROWID;
INSERT INTO "series" VALUES('74',480,600,'in_person','Hội trường UBND tỉnh',NULL,600,690,NULL,15,3,28,18,'next_working_day',1796619836181685);
CREATE TABLE sessions (  hash TEXT PRIMARY KEY CHECK (length (hash) = 64),  token TEXT NOT NULL REFERENCES tokens (id) ON DELETE CASCADE,  created_at INTEGER NOT NULL,  seen_at INTEGER NOT NULL,  expires_at INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE store_marks (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
INSERT INTO "store_marks" VALUES('purged_before','2025-12-07');
CREATE TABLE tokens (  id TEXT PRIMARY KEY,  hash TEXT NOT NULL UNIQUE CHECK (length (hash) = 64),  role TEXT NOT NULL CHECK (role IN ('admin', 'secretary', 'staff')),  unit TEXT,  name TEXT,  email TEXT,  created_at INTEGER NOT NULL,  revoked_at INTEGER);
INSERT INTO "tokens" VALUES('ffeeddccbbaa99887766554433221100','0000000000000000000000000000000000000000000000000000000000000001','admin',NULL,'admin',NULL,1796619836181685,NULL);
INSERT INTO "tokens" VALUES('00112233445566778899aabbccddeeff','ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ae','staff','74','Cán bộ',NULL,1796619837675112,NULL);
CREATE TABLE unit_links (  successor TEXT NOT NULL,  successor_from TEXT NOT NULL,  predecessor TEXT NOT NULL,  PRIMARY KEY (successor, successor_from, predecessor),  FOREIGN KEY (successor, successor_from) REFERENCES units (code, valid_from)    ON DELETE CASCADE) WITHOUT ROWID;
CREATE TABLE units (  code TEXT NOT NULL,  valid_from TEXT NOT NULL DEFAULT '',  valid_to TEXT,  name TEXT NOT NULL,  type TEXT NOT NULL,  level TEXT NOT NULL CHECK (level IN ('province', 'district', 'commune')),  parent TEXT,  PRIMARY KEY (code, valid_from)) WITHOUT ROWID;
INSERT INTO "units" VALUES('74','2023-04-10',NULL,'Bình Dương','Tỉnh','province',NULL);
CREATE INDEX units_by_parent ON units (parent);
CREATE INDEX unit_links_by_predecessor ON unit_links (predecessor);
CREATE INDEX occurrence_exceptions_by_new_date ON occurrence_exceptions (new_date);
CREATE UNIQUE INDEX bookings_by_seat ON bookings (occurrence, slot, seat)  WHERE seat IS NOT NULL;
CREATE UNIQUE INDEX bookings_by_ticket ON bookings (occurrence, ticket)  WHERE ticket IS NOT NULL;
CREATE UNIQUE INDEX bookings_by_phone ON bookings (occurrence, phone) WHERE active = 1;
CREATE UNIQUE INDEX bookings_by_email ON bookings (occurrence, email)  WHERE active = 1 AND email IS NOT NULL;
CREATE INDEX bookings_by_hold ON bookings (hold_expires_at) WHERE status = 'pending';
CREATE INDEX bookings_waiting ON bookings (occurrence, created_at)  WHERE status = 'waitlisted';
CREATE INDEX bookings_by_assignee ON bookings (assignee) WHERE assignee IS NOT NULL;
CREATE INDEX outbox_due ON outbox (due_at) WHERE status = 'queued';
CREATE INDEX outbox_by_status ON outbox (status, id);
CREATE INDEX outbox_queued_by_booking ON outbox (booking)  WHERE status = 'queued' AND booking IS NOT NULL;
CREATE INDEX outbox_queued_by_occurrence ON outbox (occurrence)  WHERE status = 'queued' AND occurrence IS NOT NULL;
CREATE INDEX sessions_by_token ON sessions (token);
CREATE INDEX login_codes_by_token ON login_codes (token);
CREATE INDEX bookings_by_unit ON bookings (unit, original_date, status, category, outcome, cause);
CREATE INDEX dossier_listings_by_code ON dossier_listings (unit, code, as_of);
COMMIT;
