#!/bin/bash
# Cost as data grows: bookings generated directly in the store (SQL, not over HTTP) on the
# demo daemon's 101 units, one year of Mondays at ~70,000 bookings a week (the country's
# rate; here on the demo's units, not the country's 3,355), with the statuses of past
# sessions (attended, no-show, cancelled, expired; half with an outcome and a cause), then at
# each step the database's size per booking, start-up time, idle RSS, the p99 and rate of
# each public read, a province's yearly report, a feed, and the booking rate over HTTP.
#   tests/bench/bench-scale.sh        BENCH_SCALE=N (bookings of the largest step,
#                                     default 1000000; 4000000 is a little over a year)
set -eu
scale=${BENCH_SCALE:-1000000}
. "$(dirname "$0")/demo-daemon.sh"
conf=$'[server]\nper_ip_connections=1024\n[booking]\nrequire_email_confirmation=false\nrate_limit_per_hour=0'
start_demo_daemon "$conf"
token=$(cat "$state/admin-token")
# every unit receives all day with many desks, so that the bookings over HTTP of each step
# find seats (9,600 a session)
for u in $(curl -s "$url/api/v1/units" | /usr/bin/python3 -c 'import json,sys; print(" ".join(u["code"] for u in json.load(sys.stdin)["units"]))'); do
	curl -s -X PUT "$url/api/v1/units/$u/series" -H "Authorization: Bearer $token" \
		-d '{"reception":{"start":"06:00","end":"22:00","slot_minutes":5,"desks":50}}' > /dev/null
done
kill $pid; wait $pid 2>/dev/null || true

# start again on the same state (no --demo: the units are there); prints the start-up time
restart () {
	local t0 t1
	t0=$(date +%s%N)
	THAOGO_DATADIR=${THAOGO_DATADIR:-$top/data} "$thaogod" --state-dir "$state" \
		--listen 127.0.0.1:0 --config "$state/thaogod.conf" 2> "$state/log" &
	pid=$!
	for _ in $(seq 600); do
		grep -q "listening on" "$state/log" 2>/dev/null && break
		sleep 0.05
	done
	t1=$(date +%s%N)
	url=$(grep -o 'http://127.0.0.1:[0-9]*' "$state/log" | head -1)
	startup_ms=$(( (t1 - t0) / 1000000 ))
}

# @1 more bookings, after the @2 already there: each week's Monday (2021-01-04 on) takes
# 70,000 of them, spread over the units
fill () {
	sqlite3 -bail "$state/thaogo.db" > /dev/null <<SQL
PRAGMA journal_mode=WAL;
CREATE TEMP TABLE u AS SELECT row_number () OVER (ORDER BY code) - 1 AS n, code FROM units WHERE valid_to IS NULL;
BEGIN;
WITH RECURSIVE i(k) AS (SELECT $2 UNION ALL SELECT k + 1 FROM i WHERE k + 1 < $2 + $1),
b AS (SELECT k, (SELECT code FROM u WHERE n = k % (SELECT count(*) FROM u)) AS unit,
             date('2021-01-04', '+' || (7 * (k / 70000)) || ' days') AS day,
             (k / (SELECT count(*) FROM u)) AS nth, (k * 2654435761) % 100 AS r FROM i)
INSERT INTO bookings (id, token_hash, occurrence, unit, original_date, slot, seat, capacity,
	status, active, ticket, kind, name, phone, email, category, summary, language,
	consent_at, created_at, outcome, cause, purged, updated_at)
SELECT printf('%012x%032x', 1609459200000 + k, k), printf('%064x', k),
	unit || '-' || replace(day, '-', ''), unit, day, 0,
	CASE WHEN r < 85 THEN nth ELSE NULL END, 1000000,
	CASE WHEN r < 75 THEN 'attended' WHEN r < 85 THEN 'no_show' WHEN r < 95 THEN 'cancelled' ELSE 'expired' END,
	0, CASE WHEN r < 85 THEN nth + 1 ELSE NULL END,
	'citizen', 'Người thử ' || k, printf('09%08d', k % 100000000), 'p' || k || '@scale.example.vn',
	CASE k % 5 WHEN 0 THEN 'late_dossier' WHEN 1 THEN 'procedure' WHEN 2 THEN 'feedback' WHEN 3 THEN 'complaint' ELSE 'other' END,
	'benchmark', 'vi', 1609459200, 1609459200000000 + k,
	CASE WHEN r < 50 THEN 'resolved' ELSE NULL END,
	CASE WHEN r < 50 AND k % 5 = 0 THEN 'coordination' ELSE NULL END, 0, 1609459200000000 + k
FROM b;
COMMIT;
ANALYZE;
PRAGMA wal_checkpoint(TRUNCATE);
SQL
}

p99_of () {
	wrk -t2 -c32 -d3s --latency -s "$here/healthz.lua" "$1" | sed -n 's/^RESULT //p' |
		/usr/bin/python3 -c 'import sys; r=dict(x.split("=") for x in sys.stdin.read().split()); print("%.0f/s p99 %s ms" % (int(r["requests"]) / float(r["seconds"]), r["p99_ms"]))'
}

have=0
printf '%-10s %-9s %-8s %-8s %s\n' bookings bytes/bkg start_ms rss_KiB "reads (rate, p99), report, feed, bookings over HTTP"
for step in 0 $((scale / 8)) $((scale / 4)) $scale; do
	[ "$step" -gt "$have" ] && fill $((step - have)) "$have" && have=$step
	restart
	size=$(stat -c %s "$state/thaogo.db")
	rss=$(awk '/^VmRSS/ {print $2}' /proc/$pid/status)
	per=$([ "$have" -gt 0 ] && echo $(( size / have )) || echo -)
	occ=$(curl -s "$url/u/25747" | grep -o '/api/v1/occurrences/25747-[0-9]*/slots' | head -1 | cut -d/ -f5)
	reads=""
	for p in /healthz /api/v1/units /api/v1/units/25747 /api/v1/units/25747/occurrences \
		 "/api/v1/occurrences/$occ/slots"; do
		reads="$reads ${p#/api/v1}: $(p99_of "$url$p");"
	done
	report=$(curl -s -o /dev/null -w '%{time_total}' -H "Authorization: Bearer $token" \
		"$url/api/v1/reports/summary?unit=74&from=2021-01-04&to=2022-01-03")
	feed=$(curl -s -o /dev/null -w '%{time_total}' "$url/feeds/units/74.ics")
	units=$(curl -s "$url/api/v1/units" | /usr/bin/python3 -c 'import json,sys; print(" ".join(u["code"] for u in json.load(sys.stdin)["units"]))')
	: > "$state/occurrences"
	for u in $units; do
		curl -s "$url/u/$u" | grep -o "/api/v1/occurrences/$u-[0-9]*/slots" | cut -d/ -f5 >> "$state/occurrences"
	done
	book=$(BENCH_OCCURRENCES="$state/occurrences" wrk -t2 -c64 -d3s -s "$here/post-booking.lua" "$url" |
		sed -n 's/^RESULT //p' | /usr/bin/python3 -c 'import sys; r=dict(x.split("=") for x in sys.stdin.read().split()); print("%.0f/s" % (int(r["created"]) / float(r["seconds"])))')
	printf '%-10s %-9s %-8s %-8s %s report %ss, feed %ss, bookings %s\n' "$have" "$per" "$startup_ms" "$rss" "$reads" "$report" "$feed" "$book"
	kill $pid; wait $pid 2>/dev/null || true
done
