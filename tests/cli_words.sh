#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/cli_words.sh - the words a person reads: every error line starts
# "cvault: COMMAND:" (option errors too); a usage error is found before
# any passphrase is read (every command in --help is tried, with the right
# passphrase waiting unread); the no-vault message never sends a holder to
# `init` and says how to name the file; a wrong holder passphrase is named;
# holder-facing text has no jargon; and, on a real terminal (tmux), a
# refused password is explained one reason a line and asked for again,
# keeping the other answers.
set -u
. tests/tap.sh

CLERK='velvet-marsh-tango-pylon'
P_CHAIR='harbor-quill-sprocket-lava' P_DEPUTY='tundra-falcon-opal-ledger'
V="-f v --passphrase-fd 0"
# first_line_is NAME PREFIX: the first line of ./err starts with PREFIX
first_line_is() {
	case $(head -1 err) in
	"$2"*) pass "$1" ;;
	*) fail "$1 (got: $(head -1 err))" ;;
	esac
}
# every_line_is NAME PREFIX: each line of ./err starting at column 0 with a
# letter is a "cvault: ...:" line (indented lines continue a usage)
every_line_is() {
	if grep -v '^[[:space:]]' err | grep -qv "^$2"; then
		fail "$1 (got: $(grep -v '^[[:space:]]' err | grep -v "^$2" | head -1))"
	else
		pass "$1"
	fi
}

run sh -c "printf '%s\n' '$CLERK' '$P_CHAIR' '$P_DEPUTY' | '$CV' $V init --council 'Little Snoring PC' $KDF --holder chair='G. Walker' --holder deputy='P. Jones' --threshold 2"
is "init with chair and deputy" 0
run sh -c "printf '%s\n' '$CLERK' 'LbYXdw2Kc7c6fQHa' | '$CV' $V add Bank"
is "the clerk adds an entry" 0

# --- a refused password at the terminal (tmux) ---------------------------------------------------
if command -v tmux >/dev/null; then
	S="cvault-words-$$"
	tm() { tmux -L "$S" "$@"; }
	# wait_for TEXT: until the screen shows TEXT (10 s at most)
	wait_for() {
		i=0
		while [ $i -lt 100 ]; do
			tm capture-pane -p -t w -S -100 > screen 2>/dev/null
			grep -qF -- "$1" screen && return 0
			sleep 0.1; i=$((i + 1))
		done
		return 1
	}
	# count_of TEXT: how many lines of the screen show TEXT
	count_of() { tm capture-pane -p -t w -S -100 | grep -cF -- "$1"; }
	tm new-session -d -s w -x 150 -y 50 "cd '$T/work' && HOME='$T/home' XDG_DATA_HOME='$T/xdg' '$CV' -f v add Mail --username clerk@little.example --url https://mail.little.example --notes 'the clerk mailbox'; echo EXIT=\$?; sleep 60"
	wait_for "Clerk's passphrase:" && tm send-keys -t w "$CLERK" Enter
	wait_for "Password for Mail:" && tm send-keys -t w "password1" Enter
	wait_for "Type it again:" && tm send-keys -t w "password1" Enter
	wait_for "Please choose another."
	ok_if "tmux: a weak password is refused at the prompt" grep -q "cvault: add: the password is refused:" screen
	ok_if "tmux: the reasons, one a line" test "$(grep -c '^  - ' screen)" -ge 2
	ok_if "tmux: the password is asked for again" test "$(count_of 'Password for Mail:')" -eq 2
	tm send-keys -t w 'Lq7#vR2p-Xk9@wM4' Enter
	wait_for "Type it again:" && sleep 0.2
	tm send-keys -t w 'Lq7#vR2p-Xk9@wM4' Enter
	wait_for "EXIT="
	ok_if "tmux: the second password is stored" grep -q "EXIT=0" screen
	! grep -q "password1\|Lq7#vR2p" screen
	ok_if "tmux: no password was shown on the screen" [ $? -eq 0 ]
	tm kill-server 2>/dev/null
	printf '%s\n' "$CLERK" > pass
	run sh -c "'$CV' $V get Mail --field username < pass"
	same "the username given with the command was kept" 'clerk@little.example'
	run sh -c "'$CV' $V get Mail --field url < pass"
	same "and the URL" 'https://mail.little.example'
	run sh -c "'$CV' $V get Mail --field notes < pass"
	same "and the notes" 'the clerk mailbox'
	run sh -c "'$CV' $V get Mail < pass"
	same "with the password typed the second time" 'Lq7#vR2p-Xk9@wM4'
else
	fail "tmux is not installed (scripts/install-deps installs it)"
fi

# --- option errors start "cvault: COMMAND:" ------------------------------------------
run "$CV" -f v --frobnicate get Bank
is "an unknown global option is a usage error" 2
first_line_is "... and says so as 'cvault: get:'" "cvault: get: unknown option --frobnicate"
run "$CV" --passphrase-fd x ls
first_line_is "a bad --passphrase-fd value names the command" "cvault: ls: --passphrase-fd takes a file descriptor number"
run "$CV" ls -f
is "-f without a FILE after the command: usage" 2
first_line_is "... as 'cvault: ls:'" "cvault: ls:"
run "$CV" -f v get Bank --field
is "--field without a value: usage" 2
first_line_is "... 'cvault: get: --field needs a value'" "cvault: get: --field needs a value"
every_line_is "... and every error line starts 'cvault: get:'" "cvault: get:"
run "$CV" -f v rm --yes=now Bank
first_line_is "--yes=now on rm: 'cvault: rm:'" "cvault: rm:"
run "$CV" -f v gen --length
first_line_is "gen --length without N: 'cvault: gen: --length needs a value'" "cvault: gen: --length needs a value"
run "$CV" frobnicate
is "an unknown command: usage" 2
first_line_is "... 'cvault: frobnicate:'" "cvault: frobnicate: there is no such command"

# --- no passphrase is read before the arguments are checked ---------------------------
# For every command --help lists: a made-up option, with the right passphrase
# on standard input. The command must fail with status 2 and a "cvault: CMD:"
# line, and leave the passphrase unread (`cat` gets it back).
"$CV" --help | sed -n '/^commands:/,/^$/s/^  \([a-z0-9-]*\) .*/\1/p' > cmds
ok_if "--help lists the commands" test "$(wc -l < cmds)" -gt 10
bad=""
for cmd in $(cat cmds); do
	[ "$cmd" = help ] && continue
	printf '%s\n' "$CLERK" > pass
	sh -c "'$CV' $V $cmd --no-such-option; echo \"status \$?\" >&2; cat" < pass > out 2>err
	if ! grep -qx "status 2" err || ! grep -qx "$CLERK" out ||
	    [ "$(head -1 err | cut -c1-$((${#cmd} + 9)))" != "cvault: $cmd:" ]; then
		bad="$bad $cmd"
		sed "s/^/#   $cmd: /" err | head -3
	fi
done
ok_if "every command checks its options before the passphrase${bad:+ (not:$bad)}" test -z "$bad"

# usage ARGS...: a usage error (2) with the passphrase left unread
usage() {
	printf '%s\n' "$CLERK" > pass
	sh -c "'$CV' $V $*; echo \"status \$?\" >&2; cat" < pass > out 2>err
	grep -qx "status 2" err && grep -qx "$CLERK" out
}
ok_if "get without a title: found before the passphrase" usage get
ok_if "get with two titles" usage get Bank Card
ok_if "search with an empty term" usage search "''"
ok_if "rm without --yes and no terminal" usage rm Bank
ok_if "config of an unknown setting" usage config colour blue
ok_if "config max-age-days that is not a number" usage config max-age-days soon
ok_if "report --format pdf" usage report --format pdf
ok_if "log --since yesterday" usage log --since yesterday
ok_if "passwd --kdf-memory 1 (out of range)" usage passwd --kdf-memory 1
ok_if "add with a TOTP secret on the command line" usage add Card --totp JBSWY3DPEHPK3PXP
ok_if "rekey --no-escrow with holders" usage rekey --no-escrow --holder chair=G --threshold 1
ok_if "escrow setup without holders" usage escrow setup
ok_if "add --notes - when the passphrase is on standard input" usage add Card --notes -
ok_if "add with a control character in the title" usage add "'$(printf 'a\033b')'"
printf '%s\n' "$CLERK" > pass
run sh -c "'$CV' $V get Bank < pass"
same "a good command still works" 'LbYXdw2Kc7c6fQHa'

# --- no vault there -------------------------------------------------------------------------
run sh -c "printf '%s\n' '$CLERK' | '$CV' -f nowhere.vault --passphrase-fd 0 ls"
is "the clerk, no vault: not found (4)" 4
first_line_is "... 'cvault: ls: there is no vault at nowhere.vault'" "cvault: ls: there is no vault at nowhere.vault"
grep -q -- "-f FILE" err && grep -q CVAULT_FILE err && grep -q "cvault init" err
ok_if "... says how to name the file (-f, CVAULT_FILE) or create one" [ $? -eq 0 ]
for how in "--escrow chair,deputy" "--shares -"; do
	run sh -c "printf '%s\n' '$P_CHAIR' '$P_DEPUTY' | '$CV' -f nowhere.vault --passphrase-fd 0 $how get Bank"
	is "holders ($how), no vault: not found (4)" 4
	grep -q -- "-f FILE" err && grep -q CVAULT_FILE err && ! grep -qi "init" err
	ok_if "... names -f FILE and CVAULT_FILE, never 'init'" [ $? -eq 0 ]
done
run sh -c "printf '%s\n' '$P_CHAIR' | '$CV' -f nowhere.vault --passphrase-fd 0 escrow print chair"
grep -q -- "-f FILE" err && grep -q CVAULT_FILE err && ! grep -qi "init" err
ok_if "escrow print, no vault: names -f FILE and CVAULT_FILE, never 'init'" [ $? -eq 0 ]

# --- holders' words -----------------------------------------------------------------------------
run sh -c "printf '%s\n' '$P_CHAIR' 'not the deputy' | '$CV' $V --escrow chair,deputy get Bank"
is "a wrong holder passphrase: 3" 3
grep -qx "cvault: get: That was not the deputy's passphrase. Nothing was opened." err
ok_if "... 'That was not the deputy's passphrase. Nothing was opened.'" [ $? -eq 0 ]
run sh -c "printf '%s\n' 'not the chair' | '$CV' $V escrow verify-share chair"
grep -qx "cvault: escrow: That was not the chair's passphrase. Nothing was opened." err
ok_if "... and the chair's, in a share check" [ $? -eq 0 ]
run sh -c "printf '%s\n' '$P_CHAIR' '$P_DEPUTY' | '$CV' $V --escrow chair,deputy get Bank"
is "the chair and deputy open the vault" 0
! grep -qi "escrow\|SLIP-0039\|exit status" err
ok_if "what the holders read has no jargon (escrow, SLIP-0039, exit status)" [ $? -eq 0 ]
run sh -c "printf '%s\n' '$P_CHAIR' | '$CV' $V escrow print chair"
is "the chair prints their sheet" 0
# The sheet may name the --escrow option (to type); nothing else says escrow.
! sed 's/--escrow//g' out | grep -qi "escrow\|SLIP-0039\|exit status"
ok_if "the sheet has no jargon beyond the --escrow option it shows" [ $? -eq 0 ]
grep -q "Full steps: /.*/emergency-access.md" out
ok_if "the sheet's Full steps name the installed guide's path" [ $? -eq 0 ]

# A script gets the refusal on one line, and one answer.
run sh -c "printf '%s\n' '$CLERK' 'password1' | '$CV' $V add Weak"
is "a script's weak password: refused (6)" 6
grep -q "^cvault: add: the password is refused: It" err
ok_if "... on one 'cvault: add:' line" [ $? -eq 0 ]
ok_if "... with no list" test "$(grep -c '^  - ' err)" -eq 0

tap_end
