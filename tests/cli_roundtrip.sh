# SPDX-License-Identifier: ISC
# tests/cli_roundtrip.sh - the council can always leave, and come back:
# every account exported (KDBX, JSON, CSV) and imported into a new vault
# comes back the same, field by field, as `get --json` and `history
# --json` show it. What a format cannot carry is said here, not skipped
# in silence: CSV has no history, custom fields, recovery codes or
# second-factor device (docs/cvault.1, export).
set -u
. tests/tap.sh
CLERK='saddle-prism-otter-cavern'
NEWP='tundra-velvet-oboe-gecko-ramp'
SAMPLE="$TOP/tests/data/keepass-sample.xml"
cv() { f=$1; shift; "$CV" -f "$f" --passphrase-fd 0 "$@"; }
say() { printf '%s\n' "$@"; }

say "$CLERK" | cv a init --council 'Little Snoring PC' $KDF 2>/dev/null
# Entries with history, times, tags and custom fields (from KeePass XML),
# and one with every field cvault has.
run sh -c "say() { printf '%s\n' \"\$@\"; }; say '$CLERK' | '$CV' -f a --passphrase-fd 0 import --yes --format keepass-xml '$SAMPLE'"
is "the source vault: the KeePass sample imported" 0
run sh -c "printf '%s\n' '$CLERK' 'qVsVRAJ.yqhZ3UdK' 'otpauth://totp/M365?secret=JBSWY3DPEHPK3PXPJBSWY3DP' | '$CV' -f a --passphrase-fd 0 add 'Microsoft 365 🐉' --username clerk@x.gov.uk --url https://office.com --tag IT --tag 'Cyngor ŵ' --notes 'line \"one\" & <two>' --totp - --field PIN=1234 --2fa-device 'the red phone'"
is "an entry with every field" 0
run sh -c "printf '%s\n' '$CLERK' 'Zx9.pLm2Qw8vRt' | '$CV' -f a --passphrase-fd 0 edit 'Microsoft 365 🐉' --password"
is "... and a previous password" 0

titles() { say "$CLERK" | cv "$1" --json ls 2>/dev/null |
    python3 -c 'import json,sys; [print(e["title"]) for e in json.load(sys.stdin)]' | sort; }
# dump V KEEP: every entry's fields and history, as JSON lines, only the
# keys in KEEP (space-separated; "all" for every one).
dump() {
	titles "$1" | while IFS= read -r t; do
		say "$CLERK" | cv "$1" --json get -- "$t" 2>/dev/null
		say "$CLERK" | cv "$1" --json history -- "$t" 2>/dev/null
	done | python3 -c '
import json, sys
keep = sys.argv[1].split()
for line in sys.stdin:
    v = json.loads(line)
    if isinstance(v, dict):
        v.pop("history_count", None)
        if keep != ["all"]:
            v = {k: v[k] for k in keep if k in v}
    elif "history" not in keep and keep != ["all"]:
        continue
    print(json.dumps(v, sort_keys=True, ensure_ascii=False))' "$2"
}
ALL=all
CSV_KEYS="title username password url notes tags totp"

roundtrip() {	# format keys
	fmt=$1 keys=$2
	case $fmt in
	kdbx) run sh -c "printf '%s\n' '$CLERK' '$NEWP' '$NEWP' | '$CV' -f a --passphrase-fd 0 export --format kdbx out.$fmt --kdf-memory 8 --kdf-time 1" ;;
	*) run sh -c "printf '%s\n' '$CLERK' | '$CV' -f a --passphrase-fd 0 export --format $fmt out.$fmt --plaintext" ;;
	esac
	is "export --format $fmt" 0
	say "$CLERK" | cv b-$fmt init --council 'Little Snoring PC' $KDF 2>/dev/null
	run sh -c "printf '%s\n' '$CLERK' '$NEWP' | '$CV' -f b-$fmt --passphrase-fd 0 import --yes out.$fmt"
	is "import of the $fmt export into a new vault" 0
	dump a "$keys" > want-$fmt
	dump b-$fmt "$keys" > got-$fmt
	ok_if "$fmt: the export read back ($(wc -l < want-$fmt) records) is the same" \
	    test -s want-$fmt
	if diff want-$fmt got-$fmt > /dev/null; then
		pass "$fmt round trip: identical entries ($keys)"
	else
		fail "$fmt round trip: identical entries ($keys)"
		diff want-$fmt got-$fmt | sed 's/^/#   /' | head -20
	fi
	rm -f out.$fmt
}
roundtrip kdbx "$ALL"
roundtrip json "$ALL"
roundtrip csv "$CSV_KEYS"
tap_end
