#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/faults/crash.sh - crash consistency. A writer (tests/faults/writer
# ops: adds, password changes, deletions and passphrase changes, each one
# transaction) is killed with SIGKILL after a random delay, ROUNDS times
# (default 300). After each kill the vault must open and hold exactly the
# state after the last operation the writer reported committed, or the
# one after it (in flight when the kill came, committed but unreported),
# with vault_verify clean; the next writer goes on from there. A fresh
# vault is started every 15 rounds so the checks stay quick. The vault is
# on $TMPDIR (default /tmp), a real file system, so that fsync takes time
# and most kills land inside a transaction.
# SIGKILL stops the process, not the machine: what the kernel has been
# given is kept, so this proves the journal protocol and the library's
# transaction boundaries, not the disk's honouring of fsync.
# The delays come from VAULT_TEST_SEED (printed; set it to replay).
set -u
. tests/faults/lib.sh
ROUNDS=${CRASH_ROUNDS:-300}
SEED=${VAULT_TEST_SEED:-$(date +%s)}
echo "# crash: $ROUNDS rounds, VAULT_TEST_SEED=$SEED"
T=$(mktemp -d "${TMPDIR:-/tmp}/cvault-crash-XXXXXX")
trap 'rm -rf "$T"' EXIT
# Delays in ms, uniform 0..300: the writer spends about the first third
# starting and unlocking (Argon2id), so kills land in both phases.
awk -v s="$SEED" -v n="$ROUNDS" 'BEGIN { srand(s); for (i = 0; i < n; i++) printf "%d\n", rand() * 300 }' > "$T/delays"
bad=0 k=0 r=0 kills_mid=0 ops=0 fresh=0
start=$(date +%s)
while read -r ms; do
	r=$((r + 1))
	if [ $(( (r - 1) % 15 )) -eq 0 ]; then
		rm -f "$T/v" "$T/v-journal"
		"$W" create "$T/v" || { bad=$((bad + 1)); break; }
		k=0 fresh=$((fresh + 1))
	fi
	: > "$T/rep"
	"$W" ops "$T/v" $((k + 1)) 3>"$T/rep" 2>"$T/err" &
	pid=$!
	sleep "$(printf '0.%03d' "$ms")"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null; st=$?
	if [ "$st" -ne 137 ]; then
		echo "# round $r: writer exited $st before the kill: $(head -c 300 "$T/err")"
		bad=$((bad + 1))
	fi
	last=$(tail -n 1 "$T/rep")
	last=${last:-$k}
	[ -e "$T/v-journal" ] && kills_mid=$((kills_mid + 1))
	if m=$("$W" check "$T/v" "$last" > "$T/chk" 2>&1; tail -n 1 "$T/chk") &&
	    [ "$m" -eq "$m" ] 2>/dev/null && ! grep -q '^#' "$T/chk"; then
		ops=$((ops + m - k))
		k=$m
	else
		echo "# round $r (delay ${ms}ms, reported $last):"
		sed 's/^/#   /' "$T/chk"
		cp "$T/v" "${TMPDIR:-/tmp}/cvault-crash-round-$r.vault" 2>/dev/null &&
		    echo "#   vault kept as ${TMPDIR:-/tmp}/cvault-crash-round-$r.vault"
		bad=$((bad + 1))
		rm -f "$T/v" "$T/v-journal"
		"$W" create "$T/v"
		k=0
	fi
done < "$T/delays"
echo "# crash: $r kills in $(( $(date +%s) - start ))s over $fresh fresh vaults; $ops operations committed; $kills_mid kills left a hot journal behind"
check "$bad" "crash: after every SIGKILL the vault holds exactly a committed prefix"
done_tap
