#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/cli_hardening.sh - the built program and shared library carry the
# hardening the Makefile asks for (issue 9): a position-independent
# executable, full RELRO (a GNU_RELRO segment and BIND_NOW), a stack that
# is not executable, the stack protector, and fortified libc calls
# (__*_chk, from _FORTIFY_SOURCE). Read with readelf from the ELF files.
#
# Each property is required when the flag behind it was used: the
# Makefile writes the flags this compiler accepted to
# $BUILD/hardening.txt, and a flag it did not accept is reported as a
# comment, not tested. Nothing is skipped for the sanitizer build (make
# check): every property holds there too (checked with gcc 12).
set -u
. tests/tap.sh

BIN=${CVAULT_REAL:-$CV}         # make memcheck runs $CV under valgrind
DIR=$(dirname "$BIN")
SO=$DIR/libvault.so
FLAGS=$DIR/hardening.txt

command -v readelf >/dev/null && pass "readelf is available (binutils)" ||
    fail "readelf is available (binutils: apt-get install binutils)"
[ -f "$FLAGS" ] && pass "the build recorded its hardening flags" ||
    fail "the build recorded its hardening flags ($FLAGS)"
# used FLAG: the build took FLAG (without the record, everything is expected)
used() { [ ! -f "$FLAGS" ] || grep -qxF -e "$1" "$FLAGS"; }
for f in -D_FORTIFY_SOURCE=3 -fstack-protector-strong -fstack-clash-protection \
    -fcf-protection -Wl,-z,relro -Wl,-z,now -Wl,-z,noexecstack -pie; do
	used "$f" || echo "# $f: not accepted by this compiler, so not built with it"
done
readelf -hW "$BIN" > hdr 2>&1
readelf -lW "$BIN" > seg 2>&1
readelf -dW "$BIN" > dyn 2>&1
readelf --dyn-syms -W "$BIN" > syms 2>&1

if used -pie; then
	grep -q 'Type: *DYN' hdr && grep -q 'FLAGS_1.*PIE' dyn &&
	    pass "cvault is a position-independent executable (DYN, PIE)" ||
	    fail "cvault is a position-independent executable (DYN, PIE)"
fi
if used -Wl,-z,relro; then
	grep -q GNU_RELRO seg && pass "cvault has a GNU_RELRO segment" ||
	    fail "cvault has a GNU_RELRO segment"
fi
if used -Wl,-z,now; then
	grep -q -e 'BIND_NOW' -e 'FLAGS_1.*NOW' dyn &&
	    pass "cvault binds every symbol at load (BIND_NOW): full RELRO" ||
	    fail "cvault binds every symbol at load (BIND_NOW): full RELRO"
fi
if used -Wl,-z,noexecstack; then
	grep -q 'GNU_STACK.* RW  ' seg && ! grep -q 'GNU_STACK.*RWE' seg &&
	    pass "cvault's stack is not executable" ||
	    fail "cvault's stack is not executable"
fi
if used -fstack-protector-strong; then
	grep -q '__stack_chk_fail' syms && pass "cvault uses the stack protector" ||
	    fail "cvault uses the stack protector"
fi
if used -D_FORTIFY_SOURCE=3; then
	kinds=$(grep -o '__[a-z_]*_chk\b' syms | grep -v __stack_chk | sort -u | wc -l)
	[ "$kinds" -gt 0 ] && pass "cvault calls fortified libc functions ($kinds kinds of __*_chk)" ||
	    fail "cvault calls fortified libc functions (__*_chk)"
fi

readelf -lW "$SO" > seg 2>&1
readelf -dW "$SO" > dyn 2>&1
if used -Wl,-z,relro && used -Wl,-z,now; then
	grep -q GNU_RELRO seg && grep -q -e 'BIND_NOW' -e 'FLAGS_1.*NOW' dyn &&
	    pass "libvault.so has full RELRO (GNU_RELRO, BIND_NOW)" ||
	    fail "libvault.so has full RELRO (GNU_RELRO, BIND_NOW)"
fi
if used -Wl,-z,noexecstack; then
	grep -q 'GNU_STACK.* RW  ' seg && ! grep -q 'GNU_STACK.*RWE' seg &&
	    pass "libvault.so's stack is not executable" ||
	    fail "libvault.so's stack is not executable"
fi

# The hardened program still runs.
run "$CV" --version
is "the hardened cvault runs" 0

tap_end
