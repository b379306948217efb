# SPDX-License-Identifier: ISC
# bash completion for cvault(1): its commands, their sub-commands (escrow
# setup, config hibp, ...) and options, and files after the options that
# take one. Everything is read from the program's own --help, which needs
# no vault, so it always matches the installed cvault. Entry titles are
# not completed: that would need the vault unlocked.

# The sub-commands in `cvault CMD --help`'s usage: the words (lower case)
# first after CMD and after each "|".
_cvault_subcommands()
{
	awk 'NR > 1 && !/^ / { exit }
	NR == 1 { sub(/^usage: cvault \[global options\] /, "") }
	{
		for (i = 1; i <= NF; i++) {
			t = $i
			gsub(/[][]/, "", t)
			if (first == "") { first = t; take = 1; continue }
			if ($i == "|") { take = 1; continue }
			if (take) {
				n = split(t, a, "|")
				for (j = 1; j <= n; j++)
					if (a[j] ~ /^[a-z][a-z0-9-]*$/ && a[j] != first)
						print a[j]
			}
			take = 0
		}
	}'
}

_cvault()
{
	local prog=${COMP_WORDS[0]} cur=${COMP_WORDS[COMP_CWORD]} cmd= i words
	local prev=${COMP_WORDS[COMP_CWORD-1]}

	case $prev in
	-f|--file|--shares|--hibp|--out|--totp-qr)
		COMPREPLY=($(compgen -f -- "$cur"))
		return ;;
	--passphrase-fd|--escrow)
		return ;;
	esac
	# The command: the first word that is not a global option or its value.
	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		-f|--file|--passphrase-fd|--escrow|--shares|--hibp) ((i++)) ;;
		-*) ;;
		*) cmd=${COMP_WORDS[i]}; break ;;
		esac
	done
	if [[ -z $cmd && $cur == -* ]]; then
		words="-f --file --help --version $("$prog" --help 2>/dev/null |
		    sed -n '/^usage:/,/^$/p' | grep -oE -- '--[a-z0-9][a-z0-9-]*' |
		    grep -vxE -- '--(help|version)')"
	elif [[ -z $cmd ]]; then
		words=$("$prog" --help 2>/dev/null |
		    sed -n '/^commands:/,/^$/s/^  \([a-z0-9][a-z0-9-]*\) .*/\1/p')
	elif [[ $cur == -* ]]; then
		words="--help $("$prog" "$cmd" --help 2>/dev/null |
		    grep -oE -- '--[a-z0-9][a-z0-9-]*')"
	elif ((i + 1 == COMP_CWORD)); then
		words=$("$prog" "$cmd" --help 2>/dev/null | _cvault_subcommands)
	fi
	COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -F _cvault cvault
