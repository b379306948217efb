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
ls "$C/fuzz_share" "$C/fuzz_combine" | wc -l
