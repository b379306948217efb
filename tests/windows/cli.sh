#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/windows/cli.sh - the Windows cvault.exe end to end under Wine
# (scripts/windows/test runs it): with CVAULT=tests/windows/wine-run and
# CVAULT_EXE the program, LINUX_CVAULT the Linux build. The vault is
# created by the Linux build: the Windows build has no strength estimate
# yet (zxcvbn-c, docs/testing.md), and cvault sets no passphrase it has
# not checked. Everything after that is the Windows program's: reading,
# Welsh and emoji titles on the command line, adding, the escrow opening
# with passphrases and with paper shares (the sheet's command as printed,
# piped and typed at the console), the shell, the clerk's notice, verify,
# tampering, backup, the clipboard (under Xvfb), where its files go, and
# each missing part saying so. Prints TAP.
set -u
. tests/tap.sh
LCV=${LINUX_CVAULT:?}
case $LCV in /*) ;; *) LCV=$TOP/$LCV ;; esac

CLERK='velvet-marsh-tango-pylon'
P_CLERK='cobalt-fjord-mosaic-lemur' P_CHAIR='harbor-quill-sprocket-lava'
P_DEPUTY='tundra-falcon-opal-ledger'
V="-f v --passphrase-fd 0"
WELSH=$(printf 'Cyngor Llan\305\265 \360\237\217\233')      # ŵ and an emoji
PARTY=$(printf 'Neuadd \305\265yl \360\237\216\211')

# screen_has PATTERN: within 12 s the screen (and what scrolled off it) of
# tmux server $S, saved in ./tty.out, matches PATTERN
screen_has() {
	for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
		tmux -L "$S" capture-pane -p -S -100 -t w > tty.out
		grep -q "$1" tty.out && return 0
		sleep 1
	done
	return 1
}

# --- the program file ----------------------------------------------------
pe=$(x86_64-w64-mingw32-objdump -p "$CVAULT_EXE" 2>/dev/null)
for f in DYNAMIC_BASE HIGH_ENTROPY_VA NX_COMPAT; do
	echo "$pe" | grep -qw "$f"
	ok_if "cvault.exe is built with $f" [ $? -eq 0 ]
done
dlls=$(echo "$pe" | sed -n 's/.*DLL Name: //p' | tr 'a-z' 'A-Z' | sort -u |
    grep -vxE 'ADVAPI32.DLL|KERNEL32.DLL|SHELL32.DLL|USER32.DLL|MSVCRT.DLL|WS2_32.DLL|BCRYPT.DLL')
ok_if "it needs no DLL beyond Windows' own" [ -z "$dlls" ]

# --- a vault made on Linux ------------------------------------------------
run sh -c "printf '%s\n' '$CLERK' '$P_CLERK' '$P_CHAIR' '$P_DEPUTY' | '$LCV' $V init --council 'Little Snoring PC' $KDF --holder clerk='A. Clerk' --holder chair='G. Walker' --holder deputy='P. Jones' --threshold 2"
is "the Linux build creates the vault" 0
run sh -c "printf '%s\n' '$CLERK' 'LbYXdw2Kc7c6fQHa' | '$LCV' $V add Bank --username clerk@ls.example"
run sh -c "printf '%s\n' '$CLERK' 'i-uwMckd8rEgVNTS' | '$LCV' $V add \"\$1\"" sh "$WELSH"
is "and adds a Welsh title with an emoji" 0

# --- read on Windows --------------------------------------------------------
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V ls"
is "cvault.exe lists the entries" 0
grep -qx "$WELSH" out && grep -qx Bank out
ok_if "the Welsh and emoji title comes out as the same UTF-8" [ $? -eq 0 ]
! grep -q "$(printf '\r')" out
ok_if "no CR is added to the output" [ $? -eq 0 ]
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V get \"\$1\"" sh "$WELSH"
same "the title typed on the command line finds it (wide arguments)" 'i-uwMckd8rEgVNTS'
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V get bank --field username"
same "a field, found case-insensitively" 'clerk@ls.example'
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V show Bank"
grep -q 'clerk@ls.example' out && grep -q 'LbYXdw2Kc7c6fQHa' out
ok_if "show labels the fields" [ $? -eq 0 ]
run sh -c "printf '%s\n' 'not-the-passphrase' | '$CV' $V ls"
is "a wrong passphrase exits 3" 3

# --- the console: a passphrase typed without echo (Wine gives a terminal
# program a Windows console) ---------------------------------------------
if command -v tmux >/dev/null; then
	S=cvault-wine-$$
	# (Under Wine the console's output is the terminal only while the
	# program's own output is too: the pane is read, not a file.)
	tmux -L "$S" new-session -d -s w -x 100 -y 20 \
	    "'$CV' -f '$PWD/v' ls; echo EXIT=\$?; sleep 60"
	screen_has "Clerk's passphrase:"
	ok_if "the console asks for the passphrase" [ $? -eq 0 ]
	tmux -L "$S" send-keys -t w "$CLERK" Enter
	screen_has "EXIT="
	grep -q EXIT=0 tty.out && grep -q '^Bank' tty.out
	ok_if "what was typed there opens the vault" [ $? -eq 0 ]
	grep -q EXIT= tty.out && ! grep -q "$CLERK" tty.out
	ok_if "the passphrase was not echoed" [ $? -eq 0 ]
	tmux -L "$S" kill-server 2>/dev/null
else
	fail "tmux is needed for the console checks"
fi

# --- written on Windows, read on Linux --------------------------------------
run sh -c "printf '%s\n' '$CLERK' 'Abc-def-1234-xyz' | '$CV' $V add \"\$1\"" sh "$PARTY"
is "a new password without the estimate is refused (policy, 6)" 6
grep -q "no password strength estimate" err && grep -q -- "--allow-weak" err
ok_if "the refusal says why and what to do" [ $? -eq 0 ]
run sh -c "printf '%s\n' '$CLERK' 'Abc-def-1234-xyz' | '$CV' $V add \"\$1\" --allow-weak" sh "$PARTY"
is "with --allow-weak it is stored" 0
run sh -c "printf '%s\n' '$CLERK' | '$LCV' $V --json get \"\$1\"" sh "$PARTY"
grep -q '"password":"Abc-def-1234-xyz"' out && grep -q '"weak":true' out
ok_if "the Linux build reads it back, marked weak" [ $? -eq 0 ]
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V edit Bank --url https://bank.example"
is "edit on Windows" 0
run sh -c "printf '%s\n' '$CLERK' | '$LCV' $V get Bank --field url"
same "the Linux build sees the edit" 'https://bank.example'

# --- the chair and deputy without the clerk ----------------------------------
run sh -c "printf '%s\n' '$P_CHAIR' '$P_DEPUTY' | '$CV' $V --escrow chair,deputy get Bank"
same "chair and deputy open it with their passphrases" 'LbYXdw2Kc7c6fQHa'
run sh -c "printf '%s\n' '$P_CHAIR' | '$LCV' $V escrow print chair"
words out > chair.txt
ok_if "the chair's paper sheet (printed on Linux) has 20 words" [ "$(wc -w < chair.txt)" -eq 20 ]
run sh -c "printf '%s\n' '$P_DEPUTY' | '$CV' $V --escrow deputy --shares chair.txt get \"\$1\"" sh "$WELSH"
same "the deputy and the chair's paper share open it" 'i-uwMckd8rEgVNTS'
run sh -c "'$CV' -f v escrow verify-share < chair.txt"
is "verify-share reads the paper words" 0
run sh -c "printf '%s\n' '$CLERK' | '$LCV' $V ls"
grep -q 'opened by G. Walker (chair) and P. Jones (deputy)' err &&
    grep -q "saw \"$WELSH\": password" err
ok_if "the clerk, on Linux, is shown both Windows openings" [ $? -eq 0 ]

# --- the chair at a Windows PC with two sheets: the sheet's command ---------
WV=$(WINEDEBUG=-all winepath -w "$PWD/v" 2>/dev/null)
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V config location '$WV'"
is "config location with a Windows path" 0
for r in chair deputy; do
	eval p=\$P_$(echo $r | tr a-z A-Z)
	printf '%s\n' "$p" | "$CV" $V escrow print $r > $r-win.txt 2>/dev/null
	words $r-win.txt > $r-w.txt
done
sheetcmd=$(grep -A1 "The command that opens it" chair-win.txt | tail -1 | sed 's/^ *//')
[ "$sheetcmd" = "cvault --file \"$WV\" --shares - shell" ]
ok_if "the sheet gives the command in double quotes, for the Command Prompt and PowerShell" [ $? -eq 0 ]
mkdir -p "$T/bin" && ln -sf "$CV" "$T/bin/cvault"
run sh -c "(cat chair-w.txt deputy-w.txt; echo 'get Bank') | PATH='$T/bin':\$PATH $sheetcmd"
is "the command as printed opens it with the two sheets' words" 0
same "and the password is shown" 'LbYXdw2Kc7c6fQHa'
if command -v tmux >/dev/null; then
	S=cvault-wine-sheet-$$
	tmux -L "$S" new-session -d -s w -x 150 -y 40 \
	    "cd '$T' && PATH='$T/bin':\$PATH $sheetcmd; echo EXIT=\$?; sleep 60"
	screen_has "Paper share 1"
	ok_if "the console asks for the first share" [ $? -eq 0 ]
	tmux -L "$S" send-keys -t w "$(cat chair-w.txt)" Enter
	screen_has "Paper share 2"
	ok_if "then the second" [ $? -eq 0 ]
	tmux -L "$S" send-keys -t w "$(cat deputy-w.txt)" Enter
	screen_has "cvault (holders)>"
	ok_if "the holders' shell opens" [ $? -eq 0 ]
	tmux -L "$S" send-keys -t w "get \"$WELSH\"" Enter
	screen_has "^i-uwMckd8rEgVNTS"
	ok_if "a title with Welsh and emoji typed at the console finds its password" [ $? -eq 0 ]
	tmux -L "$S" send-keys -t w "exit" Enter
	screen_has "EXIT=0"
	ok_if "exit leaves" [ $? -eq 0 ]
	tmux -L "$S" kill-server 2>/dev/null
else
	fail "tmux is needed for the holders' console checks"
fi

# --- checks and copies -------------------------------------------------------
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V verify"
is "verify on Windows" 0
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V backup bk.vault"
is "backup on Windows" 0
run sh -c "printf '%s\n' '$CLERK' | '$LCV' -f bk.vault --passphrase-fd 0 verify"
is "the Linux build verifies the Windows backup" 0
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V report"
is "the annual review on Windows" 0
grep -q "Passwords the policy refuses today *not checked: no strength estimate" out &&
    grep -q "Passwords stored as weak on purpose *1" out
ok_if "it says the policy was not checked, and lists the weak password" [ $? -eq 0 ]
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V --json report"
grep -q '"policy_checked":false' out && grep -q '"refused":null' out
ok_if "report --json: policy_checked false, refused null" [ $? -eq 0 ]
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V export --format json --plaintext out.json"
is "a JSON export on Windows" 0
run sh -c "printf '%s\n' '$CLERK' | '$LCV' -f l2.vault --passphrase-fd 0 init --council 'Little Snoring PC' $KDF"
run sh -c "printf '%s\n' '$CLERK' | '$LCV' -f l2.vault --passphrase-fd 0 import out.json"
run sh -c "printf '%s\n' '$CLERK' | '$LCV' -f l2.vault --passphrase-fd 0 get \"\$1\"" sh "$WELSH"
same "the Linux build imports it, Welsh and emoji title and all" 'i-uwMckd8rEgVNTS'
cp v t.vault
# One bit of one entry's sealed body flipped, as an editor would.
python3 -c 'import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
i, b = db.execute("SELECT id, body FROM entry ORDER BY id LIMIT 1").fetchone()
b = bytearray(b); b[40] ^= 1
db.execute("UPDATE entry SET body = ? WHERE id = ?", (bytes(b), i)); db.commit()' t.vault
run sh -c "printf '%s\n' '$CLERK' | '$CV' -f t.vault --passphrase-fd 0 verify"
is "a changed byte is found (5)" 5

# --- where its files are -----------------------------------------------------
run "$CV" ls
is "no vault at the default place (4)" 4
grep -q 'AppData\\Roaming\\cvault\\council.vault' err
ok_if "the default vault is in the cvault folder of %APPDATA%" [ $? -eq 0 ]
ls "${WINEPREFIX:-$HOME/.wine}"/drive_c/users/*/AppData/Local/cvault/*.live >/dev/null 2>&1
ok_if "the clerk's record is in the cvault folder of %LOCALAPPDATA%" [ $? -eq 0 ]

# --- what this build lacks says so -------------------------------------------
run sh -c "printf '%s\n' '$CLERK' | '$CV' -f n --passphrase-fd 0 init --council X $KDF"
is "init refuses a passphrase it cannot check (6)" 6
grep -q "no password strength estimate" err
ok_if "and says why" [ $? -eq 0 ]
ok_if "no file is left" test ! -e n
run sh -c "printf '%s\n' '$CLERK' 'qVsVRAJ.yqhZ3UdD' 'otpauth://totp/Council?secret=JBSWY3DPEHPK3PXP' | '$LCV' $V add Payroll --totp -"
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V edit Bank --generate"
is "edit --generate without the estimate exits 1" 1
grep -q "cannot generate a password: not available in this build" err
ok_if "and says why" [ $? -eq 0 ]
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V totp Payroll"
is "totp without liboath exits 1" 1
grep -q "not available in this build" err
ok_if "and says it is not in this build" [ $? -eq 0 ]

# --- the clipboard (Wine hands it to the X server) ---------------------------
if command -v Xvfb >/dev/null && command -v xclip >/dev/null; then
	d=:$((50 + $$ % 40))
	Xvfb "$d" -nolisten tcp >/dev/null 2>&1 &
	xp=$!
	sleep 2
	export DISPLAY=$d
	run sh -c "printf '%s\n' '$CLERK' | '$CV' $V get Bank --copy --clear-after 3"
	is "get --copy on Windows" 0
	[ ! -s out ] && grep -q "cleared in 3 s" err
	ok_if "nothing on the screen; the delay is said" [ $? -eq 0 ]
	sleep 1
	[ "$(xclip -o -selection clipboard 2>/dev/null)" = LbYXdw2Kc7c6fQHa ]
	ok_if "the password is on the clipboard" [ $? -eq 0 ]
	sleep 5
	[ -z "$(xclip -o -selection clipboard 2>/dev/null)" ]
	ok_if "and cleared after the delay" [ $? -eq 0 ]
	run sh -c "printf '%s\n' '$CLERK' | '$CV' $V get Bank --copy --clear-after 3"
	sleep 1
	printf 'minutes of the meeting' | xclip -selection clipboard -in 2>/dev/null
	sleep 5
	[ "$(xclip -o -selection clipboard 2>/dev/null)" = 'minutes of the meeting' ]
	ok_if "what the person copied since is left alone" [ $? -eq 0 ]
	kill "$xp" 2>/dev/null
else
	fail "Xvfb and xclip are needed for the clipboard checks"
fi

tap_end
