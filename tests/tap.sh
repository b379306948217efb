# SPDX-License-Identifier: ISC
# tests/tap.sh - sourced by the CLI suites: a private temporary directory,
# the cvault under test in $CV, and TAP helpers. Run with `sh` from the
# repository root (tests/run.sh does).
CV=${CVAULT:-build/cvault}
case $CV in /*) ;; *) CV=$PWD/$CV ;; esac
TOP=$PWD        # the repository, for helpers under ${BUILD:-build}/tests
T=$(mktemp -d "${TMPDIR:-/tmp}/cvault-cli-XXXXXX")
trap 'rm -rf "$T"' EXIT
mkdir "$T/work" && cd "$T/work" || exit 1
unset CVAULT_FILE XDG_STATE_HOME
# HOME outside the working folder: the clerk's checkpoint goes under it.
export XDG_DATA_HOME="$T/xdg" HOME="$T/home"
KDF="--kdf-memory 8 --kdf-time 1"

n=0 failed=0
pass() { n=$((n + 1)); echo "ok $n - $1"; }
fail() {
	n=$((n + 1)) failed=$((failed + 1))
	echo "not ok $n - $1"
	sed 's/^/#   stderr: /' err 2>/dev/null | head -5
}
# run CMD...: stdout to ./out, stderr to ./err, status to $rc
run() { "$@" >out 2>err; rc=$?; }
# is NAME WANT: the last run exited WANT
is() { if [ "$rc" -eq "$2" ]; then pass "$1"; else fail "$1 (exit $rc, want $2)"; fi; }
# same NAME EXPECTED: stdout of the last run is exactly EXPECTED (+newline)
same() {
	printf '%s\n' "$2" > want
	if diff want out >/dev/null; then pass "$1"; else fail "$1"; diff want out | sed 's/^/#   /'; fi
}
# ok_if NAME CONDITION...: pass when the command succeeds
ok_if() { name=$1; shift; if "$@"; then pass "$name"; else fail "$name"; fi; }
lines() { printf '%s\n' "$@"; }
# words FILE: the 20 words of a printed share sheet, on one line
words() {
	sed -n '/words of this share/,/QR code/p' "$1" | grep -E '^ +[0-9]+\.' |
	    sed -E 's/ *[0-9]+\. +/ /g' | tr -s ' \n' '  ' | sed 's/^ //; s/ $//'
	echo
}
tap_end() {
	echo "1..$n"
	echo "# $((n - failed)) passed, $failed failed"
	[ "$failed" -eq 0 ]
}
