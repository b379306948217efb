#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/cli_shell.sh - `cvault shell` driven through a real terminal
# (tmux: send-keys in, capture-pane out): the clerk's session (one
# unlock, commands, completion, Ctrl-C, a secret prompt without echo,
# the idle lock from the vault's setting, unlocking again, lock, exit),
# the holders' session by passphrases and by paper shares (a mistyped
# word asked for again with suggestions, stopping when enough shares are
# in), paper shares from a pipe, batch use, and afterwards: no history
# file and no secret in any file under $HOME.
set -u
. tests/tap.sh

# tmux is one of scripts/install-deps' packages: without it this fails.
if ! command -v tmux >/dev/null 2>&1; then
	fail "tmux is not installed (scripts/install-deps installs it)"
	tap_end
	exit 1
fi

CLERK='velvet-marsh-tango-pylon'
P_CHAIR='harbor-quill-sprocket-lava' P_DEPUTY='tundra-falcon-opal-ledger'
PW_BANK='LbYXdw2Kc7c6fQHa' PW_MAIL='_msb-nXJn37@FMqm' PW_WIFI='Gq7#vR2m-Tz9wLk4'
V="-f v --passphrase-fd 0"

# A private tmux server whose socket lives in $T, not under $HOME.
export TMUX_TMPDIR="$T"
unset TMUX
TM="tmux -f /dev/null -L cvshell"
trap '$TM kill-server 2>/dev/null; rm -rf "$T"' EXIT
# A session that keeps the server up while the tested ones come and go.
$TM new-session -d -s keep "sleep 3600"

# start COMMAND: run it in a fresh 150x50 terminal; "EXITED n" at the end.
start() {
	$TM kill-session -t s 2>/dev/null
	$TM new-session -d -s s -x 150 -y 50 \
	    "cd '$T/work' && $1; echo EXITED \$?; sleep 600"
}
keys() { $TM send-keys -t s "$@"; }
# type TEXT: the text literally, then Enter
type_line() { $TM send-keys -t s -l "$1"; $TM send-keys -t s Enter; }
# cmd TEXT: at the prompt, type a command
cmd() { ready; type_line "$1"; }
screen() { $TM capture-pane -p -J -t s -S - -E -; }
# wait_for PATTERN [COUNT] [SECONDS]: until PATTERN (grep -E) is on the
# screen COUNT times (1); the screen is left in ./screen.
wait_for() {
	want=${2:-1} tries=$(( ${3:-10} * 10 ))
	while [ "$tries" -gt 0 ]; do
		screen > screen
		[ "$(grep -cE -- "$1" screen)" -ge "$want" ] && return 0
		sleep 0.1
		tries=$((tries - 1))
	done
	return 1
}
# ready: wait until the shell's prompt is the last line (so keys typed
# next go to the line editor, not ahead into the terminal).
ready() {
	tries=100
	while [ "$tries" -gt 0 ]; do
		screen | grep -v '^ *$' | tail -1 | grep -qE '^cvault( \(holders\))?> $' &&
		    return 0
		sleep 0.1
		tries=$((tries - 1))
	done
}
# saw NAME PATTERN [COUNT] [SECONDS]: a test that waits for the pattern
saw() {
	if wait_for "$2" "${3:-1}" "${4:-10}"; then pass "$1"; else
		fail "$1"; sed 's/^/#   screen: /' screen | grep -v ':  *$' | tail -15
	fi
}

# --- a vault with two holders and three accounts ---------------------------
run sh -c "printf '%s\n' '$CLERK' '$P_CHAIR' '$P_DEPUTY' | '$CV' $V init --council 'Little Snoring PC' $KDF --holder chair='G. Walker' --holder deputy='P. Jones' --threshold 2"
is "init with chair and deputy" 0
for e in "Bank of Scotland:$PW_BANK" "Email:$PW_MAIL" "Bank Two:Xk4-pQ8m#Lr2vWz7"; do
	printf '%s\n' "$CLERK" "${e#*:}" | "$CV" $V add "${e%%:*}" >/dev/null 2>&1
done
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V config idle-timeout 2"
is "config idle-timeout 2" 0
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V config idle-timeout"
same "config shows the idle time in seconds" "2"
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V config idle-timeout 0"
is "an idle time of 0 is refused" 2
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V config idle-timeout 1m"
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V config idle-timeout"
same "1m is stored as 60 seconds" "60"
printf '%s\n' "$CLERK" | "$CV" $V config idle-timeout 2 2>/dev/null
run "$CV" -f v shell --idle-timeout 0
is "a bad --idle-timeout is a usage error, before any passphrase" 2
grep -q "^cvault: shell: --idle-timeout takes" err
ok_if "the message names the option" [ $? -eq 0 ]

# --- the clerk's session ---------------------------------------------------
# --idle-timeout overrides the setting: the commands below take their time
# on a busy machine; the idle lock is the next session's.
start "'$CV' -f v shell --idle-timeout 1m"
saw "the shell asks for the clerk's passphrase once" "Clerk's passphrase:"
type_line "$CLERK"
saw "then gives a prompt; --idle-timeout overrides the setting" \
    "locks after 1 minute idle"
ok_if "the passphrase was not echoed" sh -c "! grep -q '$CLERK' screen"
cmd "get 'Bank of Scotland'"
saw "get with a quoted title" "^$PW_BANK\$"
cmd "ls"
saw "ls in the same session" "^Email\$"
ready; keys -l "get Ema"; keys Tab
saw "Tab completes a title" "cvault> get Email $"
keys Enter
saw "the completed command runs" "^$PW_MAIL\$"
ready; keys -l "get Bank\\ o"; keys Tab; keys Enter
saw "Tab completes a quoted title" "cvault> get Bank\\\\ of\\\\ Scotland" 1
saw "... and it runs" "^$PW_BANK\$" 2
ready; keys -l "pass"; keys C-c
saw "Ctrl-C cancels the line" "\\^C"
cmd "passwd"
saw "passwd is refused inside, with the way out" \
    "cvault: shell: 'passwd' does not run inside the shell.*'exit'"
cmd "nosuch 'a b"
saw "an unclosed quote is one clear line" "cvault: shell: a quote is not closed"
cmd "add Council-Wifi"
saw "add asks for the password inside the shell" "Password for Council-Wifi:"
type_line "$PW_WIFI"
saw "... twice" "Type it again:"
type_line "$PW_WIFI"
saw "... and adds the account" "Added \"Council-Wifi\""
ok_if "the secret typed at add was not echoed" sh -c "! grep -q '$PW_WIFI' screen"
cmd "lock"
saw "lock locks at once" "^Locked\\. Enter the passphrase"
type_line "$CLERK"
saw "the passphrase opens it again (the screen was cleared)" "^cvault> "
cmd "exit"
saw "exit leaves" "EXITED 0"

# --- the idle lock: the vault's setting says 2 seconds ----------------------
start "'$CV' -f v shell"
saw "a second session asks for the passphrase" "Clerk's passphrase:"
type_line "$CLERK"
saw "the idle time comes from the setting" "locks after 2 seconds idle"
cmd "get 'Bank of Scotland'"
saw "a password is shown" "^$PW_BANK\$"
saw "idle lock after 2 seconds" \
    "Locked after 2 seconds idle. Enter the passphrase to unlock again \\(Ctrl-D to quit\\)." 1 8
ok_if "the screen and scrollback were cleared of revealed passwords" \
    sh -c "! grep -q '$PW_BANK' screen"
saw "the passphrase is asked again" "Clerk's passphrase:"
type_line "not the passphrase"
saw "a wrong passphrase is asked again" "Clerk's passphrase:" 2
type_line "$CLERK"
cmd "get Council-Wifi"
saw "unlocked again: commands work" "^$PW_WIFI\$"
saw "idle again: locked again" "Locked after 2 seconds idle" 1 8
keys C-d
saw "Ctrl-D at the passphrase quits" "EXITED"
printf '%s\n' "$CLERK" | "$CV" $V log > log.txt 2>/dev/null
ok_if "the session's reveals are logged" [ "$(grep -c 'reveal  *clerk' log.txt)" -ge 4 ]

# --- no command at a terminal is the shell ---------------------------------
start "'$CV' -f v"
saw "cvault with no command at a terminal opens the shell" "Clerk's passphrase:"
type_line "$CLERK"
saw "... and gives its prompt" "^cvault> "
keys C-d
saw "Ctrl-D leaves" "EXITED 0"

# --- the holders' session, by passphrases ----------------------------------
start "'$CV' -f v --escrow chair,deputy shell --idle-timeout 1m"
saw "the chair is asked" "Passphrase of the chair:"
type_line "$P_CHAIR"
saw "then the deputy" "Passphrase of the deputy:"
type_line "$P_DEPUTY"
saw "one opening; --idle-timeout 1m is a minute" "locks after 1 minute idle"
cmd "get Email"
saw "the holders see a password" "^$PW_MAIL\$"
cmd "get 'Bank Two'"
cmd "ls"
saw "and list the accounts" "^Council-Wifi\$"
keys C-d
saw "Ctrl-D leaves" "EXITED 0"
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V log"
grep -E 'open .*chair' out > opens.txt
ok_if "the escrow shell's opening is recorded once" [ "$(wc -l < opens.txt)" -eq 1 ]
ok_if "each reveal is recorded" [ "$(grep -cE 'reveal .*chair.*"(Email|Bank Two)"' out)" -eq 2 ]

# --- the holders' session, by paper shares, with a typo --------------------
for r in chair deputy; do
	eval p=\$P_$(echo $r | tr a-z A-Z)
	printf '%s\n' "$p" | "$CV" $V escrow print $r > $r-sheet.txt 2>/dev/null
	words $r-sheet.txt > $r.txt
done
ok_if "each holder printed a sheet of 20 words" \
    [ "$(cat chair.txt deputy.txt | wc -w)" -eq 40 ]
good3=$(cut -d' ' -f3 chair.txt)
# Word 3 with its second letter changed: an unknown word.
typo=$(echo "$good3" | sed 's/^\(.\)./\1q/')
sed "s/^\([a-z]* [a-z]*\) [a-z]*/\1 $typo/" chair.txt > chair-typo.txt
start "'$CV' -f v --shares - shell"
saw "the first share is asked for" "Paper share 1: type its words"
type_line "$(cat chair-typo.txt)"
saw "the mistyped word is named by share and word" \
    "Share 1, word 3 is not in the word list"
ok_if "the right word is among the suggestions" \
    grep -qE "Nearest words in the list:.* $good3[,.]" screen
ok_if "no 'line' in the message" sh -c "! grep -q 'line 1' screen"
saw "only that word is asked again" "Type word 3 of share 1 again:"
type_line "$good3"
saw "the mended share is good" "Share 1 is good: the chair's"
saw "then the second" "Paper share 2:"
type_line "$(cat deputy.txt)"
saw "it stops asking when enough are in" "2 of 2 needed: opening the vault"
cmd "get Email"
saw "paper holders see a password" "^$PW_MAIL\$"
cmd "quit"
saw "quit leaves" "EXITED 0"

# --- paper shares from a pipe: an error naming share and word --------------
run sh -c "cat chair-typo.txt deputy.txt | '$CV' -f v --shares - ls"
is "a mistyped word from a pipe exits 3" 3
grep -q "^cvault: ls: share 1, word 3 is not in the word list" err
ok_if "the error names share 1, word 3" [ $? -eq 0 ]
ok_if "the error does not quote the word" sh -c "! grep -q '$typo' err"
run sh -c "(cat chair.txt deputy.txt; echo ls) | '$CV' -f v --shares - shell"
is "shares then commands from a pipe" 0
grep -q "2 of 2 needed: opening the vault" err && grep -q "^Email$" out
ok_if "reading stops after two shares; the rest are commands" [ $? -eq 0 ]

# --- batch use: commands from a pipe ---------------------------------------
printf '%s\n' "$CLERK" > pass
run sh -c "printf '%s\n' ls \"get 'Bank of Scotland'\" 'rekey' 'get Email' | '$CV' -f v --passphrase-fd 3 shell 3<pass"
lines "Bank of Scotland" "Bank Two" "Council-Wifi" "Email" "$PW_BANK" "$PW_MAIL" > want
ok_if "batch commands run in order with one unlock" diff want out
grep -q "'rekey' does not run inside the shell" err
ok_if "rekey is refused in batch too" [ $? -eq 0 ]

# --- the sheet says where the vault is; its command works as written -------
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V config location \"\$(printf 'a\\033[2Jb')\""
is "a location with a control character is refused" 2
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V config location '$T/work/v'"
is "config location PATH" 0
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V config location"
same "config shows it" "$T/work/v"
P2_CHAIR='quiver-nectar-gravel-orbit' P2_DEPUTY='mantle-sphinx-cider-plank'
run sh -c "printf '%s\n' '$CLERK' '$P2_CHAIR' '$P2_DEPUTY' | '$CV' $V escrow rotate --holder chair='G. Walker' --holder deputy='P. Jones' --threshold 2"
is "shares issued again carry the location" 0
printf '%s\n' "$P2_CHAIR" | "$CV" $V escrow print chair > sheet2.txt 2>/dev/null
printf '%s\n' "$P2_DEPUTY" | "$CV" $V escrow print deputy > dsheet2.txt 2>/dev/null
grep -A1 "WHERE THE VAULT IS" sheet2.txt | grep -qF "$T/work/v"
ok_if "the chair's sheet says where the vault is" [ $? -eq 0 ]
sheetcmd=$(grep -A1 "The command that opens it" sheet2.txt | tail -1 | sed 's/^ *//')
case $sheetcmd in "cvault --file '$T/work/v' --shares - shell") pass "the sheet's command names the file" ;;
*) fail "the sheet's command names the file: $sheetcmd" ;; esac
mkdir -p "$T/bin" "$T/elsewhere" && ln -sf "$CV" "$T/bin/cvault"
words sheet2.txt > c2.txt; words dsheet2.txt > d2.txt
run sh -c "cd '$T/elsewhere' && (cat '$T/work/c2.txt' '$T/work/d2.txt'; echo ls) | PATH='$T/bin':\$PATH $sheetcmd"
is "the sheet's command, typed as printed elsewhere, opens the vault" 0
grep -q "^Council-Wifi$" out
ok_if "... and lists the accounts" [ $? -eq 0 ]

# --- afterwards: nothing typed was kept -------------------------------------
found=$(find "$HOME" \( -iname '*hist*' -o -name '.editrc' -o -name '.inputrc' \) -print 2>/dev/null)
ok_if "no history file under \$HOME" [ -z "$found" ]
leak=0
for s in "$CLERK" "$P_CHAIR" "$P_DEPUTY" "$PW_BANK" "$PW_MAIL" "$PW_WIFI" \
    "$(cut -d' ' -f5-8 chair.txt)" "$typo" "Bank of Scotland" "get Email"; do
	grep -rqF -- "$s" "$HOME" 2>/dev/null && { leak=1; echo "# found under HOME: $s"; }
done
ok_if "no file under \$HOME holds a secret or a typed line" [ "$leak" -eq 0 ]
tap_end
