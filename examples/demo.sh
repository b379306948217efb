#!/bin/sh
# SPDX-License-Identifier: ISC
# examples/demo.sh - `make demo`: the council scenario on a temporary
# vault, narrated. The passphrases are typed here for the demo's sake, fed
# through --passphrase-fd; a clerk types them at a prompt that does not
# echo. Everything happens in a temporary folder that is removed after.
set -eu
CV=${1:-build/cvault}
case $CV in /*) ;; *) CV=$PWD/$CV ;; esac
D=$(mktemp -d "${TMPDIR:-/tmp}/cvault-demo-XXXXXX")
trap 'rm -rf "$D"' EXIT
cd "$D"
export CVAULT_FILE="$D/council.vault"
# This computer's record of what the clerk has seen goes with the demo.
export XDG_STATE_HOME="$D/state"
CLERK='rocket-tundra-velvet-harbour'
CHAIR='lantern-oyster-cobalt-meadow'
DEPUTY='walnut-glacier-ember-sonnet'
CLERK_SHARE='juniper-comet-bramble-anvil'

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
show() {
	printf '$'
	for a; do
		case $a in *" "*) printf " '%s'" "$a" ;; *) printf ' %s' "$a" ;; esac
	done
	echo
}
# as_clerk "lines to type" cvault-args...
as_clerk() {
	lines=$1
	shift
	show cvault "$@"
	printf '%b' "$lines" | "$CV" --passphrase-fd 0 "$@" || echo "(exit status $?)"
}

say "Little Snoring Parish Council gets a credential vault"
echo "The clerk creates one encrypted file. The passphrase is stretched with"
echo "Argon2id, so a stolen copy of the file is very expensive to attack."
echo "(The default is 512 MiB and 3 passes, about a second per unlock; this"
echo "demo uses 256 MiB and 2 passes to keep the tour short.)"
echo "The chair and deputy chair are named"
echo "as escrow holders: any 2 of clerk, chair and deputy can open the vault."
echo "Each holder types a passphrase of their own; nobody learns another's."
as_clerk "$CLERK\n$CLERK_SHARE\n$CHAIR\n$DEPUTY\n" init --council "Little Snoring Parish Council" \
    --kdf-memory 256 --kdf-time 2 \
    --holder clerk="Ann Clerk" --holder chair="Geoff Walker" --holder deputy="Priya Jones" --threshold 2
[ -f council.vault ] || { echo "demo: the vault was not created" >&2; exit 1; }
ls -l council.vault | sed 's/^/  /'

say "The clerk stores the council's accounts"
as_clerk "$CLERK\nQv7#mL2p!xR9wTz4\n" add "Lloyds online banking" \
    --username clerk@littlesnoring-pc.gov.uk --url https://online.lloydsbank.co.uk \
    --tag finance --field "customer id=19283746"
as_clerk "$CLERK\nharbour-piano-lentil-quarry\n" add "Council email" \
    --username clerk@littlesnoring-pc.gov.uk --url https://outlook.office.com --tag email
as_clerk "$CLERK\nZx8!cV3b#Nm5qW2e\n" add "HMRC PAYE" --url https://www.gov.uk/log-in-register-hmrc-online-services --tag finance

say "Every password is checked against the council's policy"
echo "A weak one is refused, with the reason and a suggestion (exit status 6):"
as_clerk "$CLERK\nSummer2024!\n" add "Website admin" --url https://littlesnoring-pc.gov.uk/wp-admin
echo "So the clerk lets cvault make one:"
as_clerk "$CLERK\n" add "Website admin" --url https://littlesnoring-pc.gov.uk/wp-admin --generate
show cvault gen --words 4
"$CV" gen --words 4
echo "Anyone can check candidates without a vault:"
show "printf 'password\\nLittleSnoring1\\nharbour-piano-lentil-quarry\\n' | cvault strength --context 'Little Snoring'"
printf 'password\nLittleSnoring1\nharbour-piano-lentil-quarry\n' | "$CV" strength --context "Little Snoring" | cut -c1-110
echo "A service that imposes a short PIN can still be stored, marked weak:"
as_clerk "$CLERK\n4821\n" add "Hall key safe" --allow-weak --tag premises

say "Finding and using a password"
as_clerk "$CLERK\n" ls
as_clerk "$CLERK\n" search finance
as_clerk "$CLERK\n" get "lloyds online banking"
as_clerk "$CLERK\n" get "Lloyds online banking" --field username

say "The bank asks for a new password; the old one goes to the history"
as_clerk "$CLERK\nTr4#pK9m!vB6yQ1s\n" edit "Lloyds online banking" --password
as_clerk "$CLERK\n" history "Lloyds online banking"

say "What an attacker with the file sees"
echo "Only random ids and ciphertext: no titles, usernames or passwords."
sqlite3 council.vault "SELECT id, hex(substr(summary, 1, 16)) || '...' FROM entry" 2>/dev/null | sed 's/^/  /' ||
    echo "  (install sqlite3 to look inside)"
if grep -a -q "Lloyds" council.vault; then echo "  FOUND plaintext!"; else echo "  grep for 'Lloyds' in the file: nothing."; fi

say "A wrong passphrase opens nothing (exit status 3)"
as_clerk "rocket-tundra-velvet-harbor\n" ls

say "Tampering is detected (exit status 5), and nothing is shown"
cp council.vault backup.vault
sqlite3 council.vault "UPDATE entry SET body = randomblob(length(body)) WHERE id = (SELECT min(id) FROM entry)" 2>/dev/null || true
as_clerk "$CLERK\n" verify
echo "The clerk restores last night's backup. This computer remembers the newer"
echo "state it saw, so cvault warns (someone could put back an old copy to hide"
echo "what they did) until the clerk confirms the restore was theirs:"
cp backup.vault council.vault
as_clerk "$CLERK\n" accept-restore
as_clerk "$CLERK\n" verify

say "The clerk is off sick and the bank needs the council's password"
echo "The chair and deputy chair meet; each types their own passphrase."
show cvault --escrow chair,deputy get "Lloyds online banking"
printf '%b' "$CHAIR\n$DEPUTY\n" | "$CV" --passphrase-fd 0 --escrow chair,deputy get "Lloyds online banking"
echo "One holder alone is not enough (exit status 3):"
show cvault --escrow chair get "Lloyds online banking"
printf '%b' "$CHAIR\n" | "$CV" --passphrase-fd 0 --escrow chair get "Lloyds online banking" || echo "(exit status $?)"

say "The chair's paper share, for a sealed envelope (first lines)"
show cvault escrow print chair
printf '%b' "$CHAIR\n" | "$CV" --passphrase-fd 0 escrow print chair | sed -n '1,16p'
echo "  ... then a QR code of the same words and the steps to follow."

say "The clerk comes back and is told, before anything else"
as_clerk "$CLERK\n" ls
as_clerk "$CLERK\n" log --ack

say "Also here, not shown"
echo "A session that unlocks once (cvault shell), an account to read"
echo "(cvault show) and --copy to the clipboard; import from a spreadsheet,"
echo "a browser or another manager, and export (cvault import, cvault export);"
echo "backups, restore and merging synced copies (cvault backup, restore,"
echo "merge); two-factor codes (cvault totp); the annual review report"
echo "(cvault report); and cvault.exe for the clerk's Windows laptop"
echo "(make windows; README.md, \"On Windows\")."
echo
echo "The demo vault was in $D and is now removed."
