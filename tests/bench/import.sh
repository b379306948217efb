#!/bin/sh
# SPDX-License-Identifier: ISC
# import.sh - `cvault import` timed (sh tests/bench/import.sh BUILD; run.sh
# runs it last). docs/benchmarks.md explains the figures and records a run.
#
#  1. 10,000 rows (a spreadsheet CSV: title, username, password, URL,
#     notes; passwords mostly random, one in ten weak, some titles Welsh)
#     imported into an empty vault, minus the same command on a one-row
#     file: the cost beyond unlocking and starting, policy checks
#     included. Beside it `keepassxc-cli import` of the same data as
#     KeePass 2 XML (generated here), minus its one-entry import.
#  2. Peak memory (max RSS, /usr/bin/time -v) importing 100,000 rows.
#
# Settings: BENCH_IMPORT_ROWS (10000), BENCH_IMPORT_BIG (100000, "" skips
# part 2), BENCH_RUNS (3), BENCH_KEEPASSXC=0 leaves KeePassXC out,
# BENCH_OUT (appended to; default BUILD/bench/import.md).
set -eu

BUILD=${1:-build}
CV=$PWD/$BUILD/cvault
ROWS=${BENCH_IMPORT_ROWS:-10000}
BIG=${BENCH_IMPORT_BIG-100000}
RUNS=${BENCH_RUNS:-3}
KPX=${BENCH_KEEPASSXC:-1}
mkdir -p "$BUILD/bench"
OUT=${BENCH_OUT:-$PWD/$BUILD/bench/import.md}
W=$(mktemp -d "${TMPDIR:-/tmp}/cvault-import-bench-XXXXXX")
trap 'rm -rf "$W"' EXIT
cd "$W"
PASS="saddle-prism-otter-cavern"
printf '%s\n' "$PASS" > pass.txt
printf '%s\n%s\n' "$PASS" "$PASS" > pass2.txt

say() { echo "bench: $*" >&2; }

# gen N: N rows as sheet-N.csv and keepass-N.xml (the same data).
gen() {
	python3 - "$1" <<'EOF'
import base64, random, sys, uuid
from xml.sax.saxutils import escape
n = int(sys.argv[1])
rnd = random.Random(13)
chars = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789!#$%&*+-=?@"
weak = ["password1", "Summer2024", "letmein", "qwerty123", "Parish2023!"]
rows = []
for i in range(n):
    title = ("Gwasanaeth Cyngor %d ŵ" if i % 7 == 0 else "Service %d") % i
    pw = weak[i % 5] if i % 10 == 0 else "".join(rnd.choice(chars) for _ in range(16))
    rows.append((title, "clerk%d@parish.example" % i, pw,
                 "https://service%d.example/login" % i, "Account number %d" % (1000 + i)))
def q(s):
    return '"' + s.replace('"', '""') + '"'
with open("sheet-%d.csv" % n, "w", encoding="utf-8", newline="") as f:
    f.write("\ufeffAccount,User name,Password,Web address,Notes\r\n")
    for r in rows:
        f.write(",".join(q(c) for c in r) + "\r\n")
def u():
    return base64.b64encode(uuid.UUID(int=rnd.getrandbits(128)).bytes).decode()
with open("keepass-%d.xml" % n, "w", encoding="utf-8") as f:
    f.write('<?xml version="1.0" encoding="utf-8" standalone="yes"?>\n'
            '<KeePassFile><Meta><Generator>cvault bench</Generator></Meta>'
            '<Root><Group><UUID>%s</UUID><Name>Root</Name>\n' % u())
    for t, user, pw, url, notes in rows:
        f.write('<Entry><UUID>%s</UUID>' % u())
        for k, v in (("Title", t), ("UserName", user), ("Password", pw),
                     ("URL", url), ("Notes", notes)):
            f.write('<String><Key>%s</Key><Value>%s</Value></String>' % (k, escape(v)))
        f.write('</Entry>\n')
    f.write('</Group></Root></KeePassFile>\n')
EOF
}

now_ms() { date +%s%3N; }
# median of the numbers on stdin
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# cv_import FILE: ms for a fresh vault to import FILE (vault made first)
cv_import() {
	rm -f v.vault
	"$CV" -f v.vault --passphrase-fd 3 init --council "Little Snoring" \
	    --kdf-memory 64 --kdf-time 1 3< pass.txt > /dev/null 2>&1
	t0=$(now_ms)
	"$CV" -f v.vault --passphrase-fd 3 import --yes "$1" 3< pass.txt \
	    > /dev/null 2>&1
	echo $(( $(now_ms) - t0 ))
}

kp_import() {
	rm -f k.kdbx
	t0=$(now_ms)
	keepassxc-cli import -p -t 100 "$1" k.kdbx < pass2.txt > /dev/null 2>&1
	echo $(( $(now_ms) - t0 ))
}

gen 1
gen "$ROWS"
say "cvault import of $ROWS rows, $RUNS runs"
base=$(for i in $(seq "$RUNS"); do cv_import sheet-1.csv; done | median)
full=$(for i in $(seq "$RUNS"); do cv_import "sheet-$ROWS.csv"; done | median)
cvb=$((full - base))
kpb=
if [ "$KPX" = 1 ] && command -v keepassxc-cli > /dev/null 2>&1; then
	say "keepassxc-cli import of the same $ROWS entries as XML"
	kb=$(for i in $(seq "$RUNS"); do kp_import keepass-1.xml; done | median)
	kf=$(for i in $(seq "$RUNS"); do kp_import "keepass-$ROWS.xml"; done | median)
	kpb=$((kf - kb))
fi
rss=
if [ -n "$BIG" ]; then
	say "peak memory importing $BIG rows"
	gen "$BIG"
	rm -f v.vault
	"$CV" -f v.vault --passphrase-fd 3 init --council "Little Snoring" \
	    --kdf-memory 64 --kdf-time 1 3< pass.txt > /dev/null 2>&1
	/usr/bin/time -v "$CV" -f v.vault --passphrase-fd 3 import --yes \
	    "sheet-$BIG.csv" 3< pass.txt > /dev/null 2> time.txt
	rss=$(awk -F: '/Maximum resident set size/ {print int($2 / 1024)}' time.txt)
	bigms=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' time.txt)
fi
{
	echo "### Import ($(date -u +%Y-%m-%d), $(nproc) CPUs, load $(cut -d' ' -f1 /proc/loadavg))"
	echo
	echo "| measure | cvault | KeePassXC | ratio |"
	echo "|---|---|---|---|"
	echo "| $ROWS-row import beyond unlock (median of $RUNS; ms) | $cvb (full $full, one row $base) | ${kpb:-n/a}${kpb:+ (full $kf, one entry $kb)} | $( [ -n "$kpb" ] && awk -v a="$cvb" -v b="$kpb" 'BEGIN { printf "%.2fx", a / b }' || echo n/a) |"
	[ -z "$rss" ] || echo "| $BIG-row import: peak memory (MiB), wall time | $rss MiB, $bigms | | |"
	echo
} | tee -a "$OUT"
