#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/cli_clipboard.sh - --copy for real, on an X server (Xvfb) with
# xclip, as a clerk's desktop has them: the value reaches the clipboard
# and never the screen (nor any command line), the detached cleaner
# clears it after --clear-after seconds once the command has exited, and
# leaves alone a clipboard the person has changed meanwhile. get, show,
# gen and totp; the clipboard-seconds setting; no clipboard tool at all.
# Prints TAP.
set -u
. tests/tap.sh

if ! command -v Xvfb >/dev/null || ! command -v xclip >/dev/null; then
	echo "# Xvfb or xclip missing: scripts/install-deps"
	sh "$TOP/scripts/install-deps" >&2
fi
if ! command -v Xvfb >/dev/null || ! command -v xclip >/dev/null; then
	fail "Xvfb and xclip are needed (scripts/install-deps installs them)"
	tap_end
	exit 1
fi

# A display number no one uses; the server is ours to stop.
D=90
while [ -e "/tmp/.X$D-lock" ] || [ -e "/tmp/.X11-unix/X$D" ]; do D=$((D + 1)); done
Xvfb ":$D" -screen 0 320x240x24 -nolisten tcp >/dev/null 2>&1 &
XPID=$!
trap 'kill "$XPID" 2>/dev/null; rm -rf "$T"' EXIT
unset WAYLAND_DISPLAY
export DISPLAY=":$D"
i=0
until xclip -selection clipboard -o >/dev/null 2>&1 || printf 'up' | xclip -selection clipboard -in 2>/dev/null; do
	i=$((i + 1))
	[ "$i" -gt 50 ] && break
	sleep 0.1
done

clip() { xclip -selection clipboard -o 2>/dev/null; }
# cleared_within S: the clipboard is empty within S seconds
cleared_within() {
	k=0
	while [ "$k" -lt $(($1 * 10)) ]; do
		[ -z "$(clip)" ] && return 0
		sleep 0.1
		k=$((k + 1))
	done
	return 1
}

CLERK='saddle-prism-otter-cavern'
PW='qVsVRAJ.yqhZ3UdD'
printf '%s\n' "$CLERK" > pass
V="-f v --passphrase-fd 3"
run sh -c "printf '%s\n' '$CLERK' | '$CV' -f v --passphrase-fd 0 init --council 'Little Snoring PC' $KDF"
is "init" 0
run sh -c "printf '%s\n' '$CLERK' '$PW' | '$CV' -f v --passphrase-fd 0 add 'HSBC Business Banking' --username clerk"
is "add" 0

# --- get --copy: on the clipboard, not the screen, then cleared ------------
run sh -c "'$CV' $V get hsbc --copy --clear-after 2 3<pass"
is "get --copy exits 0" 0
ok_if "nothing is printed on standard output" [ ! -s out ]
grep -q 'Copied the password of "HSBC Business Banking" to the clipboard; it will be cleared in 2 s.' err &&
    ! grep -qF "$PW" err
ok_if "stderr says what was copied and for how long, without the value" [ $? -eq 0 ]
[ "$(clip)" = "$PW" ]
ok_if "the clipboard holds the password, exactly" [ $? -eq 0 ]
printf '%s\n' "$PW" > pw.txt      # grep -f: not on grep's own argv
pgrep -x xclip >/dev/null && ! ps -eo args | grep -qFf pw.txt
ok_if "no process has the password on its command line (it went on a pipe)" [ $? -eq 0 ]
[ "$(clip)" = "$PW" ] && cleared_within 6
ok_if "the cleaner, outliving the command, clears it after 2 s" [ $? -eq 0 ]

# --- show --copy, and a clipboard the person changed ------------------------
run sh -c "'$CV' $V show 'hsbc business' --copy --clear-after 2 3<pass"
is "show --copy exits 0" 0
grep -q '^Password: *(copied to the clipboard)$' out && grep -q '^Username: *clerk$' out &&
    ! grep -qF "$PW" out
ok_if "show prints the entry with the password replaced by a note" [ $? -eq 0 ]
[ "$(clip)" = "$PW" ]
ok_if "show --copy puts the password on the clipboard" [ $? -eq 0 ]
printf 'the minutes of March' | xclip -selection clipboard -in 2>/dev/null
sleep 4
[ "$(clip)" = 'the minutes of March' ]
ok_if "a clipboard changed meanwhile is not cleared" [ $? -eq 0 ]

# --- gen and totp -----------------------------------------------------------
run "$CV" gen --copy --clear-after 2
is "gen --copy exits 0" 0
got=$(clip)
[ ! -s out ] && [ "${#got}" -eq 20 ]
ok_if "gen --copy: a 20-character password on the clipboard, nothing printed" [ $? -eq 0 ]
cleared_within 6
ok_if "gen's password is cleared too" [ $? -eq 0 ]
run sh -c "printf '%s\n' 'otpauth://totp/RFC?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ' | '$CV' totp --uri - --at 59 --copy --clear-after 2"
is "totp --copy exits 0" 0
[ ! -s out ] && [ "$(clip)" = '287082' ] && grep -q 'good for 1 s more' err
ok_if "totp --copy: the code (RFC 6238 at T=59) on the clipboard, its time left on stderr" [ $? -eq 0 ]
cleared_within 6
ok_if "the code is cleared" [ $? -eq 0 ]

# --- the vault's setting ------------------------------------------------------
run sh -c "'$CV' $V config clipboard-seconds 3 3<pass"
is "config clipboard-seconds 3" 0
run sh -c "'$CV' $V config clipboard-seconds 3<pass"
same "config shows it" '3'
run sh -c "'$CV' $V get 'HSBC Business Banking' --copy 3<pass"
grep -q 'cleared in 3 s' err && [ "$(clip)" = "$PW" ]
ok_if "without --clear-after the vault's setting is used" [ $? -eq 0 ]
cleared_within 7
ok_if "and honoured" [ $? -eq 0 ]
run sh -c "'$CV' $V config clipboard-seconds 0 3<pass"
is "clipboard-seconds 0 is refused" 2
run sh -c "'$CV' $V config clipboard-seconds --clear 3<pass"
is "config clipboard-seconds --clear" 0

# --- mistakes and no clipboard ------------------------------------------------
run "$CV" gen --copy --clear-after 0
is "--clear-after 0 is a usage error" 2
run "$CV" gen --clear-after 5
is "--clear-after without --copy is a usage error" 2
run "$CV" --json gen --copy
is "--copy with --json is a usage error" 2
printf 'keep me' | xclip -selection clipboard -in 2>/dev/null
run env -u DISPLAY "$CV" gen --copy
is "no desktop: exit 1" 1
grep -q 'cvault: gen: no clipboard tool found: install xclip or wl-clipboard; nothing was copied' err && [ ! -s out ]
ok_if "no desktop: said plainly, nothing printed" [ $? -eq 0 ]
mkdir -p nobin && ln -sf "$(command -v env)" nobin/env
run env PATH="$PWD/nobin" "$CV" gen --copy
is "a display but no clipboard tool: exit 1" 1
[ "$(clip)" = 'keep me' ]
ok_if "and the clipboard is untouched" [ $? -eq 0 ]

tap_end
