#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/cli_escrow.sh - the chair and deputy opening the vault without the
# clerk, end to end: holders at init, --escrow with passphrases, paper
# shares with --shares, the clerk's notice, the log, verify-share,
# rotation, handover, and the slip39 commands against official vectors.
set -u
. tests/tap.sh

CLERK='velvet-marsh-tango-pylon'
P_CLERK='cobalt-fjord-mosaic-lemur' P_CHAIR='harbor-quill-sprocket-lava'
P_DEPUTY='tundra-falcon-opal-ledger'
V="-f v --passphrase-fd 0"

run sh -c "printf '%s\n' '$CLERK' '$P_CLERK' '$P_CHAIR' '$P_DEPUTY' | '$CV' $V init --council 'Little Snoring PC' $KDF --holder clerk='A. Clerk' --holder chair='G. Walker' --holder deputy='P. Jones' --threshold 2"
is "init with three holders, threshold 2" 0
run sh -c "printf '%s\n' '$CLERK' 'short' | '$CV' -f w --passphrase-fd 0 init --council X $KDF --holder chair=G --threshold 1"
is "a holder's weak passphrase is refused (policy)" 6
ok_if "no vault left after a refused holder" test ! -e w
run sh -c "'$CV' -f w init --council X --holder chair=G --holder deputy=D --threshold 3"
is "threshold above the holder count is a usage error" 2
run sh -c "printf '%s\n' '$CLERK' 'LbYXdw2Kc7c6fQHa' | '$CV' $V add Bank"
run sh -c "printf '%s\n' '$CLERK' '_msb-nXJn37@FMqm' | '$CV' $V add Email"
is "clerk adds entries" 0
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V escrow status"
grep -q "Any 2 of these 3 holders" out && grep -q "the chair, G. Walker" out
ok_if "escrow status lists holders and threshold" [ $? -eq 0 ]

# --- opening without the clerk -------------------------------------------
run sh -c "printf '%s\n' '$P_CHAIR' '$P_DEPUTY' | '$CV' $V --escrow chair,deputy get Bank"
is "chair and deputy open the vault" 0
same "they see the password" 'LbYXdw2Kc7c6fQHa'
run sh -c "printf '%s\n' '$P_CHAIR' 'not the deputy' | '$CV' $V --escrow chair,deputy get Bank"
is "a wrong holder passphrase exits 3" 3
grep -q "That was not the deputy's passphrase. Nothing was opened." err && [ ! -s out ]
ok_if "the message names the deputy and nothing is printed" [ $? -eq 0 ]
run sh -c "printf '%s\n' '$P_CHAIR' | '$CV' $V --escrow chair get Bank"
is "one holder alone (threshold 2) exits 3" 3
grep -q "2 of the holders are needed" err
ok_if "the message says how many are needed" [ $? -eq 0 ]
run sh -c "printf '%s\n' '$P_CHAIR' x | '$CV' $V --escrow chair,treasurer get Bank"
is "a holder not in the vault exits 3" 3
grep -q "holders are: clerk, chair, deputy" err
ok_if "the message lists the holders" [ $? -eq 0 ]

# --- the clerk is told -----------------------------------------------------
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V get Email"
is "the clerk opens the vault again" 0
same "the clerk's command still works" '_msb-nXJn37@FMqm'
grep -q "opened through escrow" err && grep -q 'opened by G. Walker (chair) and P. Jones (deputy)$' err &&
    grep -q 'saw "Bank": password$' err
ok_if "the clerk is shown the escrow opening, the holders by name and role, and what was revealed" [ $? -eq 0 ]
grep -q '^  1. Ask G. Walker (chair) and P. Jones (deputy) why it was needed.$' err &&
    grep -q '^       cvault edit "Bank" --generate$' err && ! grep -q 'escrow rotate' err &&
    grep -q "'cvault log' shows it" err
ok_if "the notice is an action list: whom to ask, the password to change and how, where the record stays" [ $? -eq 0 ]
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V --json log"
grep -q '"event":"open","escrow":true,"actor":"escrow: chair, deputy"' out
ok_if "log --json records the escrow opening" [ $? -eq 0 ]
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V log --ack"
is "log --ack" 0
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V ls"
! grep -q "used without you" err
ok_if "after --ack the notice is not shown again" [ $? -eq 0 ]

# --- paper shares -----------------------------------------------------------
run sh -c "printf '%s\n' '$P_CHAIR' | '$CV' $V escrow print chair"
is "escrow print chair" 0
cp out chair-sheet.txt
grep -q "Share:   2 of 3" out && grep -q "IF THE CLERK IS UNAVAILABLE" out &&
    grep -q "Little Snoring PC" out && grep -q "$(printf '\342\226\210')" out
ok_if "the sheet has council, share number, steps and a QR code" [ $? -eq 0 ]
words chair-sheet.txt > chair.txt
ok_if "the sheet has 20 words" [ "$(wc -w < chair.txt)" -eq 20 ]
run sh -c "printf '%s\n' '$P_DEPUTY' | '$CV' $V --escrow deputy --shares chair.txt get Bank"
is "a paper share and a passphrase together open it" 0
same "mixed opening shows the password" 'LbYXdw2Kc7c6fQHa'
awk '{for (i = 1; i <= NF; i++) printf "%s ", toupper(substr($i, 1, 4)); print ""}' chair.txt > chair4.txt
run sh -c "'$CV' -f v escrow verify-share < chair4.txt"
is "first four letters, upper case, verify" 0
grep -q "the chair's" err
ok_if "verify-share names the holder" [ $? -eq 0 ]
run sh -c "'$CV' -f v --shares chair.txt escrow verify-share"
is "verify-share --shares FILE" 0
run sh -c "printf '%s\n' '$P_DEPUTY' | cat - chair.txt | '$CV' $V --escrow deputy --shares - get Bank"
same "--shares - reads the paper words from standard input" 'LbYXdw2Kc7c6fQHa'
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V ls"
grep -q 'opened by G. Walker (chair), typing a paper share and P. Jones (deputy)$' err &&
    grep -q '^       cvault escrow rotate --holder clerk="A. Clerk" --holder chair="G. Walker" --holder deputy="P. Jones" --threshold 2$' err
ok_if "paper typed: the notice says so and gives the escrow rotate command" [ $? -eq 0 ]
sed 's/^\([a-z]*\) \([a-z]*\)/\1 zzzzzz/' chair.txt > typo.txt
run sh -c "'$CV' -f v escrow verify-share < typo.txt"
is "an unknown word exits 3" 3
grep -q "word 2 is not in the word list" err
ok_if "the unknown word's position is named" [ $? -eq 0 ]
awk '{t = $5; $5 = $6; $6 = t; print}' chair.txt > swapped.txt
run sh -c "'$CV' -f v escrow verify-share < swapped.txt"
is "swapped words fail the checksum (exit 3)" 3
grep -q "do not check out" err
ok_if "the checksum message says a word is mistyped or out of order" [ $? -eq 0 ]
run sh -c "printf '%s\n' '$P_DEPUTY' | '$CV' $V escrow verify-share deputy"
is "verify-share with a holder's passphrase" 0
run sh -c "printf '%s\n' wrong | '$CV' $V escrow verify-share deputy"
is "verify-share with a wrong passphrase exits 3" 3

# --- rotation, handover --------------------------------------------------
run sh -c "printf '%s\n' '$CLERK' 'quiver-nectar-gravel-orbit' 'mantle-sphinx-cider-plank' | '$CV' $V escrow rotate --holder chair='G. Walker' --holder deputy='P. Jones' --threshold 2"
is "escrow rotate to chair and deputy" 0
grep -q "Bank" err
ok_if "rotate lists the passwords revealed in escrow openings" [ $? -eq 0 ]
run sh -c "'$CV' -f v escrow verify-share < chair.txt"
is "the old paper share no longer belongs (exit 3)" 3
grep -q "from before the shares were last re-issued" err
ok_if "the message says it is from before the re-issue" [ $? -eq 0 ]
run sh -c "printf '%s\n' '$P_CHAIR' '$P_DEPUTY' | '$CV' $V --escrow chair,deputy ls"
is "old holder passphrases no longer open it" 3
run sh -c "printf '%s\n' 'quiver-nectar-gravel-orbit' 'mantle-sphinx-cider-plank' 'ribbon-lagoon-frost-easel' 'atlas-pebble-thimble-crater' 'sonar-willow-fable-kettle' | '$CV' $V --escrow chair,deputy handover"
is "handover after an escrow opening" 0
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V ls"
is "the old clerk passphrase no longer opens it" 3
run sh -c "printf '%s\n' 'ribbon-lagoon-frost-easel' | '$CV' $V get Bank"
same "the new clerk reads the entries" 'LbYXdw2Kc7c6fQHa'
run sh -c "printf '%s\n' 'ribbon-lagoon-frost-easel' | '$CV' $V verify"
is "verify after handover" 0
run sh -c "printf '%s\n' 'ribbon-lagoon-frost-easel' | '$CV' $V rekey --no-escrow"
is "rekey without escrow" 0
run sh -c "printf '%s\n' 'atlas-pebble-thimble-crater' 'sonar-willow-fable-kettle' | '$CV' $V --escrow chair,deputy ls"
is "no escrow after rekey --no-escrow" 4

# --- a paper-only holder ---------------------------------------------------
PV="-f pv --passphrase-fd 0"
run sh -c "printf '%s\n' '$CLERK' '$P_CHAIR' | '$CV' $PV init --council 'Little Snoring PC' $KDF --holder chair='G. Walker' --paper-holder deputy='P. Jones' --threshold 2"
is "init with a paper-only deputy (no passphrase line for them)" 0
cp out deputy-sheet.txt
[ "$(grep -c 'EMERGENCY SHARE' out)" -eq 1 ] && grep -q "Holder:  the deputy, P. Jones" out &&
    grep -q "THIS SHEET IS THE ONLY COPY" out && ! grep -q "cvault --escrow deputy" out &&
    grep -q "only copies of their shares" err
ok_if "init prints the deputy's sheet, marked as the only copy, on stdout" [ $? -eq 0 ]
words deputy-sheet.txt > deputy.txt
ok_if "the paper-only sheet has 20 words" [ "$(wc -w < deputy.txt)" -eq 20 ]
run sh -c "printf '%s\n' '$CLERK' 'LbYXdw2Kc7c6fQHa' | '$CV' $PV add Bank"
run sh -c "printf '%s\n' '$CLERK' | '$CV' $PV escrow status"
grep -q "the deputy, P. Jones (paper only" out && ! grep -q "the chair, G. Walker (paper" out
ok_if "escrow status marks the deputy as paper-only" [ $? -eq 0 ]
run sh -c "printf '%s\n' '$CLERK' | '$CV' $PV --json escrow status"
grep -q '"role":"deputy","name":"P. Jones","share":2,"paper_only":true' out &&
    grep -q '"role":"chair","name":"G. Walker","share":1,"paper_only":false' out
ok_if "escrow status --json has paper_only" [ $? -eq 0 ]
run sh -c "printf '%s\n' '$P_CHAIR' | '$CV' $PV --escrow chair,deputy get Bank"
is "naming a paper-only holder in --escrow exits 3" 3
grep -q "deputy holds a paper share only" err && [ ! -s out ]
ok_if "the message sends them to --shares" [ $? -eq 0 ]
run sh -c "printf '%s\n' '$P_CHAIR' | '$CV' $PV --escrow chair --shares deputy.txt get Bank"
is "the chair's passphrase and the deputy's paper open it" 0
same "and show the password" 'LbYXdw2Kc7c6fQHa'
run sh -c "'$CV' -f pv escrow print deputy < /dev/null"
is "escrow print of a paper-only holder exits 3" 3
grep -q "only on the sheet printed" err
ok_if "the message says the sheet is the only copy and how to replace it" [ $? -eq 0 ]
run sh -c "printf '%s\n' '$CLERK' '$P_CHAIR' | '$CV' $PV escrow rotate"
is "escrow rotate with a paper-only holder" 0
words out > deputy2.txt
ok_if "rotate prints the deputy a new sheet" [ "$(wc -w < deputy2.txt)" -eq 20 ] && ! cmp -s deputy.txt deputy2.txt
run sh -c "'$CV' -f pv escrow verify-share < deputy.txt"
is "the old paper-only sheet stops opening the file" 3
run sh -c "'$CV' -f pv escrow verify-share < deputy2.txt"
is "the new sheet belongs" 0
run sh -c "printf '%s\n' '$CLERK' '$P_CHAIR' | '$CV' $PV --json rekey"
is "rekey reissues; --json gives the paper share as JSON" 0
grep -q '^{"paper_shares":\[{"role":"deputy","share":2,"threshold":2,"holders":2,"words":"' out
ok_if "the JSON carries the deputy's new words" [ $? -eq 0 ]
sed 's/.*"words":"\([a-z ]*\)".*/\1/' out > deputy3.txt
run sh -c "printf '%s\n' '$P_CHAIR' | '$CV' $PV --escrow chair --shares deputy3.txt get Bank"
same "the re-issued paper share opens the re-keyed vault" 'LbYXdw2Kc7c6fQHa'

# --- text that could drive the clerk's terminal (issue 9) ---------------------
# Holders in an escrow session add a title that would erase the clerk's
# notice: refused. A title an older vault holds is shown escaped in the
# notice. A role edited in the file (not sealed) is damage: exit 5.
ESC=$(printf '\033') BEL=$(printf '\007') CR=$(printf '\r')
raw_in() { grep -q -e "$ESC" -e "$BEL" -e "$CR" "$@"; }
EVIL=$(printf 'Evil\r\033[2K\033[1A\033[2K\033[1A\033[2K\033[1A\033[2K\033[1A\033[2K\033[1A\033[2K\033[1A\033[2K\033[8m')
run sh -c "printf '%s\n' '$P_CHAIR' 'Rk7-pWq2@vNs8LzT' | '$CV' $PV --escrow chair --shares deputy3.txt add \"\$1\"" sh "$EVIL"
is "holders in an escrow session cannot add a title with ESC sequences (2)" 2
grep -q "the title contains a control character" err && ! raw_in err
ok_if "they are told why, with nothing raw quoted" [ $? -eq 0 ]
run sh -c "printf '%s\n' '$CLERK' | '$CV' $PV ls"
grep -q "used without you" err && grep -q "What to do now" err && ! raw_in err && ! raw_in out
ok_if "the clerk's notice is whole and has no raw control bytes" [ $? -eq 0 ]
run sh -c "printf '%s\n' '$CLERK' | '$CV' $PV ls"
same "nothing was added" 'Bank'

MKLEGACY=$TOP/${BUILD:-build}/tests/t_text
LT=$(printf 'Legacy\r\033[2K\033[1A\033[2K\033[8m')
"$MKLEGACY" --legacy-vault lv > /dev/null 2>&1
ok_if "a legacy vault with holders and an ESC title" [ $? -eq 0 ]
run sh -c "printf '%s\n' '$P_DEPUTY' | '$CV' -f lv --passphrase-fd 0 escrow print deputy"
words out > lv-deputy.txt
run sh -c "printf '%s\n' '$P_CHAIR' '$P_DEPUTY' | '$CV' -f lv --passphrase-fd 0 --escrow chair,deputy get \"\$1\"" sh "$LT"
same "holders open the legacy entry" 'Kq8-vTz3@pLm9wRs'
run sh -c "printf '%s\n' '$CLERK' | '$CV' -f lv --passphrase-fd 0 ls"
grep -q "used without you" err && grep -qF 'saw "Legacy\x0d\x1b[2K\x1b[1A\x1b[2K\x1b[8m": password' err &&
    grep -q "What to do now" err && ! raw_in err
ok_if "the notice names the revealed title escaped, banner and advice intact" [ $? -eq 0 ]
cp lv lv-pristine
sqlite3 lv "UPDATE holder SET role = char(27) || '[2J' WHERE role = 'chair'"
run sh -c "printf '%s\n' '$P_CHAIR' '$P_DEPUTY' | '$CV' -f lv --passphrase-fd 0 --escrow chair,deputy ls"
is "a role edited to ESC [2J: --escrow opening fails as damaged (5)" 5
! raw_in err && ! raw_in out && [ ! -s out ]
ok_if "nothing shown, nothing raw" [ $? -eq 0 ]
run sh -c "'$CV' -f lv --shares lv-deputy.txt ls < /dev/null"
is "and so does a --shares opening (5)" 5
run sh -c "printf '%s\n' '$CLERK' | '$CV' -f lv --passphrase-fd 0 escrow status"
is "escrow status reports the damage (5)" 5
! raw_in out && ! raw_in err
ok_if "escrow status prints no raw ESC" [ $? -eq 0 ]
run sh -c "printf '%s\n' '$CLERK' | '$CV' -f lv --passphrase-fd 0 --json escrow status"
is "escrow status --json reports it too (5)" 5
run sh -c "printf '%s\n' '$CLERK' | '$CV' -f lv --passphrase-fd 0 log"
is "the clerk can still read the log" 0
! raw_in out && ! raw_in err
ok_if "log prints no raw control byte" [ $? -eq 0 ]
cp lv-pristine lv
sqlite3 lv "UPDATE holder SET role = 'Chair' WHERE role = 'chair'"
run sh -c "printf '%s\n' '$P_DEPUTY' | '$CV' -f lv --passphrase-fd 0 --escrow deputy --shares lv-deputy.txt ls"
is "an upper-case role is not a role either (5)" 5

# --- slip39 ------------------------------------------------------------------
run sh -c "echo bb54aac4b89dc868ba37d9cc21b2cece | '$CV' slip39 split --threshold 2 --shares 3"
is "slip39 split 2-of-3" 0
ok_if "three mnemonics of 20 words" [ "$(wc -l < out)" -eq 3 ] && [ "$(head -1 out | wc -w)" -eq 20 ]
cp out three.txt
run sh -c "sed -n '1p;3p' three.txt | '$CV' slip39 combine"
same "any two combine to the secret" 'bb54aac4b89dc868ba37d9cc21b2cece'
run sh -c "head -1 three.txt | '$CV' slip39 combine"
is "one share of 2-of-3 exits 3" 3
# SLIP-0039 official vector 4 (trezor/python-shamir-mnemonic, MIT), passphrase TREZOR
echo TREZOR > trezor.txt
run sh -c "printf '%s\n' 'shadow pistol academic always adequate wildlife fancy gross oasis cylinder mustang wrist rescue view short owner flip making coding armed' 'shadow pistol academic acid actress prayer class unknown daughter sweater depict flip twice unkind craft early superior advocate guest smoking' | '$CV' --passphrase-fd 3 slip39 combine 3< trezor.txt"
same "official vector 4 (2-of-3, passphrase TREZOR)" 'b43ceb7e57a0ea8766221624d01b0864'
run sh -c "echo 'duckling enlarge academic academic agency result length solution fridge kidney coal piece deal husband erode duke ajar critical decision kidney' | '$CV' --passphrase-fd 3 slip39 combine 3< trezor.txt"
is "official vector 2 (bad checksum) exits 3" 3

tap_end
