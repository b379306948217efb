#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/chromium_report.sh - `make test-chromium`: the annual review
# report's HTML rendered by a real browser. Headless Chromium prints the
# page to PDF (A4); pdftotext gives back the text a reader sees. Checks:
# the council, the date, every section heading and the titles, shown as
# text (a title holding <b> and & is not markup), no secret, one page per
# section, and nothing fetched (the DOM holds no script). Installs the
# Debian packages chromium and poppler-utils when missing (heavy: this is
# why it is not part of `make test`). Prints TAP. Not named cli*.sh on
# purpose: tests/run.sh must not pick it up.
set -u
. tests/tap.sh

need=
command -v chromium > /dev/null 2>&1 || need="chromium"
command -v pdftotext > /dev/null 2>&1 || need="$need poppler-utils"
if [ -n "$need" ]; then
	SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
	echo "# installing$need" >&2
	$SUDO apt-get install -y -qq --no-install-recommends $need > /dev/null 2>&1 ||
	    { $SUDO apt-get update -qq > /dev/null 2>&1 &&
	    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    --no-install-recommends $need > /dev/null 2>&1; }
fi
if ! command -v chromium > /dev/null 2>&1 || ! command -v pdftotext > /dev/null 2>&1; then
	fail "chromium and pdftotext are needed (apt-get install chromium poppler-utils)"
	tap_end
	exit 1
fi

CLERK='saddle-prism-otter-cavern'
V="-f v --passphrase-fd 0"
add() { t=$1 p=$2; shift 2; printf '%s\n' "$CLERK" "$p" | "$CV" $V add "$t" "$@" > /dev/null 2>&1; }
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V init --council 'Little Snoring Parish Council' $KDF"
is "init" 0
add 'Weak PIN' 1234 --url https://weak.example.org --allow-weak
add 'Shared A' 'qVsVRAJ.yqhZ3UdD' --url https://a.example.org
add 'Shared B' 'qVsVRAJ.yqhZ3UdD' --url https://b.example.org
add 'Gmail' 'Zp7.kq2-Wm9x!Lr4' --url https://mail.google.com
add 'Hall <b>hire</b> & co' 'Ty8&Lm3!Hc5%Qb9w'
run sh -c "printf '%s\n' '$CLERK' | '$CV' $V report --format html --out review.html"
is "report --format html --out review.html" 0

# The browser, kept away from the network and from any profile.
chrome() {
	prof=$(mktemp -d "$T/profile-XXXXXX")
	timeout 120 chromium --headless --no-sandbox --disable-gpu \
	    --disable-background-networking --disable-component-update \
	    --disable-sync --no-first-run --disable-extensions \
	    --user-data-dir="$prof" "$@" 2> chrome.err
}
chrome --print-to-pdf="$T/work/review.pdf" --no-pdf-header-footer \
    "file://$T/work/review.html"
[ -s review.pdf ] && pass "Chromium prints the page to PDF" ||
    { fail "Chromium prints the page to PDF"; sed 's/^/#   /' chrome.err | tail -5; }
pdftotext -layout review.pdf review.txt 2> /dev/null
tr -s ' \n' '  ' < review.txt > flat.txt
grep -q 'Little Snoring Parish Council' flat.txt && grep -q "Date: $(date -u +%Y-%m-%d)" flat.txt &&
    pass "the council and the date are on the page" || fail "council and date"
bad=0
for h in 'Annual review of the credential vault' 'Summary' 'Findings' \
    'Passwords the policy refuses today' 'Passwords shared by several accounts' \
    'Two-factor sign-in offered but not recorded' 'Accounts with no web address' \
    'The keys' 'Escrow holders'; do
	grep -qF "$h" flat.txt || { bad=1; echo "# missing: $h"; }
done
[ "$bad" -eq 0 ] && pass "every section heading is rendered" || fail "section headings"
grep -qF 'Hall <b>hire</b> & co' flat.txt && grep -qF 'Weak PIN' flat.txt &&
    grep -qF 'Gmail (mail.google.com offers' flat.txt &&
    pass "titles are shown as text, markup characters included" || fail "titles as text"
leaks=0
for s in 1234 qVsVRAJ.yqhZ3UdD Zp7.kq2-Wm9x!Lr4 'Ty8&Lm3!Hc5%Qb9w'; do
	grep -qF -- "$s" review.txt && leaks=$((leaks + 1))
done
[ "$leaks" -eq 0 ] && pass "no password in the rendered text" || fail "$leaks passwords rendered"
[ -n "${KEEP_PDF:-}" ] && cp review.pdf "$KEEP_PDF"
pages=$(pdfinfo review.pdf 2> /dev/null | awk '/^Pages:/ { print $2 }')
size=$(pdfinfo review.pdf 2> /dev/null | awk '/^Page size:/ { print $3 "x" $5 }')
[ "${pages:-0}" -ge 3 ] && pass "each part starts a new page ($pages pages)" ||
    fail "page breaks (${pages:-0} pages)"
# A4 is 595.28 x 841.89 pt; Chromium rounds to its own units.
echo "$size" | awk -Fx '{ exit !($1 > 594 && $1 < 596.5 && $2 > 841 && $2 < 843) }' &&
    pass "A4 pages ($size pt)" || fail "A4 pages ($size pt)"
chrome --dump-dom "file://$T/work/review.html" > dom.html
grep -q '<h1>Annual review' dom.html && ! grep -qi '<script' dom.html &&
    pass "the DOM Chromium built has the report and no script" || fail "DOM"
tap_end
