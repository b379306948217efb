#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/cli_tamper.sh - the security review of issue 9, replayed with
# nothing but the stock cvault program and the sqlite3 shell (Argon2id at
# 8 MiB): each attack that once went unseen must now be reported to the
# clerk and fail `verify`, or be refused. Also the format-1 fixture
# (tests/vectors/format1), opened and upgraded.
set -u
. tests/tap.sh

CLERK='velvet-marsh-tango-pylon'
P_CHAIR='harbor-quill-sprocket-lava' P_DEPUTY='tundra-falcon-opal-ledger'
V="-f v --passphrase-fd 0"
FX="$OLDPWD/tests/vectors/format1"
clerk() { run sh -c "printf '%s\n' '$CLERK' | '$CV' $V $*"; }
holders() { run sh -c "printf '%s\n' '$P_CHAIR' '$P_DEPUTY' | '$CV' $V --escrow chair,deputy $*"; }
seq_max() { sqlite3 v "SELECT max(seq) FROM log"; }
# fresh NAME: a vault with holders and two entries, and an empty record
# of what this computer has seen (a new HOME)
fresh() {
	rm -f v; export HOME="$T/home-$1"
	run sh -c "printf '%s\n' '$CLERK' '$P_CHAIR' '$P_DEPUTY' | '$CV' $V init --council 'Little Snoring PC' $KDF --holder chair='G. Walker' --holder deputy='P. Jones' --threshold 2"
	run sh -c "printf '%s\n' '$CLERK' 'LbYXdw2Kc7c6fQHa' | '$CV' $V add 'Lloyds online banking'"
	run sh -c "printf '%s\n' '$CLERK' '_msb-nXJn37@FMqm' | '$CV' $V add Email"
}

# --- 1. cutting the log after the clerk's checkpoint ------------------------
fresh cut
clerk ls
seen=$(seq_max)
holders get "'Lloyds online banking'"
is "holders open and read a password" 0
[ "$(seq_max)" -gt "$seen" ] && pass "their opening is in the log" || fail "their opening is in the log"
sqlite3 v "DELETE FROM log WHERE seq > $seen"
clerk ls
grep -q "removed from the end of the activity log" err
ok_if "1: a cut log is shown to the clerk" [ $? -eq 0 ]
is "1: and no listing comes from the cut file (exit 5)" 5
clerk verify
is "1: verify exits 5" 5
grep -q "records removed after the vault's last saved state" err
ok_if "1: verify says what was found" [ $? -eq 0 ]
holders ls
is "1: holders cannot open (and so record over) a cut file" 5
clerk log --ack
is "1: the clerk accepts the file as it is" 0
clerk verify
is "1: after accepting, verify passes (no false alarm from this computer's record)" 0
clerk log
grep -q "acknowledge" out
ok_if "1: the acceptance is in the log" [ $? -eq 0 ]

# --- 2. a read-only file -----------------------------------------------------
# Root ignores permission bits, so as root the program runs as "nobody".
fresh ro
mkdir ro && cp v ro/v && cp "$CV" ro/cvault
if [ "$(id -u)" -eq 0 ]; then
	chmod 755 "$T" "$T/work" ro && chmod 644 ro/v
	AS="setpriv --reuid=nobody --regid=nogroup --clear-groups"
else
	chmod 444 ro/v && chmod 555 ro
	AS=""
fi
before=$(sha256sum < ro/v)
run sh -c "printf '%s\n' '$P_CHAIR' '$P_DEPUTY' | HOME=/nonexistent $AS ro/cvault -f ro/v --passphrase-fd 0 --escrow chair,deputy get 'Lloyds online banking'"
is "2: an escrow opening of a read-only file is refused (exit 1)" 1
[ ! -s out ] && pass "2: no password is printed" || fail "2: no password is printed"
grep -q "must be recorded in the vault, so nothing was opened" err && ! grep -q "is recorded" err
ok_if "2: the message says why, and never that it is recorded" [ $? -eq 0 ]
[ "$(sha256sum < ro/v)" = "$before" ] && pass "2: the file is unchanged" || fail "2: the file is unchanged"
chmod -R u+w ro

# --- 3. rolling back the clerk's keyslot row ---------------------------------
fresh keyslot
clerk ls
cp v before.vault
seen=$(seq_max)
holders get "'Lloyds online banking'"
clerk ls
grep -q "opened through escrow" err
ok_if "3: the clerk sees the escrow notice (not acknowledged)" [ $? -eq 0 ]
sqlite3 v "ATTACH 'before.vault' AS b; DELETE FROM keyslot; INSERT INTO keyslot SELECT * FROM b.keyslot; DELETE FROM log WHERE seq > $seen"
clerk ls
grep -q "Please read" err && grep -q "WARNING" err
ok_if "3: the next session warns" [ $? -eq 0 ]
clerk verify
is "3: verify exits 5" 5
# ... and with the state row put back too, the file is a whole older copy:
# only this computer's record of what the clerk saw can tell.
sqlite3 v "ATTACH 'before.vault' AS b; DELETE FROM state; INSERT INTO state SELECT * FROM b.state"
clerk ls
grep -q "older than the one you last used on this computer" err
ok_if "3: a whole rollback is caught by the clerk's out-of-file record" [ $? -eq 0 ]
clerk verify
is "3: verify exits 5 for it" 5
grep -q "older than the copy this computer last saw" err
ok_if "3: verify says so" [ $? -eq 0 ]
clerk accept-restore
is "3: the clerk can accept a restore made on purpose" 0
clerk verify
is "3: after accepting, verify passes" 0
clerk log
grep -q "restore-accepted" out
ok_if "3: the acceptance is in the log" [ $? -eq 0 ]

# --- 4. deleting the whole log ------------------------------------------------
fresh nolog
holders ls
sqlite3 v "DELETE FROM log"
clerk verify
is "4: verify exits 5 for an emptied log" 5

# --- 5. an older entry table, its rows, and old escrow rows --------------------
fresh rows
cp v old.vault
run sh -c "printf '%s\n' '$CLERK' 'Zq8#vLm2@pR7!xKw' | '$CV' $V edit Email --password"
clerk rm "'Lloyds online banking'" --yes
sqlite3 v "ATTACH 'old.vault' AS o; DELETE FROM entry; INSERT INTO entry SELECT * FROM o.entry"
clerk get Email
is "5: get refuses the older password (exit 5)" 5
[ ! -s out ] && pass "5: nothing is printed" || fail "5: nothing is printed"
clerk verify
is "5: verify exits 5" 5
# The entry table and the state row both from the older copy.
sqlite3 v "ATTACH 'old.vault' AS o; DELETE FROM state; INSERT INTO state SELECT * FROM o.state"
clerk get Email
is "5: with the old state row too, get still refuses" 5
clerk verify
is "5: and verify exits 5" 5
# An older body under the row's newer summary.
fresh body
cp v old.vault
run sh -c "printf '%s\n' '$CLERK' 'Zq8#vLm2@pR7!xKw' | '$CV' $V edit Email --password"
sqlite3 v "ATTACH 'old.vault' AS o; UPDATE entry SET body = (SELECT body FROM o.entry WHERE o.entry.id = entry.id)"
clerk get Email
is "5: an old body under a new summary is refused" 5
# Old escrow and holder rows put back after `escrow remove`.
fresh escrow
cp v old.vault
clerk escrow remove --yes
is "escrow remove" 0
sqlite3 v "ATTACH 'old.vault' AS o; INSERT INTO escrow SELECT * FROM o.escrow; INSERT INTO holder SELECT * FROM o.holder"
holders get Email
is "5: old holder rows put back do not open the live file" 5
[ ! -s out ] && pass "5: nothing is printed to the holders" || fail "5: nothing is printed to the holders"
clerk verify
is "5: verify exits 5 for them" 5

# --- 7. acknowledging exactly what was shown: tests/t_state.c (the race
# needs an opening between the notice and the answer) ------------------

# --- 8. passwd inside an escrow session ----------------------------------------
fresh passwd
run sh -c "printf '%s\n' '$P_CHAIR' '$P_DEPUTY' 'new-clerk-passphrase-nine' | '$CV' $V --escrow chair,deputy passwd"
is "8: passwd in an escrow session is refused (exit 2)" 2
grep -q "handover" err
ok_if "8: the message points to handover" [ $? -eq 0 ]
clerk ls
is "8: the clerk's passphrase still opens it" 0

# --- 10. a planted file asking for a huge KDF -----------------------------------
fresh kdf
sqlite3 v "UPDATE keyslot SET memory_kib = 4194304, passes = 16"
run sh -c "printf 'wrong\n' | '$CV' $V ls"
grep -q "more than twice cvault's default" err
ok_if "10: a warning before the KDF runs" [ $? -eq 0 ]
sqlite3 v "UPDATE keyslot SET memory_kib = 8192, passes = 1"

# --- the format-1 fixture: opened, upgraded, still working ---------------------
export HOME="$T/home-fixture"
rm -f v && cp "$FX/council.vault" v
[ "$(sqlite3 v 'SELECT version FROM header')" = 1 ] && pass "fixture is format 1" || fail "fixture is format 1"
clerk get Email
same "a format-1 vault opens and reads" 'Zq8#vLm2@pR7!xKw'
[ "$(sqlite3 v 'SELECT version FROM header')" = 2 ] && pass "and is upgraded to format 2" || fail "upgraded to format 2"
grep -q 'saw "Lloyds online banking": whole entry' err
ok_if "the unacknowledged escrow opening is still shown after the upgrade" [ $? -eq 0 ]
clerk verify
is "the upgraded vault verifies" 0
clerk log
grep -q "format-upgrade" out
ok_if "the upgrade is in the log" [ $? -eq 0 ]
run sh -c "{ printf '%s\n' '$P_CHAIR'; cat '$FX/deputy-share.txt'; } | '$CV' $V --escrow chair --shares - get 'Lloyds online banking'"
same "the old holders' passphrase and paper share still open it" 'LbYXdw2Kc7c6fQHa'
# Through escrow, a format-1 copy is upgraded by the holders' opening.
rm -f v && cp "$FX/council.vault" v
run sh -c "{ printf '%s\n' '$P_CHAIR'; cat '$FX/deputy-share.txt'; } | '$CV' $V --escrow chair --shares - get Email"
same "holders open a format-1 copy" 'Zq8#vLm2@pR7!xKw'
[ "$(sqlite3 v 'SELECT version FROM header')" = 2 ] && pass "their opening upgrades it" || fail "their opening upgrades it"
clerk verify
is "and the clerk's verify passes" 0

tap_end
