#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/fuzz/run.sh TARGET... - run each libFuzzer binary $BUILD/fuzz-bin/T
# for $FUZZ_SECONDS seconds, starting from the checked-in seeds in
# tests/fuzz/corpus/T (only read) and a working corpus $BUILD/fuzz-corpus/T
# (kept between runs, never checked in). A crash, leak, timeout, out-of-
# memory or sanitizer report fails the target; the input is saved as
# $BUILD/fuzz-artifacts/T-crash-<sha1> and should be added to the seed
# corpus once fixed. Prints TAP and "N passed, N failed".
set -u
BUILD=${BUILD:-build/fuzz}
SECS=${FUZZ_SECONDS:-60}
n=0 failed=0
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
mkdir -p "$BUILD/fuzz-artifacts" "$BUILD/fuzz-logs"
for t in "$@"; do
	n=$((n + 1))
	work=$BUILD/fuzz-corpus/$t
	log=$BUILD/fuzz-logs/$t.log
	mkdir -p "$work"
	# Larger inputs only where the format needs them (a vault file).
	case $t in
	fuzz_vault) maxlen=16384 ;;
	*) maxlen=4096 ;;
	esac
	"$BUILD/fuzz-bin/$t" -max_total_time="$SECS" -timeout=25 \
	    -rss_limit_mb=2048 -max_len="$maxlen" -print_final_stats=1 \
	    -artifact_prefix="$BUILD/fuzz-artifacts/$t-" \
	    "$work" "tests/fuzz/corpus/$t" > "$log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
	if [ "$rc" -eq 0 ]; then
		echo "ok $n - $t: ${execs:-?} executions in ${SECS}s, ${cov:-cov: ?}, corpus $(ls "$work" | wc -l)"
	else
		failed=$((failed + 1))
		echo "not ok $n - $t: libFuzzer exit $rc (log: $log)"
		grep -E 'ERROR|SUMMARY|property failed|Test unit written|runtime error' \
		    "$log" | head -20 | sed 's/^/#   /'
	fi
done
echo "1..$n"
echo "$((n - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
