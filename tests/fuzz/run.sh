#!/bin/sh
# Runs the fuzz targets that make fuzz built, each for SECONDS seconds, and prints a table of
# their executions and crashes. Usage (make fuzz runs it):
#   tests/fuzz/run.sh BUILD_DIR SOURCE_DIR SECONDS TARGET...
# Each target first reads its saved crashes (SOURCE_DIR/regressions/TARGET: each must pass),
# then fuzzes from its seeds (SOURCE_DIR/corpus/TARGET) with its dictionary
# (SOURCE_DIR/TARGET.dict) if any; what it finds new goes to BUILD_DIR/corpus/TARGET, a crash
# to BUILD_DIR/crashes/TARGET/. BUILD_DIR/results.tsv gets "TARGET EXECUTIONS CRASHES" lines.
# Exits 1 when any target crashed.
set -u

build=$1
src=$2
seconds=$3
shift 3

# leaks are crashes too (tests/fuzz/lsan.supp: none is suppressed so far); a critical of
# GLib aborts (tests/fuzz/tg-fuzz.h)
ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:${ASAN_OPTIONS:-}"
UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:${UBSAN_OPTIONS:-}"
LSAN_OPTIONS="suppressions=$src/lsan.supp:${LSAN_OPTIONS:-}"
G_SLICE=always-malloc
LC_ALL=C.UTF-8
export ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS G_SLICE LC_ALL

results="$build/results.tsv"
: >"$results"
failed=0
total=0
for t in "$@"; do
	prog="$build/fuzz-$t"
	log="$build/fuzz-$t.log"
	crashes="$build/crashes/$t"
	work="$build/corpus/$t"
	mkdir -p "$crashes" "$work"
	rm -f "$crashes"/*
	n_crashes=0

	# the crashes found before, each a test case now
	if [ -d "$src/regressions/$t" ] && [ -n "$(ls -A "$src/regressions/$t")" ]; then
		if ! "$prog" "$src/regressions/$t"/* >"$build/fuzz-$t.regressions.log" 2>&1; then
			echo "fuzz-$t: a saved crash crashes again ($build/fuzz-$t.regressions.log)" >&2
			tail -n 30 "$build/fuzz-$t.regressions.log" >&2
			n_crashes=$((n_crashes + 1))
		fi
	fi

	dict=""
	if [ -f "$src/$t.dict" ]; then
		dict="-dict=$src/$t.dict"
	fi
	# shellcheck disable=SC2086 # $dict is one option or none
	"$prog" -max_total_time="$seconds" -print_final_stats=1 -timeout=10 -rss_limit_mb=2048 \
		-max_len=8192 -artifact_prefix="$crashes/" $dict "$work" "$src/corpus/$t" \
		>"$log" 2>&1
	status=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	execs=${execs:-0}
	found=$(find "$crashes" -type f | wc -l)
	if [ "$status" -ne 0 ] && [ "$found" -eq 0 ]; then
		found=1 # it died without saving its input
	fi
	if [ "$found" -gt 0 ]; then
		echo "fuzz-$t: crashed ($log):" >&2
		grep -E 'ERROR|SUMMARY|does not hold|runtime error' "$log" | head -n 10 >&2
		ls "$crashes" >&2
	fi
	n_crashes=$((n_crashes + found))
	[ "$n_crashes" -eq 0 ] || failed=$((failed + 1))
	total=$((total + execs))
	printf '%s\t%s\t%s\n' "$t" "$execs" "$n_crashes" >>"$results"
done

printf '%-18s %14s %8s\n' target executions crashes
while IFS="$(printf '\t')" read -r t execs n; do
	printf '%-18s %14s %8s\n' "fuzz-$t" "$execs" "$n"
done <"$results"
printf '%-18s %14s %8s\n' "all ($seconds s each)" "$total" "$failed targets"
[ "$failed" -eq 0 ]
