#!/bin/bash
# Feed requests against the running daemon: a warm public feed (200 with the body), the
# same with If-None-Match (304), and GET /healthz, in one run; prints requests/s and ratios.
#   tests/bench/bench-feeds-http.sh [SECONDS] [CONNECTIONS]
set -eu
seconds=${1:-10}
conns=${2:-64}
. "$(dirname "$0")/demo-daemon.sh"
start_demo_daemon $'[server]\nper_ip_connections=1024'
feed="$url/feeds/units/25747.ics"
etag=$(curl -s -D - -o "$state/feed.ics" "$feed" | tr -d '\r' | sed -n 's/^ETag: //Ip')
events=$(grep -c '^BEGIN:VEVENT' "$state/feed.ics")
echo "feed: $events events, $(wc -c < "$state/feed.ics") bytes, ETag $etag"

full=$(wrk -t2 -c"$conns" -d"${seconds}s" -s "$here/get-feed.lua" "$feed" | grep '^RESULT')
cond=$(BENCH_ETAG="$etag" wrk -t2 -c"$conns" -d"${seconds}s" -s "$here/get-feed.lua" "$feed" | grep '^RESULT')
health=$(wrk -t2 -c"$conns" -d"${seconds}s" -s "$here/healthz.lua" "$url/healthz" | grep '^RESULT')

/usr/bin/python3 - "$full" "$cond" "$health" <<'PY'
import sys
def parse(line):
    return {k: float(v) for k, v in (x.split("=") for x in line.split()[1:])}
f, c, h = (parse(a) for a in sys.argv[1:4])
rate = lambda r: r["requests"] / r["seconds"]
print(f"warm feed (200):        {rate(f):9.0f} requests/s (p99 {f['p99_ms']:.1f} ms)")
print(f"If-None-Match (304):    {rate(c):9.0f} requests/s (p99 {c['p99_ms']:.1f} ms)")
print(f"healthz:                {rate(h):9.0f} requests/s (p99 {h['p99_ms']:.1f} ms)")
print(f"ratio 304/healthz: {rate(c) / rate(h):.2f} (goal >= 0.8); feed/healthz: {rate(f) / rate(h):.2f}")
sys.exit(0 if f["errors"] == 0 and c["errors"] == 0 else 1)
PY
