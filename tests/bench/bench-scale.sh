#!/bin/bash
# Cost as data grows, on the country's units: the demo's province (Bình Dương, 101 units)
# and 33 more provinces with 3,230 communes written into the store by SQL (34 provinces and
# 3,321 communes in all, as after the 2025 reform), then bookings generated directly in the
# store, not over HTTP: ~70,000 a week (the country's rate) spread over every unit, week
# after week up to last Monday, with the statuses of past sessions (attended, no-show,
# cancelled, expired; half with an outcome, some with a cause; the province's own bookings
# assigned to one staff member). At 0, N/8, N/4 and N bookings it prints:
#   bytes/bkg   the database's size per booking
#   purge       the first start after the fill (it purges what is past retention: the weeks
#               older than retention_days) and how many bookings it purged
#   start       start-up time once that is done, and the idle RSS
#   reads       rate and p99 of each public read: units list, a unit, its sessions, a
#               session's slots, the holidays (32 connections asking for gzip, 3 s each)
#   report      a province's report over the last 52 weeks; feed: that staff member's feed
#   bookings    bookings per second over HTTP (new people each step, no email: no message)
# and last, the largest step against the empty store, with the issue's targets.
#   tests/bench/bench-scale.sh        BENCH_SCALE=N (bookings of the largest step,
#                                     default 1000000; 4000000 is a little over a year)
set -eu
scale=${BENCH_SCALE:-1000000}
. "$(dirname "$0")/demo-daemon.sh"
conf=$'[server]\nper_ip_connections=1024\n[booking]\nrequire_email_confirmation=false\nrate_limit_per_hour=0'
start_demo_daemon "$conf"
token=$(cat "$state/admin-token")
# every unit of the demo receives all day with many desks, so that the bookings over HTTP of
# each step find seats (9,600 a session)
for u in $(curl -s "$url/api/v1/units" | /usr/bin/python3 -c 'import json,sys; print(" ".join(u["code"] for u in json.load(sys.stdin)["units"]))'); do
	curl -s -X PUT "$url/api/v1/units/$u/series" -H "Authorization: Bearer $token" \
		-d '{"reception":{"start":"06:00","end":"22:00","slot_minutes":5,"desks":50}}' > /dev/null
done
staff=$(curl -s -X POST "$url/api/v1/tokens" -H "Authorization: Bearer $token" \
	-d '{"role":"staff","unit":"74","name":"Cán bộ thử"}')
staff_id=$(printf '%s' "$staff" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
staff_token=$(printf '%s' "$staff" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
feed=$(curl -s -X POST -H "Authorization: Bearer $staff_token" "$url/api/v1/feeds" |
	/usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["url"])')
feed_path=/feeds/${feed#*/feeds/}
kill $pid; wait $pid 2>/dev/null || true

sqlite3 -bail "$state/thaogo.db" > /dev/null <<'SQL'
WITH RECURSIVE p(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM p WHERE n < 33)
INSERT INTO units (code, valid_from, valid_to, name, type, level, parent)
	SELECT printf ('9%02d', n), '2025-07-01', NULL, printf ('Tỉnh Thử %02d', n), 'Tỉnh',
		'province', NULL FROM p;
WITH RECURSIVE c(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM c WHERE k + 1 < 3230)
INSERT INTO units (code, valid_from, valid_to, name, type, level, parent)
	SELECT printf ('9%02d%03d', k % 33 + 1, k / 33), '2025-07-01', NULL,
		printf ('Xã Thử %d', k), 'Xã', 'commune', printf ('9%02d', k % 33 + 1) FROM c;
SQL

weeks=$(( (scale + 69999) / 70000 ))
last_monday=$(date -d 'last monday' +%F)
first_monday=$(date -d "$last_monday - $(( (weeks - 1) * 7 )) days" +%F)
year_ago=$(date -d "$last_monday - 364 days" +%F)

# start again on the same state (no --demo: the units are there); sets $startup_ms
restart () {
	local t0 t1
	t0=$(date +%s%N)
	G_MESSAGES_DEBUG=thaogo-engine THAOGO_DATADIR=${THAOGO_DATADIR:-$top/data} "$thaogod" \
		--state-dir "$state" --listen 127.0.0.1:0 --config "$state/thaogod.conf" > "$state/log" 2>&1 &
	pid=$!
	for _ in $(seq 6000); do
		grep -q "listening on" "$state/log" 2>/dev/null && break
		sleep 0.01
	done
	t1=$(date +%s%N)
	url=$(grep -o 'http://127.0.0.1:[0-9]*' "$state/log" | head -1)
	startup_ms=$(( (t1 - t0) / 1000000 ))
}

# @1 more bookings after the @2 already there: week w of the fill (from $first_monday) takes
# bookings 70,000 w to 70,000 w + 69,999, spread over every unit in force
fill () {
	sqlite3 -bail "$state/thaogo.db" > /dev/null <<SQL
PRAGMA journal_mode=WAL;
CREATE TEMP TABLE u AS SELECT row_number () OVER (ORDER BY code) - 1 AS n, code FROM units WHERE valid_to IS NULL;
BEGIN;
WITH RECURSIVE i(k) AS (SELECT $2 UNION ALL SELECT k + 1 FROM i WHERE k + 1 < $2 + $1),
b AS (SELECT k, (SELECT code FROM u WHERE n = k % (SELECT count(*) FROM u)) AS unit,
             date('$first_monday', '+' || (7 * (k / 70000)) || ' days') AS day,
             (k / (SELECT count(*) FROM u)) AS nth, (k * 2654435761) % 100 AS r FROM i)
INSERT INTO bookings (id, token_hash, occurrence, unit, original_date, slot, seat, capacity,
	status, active, ticket, kind, name, phone, email, category, summary, language,
	consent_at, created_at, assignee, outcome, cause, purged, updated_at)
SELECT printf('%012x%032x', 1609459200000 + k, k), printf('%064x', k),
	unit || '-' || replace(day, '-', ''), unit, day, 0,
	CASE WHEN r < 85 THEN nth ELSE NULL END, 1000000,
	CASE WHEN r < 75 THEN 'attended' WHEN r < 85 THEN 'no_show' WHEN r < 95 THEN 'cancelled' ELSE 'expired' END,
	0, CASE WHEN r < 85 THEN nth + 1 ELSE NULL END,
	'citizen', 'Người thử ' || k, printf('09%08d', k % 100000000), 'p' || k || '@scale.example.vn',
	CASE k % 5 WHEN 0 THEN 'late_dossier' WHEN 1 THEN 'procedure' WHEN 2 THEN 'feedback' WHEN 3 THEN 'complaint' ELSE 'other' END,
	'benchmark', 'vi', 1609459200, 1609459200000000 + k,
	CASE WHEN unit = '74' THEN '$staff_id' END,
	CASE WHEN r < 50 THEN 'resolved' ELSE NULL END,
	CASE WHEN r < 50 AND k % 5 = 0 THEN 'coordination' ELSE NULL END, 0, 1609459200000000 + k
FROM b;
COMMIT;
ANALYZE;
PRAGMA wal_checkpoint(TRUNCATE);
SQL
}

# "rate p99_ms" of GET @1 (32 connections, 3 s, asking for gzip as browsers do)
read_of () {
	wrk -t2 -c32 -d3s --latency -H 'Accept-Encoding: gzip' -s "$here/healthz.lua" "$1" | sed -n 's/^RESULT //p' |
		/usr/bin/python3 -c 'import sys; r=dict(x.split("=") for x in sys.stdin.read().split()); print("%.0f %s" % (int(r["requests"]) / float(r["seconds"]), r["p99_ms"]))'
}

have=0
n=0
results=$state/results
: > "$results"
printf '%-9s %-9s %-14s %-14s %s\n' bookings bytes/bkg "purge ms (n)" "start ms, RSS" \
	"reads: rate/s p99 ms; report s; feed s; bookings/s over HTTP"
for step in 0 $((scale / 8)) $((scale / 4)) $scale; do
	[ "$step" -gt "$have" ] && fill $((step - have)) "$have" && have=$step
	restart
	purge_ms=$startup_ms
	purged=$(sed -n 's/.*personal data of \([0-9]*\) bookings.*/\1/p' "$state/log" | head -1)
	kill $pid; wait $pid 2>/dev/null || true
	restart
	size=$(stat -c %s "$state/thaogo.db")
	rss=$(awk '/^VmRSS/ {print $2}' /proc/$pid/status)
	per=$([ "$have" -gt 0 ] && echo $(( size / have )) || echo -)
	occ=$(curl -s "$url/u/25747" | grep -o '/api/v1/occurrences/25747-[0-9]*/slots' | head -1 | cut -d/ -f5)
	line="$have $per $purge_ms ${purged:-0} $startup_ms $rss"
	reads=""
	for p in /healthz /api/v1/units /api/v1/units/25747 /api/v1/units/25747/occurrences \
		 "/api/v1/occurrences/$occ/slots" "/api/v1/holidays?year=$(date +%Y)"; do
		r=$(read_of "$url$p")
		line="$line $r"
		reads="$reads ${r% *}/${r#* }"
	done
	report=$(curl -s -o /dev/null -w '%{time_total}' -H "Authorization: Bearer $token" \
		"$url/api/v1/reports/summary?unit=74&from=$year_ago&to=$last_monday")
	feed_s=$(curl -s -o /dev/null -w '%{time_total}' "$url$feed_path")
	units=$(curl -s "$url/api/v1/units?parent=74" | /usr/bin/python3 -c 'import json,sys; print(" ".join(u["code"] for u in json.load(sys.stdin)["units"]))')
	: > "$state/occurrences"
	for u in 74 $units; do
		curl -s "$url/u/$u" | grep -o "/api/v1/occurrences/$u-[0-9]*/slots" | cut -d/ -f5 >> "$state/occurrences"
	done
	book=$(BENCH_PERSON_BASE=$((n * 10000000)) BENCH_NO_EMAIL=1 BENCH_OCCURRENCES="$state/occurrences" \
		wrk -t2 -c64 -d3s -s "$here/post-booking.lua" "$url" | sed -n 's/^RESULT //p' |
		/usr/bin/python3 -c 'import sys; r=dict(x.split("=") for x in sys.stdin.read().split()); print("%.0f %s %s" % (int(r["created"]) / float(r["seconds"]), r["refused"], r["failed"]))')
	echo "$line $report $feed_s $book" >> "$results"
	printf '%-9s %-9s %-14s %-14s%s; %ss; %ss; %s/s\n' "$have" "$per" "$purge_ms (${purged:-0})" \
		"$startup_ms, $((rss / 1024)) MiB" "$reads" "$report" "$feed_s" "${book%% *}"
	kill $pid; wait $pid 2>/dev/null || true
	n=$((n + 1))
done

# the largest step against the empty store
/usr/bin/python3 - "$results" <<'PY'
import sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
names = ["healthz", "units", "unit", "occurrences", "slots", "holidays"]
first, last = rows[0], rows[-1]
def reads(r):
    return {n: (float(r[6 + 2 * i]), float(r[7 + 2 * i])) for i, n in enumerate(names)}
f, l = reads(first), reads(last)
print("at %s bookings, against the empty store:" % last[0])
for n in names:
    print("  %-12s rate %.2f x healthz (empty: %.2f); p99 %.2f x the empty store's (target <= 1.5)"
          % (n, l[n][0] / l["healthz"][0], f[n][0] / f["healthz"][0], l[n][1] / f[n][1]))
print("  bookings     %.2f x the empty store's rate (target >= 0.8); refused %s, failed %s"
      % (float(last[-3]) / float(first[-3]), last[-2], last[-1]))
print("  report       %.3f s for a province's 52 weeks (target < 1 s)" % float(last[-5]))
print("  start-up     %s ms (empty: %s ms); idle RSS %d MiB (empty: %d MiB)"
      % (last[4], first[4], int(last[5]) // 1024, int(first[5]) // 1024))
PY
