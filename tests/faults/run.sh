#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/faults/run.sh - `make faults`: every fault suite, one after the
# other, each printing TAP; then a count of skipped tests and the closing
# line "N passed, N failed" (a SKIP is neither). docs/testing.md says what
# each covers. Set FAULTS="tamper-lib crash ..." to run only some.
set -u
BUILD=${BUILD:-build}
export BUILD
ALL="tamper-lib tamper-cli crash fulldisk readonly concurrency coredump memscan \
memscan-shell"
pass=0 fail=0 skips=0
log=$(mktemp)
T=$(mktemp -d "${TMPDIR:-/tmp}/cvault-tamper-XXXXXX")
[ -w /dev/shm ] && T2=$(mktemp -d /dev/shm/cvault-tamper-XXXXXX) || T2=$T
trap 'rm -rf "$log" "$T" "$T2"' EXIT
start=$(date +%s)
for s in ${FAULTS:-$ALL}; do
	echo "# --- $s"
	t0=$(date +%s)
	case $s in
	tamper-lib) "$BUILD/tests/faults/tamper" lib "$T2" ;;
	tamper-cli) "$BUILD/tests/faults/tamper" cli "$T2" "$BUILD/cvault" ;;
	memscan) "$BUILD/tests/faults/memscan" ;;
	# The program without sanitizers when there is one: under ASan the
	# keys' pages can sit inside mappings too large to scan (see the file).
	memscan-shell) cv=build/cvault; [ -x "$cv" ] || cv=$BUILD/cvault
		"$BUILD/tests/faults/shell_memscan" "$cv" ;;
	*) sh "tests/faults/$s.sh" ;;
	esac > "$log" 2>&1
	rc=$?
	cat "$log"
	# A tamper variant that gave an unexpected error outlives the run
	# (the work folders are removed at the end).
	if ls "$T2"/unexpected-*.vault >/dev/null 2>&1; then
		mkdir -p "$BUILD/faults-kept" &&
		    mv "$T2"/unexpected-*.vault "$BUILD/faults-kept/" &&
		    echo "# kept for replay in $BUILD/faults-kept/"
	fi
	p=$(grep -c '^ok ' "$log") f=$(grep -c '^not ok ' "$log")
	k=$(grep -c '^ok .*# SKIP' "$log")
	pass=$((pass + p - k)) fail=$((fail + f)) skips=$((skips + k))
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "not ok - $s exited $rc without a failing test"
		fail=$((fail + 1))
	fi
	echo "# $s: $(( $(date +%s) - t0 ))s"
done
echo "# faults: $(( $(date +%s) - start ))s; $skips skipped"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
