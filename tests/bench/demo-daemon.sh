# demo-daemon.sh: sourced by the benchmark scripts. start_demo_daemon CONFIG_TEXT starts
# thaogod --demo on a free port in a fresh state directory ($state) with that config, waits
# until it listens and sets $url and $pid; the daemon is stopped and $state removed at exit
# (BENCH_KEEP=1 keeps $state).
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/../.." && pwd)
thaogod=${THAOGOD:-$top/thaogod}
state=$(mktemp -d /tmp/thaogo-bench-XXXXXX)
pid=
trap 'kill $pid 2>/dev/null && wait $pid 2>/dev/null || true; [ -n "${BENCH_KEEP:-}" ] && echo "state kept in $state" || rm -rf "$state"' EXIT

start_demo_daemon () {
	printf '%s\n' "$1" > "$state/thaogod.conf"
	THAOGO_DATADIR=${THAOGO_DATADIR:-$top/data} "$thaogod" --state-dir "$state" \
		--listen 127.0.0.1:0 --config "$state/thaogod.conf" --demo 2> "$state/log" &
	pid=$!
	for _ in $(seq 100); do
		grep -q "listening on" "$state/log" 2>/dev/null && break
		sleep 0.1
	done
	url=$(grep -o 'http://127.0.0.1:[0-9]*' "$state/log" | head -1)
	if [ -z "$url" ]; then
		echo "thaogod did not start:" >&2
		cat "$state/log" >&2
		exit 1
	fi
}
