#!/usr/bin/python3
"""The store alone: how many bookings per second SQLite itself commits on thaogo's schema.

Takes a copy of a daemon's database (its schema, its sessions and the bookings already in it)
and writes the rows a confirmed booking writes (the booking with its indexes, its confirmation
and its reminder in the outbox) as set-based INSERTs, N bookings per transaction, with the
daemon's settings (WAL, synchronous=FULL, temp_store=MEMORY). No HTTP, no JSON, no validation,
no duplicate or seat lookups, no mail thread, and no checkpoints (the daemon makes them on a
thread of its own): an upper bound for the daemon's booking rate.
Prints bookings/s and CPU per booking for each group size, and the best ratio to GET /healthz
the store would allow if everything else cost nothing.

    store-ceiling.py DATABASE HEALTHZ_PER_S [GROUP ...]   (default groups: 64 1000)
"""
import sqlite3
import sys
import time

TOTAL = 20000  # bookings written per group size

BATCH = """
DELETE FROM temp.batch;
WITH RECURSIVE c(x) AS (SELECT 0 UNION ALL SELECT x + 1 FROM c WHERE x < :n - 1)
INSERT INTO temp.batch
  SELECT printf('%012x', :base + x) || lower(hex(randomblob(16))), :first + x FROM c;
INSERT INTO bookings (id, token_hash, occurrence, unit, original_date, slot, seat, capacity,
  status, active, ticket, kind, name, phone, email, category, summary, language, consent_at,
  created_at, updated_at)
  SELECT b.id, lower(hex(randomblob(32))), o.occurrence, o.unit, o.original_date, :slot,
    b.k / :n_occ, 1000000, 'confirmed', 1, 1000000 + b.k, 'citizen', 'Người thử ' || b.k,
    printf('08%08d', b.k), printf('c%d@ceiling.example.vn', b.k), 'procedure', 'benchmark',
    'vi', :now, :now, :now
  FROM temp.batch AS b JOIN temp.occ AS o ON o.k = b.k % :n_occ;
INSERT INTO outbox (kind, dedup, recipient, language, message, message_id, due_at, status,
  attempts, created_at, updated_at, link_secret)
  SELECT m.kind, m.kind || ':' || b.id || ':' || m.at, printf('c%d@ceiling.example.vn', b.k),
    'vi', x'', '<' || m.kind || '.' || lower(hex(randomblob(12))) || '@thaogo>',
    m.at + b.k % 1000 * 300000000, 'queued', 0, :now, :now,
    CASE m.kind WHEN 'confirmed' THEN lower(hex(randomblob(16))) END
  FROM temp.batch AS b,
    (SELECT 'confirmed' AS kind, :now AS at UNION ALL SELECT 'reminder', :now + 86400000000) AS m;
"""


def run(path, group):
    db = sqlite3.connect(path, isolation_level=None)
    for pragma in ("journal_mode = WAL", "synchronous = FULL", "temp_store = MEMORY",
                   "foreign_keys = ON", "wal_autocheckpoint = 0"):
        db.execute("PRAGMA " + pragma)
    db.execute("CREATE TEMP TABLE occ AS SELECT row_number () OVER () - 1 AS k, occurrence,"
               " unit, original_date FROM (SELECT DISTINCT occurrence, unit, original_date"
               " FROM bookings)")
    n_occ = db.execute("SELECT count(*) FROM temp.occ").fetchone()[0]
    if n_occ == 0:
        sys.exit("store-ceiling: the database holds no bookings to take sessions from")
    db.execute("CREATE TEMP TABLE batch (id TEXT, k INTEGER)")
    start = db.execute("SELECT coalesce (max (rowid), 0) FROM bookings").fetchone()[0]
    now = int(time.time() * 1e6)
    statements = [s for s in BATCH.split(";\n") if s.strip()]
    wall, cpu = time.perf_counter(), time.process_time()
    done = 0
    while done < TOTAL:
        n = min(group, TOTAL - done)
        args = {"n": n, "base": now // 1000 + start + done, "first": start + done,
                "n_occ": n_occ, "slot": 100000 + group, "now": now}
        db.execute("BEGIN IMMEDIATE")
        for s in statements:
            db.execute(s, {k: v for k, v in args.items() if ":" + k in s})
        db.execute("COMMIT")
        done += n
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    db.close()
    return done / wall, cpu / done * 1e6


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    path, healthz = sys.argv[1], float(sys.argv[2])
    groups = [int(g) for g in sys.argv[3:]] or [64, 1000]
    for group in groups:
        rate, cpu_us = run(path, group)
        print(f"store alone, {group:4d} bookings per commit: {rate:7.0f} bookings/s, "
              f"{cpu_us:.0f} us of CPU per booking; best possible ratio to healthz "
              f"{rate / healthz:.2f}")


main()
