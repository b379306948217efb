#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/cli_show.sh - `cvault show TITLE` for a person (one labelled line a
# field, notes indented, the two-factor code with its seconds, escaped
# text), finding an entry by a prefix or whole words of its title for
# get, show, edit, rm, history and totp (candidates listed when several
# fit, the nearest titles on a miss, exit 4), `get --help` listing the
# fields, and reveals in the log naming what was shown, in a clerk's and
# an escrow session. Prints TAP.
set -u
. tests/tap.sh

CLERK='saddle-prism-otter-cavern'
P_CHAIR='harbor-quill-sprocket-lava'
P_DEPUTY='tundra-falcon-opal-ledger'
PW='qVsVRAJ.yqhZ3UdD'
S20=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ
printf '%s\n' "$CLERK" > pass
V="-f v --passphrase-fd 3"
clerk() { run sh -c "'$CV' $V \"\$@\" 3<pass" sh "$@"; }

run sh -c "printf '%s\n' '$CLERK' '$P_CHAIR' '$P_DEPUTY' | '$CV' -f v --passphrase-fd 0 init --council 'Little Snoring PC' $KDF --holder chair='G. Walker' --holder deputy='P. Jones' --threshold 2"
is "init with a chair and a deputy" 0
run sh -c "printf '%s\n' '$CLERK' '$PW' 'otpauth://totp/HSBC?secret=$S20' | '$CV' -f v --passphrase-fd 0 add 'HSBC Business Banking' --username clerk@snoring.example --url https://www.hsbc.co.uk --notes \"\$1\" --field 'Customer ID=4471 2290' --tag bank --tag money --totp - --2fa-device 'the council phone'" sh "$(printf 'Card reader in the safe.\nPIN from the chair.')"
is "add an entry with every kind of field" 0
ESCPW=$(printf 'ab\033[2Jcd')
run sh -c "printf '%s\n' '$CLERK' \"\$1\" | '$CV' -f v --passphrase-fd 0 add 'HSBC Personal' --allow-weak" sh "$ESCPW"
is "add a second HSBC entry (a password holding ESC)" 0
run sh -c "printf '%s\n' '$CLERK' 'aL3-kq9@Zx7vRt2M' | '$CV' -f v --passphrase-fd 0 add 'Barclays Bank'"
is "add Barclays Bank" 0

# --- show -----------------------------------------------------------------
clerk show 'hsbc business'
is "show by the start of the title" 0
sed -e 's/^\(Password changed: \).*/\1DATE/' -e 's/^\(Two-factor code:  \)[0-9]\{6\} ([0-9]* s left.*)$/\1CODE/' out > shown
cat > want <<'EOF'
Title:            HSBC Business Banking
Username:         clerk@snoring.example
URL:              https://www.hsbc.co.uk
Password:         qVsVRAJ.yqhZ3UdD
Notes:            Card reader in the safe.
                  PIN from the chair.
Customer ID:      4471 2290
Tags:             bank, money
Password changed: DATE
Two-factor code:  CODE
Second factor:    the council phone
EOF
if diff want shown >/dev/null; then pass "one labelled line a field, notes indented under the label"
else fail "show's layout"; diff want shown | sed 's/^/#   /'; fi
grep -q "^Password changed: $(date +%Y-%m-%d)" out
ok_if "when the password last changed" [ $? -eq 0 ]
code=$(sed -n 's/^Two-factor code:  \([0-9]\{6\}\) (.*/\1/p' out)
direct=$(printf '%s\n' "otpauth://totp/x?secret=$S20" | "$CV" totp --uri - | cut -d' ' -f1)
[ -n "$code" ] && [ "$code" = "$direct" ]
ok_if "the current two-factor code, as totp gives it" [ $? -eq 0 ]
clerk show 'hsbc personal'
grep -qxF 'Password:         ab\x1b[2Jcd' out && ! grep -q "$(printf '\033')" out
ok_if "a password with a control character is shown escaped" [ $? -eq 0 ]
clerk --json show 'Barclays Bank'
grep -q '"password":"aL3-kq9@Zx7vRt2M"' out
ok_if "show --json gives the entry as get --json does" [ $? -eq 0 ]

# --- finding an entry -----------------------------------------------------
clerk get hsbc
is "an ambiguous title exits 4" 4
[ ! -s out ] && grep -q 'cvault: get: "hsbc" fits 2 entries; give more of the title, or all of it:' err &&
    grep -q '^  HSBC Business Banking$' err && grep -q '^  HSBC Personal$' err
ok_if "the candidates are listed, nothing is printed" [ $? -eq 0 ]
clerk get 'business banking'
same "a run of whole words of the title is enough" "$PW"
clerk get BARCLAYS
same "case does not matter" 'aL3-kq9@Zx7vRt2M'
clerk get 'barclys bank'
is "a miss exits 4" 4
grep -q 'no entry titled "barclys bank"; did you mean:' err && grep -q '^  Barclays Bank$' err
ok_if "a miss suggests the nearest title" [ $? -eq 0 ]
clerk get zzzzzz
grep -q "no entry titled \"zzzzzz\"; 'cvault ls' lists them" err
ok_if "nothing near: sent to ls" [ $? -eq 0 ]
clerk history barc
is "history by prefix" 0
clerk edit barc --username treasurer
grep -q 'Updated "Barclays Bank".' err
ok_if "edit by prefix names the entry it changed" [ $? -eq 0 ]
clerk get 'Barclays Bank' --field username
same "the edit went to the right entry" 'treasurer'
clerk totp 'hsbc bus'
cut -d' ' -f1 out > code2
[ "$(cat code2)" = "$(printf '%s\n' "otpauth://totp/x?secret=$S20" | "$CV" totp --uri - | cut -d' ' -f1)" ]
ok_if "totp by prefix" [ $? -eq 0 ]
clerk rm barc --yes
is "rm --yes with a prefix is refused (4)" 4
grep -q 'with --yes give the whole title: did you mean "Barclays Bank"? Nothing was deleted' err
ok_if "rm says which entry and that nothing was deleted" [ $? -eq 0 ]
clerk rm hsbc --yes
is "rm of an ambiguous title is refused" 4
clerk ls
lines 'Barclays Bank' 'HSBC Business Banking' 'HSBC Personal' > want
diff want out >/dev/null
ok_if "nothing was deleted" [ $? -eq 0 ]
clerk rm 'barclays bank' --yes
is "rm --yes with the whole title (any case)" 0
clerk ls
lines 'HSBC Business Banking' 'HSBC Personal' > want
diff want out >/dev/null
ok_if "only that entry went" [ $? -eq 0 ]

# --- get --help and the log ---------------------------------------------------
run "$CV" get --help
grep -q 'fields: password (the default), username, url, notes' out && grep -q 'password-changed' out
ok_if "get --help lists its fields" [ $? -eq 0 ]
clerk get 'hsbc bus' --field notes
clerk log
grep -q 'reveal .*"HSBC Business Banking"  (notes)$' out && grep -q 'reveal .*"HSBC Business Banking"  (password)$' out &&
    grep -q 'reveal .*"HSBC Business Banking"  (whole entry)$' out && grep -q 'reveal .*"HSBC Business Banking"  (two-factor)$' out
ok_if "reveals in the log name the fields shown" [ $? -eq 0 ]
clerk --json log
grep -q '"event":"reveal",[^}]*"subject":"Barclays Bank","shown":"old passwords"}' out
ok_if "log --json: shown" [ $? -eq 0 ]

# --- an escrow session: show is a reveal of the whole entry -------------------
run sh -c "printf '%s\n' '$P_CHAIR' '$P_DEPUTY' | '$CV' -f v --passphrase-fd 0 --escrow chair,deputy show 'hsbc bus'"
is "holders show an entry" 0
grep -q "^Password:         $PW$" out
ok_if "they see it" [ $? -eq 0 ]
run sh -c "printf '%s\n' '$P_CHAIR' '$P_DEPUTY' | '$CV' -f v --passphrase-fd 0 --escrow chair,deputy get 'hsbc pers' --field username"
clerk ls
grep -q 'saw "HSBC Business Banking": whole entry$' err && grep -q 'saw "HSBC Personal": details$' err &&
    grep -q '^       cvault edit "HSBC Business Banking" --generate$' err && ! grep -q 'cvault edit "HSBC Personal"' err
ok_if "the clerk's notice: show was the whole entry (change it), a username is not a password" [ $? -eq 0 ]

# --- the clerk's own openings: recorded, listed on request ---------------------
clerk log
! grep -q ' open  .*clerk$' out && grep -q 'open .*ESCROW  *escrow: chair, deputy$' out &&
    grep -q "openings by the clerk not listed; 'cvault log --openings' lists them" err
ok_if "log: escrow openings listed, the clerk's own counted" [ $? -eq 0 ]
clerk log --openings
grep -q ' open  .*clerk$' out
ok_if "log --openings lists the clerk's openings" [ $? -eq 0 ]
clerk --json log
grep -q '"event":"open","escrow":false,"actor":"clerk"' out
ok_if "log --json has every opening" [ $? -eq 0 ]

tap_end
