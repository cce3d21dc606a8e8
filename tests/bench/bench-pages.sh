#!/bin/bash
# The web pages' budgets against the demo daemon: in Debian's chromium, the requests and
# compressed bytes of a first visit of each citizen page and the pages from / to a held seat
# (pages-budget.mjs); then every static file, warm and gzip-compressed, against /healthz
# with wrk in the same run (goal: >= 0.8 x healthz). Prints figures; it is not a timed test.
#   tests/bench/bench-pages.sh [SECONDS] [CONNECTIONS]
set -eu
seconds=${1:-5}
conns=${2:-64}
. "$(dirname "$0")/demo-daemon.sh"
start_demo_daemon $'[server]\nper_ip_connections=1024\n[booking]\nrate_limit_per_hour=0'

fail=0
node "$here/pages-budget.mjs" "$url" "$state" 25747 || fail=1

rate () {
	wrk -t2 -c"$conns" -d"${seconds}s" -H 'Accept-Encoding: gzip' -s "$here/healthz.lua" "$1" |
		sed -n 's/^RESULT //p'
}
health=$(rate "$url/healthz")
echo "static files, warm, gzip (goal: >= 0.8 x healthz):"
for f in $(cd "$top/data/web" && find . -type f \( -name '*.css' -o -name '*.js' -o -name '*.json' -o -name '*.svg' \) | sed 's|^\./||' | sort); do
	size=$(curl -s -o /dev/null -w '%{size_download}' -H 'Accept-Encoding: gzip' "$url/$f")
	echo "$f $size $(rate "$url/$f")"
done | /usr/bin/python3 -c '
import sys
def parse(line):
    return {k: float(v) for k, v in (x.split("=") for x in line.split())}
h = parse(sys.argv[1])
hr = h["requests"] / h["seconds"]
name = "/healthz"
print(f"  {name:28} {hr:9.0f} requests/s")
worst, bad = 9.0, 0
for line in sys.stdin:
    name, size, rest = line.split(" ", 2)
    r = parse(rest)
    rr = r["requests"] / r["seconds"]
    worst = min(worst, rr / hr)
    bad += r["errors"] > 0
    p99 = r["p99_ms"]
    print(f"  /{name:27} {rr:9.0f} requests/s  {rr / hr:4.2f} x healthz  {int(size):6d} bytes sent  p99 {p99:.1f} ms")
verdict = "within" if worst >= 0.8 else "BELOW"
print(f"  slowest static file: {worst:.2f} x healthz ({verdict} the goal of 0.8)")
sys.exit(1 if bad else 0)
' "$health" || fail=1
exit $fail
