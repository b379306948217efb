#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/faults/concurrency.sh - two writers at once.
#  1. Library: two writers each add 60 entries to one vault at the same
#     time; each add commits or is refused as BUSY (reported), and at the
#     end the vault holds exactly the entries reported committed.
#  2. Program: ROUNDS (20) times, two `cvault add` of different titles
#     start together; each exits 0 or 7 (busy), and `cvault ls` then lists
#     exactly the titles whose add exited 0.
#  3. Program: while another process holds the write lock for 4 s, `cvault
#     add` exits 7 (after the 2 s busy timeout) and changes nothing; once
#     the lock is gone the same add succeeds.
set -u
. tests/faults/lib.sh
T=$(fault_tmp)
trap 'rm -rf "$T"' EXIT
"$W" create "$T/v" || { fail "concurrency: set-up"; done_tap; exit 1; }

# 1. library
"$W" add "$T/v" a 60 3>"$T/a" 2>"$T/a.err" & pa=$!
"$W" add "$T/v" b 60 3>"$T/b" 2>"$T/b.err" & pb=$!
wait "$pa"; sa=$?
wait "$pb"; sb=$?
grep -hv '^busy$' "$T/a" "$T/b" | sort > "$T/committed"
"$W" list "$T/v" | sort > "$T/listed"
busy=$(cat "$T/a" "$T/b" | grep -c '^busy$')
echo "# library: $(wc -l < "$T/committed") adds committed, $busy refused as busy"
[ "$sa" -eq 0 ] && [ "$sb" -eq 0 ] && cmp -s "$T/committed" "$T/listed"
check $? "concurrency (library): two writers, every committed add is there, nothing else"
[ "$sa" -eq 0 ] && [ "$sb" -eq 0 ] || cat "$T/a.err" "$T/b.err" | sed 's/^/#   /'

# 2. program
ROUNDS=${CONC_ROUNDS:-20}
bad=0 ok=0 busy=0
: > "$T/want"
r=0
while [ "$r" -lt "$ROUNDS" ]; do
	r=$((r + 1))
	printf '%s\n' "$CLERK" "Conc-passw0rd-x$r!" | "$CV" -f "$T/v" --passphrase-fd 0 add "x$r" --allow-weak >/dev/null 2>"$T/ex" & px=$!
	printf '%s\n' "$CLERK" "Conc-passw0rd-y$r!" | "$CV" -f "$T/v" --passphrase-fd 0 add "y$r" --allow-weak >/dev/null 2>"$T/ey" & py=$!
	wait "$px"; sx=$?
	wait "$py"; sy=$?
	for p in "x:$sx" "y:$sy"; do
		case ${p#*:} in
		0) echo "${p%%:*}$r" >> "$T/want"; ok=$((ok + 1)) ;;
		7) busy=$((busy + 1)) ;;
		*) bad=$((bad + 1)); echo "# round $r: add ${p%%:*}$r exited ${p#*:}: $(cat "$T/e${p%%:*}")" ;;
		esac
	done
done
"$W" list "$T/v" | grep -E '^[xy][0-9]+$' | sort > "$T/got"
sort "$T/want" > "$T/want.s"
echo "# program: $ROUNDS rounds: $ok adds exited 0, $busy exited 7"
[ "$bad" -eq 0 ] && cmp -s "$T/want.s" "$T/got"
check $? "concurrency (cvault): two adds at once exit 0 or 7, and ls lists exactly the 0s"

# 3. a lock held for longer than the busy timeout
( "$W" hold "$T/v" 4 > "$T/held" ) &
ph=$!
i=0
while [ ! -s "$T/held" ] && [ "$i" -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
before=$(cksum < "$T/v")
printf '%s\n' "$CLERK" "Locked-passw0rd!" | "$CV" -f "$T/v" --passphrase-fd 0 add locked --allow-weak >/dev/null 2>"$T/e"; st=$?
after=$(cksum < "$T/v")
[ "$st" -eq 7 ] && [ "$before" = "$after" ]
check $? "concurrency (cvault): a held lock gives exit 7 and no change (got $st)"
wait "$ph"
printf '%s\n' "$CLERK" "Locked-passw0rd!" | "$CV" -f "$T/v" --passphrase-fd 0 add locked --allow-weak >/dev/null 2>"$T/e"; st=$?
check "$st" "concurrency (cvault): once the lock is released, the add succeeds"
done_tap
