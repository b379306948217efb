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
case $BUILD in /*) ;; *) BUILD=$PWD/$BUILD ;; esac
CV=$BUILD/cvault
ROWS=${BENCH_IMPORT_ROWS:-10000}
BIG=${BENCH_IMPORT_BIG-100000}
RUNS=${BENCH_RUNS:-3}
KPX=${BENCH_KEEPASSXC:-1}
mkdir -p "$BUILD/bench"
OUT=${BENCH_OUT:-$BUILD/bench/import.md}
case $OUT in /*) ;; *) OUT=$PWD/$OUT ;; esac
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

# median of the numbers on stdin
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# timed CMD...: "wall_ms cpu_ms" (user + system) of CMD
timed() {
	/usr/bin/time -f '%e %U %S' -o t.txt "$@" > /dev/null 2>&1 || :
	awk '{ printf "%d %d\n", $1 * 1000, ($2 + $3) * 1000 }' t.txt
}

# cv_import FILE: wall and CPU ms for a fresh vault to import FILE
cv_import() {
	rm -f v.vault
	"$CV" -f v.vault --passphrase-fd 3 init --council "Little Snoring" \
	    --kdf-memory 64 --kdf-time 1 3< pass.txt > /dev/null 2>&1
	timed sh -c "'$CV' -f v.vault --passphrase-fd 3 import --yes '$1' 3< pass.txt"
}

kp_import() {
	rm -f k.kdbx
	timed sh -c "keepassxc-cli import -p -t 100 '$1' k.kdbx < pass2.txt"
}

# med N FN ARG: medians of wall and CPU over N runs, "wall cpu"
med() {
	for i in $(seq "$1"); do $2 "$3"; done > runs.txt
	echo "$(cut -d' ' -f1 runs.txt | median) $(cut -d' ' -f2 runs.txt | median)"
}

gen 1
gen "$ROWS"
say "cvault import of $ROWS rows, $RUNS runs"
set -- $(med "$RUNS" cv_import sheet-1.csv); bw=$1 bc=$2
set -- $(med "$RUNS" cv_import "sheet-$ROWS.csv"); fw=$1 fc=$2
cvw=$((fw - bw)) cvc=$((fc - bc))
kpw= kpc=
if [ "$KPX" = 1 ] && command -v keepassxc-cli > /dev/null 2>&1; then
	say "keepassxc-cli import of the same $ROWS entries as XML"
	set -- $(med "$RUNS" kp_import keepass-1.xml); kbw=$1 kbc=$2
	set -- $(med "$RUNS" kp_import "keepass-$ROWS.xml"); kfw=$1 kfc=$2
	kpw=$((kfw - kbw)) kpc=$((kfc - kbc))
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
	bigcpu=$(awk -F': ' '/User time/ {u = $2} /System time/ {s = $2} END {printf "%.1f s", u + s}' time.txt)
fi
ratio() { [ -n "$2" ] && [ "$2" -gt 0 ] && awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }' || echo n/a; }
{
	echo "### Import ($(date -u +%Y-%m-%d), $(nproc) CPUs, load $(cut -d' ' -f1 /proc/loadavg))"
	echo
	echo "| $ROWS rows, beyond the one-row import (median of $RUNS) | cvault | KeePassXC | ratio |"
	echo "|---|---|---|---|"
	echo "| wall ms | $cvw (full $fw, one row $bw) | ${kpw:-n/a}${kpw:+ (full $kfw, one entry $kbw)} | $(ratio "$cvw" "$kpw") |"
	echo "| CPU ms (user + system) | $cvc (full $fc, one row $bc) | ${kpc:-n/a}${kpc:+ (full $kfc, one entry $kbc)} | $(ratio "$cvc" "$kpc") |"
	[ -z "$rss" ] || echo "| $BIG rows: peak memory, wall, CPU | $rss MiB, $bigms, $bigcpu | | |"
	echo
} | tee -a "$OUT"
