# SPDX-License-Identifier: ISC
# fish completion for cvault(1): its commands, their sub-commands and
# options, and files after the options that take one, all read from the
# program's own --help (no vault needed). Entry titles are not completed:
# that would need the vault unlocked.

# The command named so far (the first word that is not a global option or
# its value), with the number of words after it on the second line.
function __cvault_cmd
    set -l words (commandline -opc)
    set -l skip 0
    set -l n (count $words)
    for i in (seq 2 $n)
        set -l w $words[$i]
        if test $skip = 1
            set skip 0
            continue
        end
        switch $w
            case -f --file --passphrase-fd --escrow --shares --hibp
                set skip 1
            case '-*'
            case '*'
                echo $w
                math $n - $i
                return 0
        end
    end
    return 1
end

function __cvault_prog
    set -l words (commandline -opc)
    echo $words[1]
end

function __cvault_commands
    set -l prog (__cvault_prog)
    command $prog --help 2>/dev/null |
        sed -n '/^commands:/,/^$/s/^  \([a-z0-9][a-z0-9-]*\) .*/\1/p'
end

function __cvault_options
    set -l c (__cvault_cmd)
    set -l prog (__cvault_prog)
    command $prog $c[1] --help 2>/dev/null |
        grep -oE -- '--[a-z0-9][a-z0-9-]*' | sort -u
end

# The words (lower case) first after the command and after each "|" in
# its usage: escrow setup, config hibp, slip39 split, ...
function __cvault_subcommands
    set -l c (__cvault_cmd)
    test "$c[2]" = 0; or return
    set -l prog (__cvault_prog)
    command $prog $c[1] --help 2>/dev/null | awk '
    NR > 1 && !/^ / { exit }
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
end

complete -c cvault -f
complete -c cvault -n 'not __cvault_cmd' -a '(__cvault_commands)'
complete -c cvault -n 'not __cvault_cmd' -s f -l file -r -F -d 'the vault file'
complete -c cvault -n 'not __cvault_cmd' -l passphrase-fd -x -d 'read passphrases from this descriptor'
complete -c cvault -n 'not __cvault_cmd' -l json -d 'machine-readable output'
complete -c cvault -n 'not __cvault_cmd' -l escrow -x -d 'open without the clerk: ROLE,ROLE'
complete -c cvault -n 'not __cvault_cmd' -l shares -r -F -d 'paper shares from FILE, or - to type them'
complete -c cvault -n 'not __cvault_cmd' -l hibp -r -F -d 'a breached-password list'
complete -c cvault -n 'not __cvault_cmd' -s h -l help -d 'the commands'
complete -c cvault -n 'not __cvault_cmd' -l version -d 'the version'
complete -c cvault -n '__cvault_cmd' -a '(__cvault_subcommands)'
complete -c cvault -n '__cvault_cmd; and string match -q -- "-*" (commandline -ct)' -a '(__cvault_options)'
complete -c cvault -n '__cvault_cmd' -l out -l totp-qr -r -F
