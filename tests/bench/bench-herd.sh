#!/bin/bash
# The herd: citizens who each load the units list, one unit's sessions, one session's slots
# and book there (herd.lua), spread over every unit's open sessions, on the demo daemon with
# its per-address limit raised; then the rush: everyone goes for one session of 18 seats.
# Prints requests/s per path, bookings/s, latency, refusals by code and the count of the
# stored bookings against the 201 answers. Not a timed test.
#   tests/bench/bench-herd.sh [SECONDS] [CONNECTIONS] [RUSH_CONNECTIONS]
set -eu
seconds=${1:-10}
conns=${2:-2000}
rush=${3:-5000}
. "$(dirname "$0")/demo-daemon.sh"
max=$(( (conns > rush ? conns : rush) + 64 ))
start_demo_daemon "[server]
per_ip_connections=$max
max_connections=$max
[booking]
require_email_confirmation=false
rate_limit_per_hour=0"
ulimit -n $(( max * 2 + 1024 )) 2>/dev/null || true

# every unit's open sessions (its own, not bridge points), as "UNIT OCCURRENCE"
: > "$state/sessions"
for u in $(curl -s "$url/api/v1/units" | /usr/bin/python3 -c 'import json,sys; print(" ".join(u["code"] for u in json.load(sys.stdin)["units"]))'); do
	curl -s "$url/u/$u" | grep -o "/api/v1/occurrences/$u-[0-9]*/slots" | cut -d/ -f5 |
		sed "s/^/$u /" >> "$state/sessions"
done
echo "sessions open for booking: $(wc -l < "$state/sessions") over $(cut -d' ' -f1 "$state/sessions" | sort -u | wc -l) units"
# the last one is kept for the rush: the herd leaves it empty
tail -1 "$state/sessions" > "$state/one"
sed -i '$d' "$state/sessions"

report () {
	/usr/bin/python3 - "$1" "$2" "$3" <<'PY'
import sys
line, stored, conns = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
r = dict(x.split("=", 1) for x in line.split()[1:])
secs = float(r["seconds"])
for key, name in (("units", "GET /api/v1/units"), ("sessions", "GET /api/v1/units/CODE/occurrences"),
                  ("slots", "GET /api/v1/occurrences/ID/slots")):
    print(f"  {name:38} {int(r[key]) / secs:9.0f} answers/s")
created, waiting = int(r["created"]), int(r["waitlisted"])
print(f"  {'POST /api/v1/bookings (201)':38} {(created + waiting) / secs:9.0f} bookings/s"
      f" ({created} seats, {waiting} on the waiting list)")
print(f"  all requests: {int(r['requests']) / secs:.0f}/s; latency p50 {r['p50_ms']} ms, p99 {r['p99_ms']} ms,"
      f" max {r['max_ms']} ms")
print(f"  errors: {r['errors']} answers (5xx or unknown), {r['socket_errors']} socket; refusals by code: {r['refusals']}")
answered = created + waiting
ok = 0 <= stored - answered <= conns
print(f"  stored bookings {stored} = 201 answers {answered} + {stored - answered} in flight when wrk stopped"
      f" (at most {conns}): {'yes' if ok else 'NO'}")
sys.exit(0 if ok and int(r["errors"]) == 0 else 1)
PY
}

fail=0
health=$(wrk -t2 -c64 -d2s -s "$here/healthz.lua" "$url/healthz" | sed -n 's/^RESULT //p')
echo "healthz (64 connections): $(echo "$health" | /usr/bin/python3 -c 'import sys; r=dict(x.split("=") for x in sys.stdin.read().split()); print(round(int(r["requests"])/float(r["seconds"])))') requests/s"

echo "the herd: $conns connections, ${seconds} s"
line=$(BENCH_SESSIONS="$state/sessions" wrk -t2 -c"$conns" -d"${seconds}s" --timeout 10s -s "$here/herd.lua" "$url" | grep '^RESULT')
stored=$(sqlite3 "$state/thaogo.db" "SELECT count(*) FROM bookings;")
report "$line" "$stored" "$conns" || fail=1

# the rush: one session of the default size, everyone for it, then the waiting list
one=$(cat "$state/one")
occ=${one#* }
before=$stored
echo "the rush: $rush connections for $occ, 5 s"
line=$(BENCH_BASE=50000000 BENCH_SESSIONS="$state/one" wrk -t2 -c"$rush" -d5s --timeout 10s -s "$here/herd.lua" "$url" | grep '^RESULT')
stored=$(sqlite3 "$state/thaogo.db" "SELECT count(*) FROM bookings;")
report "$line" "$(( stored - before ))" "$rush" || fail=1
capacity=$(curl -s "$url/api/v1/occurrences/$occ/slots" | /usr/bin/python3 -c 'import json,sys; s=json.load(sys.stdin)["slots"]; print(sum(x["capacity"] for x in s), sum(x["available"] for x in s))')
seated=$(sqlite3 "$state/thaogo.db" "SELECT count(*) FROM bookings WHERE occurrence = '$occ' AND status IN ('confirmed', 'pending');")
echo "  the session: capacity ${capacity% *}, seats left ${capacity#* }, seated bookings $seated: $([ "$seated" = "${capacity% *}" ] && echo exact || echo NOT EXACT)"
[ "$seated" = "${capacity% *}" ] || fail=1
exit $fail
