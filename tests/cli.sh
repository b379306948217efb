#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/cli.sh - the cvault program end to end, through --passphrase-fd,
# in a private temporary directory. Prints TAP.
set -u
. tests/tap.sh

CLERK='saddle-prism-otter-cavern'
V="-f council.vault --passphrase-fd 0"
cv() { "$CV" "$@"; }

# --- init -----------------------------------------------------------
run sh -c "lines() { printf '%s\n' \"\$@\"; }; lines '$CLERK' | '$CV' $V init --council 'Little Snoring PC' $KDF"
is "init creates a vault" 0
grep -q "below the recommended" err && pass "init warns about cheap KDF settings" || fail "init warns about cheap KDF settings"
[ "$(stat -c %a council.vault)" = 600 ] && pass "vault file is mode 0600" || fail "vault file is mode 0600"
[ -z "$(ls | grep -v -e '^council.vault$' -e '^out$' -e '^err$')" ] && pass "init leaves no side files" || fail "init leaves no side files"
cp council.vault before.vault
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V init --council Other $KDF"
is "init refuses an existing file" 1
cmp -s council.vault before.vault && pass "existing vault untouched" || fail "existing vault untouched"
run sh -c "printf 'short\n' | '$CV' -f weak.vault --passphrase-fd 0 init --council X $KDF"
is "init refuses a short passphrase (policy)" 6
[ ! -e weak.vault ] && pass "no file after a refused init" || fail "no file after a refused init"
run cv -f x.vault init
is "init without --council is a usage error" 2
run sh -c "printf '%s\n' '$CLERK' | '$CV' -f x.vault --passphrase-fd 0 init --council X --kdf-memory 4"
is "init refuses KDF memory below 8 MiB" 2

# --- add / get --------------------------------------------------------
run sh -c "lines() { printf '%s\n' \"\$@\"; }; lines '$CLERK' 'i-uwMckd8rEgVNTS' | '$CV' $V add 'Bank' --username clerk@ls.example --url https://bank.example/login --tag finance --field 'sort code=12-34-56'"
is "add stores an entry" 0
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V get bank"
is "get finds it case-insensitively" 0
same "get prints the password alone" 'i-uwMckd8rEgVNTS'
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V get Bank --field username"
same "get --field username" 'clerk@ls.example'
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V get Bank --field 'sort code'"
same "get --field custom" '12-34-56'
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V get Bank --field notes"
is "get --field of an absent field is not found" 4
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V --json get Bank"
grep -q '"password":"i-uwMckd8rEgVNTS"' out && grep -q '"tags":\["finance"\]' out &&
    grep -q '"fields":{"sort code":"12-34-56"}' out && pass "get --json has the whole entry" || fail "get --json has the whole entry"
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V --json log"
reveals=$(grep -o '"event":"reveal"' out | wc -l)
run sh -c "printf '%s\n' '$CLERK' 'x' | '$CV' $V add 'Bank'"
is "add refuses a duplicate title" 1
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V --json log"
[ "$(grep -o '"event":"reveal"' out | wc -l)" -eq "$reveals" ] && pass "a refused add reveals (and logs) nothing" || fail "a refused add logged a reveal"
run sh -c "printf '%s\n' '$CLERK' 'A-p_xq6bdzSk4w9V' '7391' | '$CV' $V add 'Card' --field 'PIN=-' --field 'branch=Hove'"
is "--field NAME=- reads the value as a secret line" 0
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V get Card --field PIN"
same "the secret field round trips" '7391'
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V rm --yes Card"
run sh -c "printf '%s\n' '$CLERK' '123456' | '$CV' $V add 'Door PIN'"
is "add refuses a weak password (policy)" 6
run sh -c "printf '%s\n' '$CLERK' '123456' | '$CV' $V add 'Door PIN' --allow-weak"
is "add --allow-weak stores it" 0
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V --json get 'door pin'"
grep -q '"weak":true' out && pass "weak password is marked" || fail "weak password is marked"
run cv $V add 'Bank2' --totp 'otpauth://totp/X?secret=ABC'
is "a TOTP secret on argv is refused" 2
run sh -c "printf '%s\n' '$CLERK' 'qVsVRAJ.yqhZ3UdD' 'otpauth://totp/Council?secret=JBSWY3DPEHPK3PXP' | '$CV' $V add 'Payroll' --totp -"
is "add --totp - reads the URI as a secret line" 0
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V get Payroll --field totp"
same "TOTP URI round trip" 'otpauth://totp/Council?secret=JBSWY3DPEHPK3PXP'
UT='Caf\303\251 \342\230\225 Hall'
UTITLE=$(printf "$UT")
run sh -c "printf '%s\n' '$CLERK' 'Ünï-7Qz@kLm2vX9' | '$CV' $V add '$UTITLE'"
is "unicode title" 0
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V get '$UTITLE'"
same "unicode password round trip" 'Ünï-7Qz@kLm2vX9'
head -c 1048576 /dev/urandom | base64 -w 76 | head -c 1048576 > notes.txt
printf '%s\n' "$CLERK" 'hCTFkBGbqS5mDWv7' > pass.txt
run sh -c "'$CV' -f council.vault --passphrase-fd 3 add 'Archive' --notes - < notes.txt 3< pass.txt"
is "add --notes - reads 1 MiB of notes" 0
printf '%s\n' "$CLERK" > clerk.txt
run sh -c "'$CV' -f council.vault --passphrase-fd 3 get Archive --field notes 3< clerk.txt"
head -c -1 out > out2 2>/dev/null; cmp -s out2 notes.txt && pass "1 MiB notes round trip" || fail "1 MiB notes round trip"
run sh -c "printf '%s\n' '$CLERK' '' | '$CV' $V add 'Empty' --username '' --url '' --allow-weak"
is "empty fields are accepted" 0
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V get Empty --field username"
is "an empty field reads as absent" 4

# --- ls / search / edit / history / rm ---------------------------------
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V ls"
same "ls lists titles in order" "$(lines Archive Bank "$UTITLE" 'Door PIN' Empty Payroll)"
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V search FIN"
same "search matches a tag" 'Bank'
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V search ls.example"
same "search matches a username" 'Bank'
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V --json ls"
grep -q '"title":"Bank"' out && ! grep -q password\" out && pass "ls --json has no secrets" || fail "ls --json has no secrets"
run sh -c "printf '%s\n' '$CLERK' 'bKYwL-.QvK@i6YC9' | '$CV' $V edit Bank --password --title 'Bank (Lloyds)' --untag finance --tag money"
is "edit changes password, title and tags" 0
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V get 'bank (lloyds)'"
same "edited password" 'bKYwL-.QvK@i6YC9'
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V history 'Bank (Lloyds)'"
grep -q '  i-uwMckd8rEgVNTS$' out && pass "history shows the previous password" || fail "history shows the previous password"
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V ls"
! grep -qx 'Bank' out && grep -qx 'Bank (Lloyds)' out && pass "old title is gone" || fail "old title is gone"
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V rm Bank --yes"
is "the old title only starts the new one: rm --yes refuses it (4)" 4
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V edit Nothing --url x"
is "edit of a missing entry is not found" 4
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V rm Empty"
is "rm without a terminal needs --yes" 2
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V get Empty --field title"
same "so nothing was deleted" 'Empty'
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V rm --yes Empty"
is "rm --yes deletes" 0
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V rm --yes Empty"
is "rm of a missing entry is not found" 4

# --- errors -----------------------------------------------------------
run sh -c "printf 'saddle-prism-otter-tavern\n' | '$CV' $V ls"
is "wrong passphrase exits 3" 3
[ ! -s out ] && pass "nothing printed on a wrong passphrase" || fail "nothing printed on a wrong passphrase"
run sh -c "printf '%s\n' '$CLERK' | '$CV' -f missing.vault --passphrase-fd 0 ls"
is "missing vault exits 4" 4
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V frobnicate"
is "unknown command exits 2" 2
run sh -c "'$CV' $V ls < /dev/null"
is "no passphrase line exits non-zero" 2
run sh -c "'$CV' -f council.vault ls < /dev/null"
[ "$rc" -ne 0 ] && grep -q "passphrase-fd" err && pass "no terminal: says to use --passphrase-fd" || fail "no terminal: says to use --passphrase-fd"

# --- passwd -----------------------------------------------------------
run sh -c "printf '%s\n' '$CLERK' 'juniper-comet-bramble-anvil' | '$CV' $V passwd --kdf-memory 16 --kdf-time 1"
is "passwd changes the passphrase" 0
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V ls"
is "old passphrase no longer opens" 3
CLERK='juniper-comet-bramble-anvil'
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V get 'Bank (Lloyds)'"
same "entries survive passwd" 'bKYwL-.QvK@i6YC9'

# --- verify, tamper, version, busy -------------------------------------
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V verify"
is "verify of an intact vault exits 0" 0
cp council.vault pristine.vault
sqlite3 council.vault "UPDATE entry SET body = substr(body, 1, 30) || X'00' || substr(body, 32)
  WHERE id = (SELECT min(id) FROM entry)"
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V verify"
is "verify of a tampered vault exits 5" 5
grep -q "damaged: entry record" err && pass "verify names the damaged record" || fail "verify names the damaged record"
for t in Archive 'Bank (Lloyds)' "$UTITLE" 'Door PIN' Payroll; do
	run sh -c "printf '%s\n' '$CLERK' | '$CV' $V get '$t'"
	if [ "$rc" -eq 5 ]; then
		[ ! -s out ] && pass "tampered entry: exit 5, nothing printed" || fail "tampered entry printed something"
	fi
done
cp pristine.vault council.vault
sqlite3 council.vault "UPDATE header SET version = 3"
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V ls"
is "newer format version is refused (exit 5)" 5
grep -q "newer cvault" err && pass "version error says why" || fail "version error says why"
cmp -s council.vault pristine.vault && fail "refused file left unchanged" || pass "refused file left unchanged (only our edit)"
# Damage to SQLite's own bytes is damage too (exit 5), not "cannot access
# the vault file" or "database error" (exit 1): the write version (byte
# 18), the schema format (byte 47), a letter of the schema's text.
for at in 18:5 47:132 "$(grep -abo memory_kib pristine.vault | head -1 | cut -d: -f1)":110; do
	cp pristine.vault council.vault
	printf "\\$(printf %o "${at#*:}")" | dd of=council.vault bs=1 seek="${at%:*}" count=1 conv=notrunc 2>/dev/null
	run sh -c "printf '%s\n' '$CLERK' | '$CV' $V get 'Bank (Lloyds)'"
	is "damaged SQLite bytes ($at): get exits 5" 5
	[ ! -s out ] && grep -q "is damaged or has been tampered with" err &&
	    pass "damaged SQLite bytes ($at): says damaged, prints nothing" ||
	    fail "damaged SQLite bytes ($at): says damaged, prints nothing"
	run sh -c "printf '%s\n' '$CLERK' | '$CV' $V verify"
	is "damaged SQLite bytes ($at): verify exits 5" 5
done
cp pristine.vault council.vault
( echo "BEGIN EXCLUSIVE;"; sleep 4; echo "COMMIT;" ) | sqlite3 council.vault &
sleep 0.5
run sh -c "printf '%s\n' '$CLERK' 'QYq9Bw@NMzS6uArW' | '$CV' $V add Busy"
is "a vault held by another process exits 7" 7
wait
run sh -c "printf '%s\n' '$CLERK' 'QYq9Bw@NMzS6uArW' | '$CV' $V add Busy"
is "after the other process finishes, add works" 0

# --- no plaintext in the file -------------------------------------------
found=0
for s in 'Bank (Lloyds)' 'bKYwL-.QvK@i6YC9' 'clerk@ls.example' 'bank.example' 'Little Snoring' 'JBSWY3DPEHPK3PXP' 'sort code' 'QYq9Bw@NMzS6uArW'; do
	grep -q -a -F "$s" council.vault && { found=1; echo "# found: $s"; }
done
[ "$found" = 0 ] && pass "no title, username, URL or password in the file bytes" || fail "plaintext found in the file"

# --- a read-only copy ----------------------------------------------------
# Root ignores permission bits, so as root the check runs as "nobody".
mkdir ro && cp council.vault ro/copy.vault && cp "$CV" ro/cvault
if [ "$(id -u)" -eq 0 ]; then
	chmod 755 "$T" ro && chmod 644 ro/copy.vault
	AS="setpriv --reuid=nobody --regid=nogroup --clear-groups"
else
	chmod 444 ro/copy.vault && chmod 555 ro
	AS=""
fi
before=$(cksum < ro/copy.vault)
run sh -c "printf '%s\n' '$CLERK' | $AS ro/cvault -f ro/copy.vault --passphrase-fd 0 get 'Bank (Lloyds)'"
same "a read-only copy can be read" 'bKYwL-.QvK@i6YC9'
grep -q "read-only here" err && pass "the clerk is told it is read-only and unrecorded" || fail "read-only note"
run sh -c "printf '%s\n' '$CLERK' 'RGvm3z35i_Ut6RZV' | $AS ro/cvault -f ro/copy.vault --passphrase-fd 0 add Nope"
is "a read-only copy cannot be changed" 1
[ "$(cksum < ro/copy.vault)" = "$before" ] && pass "the read-only copy is byte-for-byte unchanged" || fail "read-only copy changed"
chmod 700 "$T" 2>/dev/null; chmod -R u+w ro

# --- text that could drive the terminal (issue 9) ---------------------------
# What a holder types is shown later on the clerk's screen: titles, tags,
# field names and single-line fields must be printable UTF-8, notes and
# field values UTF-8 with newline and tab; anything read back that is not
# (an older vault) is shown escaped, never raw. $ESC/$CR/$BEL: raw bytes.
ESC=$(printf '\033') BEL=$(printf '\007') CR=$(printf '\r')
EVIL=$(printf 'Evil\r\033[2K\033[1A\033[2K\033[1A\033[2K\033[8m')
raw_in() { grep -q -e "$ESC" -e "$BEL" -e "$CR" "$@"; }
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V ls"
cp out before-ls
run sh -c "printf '%s\n' '$CLERK' 'Rk7-pWq2@vNs8LzT' | '$CV' $V add \"\$1\"" sh "$EVIL"
is "a title with CR and ESC sequences is refused on add (usage, 2)" 2
grep -q 'the title contains a control character (byte 5); titles, tags' err && ! raw_in err &&
    pass "add says which byte, and quotes nothing raw" || fail "add says which byte, and quotes nothing raw"
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V edit 'Bank (Lloyds)' --title \"\$1\"" sh "$EVIL"
is "the same title is refused on edit --title (2)" 2
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V ls"
cmp -s out before-ls && pass "nothing was stored or renamed" || fail "nothing was stored or renamed"
run sh -c "printf '%s\n' '$CLERK' 'Rk7-pWq2@vNs8LzT' | '$CV' $V add \"\$1\"" sh "$(printf 'Bad\377\376')"
is "a title with the bytes FF FE is refused (2)" 2
grep -q 'the title is not valid UTF-8 (byte 4)' err && pass "it says not UTF-8, at byte 4" || fail "it says not UTF-8, at byte 4"
run sh -c "printf '%s\n' '$CLERK' 'Rk7-pWq2@vNs8LzT' | '$CV' $V add \"\$1\"" sh "$(printf 'Spoof \342\200\256fdp.exe')"
is "a title with a bidi override (U+202E) is refused (2)" 2
for opt in "--tag=fin$(printf '\033')ance" "--field=PIN$(printf '\033')=1" "--username=clerk$(printf '\342\201\246')" \
    "--url=https://x.example/$(printf '\302\233')2J" "--notes=$(printf 'a\033[2Jb')" "--field=note=$(printf 'x\ry')"; do
	run sh -c "printf '%s\n' '$CLERK' 'Rk7-pWq2@vNs8LzT' | '$CV' $V add Refused \"\$1\"" sh "$opt"
	is "add refuses ${opt%%=*} with a control character (2)" 2
done
run sh -c "printf '%s\n' '$CLERK' 'Rk7-pWq2@vNs8LzT' 'otpauth://totp/X?secret=A$ESC' | '$CV' $V add Refused --totp -"
is "add refuses a TOTP URI with a control character (2)" 2
! grep -q 'byte' err && pass "a secret's refusal does not say where" || fail "a secret's refusal does not say where"
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V get Refused"
is "none of the refused adds stored anything" 4
run sh -c "printf '%s\n' '$CLERK' 'Rk7-pWq2@vNs8LzT' | '$CV' $V add Minutes --notes \"\$1\" --field \"\$2\"" sh \
    "$(printf 'line one\n\tindented')" "$(printf 'agenda=1. apologies\n2. minutes')"
is "notes and field values may hold newlines and tabs" 0
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V get Minutes --field notes"
same "notes with newline and tab round trip" "$(printf 'line one\n\tindented')"
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V get \"\$1\"" sh "$(printf 'x\033[2J')"
is "get of a title with ESC is not found (4)" 4
grep -q 'no entry titled "x\\x1b\[2J"' err && ! raw_in err &&
    pass "the error quotes the title escaped" || fail "the error quotes the title escaped"
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V --json ls"
python3 -c 'import json,sys; json.loads(sys.stdin.buffer.read().decode("utf-8"))' < out &&
    pass "--json ls is valid UTF-8 and valid JSON" || fail "--json ls is valid UTF-8 and valid JSON"

# An older vault can hold such text: t_text writes one, with the titles
# put straight into the records. Shown escaped everywhere; never refused.
MKLEGACY=$TOP/${BUILD:-build}/tests/t_text
LT=$(printf 'Legacy\r\033[2K\033[1A\033[2K\033[8m')
LV="-f legacy.vault --passphrase-fd 0"
LCLERK='velvet-marsh-tango-pylon'
"$MKLEGACY" --legacy-vault legacy.vault > /dev/null 2>&1 &&
    pass "a legacy vault with control characters in its text" || fail "a legacy vault ($MKLEGACY: make test builds it)"
run sh -c "printf '%s\n' '$LCLERK' | '$CV' $LV ls"
is "ls of the legacy vault works" 0
! raw_in out && grep -qF 'Legacy\x0d\x1b[2K\x1b[1A\x1b[2K\x1b[8m' out && grep -qF 'Bad\xff\xfe' out &&
    pass "ls shows the titles escaped, no raw ESC or CR" || fail "ls shows the titles escaped, no raw ESC or CR"
run sh -c "printf '%s\n' '$LCLERK' | '$CV' $LV search fin"
! raw_in out && grep -qF 'Legacy\x0d' out && pass "search shows it escaped" || fail "search shows it escaped"
run sh -c "printf '%s\n' '$LCLERK' | '$CV' $LV --json ls"
python3 -c '
import json, sys
a = json.loads(sys.stdin.buffer.read().decode("utf-8"))
t = {e["title"]: e for e in a}
l = t["Legacy\r\x1b[2K\x1b[1A\x1b[2K\x1b[8m"]
assert l["username"] == "clerk\u202elive.com" and l["tags"] == ["fin\x1b]0;owned\x07"]
assert "Bad\ufffd\ufffd" in t' < out && ! raw_in out &&
    pass "--json ls: valid UTF-8 JSON, controls as \\u escapes, FF FE as U+FFFD" || fail "--json ls of the legacy vault"
run sh -c "printf '%s\n' '$LCLERK' | '$CV' $LV log"
! raw_in out && grep -qF '"Legacy\x0d\x1b[2K' out && pass "log shows the subject escaped" || fail "log shows the subject escaped"
run sh -c "printf '%s\n' '$LCLERK' | '$CV' $LV history \"\$1\"" sh "$LT"
is "history of the legacy entry" 0
! raw_in out && grep -qF 'old\x1b[31m-pass' out && pass "history shows an old password escaped" || fail "history shows an old password escaped"
run sh -c "printf '%s\n' '$LCLERK' | '$CV' $LV get \"\$1\"" sh "$LT"
same "get for a script prints the password as it is" 'Kq8-vTz3@pLm9wRs'
run sh -c "printf '%s\n' '$LCLERK' | '$CV' $LV get --field notes \"\$1\"" sh "$LT"
same "get --field notes for a script gives the exact bytes" "$(printf 'first\n\033[2Jsecond')"
printf '%s\n' "$LCLERK" > lclerk.txt
export CV LT
script -qec '"$CV" -f legacy.vault --passphrase-fd 3 get --field notes "$LT" 3< lclerk.txt' /dev/null > tty.out 2>&1
! grep -q "$ESC" tty.out && grep -qF 'first' tty.out && grep -qF '\x1b[2Jsecond' tty.out &&
    pass "get on a terminal escapes ESC but keeps the newline" || fail "get on a terminal escapes ESC but keeps the newline"
run sh -c "printf '%s\n' '$LCLERK' | '$CV' $LV edit \"\$1\" --url https://x.example" sh "$LT"
is "an old entry with such a title can still be edited" 0
run sh -c "printf '%s\n' '$LCLERK' | '$CV' $LV edit \"\$1\" --title 'Legacy'" sh "$LT"
is "and renamed to a printable title" 0
run sh -c "printf '%s\n' '$LCLERK' | '$CV' $LV verify"
is "verify: the legacy vault is intact" 0

# --- default path --------------------------------------------------------
run sh -c "printf '%s\n' '$CLERK' | '$CV' --passphrase-fd 0 init --council D $KDF"
is "init at the default path" 0
[ -f "$XDG_DATA_HOME/cvault/council.vault" ] && pass "default path is \$XDG_DATA_HOME/cvault/council.vault" || fail "default path"

tap_end
