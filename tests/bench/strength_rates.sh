#!/bin/sh
# SPDX-License-Identifier: ISC
# strength_rates.sh CVAULT [N [BEFORE]] - how often the policy accepts
# fresh random passwords of the kinds docs/password-policy.md lists: N
# (10,000) of each, drawn with Python's secrets module, judged by `CVAULT
# strength` as an entry password and as a vault passphrase. Prints one
# line a kind: kind, accepted as entry password, accepted as passphrase
# (percent); with BEFORE (another build's cvault), its two figures on the
# same samples follow. The samples live in a private temporary directory,
# removed on exit.
set -eu
CV=$1
N=${2:-10000}
BEFORE=${3:-}
WORDS=$(dirname "$0")/../../vault/data/eff-large-wordlist.txt
T=$(mktemp -d "${TMPDIR:-/tmp}/rates-XXXXXX")
trap 'rm -rf "$T"' EXIT
python3 - "$T" "$N" "$WORDS" <<'PY'
import secrets, string, sys
d, n, wl = sys.argv[1], int(sys.argv[2]), sys.argv[3]
words = [l.split()[-1] for l in open(wl) if l.strip()]
p94 = ''.join(chr(c) for c in range(33, 127))
an = string.ascii_letters + string.digits
c75 = an + "!#$%&*+-=?@^_"
seps = "-_.,:;!?#$%&*+=@"
def chars(s, k): return ''.join(secrets.choice(s) for _ in range(k))
def phrase(k, sep=None, caps=False):
    w = [secrets.choice(words) for _ in range(k)]
    if caps: w = [x.capitalize() if secrets.randbelow(2) else x for x in w]
    out = w[0]
    for x in w[1:]:
        out += (sep if sep is not None else secrets.choice(seps)) + x
    return out
kinds = {
 "random8-94": lambda: chars(p94, 8),
 "random8-alnum": lambda: chars(an, 8),
 "random8-cvault75": lambda: chars(c75, 8),
 "random8-lower": lambda: chars(string.ascii_lowercase, 8),
 "random12-94": lambda: chars(p94, 12),
 "random12-alnum": lambda: chars(an, 12),
 "random12-lower": lambda: chars(string.ascii_lowercase, 12),
 "eff4-hyphen": lambda: phrase(4, "-"),
 "eff4-gen": lambda: phrase(4),
 "eff4-space-caps": lambda: phrase(4, " ", True),
 "eff5-gen": lambda: phrase(5),
 "eff5-mixed": lambda: phrase(5, secrets.choice(" -._"), True),
}
for k, f in kinds.items():
    with open(f"{d}/{k}", "w") as o:
        for _ in range(n):
            o.write(f() + "\n")
PY
for f in "$T"/*; do
	k=$(basename "$f")
	c=$("$CV" strength < "$f" | grep -c '^ACCEPT' || true)
	p=$("$CV" strength --passphrase < "$f" | grep -c '^ACCEPT' || true)
	bc=-1 bp=-1
	if [ -n "$BEFORE" ]; then
		bc=$("$BEFORE" strength < "$f" | grep -c '^ACCEPT' || true)
		bp=$("$BEFORE" strength --passphrase < "$f" |
		    grep -c '^ACCEPT' || true)
	fi
	awk -v k="$k" -v c="$c" -v p="$p" -v n="$N" -v bc="$bc" -v bp="$bp" '
	BEGIN {
		printf "%-18s %6.2f%% %6.2f%%", k, 100 * c / n, 100 * p / n
		if (bc >= 0)
			printf "   before %6.2f%% %6.2f%%", 100 * bc / n,
			    100 * bp / n
		printf "\n"
	}'
done
