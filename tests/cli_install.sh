#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/cli_install.sh - `make install` into a staging root (DESTDIR) puts
# the program, library, man pages, guides and bash/zsh/fish completions in
# place; the installed program's share sheet names an installed guide; the
# installed bash completion, found the way bash-completion finds it,
# completes commands, sub-commands and options; `make uninstall` removes
# it all. The build under test is installed as built (its guides' place,
# $(BUILD)/gen/paths.h, gives the PREFIX), so nothing is recompiled.
set -u
. tests/tap.sh

B=${BUILD:-$(dirname "$CV")}
case $B in /*) ;; *) B=$TOP/$B ;; esac
docdir=$(sed -n 's/^#define CVAULT_DOCDIR "\(.*\)"$/\1/p' "$B/gen/paths.h")
prefix=${docdir%/share/doc/cvault}
ok_if "the build names where its guides are installed ($docdir)" \
	test -n "$docdir" -a "$prefix" != "$docdir"
R=$T/root
# A make of our own, not the one running the suite (if any).
mk() { env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -C "$TOP" BUILD="$B" \
	PREFIX="$prefix" DESTDIR="$R" "$@"; }

run mk install
is "make install DESTDIR=... PREFIX=$prefix" 0
[ "$rc" -eq 0 ] || sed 's/^/#   /' err | head -20
files="bin/cvault lib/libvault.a lib/libvault.so.0 lib/libvault.so
include/vault.h lib/pkgconfig/vault.pc share/man/man1/cvault.1
share/man/man3/vault.3 share/doc/cvault/user-guide.md
share/doc/cvault/emergency-access.md share/doc/cvault/annual-review.md
share/doc/cvault/password-policy.md share/doc/cvault/threat-model.md
share/doc/cvault/README.md share/doc/cvault/LICENSE
share/bash-completion/completions/cvault share/zsh/site-functions/_cvault
share/fish/vendor_completions.d/cvault.fish"
missing=""
for f in $files; do [ -f "$R$prefix/$f" ] || missing="$missing $f"; done
ok_if "every file is installed${missing:+ (missing:$missing)}" test -z "$missing"
cmp -s "$TOP/docs/emergency-access.md" "$R$docdir/emergency-access.md"
ok_if "the installed emergency guide is the source's" [ $? -eq 0 ]
run "$R$prefix/bin/cvault" --version
is "the installed program runs" 0

# --- the sheet's "Full steps" name a file that is installed -------------------
CL='velvet-marsh-tango-pylon'
run sh -c "printf '%s\n' '$CL' | '$R$prefix/bin/cvault' -f v --passphrase-fd 0 init --council 'Little Snoring PC' $KDF --paper-holder chair=G --paper-holder deputy=P --threshold 2"
is "init with paper holders (the installed program)" 0
steps=$(sed -n 's/^ *Full steps: //p' out | head -1)
ok_if "the sheet names $docdir/emergency-access.md" test "$steps" = "$docdir/emergency-access.md"
ok_if "and that guide is installed there" test -f "$R$steps"
! grep -q "SLIP-0039\|exit status" out
ok_if "the sheet has no jargon (SLIP-0039, exit status)" [ $? -eq 0 ]
run "$R$prefix/bin/cvault" --help
grep -q "$docdir/emergency-access.md" out && grep -q "$docdir/user-guide.md" out
ok_if "--help names the installed guides" [ $? -eq 0 ]

# --- the baked-in place follows PREFIX --------------------------------------
env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -C "$TOP" BUILD="$T/b" PREFIX=/opt/cv "$T/b/gen/paths.h" >/dev/null 2>&1
grep -q '"/opt/cv/share/doc/cvault"' "$T/b/gen/paths.h" 2>/dev/null
ok_if "PREFIX=/opt/cv bakes /opt/cv/share/doc/cvault into the build" [ $? -eq 0 ]

# --- the installed bash completion ----------------------------------------------
BC=/usr/share/bash-completion/bash_completion
if [ -f "$BC" ] && command -v bash >/dev/null; then
	# comp WORD...: what the completion offers for the last WORD, one a line
	cat > comp.bash <<EOF
. $BC
export XDG_DATA_DIRS="$R$prefix/share"
PATH="$R$prefix/bin:\$PATH"
if type _comp_load >/dev/null 2>&1; then _comp_load cvault; else __load_completion cvault; fi
complete -p cvault >/dev/null || { echo "no completion loaded"; exit 1; }
COMP_WORDS=("\$@"); COMP_CWORD=\$((\$# - 1)); COMPREPLY=()
\$(complete -p cvault | sed -n 's/.*-F \([^ ]*\) .*/\1/p') cvault "\${COMP_WORDS[COMP_CWORD]}" "\${COMP_WORDS[COMP_CWORD-1]}"
[ \${#COMPREPLY[@]} -eq 0 ] || printf '%s\n' "\${COMPREPLY[@]}" | sort -u
EOF
	comp() { bash comp.bash "$@" > out 2>err; }
	comp cvault ""
	"$R$prefix/bin/cvault" --help | sed -n '/^commands:/,/^$/s/^  \([a-z0-9-]*\) .*/\1/p' | sort -u > want
	ok_if "cvault <TAB> offers every command of --help" diff want out
	comp cvault -f v g
	ok_if "cvault -f v g<TAB>: get, gen" test "$(tr '\n' ' ' < out)" = "gen get "
	comp cvault --pass
	ok_if "cvault --pass<TAB>: --passphrase-fd" test "$(cat out)" = "--passphrase-fd"
	comp cvault add Bank --u
	ok_if "cvault add Bank --u<TAB>: --url, --username" test "$(tr '\n' ' ' < out)" = "--url --username "
	comp cvault escrow ""
	ok_if "cvault escrow <TAB>: its sub-commands" \
		test "$(tr '\n' ' ' < out)" = "print remove rotate setup status verify-share "
	comp cvault escrow setup --thr
	ok_if "cvault escrow setup --thr<TAB>: --threshold" test "$(cat out)" = "--threshold"
	: > vault.file
	comp cvault -f vault.f
	ok_if "cvault -f vault.f<TAB>: the file" test "$(cat out)" = "vault.file"
	comp cvault get ""
	ok_if "no titles are offered (the vault stays locked)" test ! -s out
else
	fail "bash-completion is not installed (scripts/install-deps installs it)"
fi
for sh in zsh fish; do
	f=$R$prefix/share/zsh/site-functions/_cvault
	[ $sh = fish ] && f=$R$prefix/share/fish/vendor_completions.d/cvault.fish
	if command -v $sh >/dev/null; then
		ok_if "the $sh completion parses" $sh -n "$f"
	fi
done
if command -v fish >/dev/null; then
	# What fish offers for a command line, the words only, sorted.
	fcomp() { PATH="$R$prefix/bin:$PATH" HOME="$T/home" fish -c \
	    "source '$R$prefix/share/fish/vendor_completions.d/cvault.fish'; complete -C'$1'" |
	    cut -f1 | sort | tr '\n' ' '; }
	ok_if "fish: cvault add --u<TAB>: --url, --username" \
		test "$(fcomp 'cvault add --u')" = "--url --username "
	ok_if "fish: cvault escrow <TAB>: its sub-commands" \
		test "$(fcomp 'cvault escrow ')" = "print remove rotate setup status verify-share "
	ok_if "fish: cvault -f v g<TAB>: gen, get" test "$(fcomp 'cvault -f v g')" = "gen get "
fi

# --- uninstall -----------------------------------------------------------------------
run mk uninstall
is "make uninstall" 0
left=$(cd "$R" && find . -type f | sed 's|^\./||' | tr '\n' ' ')
ok_if "make uninstall removes every file${left:+ (left: $left)}" test -z "$left"
ok_if "and the guides' folder" test ! -d "$R$docdir"

tap_end
