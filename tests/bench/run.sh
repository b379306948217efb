#!/bin/sh
# SPDX-License-Identifier: ISC
# run.sh - `make bench` (sh tests/bench/run.sh BUILD): cvault side by side
# with KeePassXC's CLI, in one run, on this machine. docs/benchmarks.md
# explains every figure and records a run.
#
#  1. Argon2id efficiency: MiB x passes bought per second of wall time by
#     libsodium (1 lane), Debian's libargon2 (1, 2, 4 lanes) and KeePassXC
#     itself (its open time on an empty database, minus its start-up
#     measured with a 1 MiB KDF).
#  2. Vaults of BENCH_SIZES entries for both tools at identical Argon2id
#     settings (BENCH_KDF, small so that the KDF does not hide the rest):
#     open + get one entry, list, search, the annual review report
#     (cvault only), add one entry, file size, peak memory, and cvault's
#     cost above the bare KDF.
#  3. Open + get at cvault's default KDF settings at 10,000 entries, the
#     password-strength checker's speed (strength_bench, if present) and
#     SLIP-0039 split, combine and decode per second (slip39_bench, if
#     present; cvault alone: Debian packages no other SLIP-0039 tool).
#  4. Commands inside one session at 10,000 entries: `cvault shell` beside
#     `keepassxc-cli open` (tests/bench/session.sh; BENCH_SESSION=0 skips).
#
# Settings (environment):
#   BENCH_SIZES="100 1000 10000 100000"  vault sizes ("" skips part 2)
#   BENCH_RUNS=5        runs per measurement (the median is reported)
#   BENCH_BUDGET=30     seconds one measurement may take: no further run
#                       starts if it would end past this (at least one runs)
#   BENCH_KDF="64 1 1"  MiB, passes, lanes for the size runs
#   BENCH_KDF_RUNS=3    runs per Argon2id efficiency point
#   BENCH_KDF_MIB="256 512" BENCH_KDF_PASSES="1 3" BENCH_KDF_LANES="1 2 4"
#                       (BENCH_KDF_MIB="" skips the Argon2id table)
#   BENCH_KEEPASSXC=0   leave KeePassXC out
#   BENCH_OUT=FILE      where the results (Markdown) go; default
#                       BUILD/bench/results.md
# Databases are built under a private mktemp directory (vaults are grown
# on /dev/shm when it exists, as every add is a durable transaction, then
# copied to disk to be measured) and removed at the end.
set -eu

BUILD=${1:-build}
SIZES=$(echo "${BENCH_SIZES-100 1000 10000 100000}" | tr ' ' '\n' |
    { grep . || :; } | sort -n | uniq | tr '\n' ' ')
RUNS=${BENCH_RUNS:-5}
BUDGET=${BENCH_BUDGET:-30}
KDF_RUNS=${BENCH_KDF_RUNS:-3}
KDF_MIBS=${BENCH_KDF_MIB-256 512}
KDF_PASSES=${BENCH_KDF_PASSES:-1 3}
KDF_LANES=${BENCH_KDF_LANES:-1 2 4}
set -- ${BENCH_KDF:-64 1 1}
M=$1 T=$2 P=$3
KPX=${BENCH_KEEPASSXC:-1}
B=$BUILD/bench
OUT=${BENCH_OUT:-$B/results.md}
CV=$BUILD/cvault
PY=/usr/bin/python3             # Debian's, where python3-pykeepass lives
PASS="bench passphrase"         # as in mkvault.c and mkkdbx.py
START=$(date +%s)
LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
# The source the binaries were just built from (`make bench` builds first).
REV=
if REV=$(git rev-parse --short HEAD 2>/dev/null); then
	[ -z "$(git status --porcelain -- vault cli include)" ] ||
	    REV="$REV, with uncommitted changes under vault/ cli/ include/"
fi

say() { echo "bench: $*" >&2; }
die() { say "$*"; exit 1; }

[ -x "$CV" ] && [ -f "$BUILD/libvault.a" ] ||
	die "$CV or $BUILD/libvault.a missing: run 'make BUILD=$BUILD' first"

# --- KeePassXC and pykeepass, from Debian --------------------------------
if [ "$KPX" = 1 ]; then
	pkgs=
	command -v keepassxc-cli >/dev/null 2>&1 || pkgs="keepassxc"
	$PY -c 'import pykeepass' 2>/dev/null || pkgs="$pkgs python3-pykeepass"
	if [ -n "$pkgs" ]; then
		SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
		say "installing$pkgs ${pkgs:+with apt-get}"
		$SUDO apt-get install -y --no-install-recommends $pkgs >&2 ||
		    { $SUDO apt-get update >&2 &&
		    $SUDO apt-get install -y --no-install-recommends \
		    $pkgs >&2; } ||
		    true
	fi
	if ! command -v keepassxc-cli >/dev/null 2>&1 ||
	    ! $PY -c 'import pykeepass' 2>/dev/null; then
		say "keepassxc-cli or python3-pykeepass unavailable:" \
		    "measuring cvault alone"
		KPX=0
	fi
fi

# --- the bench programs, built with the Makefile's flags -----------------
DEPS="libsodium sqlite3 libargon2"
WARN="-Wall -Wextra -Werror -Wpedantic -Wshadow -Wvla -Wformat=2 \
-Wstrict-prototypes -Wmissing-prototypes"
VCFLAGS="-std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $WARN -fPIC \
-fvisibility=hidden -fstack-protector-strong -D_FORTIFY_SOURCE=2 -Iinclude \
-Ivault -I$BUILD/gen $(pkg-config --cflags $DEPS) ${CFLAGS:--O2 -g}"
LIBS="$BUILD/libvault.a $(pkg-config --libs $DEPS) -lzxcvbn -lm"
mkdir -p "$B"
for p in kdf mkvault openget timeit; do
	${CC:-cc} $VCFLAGS ${LDFLAGS:-} -o "$B/$p" "tests/bench/$p.c" $LIBS ||
	    die "cannot build tests/bench/$p.c"
done
STRENGTH=0
if [ -f tests/bench/strength_bench.c ]; then
	if ${CC:-cc} $VCFLAGS ${LDFLAGS:-} -o "$B/strength_bench" \
	    tests/bench/strength_bench.c $LIBS; then
		STRENGTH=1
	else
		say "tests/bench/strength_bench.c does not build: skipped"
	fi
fi
SLIP39=0
if [ -f tests/bench/slip39_bench.c ]; then
	if ${CC:-cc} $VCFLAGS ${LDFLAGS:-} -o "$B/slip39_bench" \
	    tests/bench/slip39_bench.c $LIBS; then
		SLIP39=1
	else
		say "tests/bench/slip39_bench.c does not build: skipped"
	fi
fi

D=$(mktemp -d "${TMPDIR:-/tmp}/cvault-bench.XXXXXX")
S=$D
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
	S=$(mktemp -d /dev/shm/cvault-bench.XXXXXX)
fi
trap 'rm -rf "$D" "$S"' EXIT
trap 'exit 130' HUP INT PIPE TERM
printf '%s\n' "$PASS" > "$D/pass"
# For `add`: the vault passphrase, then the new entry's password.
printf '%s\nq8RvT2mZkW5nLx7pYc3H\n' "$PASS" > "$D/pass2"
: > "$D/kdf.md"; : > "$D/ops.md"; : > "$D/size.md"; : > "$D/above.md"

# timeit wrappers: "median min max peakKiB cpu runs"
tm() { "$B/timeit" "$RUNS" "$BUDGET" "$@"; }
f() { echo "$1" | cut -d' ' -f"$2"; }            # field of a result
calc() { awk "BEGIN { printf \"$1\", $2 }"; }     # calc FORMAT EXPR
ratio() { [ "$2" = - ] && echo - || calc %.2f "$1 / $2"; }
kpx() { keepassxc-cli "$@"; }

# --- 1. Argon2id efficiency ---------------------------------------------
[ -z "$KDF_MIBS" ] || say "Argon2id efficiency ($KDF_RUNS runs per point)"
if [ "$KPX" = 1 ]; then
	args="$D/kx-tiny.kdbx 0 1 1 1"
	for m in $KDF_MIBS; do for t in $KDF_PASSES; do for l in $KDF_LANES; do
		args="$args $D/kx-$m-$t-$l.kdbx 0 $m $t $l"
	done; done; done
	$PY tests/bench/mkkdbx.py $args > /dev/null
	r=$(tm "$D/pass" -- keepassxc-cli ls "$D/kx-tiny.kdbx") ||
	    die "keepassxc-cli failed"
	KPX_START=$(f "$r" 1) KPX_START_CPU=$(f "$r" 5)
fi
for m in $KDF_MIBS; do
	for t in $KDF_PASSES; do
		r=$("$B/kdf" sodium "$m" "$t" 1 "$KDF_RUNS")
		base=$(f "$r" 7)
		echo "| libsodium crypto_pwhash | 1 | $m | $t | $(f "$r" 5) |" \
		    "$(f "$r" 8) | $base | 1.00 |" >> "$D/kdf.md"
		for l in $KDF_LANES; do
			r=$("$B/kdf" argon2 "$m" "$t" "$l" "$KDF_RUNS")
			echo "| libargon2 (Debian) | $l | $m | $t |" \
			    "$(f "$r" 5) | $(f "$r" 8) | $(f "$r" 7) |" \
			    "$(ratio "$(f "$r" 7)" "$base") |" >> "$D/kdf.md"
		done
		[ "$KPX" = 1 ] || continue
		for l in $KDF_LANES; do
			r=$("$B/timeit" "$KDF_RUNS" "$BUDGET" "$D/pass" -- \
			    keepassxc-cli ls "$D/kx-$m-$t-$l.kdbx")
			s=$(calc %.4f "($(f "$r" 1) - $KPX_START) / 1000")
			c=$(calc %.4f "($(f "$r" 5) - $KPX_START_CPU) / 1000")
			rate=$(calc %.0f "$m * $t / $s")
			echo "| KeePassXC $(kpx --version)" \
			    "(open - start-up) | $l | $m | $t | $s | $c |" \
			    "$rate |" \
			    "$(ratio "$rate" "$base") |" >> "$D/kdf.md"
		done
	done
done
rm -f "$D"/kx-*.kdbx

# --- 2. vaults of growing size ------------------------------------------
# One operation on both tools: $N and $OP name the row; then the two
# timeit results ("-" when KeePassXC is left out).
row() {
	c=$1 k=$2
	if [ "$k" = - ]; then
		kt=- kc=- kp=- kr=-
	else
		kt=$(f "$k" 1) kc=$(f "$k" 5) kr=$(f "$k" 6)
		kp=$(calc %.0f "$(f "$k" 4) / 1024")
	fi
	echo "| $N | $OP | $(f "$c" 1) | $kt | $(ratio "$(f "$c" 1)" "$kt") |" \
	    "$(f "$c" 5) | $kc | $(calc %.0f "$(f "$c" 4) / 1024") | $kp |" \
	    "$(f "$c" 6)/$kr |" >> "$D/ops.md"
}

# Start-up plus KDF (an empty vault and database listed) and the bare KDF
# at the size runs' settings, as cvault computes it.
baselines() {
	"$B/mkvault" "$S/grow.vault" 0 0 "$M" "$T" "$P" > /dev/null
	cp "$S/grow.vault" "$D/c.vault"
	r=$(tm "$D/pass" -- "$CV" -f "$D/c.vault" --passphrase-fd 0 ls)
	C_EMPTY=$(f "$r" 1) C_EMPTY_CPU=$(f "$r" 5)
	K_EMPTY=- K_EMPTY_CPU=-
	if [ "$KPX" = 1 ]; then
		$PY tests/bench/mkkdbx.py "$D/k.kdbx" 0 "$M" "$T" "$P" \
		    > /dev/null
		r=$(tm "$D/pass" -- keepassxc-cli ls "$D/k.kdbx")
		K_EMPTY=$(f "$r" 1) K_EMPTY_CPU=$(f "$r" 5)
	fi
	impl=argon2; [ "$P" = 1 ] && impl=sodium
	r=$("$B/kdf" $impl "$M" "$T" "$P" "$RUNS")
	BARE_MS=$(calc %.1f "$(f "$r" 5) * 1000")
	BARE_CPU=$(calc %.1f "$(f "$r" 8) * 1000")
	rm -f "$D/c.vault" "$D/k.kdbx"
}

# Every operation on $D/c.vault and $D/k.kdbx, which hold $N entries.
one_size() {
	title="Entry $(printf %06d $((N / 2)))"
	OP="open + get"
	c=$(tm "$D/pass" -- "$CV" -f "$D/c.vault" --passphrase-fd 0 \
	    get "$title")
	k=-; [ "$KPX" = 1 ] && k=$(tm "$D/pass" -- keepassxc-cli show -s \
	    -a Password "$D/k.kdbx" "$title")
	row "$c" "$k"
	CGET=$(f "$c" 1) CGET_CPU=$(f "$c" 5) KGET=- KGET_CPU=-
	[ "$k" = - ] || KGET=$(f "$k" 1) KGET_CPU=$(f "$k" 5)

	OP="list"
	c=$(tm "$D/pass" -- "$CV" -f "$D/c.vault" --passphrase-fd 0 ls)
	k=-; [ "$KPX" = 1 ] && k=$(tm "$D/pass" -- keepassxc-cli ls \
	    "$D/k.kdbx")
	row "$c" "$k"

	OP="search"
	c=$(tm "$D/pass" -- "$CV" -f "$D/c.vault" --passphrase-fd 0 \
	    search user42@)
	k=-; [ "$KPX" = 1 ] && k=$(tm "$D/pass" -- keepassxc-cli search \
	    "$D/k.kdbx" user42@)
	row "$c" "$k"

	# The annual review report: every entry whole, every password
	# judged, hashed and compared (cvault only: KeePassXC has no such
	# report; its nearest, `keepassxc-cli analyze`, is another job).
	OP="report (cvault only)"
	c=$(tm "$D/pass" -- "$CV" -f "$D/c.vault" --passphrase-fd 0 report)
	row "$c" -

	csz=$(stat -c %s "$D/c.vault") ksz=-
	[ "$KPX" = 1 ] && ksz=$(stat -c %s "$D/k.kdbx")

	OP="add"
	c=$(tm "$D/pass2" -- "$CV" -f "$D/c.vault" --passphrase-fd 0 \
	    add "Added {i}" --username new@example.org \
	    --url https://new.example.org)
	k=-; [ "$KPX" = 1 ] && k=$(tm "$D/pass2" -- keepassxc-cli add -q \
	    -u new@example.org --url https://new.example.org -p \
	    "$D/k.kdbx" "Added {i}")
	row "$c" "$k"

	o=$("$B/openget" "$D/c.vault" "$title" "$M" "$T" "$P" "$RUNS")
	kper=-; [ "$ksz" = - ] || kper=$(calc %.0f "$ksz / $N")
	echo "| $N | $(calc %.0f "$csz / $N") | $kper |" \
	    "$(f "$b" 4) ($(f "$b" 3) s) | $kb s |" >> "$D/size.md"
	kab=-
	[ "$KGET" = - ] || kab="$(calc %.0f "$KGET - $K_EMPTY") /"\
" $(calc %.0f "$KGET_CPU - $K_EMPTY_CPU")"
	echo "| $N | $(f "$o" 5) / $(f "$o" 6) | $(f "$o" 3) |" \
	    "$(calc %.1f "$CGET - $BARE_MS") /" \
	    "$(calc %.1f "$CGET_CPU - $BARE_CPU") |" \
	    "$(calc %.0f "$CGET - $C_EMPTY") /" \
	    "$(calc %.0f "$CGET_CPU - $C_EMPTY_CPU") | $kab |" >> "$D/above.md"
}

# Open + get at cvault's default KDF (512 MiB, 3 passes, 1 lane) for both
# tools, on copies re-keyed / rebuilt with those settings.
at_defaults() {
	say "$N entries: open + get at 512 MiB, 3 passes, 1 lane"
	"$B/mkvault" "$D/c.vault" "$N" "$N" 512 3 1 > /dev/null
	c=$(tm "$D/pass" -- "$CV" -f "$D/c.vault" --passphrase-fd 0 \
	    get "$title")
	k=-
	if [ "$KPX" = 1 ]; then
		$PY tests/bench/mkkdbx.py "$D/k.kdbx" "$N" 512 3 1 > /dev/null
		k=$(tm "$D/pass" -- keepassxc-cli show -s -a Password \
		    "$D/k.kdbx" "$title")
	fi
	N="$N (512 MiB, 3 passes)" OP="open + get" row "$c" "$k"
	o=$("$B/openget" "$D/c.vault" "$title" 512 3 1 "$RUNS")
	DEF_ABOVE="$(f "$o" 1) $(f "$o" 5) $(f "$o" 6)"
}

if [ -n "$SIZES" ]; then
	say "sizes: $SIZES at Argon2id $M MiB, $T pass(es), $P lane(s)"
	baselines
	prev=0
	for N in $SIZES; do
		say "$N entries: building"
		b=$("$B/mkvault" "$S/grow.vault" "$prev" "$N" "$M" "$T" "$P")
		prev=$N
		cp "$S/grow.vault" "$D/c.vault"
		kb=-
		if [ "$KPX" = 1 ]; then
			kb=$($PY tests/bench/mkkdbx.py "$D/k.kdbx" "$N" "$M" \
			    "$T" "$P")
			kb=$(f "$kb" 2)
		fi
		say "$N entries: measuring"
		one_size
		[ "$N" != 10000 ] || at_defaults
		rm -f "$D/c.vault" "$D/k.kdbx"
	done
fi

# --- 3. password strength -----------------------------------------------
if [ "$STRENGTH" = 1 ]; then
	say "strength checks"
	"$B/strength_bench" 1 > "$D/strength.txt" ||
	    say "strength_bench failed"
fi

# --- SLIP-0039 shares (5 runs of 0.2 s per operation) ------------------
if [ "$SLIP39" = 1 ]; then
	say "SLIP-0039 split, combine, decode"
	"$B/slip39_bench" 0.2 5 > "$D/slip39.md" ||
	    { say "slip39_bench failed"; : > "$D/slip39.md"; }
fi

# --- 4. commands inside one session (tests/bench/session.sh) -------------
if [ "${BENCH_SESSION:-1}" = 1 ] && [ -f tests/bench/session.sh ]; then
	BENCH_KEEPASSXC=$KPX sh tests/bench/session.sh "$BUILD" \
	    > "$D/session.md" || { say "session.sh failed"; : > "$D/session.md"; }
fi

# --- results --------------------------------------------------------------
ver() { dpkg-query -W -f '${Version}' "$1" 2>/dev/null || echo '?'; }

machine() {
	cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')
	flags=$(grep -m1 '^flags' /proc/cpuinfo | tr ' ' '\n' |
	    grep -x -E 'ssse3|avx2|avx512f' | tr '\n' ' ')
	mem=$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' \
	    /proc/meminfo)
	echo "## Machine"
	echo
	echo "- $(nproc) CPUs: $cpu (${flags% }), $mem RAM; Linux" \
	    "$(uname -r); load average at start $LOAD0, at end" \
	    "$(cut -d' ' -f1-3 /proc/loadavg)"
	kv=
	[ "$KPX" = 1 ] && kv=", KeePassXC $(kpx --version) ($(ver keepassxc)),
  python3-pykeepass $(ver python3-pykeepass)"
	echo "- cvault $("$CV" --version | cut -d' ' -f2), libsodium" \
	    "$(ver libsodium23), SQLite $(ver libsqlite3-0), libargon2" \
	    "$(ver libargon2-1)$kv"
	[ -z "$REV" ] || echo "- source: commit $REV"
	echo "- \`make bench\` with BENCH_SIZES=\"${SIZES% }\"" \
	    "BENCH_RUNS=$RUNS BENCH_BUDGET=$BUDGET BENCH_KDF=\"$M $T $P\"" \
	    "BENCH_KDF_RUNS=$KDF_RUNS BENCH_KDF_MIB=\"$KDF_MIBS\";" \
	    "took $(( $(date +%s) - START )) s"
}

kdf_table() {
	echo "## Argon2id efficiency (median of $KDF_RUNS)"
	echo
	echo "| implementation | lanes | MiB | passes | seconds |" \
	    "CPU seconds | MiB x passes / s | vs libsodium |"
	echo "|---|---:|---:|---:|---:|---:|---:|---:|"
	cat "$D/kdf.md"
	if [ "$KPX" = 1 ]; then
		echo
		echo "KeePassXC start-up (1 MiB KDF, empty database):" \
		    "$KPX_START ms."
	fi
}

size_tables() {
	echo "## Operations at Argon2id $M MiB, $T pass(es), $P lane(s)" \
	    "(median ms of up to $RUNS runs)"
	echo
	echo "| entries | operation | cvault ms | KeePassXC ms | ratio |" \
	    "cvault CPU ms | KeePassXC CPU ms | cvault peak MiB |" \
	    "KeePassXC peak MiB | runs |"
	echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|"
	cat "$D/ops.md"
	echo
	echo "## File size and build"
	echo
	echo "| entries | cvault bytes/entry | KeePassXC bytes/entry |" \
	    "cvault adds/s growing to this size (library, tmpfs) |" \
	    "KeePass file build (pykeepass) |"
	echo "|---:|---:|---:|---|---:|"
	cat "$D/size.md"
	echo
	echo "## Above the KDF (ms)"
	echo
	echo "Each cell is wall / CPU ms (medians). Bare Argon2id at" \
	    "$M MiB/$T/$P, as cvault computes it: $BARE_MS / $BARE_CPU ms." \
	    "An empty vault's \`cvault ls\`: $C_EMPTY / $C_EMPTY_CPU ms; an" \
	    "empty database's \`keepassxc-cli ls\`: $K_EMPTY / $K_EMPTY_CPU ms."
	if [ -n "${DEF_ABOVE:-}" ]; then
		echo "At 512 MiB/3/1 and 10000 entries: bare KDF" \
		    "$(f "$DEF_ABOVE" 1) ms in-process; open + get + close" \
		    "above it $(f "$DEF_ABOVE" 2) / $(f "$DEF_ABOVE" 3) ms."
	fi
	echo
	echo "| entries | cvault open+get+close above the KDF, in-process |" \
	    "of which get, with its log commit (wall) |" \
	    "\`cvault get\` - bare KDF |" \
	    "\`cvault get\` - empty \`cvault ls\` |" \
	    "\`keepassxc-cli show\` - empty \`ls\` |"
	echo "|---:|---:|---:|---:|---:|---:|"
	cat "$D/above.md"
}

{
	machine
	if [ -s "$D/kdf.md" ]; then
		echo
		kdf_table
	fi
	if [ -s "$D/ops.md" ]; then
		echo
		size_tables
	fi
	if [ -s "$D/strength.txt" ]; then
		echo
		echo "## Password strength checks"
		echo
		echo '```'
		cat "$D/strength.txt"
		echo '```'
	fi
	if [ -s "$D/session.md" ]; then
		echo
		cat "$D/session.md"
	fi
	if [ -s "$D/slip39.md" ]; then
		echo
		echo "## SLIP-0039 shares (cvault alone)"
		echo
		echo "No SLIP-0039 implementation is packaged in Debian to" \
		    "run beside it, so these are absolute figures, not ratios."
		cat "$D/slip39.md"
	fi
} > "$OUT"
cat "$OUT"
say "results written to $OUT"

# 4. Import: 10,000 rows beside keepassxc-cli import, peak memory at
# 100,000 (tests/bench/import.sh; appended to the same results).
if [ "${BENCH_IMPORT:-1}" = 1 ]; then
	{ echo; echo "## Import"; echo; } >> "$OUT"
	BENCH_OUT="$OUT" BENCH_KEEPASSXC="$KPX" sh tests/bench/import.sh "$BUILD"
fi
