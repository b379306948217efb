#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/faults/fulldisk.sh - a full disk. On a small tmpfs the writer runs
# to just before an operation of each kind (op 30 changes the passphrase,
# 42 updates an entry, 44 deletes one, 43 adds one), the disk is filled
# to leave 0, 2, 4, 8, 16 or 32 KiB free, and that one operation runs:
# depending on the room left it fails in the journal, in the file, or
# succeeds. Then:
#  - it succeeded, or stopped with a clean "disk full" error (exit 1);
#  - a copy of the file, checked on a roomy disk, holds exactly the state
#    after the last operation reported committed (strict);
#  - with the disk then full to the last byte, `cvault add` fails with
#    exit 1 and `cvault get` prints the right password or fails with exit
#    1, and neither changes the file by one byte;
#  - `cvault get` on the full disk reads the password (docs/testing.md:
#    today opening appends to the activity log, which needs room);
#  - once space is freed, the writer goes on from there.
# Needs to mount tmpfs (root, or a user namespace); otherwise SKIP.
set -u
. tests/faults/lib.sh
T=$(mktemp -d "${TMPDIR:-/tmp}/cvault-fulldisk-XXXXXX")
M=$T/mnt
mkdir "$M"
trap 'umount "$M" 2>/dev/null; rm -rf "$T"' EXIT
names="the operation succeeds or stops with a clean 'disk full' error
the file holds exactly the committed state
cvault add/get fail cleanly (exit 1) and change nothing
cvault get still reads the password on a full disk
writing resumes once space is freed"
if ! mount -t tmpfs -o size=64k tmpfs "$M" 2>"$T/err"; then
	why="cannot mount tmpfs here: $(head -c 100 "$T/err")"
	echo "$names" | while read -r t; do skip "full disk: $t" "$why"; done
	echo "1..5"
	exit 0
fi
umount "$M"
b_stop=0 b_state=0 b_cli=0 b_read=0 b_resume=0 runs=0 failed_ops=0
for op in 30 42 44 43; do
	for free in 0 2 4 8 16 32; do
		runs=$((runs + 1))
		tag="op $op, ${free} KiB free"
		mount -t tmpfs -o size=1m,mode=0755 tmpfs "$M" || { b_stop=1; break 2; }
		"$W" create "$M/v" && "$W" ops "$M/v" 1 $((op - 1)) 3>/dev/null ||
		    { echo "# $tag: set-up failed"; b_stop=1; umount "$M"; continue; }
		avail=$(df -k --output=avail "$M" | tail -n 1)
		[ "$avail" -gt "$free" ] &&
		    dd if=/dev/zero of="$M/filler" bs=1k count=$((avail - free)) 2>/dev/null
		: > "$T/rep"
		"$W" ops "$M/v" "$op" "$op" 3>"$T/rep" 2>"$T/err"; st=$?
		k=$(tail -n 1 "$T/rep"); k=${k:-$((op - 1))}
		if [ "$st" -ne 0 ]; then
			failed_ops=$((failed_ops + 1))
			grep -q "disk full" "$T/err" && [ "$st" -eq 1 ] ||
			    { echo "# $tag: exit $st: $(cat "$T/err")"; b_stop=1; }
		fi
		dd if=/dev/zero of="$M/filler2" bs=1k 2>/dev/null   # the rest
		before=$(cksum < "$M/v")
		pw=$(passphrase_of "$k")
		printf '%s\n' "$pw" 'Full-disk-passw0rd!' | "$CV" -f "$M/v" --passphrase-fd 0 add NEW --allow-weak >/dev/null 2>"$T/err"; st=$?
		[ "$st" -eq 1 ] || { echo "# $tag: add on the full disk exited $st: $(cat "$T/err")"; b_cli=1; }
		printf '%s\n' "$pw" | "$CV" -f "$M/v" --passphrase-fd 0 get e1 >"$T/out" 2>"$T/err"; st=$?
		if [ "$st" -eq 0 ]; then
			[ "$(cat "$T/out")" = "$(expect_pw "$k" 1)" ] ||
			    { echo "# $tag: get printed something else"; b_cli=1; }
		else
			[ "$st" -eq 1 ] && [ ! -s "$T/out" ] ||
			    { echo "# $tag: get exited $st"; b_cli=1; }
			[ "$b_read" -eq 0 ] && echo "# $tag: get on the full disk: exit $st: $(head -c 150 "$T/err")"
			b_read=1
		fi
		[ "$(cksum < "$M/v")" = "$before" ] || { echo "# $tag: the file changed"; b_cli=1; }
		cp "$M/v" "$T/copy"
		umount "$M"
		"$W" check "$T/copy" "$k" strict > "$T/chk" 2>&1 ||
		    { echo "# $tag: state after op $k:"; sed 's/^/#   /' "$T/chk"; b_state=1; }
		# Room again: the writer goes on.
		"$W" ops "$T/copy" $((k + 1)) $((k + 12)) 3>/dev/null 2>"$T/err" &&
		    "$W" check "$T/copy" $((k + 12)) strict >/dev/null 2>&1 ||
		    { echo "# $tag: no resume: $(cat "$T/err")"; b_resume=1; }
		rm -f "$T/copy" "$T/copy-journal"
	done
done
echo "# full disk: $runs runs (4 kinds of operation x 6 amounts of room), $failed_ops of the operations failed for want of space"
check "$b_stop" "full disk: the operation succeeds or stops with a clean 'disk full' error"
check "$b_state" "full disk: the file holds exactly the committed state"
check "$b_cli" "full disk: cvault add/get fail cleanly (exit 1) and change nothing"
check "$b_read" "full disk: cvault get still reads the password on a full disk"
check "$b_resume" "full disk: writing resumes once space is freed"
done_tap
