#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/faults/coredump.sh - core dumps are off in the program while it
# waits for a passphrase: a cvault blocked reading --passphrase-fd from a
# FIFO is inspected through /proc:
#  - /proc/PID/limits shows "Max core file size" 0 (soft and hard);
#  - it is not dumpable (prctl PR_SET_DUMPABLE 0): the kernel then makes
#    root the owner of its /proc/PID files. That is only visible for a
#    process not already running as root, so as root the program runs as
#    "nobody" (setpriv); without setpriv that check is a SKIP.
# Then it is given its passphrase and must finish normally.
set -u
. tests/faults/lib.sh
T=$(mktemp -d "${TMPDIR:-/tmp}/cvault-core-XXXXXX")
chmod 755 "$T"
trap 'kill "$pid" 2>/dev/null; rm -rf "$T"' EXIT
pid=
"$W" create "$T/v" && "$W" ops "$T/v" 1 3 3>/dev/null || { fail "coredump: set-up"; done_tap; exit 1; }
chmod 644 "$T/v"
cp "$CV" "$T/cvault" && chmod 755 "$T/cvault"
mkfifo -m 666 "$T/fifo"
AS="" who=$(id -un)
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null && id nobody >/dev/null 2>&1; then
	AS="setpriv --reuid=nobody --regid=$(id -gn nobody) --clear-groups"
	who=nobody
fi
# fd 3 read-write on the FIFO: the open does not block, and cvault never
# sees end-of-file, so it waits in read(2) until we write a line.
# shellcheck disable=SC2086
$AS "$T/cvault" -f "$T/v" --passphrase-fd 3 get e1 3<>"$T/fifo" >"$T/out" 2>"$T/err" &
pid=$!
i=0
while [ "$i" -lt 100 ]; do
	[ "$(readlink "/proc/$pid/exe" 2>/dev/null)" = "$T/cvault" ] &&
	    grep -q '^State:.*S (sleeping)' "/proc/$pid/status" 2>/dev/null && break
	sleep 0.05; i=$((i + 1))
done
core=$(awk '/^Max core file size/ { print $5, $6 }' "/proc/$pid/limits")
[ "$core" = "0 0" ]; check $? "coredump: core file size limit is 0 (soft and hard; got '$core')"
if [ "$who" = "$(id -un)" ] && [ "$(id -u)" -eq 0 ]; then
	skip "coredump: the process is not dumpable" "running as root without setpriv: /proc cannot show it"
else
	owner=$(stat -c %U "/proc/$pid/status")
	# Control: an ordinary process of the same user shows as its own.
	# shellcheck disable=SC2086
	$AS sleep 2 & sp=$!
	sleep 0.2
	control=$(stat -c %U "/proc/$sp/status")
	kill "$sp" 2>/dev/null; wait "$sp" 2>/dev/null
	[ "$owner" = root ] && [ "$control" = "$who" ]
	check $? "coredump: the process ($who) is not dumpable (its /proc files are $owner's, a dumpable one's $control's)"
fi
printf '%s\n' "$CLERK" > "$T/fifo"
wait "$pid"; st=$?
pid=
[ "$st" -eq 0 ] && [ "$(cat "$T/out")" = pw-1 ]
check $? "coredump: given its passphrase, it finishes normally (exit $st)"
done_tap
