#!/bin/bash
# Starts a local aiosmtpd (tests/smtp/smtp-server.py) and runs bench-mail against it.
#   tests/bench/bench-mail.sh [COUNT]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
build=${G_TEST_BUILDDIR:-$top/tests}
out=$(mktemp -d /tmp/thaogo-bench-XXXXXX)
mkfifo "$out/ready"
/usr/bin/python3 "$top/tests/smtp/smtp-server.py" "$out/mail" > "$out/ready" 2>/dev/null &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -rf "$out"' EXIT
port=$(grep -m1 -o 'port [0-9]*' < "$out/ready" | cut -d' ' -f2)
"$build/bench/bench-mail" "smtp://127.0.0.1:$port" "${1:-5000}"
