#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/cli_keepass.sh - the KeePass readers and `cvault export`, against
# the real KeePassXC (keepassxc-cli): KeePassXC makes KDBX 3.1 and 4
# files and its own XML export from a sample written in this repository
# (tests/data/keepass-sample.xml: groups, tags, history, otp, KeePassXC's
# older TOTP Seed/Settings, a custom field, a recycle bin); the readers
# must give the same entries from all of them; damaged, truncated,
# wrong-password and absurd-KDF files give one line and no entries.
# Then cvault exports KDBX 4, which keepassxc-cli opens with every field,
# and which the reader reads back identically; CSV and JSON exports are
# refused without --plaintext, never overwrite, and are 0600.
. tests/tap.sh
TK="$TOP/${BUILD:-build}/tests/t_keepass"
SAMPLE="$TOP/tests/data/keepass-sample.xml"
if ! command -v keepassxc-cli >/dev/null 2>&1; then
	echo "not ok 1 - keepassxc-cli is not installed (scripts/install-deps installs it)"
	echo "1..1"
	exit 1
fi
KX() { keepassxc-cli "$@" 2>/dev/null; }
KP=kp-pass-7
CLERK='saddle-prism-otter-cavern'
NEWP='tundra-velvet-oboe-gecko-ramp'
V="-f v --passphrase-fd 0"

# --- files made by KeePassXC ---
printf '%s\n%s\n' $KP $KP | KX import -q -t 100 -p "$SAMPLE" k3.kdbx
sed 's|<String><Key>PIN</Key>|<CustomData><Item><Key>t</Key><Value>1</Value></Item></CustomData><String><Key>PIN</Key>|' \
    "$SAMPLE" > s4.xml
printf '%s\n%s\n' $KP $KP | KX import -q -t 100 -p s4.xml k4.kdbx
echo $KP | KX export -q -f xml k4.kdbx > kx.xml
ver() { od -An -tx1 -j8 -N4 "$1" | tr -d ' \n'; }
ok_if "keepassxc-cli made a KDBX 3.1 file" [ "$(ver k3.kdbx)" = 01000300 ]
ok_if "keepassxc-cli made a KDBX 4.0 file" [ "$(ver k4.kdbx)" = 00000400 ]

cat > want <<'W'
--
title Bank ŵ
username treasurer
url https://bank.example
notes sort code 12-34-56\nsecond line
password Current-Pass-3
totp otpauth://totp/Bank?secret=JBSWY3DPEHPK3PXPJBSWY3DP&period=30&digits=6
tag finance
tag urgent
tag Council/Banking
custom PIN=4321
history Old-Pass-2 1646370367
history Old-Pass-1 1612325106
created 1577934245
modified 1646370367
pwtime 1646370367
--
title Parish website
username admin
password Web&Pass<5>
totp otpauth://totp/KeePass?secret=JBSWY3DPEHPK3PXPJBSWY3DP&algorithm=SHA1&digits=8&period=30
created 1672531200
modified 1672531200
pwtime 1672531200
W
# Entries in title order, so that file order does not matter.
sort_entries() { python3 -c '
import sys
t = sys.stdin.read().split("--\n")
print("".join("--\n" + e for e in sorted(x for x in t if x.strip())), end="")'; }
check_dump() {	# name file...
	name=$1; shift
	"$@" 2>&1 | grep -v "^${SKIPLINE:-@none}" > got
	sort_entries < got > got.s
	grep -v "^${SKIPLINE:-@none}" want | sort_entries > want.s
	if diff want.s got.s > /dev/null; then pass "$name"
	else fail "$name"; diff want.s got.s | sed 's/^/#   /' | head -20; fi
}
check_dump "KeePass XML (the sample) read: every field" "$TK" dump xml "$SAMPLE"
check_dump "KeePassXC's XML export read: every field" "$TK" dump xml kx.xml
echo $KP > pw
check_dump "KDBX 3.1 by KeePassXC (AES-KDF, AES-CBC, Salsa20) read" \
    sh -c "'$TK' dump kdbx k3.kdbx < pw"
check_dump "KDBX 4 by KeePassXC (AES-KDF, AES-CBC, HMAC blocks, ChaCha20) read" \
    sh -c "'$TK' dump kdbx k4.kdbx < pw"

# attachments (KDBX 3.1: in the XML; 4: in the inner header) are skipped,
# and the protected values after them still decode
head -c 5000 /dev/urandom > blob.bin
for v in 3 4; do
	cp k$v.kdbx a$v.kdbx
	echo $KP | KX attachment-import -q a$v.kdbx 'Parish website' blob.bin blob.bin
	echo $KP | KX attachment-import -q a$v.kdbx 'Council/Banking/Bank ŵ' b2 blob.bin
	# (adding an attachment is a change: the modification time moves)
	SKIPLINE=modified check_dump "KDBX $v with attachments: skipped, every field still read" \
	    sh -c "'$TK' dump kdbx a$v.kdbx < pw"
done
unset SKIPLINE

# --- refusals: one line, nothing read ---
refuse() {	# name file password want-pattern
	run sh -c "echo '$3' | '$TK' dump kdbx '$2'"
	if [ "$rc" -eq 1 ] && [ "$(wc -l < out)" -eq 1 ] && grep -q "$4" out &&
	    ! grep -q '^title' out; then pass "$1"
	else fail "$1 (exit $rc)"; sed 's/^/#   /' out | head -3; fi
}
refuse "KDBX 4: wrong password" k4.kdbx nope "wrong password for this KeePass file"
refuse "KDBX 3.1: wrong password" k3.kdbx nope "wrong password for this KeePass file"
size=$(wc -c < k4.kdbx)
head -c $((size - 40)) k4.kdbx > cut4.kdbx
refuse "KDBX 4: truncated" cut4.kdbx $KP "cut short"
head -c $(( $(wc -c < k3.kdbx) - 40)) k3.kdbx > cut3.kdbx
refuse "KDBX 3.1: truncated" cut3.kdbx $KP "cut short\|damaged"
flip() { python3 -c '
import sys
d = bytearray(open(sys.argv[1], "rb").read()); d[int(sys.argv[3])] ^= 1
open(sys.argv[2], "wb").write(d)' "$@"; }
flip k4.kdbx flip4.kdbx $((size - 100))
refuse "KDBX 4: a flipped payload byte fails its HMAC" flip4.kdbx $KP "HMAC"
flip k4.kdbx fliph.kdbx 40
refuse "KDBX 4: a flipped header byte is damage" fliph.kdbx $KP "damaged\|malformed"
head -c 300 /dev/urandom > rnd.kdbx
refuse "random bytes are not a KeePass file" rnd.kdbx $KP "not a KeePass"
head -c 10 k4.kdbx > tiny.kdbx
refuse "a 10-byte file is refused" tiny.kdbx $KP "not a KeePass"

# --- cvault export ---
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V init --council 'Little Snoring PC' $KDF"
run sh -c "printf '%s\n' '$CLERK' 'qVsVRAJ.yqhZ3UdK' 'otpauth://totp/M365?secret=JBSWY3DPEHPK3PXPJBSWY3DP' | '$CV' $V add 'Microsoft 365' --username clerk@x.gov.uk --url https://office.com --tag IT --tag Council/Office --notes 'line \"one\" & <two>' --totp -"
run sh -c "printf '%s\n' '$CLERK' 'Zx9.pLm2Qw8vRt' | '$CV' $V edit 'Microsoft 365' --password"
run sh -c "printf '%s\n' '$CLERK' 'Ab3-Kq9-Lm2-Zp7' | '$CV' $V add 'Bank ŵ' --username treasurer --field PIN=1234 --2fa-device 'the red phone'"
is "the vault is ready" 0

run sh -c "printf '%s\n' '$CLERK' '$NEWP' '$NEWP' | '$CV' $V export --format kdbx x.kdbx --kdf-memory 8 --kdf-time 1"
is "export --format kdbx" 0
ok_if "the KDBX file is mode 0600" [ "$(stat -c %a x.kdbx)" = 600 ]
ok_if "the KDBX file is KDBX 4.0" [ "$(ver x.kdbx)" = 00000400 ]
run sh -c "echo '$NEWP' | keepassxc-cli show -q -s -a Title -a UserName -a Password -a URL -a Notes -a otp -a Tags x.kdbx 'Microsoft 365'"
same "keepassxc-cli opens the export: every field of an entry" "Microsoft 365
clerk@x.gov.uk
Zx9.pLm2Qw8vRt
https://office.com
line \"one\" & <two>
otpauth://totp/M365?secret=JBSWY3DPEHPK3PXPJBSWY3DP
Council/Office,IT"
run sh -c "echo '$NEWP' | keepassxc-cli show -q -s -a PIN -a '2FA Device' x.kdbx 'Bank ŵ'"
same "keepassxc-cli: custom fields" "1234
the red phone"
echo "$NEWP" | KX export -q -f xml x.kdbx > x.xml
ok_if "keepassxc-cli: the old password is in the entry's history" \
    grep -q 'ProtectInMemory="True">qVsVRAJ.yqhZ3UdK<' x.xml
run sh -c "echo '$NEWP' | keepassxc-cli show -q -t x.kdbx 'Microsoft 365'"
ok_if "keepassxc-cli: the TOTP works" grep -Eq '^[0-9]{6}$' out

# more than one 1 MiB HMAC block: a 1.6 MB note
head -c 1200000 /dev/urandom | base64 > big-notes.txt
printf '%s\n' "$CLERK" 'Ab3-Kq9-Lm2-Zp7' > pf
run sh -c "'$CV' -f v --passphrase-fd 3 add Big --notes - 3<pf < big-notes.txt"
run sh -c "printf '%s\n' '$CLERK' '$NEWP' '$NEWP' | '$CV' $V export --format kdbx notes.kdbx $KDF"
echo "$NEWP" | KX show -q -s -a Notes notes.kdbx Big > shown.txt
ok_if "a 1.6 MB note crosses HMAC blocks; keepassxc-cli reads it whole" \
    sh -c 'head -c -1 shown.txt | cmp -s - big-notes.txt'
run sh -c "echo '$NEWP' | '$TK' dump kdbx notes.kdbx"
ok_if "... and so does the reader" python3 -c '
import sys
got = [l[6:] for l in open("out", encoding="utf-8").read().split("\n") if l.startswith("notes ")]
sys.exit(open("big-notes.txt").read().replace("\n", "\\n") not in got)'
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V rm Big --yes"

# round trip: the reader gives back what the vault holds
run sh -c "echo '$NEWP' | '$TK' dump kdbx x.kdbx"
cp out rt
ok_if "round trip: KDBX export read back, every field" sh -c '
grep -qx "title Microsoft 365" rt && grep -qx "password Zx9.pLm2Qw8vRt" rt &&
grep -qx "notes line \"one\" & <two>" rt && grep -qx "tag Council/Office" rt &&
grep -qx "totp otpauth://totp/M365?secret=JBSWY3DPEHPK3PXPJBSWY3DP" rt &&
grep -q "^history qVsVRAJ.yqhZ3UdK " rt && grep -qx "custom PIN=1234" rt &&
grep -qx "device the red phone" rt && grep -qx "title Bank ŵ" rt'
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V log"
ok_if "the export is in the log" grep -q 'export.*kdbx\|kdbx.*export' out

run sh -c "printf '%s\n' '$CLERK' '$NEWP' '$NEWP' | '$CV' $V export --format kdbx x.kdbx $KDF"
is "an existing file is never overwritten" 1
run sh -c "printf '%s\n' '$CLERK' '$NEWP' 'other-words-here-now' | '$CV' $V export --format kdbx y.kdbx $KDF"
ok_if "two different passphrases: refused, no file" [ "$rc" -ne 0 ] && [ ! -e y.kdbx ]
run sh -c "printf '%s\n' '$CLERK' 'password1' 'password1' | '$CV' $V export --format kdbx y.kdbx $KDF"
is "a weak passphrase for the KeePass file is refused by the policy" 6

run sh -c "printf '%s\n' '$CLERK' '$NEWP' '$NEWP' | '$CV' $V export --format kdbx big.kdbx --kdf-memory 2048"
ok_if "an export over the readers' 1 GiB Argon2 cap is refused, no file" [ "$rc" -eq 2 ] && [ ! -e big.kdbx ]

# absurd KDF settings in a file: refused before any work
python3 -c '
d = bytearray(open("x.kdbx", "rb").read())
i = d.index(b"\x05\x01\x00\x00\x00M\x08\x00\x00\x00") + 10
d[i:i + 8] = (1 << 40).to_bytes(8, "little")
open("huge.kdbx", "wb").write(d)'
refuse "a file asking for 1 TiB of Argon2 memory is refused" huge.kdbx "$NEWP" "Argon2 memory"

# plaintext exports
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V export --format csv x.csv"
ok_if "CSV without --plaintext: refused, no file" [ "$rc" -eq 2 ] && [ ! -e x.csv ]
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V export --format csv - --plaintext"
ok_if "CSV to standard output: refused" [ "$rc" -eq 2 ]
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V export --format csv x.csv --plaintext"
ok_if "CSV export: mode 0600, warned" [ "$rc" -eq 0 ] && [ "$(stat -c %a x.csv)" = 600 ] && grep -q 'in the clear' err
ok_if "CSV: header and a row" sh -c 'head -1 x.csv | grep -q "^title,username,password,url,notes,tags,totp" &&
    grep -q "\"Microsoft 365\",\"clerk@x.gov.uk\",\"Zx9.pLm2Qw8vRt\",\"https://office.com\",\"line \"\"one\"\" & <two>\"" x.csv'
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V export --format json x.json --plaintext"
ok_if "JSON export: valid, every entry" python3 -c '
import json
d = json.load(open("x.json", encoding="utf-8"))
it = {i["name"]: i for i in d["items"]}
m = it["Microsoft 365"]
assert d["encrypted"] is False
assert m["login"]["password"] == "Zx9.pLm2Qw8vRt"
assert m["login"]["uris"][0]["uri"] == "https://office.com"
assert m["passwordHistory"][0]["password"] == "qVsVRAJ.yqhZ3UdK"
assert sorted(m["tags"]) == ["Council/Office", "IT"]
assert {"name": "PIN", "type": 1, "value": "1234"} in it["Bank \u0175"]["fields"]'
tap_end
