#!/bin/sh
# SPDX-License-Identifier: ISC
# sync.sh - the benchmarks of issue 14 (sh tests/bench/sync.sh BUILD):
# `cvault backup` of a 10,000-entry vault, and merging two 10,000-entry
# copies that differ in 100 entries (50 changed in each), beyond the
# unlock; then KeePassXC's `keepassxc-cli merge` on the same scenario
# (two KDBX files made with `keepassxc-cli import` from generated XML,
# the same 10,000 entries, 50 changed in each), whole command timed, and
# its `ls` (one unlock) for comparison. The results go to stdout as
# Markdown; docs/benchmarks.md records a run.
# Settings: SYNC_N=10000 SYNC_RUNS=3.
set -eu
BUILD=${1:-build}
N=${SYNC_N:-10000}
RUNS=${SYNC_RUNS:-3}
B=$BUILD/bench
PASS="bench passphrase"
DEPS="libsodium sqlite3 libargon2 libqrencode liboath zbar libpng"
mkdir -p "$B"
for p in mkvault sync_bench; do
	${CC:-cc} -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O2 \
	    -Iinclude -o "$B/$p" "tests/bench/$p.c" "$BUILD/libvault.a" \
	    $(pkg-config --libs $DEPS) -lzxcvbn -lm
done
D=$(mktemp -d "${TMPDIR:-/tmp}/cvault-sync.XXXXXX")
S=$D
[ -d /dev/shm ] && [ -w /dev/shm ] && S=$(mktemp -d /dev/shm/cvault-sync.XXXXXX)
trap 'rm -rf "$D" "$S"' EXIT
"$B/mkvault" "$S/base.vault" 0 "$N" 8 1 1 > /dev/null
cp "$S/base.vault" "$D/base.vault"
echo "## Backup and merge, $N entries (Argon2id 8 MiB, 1 pass: the unlock is small)"
echo
echo "| run | open (unlock) s | backup (copy + verify) s | merge s | added | updated | records |"
echo "|---|---|---|---|---|---|---|"
for r in $(seq 1 "$RUNS"); do
	rm -f "$D/backup.vault"
	bk=$("$B/sync_bench" backup "$D/base.vault" "$D/backup.vault")
	cp "$D/base.vault" "$D/a.vault"; cp "$D/base.vault" "$D/b.vault"
	"$B/sync_bench" edit "$D/a.vault" 0 50
	"$B/sync_bench" edit "$D/b.vault" 5000 50
	mg=$("$B/sync_bench" merge "$D/a.vault" "$D/b.vault")
	set -- $bk $mg
	echo "| $r | $1 | $2 | $4 | $5 | $6 | $7 |"
done
if command -v keepassxc-cli >/dev/null; then
	python3 - "$D" "$N" <<'PY'
import base64, sys, uuid
d, n = sys.argv[1], int(sys.argv[2])
def xml(path, changed):
    out = ['<?xml version="1.0" encoding="utf-8"?><KeePassFile><Meta>'
           '<DatabaseName>Bench</DatabaseName></Meta><Root><Group>'
           '<UUID>%s</UUID><Name>Root</Name>' %
           base64.b64encode(uuid.UUID(int=1).bytes).decode()]
    for i in range(n):
        u = base64.b64encode(uuid.UUID(int=1000 + i).bytes).decode()
        pw = ("Changed-%d" % i) if i in changed else ("pw-%d-q8RvT2mZkW" % i)
        t = "2026-12-02T10:00:00Z" if i in changed else "2026-12-01T10:00:00Z"
        out.append('<Entry><UUID>%s</UUID><Times><LastModificationTime>%s'
                   '</LastModificationTime><CreationTime>2026-11-01T10:00:00Z'
                   '</CreationTime><LastAccessTime>2026-11-01T10:00:00Z'
                   '</LastAccessTime><ExpiryTime>2026-11-01T10:00:00Z'
                   '</ExpiryTime><Expires>False</Expires><UsageCount>0'
                   '</UsageCount><LocationChanged>2026-11-01T10:00:00Z'
                   '</LocationChanged></Times>'
                   '<String><Key>Title</Key><Value>Entry %06d</Value></String>'
                   '<String><Key>UserName</Key><Value>user%d@example.org</Value></String>'
                   '<String><Key>Password</Key><Value>%s</Value></String>'
                   '</Entry>' % (u, t, i, i, pw))
    out.append('</Group></Root></KeePassFile>')
    open(path, 'w').write(''.join(out))
xml(d + '/a.xml', set(range(0, 50)))
xml(d + '/b.xml', set(range(5000, 5050)))
PY
	for x in a b; do
		printf '%s\n%s\n' "$PASS" "$PASS" | keepassxc-cli import -q -p -t 100 \
		    "$D/$x.xml" "$D/$x.kdbx" > /dev/null
	done
	cp "$D/a.kdbx" "$D/a0.kdbx"
	echo
	echo "## keepassxc-cli merge, the same scenario (KDF: import's 100 ms target)"
	echo
	echo "| run | ls (one unlock) s | merge -s (two unlocks + merge + save) s |"
	echo "|---|---|---|"
	for r in $(seq 1 "$RUNS"); do
		cp "$D/a0.kdbx" "$D/a.kdbx"
		t0=$(date +%s.%N)
		printf '%s\n' "$PASS" | keepassxc-cli ls -q "$D/a.kdbx" > /dev/null
		t1=$(date +%s.%N)
		printf '%s\n' "$PASS" | keepassxc-cli merge -q -s "$D/a.kdbx" "$D/b.kdbx" > /dev/null
		t2=$(date +%s.%N)
		echo "| $r | $(echo "$t1 - $t0" | bc) | $(echo "$t2 - $t1" | bc) |"
	done
fi
