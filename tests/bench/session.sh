#!/bin/sh
# SPDX-License-Identifier: ISC
# session.sh - commands inside one session at 10,000 entries (`make bench`
# part 4, or alone: sh tests/bench/session.sh BUILD): `cvault shell`
# beside `keepassxc-cli open`, both driven through a pseudo-terminal by
# session.py, which types the passphrase once and then times each command
# from Enter to the next prompt. At the KDF settings of BENCH_SESSION_KDF
# (default cvault's own, 512 MiB, 3 passes, 1 lane), so the first unlock
# shows what one Argon2id costs and the commands show that none follows.
# cvault runs twice: with the vault on disk (each `get` commits its
# reveal to the activity log with synchronous=FULL, so it waits for the
# disk) and on tmpfs (the same work without the disk's flush).
# Prints a Markdown table on standard output.
#
# Settings: BENCH_SESSION_N=10000 entries, BENCH_SESSION_RUNS=50 gets
# (and a fifth as many listings), BENCH_KEEPASSXC=0 leaves KeePassXC out.
set -eu

BUILD=${1:-build}
N=${BENCH_SESSION_N:-10000}
RUNS=${BENCH_SESSION_RUNS:-50}
set -- ${BENCH_SESSION_KDF:-512 3 1}
M=$1 T=$2 P=$3
KPX=${BENCH_KEEPASSXC:-1}
PY=/usr/bin/python3
B=$BUILD/bench
CV=$(cd "$(dirname "$BUILD/cvault")" && pwd)/cvault
say() { echo "bench: $*" >&2; }

[ -x "$CV" ] || { say "$CV missing: run make first"; exit 1; }
if [ ! -x "$B/mkvault" ]; then
	mkdir -p "$B"
	${CC:-cc} -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O2 \
	    -Iinclude -Ivault -I"$BUILD/gen" -o "$B/mkvault" \
	    tests/bench/mkvault.c "$BUILD/libvault.a" \
	    $(pkg-config --libs libsodium sqlite3 libargon2) -lzxcvbn -lm
fi
if [ "$KPX" = 1 ] && { ! command -v keepassxc-cli >/dev/null 2>&1 ||
    ! $PY -c 'import pykeepass' 2>/dev/null; }; then
	say "keepassxc-cli or python3-pykeepass unavailable: cvault alone"
	KPX=0
fi

D=$(mktemp -d "${TMPDIR:-/tmp}/cvault-session.XXXXXX")
S=$D
[ -d /dev/shm ] && [ -w /dev/shm ] && S=$(mktemp -d /dev/shm/cvault-session.XXXXXX)
trap 'rm -rf "$D" "$S"' EXIT
trap 'exit 130' HUP INT PIPE TERM
# The clerk's checkpoint goes under HOME: keep it in the scratch space.
export HOME="$D/home" XDG_STATE_HOME="$D/state"
mkdir -p "$HOME"

say "session: building $N entries at $M MiB, $T passes, $P lanes"
"$B/mkvault" "$S/c.vault" 0 "$N" "$M" "$T" "$P" > /dev/null
cp "$S/c.vault" "$D/c.vault"
[ "$KPX" = 1 ] && $PY tests/bench/mkkdbx.py "$D/k.kdbx" "$N" "$M" "$T" \
    "$P" > /dev/null

sess() { $PY tests/bench/session.py "$RUNS" "$N" "$@"; }
say "session: cvault shell, vault on disk"
c=$(sess "cvault> " 'get "%s"' -- "$CV" -f "$D/c.vault" shell)
say "session: cvault shell, vault on tmpfs"
ct=$(sess "cvault> " 'get "%s"' -- "$CV" -f "$S/c.vault" shell)
k=
if [ "$KPX" = 1 ]; then
	say "session: keepassxc-cli open"
	k=$(sess "Passwords> " 'show -s -a Password "%s"' -- keepassxc-cli \
	    open "$D/k.kdbx")
fi

echo "## One session at $N entries (Argon2id $M MiB, $T passes, $P lanes)"
echo
echo "Through a pseudo-terminal, from Enter to the next prompt; $RUNS gets" \
    "of different entries and $(( RUNS / 5 > 3 ? RUNS / 5 : 3 )) listings" \
    "in one session (ms; median, then min - max). Load average at the" \
    "end: $(cut -d' ' -f1-3 /proc/loadavg)."
echo
echo "| session | first unlock | get (median) | get (min - max) |" \
    "ls (median) | ls (min - max) |"
echo "|---|---:|---:|---:|---:|---:|"
set -- $c
echo "| \`cvault shell\`, vault on disk | $1 | $2 | $3 - $4 | $5 | $6 - $7 |"
set -- $ct
echo "| \`cvault shell\`, vault on tmpfs | $1 | $2 | $3 - $4 | $5 | $6 - $7 |"
if [ -n "$k" ]; then
	set -- $k
	echo "| \`keepassxc-cli open\` $(keepassxc-cli --version), on disk |" \
	    "$1 | $2 | $3 - $4 | $5 | $6 - $7 |"
fi
