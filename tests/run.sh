#!/bin/sh
# SPDX-License-Identifier: ISC
# Run every unit test program, the CLI suite and the examples; print each
# one's TAP, then one closing line "N passed, N failed" over all of them.
set -u
BUILD=${BUILD:-build}
pass=0 fail=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT
count() {	# name, then the TAP it printed is in $log
	p=$(grep -c '^ok ' "$log") f=$(grep -c '^not ok ' "$log")
	pass=$((pass + p)) fail=$((fail + f))
	if [ "$1" != 0 ] && [ "$f" -eq 0 ]; then
		echo "not ok - $2 exited $1 without a failing test"
		fail=$((fail + 1))
	fi
}
for t in "$BUILD"/tests/t_*; do
	[ -x "$t" ] || continue
	echo "# --- $t"
	"$t" > "$log" 2>&1; rc=$?
	cat "$log"; count "$rc" "$t"
done
for s in tests/cli*.sh; do
	echo "# --- $s"
	CVAULT="$BUILD/cvault" sh "$s" > "$log" 2>&1; rc=$?
	cat "$log"; count "$rc" "$s"
done
for e in "$BUILD"/examples/*; do
	[ -x "$e" ] || continue
	echo "# --- $e"
	"$e" > "$log" 2>&1; rc=$?
	cat "$log"
	if [ "$rc" -eq 0 ]; then pass=$((pass + 1)); echo "ok - example $e"
	else fail=$((fail + 1)); echo "not ok - example $e exited $rc"; fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
