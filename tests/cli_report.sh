#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/cli_report.sh - `cvault report`, the annual review: a vault seeded
# so that each finding names known entries (a weak one stored with
# --allow-weak, a reused pair, a breached one through a small HIBP list,
# a service that offers 2FA with none recorded, others whose TOTP key,
# recovery codes or 2FA device count as recorded, entries with no URL,
# titles with HTML and terminal control characters); each finding names
# EXACTLY those entries, in text and JSON; no secret (password, TOTP key,
# recovery codes) appears in any format; the age threshold; --out; the
# report through escrow logs no reveal. Prints TAP.
set -u
. tests/tap.sh

CLERK='saddle-prism-otter-cavern'
P_CHAIR='harbor-quill-sprocket-lava' P_DEPUTY='tundra-falcon-opal-ledger'
V="-f v --passphrase-fd 0"
S32=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA
ESC=$(printf '\033')
EVIL="Evil${ESC}[2J title"
REUSED='qVsVRAJ.yqhZ3UdD'
BREACHED='Zq8#vL2!mW9pR4tY'
# Every secret stored below, one a line (checked against every output).
cat > secrets <<EOF
1234
$REUSED
$BREACHED
Zp7.kq2-Wm9x!Lr4
Hv3\$Tn8@Qe5#Ys1b
Rk6^Md2*Wf9&Lc4p
Bq5!Xz8%Np3@Vt7m
Jw4#Gs9\$Kd2^Pf6n
Ty8&Lm3!Hc5%Qb9w
Fn2@Rv7#Zx4\$Wk8s
$S32
rc-1111-aaaa
rc-2222-bbbb
EOF

clerk() { run sh -c "printf '%s\n' '$CLERK' | '$CV' $V $*"; }
# add TITLE PASSWORD [OPTIONS]: the password (and any further lines in
# $MORE) on standard input after the clerk's passphrase
add() {
	t=$1 p=$2
	shift 2
	printf '%s\n' "$CLERK" "$p" ${MORE:+"$MORE"} > in
	"$CV" $V add "$t" "$@" < in > out 2> err
	rc=$?
	MORE=
}

run sh -c "printf '%s\n' '$CLERK' '$P_CHAIR' '$P_DEPUTY' | '$CV' $V init --council 'Little Snoring PC' $KDF --holder chair='G. Walker' --holder deputy='P. Jones' --threshold 2"
is "init with chair and deputy (2 of 2)" 0
MORE=
add 'Weak PIN' 1234 --url https://weak.example.org --allow-weak
is "a weak PIN stored with --allow-weak" 0
add 'Shared A' "$REUSED" --url https://a.example.org
add 'Shared B' "$REUSED" --url https://b.example.org/login
add 'Breached' "$BREACHED" --url https://breached.example.org
add 'Gmail' 'Zp7.kq2-Wm9x!Lr4' --url https://mail.google.com/mail/u/0
MORE="otpauth://totp/M365:clerk?secret=$S32&issuer=Microsoft"
add 'Microsoft 365' 'Hv3$Tn8@Qe5#Ys1b' --url https://www.office.com --totp -
MORE='rc-1111-aaaa rc-2222-bbbb'
add 'PayPal' 'Rk6^Md2*Wf9&Lc4p' --url https://www.paypal.com/signin --recovery-codes -
add 'GitHub' 'Bq5!Xz8%Np3@Vt7m' --url github.com --2fa-device 'the council phone'
add 'no url' 'Jw4#Gs9$Kd2^Pf6n'
add 'Hall <b>hire</b> & "co"' 'Ty8&Lm3!Hc5%Qb9w'
is "entries for every finding" 0
# A title with a control character is refused on input (issue 9), so it
# can never reach the report; older vaults' titles are escaped on output
# by the one helper every format uses (tests/t_text.c, tests/cli.sh).
add "$EVIL" 'Fn2@Rv7#Zx4$Wk8s' --url https://evil.example.org
is "a title with a control character is refused (usage)" 2
clerk ls
[ "$(wc -l < out)" -eq 10 ] && pass "10 entries" || fail "10 entries"

# The HIBP list: SHA-1 upper-case hex:COUNT, sorted; only BREACHED is in
# it (the others are hashes of made-up strings).
hash() { printf '%s' "$1" | sha1sum | cut -c1-40 | tr a-f A-F; }
{ echo "$(hash "$BREACHED"):42"; echo "$(hash not-stored-1):7"
  echo "$(hash not-stored-2):3"; } | LC_ALL=C sort > pwned.txt
clerk config hibp pwned.txt
is "config hibp" 0

# section KEY: the titles of finding KEY in ./report.json, one a line
section() {
	python3 -c '
import json, sys
d = json.load(open("report.json"))
v = d["findings"][sys.argv[1]]
for x in v or []:
    if isinstance(x, list):
        print("|".join(x))
    elif isinstance(x, dict):
        print(x["title"])
    else:
        print(x)' "$1"
}
# text_section N: the "  - " lines of section N. of ./report.txt
text_section() {
	awk -v n="$1." '$1 == n { on = 1; next }
	    /^[0-9]+\. / || /^THE KEYS/ { on = 0 }
	    on && /^ *- / { sub(/^ *- /, ""); print }' report.txt
}
expect() {	# expect NAME WANT...: ./got is exactly the lines WANT
	name=$1; shift
	if [ $# -eq 0 ]; then : > want; else lines "$@" > want; fi
	if diff want got > /dev/null; then pass "$name"
	else fail "$name"; diff want got | sed 's/^/#   /'; fi
}

# --- JSON -----------------------------------------------------------------
clerk --json report
is "report --json" 0
cp out report.json
python3 -m json.tool report.json > /dev/null 2>&1 &&
    pass "valid JSON (python3 -m json.tool)" || fail "valid JSON"
section refused > got; expect "JSON refused: exactly Weak PIN" 'Weak PIN'
section weak > got; expect "JSON weak: exactly Weak PIN" 'Weak PIN'
section reused > got; expect "JSON reused: one group, Shared A and B" 'Shared A|Shared B'
section old > got; expect "JSON old: none at the default 365 days"
section breached > got; expect "JSON breached: exactly Breached" 'Breached'
section no_second_factor > got
expect "JSON no second factor: exactly Gmail (TOTP, recovery codes, device count)" 'Gmail'
section no_url > got; expect "JSON no URL: exactly the two" 'Hall <b>hire</b> & "co"' 'no url'
python3 -c '
import json
d = json.load(open("report.json"))
s = d["summary"]
assert s["entries"] == 10 and s["refused"] == 1 and s["weak"] == 1
assert s["reused"] == 2 and s["reused_groups"] == 1 and s["old"] == 0
assert s["breached"] == 1 and s["no_second_factor"] == 1 and s["no_url"] == 2
g = d["findings"]["no_second_factor"][0]
assert g["domain"] == "mail.google.com" and "totp" in g["methods"]
k = d["keys"]
assert k["escrow"]["threshold"] == 2 and k["escrow"]["holders"] == 2
assert [h["role"] for h in k["escrow"]["holder_list"]] == ["chair", "deputy"]
assert all(h["last_escrow_opening"] is None for h in k["escrow"]["holder_list"])
assert k["kdf"]["memory_kib"] == 8192 and k["kdf"]["meets_recommendation"] is False
assert d["council"] == "Little Snoring PC" and d["breach_list"] is True
' 2> pyerr && pass "JSON summary counts, 2FA domain, keys, KDF" ||
    { fail "JSON summary counts"; sed 's/^/#   /' pyerr; }

# --- text -----------------------------------------------------------------
clerk report
is "report (text)" 0
cp out report.txt
text_section 1 > got; expect "text refused: exactly Weak PIN" 'Weak PIN'
text_section 2 > got; expect "text weak: exactly Weak PIN" 'Weak PIN'
text_section 3 > got; expect "text reused: Shared A and B" 'Shared A' 'Shared B'
text_section 4 > got; expect "text old: none"
text_section 5 > got; expect "text breached: exactly Breached" 'Breached'
text_section 6 > got; expect "text no second factor: exactly Gmail" 'Gmail (mail.google.com offers phone calls, its own app, text messages, an authenticator app, security keys)'
text_section 7 > got; expect "text no URL: exactly the two" 'Hall <b>hire</b> & "co"' 'no url'
clerk --json report --format text
cmp -s out report.txt && pass "--format text wins over --json" || fail "--format text over --json"

# --- the age threshold ------------------------------------------------------
clerk config max-age-days 0
is "config max-age-days 0" 0
clerk config max-age-days
same "config shows it" 0
clerk report --format json
cp out report.json
section old > got
expect "age 0: every password is listed for review" 'Breached' 'GitHub' 'Gmail' 'Hall <b>hire</b> & "co"' 'Microsoft 365' 'no url' 'PayPal' 'Shared A' 'Shared B' 'Weak PIN'
clerk report
cp out report.txt
clerk config max-age-days 36501
is "config max-age-days out of range: usage" 2
clerk config max-age-days soon
is "config max-age-days not a number: usage" 2

# --- HTML -----------------------------------------------------------------
clerk report --format html
is "report --format html" 0
cp out report.html
head -1 report.html | grep -q '^<!DOCTYPE html>' && grep -q '<html lang="en">' report.html &&
    pass "HTML: doctype and lang" || fail "HTML doctype and lang"
! grep -qi '<script\|src=\|href=\|@import\|url(' report.html &&
    pass "HTML: no script and no external resource" || fail "HTML external"
grep -q 'Hall &lt;b&gt;hire&lt;/b&gt; &amp; &quot;co&quot;' report.html &&
    ! grep -q '<b>hire' report.html && pass "HTML escapes titles" || fail "HTML escapes titles"
grep -q '<th scope="col">' report.html && grep -q '@page{size:A4' report.html &&
    grep -q 'break-before:page' report.html &&
    pass "HTML: table headers with scope, A4 print CSS, page breaks" || fail "HTML structure"
python3 -c '
import html.parser, sys
class P(html.parser.HTMLParser):
    def __init__(s):
        super().__init__(); s.stack = []; s.bad = 0
    def handle_starttag(s, t, a):
        if t not in ("meta", "br"): s.stack.append(t)
    def handle_endtag(s, t):
        if not s.stack or s.stack.pop() != t: s.bad += 1
p = P(); p.feed(open("report.html").read())
sys.exit(1 if p.bad or p.stack else 0)' && pass "HTML: tags balanced" || fail "HTML tags balanced"

clerk config max-age-days --clear
is "config max-age-days --clear" 0
clerk config max-age-days
same "back to the default" '365 (the default)'

# --- no secret in any output ---------------------------------------------
clerk report --format json
cp out report.json
leaks=0
for f in report.txt report.json report.html; do
	while IFS= read -r s; do
		if grep -qF -- "$s" "$f"; then
			leaks=$((leaks + 1)); echo "# a secret is in $f"
		fi
	done < secrets
done
[ "$leaks" -eq 0 ] && pass "no password, TOTP key or recovery code in text, JSON or HTML ($(wc -l < secrets) secrets x 3 formats)" ||
    fail "secrets leaked: $leaks"
lower=$(echo "$S32" | tr A-Z a-z)
! grep -qiF "$lower" report.txt report.json report.html &&
    pass "nor the TOTP key in lower case" || fail "TOTP key lower case"

# --- --out ----------------------------------------------------------------
clerk report --format html --out review.html
is "--out FILE" 0
[ ! -s out ] && [ "$(stat -c %a review.html)" = 600 ] &&
    pass "--out: nothing on stdout, the file is mode 0600" || fail "--out mode"
cp review.html before.html
clerk report --out review.html
is "--out refuses an existing file (error)" 1
grep -q '^cvault: report: review.html already exists' err && cmp -s review.html before.html &&
    pass "one-line message; the file is untouched" || fail "--out existing"
ln -s elsewhere.txt link.txt
clerk report --out link.txt
is "--out refuses a symbolic link" 1
[ ! -e elsewhere.txt ] && pass "nothing written through the link" || fail "link followed"
clerk report --format pdf
is "--format pdf is a usage error" 2
grep -q '^cvault: report: --format is text, html or json' err &&
    pass "one-line message for a bad format" || fail "bad format message"

# --- through escrow -------------------------------------------------------
clerk --json log
reveals=$(grep -o '"event":"reveal"' out | wc -l)
run sh -c "printf '%s\n' '$P_CHAIR' '$P_DEPUTY' | '$CV' $V --escrow chair,deputy report --format json"
is "chair and deputy make the report through escrow" 0
cp out escrow.json
python3 -c '
import json
d = json.load(open("escrow.json"))
assert d["escrow_session"] is True
assert d["findings"]["refused"] == ["Weak PIN"]
o = d["keys"]["escrow_openings"]
assert len(o) == 1 and o[0]["actor"] == "escrow: chair, deputy"
' && pass "escrow report: same findings; the opening is listed" || fail "escrow report"
clerk --json log
[ "$(grep -o '"event":"reveal"' out | wc -l)" -eq "$reveals" ] &&
    pass "the report logs no reveal" || fail "reveal logged by report"
grep -q '"event":"open","escrow":true,"actor":"escrow: chair, deputy"' out &&
    pass "the escrow opening itself is recorded" || fail "escrow opening recorded"
clerk --json report
python3 -c '
import json
d = json.load(open("/dev/stdin"))
h = d["keys"]["escrow"]["holder_list"]
assert all(x["last_escrow_opening"] for x in h)
assert all(x["share_check_recorded"] is False for x in h)
' < out && pass "each holder's last escrow opening is shown" || fail "holder last opening"
clerk report
tr '\n' ' ' < out | tr -s ' ' | grep -q "cvault escrow verify-share' opens nothing and is not recorded" &&
    pass "the text says a share check is not recorded" || fail "verify-share note"

# --- a breach list that cannot be read ----------------------------------------
clerk --hibp missing.txt report
is "--hibp with a missing file: error (exit 1)" 1
[ ! -s out ] && grep -q '^cvault: report: cannot search the breached-password list missing.txt' err &&
    [ "$(grep -c "^cvault: report:" err)" -eq 1 ] && pass "nothing printed, one-line error naming the list" ||
    fail "missing breach list message"

# --- damage ---------------------------------------------------------------
cp v v2
sqlite3 v2 "DELETE FROM entry WHERE id = (SELECT min(id) FROM entry)"
run sh -c "printf '%s\n' '$CLERK' | '$CV' -f v2 --passphrase-fd 0 report"
is "a removed row: the report refuses (exit 5)" 5
[ ! -s out ] && grep -q '^cvault: report: ' err && pass "nothing printed, one-line error" ||
    fail "damage output"

tap_end
