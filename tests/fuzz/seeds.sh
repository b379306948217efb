#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/fuzz/seeds.sh - the share and combine seeds, from the SLIP-0039
# test vectors (tests/vectors/slip39-vectors.txt, trezor/python-shamir-
# mnemonic, MIT). Run from the top directory (`make fuzz-seeds`). Writes:
#   fuzz_share/vNN-M     mnemonic M of vector case NN, as is
#   fuzz_share/styled-*  the same words in other letter case, as 4-letter
#                        prefixes, with tabs and newlines between them
#   fuzz_combine/text-NN mode byte 0, then the first two mnemonics of
#                        case NN joined by a newline
#   fuzz_combine/forged-*, roundtrip-*  fixed bytes for modes 1 and 2
# and fixed seeds for two targets that need no library to make them:
#   fuzz_hibp/raw-*      mode byte 0, then a Pwned Passwords file: sorted
#                        (holding the probes' SHA-1s), near misses
#   fuzz_hibp/built-*    mode byte 1 (plus flags), filler, shift, then
#                        passwords, one a line (some with damage)
#   fuzz_strength/*      context count, length-prefixed context strings,
#                        then the password
#   fuzz_otpauth/*       otpauth URIs and bare base32 secrets, good and bad
set -eu
V=tests/vectors/slip39-vectors.txt
C=tests/fuzz/corpus
mkdir -p "$C/fuzz_share" "$C/fuzz_combine"
awk -v dir="$C" '
/^case: / { split($2, a, "."); c = sprintf("%02d", a[1]); m = 0; first = ""; next }
/^mnemonic: / {
	sub(/^mnemonic: /, ""); m++
	printf "%s", $0 > (dir "/fuzz_share/v" c "-" m); close(dir "/fuzz_share/v" c "-" m)
	if (m == 1) first = $0
	if (m == 2) {
		f = dir "/fuzz_combine/text-" c
		printf "%c%s\n%s", 0, first, $0 > f; close(f)
	}
}' "$V"
# Only the first mnemonic of each case for the share target: the rest
# add bytes, not paths.
for f in "$C"/fuzz_share/v*-[2-9]*; do rm -f "$f"; done
one=$(sed -n 's/^mnemonic: //p' "$V" | head -1)
printf '%s\n' "$one" | tr a-z A-Z > "$C/fuzz_share/styled-upper"
printf '%s' "$one" | awk '{ for (i = 1; i <= NF; i++) printf "%s%s", substr($i, 1, 4), (i < NF ? "\t\n " : "\r\n") }' \
    > "$C/fuzz_share/styled-prefix-ws"
printf '' > "$C/fuzz_share/empty"
# Mode 1: two forged shares (11 header bytes, 16 value bytes each) of one
# 2-of-2 group, and one lone share. Mode 2: 1 group 2-of-3, all given;
# 2 groups of which both are needed, one incomplete.
printf '\001\042\001\000\000\000\000\000\001\000\000\000aaaaaaaaaaaaaaaa\042\001\000\000\000\000\001\001\000\000\000bbbbbbbbbbbbbbbb' \
    > "$C/fuzz_combine/forged-2of2"
printf '\001\007\000\001\003\001\000\002\000\000\000\000cccccccccccccccc' \
    > "$C/fuzz_combine/forged-one"
printf '\002\000\000\000\004TREZ\002\001\000\000\000\000\000\000secretsecretsecretsecretsecretse\377' \
    > "$C/fuzz_combine/roundtrip-2of3"
printf '\002\010\001\001\000abcd\003\002\001\001\000\000\000\000secretsecretsecretsecretsecretse\013' \
    > "$C/fuzz_combine/roundtrip-2groups"

# fuzz_hibp. The probes' SHA-1s, in order: P@ssw0rd, password, 123456,
# Tr0ub4dor&3, correct horse battery staple, "".
H=tests/fuzz/corpus/fuzz_hibp
mkdir -p "$H"
sorted='0000000A1B2C3D4E5F60718293A4B5C6D7E8F901:3
21BD12DC183F740EE76F27B78EB39C8AD972A757:121000
5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8:9545824
7C4A8D09CA3762AF61E59520943DC26494F8941B:37359195
874572E7A5AE6A49466A6AC578B98ADBA78C6AA6:7
ABF7AAD6438836DBE526AA231ABDE2D0EEF74D42:1
C0FFEE0000000000000000000000000000000000:18446744073709551615
DA39A3EE5E6B4B0D3255BFEF95601890AFD80709:00000000000000000042
FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF:1'
{ printf '\000'; printf '%s\n' "$sorted" | sed 's/$/\r/'; } > "$H/raw-sorted-crlf"
{ printf '\000'; printf '%s' "$sorted" | tr A-F a-f; } > "$H/raw-sorted-lower-lf-no-final-newline"
{ printf '\000'; printf '%s\n' "$sorted" | awk 'NR == 4 { h = $0; next } NR == 5 { print; print h; next } { print }'; } > "$H/raw-out-of-order"
{ printf '\000'; printf '%s\n' "$sorted" | sed '3s/:.*/:184467440737095516150/'; } > "$H/raw-count-21-digits"
{ printf '\000'; printf '%s\n' "$sorted" | sed '4s/:.*/:18446744073709551616/'; } > "$H/raw-count-overflow"
{ printf '\000'; printf '%s\n' "$sorted" | sed '2s/^21BD/21BG/'; } > "$H/raw-bad-hex"
{ printf '\000'; printf '%s\n' "$sorted" | sed '5s/:/;/'; } > "$H/raw-no-colon"
{ printf '\000'; printf '%s\n' "$sorted" | sed '6s/^/\n/'; } > "$H/raw-empty-line"
{ printf '\000'; printf '%s\n' "$sorted" | sed -n 3p; } > "$H/raw-one-line"
printf '\000' > "$H/raw-empty"
# Built files: flags (byte 0, odd), filler lines / 2, count shift.
pws='password
letmein
correct horse battery staple

Tr0ub4dor&3
P@ssw0rd'
{ printf '\001\000\000'; printf '%s' "$pws"; } > "$H/built-plain"
{ printf '\003\020\040'; printf '%s' "$pws"; } > "$H/built-upper-filler"
{ printf '\015\377\000'; printf '%s' "$pws"; } > "$H/built-crlf-no-final-510-filler"
{ printf '\061\100\073'; printf '%s\n' "$pws"; } > "$H/built-mixed-case-zeros"
# Damaged: two neighbouring lines swapped (0x40), one repeated (0x80).
{ printf '\101\040\000'; printf '%s' "$pws"; } > "$H/built-swapped"
{ printf '\203\000\020'; printf '%s' "$pws"; } > "$H/built-repeated"
{ printf '\305\010\000'; printf '%s' "$pws"; } > "$H/built-swapped-repeated-crlf"

# fuzz_strength: byte 0 is the number of context strings (low 3 bits).
S=tests/fuzz/corpus/fuzz_strength
mkdir -p "$S"
printf '\000gravity-unnoticed-overload-eraser' > "$S/words-accept"
printf '\000correct horse battery staple' > "$S/phrase-known"
printf '\000Thequickbrownfoxjumpsoverthelazydog' > "$S/phrase-run-together"
printf '\000Monday-Tuesday-Wednesday-Thursday' > "$S/phrase-series"
printf '\000to-be-or-not-to-be' > "$S/phrase-short-words"
printf '\000!QAZ@WSX#EDC' > "$S/walk-shift"
printf '\000Aa1!Bb2@Cc3#' > "$S/class-cycle"
printf '\000Treasurer2Treasurer' > "$S/word-repeated"
{ printf '\000'; for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22; do printf 'thequickbrownfox'; done; } > "$S/phrase-long-run"
printf '\000Kx9#mT2$vL7q' > "$S/chars-accept"
printf '\000P@ssw0rd1' > "$S/common-leet"
printf '\000qwertyuiop' > "$S/keyboard"
printf '\000born 12/03/1987' > "$S/date"
printf '\000' > "$S/empty"
printf '\000abc\000def' > "$S/nul-invalid"
printf '\000na\303\257ve cr\303\250me br\303\273l\303\251e fa\303\247ade' > "$S/utf8-words"
printf '\002\035Little Snoring Parish Council\012Mary SmithLittleSnoring2024!' > "$S/context"
printf '\007\003www\000\005a.b.c\017clerk@ls.gov.uk\001x\010HMRC tax\003ianIan-HMRC-clerk-2ian' > "$S/context-seven"
{ printf '\000'; for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do printf 'lantern-%02d-' "$i"; done; } > "$S/long-over-256"

# fuzz_otpauth: the text as typed, piped or scanned from a QR code.
O=tests/fuzz/corpus/fuzz_otpauth
mkdir -p "$O"
B20=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ
printf 'otpauth://totp/RFC?secret=%s&digits=8' "$B20" > "$O/rfc6238-sha1"
printf 'otpauth://totp/RFC?secret=%s%s&algorithm=SHA256&digits=8&period=60' "$B20" GEZDGNBVGY3TQOJQGEZA > "$O/sha256-period"
printf 'otpauth://hotp/RFC?secret=%s&counter=9&algorithm=sha512' "$B20" > "$O/hotp"
printf 'OTPAUTH://TOTP/Acme%%20Co%%3Aclerk%%40ls.example?issuer=Acme+Co&Secret=jbsw%%20y3dp%%20ehpk%%203pxp&image=x' > "$O/label-issuer-escapes"
printf ' gezd gnbv gy3t qojq ge======\n' > "$O/bare-padded"
printf 'JBSWY3DPEHPK3PXP' > "$O/bare"
printf 'otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&digits=9&period=0' > "$O/bad-digits"
printf 'otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&secret=AA&algorithm=MD5' > "$O/bad-twice"
printf 'otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP&counter=9223372036854775806' > "$O/hotp-counter-max"
printf 'otpauth://totp/%%zz?secret=JBSWY3DPEHPK3PXQ' > "$O/bad-escape"
head -c 4200 /dev/zero | tr '\0' 'A' > "$O/too-long"
ls "$C/fuzz_share" "$C/fuzz_combine" "$H" "$S" "$O" | wc -l
