#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/cli_merge.sh - copies of one vault on "two computers" (two HOMEs,
# so two records of what each computer has seen): the clerk adds, edits
# and deletes in one; the holders open it through escrow and reveal a
# password in the other; `cvault merge` both ways gives the same entries
# and the same set of events, the escrow opening reaches the clerk's
# notice, merging again changes nothing; a different vault and a
# tampered copy are refused with nothing written; the conflict copies of
# OneDrive, Dropbox, Google Drive, Nextcloud and Syncthing are noticed
# (by vault id, not by name alone); and `cvault merge --git` as git's
# merge driver in a real repository. Prints TAP.
set -u
. tests/tap.sh

CLERK='velvet-marsh-tango-pylon'
P_CHAIR='harbor-quill-sprocket-lava' P_DEPUTY='tundra-falcon-opal-ledger'
printf '%s\n' "$CLERK" > pass
sum() { sha256sum "$1" | cut -d' ' -f1; }
# on A|B ARGS...: the clerk on computer A (folder a) or B (folder b)
on() {
	where=$1; shift
	( cd "$T/work/$where" && HOME="$T/home-$where" && export HOME &&
	  "$CV" -f council.vault --passphrase-fd 3 "$@" 3<"$T/work/pass" ) >out 2>err
	rc=$?
}
holders_on() {
	where=$1; shift
	( cd "$T/work/$where" && HOME="$T/home-$where" && export HOME &&
	  printf '%s\n' "$P_CHAIR" "$P_DEPUTY" | "$CV" -f council.vault --passphrase-fd 0 --escrow chair,deputy "$@" ) >out 2>err
	rc=$?
}
secret() {	# secret A|B TITLE PASSWORD [edit --password | add]
	where=$1 title=$2 pw=$3; shift 3
	( cd "$T/work/$where" && HOME="$T/home-$where" && export HOME &&
	  printf '%s\n' "$CLERK" "$pw" | "$CV" -f council.vault --passphrase-fd 0 "$@" "$title" ) >out 2>err
	rc=$?
}
# state A|B: entries with passwords and history, and the events (not the
# openings and merges each side makes), sorted, into state.A / state.B
# (read with --read-only: looking adds nothing to either log)
state() {
	on "$1" --read-only ls; cp out "ls.$1"
	: > "state.$1"
	while IFS= read -r t; do
		on "$1" --read-only get "$t"; printf '%s\t%s\n' "$t" "$(cat out)" >> "state.$1"
		on "$1" --read-only history "$t"; sed "s/^/$t history: /" out >> "state.$1"
	done < "ls.$1"
	on "$1" --read-only --json log
	tr '{' '\n' < out | grep '"event"' | grep -v '"event":"open"' |
	    grep -v '"event":"merge"' | sed 's/"seq":[0-9]*,//; s/,"merged":true//; s/}.*//' |
	    sort >> "state.$1"
}

mkdir a b
run sh -c "printf '%s\n' '$CLERK' '$P_CHAIR' '$P_DEPUTY' | '$CV' -f a/council.vault --passphrase-fd 0 init --council 'Little Snoring PC' $KDF --holder chair='G. Walker' --holder deputy='P. Jones' --threshold 2"
is "init on computer A" 0
secret a Bank 'LbYXdw2Kc7c6fQHa' add
secret a Email '_msb-nXJn37@FMqm' add
secret a Website 'Hv3$Tn8@Qe5#Ys1b' add
is "three entries" 0
cp a/council.vault b/council.vault
on b ls
is "the copy opens on computer B" 0
sleep 1
# Computer A: the clerk adds, edits and deletes.
secret a Payroll 'Zq8#vLm2@pR7!xKw' add
secret a Bank 'x9!Tq2#vLm7@pR4z' edit --password
on a rm Email --yes
is "A: add, edit, delete" 0
# Computer B: the holders open it and reveal; the clerk edits too.
holders_on b get Bank
is "B: the holders open it through escrow and reveal Bank" 0
secret b Website 'Rk6^Md2*Wf9&Lc4p' edit --password
secret b 'Hall booking' 'Bq5!Xz8%Np3@Vt7m' add
is "B: the clerk edits and adds" 0
sleep 1
secret a Website 'Jw4#Gs9$Kd2^Pf6n' edit --password
is "A: a later edit of the same entry" 0

# Each computer gets the other's file as a sync program would leave it.
cp b/council.vault "a/council (Jane's conflicted copy 2026-12-01).vault"
cp a/council.vault "b/council-LAPTOP-7.vault"
a_before=$(sum a/council.vault)
on a ls
grep -q "council (Jane's conflicted copy 2026-12-01).vault (a Dropbox conflict copy)" err &&
    pass "opening on A notices the conflict copy" || fail "opening on A notices the conflict copy"
grep -q "merge \"./council (Jane's conflicted copy 2026-12-01).vault\"" err &&
    pass "and says which command merges it" || fail "and says which command merges it"
on a merge "council (Jane's conflicted copy 2026-12-01).vault"
is "A merges B's copy" 0
grep -q "1 entry added, 1 updated, 0 deleted" err && pass "A: B's new entry added, the edit decided" ||
    fail "A: counts ($(head -1 err))"
grep -q "saw \"Bank\": password \[in a copy merged in\]" err &&
    pass "the escrow opening made on B is shown to the clerk on A" || fail "escrow notice after merge"
on a ls
grep -q "opened through escrow shares" err && pass "and again at the next opening" ||
    fail "and again at the next opening"
on b merge council-LAPTOP-7.vault
is "B merges A's copy (the other direction)" 0
grep -q "1 entry added, 2 updated, 1 deleted" err && pass "B: A's entry added, edits decided, the deletion carried over" ||
    fail "B: counts ($(head -1 err))"
state a; state b
diff state.a state.b >/dev/null && pass "both directions give the same entries, passwords, histories and events" ||
    { fail "both directions agree"; diff state.a state.b | head -20 | sed 's/^/#   /'; }
grep -q "^Website	Jw4#Gs9\$Kd2^Pf6n$" state.a && pass "the most recent edit wins" || fail "the most recent edit wins"
grep -q "^Website history: .*Rk6^Md2\*Wf9&Lc4p" state.a && pass "the other password goes into the history" ||
    fail "the other password goes into the history"
grep -q "^Email" state.a && fail "a deletion carries over" || pass "a deletion carries over"
grep -q '"event":"reveal","escrow":true' state.b && pass "the escrow reveal is in both logs" ||
    fail "the escrow reveal is in both logs"
cp state.a state.a1
on a merge "council (Jane's conflicted copy 2026-12-01).vault"
grep -q "0 entries added, 0 updated, 0 deleted; 0 log records" err && pass "merging the same copy again changes nothing" ||
    fail "merging again ($(head -1 err))"
state a
diff state.a1 state.a >/dev/null && pass "(same entries and events)" || fail "(same entries and events)"
cp b/council.vault b-now.vault
on a merge ../b-now.vault
is "A merges B's merged file" 0
state a
diff state.a1 state.a >/dev/null && pass "merging the merged copies gives the same vault again" ||
    { fail "merged copies agree"; diff state.a1 state.a | head | sed 's/^/#   /'; }
on a verify
is "A verifies after the merges" 0
on b verify
is "B verifies after the merge" 0

# --- holders may merge too, recorded as an escrow change -----------------------
sleep 1
secret a 'Parish hall' 'Hk4!Vw8#Rz2$Tq6m' add
cp a/council.vault a-copy.vault
holders_on b merge ../a-copy.vault
is "the holders merge a copy through escrow" 0
grep -q "1 entry added" err && pass "their merge brings the new entry" || fail "their merge brings the new entry"
on b log
grep -q "merge *ESCROW *escrow: chair, deputy  \"a-copy.vault\"" out &&
    pass "their merge is recorded as an escrow change" || fail "their merge is recorded as an escrow change"
grep -q "  merge \"a-copy.vault\"" err && pass "and shown to the clerk" ||
    fail "and shown to the clerk"

# --- refused, with nothing written ---------------------------------------------
run sh -c "printf '%s\n' '$CLERK' | '$CV' -f other.vault --passphrase-fd 0 init --council 'Little Snoring PC' $KDF"
before=$(sum a/council.vault)
on a merge ../other.vault
is "a different vault is refused" 2
grep -q "another vault" err && pass "says it is another vault" || fail "says it is another vault"
[ "$(sum a/council.vault)" = "$before" ] && pass "nothing written (sha256 unchanged)" || fail "nothing written"
cp b/council.vault tampered.vault
sqlite3 tampered.vault "UPDATE log SET record = zeroblob(80) WHERE seq = 3"
on a merge ../tampered.vault
is "a tampered copy is refused (exit 5)" 5
[ "$(sum a/council.vault)" = "$before" ] && pass "nothing written (sha256 unchanged)" || fail "nothing written"
cp b/council.vault tampered2.vault
sqlite3 tampered2.vault "DELETE FROM entry WHERE id = (SELECT min(id) FROM entry)"
on a merge ../tampered2.vault
is "a copy with an entry removed behind its state is refused (exit 5)" 5
[ "$(sum a/council.vault)" = "$before" ] && pass "nothing written (sha256 unchanged)" || fail "nothing written"

# --- conflict copies: each program's naming, checked by vault id ----------------
mkdir c
cp a/council.vault c/council.vault
for name in "council-LAPTOP-7.vault:OneDrive" \
    "council (Jane's conflicted copy 2026-12-01).vault:Dropbox" \
    "council(1).vault:Google Drive" "council (2).vault:Google Drive" \
    "council (conflicted copy 2026-12-01 101010).vault:Nextcloud" \
    "council.sync-conflict-20261201-101010-ABCDEFG.vault:Syncthing"; do
	f=${name%%:*} prog=${name#*:}
	cp a/council.vault "c/$f"
	on c ls
	grep -qF "$f (a $prog conflict copy)" err && pass "$prog: $f is noticed" ||
	    fail "$prog: $f is noticed"
	rm "c/$f"
	cp other.vault "c/$f"
	on c ls
	grep -q "conflict copy" err && fail "$prog: another vault with that name is not" ||
	    pass "$prog: another vault with that name is not"
	rm "c/$f"
done
cp a/council.vault "c/notes (conflicted copy).txt"
cp a/council.vault c/Little-Snoring-PC-2026-12-01.vault
on c ls
grep -q "conflict copy" err && fail "other names and backups are not conflict copies" ||
    pass "other names and backups are not conflict copies"

# --- git: the merge driver in a real repository --------------------------------
if command -v git >/dev/null; then
	mkdir repo && cd repo
	git init -q -b main . && git config user.email clerk@example.org &&
	    git config user.name Clerk
	cp ../a/council.vault council.vault
	echo '*.vault binary merge=cvault' > .gitattributes
	git config merge.cvault.name "cvault vault merge"
	git config merge.cvault.driver "'$CV' --passphrase-fd 3 merge --git %O %A %B"
	git add . && git commit -qm vault
	git checkout -qb laptop
	run sh -c "printf '%s\n' '$CLERK' 'Fn2@Rv7#Zx4\$Wk8s' | HOME='$T/home-git' '$CV' -f council.vault --passphrase-fd 0 add 'Laptop entry'"
	git commit -qam "laptop"
	git checkout -q main
	run sh -c "printf '%s\n' '$CLERK' 'Ty8&Lm3!Hc5%Qb9w' | HOME='$T/home-git' '$CV' -f council.vault --passphrase-fd 0 add 'Office entry'"
	git commit -qam "office"
	HOME="$T/home-git" git merge -q --no-edit laptop >../out 2>../err 3<"$T/work/pass"
	rc=$?
	cd ..
	is "git merge runs the driver and succeeds" 0
	grep -q "Merged .*(git): 1 entry added" err && pass "the driver merged the other branch's change" ||
	    fail "the driver merged ($(head -3 err | tr '\n' ' '))"
	git -C repo status --porcelain -- council.vault .gitattributes > st
	git -C repo log -1 --format=%s > msg
	[ ! -s st ] && grep -q "^Merge" msg && pass "git committed the merge" ||
	    fail "git committed the merge"
	run sh -c "printf '%s\n' '$CLERK' | HOME='$T/home-git' '$CV' -f repo/council.vault --passphrase-fd 0 ls"
	grep -q "^Laptop entry$" out && grep -q "^Office entry$" out &&
	    pass "the result holds both branches' changes" || fail "the result holds both changes"
	run sh -c "printf '%s\n' '$CLERK' | HOME='$T/home-git' '$CV' -f repo/council.vault --passphrase-fd 0 verify"
	is "and verifies" 0
else
	fail "git is not installed (scripts/install-deps installs it)"
fi

tap_end
