#!/bin/bash
# Bookings per second against the running daemon (synchronous=FULL, group commit), with
# GET /healthz of the same daemon in the same run for scale; then checks that the stored
# bookings are exactly the 201 answers. Last, on a copy of the daemon's database, how fast
# SQLite alone commits the same rows (store-ceiling.py): the most the daemon could reach.
# Prints figures; it is not a timed test.
#   tests/bench/bench-bookings.sh [SECONDS] [CONNECTIONS]   (BENCH_ONE=1: all on one session)
set -eu
seconds=${1:-10}
conns=${2:-64}
. "$(dirname "$0")/demo-daemon.sh"
start_demo_daemon "[server]
per_ip_connections=1024
${BENCH_THREADS:+threads=$BENCH_THREADS}
[booking]
require_email_confirmation=false
rate_limit_per_hour=0"
token=$(cat "$state/admin-token")

# every unit receives all day with many desks, so that seats do not run out
units=$(curl -s "$url/api/v1/units" | /usr/bin/python3 -c 'import json,sys; print(" ".join(u["code"] for u in json.load(sys.stdin)["units"]))')
from=$(date -d '+3 days' +%F)
to=$(date -d '+27 days' +%F)
: > "$state/occurrences"
for u in $units; do
	curl -s -X PUT "$url/api/v1/units/$u/series" -H "Authorization: Bearer $token" \
		-d '{"reception":{"start":"06:00","end":"22:00","slot_minutes":5,"desks":50}}' > /dev/null
	curl -s "$url/api/v1/units/$u/occurrences?from=$from&to=$to" | /usr/bin/python3 -c '
import json, sys
for o in json.load(sys.stdin)["occurrences"]:
    if o["status"] != "cancelled" and o["bridge_of"] is None:
        print(o["id"])' >> "$state/occurrences"
done
# BENCH_ONE=1: the rush on one session (its 9,600 seats fill, then refusals with alternatives)
if [ -n "${BENCH_ONE:-}" ]; then
	head -1 "$state/occurrences" > "$state/one" && mv "$state/one" "$state/occurrences"
fi
echo "sessions open for booking: $(wc -l < "$state/occurrences") (each 192 slots x 50 desks)"

export BENCH_OCCURRENCES="$state/occurrences"
[ -n "${BENCH_PERF:-}" ] && (sleep 2; perf record -e cpu-clock ${BENCH_PERF_GRAPH:--g} -o /tmp/perf.data -p $pid -- sleep 4 >/dev/null 2>&1) &
[ -n "${BENCH_STRACE:-}" ] && (sleep 2; timeout 4 strace -c -f -e trace=fdatasync,fsync,pwrite64 -p $pid -o /tmp/strace.txt >/dev/null 2>&1) &
written() { awk '/^write_bytes/ {print $2}' /proc/$pid/io 2>/dev/null || echo 0; }
# CPU time of the writer thread (clock ticks): the one thread every booking goes through
writer_ticks() {
	for t in /proc/$pid/task/*; do
		if [ "$(cat "$t/comm")" = tg-store-writer ]; then
			awk '{print $14 + $15}' "$t/stat"
		fi
	done
}
daemon_ticks() { awk '{print $14 + $15}' /proc/$pid/stat; }
written_before=$(written)
writer_before=$(writer_ticks)
daemon_before=$(daemon_ticks)
book=$(wrk -t2 -c"$conns" -d"${seconds}s" -s "$here/post-booking.lua" "$url" | grep '^RESULT')
written_after=$(written)
writer_after=$(writer_ticks)
daemon_after=$(daemon_ticks)
health=$(wrk -t2 -c"$conns" -d"${seconds}s" -s "$here/healthz.lua" "$url/healthz" | grep '^RESULT')
health_ticks=$(( $(daemon_ticks) - daemon_after ))

[ -n "${BENCH_KEEP:-}" ] && mkdir "$state/copy" && cp "$state"/thaogo.db* "$state/copy/"
kill -TERM $pid
wait $pid || true
stored=$(sqlite3 "$state/thaogo.db" "SELECT count(*) FROM bookings;")

if /usr/bin/python3 - "$book" "$health" "$stored" "$conns" "$((written_after - written_before))" \
	"$(( (writer_after - writer_before) * 1000000 / $(getconf CLK_TCK) ))" \
	"$(( (daemon_after - daemon_before) * 1000000 / $(getconf CLK_TCK) ))" \
	"$(( health_ticks * 1000000 / $(getconf CLK_TCK) ))" <<'PY'
import sys
def parse(line):
    return {k: float(v) for k, v in (x.split("=") for x in line.split()[1:])}
b, h, stored = parse(sys.argv[1]), parse(sys.argv[2]), int(sys.argv[3])
bps = b["created"] / b["seconds"]
hps = h["requests"] / h["seconds"]
print(f"bookings: {bps:9.0f} bookings/s  ({int(b['created'])} created, {int(b['refused'])} refused, "
      f"{int(b['failed'])} failed; p99 {b['p99_ms']:.1f} ms)")
print(f"healthz:  {hps:9.0f} requests/s (p99 {h['p99_ms']:.1f} ms; "
      f"{int(sys.argv[8]) / h['requests']:.1f} us of daemon CPU per request)")
if b["created"] > 0:
    print(f"disk writes: {int(sys.argv[5]) / b['created'] / 1024:.1f} KiB per booking; "
          f"writer thread: {int(sys.argv[6]) / b['created']:.0f} us of CPU per booking")
    print(f"daemon CPU (all threads): {int(sys.argv[7]) / b['created']:.0f} us per booking")
print(f"ratio bookings/healthz: {bps / hps:.2f} (target >= 0.5)")
# wrk stops on the second and drops the answers still on their way: those requests were
# committed (the server does not know the client left) but counted by no one
conns = int(sys.argv[4])
inflight = stored - int(b["created"])
ok = 0 <= inflight <= conns
print(f"stored bookings {stored} = 201 answers {int(b['created'])} + {inflight} in flight when "
      f"wrk stopped (at most {conns} connections): {'yes' if ok else 'NO'}")
sys.exit(0 if ok and b["failed"] == 0 else 1)
PY
then status=0; else status=$?; fi

# the store's own ceiling on the same schema and sessions, against the same healthz figure
hps=$(echo "$health" | tr ' ' '\n' | awk -F= '$1 == "requests" {r = $2} $1 == "seconds" {s = $2}
	END {print r / s}')
sqlite3 "$state/thaogo.db" ".backup '$state/ceiling.db'"
/usr/bin/python3 "$here/store-ceiling.py" "$state/ceiling.db" "$hps" 64 1000
exit $status
