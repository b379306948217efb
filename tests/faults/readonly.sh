#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/faults/readonly.sh - a vault that cannot be written. Root ignores
# permission bits, so each case uses a mechanism that binds root too, or
# drops to an unprivileged user:
#  1. a read-only bind mount (root);
#  2. an immutable file (chattr +i; needs ext2/3/4, xfs, btrfs...);
#  3. a read-only directory, file writable, as "nobody" (setpriv);
#  4. a read-only file (0400) in a writable directory, as "nobody".
# Each time `cvault get` prints the right password (exit 0) with a note
# that the opening is not recorded, `cvault verify` exits 0, `cvault add`
# fails with exit 1, and the file does not change by one byte. A case
# that cannot be set up here is reported as SKIP, with the reason.
set -u
. tests/faults/lib.sh
T=$(mktemp -d "${TMPDIR:-/tmp}/cvault-ro-XXXXXX")
chmod 755 "$T"
trap 'umount "$T/ro" 2>/dev/null; chattr -i "$T/imm/v" 2>/dev/null; chmod -R u+w "$T"; rm -rf "$T"' EXIT
"$W" create "$T/v" && "$W" ops "$T/v" 1 9 3>/dev/null || { fail "read-only: set-up"; done_tap; exit 1; }
cp "$CV" "$T/cvault" && chmod 755 "$T/cvault"

# probe NAME FILE [RUNAS...]: the three commands on FILE, as RUNAS.
probe() {
	name=$1 f=$2; shift 2
	before=$(cksum < "$f")
	printf '%s\n' "$CLERK" | "$@" "$T/cvault" -f "$f" --passphrase-fd 0 get e1 >"$T/out" 2>"$T/err"; st=$?
	if [ "$st" -eq 0 ] && [ "$(cat "$T/out")" = pw-1 ] && grep -q "read-only" "$T/err"; then
		pass "read-only ($name): get reads the password and says it is not recorded"
	else
		fail "read-only ($name): get reads the password and says it is not recorded (exit $st)"
		sed 's/^/#   /' "$T/err" | head -3
	fi
	printf '%s\n' "$CLERK" | "$@" "$T/cvault" -f "$f" --passphrase-fd 0 verify >/dev/null 2>"$T/err"; st=$?
	check "$st" "read-only ($name): verify exits 0"
	printf '%s\n' "$CLERK" 'Read-only-passw0rd!' | "$@" "$T/cvault" -f "$f" --passphrase-fd 0 add NEW --allow-weak >/dev/null 2>"$T/err"; st=$?
	[ "$st" -eq 1 ]; check $? "read-only ($name): add fails with exit 1 (got $st)"
	[ "$(cksum < "$f")" = "$before" ] && [ ! -e "$f-journal" ]
	check $? "read-only ($name): the file is unchanged, no journal left"
}
skip4() { for t in "get reads the password" "verify exits 0" "add fails with exit 1" "the file is unchanged"; do skip "read-only ($1): $t" "$2"; done; }

# 1. read-only bind mount
mkdir "$T/src" "$T/ro" && cp "$T/v" "$T/src/v"
if mount --bind "$T/src" "$T/ro" 2>"$T/err" && mount -o remount,bind,ro "$T/ro" 2>>"$T/err"; then
	probe "bind mount" "$T/ro/v"
	umount "$T/ro"
else
	umount "$T/ro" 2>/dev/null
	skip4 "bind mount" "cannot mount here: $(head -c 80 "$T/err")"
fi

# 2. immutable file
mkdir "$T/imm" && cp "$T/v" "$T/imm/v"
if chattr +i "$T/imm/v" 2>"$T/err"; then
	probe "immutable file" "$T/imm/v"
	chattr -i "$T/imm/v"
else
	skip4 "immutable file" "chattr +i refused ($(stat -f -c %T "$T")): $(head -c 80 "$T/err")"
fi

# 3, 4: as an unprivileged user
AS=""
if [ "$(id -u)" -ne 0 ]; then
	AS=env
elif command -v setpriv >/dev/null && id nobody >/dev/null 2>&1; then
	AS="setpriv --reuid=nobody --regid=$(id -gn nobody) --clear-groups"
fi
if [ -z "$AS" ]; then
	skip4 "read-only directory" "root without setpriv or a nobody user"
	skip4 "read-only file" "root without setpriv or a nobody user"
else
	mkdir "$T/rod" "$T/rof"
	cp "$T/v" "$T/rod/v"; cp "$T/v" "$T/rof/v"
	if [ "$(id -u)" -eq 0 ]; then
		chown nobody "$T/rod/v" "$T/rof/v" "$T/rof"
	fi
	chmod 600 "$T/rod/v"; chmod 555 "$T/rod"
	chmod 400 "$T/rof/v"; chmod 755 "$T/rof"
	# shellcheck disable=SC2086
	probe "read-only directory" "$T/rod/v" $AS
	# shellcheck disable=SC2086
	probe "read-only file" "$T/rof/v" $AS
fi
done_tap
