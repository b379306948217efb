#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/cli_strength.sh - the policy at the command line: `cvault
# strength`, `cvault gen`, strength on init/add/edit with context words,
# --allow-weak, --generate, and the offline breached-password list.
set -u
. tests/tap.sh

CLERK='saddle-prism-otter-cavern'
V="-f v --passphrase-fd 0"

# --- strength -------------------------------------------------------------
run sh -c "printf '%s\n' 'password' 'P@ssw0rd!' 'Summer2024!' '12/03/1987' 'qwertyuiop' 'k9#Tq2!vZx' 'harbor-quill-sprocket-lava' | '$CV' strength"
is "strength reads lines" 0
cut -f1 out > verdicts
printf '%s\n' REJECT REJECT REJECT REJECT REJECT ACCEPT ACCEPT > want
ok_if "verdicts, one line each (first column)" cmp -s want verdicts
ok_if "three tab-separated columns" [ "$(awk -F '\t' 'NF != 3' out | wc -l)" -eq 0 ]
! grep -q -e 'P@ssw0rd' -e 'Summer2024' -e 'k9#Tq2' out
ok_if "the passwords are never echoed" [ $? -eq 0 ]
grep -q "date or a year" out
ok_if "a date is named as the reason" [ $? -eq 0 ]
run sh -c "printf '%s\n' 'k9#Tq2!vZx' | '$CV' strength --passphrase"
ok_if "10 random characters pass for an account, not as a passphrase" grep -q '^REJECT' out
run sh -c "printf '%s\n' 'snoring-hall-parish-meadow' | '$CV' strength --context 'Little Snoring'"
ok_if "--context words are refused" grep -q "council's name" out
run sh -c "printf '%s\n' 'hunter2' | '$CV' --json strength"
grep -q '"verdict":"REJECT"' out && grep -q '"reasons":' out
ok_if "--json gives one object a line" [ $? -eq 0 ]

# --- gen ------------------------------------------------------------------
run "$CV" gen
is "gen" 0
ok_if "20 characters by default" [ "$(tr -d '\n' < out | wc -c)" -eq 20 ]
cp out g1
run sh -c "'$CV' strength --passphrase < g1"
ok_if "a generated password passes even as a passphrase" grep -q '^ACCEPT' out
run "$CV" gen --words 5
ok_if "--words 5 gives five words" [ "$(tr -c 'a-z\n' ' ' < out | wc -w)" -ge 5 ]
run "$CV" --json gen --words 4
grep -q '"bits":63.7' out
ok_if "--json gives the entropy (4 words: 4 x 12.925 + 3 separators x 4 = 63.7 bits)" [ $? -eq 0 ]
run "$CV" gen --words 3
is "fewer than four words is refused (policy)" 6
run "$CV" gen --length 6
is "six characters is refused (policy)" 6
run "$CV" gen --length 12 --charset 'ab'
is "a two-letter set cannot meet the policy" 6
run "$CV" gen --length 16 --charset 'aa'
is "a charset with repeats is a usage error" 2
g1=$(cat g1); run "$CV" gen
ok_if "two runs differ" [ "$(cat out)" != "$g1" ]

# --- on entry ---------------------------------------------------------------
run sh -c "printf '%s\n' 'little-snoring-parish-clerk' | '$CV' $V init --council 'Little Snoring PC' $KDF"
is "a passphrase with the council's name is refused" 6
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V init --council 'Little Snoring PC' $KDF"
is "init" 0
run sh -c "printf '%s\n' '$CLERK' 'Summer2024!' | '$CV' $V add Email"
is "a weak password is refused on add (exit 6)" 6
grep -q "date or a year" err && grep -q -- "--allow-weak" err
ok_if "the refusal gives the reason and the way out" [ $? -eq 0 ]
run sh -c "printf '%s\n' '$CLERK' 'Barclays#2024x' | '$CV' $V add 'Barclays'"
is "a password containing the entry's title is refused" 6
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V add Payroll --generate"
is "add --generate" 0
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V get Payroll"
ok_if "the generated password is stored (20 characters)" [ "$(tr -d '\n' < out | wc -c)" -eq 20 ]
run sh -c "printf '%s\n' '$CLERK' '4821' | '$CV' $V add 'Key safe' --allow-weak"
is "--allow-weak stores a PIN" 0
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V --json get 'Key safe'"
ok_if "and marks it weak" grep -q '"weak":true' out
run sh -c "printf '%s\n' '$CLERK' 'qwerty123' | '$CV' $V edit 'Payroll' --password"
is "edit refuses a weak password too" 6
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V edit 'Key safe' --generate"
is "edit --generate replaces the weak one" 0
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V --json get 'Key safe'"
ok_if "and clears the weak mark" grep -q '"weak":false' out

# --- phrases, sentences and patterns (issue 10) -------------------------------
# Every example of the issue is refused by strength, init, passwd, add and
# edit, as an entry password and as a vault passphrase. The passwords go
# in through files and standard input, never the command line.
cat > weak <<'EOF'
correct horse battery staple
Lorem-ipsum-dolor-sit-amet
to-be-or-not-to-be
an-apple-a-day-keeps-the-doctor-away
Monday-Tuesday-Wednesday-Thursday
Humpty-Dumpty-sat-on-a-wall
Thequickbrownfoxjumpsoverthelazydog
Yesterday-all-my-troubles-seemed
keepcalmandcarryon
ilovemycat2
Treasurer2Treasurer
Aa1!Bb2@Cc3#
!QAZ@WSX#EDC
EOF
nweak=$(wc -l < weak)
run sh -c "'$CV' strength < weak"
ok_if "strength refuses all $nweak examples" [ "$(grep -c '^REJECT' out)" -eq "$nweak" ]
ok_if "one line each" [ "$(wc -l < out)" -eq "$nweak" ]
ok_if "in three columns" [ "$(awk -F '\t' 'NF != 3' out | wc -l)" -eq 0 ]
run sh -c "'$CV' strength --passphrase < weak"
ok_if "and refuses them as vault passphrases" [ "$(grep -c '^REJECT' out)" -eq "$nweak" ]
ok_if "a well-known phrase is named as such" grep -q "well-known phrase" out
ok_if "a Shift-key walk is named as such" grep -q "Shift key" out
echoed=0
while IFS= read -r w; do grep -qF -- "$w" out && echoed=1; done < weak
ok_if "no example is echoed" [ "$echoed" -eq 0 ]
i=0 init_ok=0 passwd_ok=0 add_ok=0 edit_ok=0
while [ "$i" -lt "$nweak" ]; do
	i=$((i + 1))
	sed -n "${i}p" weak > w1
	run sh -c "'$CV' -f new$i.vault --passphrase-fd 0 init --council 'Little Snoring PC' $KDF < w1"
	[ "$rc" -eq 6 ] && [ ! -e "new$i.vault" ] && init_ok=$((init_ok + 1))
	{ echo "$CLERK"; cat w1; } > in
	run sh -c "'$CV' $V passwd --kdf-memory 8 --kdf-time 1 < in"
	[ "$rc" -eq 6 ] && passwd_ok=$((passwd_ok + 1))
	run sh -c "'$CV' $V add 'Weak $i' < in"
	[ "$rc" -eq 6 ] && add_ok=$((add_ok + 1))
	run sh -c "'$CV' $V edit 'Payroll' --password < in"
	[ "$rc" -eq 6 ] && edit_ok=$((edit_ok + 1))
done
ok_if "init refuses each as the clerk's passphrase (exit 6, no file)" [ "$init_ok" -eq "$nweak" ]
ok_if "passwd refuses each (exit 6)" [ "$passwd_ok" -eq "$nweak" ]
ok_if "add refuses each (exit 6)" [ "$add_ok" -eq "$nweak" ]
ok_if "edit --password refuses each (exit 6)" [ "$edit_ok" -eq "$nweak" ]
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V get Payroll"
ok_if "the refused edits left the stored password alone" [ "$(tr -d '\n' < out | wc -c)" -eq 20 ]
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V ls"
ok_if "and the refused adds stored nothing" [ "$(grep -c '^Weak' out)" -eq 0 ]
run "$CV" gen --passphrase
is "gen --passphrase" 0
ok_if "gives five words" [ "$(tr -c 'a-z\n' ' ' < out | wc -w)" -ge 5 ]
cp out g5
run sh -c "'$CV' strength --passphrase < g5"
ok_if "which pass as a vault passphrase" grep -q '^ACCEPT' out
run sh -c "'$CV' -f g5.vault --passphrase-fd 0 init --council 'Little Snoring PC' $KDF < g5"
is "and open a new vault" 0
run "$CV" --json gen --passphrase
ok_if "--json gives 80.6 bits (5 x 12.925 + 4 x 4)" grep -q '"bits":80.6' out
run "$CV" gen --passphrase --words 4
is "--passphrase with --words is a usage error" 2

# --- breached passwords (a small Pwned Passwords file) ------------------------
hash() { printf '%s' "$1" | sha1sum | cut -c1-40 | tr a-f A-F; }
{ printf '%s:%s\n' "$(hash 'Zq8#vL2!mW9pR4tY')" 42 "$(hash 'uN7@cK3$wE5&rT1z')" 7
  for i in 1 2 3 4 5 6 7 8 9; do printf '%s:1\n' "$(hash "filler-$i")"; done; } |
    LC_ALL=C sort > pwned.txt
run sh -c "printf '%s\n' 'Zq8#vL2!mW9pR4tY' 'uN7@cK3\$wE5&rT1z' 'Gx4%bN8^hJ2*kL6q' | '$CV' --hibp pwned.txt strength"
cut -f1 out > verdicts; printf '%s\n' REJECT REJECT ACCEPT > want
ok_if "breached passwords are refused; others pass" cmp -s want verdicts
ok_if "the count is given" grep -q "Found 42 times" out
run sh -c "printf '%s\n' '$CLERK' 'Zq8#vL2!mW9pR4tY' | '$CV' $V --hibp pwned.txt add Bank"
is "add refuses a breached password" 6
ok_if "saying how often it appeared" grep -q "appeared 42 times" err
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V config hibp pwned.txt"
is "config hibp FILE stores the breach list in the vault" 0
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V config"
ok_if "config shows it" grep -q "pwned.txt" out
run sh -c "printf '%s\n' '$CLERK' 'uN7@cK3\$wE5&rT1z' | '$CV' $V add Bank2"
is "without --hibp, the vault's setting refuses a breached password" 6
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V config hibp --clear"
is "config hibp --clear" 0
run sh -c "printf '%s\n' '$CLERK' 'uN7@cK3\$wE5&rT1z' | '$CV' $V add Bank2"
is "after --clear the same password is accepted" 0
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V config hibp nowhere.txt"
is "config refuses an unreadable file" 1
printf 'not a hash line\n' > bad.txt
run sh -c "printf '%s\n' 'Gx4%bN8^hJ2*kL6q' | '$CV' --hibp bad.txt strength"
is "a malformed breach file exits 1" 1
run sh -c "printf '%s\n' 'Gx4%bN8^hJ2*kL6q' | '$CV' --hibp missing.txt strength"
is "a missing breach file exits 1" 1

tap_end
