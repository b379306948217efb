# SPDX-License-Identifier: ISC
# tests/faults/lib.sh - sourced by the fault scripts: TAP helpers and the
# programs under test. A test that cannot run here (no mount rights, no
# unprivileged user) is reported "ok N - name # SKIP reason": TAP's form,
# which tests/faults/run.sh counts as skipped, never as passed.
BUILD=${BUILD:-build}
CV=${CVAULT:-$BUILD/cvault}
W=${WRITER:-$BUILD/tests/faults/writer}
case $CV in /*) ;; *) CV=$PWD/$CV ;; esac
case $W in /*) ;; *) W=$PWD/$W ;; esac
CLERK='correct horse battery staple'
n=0 failed=0
pass() { n=$((n + 1)); echo "ok $n - $1"; }
fail() { n=$((n + 1)) failed=$((failed + 1)); echo "not ok $n - $1"; }
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }
check() { if [ "$1" = 0 ]; then pass "$2"; else fail "$2"; fi; }
done_tap() { echo "1..$n"; [ "$failed" -eq 0 ]; }
# A private directory, on tmpfs when there is one (fsync costs nothing
# there; the suites that need a real file system say so).
fault_tmp() {
	if [ -w /dev/shm ]; then mktemp -d /dev/shm/cvault-faults-XXXXXX
	else mktemp -d "${TMPDIR:-/tmp}/cvault-faults-XXXXXX"; fi
}
# cv FILE ARGS... with the clerk's passphrase on stdin.
cv() { f=$1; shift; printf '%s\n' "$CLERK" | "$CV" -f "$f" --passphrase-fd 0 "$@"; }
# The writer's passphrase after k operations, and e<n>'s password in
# state k (tests/faults/writer.c: op i%10==0 changes the passphrase).
passphrase_of() {
	if [ $(( ($1 / 10) % 2 )) -eq 0 ]; then echo "$CLERK"
	else echo "a brand new clerk passphrase"; fi
}
expect_pw() {	# k n: the last op <= k that set e<n> (add n, or update n+5)
	awk -v k="$1" -v n="$2" 'BEGIN {
		v = 0
		for (i = 1; i <= k; i++) {
			if (i % 10 == 0) continue
			if (i % 7 == 0) { if (i - 5 == n && v) v = i; continue }
			if (i % 11 == 0) { if (i - 3 == n) v = 0; continue }
			if (i == n) v = i
		}
		if (v) printf "pw-%d\n", v }'
}
