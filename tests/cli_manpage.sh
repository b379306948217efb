#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/cli_manpage.sh - the man page matches the program, both ways, with
# every list taken from the program's own help and from docs/cvault.1 (so a
# command or option added to one and not the other fails here):
#  - every command `cvault --help` lists has an entry under Commands, and
#    every command with an entry there is listed by `cvault --help`;
#  - every long option in `cvault COMMAND --help` is documented (as
#    "Fl -NAME") in that command's entries, and every long option in the
#    heads of those entries is in `cvault COMMAND --help`;
#  - the global options of `cvault --help` are in SYNOPSIS and under
#    "Global options", and those of SYNOPSIS are in `cvault --help`.
set -u
. tests/tap.sh
MAN=$TOP/docs/cvault.1

# Long options in text: --name (not the bare "--" or "--help").
longopts() { grep -oE -- '--[a-z0-9][a-z0-9-]*[a-z0-9]' | grep -vx -- '--help' | sort -u; }

# The Commands list of the man page as "COMMAND<TAB>head|body<TAB>line",
# one line a source line: an entry (.It) belongs to the first command
# (Cm) of its head, which ends at the end of the .It line or at .Xc.
entries() {
	awk '
	/^\.Ss Commands/ { on = 1; next }
	/^\.S[sh] / { on = 0 }
	!on { next }
	/^\.It / {
		cmd = ""; inhead = 1
		if ($0 ~ /^\.It Xo/) { xo = 1; next }
		xo = 0
	}
	inhead && cmd == "" {
		for (i = 1; i < NF; i++)
			if ($i == "Cm" || $i == ".Cm") { cmd = $(i + 1); break }
	}
	{ printf "%s\t%s\t%s\n", cmd, inhead ? "head" : "body", $0 }
	inhead && (!xo || $0 ~ /^\.Xc/) { inhead = 0 }
	' "$MAN"
}
entries > man-entries
ok_if "the man page has a Commands list" test -s man-entries

run "$CV" --help
is "cvault --help" 0
sed -n '/^commands:/,/^$/p' out | awk 'NF && $1 != "commands:" {print $1}' | sort -u > help-cmds
ok_if "cvault --help lists commands" test "$(wc -l < help-cmds)" -gt 10
cut -f1 man-entries | grep -v '^$' | sort -u > man-cmds

# --- commands, both ways -----------------------------------------------------
missing=$(comm -23 help-cmds man-cmds | tr '\n' ' ')
ok_if "every command in --help has an entry in cvault(1)${missing:+ (missing: $missing)}" test -z "$missing"
extra=$(comm -13 help-cmds man-cmds | tr '\n' ' ')
ok_if "every command in cvault(1) is in --help${extra:+ (not in --help: $extra)}" test -z "$extra"

# --- each command's options, both ways -----------------------------------------
# undocumented CMD HELPFILE: the options in HELPFILE not under CMD in the
# man page; unlisted CMD HELPFILE: those in CMD's heads not in HELPFILE.
undocumented() {
	awk -F '\t' -v c="$1" '$1 == c { print $3 }' man-entries > sect
	for o in $(longopts < "$2"); do
		grep -qE -- "Fl -${o#--}([^a-z0-9-]|\$)" sect || printf ' %s:%s' "$1" "$o"
	done
}
unlisted() {
	awk -F '\t' -v c="$1" '$1 == c && $2 == "head" { print $3 }' man-entries |
	    sed 's/Fl -/ --/g' > head
	for o in $(longopts < head); do
		grep -qE -- "$o([^a-z0-9-]|\$)" "$2" || printf ' %s:%s' "$1" "$o"
	done
}
bad_doc="" bad_help=""
for cmd in $(cat help-cmds); do
	[ "$cmd" = help ] && continue
	"$CV" "$cmd" --help > cmd-help 2>&1 || bad_doc="$bad_doc $cmd(--help failed)"
	bad_doc="$bad_doc$(undocumented "$cmd" cmd-help)"
	bad_help="$bad_help$(unlisted "$cmd" cmd-help)"
done
ok_if "every option in 'cvault COMMAND --help' is under COMMAND in cvault(1)${bad_doc:+ (missing:$bad_doc)}" test -z "$bad_doc"
ok_if "every option in a command's synopsis in cvault(1) is in its --help${bad_help:+ (not in --help:$bad_help)}" test -z "$bad_help"

# --- global options ----------------------------------------------------------------
sed -n '/^usage:/,/^$/p' out | longopts > help-globals
# SYNOPSIS: each .Nm line starts a form; a form naming a command (.Cm X,
# as `cvault shell`) has that command's options, the others global ones.
sed -n '/^\.Sh SYNOPSIS/,/^\.Sh /p' "$MAN" | awk '
	/^\.Nm/ { form++ } /^\.Cm / { cmd[form] = $2 } { line[NR] = $0; f[NR] = form }
	END { for (i = 1; i <= NR; i++) print (f[i] in cmd ? cmd[f[i]] : "-") "\t" line[i] }' \
    > synopsis-forms
grep '^-	' synopsis-forms | sed 's/Fl -/ --/g' | longopts > man-synopsis
bad_form=""
for cmd in $(cut -f1 synopsis-forms | grep -v '^-$' | sort -u); do
	"$CV" "$cmd" --help 2>&1 | longopts > form-help
	extra=$(grep "^$cmd	" synopsis-forms | sed 's/Fl -/ --/g' | longopts |
	    comm -23 - form-help | tr '\n' ' ')
	[ -z "$extra" ] || bad_form="$bad_form $cmd:$extra"
done
ok_if "every option of a command's form in the SYNOPSIS is in its --help${bad_form:+ (not there:$bad_form)}" test -z "$bad_form"
sed -n '/^\.Ss Global options/,/^\.Ss /p' "$MAN" | grep '^\.It' | sed 's/Fl -/ --/g' | longopts > man-globals
ok_if "cvault --help shows global options" test "$(wc -l < help-globals)" -ge 5
missing=$(comm -23 help-globals man-synopsis | tr '\n' ' ')
ok_if "every global option in --help is in the SYNOPSIS${missing:+ (missing: $missing)}" test -z "$missing"
missing=$(comm -23 help-globals man-globals | tr '\n' ' ')
ok_if "every global option in --help is under Global options${missing:+ (missing: $missing)}" test -z "$missing"
extra=$(comm -13 help-globals man-synopsis | tr '\n' ' ')
ok_if "every option in the SYNOPSIS is in --help${extra:+ (not in --help: $extra)}" test -z "$extra"

# --- the test can fail: a made-up command and option are caught ------------------
printf 'frobnicate\tbody\t.It Cm frobnicate Fl -wibble\n' >> man-entries
cut -f1 man-entries | grep -v '^$' | sort -u > man-cmds2
ok_if "a command only in the man page would be caught" test -n "$(comm -13 help-cmds man-cmds2)"
"$CV" get --help > fake && echo '  [--wibble-wobble]' >> fake
ok_if "an option only in a command's help would be caught" \
	test "$(undocumented get fake)" = " get:--wibble-wobble"
"$CV" rm --help | sed 's/--yes//' > fake
ok_if "an option only in the man page's synopsis would be caught" \
	test "$(unlisted rm fake)" = " rm:--yes"

tap_end
