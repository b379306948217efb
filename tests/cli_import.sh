#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/cli_import.sh - `cvault import` on a sample of each format
# (tests/vectors/import/, written from each program's documented header
# line and layout; the KeePassXC CSV is made here by keepassxc-cli
# itself): detection, every field, Windows-1252 and UTF-8 with BOM and
# CR LF, cells over several lines, semicolons, Welsh and emoji kept,
# weak passwords flagged, the duplicate choices, --map, --dry-run writing
# nothing, the terminal's confirmation, and every malformed file
# importing nothing with one line that says where. Prints TAP.
set -u
. tests/tap.sh

VEC=$TOP/tests/vectors/import
CLERK='saddle-prism-otter-cavern'
printf '%s\n' "$CLERK" > clerk.txt
ESC=$(printf '\033')

# fresh NAME: a new vault file NAME
fresh() {
	rm -f "$1"
	"$CV" -f "$1" --passphrase-fd 3 init --council 'Little Snoring' $KDF \
	    3< clerk.txt > /dev/null 2>&1
}
# cv FILE ARGS...: cvault on vault FILE, the clerk's passphrase on fd 3
cv() { f=$1; shift; "$CV" -f "$f" --passphrase-fd 3 "$@" 3< clerk.txt; }
sum() { sha256sum "$1" | cut -d' ' -f1; }
# field V TITLE FIELD: one field of an entry, as stored
field() { cv "$1" get "$2" --field "$3" 2>/dev/null; }

# --- detection, one sample a format --------------------------------------
fresh v
for pair in "excel-utf8.csv:a spreadsheet CSV" \
    "excel-1252-semicolon.csv:a spreadsheet CSV" \
    "chrome.csv:a Chrome or Edge passwords CSV" \
    "firefox.csv:a Firefox logins CSV" \
    "safari.csv:a Safari or Apple Passwords CSV" \
    "1password.csv:a 1Password CSV export" \
    "lastpass.csv:a LastPass CSV export" \
    "bitwarden.csv:a Bitwarden CSV export" \
    "bitwarden.json:a Bitwarden JSON export"; do
	file=${pair%%:*} label=${pair#*:}
	run cv v import --dry-run "$VEC/$file"
	if [ "$rc" -eq 0 ] && grep -q "^Detected $label with" out; then
		pass "$file is detected as $label"
	else
		fail "$file is detected as $label"; sed 's/^/#   /' out | head -3
	fi
done
rows() { sqlite3 "$1" "SELECT hex(id), hex(summary), hex(body) FROM entry ORDER BY id" | sha256sum; }
r0=$(rows v)
f0=$(sum v)
run cv v import --dry-run "$VEC/excel-utf8.csv"
ok_if "a dry run shows the header mapping guess" grep -qF 'column 2 "User name" -> username' out
ok_if "a dry run says nothing was imported" grep -q "^Dry run: nothing was imported" out
[ "$(rows v)" = "$r0" ] && pass "a dry run adds no entry" || fail "a dry run adds no entry"
[ "$(sum v)" = "$f0" ] && pass "a dry run leaves the vault file byte for byte (opened read-only)" ||
    fail "a dry run leaves the vault file byte for byte (opened read-only)"
run cv v log
ok_if "and records no import" sh -c '! grep -q " import " out'
# A dry run only reads: it works on a read-only vault, which even the
# opening leaves byte for byte. Root ignores permission bits, so as root
# this runs as "nobody" (as tests/cli.sh does).
mkdir ro && cp v ro/copy.vault && cp "$CV" "$VEC/bitwarden.json" clerk.txt ro/
if [ "$(id -u)" -eq 0 ]; then
	chmod 755 "$T" ro && chmod 644 ro/copy.vault ro/bitwarden.json ro/clerk.txt
	AS="setpriv --reuid=nobody --regid=nogroup --clear-groups"
else
	chmod 444 ro/copy.vault && chmod 555 ro
	AS=""
fi
h0=$(sum ro/copy.vault)
run sh -c "cd ro && HOME=/tmp $AS ./cvault -f copy.vault --passphrase-fd 3 import --dry-run bitwarden.json 3< clerk.txt"
is "a dry run on a read-only vault" 0
run sh -c "cd ro && HOME=/tmp $AS ./cvault -f copy.vault --passphrase-fd 3 import bitwarden.json 3< clerk.txt"
is "a real import into a read-only vault is refused" 1
[ "$(sum ro/copy.vault)" = "$h0" ] && pass "a read-only vault is left byte for byte" || fail "a read-only vault is left byte for byte"
chmod 700 "$T" 2>/dev/null; chmod -R u+w ro

# --- the spreadsheet: UTF-8 with BOM, CR LF, multi-line, 2FA column ------
fresh v
run cv v import "$VEC/excel-utf8.csv"
is "the Excel CSV UTF-8 sheet imports" 0
run field v Bank notes
same "a cell over two lines (CR LF inside quotes) is one note; the 2FA? column is a line of it" "$(printf "Sort code on the\ncheque book\n2FA?: Yes (text to the clerk's phone)")"
run field v Bank 'Renewal date'
same "an unknown column becomes a custom field" "2025-04-01"
run field v Bank password
same "the password is exact" 'Xq7#mL2!vR9$wK4p'
run cv v ls
ok_if "Welsh title kept exactly (w with circumflex)" grep -qx 'Eisteddfod Gwŵyl' out
run field v 'Eisteddfod Gwŵyl' notes
same "emoji kept exactly" 'Cyfrinair 🎉'
run cv v --json ls
ok_if "a weak password is imported and flagged" sh -c 'grep -o "\"title\":\"Library\"[^}]*" out | grep -q "\"weak\":true"'
ok_if "a strong one is not flagged" sh -c 'grep -o "\"title\":\"Bank\"[^}]*" out | grep -q "\"weak\":false"'
[ "$(grep -o '"title"' out | wc -l)" -eq 3 ] && pass "the blank row and trailing empty columns are ignored (3 entries)" || fail "the blank row and trailing empty columns are ignored"
run cv v log
ok_if "the import is one record in the log" grep -q 'import .*"csv: 3 entries"' out

# --- Windows-1252 with semicolons ----------------------------------------
fresh v
run cv v import "$VEC/excel-1252-semicolon.csv"
is "a plain CSV in Windows-1252 with ';' imports" 0
run field v Payroll password
same "the pound sign is converted to UTF-8" '£Pounds4Payroll!Kx9'
run field v Payroll notes
same "accented notes are converted too" 'Café rôta'

# --- every other format's fields ------------------------------------------
fresh v
for f in chrome.csv firefox.csv safari.csv 1password.csv lastpass.csv bitwarden.csv; do
	run cv v import "$VEC/$f"
	is "$f imports" 0
done
run field v hall-bookings.example username
same "Firefox: no title, so the host names it" 'bookings'
run field v 'Council website (clerk)' totp
same "Safari: OTPAuth into the TOTP field" 'otpauth://totp/Parish:clerk?secret=JBSWY3DPEHPK3PXP&issuer=Parish'
run cv v --json ls
ok_if "Firefox: timeCreated kept (2021-01-01)" grep -q '"title":"hall-bookings.example"[^}]*"created":"2021-01-01T00:00:00Z"' out
ok_if "1Password: Tags become tags" grep -q '"title":"HMRC gateway"[^}]*"tags":\["Finance","Tax"\]' out
ok_if "LastPass: grouping becomes a tag" grep -q '"title":"Insurance portal"[^}]*"tags":\["Insurance"\]' out
ok_if "LastPass: a secure note has no http://sn address" sh -c '! grep -q "http://sn" out'
ok_if "Bitwarden CSV: the card is left out" sh -c '! grep -q "Council card" out'
run field v Bank PIN
same "Bitwarden CSV: fields become custom fields" '4821'
run field v Bank 'Other web address'
same "Bitwarden CSV: a second URI is kept" 'https://bank.example/business'

fresh v
run cv v import "$VEC/bitwarden.json"
is "the Bitwarden JSON export imports" 0
ok_if "it is detected and counted" grep -q '^Detected a Bitwarden JSON export with 3 records' out
run cv v history Bank
ok_if "its password history is kept" sh -c 'grep -q "2023-03-01" out && grep -q "2022-03-01" out'
run field v Bank totp
same "its TOTP is kept" 'otpauth://totp/Bank:clerk?secret=JBSWY3DPEHPK3PXP&issuer=Bank'
run cv v --json ls
ok_if "its folder is a tag and its created time kept" grep -q '"title":"Bank"[^}]*"tags":\["Finance"\][^}]*"created":"2021-02-01T08:00:00Z"' out

# --- KeePassXC: a real export made by keepassxc-cli -----------------------
if command -v keepassxc-cli >/dev/null 2>&1; then
	printf 'kp-pass\nkp-pass\n' | keepassxc-cli db-create -p k.kdbx >/dev/null 2>&1
	printf 'kp-pass\n' | keepassxc-cli mkdir k.kdbx Finance >/dev/null 2>&1
	printf 'kp-pass\nKx3#vB8!nM5$qW2e\n' | keepassxc-cli add -q -u treasurer \
	    --url https://bank.example -p --notes "$(printf 'line one\nline two')" \
	    k.kdbx Finance/Bank >/dev/null 2>&1
	printf 'kp-pass\nCaf3-Gwŵyl-🎉-long!\n' | keepassxc-cli add -q -u clerk \
	    -p k.kdbx 'Hall ŵ 🎉' >/dev/null 2>&1
	printf 'kp-pass\n' | keepassxc-cli export -f csv k.kdbx > kp.csv 2>/dev/null
	fresh v
	run cv v import kp.csv
	is "keepassxc-cli's CSV export imports" 0
	ok_if "it is detected as KeePassXC's" grep -q '^Detected a KeePassXC CSV export with 2 records' out
	run field v Bank notes
	same "KeePassXC: multi-line notes kept" "$(printf 'line one\nline two')"
	run cv v --json ls
	ok_if "KeePassXC: the group is a tag" grep -q '"title":"Bank"[^}]*"tags":\["Finance"\]' out
	run field v 'Hall ŵ 🎉' password
	same "KeePassXC: Unicode title and password exact" 'Caf3-Gwŵyl-🎉-long!'
else
	fail "keepassxc-cli is not installed (scripts/install-deps installs it)"
fi

# --- duplicates -------------------------------------------------------------
fresh v
cv v import "$VEC/chrome.csv" > /dev/null 2>&1
h0=$(sum v)
run cv v import "$VEC/chrome.csv"
ok_if "skip (the default): nothing new, and said" sh -c 'grep -q "duplicate: record 1 of \"bank.example\" in the vault; skipped" out && grep -q "0 new entries" out'
run cv v import --duplicates suffix "$VEC/chrome.csv"
run cv v ls
ok_if "suffix keeps both: \"bank.example (2)\"" grep -qx 'bank.example (2)' out
printf 'name,url,username,password\nBANK.example,https://bank.example/login,clerk,Zz9#newPass!Qw4e\n' > newer.csv
run cv v import --duplicates replace newer.csv
is "replace" 0
run field v bank.example password
same "replace: the new password is in place" 'Zz9#newPass!Qw4e'
run cv v history bank.example
ok_if "replace: the old one is in its history" grep -q 'Vq8#nM3!wS0$xL5q' out

# --- --map ----------------------------------------------------------------
printf 'Thing,Secret,Who\nBoiler,Bo1l3r#Serv1ce!x,engineer\n' > odd.csv
fresh v
run cv v import --dry-run odd.csv
is "a sheet whose columns cannot be guessed is refused" 1
ok_if "and told to use --map" grep -q -- '--map COLUMN=title' err
run cv v import --map Thing=title --map Secret=password --map Who=username odd.csv
is "--map COLUMN=FIELD names them" 0
run field v Boiler username
same "--map puts the column where asked" 'engineer'
run cv v import --map Nope=title odd.csv
is "--map naming no column is refused" 1
ok_if "with the reason" grep -q 'no such column' err

# --- passwords never printed; control characters cleaned ------------------
printf 'Account,Password\n"Evil\033[2Jtitle",S3cret-Never-Shown!x\n' > evil.csv
fresh v
run sh -c "'$CV' -f v --passphrase-fd 3 import --dry-run evil.csv 3< clerk.txt; '$CV' -f v --passphrase-fd 3 import evil.csv 3< clerk.txt"
ok_if "no password in the output" sh -c '! grep -q "S3cret-Never-Shown" out err'
ok_if "no control character reaches the terminal" sh -c "! grep -q '$ESC' out err"
ok_if "the plaintext file warning is given" grep -q 'holds every password in the clear: delete it' err
run cv v ls
ok_if "the title is stored with the control turned to a space" grep -qxF 'Evil [2Jtitle' out

# --- standard input -----------------------------------------------------------
fresh v
run sh -c "'$CV' -f v --passphrase-fd 3 import - < '$VEC/safari.csv' 3< clerk.txt"
is "FILE - reads standard input" 0

# --- malformed files: nothing imported, one line naming where and why --------
fresh v
r0=$(rows v)
printf 'Account,Password\nBank,"unterminated\nmore\n' > m-quote.csv
printf 'Account,Password\nBank,pa"ss\n' > m-stray.csv
head -c 300 "$VEC/bitwarden.json" > m-trunc.json
head -c 8192 /dev/urandom > m-random.bin
printf 'Account,Password\r\n' > m-header.csv
: > m-empty.csv
{ printf 'Account,Password\nBank,'; head -c 5242880 /dev/zero | tr '\0' 'a'; } > m-long.csv
for pair in "m-quote.csv:line 4: a quoted cell never closed" \
    "m-stray.csv:line 2: a stray quote" \
    "m-trunc.json:ends too soon" \
    "m-random.bin:not a file this importer knows" \
    "m-header.csv:line 1: a header line and no rows" \
    "m-empty.csv:the file is empty" \
    "m-long.csv:line 2: a line longer than 1 MiB"; do
	file=${pair%%:*} why=${pair#*:}
	run cv v import "$file"
	if [ "$rc" -eq 1 ] && [ "$(wc -l < err)" -eq 1 ] && grep -qF "$why" err &&
	    grep -q '^cvault: import: .*nothing was imported$' err; then
		pass "$file: refused in one line ($why)"
	else
		fail "$file: refused in one line ($why)"; sed 's/^/#   /' err | head -2
	fi
done
[ "$(rows v)" = "$r0" ] && pass "no malformed file added anything" || fail "no malformed file added anything"
run cv v log
ok_if "and none is recorded as an import" sh -c '! grep -q " import " out'
run cv v import --format bitwarden-json "$VEC/chrome.csv"
is "a wrong --format is refused" 1
run cv v import --format nonesuch "$VEC/chrome.csv"
is "an unknown --format is a usage error" 2

# --- on a terminal: the summary, then y/N -----------------------------------
if command -v script >/dev/null 2>&1; then
	fresh v
	export CV VEC
	printf 'n\n' | script -qec '"$CV" -f v --passphrase-fd 3 import "$VEC/chrome.csv" 3< clerk.txt' /dev/null > tty.out 2>&1
	run cv v ls
	ok_if "answering no on a terminal imports nothing" sh -c 'grep -q "Import these into the vault" tty.out && ! grep -q "bank.example" out'
	printf 'y\n' | script -qec '"$CV" -f v --passphrase-fd 3 import "$VEC/chrome.csv" 3< clerk.txt' /dev/null > tty.out 2>&1
	run cv v ls
	ok_if "answering yes imports" grep -qx 'bank.example' out
fi

tap_end
