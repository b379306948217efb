#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/cli_backup.sh - `cvault backup` (a verified copy made with SQLite's
# online backup API, named after the council and the date, while another
# process writes; --keep N), checking a backup never changes it (verify of
# a file that is not the live vault, and --read-only, leave it
# byte-identical), the last backup in the annual report, and `cvault
# restore` (a round trip that the clerk's rollback check accepts, the
# replaced file kept, the restore in the log). Prints TAP.
set -u
. tests/tap.sh

CLERK='velvet-marsh-tango-pylon'
V="-f council.vault --passphrase-fd 0"
clerk() { run sh -c "printf '%s\n' '$CLERK' | '$CV' $V $*"; }
sum() { sha256sum "$1" | cut -d' ' -f1; }

run sh -c "printf '%s\n' '$CLERK' | '$CV' $V init --council 'Llanfair Parish Council' $KDF"
is "init" 0
for t in Bank:LbYXdw2Kc7c6fQHa Email:_msb-nXJn37@FMqm Payroll:Zq8#vLm2@pR7!xKw; do
	run sh -c "printf '%s\n' '$CLERK' '${t#*:}' | '$CV' $V add ${t%%:*}"
done
is "three entries" 0

# --- backup into the configured folder, named after the council and date -----
clerk backup
is "backup without a folder configured is refused" 4
grep -q "cvault config backup-dir" err && pass "the message names the setting" ||
    fail "the message names the setting"
mkdir bk
clerk config backup-dir bk
is "config backup-dir" 0
clerk config backup-dir
same "the setting is the folder's absolute path" "$T/work/bk"
day=$(date +%Y-%m-%d)
clerk backup
is "backup into the folder" 0
B1="$T/work/bk/Llanfair-Parish-Council-$day.vault"
same "named after the council and the date" "$B1"
[ "$(stat -c %a "$B1")" = 600 ] && pass "the backup is mode 0600" || fail "mode 0600"
clerk backup
same "a second backup the same day gets a counter" "$T/work/bk/Llanfair-Parish-Council-$day-2.vault"
clerk backup bk/explicit.vault
is "backup to a named file" 0
clerk backup bk/explicit.vault
is "a backup never replaces a file (exit 1)" 1
grep -q "already exists" err && pass "says the file exists" || fail "says the file exists"
ln -s "$T/work/elsewhere" bk/link.vault
clerk backup bk/link.vault
is "nor writes through a symbolic link" 1
[ ! -e "$T/work/elsewhere" ] && pass "nothing was created behind the link" ||
    fail "nothing was created behind the link"

# --- checking a backup never changes it ---------------------------------------
before=$(sum "$B1")
run sh -c "printf '%s\n' '$CLERK' | '$CV' -f '$B1' --passphrase-fd 0 verify"
is "verify of the backup" 0
grep -q "read-only" err && grep -q "not the live vault" err &&
    pass "verify says it opened the backup read-only" || fail "read-only note"
[ "$(sum "$B1")" = "$before" ] && pass "the backup is byte-identical after verify" ||
    fail "the backup is byte-identical after verify"
run sh -c "printf '%s\n' '$CLERK' | '$CV' -f '$B1' --passphrase-fd 0 --read-only ls"
is "--read-only ls of the backup" 0
run sh -c "printf '%s\n' '$CLERK' | '$CV' -f '$B1' --passphrase-fd 0 --read-only get Bank"
is "--read-only get of the backup" 0
[ "$(sum "$B1")" = "$before" ] && pass "and after --read-only ls and get" ||
    fail "and after --read-only ls and get"
run sh -c "printf '%s\n' '$CLERK' 'x9!Tq2#vLm7@pR4z' | '$CV' -f '$B1' --passphrase-fd 0 --read-only add New"
[ "$rc" -ne 0 ] && [ "$(sum "$B1")" = "$before" ] &&
    pass "--read-only refuses a change, file unchanged" || fail "--read-only refuses a change"
live=$(sum council.vault)
clerk verify
is "verify of the live vault" 0
grep -q "read-only" err && fail "the live vault is verified as usual" ||
    pass "the live vault is verified as usual"
[ "$(sum council.vault)" != "$live" ] && pass "(its opening is recorded as before)" ||
    fail "(its opening is recorded as before)"

# --- --keep N: only this vault's backups, the newest N -------------------------
cp -p "$B1" saved.vault
run sh -c "printf '%s\n' '$CLERK' | '$CV' -f other.vault --passphrase-fd 0 init --council 'Llanfair Parish Council' $KDF"
cp other.vault "bk/Llanfair-Parish-Council-2000-01-01.vault"
cp "$B1" "bk/Llanfair-Parish-Council-2001-01-01.vault"
cp "$B1" "bk/notes-2001-01-01.vault"
clerk backup --keep 2
is "backup --keep 2" 0
ls bk | sort > kept
lines "Llanfair-Parish-Council-2000-01-01.vault" "Llanfair-Parish-Council-$day-2.vault" \
    "Llanfair-Parish-Council-$day-3.vault" explicit.vault link.vault notes-2001-01-01.vault > want
diff want kept >/dev/null && pass "keeps the newest 2 of this vault; another vault's and other names untouched" ||
    { fail "retention"; diff want kept | sed 's/^/#   /'; }

# --- backup while another process writes --------------------------------------
( for i in 1 2 3 4 5 6 7 8; do
	printf '%s\n' "$CLERK" "Pw-$i-q8!Zr2vLm" | "$CV" $V add "Busy $i" >/dev/null 2>&1
  done ) &
writer=$!
ok=0
for i in 1 2 3 4 5 6; do
	printf '%s\n' "$CLERK" | "$CV" $V backup "bk/busy-$i.vault" >/dev/null 2>err.$i && ok=$((ok + 1))
done
wait $writer
[ "$ok" -ge 5 ] && pass "backups while another process writes succeed ($ok of 6)" ||
    fail "backups while another process writes ($ok of 6)"
good=0
for f in bk/busy-*.vault; do
	printf '%s\n' "$CLERK" | "$CV" -f "$f" --passphrase-fd 0 verify >/dev/null 2>&1 && good=$((good + 1))
done
[ "$good" -eq "$ok" ] && pass "every one of them verifies" || fail "every backup verifies ($good of $ok)"

# --- the annual report shows the last backup -----------------------------------
clerk report
grep -q "Last backup (cvault backup) *$day" out && pass "the report shows the last backup" ||
    fail "the report shows the last backup"
clerk --json report
grep -q '"last_backup":"' out && pass "and its JSON" || fail "and its JSON"
clerk config last-backup 0
is "last-backup cannot be set by hand" 2

# --- restore --------------------------------------------------------------------
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V rm Payroll --yes"
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V restore saved.vault"
is "restore without a terminal needs --yes (exit 2)" 2
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V restore other.vault --yes"
is "restore of another vault's backup is refused" 2
cp saved.vault bad.vault
sqlite3 bad.vault "UPDATE entry SET body = zeroblob(60) WHERE id = (SELECT min(id) FROM entry)"
cur=$(sum council.vault)
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V restore bad.vault --yes"
is "restore of a damaged backup is refused (exit 5)" 5
[ "$(sum council.vault)" = "$cur" ] && pass "nothing was changed" || fail "nothing was changed"
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V restore saved.vault --yes"
is "restore --yes" 0
grep -q "entries *3 *10" err && pass "shows the counts of both" ||
    { fail "shows the counts of both"; cat err | sed 's/^/#   /'; }
[ -f "council.vault.replaced-$day" ] && pass "the replaced file is kept beside it" ||
    fail "the replaced file is kept beside it"
[ "$(sum "council.vault.replaced-$day")" = "$cur" ] && pass "byte for byte" || fail "byte for byte"
clerk ls
is "the restored vault opens" 0
grep -q "older than the one you last used" err && fail "the rollback check accepts it" ||
    pass "the rollback check accepts it"
grep -c . out | grep -qx 3 && pass "with the backup's three entries" || fail "with the backup's three entries"
clerk verify
is "verify after restore" 0
clerk log
grep -q "restore-accepted" out && pass "the restore is in the log" || fail "the restore is in the log"
[ "$(sum saved.vault)" = "$before" ] && pass "the backup itself was not changed" ||
    fail "the backup itself was not changed"

# A lost file: restore puts the backup in place.
mkdir lost
run sh -c "printf '%s\n' '$CLERK' | '$CV' -f lost/council.vault --passphrase-fd 0 restore saved.vault --yes"
is "restore with no current file" 0
grep -q "not readable" err && pass "says the current file is not there" || fail "says the current file is not there"
run sh -c "printf '%s\n' '$CLERK' | '$CV' -f lost/council.vault --passphrase-fd 0 ls"
grep -c . out | grep -qx 3 && pass "and it opens with the backup's entries" || fail "the restored file opens"

tap_end
