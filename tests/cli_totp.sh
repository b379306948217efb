#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/cli_totp.sh - two-factor codes at the command line: `cvault totp
# --uri -` on the RFC 6238 appendix B and RFC 4226 appendix D vectors
# (from the RFC text, rfc-editor.org), stored TOTP and HOTP entries (the
# counter advances), a QR screenshot made with qrencode, malformed
# secrets refused with their one-line reason and nothing stored, and the
# recovery-codes and second-factor-device fields. Prints TAP.
set -u
. tests/tap.sh

CLERK='saddle-prism-otter-cavern'
V="-f v --passphrase-fd 0"
S20=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ
S32=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA
S64=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNA

# code URI T: the first word `cvault totp --uri - --at T` prints
code() { printf '%s\n' "$1" | "$CV" totp --uri - --at "$2" 2>err | cut -d' ' -f1; }

# --- RFC 6238 appendix B: 8 digits, 30 s, three algorithms -------------
bad=0
while read -r t sha1 sha256 sha512; do
	[ "$(code "otpauth://totp/RFC?secret=$S20&digits=8" "$t")" = "$sha1" ] || { bad=1; echo "# SHA1 at $t"; }
	[ "$(code "otpauth://totp/RFC?secret=$S32&digits=8&algorithm=SHA256" "$t")" = "$sha256" ] || { bad=1; echo "# SHA256 at $t"; }
	[ "$(code "otpauth://totp/RFC?secret=$S64&digits=8&algorithm=SHA512" "$t")" = "$sha512" ] || { bad=1; echo "# SHA512 at $t"; }
done <<EOF
59 94287082 46119246 90693936
1111111109 07081804 68084774 25091201
1111111111 14050471 67062674 99943326
1234567890 89005924 91819424 93441116
2000000000 69279037 90698825 38618901
20000000000 65353130 77737706 47863826
EOF
[ "$bad" -eq 0 ] && pass "RFC 6238 appendix B: 18 codes through totp --uri -" || fail "RFC 6238 appendix B"

# --- RFC 4226 appendix D: HOTP, counters 0..9 -----------------------------
bad=0 i=0
for want in 755224 287082 359152 969429 338314 254676 287922 162583 399871 520489; do
	[ "$(code "otpauth://hotp/RFC?secret=$S20&counter=$i" 0)" = "$want" ] || { bad=1; echo "# HOTP counter $i"; }
	i=$((i + 1))
done
[ "$bad" -eq 0 ] && pass "RFC 4226 appendix D: 10 HOTP codes through totp --uri -" || fail "RFC 4226 appendix D"

# --- output -------------------------------------------------------------
run sh -c "printf '%s\n' 'otpauth://totp/RFC?secret=$S20&digits=8' | '$CV' totp --uri - --at 59"
same "text: code, seconds left and, under 5 s, the next code" '94287082 (1 s left; next 37359152)'
run sh -c "printf '%s\n' 'otpauth://totp/RFC?secret=$S20&digits=8' | '$CV' --json totp --uri - --at 1111111111"
same "--json: code, seconds_left, next" '{"code":"14050471","type":"totp","seconds_left":29,"next":null}'
run sh -c "printf '%s\n' 'otpauth://totp/RFC?secret=$S20&digits=8' | '$CV' --json totp --uri - --at 1111111109"
same "--json gives the next code under 5 s" '{"code":"07081804","type":"totp","seconds_left":1,"next":"14050471"}'
run sh -c "printf '%s' ' jbsw y3dp ehpk 3pxp ' | '$CV' totp --uri - --at 1000"
same "a bare base32 secret: any case, spaces, no newline" '475209 (20 s left)'
run "$CV" totp --uri "otpauth://totp/x?secret=$S20"
is "a secret on argv is refused (usage)" 2
run "$CV" totp --uri - --at -5
is "--at must be Unix seconds" 2

# --- a vault --------------------------------------------------------------
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V init --council 'Little Snoring PC' $KDF"
is "init" 0
run sh -c "printf '%s\n' '$CLERK' 'qVsVRAJ.yqhZ3UdD' 'otpauth://totp/Microsoft%20365:clerk?secret=$S32&algorithm=SHA256&digits=8&period=60&issuer=Microsoft' 'rc-1111 rc-2222 rc-3333' | '$CV' $V add 'Microsoft 365' --totp - --recovery-codes - --2fa-device 'the council phone in the safe'"
is "add --totp - --recovery-codes - --2fa-device" 0
for t in 59 1111111109 2000000000; do
	run sh -c "printf '%s\n' '$CLERK' | '$CV' $V totp 'microsoft 365' --at $t"
	stored=$(cut -d' ' -f1 out)
	direct=$(code "otpauth://totp/x?secret=$S32&algorithm=SHA256&digits=8&period=60" "$t")
	[ -n "$stored" ] && [ "$stored" = "$direct" ] && pass "stored code = --uri code at $t" || fail "stored code = --uri code at $t ($stored vs $direct)"
done
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V --json log"
grep -q '"event":"reveal"[^}]*"subject":"Microsoft 365"' out && pass "a code shown is a reveal of the entry in the log" || fail "reveal logged"
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V get 'Microsoft 365' --field recovery-codes"
same "recovery codes round trip" 'rc-1111 rc-2222 rc-3333'
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V get 'Microsoft 365' --field 2fa-device"
same "2fa device round trip" 'the council phone in the safe'
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V --json get 'Microsoft 365'"
grep -q '"recovery_codes":"rc-1111 rc-2222 rc-3333"' out && grep -q '"2fa_device":"the council phone in the safe"' out &&
    pass "get --json shows both" || fail "get --json shows both"
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V --json ls"
! grep -q 'rc-1111' out && ! grep -q 'council phone' out && pass "ls shows neither" || fail "ls shows neither"
run "$CV" $V add X --recovery-codes 'rc-1 rc-2'
is "recovery codes on argv are refused" 2
run sh -c "printf '%s\n' '$CLERK' 'qVsVRAJ.yqhZ3UdF' 'JBSWY3DPEHPK3PXP' | '$CV' $V add 'Bare' --totp -"
is "a bare secret is accepted" 0
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V get Bare --field totp"
same "stored as the canonical URI" 'otpauth://totp/?secret=JBSWY3DPEHPK3PXP&algorithm=SHA1&digits=6&period=30'
found=0
for s in 'rc-1111' 'council phone' "$S32" 'JBSWY3DPEHPK3PXP'; do
	grep -q -a -F "$s" v && { found=1; echo "# found: $s"; }
done
[ "$found" -eq 0 ] && pass "no TOTP secret, recovery code or device text in the file bytes" || fail "plaintext in the file"

# --- malformed secrets: reason, exit 1, nothing stored ----------------------
cp v before.vault
while IFS='|' read -r uri why; do
	run sh -c "printf '%s\n' '$CLERK' 'qVsVRAJ.yqhZ3UdG' '$uri' | '$CV' $V add 'Broken' --totp -"
	if [ "$rc" -eq 1 ] && grep -q -F "TOTP secret refused: $why" err && [ "$(wc -l < err)" -eq 1 ]; then
		pass "refused ($why), exit 1, one line"
	else
		fail "refused ($why): exit $rc"
	fi
	! grep -q -F 'X1QQ' err || fail "the secret is not echoed in the error"
	run sh -c "printf '%s\n' '$CLERK' | '$CV' $V get Broken"
	[ "$rc" -eq 4 ] || fail "nothing stored after: $why"
	run sh -c "printf '%s\n' '$uri' | '$CV' totp --uri -"
	[ "$rc" -eq 1 ] && grep -q -F "refused: $why" err || fail "totp --uri refuses: $why (exit $rc)"
done <<EOF
otpauth://totp/x?secret=JBSWY3DPEHPK3X1QQ|bad base32 in the secret
otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&algorithm=MD5|unknown algorithm (SHA1, SHA256 or SHA512)
otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&digits=9|digits outside 6-8
otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&digits=5|digits outside 6-8
otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&period=0|period 0
otpauth://totp/x?issuer=Nobody|missing secret
otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP|hotp without a counter
JBSWY3DPEH|secret shorter than 80 bits
https://example.org/?secret=JBSWY3DPEHPK3PXP|not an otpauth:// URI
EOF
head -c 5000 /dev/zero | tr '\0' 'A' > long.txt
run sh -c "'$CV' totp --uri - < long.txt"
is "an over-long URI is refused" 1
grep -q "too long" err && pass "... as too long" || fail "... as too long"
run sh -c "printf '%s\n' '$CLERK' 'qVsVRAJ.yqhZ3UdH' \"otpauth://totp/x?secret=\$(head -c 210 long.txt)\" | '$CV' $V add 'Broken' --totp -"
is "a secret over 128 bytes is refused" 1
grep -q "secret longer than 128 bytes" err && pass "... with its reason" || fail "... with its reason"
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V --json ls"
! grep -q Broken out && pass "no refused entry was stored" || fail "a refused entry was stored"

# --- HOTP stored: the counter advances ---------------------------------------
run sh -c "printf '%s\n' '$CLERK' 'otpauth://hotp/H?secret=$S20&counter=5' | '$CV' $V edit Bare --totp -"
is "edit --totp - to a HOTP secret" 0
got=""
for i in 1 2 3; do
	run sh -c "printf '%s\n' '$CLERK' | '$CV' $V totp Bare"
	got="$got $(cut -d' ' -f1 out)"
done
[ "$got" = " 254676 287922 162583" ] && pass "stored HOTP: codes for counters 5, 6, 7" || fail "stored HOTP codes:$got"
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V get Bare --field totp"
grep -q '&counter=8$' out && pass "the stored counter is now 8" || fail "stored counter"
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V --json totp Bare"
grep -q '"code":"399871","type":"hotp","counter":8' out && pass "stored HOTP --json" || fail "stored HOTP --json"

# --- QR code from a screenshot --------------------------------------------
if command -v qrencode >/dev/null 2>&1; then
	qrencode -s 6 -o qr.png "otpauth://totp/Parish%20Payroll?secret=$S20&issuer=Payroll&digits=8"
	run sh -c "printf '%s\n' '$CLERK' 'qVsVRAJ.yqhZ3UdJ' | '$CV' $V add 'Payroll' --totp-qr qr.png"
	is "add --totp-qr reads the QR code" 0
	run sh -c "printf '%s\n' '$CLERK' | '$CV' $V totp Payroll --at 1234567890"
	[ "$(cut -d' ' -f1 out)" = 89005924 ] && pass "the QR secret gives the RFC code" || fail "QR code value"
	qrencode -s 4 -o nototp.png "https://example.org/"
	run sh -c "printf '%s\n' '$CLERK' | '$CV' $V edit Payroll --totp-qr nototp.png"
	is "a QR code without an otpauth URI is refused" 1
	grep -q "holds no otpauth:// URI" err && pass "... with its reason" || fail "... with its reason"
	printf 'not a png' > junk.png
	run sh -c "printf '%s\n' '$CLERK' | '$CV' $V edit Payroll --totp-qr junk.png"
	is "a file that is not a PNG is refused" 1
	qrencode -s 6 -o bad.png "otpauth://totp/x?secret=$S20&period=0"
	run sh -c "printf '%s\n' '$CLERK' | '$CV' $V edit Payroll --totp-qr bad.png"
	is "a malformed URI in a QR code is refused" 1
	grep -q "TOTP secret refused: period 0" err && pass "... with its reason" || fail "... with its reason"
	run sh -c "printf '%s\n' '$CLERK' | '$CV' $V totp Payroll --at 1234567890"
	[ "$(cut -d' ' -f1 out)" = 89005924 ] && pass "the entry is unchanged after refusals" || fail "entry changed"
	run "$CV" $V add Y --totp - --totp-qr qr.png
	is "--totp - and --totp-qr together are a usage error" 2
else
	echo "# skipped: qrencode not installed (scripts/install-deps)"
fi

# --- the chair and deputy get a code without the clerk ----------------------
P_CHAIR='harbor-quill-sprocket-lava' P_DEPUTY='tundra-falcon-opal-ledger'
run sh -c "printf '%s\n' '$CLERK' '$P_CHAIR' '$P_DEPUTY' | '$CV' -f e --passphrase-fd 0 init --council 'Little Snoring PC' $KDF --holder chair='G. Walker' --holder deputy='P. Jones' --threshold 2"
is "init with chair and deputy" 0
run sh -c "printf '%s\n' '$CLERK' 'qVsVRAJ.yqhZ3UdK' 'otpauth://totp/M365?secret=$S20&digits=8' | '$CV' -f e --passphrase-fd 0 add 'Microsoft 365' --totp -"
run sh -c "printf '%s\n' '$P_CHAIR' '$P_DEPUTY' | '$CV' -f e --passphrase-fd 0 --escrow chair,deputy totp 'Microsoft 365' --at 2000000000"
is "--escrow chair,deputy totp" 0
[ "$(cut -d' ' -f1 out)" = 69279037 ] && pass "the chair gets the right code" || fail "escrow code"

tap_end
