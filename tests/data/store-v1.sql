-- A thaogo database at schema version 1 (before successor links), as 0.1 development
-- builds wrote it. test-store opens it and expects the data to survive the migration.
PRAGMA user_version = 1;
CREATE TABLE units (
  code TEXT NOT NULL,
  valid_from TEXT NOT NULL DEFAULT '',
  valid_to TEXT,
  name TEXT NOT NULL,
  type TEXT NOT NULL,
  level TEXT NOT NULL CHECK (level IN ('province', 'district', 'commune')),
  parent TEXT,
  PRIMARY KEY (code, valid_from)
) WITHOUT ROWID;
CREATE INDEX units_by_parent ON units (parent);
CREATE TABLE tokens (
  id TEXT PRIMARY KEY,
  hash TEXT NOT NULL UNIQUE CHECK (length (hash) = 64),
  role TEXT NOT NULL CHECK (role IN ('admin', 'secretary', 'staff')),
  unit TEXT,
  name TEXT,
  email TEXT,
  created_at INTEGER NOT NULL,
  revoked_at INTEGER
);
INSERT INTO units VALUES ('74', '2023-04-10', NULL, 'Tỉnh Bình Dương', 'Tỉnh', 'province', NULL);
INSERT INTO units VALUES ('718', '2023-04-10', NULL, 'Thành phố Thủ Dầu Một', 'Thành phố', 'district', '74');
INSERT INTO units VALUES ('25747', '2023-04-10', NULL, 'Phường Phú Cường', 'Phường', 'commune', '718');
INSERT INTO tokens VALUES ('00112233445566778899aabbccddeeff',
  'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad', 'admin', NULL, 'admin', NULL,
  1700000000000000, NULL);
