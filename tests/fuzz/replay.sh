#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/fuzz/replay.sh TARGET... - run every file of tests/fuzz/corpus/TARGET
# through $BUILD/fuzz-replay/TARGET (the target linked with replay.c, built
# with the sanitizers in CFLAGS). Prints TAP and "N passed, N failed".
set -u
BUILD=${BUILD:-build}
n=0 failed=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
for t in "$@"; do
	n=$((n + 1))
	dir=tests/fuzz/corpus/$t
	start=$(date +%s)
	if [ ! -d "$dir" ] || [ -z "$(ls "$dir")" ]; then
		failed=$((failed + 1))
		echo "not ok $n - $t: no seed corpus in $dir"
		continue
	fi
	"$BUILD/fuzz-replay/$t" "$dir" > "$log" 2>&1; rc=$?
	secs=$(( $(date +%s) - start ))
	if [ "$rc" -eq 0 ]; then
		echo "ok $n - $t: $(tail -1 "$log") replayed clean (${secs}s)"
	else
		failed=$((failed + 1))
		echo "not ok $n - $t: exit $rc"
		# Name the input that failed: rerun one by one.
		for f in "$dir"/*; do
			"$BUILD/fuzz-replay/$t" "$f" >/dev/null 2>&1 ||
			    { echo "#   failing input: $f"; break; }
		done
		tail -40 "$log" | sed 's/^/#   /'
	fi
done
echo "1..$n"
echo "$((n - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
