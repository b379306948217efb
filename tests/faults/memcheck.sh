#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/faults/memcheck.sh - `make memcheck`: valgrind memcheck over every
# unit test program ($BUILD/tests/t_*) and over every CLI suite
# (tests/cli*.sh, with CVAULT pointing at tests/faults/valgrind-cvault,
# which runs the real program under valgrind and logs to a directory).
# Clean means: each program's own result unchanged, and no valgrind error
# and no "definitely" or "indirectly lost" block in any log. Suppressions:
# tests/faults/valgrind.supp (each one says why). Needs a build without
# sanitizers (valgrind cannot run them). Prints TAP, "N passed, N failed".
set -u
BUILD=${BUILD:-build}
command -v valgrind >/dev/null || { echo "not ok 1 - valgrind is not installed (apt-get install valgrind)"; echo "0 passed, 1 failed"; exit 1; }
if nm "$BUILD/cvault" 2>/dev/null | grep -q __asan_init; then
	echo "not ok 1 - $BUILD is a sanitizer build: run make memcheck with a plain BUILD"
	echo "0 passed, 1 failed"; exit 1
fi
VG_LOGS=$(mktemp -d "${TMPDIR:-/tmp}/cvault-memcheck-XXXXXX")
export VG_LOGS
chmod 1777 "$VG_LOGS"    # cli.sh runs one case as "nobody"
trap 'rm -rf "$VG_LOGS"' EXIT
VG="valgrind --quiet --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect --track-origins=yes --suppressions=$PWD/tests/faults/valgrind.supp"
n=0 failed=0 start=$(date +%s)
# clean LOGPATTERN: no error and no definite/indirect leak in those logs
BAD='Invalid (read|write|free)|Conditional jump|uninitialised|Syscall param|Mismatched free|overlap|are (definitely|indirectly) lost|ERROR SUMMARY: [1-9]'
clean() {
	# shellcheck disable=SC2086
	! grep -lE "$BAD" $1 2>/dev/null | grep -q .
}
for t in "$BUILD"/tests/t_*; do
	[ -x "$t" ] || continue
	n=$((n + 1))
	name=${t##*/}
	# --child-silent-after-fork: t_secret's child dies on a guard page
	# on purpose; its report is not the parent's.
	$VG --child-silent-after-fork=yes --log-file="$VG_LOGS/$name.%p" "$t" > "$VG_LOGS/$name.out" 2>&1; rc=$?
	if [ "$rc" -eq 0 ] && clean "$VG_LOGS/$name.*[0-9]"; then
		echo "ok $n - valgrind $name"
	else
		failed=$((failed + 1))
		echo "not ok $n - valgrind $name (exit $rc)"
		grep -hE "$BAD|^==[0-9]+==    (at|by) " "$VG_LOGS/$name".*[0-9] 2>/dev/null | head -30 | sed 's/^/#   /'
		grep '^not ok' "$VG_LOGS/$name.out" | head -5 | sed 's/^/#   /'
	fi
done
# Each CLI suite with every cvault run under valgrind, logs per suite.
for suite in tests/cli*.sh; do
	n=$((n + 1))
	name=${suite##*/}
	logs=$VG_LOGS/${name%.sh}
	mkdir -p "$logs" && chmod 1777 "$logs"
	VG_LOGS=$logs CVAULT_REAL=$PWD/$BUILD/cvault VG="$VG" \
	    CVAULT="$PWD/tests/faults/valgrind-cvault" \
	    sh "$suite" > "$logs/suite.out" 2>&1; rc=$?
	runs=$(ls "$logs" | grep -c '^cvault\.')
	if [ "$rc" -eq 0 ] && [ "$runs" -gt 0 ] && clean "$logs/cvault.*"; then
		echo "ok $n - valgrind $suite ($runs cvault runs)"
	else
		failed=$((failed + 1))
		echo "not ok $n - valgrind $suite (exit $rc, $runs cvault runs)"
		grep '^not ok' "$logs/suite.out" | head -10 | sed 's/^/#   /'
		for f in $(grep -lE "$BAD" "$logs"/cvault.* 2>/dev/null |
		    head -3); do
			grep -hE "$BAD|^==[0-9]+==    (at|by) " "$f" | head -12 |
			    sed 's/^/#   /'
		done
	fi
done
echo "1..$n"
echo "# memcheck: $(( $(date +%s) - start ))s"
echo "$((n - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
