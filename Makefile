# SPDX-License-Identifier: ISC
# cvault: one non-recursive GNU Makefile. CFLAGS, LDFLAGS, PREFIX and DESTDIR
# are the user's; the flags cvault needs live in VCFLAGS so that overriding
# CFLAGS never drops them. Objects go under $(BUILD).

VERSION  = 0.1.0
BUILD   ?= build
PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
LIBDIR  ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
MANDIR  ?= $(PREFIX)/share/man
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
DOCDIR  ?= $(PREFIX)/share/doc/cvault
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR  ?= $(PREFIX)/share/zsh/site-functions
FISHCOMPDIR ?= $(PREFIX)/share/fish/vendor_completions.d
# The guides a user reads, installed into $(DOCDIR); the program names
# that place (the sheet's "Full steps", --help) through $(BUILD)/gen/paths.h.
USER_DOCS = README.md LICENSE docs/user-guide.md docs/emergency-access.md \
            docs/annual-review.md docs/password-policy.md docs/threat-model.md \
            docs/moving-in.md docs/backup.md docs/kdbx.md

DEPS     = libsodium sqlite3 libargon2 libqrencode liboath zbar libpng libxml-2.0 nettle zlib yajl libedit
# zxcvbn-c, libcsv and libunistring ship no .pc file in Debian;
# scripts/install-deps and the deps target check for their headers.
DEP_LIBS_EXTRA = -lzxcvbn -lcsv -lunistring -lm

# Dependencies are installed by the `deps` target, which everything that
# compiles or links depends on (order-only), never while this file is
# parsed: `make clean`, `make -n` and the like install nothing. So what
# depends on the installed packages or on the compiler is read when a
# recipe first needs it, then kept (the `= $(eval X := ...)$(X)` form):
# by then `deps` has run.
lazy = $(eval $(1) := $(2))$($(1))
, := ,
DEP_CFLAGS = $(call lazy,DEP_CFLAGS,$(shell pkg-config --cflags $(DEPS) 2>/dev/null))
LDLIBS     = $(call lazy,LDLIBS,$(shell pkg-config --libs $(DEPS) 2>/dev/null) $(DEP_LIBS_EXTRA))

# Hardening, each flag only where $(CC) accepts it (-fcf-protection is
# x86 only). _FORTIFY_SOURCE=3 needs optimisation, as level 2 did; it is
# undefined first in case the compiler or CFLAGS set another level.
# tests/cli_hardening.sh checks the result in the built binaries, using
# $(BUILD)/hardening.txt to know which flags this compiler took.
cc_has = $(shell $(CC) -Werror $(1) -x c -c /dev/null -o /dev/null \
         2>/dev/null && echo "$(1)")
ld_has = $(shell printf 'int main(void){return 0;}' | $(CC) -Werror $(1) \
         -x c - -o /dev/null 2>/dev/null && echo "$(1)")
HARDEN_CFLAGS = $(call lazy,HARDEN_CFLAGS,-U_FORTIFY_SOURCE -D_FORTIFY_SOURCE=3 \
                -fstack-protector-strong $(call cc_has,-fstack-clash-protection) \
                $(call cc_has,-fcf-protection))
HARDEN_LDFLAGS = $(call lazy,HARDEN_LDFLAGS,$(call ld_has,-Wl$(,)-z$(,)relro) \
                 $(call ld_has,-Wl$(,)-z$(,)now) $(call ld_has,-Wl$(,)-z$(,)noexecstack))
HARDEN_PIE = $(call lazy,HARDEN_PIE,$(call ld_has,-pie))

WARN    = -Wall -Wextra -Werror -Wpedantic -Wshadow -Wvla -Wformat=2 \
          -Wstrict-prototypes -Wmissing-prototypes
CFLAGS ?= -O2 -g
VCFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(WARN) -fPIC \
          -fvisibility=hidden $(HARDEN_CFLAGS) \
          -Iinclude -Ivault -I$(BUILD)/gen $(DEP_CFLAGS) $(CFLAGS)
VLDFLAGS = $(HARDEN_LDFLAGS) $(LDFLAGS)
SAN     = -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all \
          -fno-omit-frame-pointer

# One implementation of vault/os.h a system; the *_none.c stand-ins only
# in a build told to go without a library (WITHOUT="zxcvbn oath": the
# Windows build while those sources cannot be had; docs/testing.md).
WITHOUT  ?=
LIB_DROP = $(if $(WINDOWS),vault/os_posix.c,vault/os_windows.c) \
           $(if $(filter zxcvbn,$(WITHOUT)),vault/strength.c,vault/strength_none.c) \
           $(if $(filter oath,$(WITHOUT)),vault/otp/totp.c,vault/otp/totp_none.c)
LIB_SRC  = $(sort $(filter-out $(LIB_DROP),$(wildcard vault/*.c vault/otp/*.c \
           vault/import/*.c vault/export/*.c)))
# One cli/sys.h, clipboard and shell line editor a system; on Windows
# reading QR images (zbar) gives way to qr_none.c (docs/testing.md).
CLI_POSIX   = cli/sys_posix.c cli/clipboard.c cli/shell_libedit.c \
              cli/shell_complete.c cli/qr.c
CLI_WINDOWS = cli/sys_windows.c cli/clipboard_windows.c \
              cli/shell_console.c cli/qr_none.c
CLI_DROP = $(if $(WINDOWS),$(CLI_POSIX),$(CLI_WINDOWS))
CLI_SRC  = $(sort $(filter-out $(CLI_DROP),$(wildcard cli/*.c)))
TEST_SRC = $(sort $(wildcard tests/t_*.c))
EX_SRC   = $(sort $(wildcard examples/*.c))
GEN_SRC  = $(BUILD)/gen/wordlists.c

LIB_OBJ  = $(LIB_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/wordlists.o \
           $(BUILD)/gen/blocklist.o $(BUILD)/gen/phrases.o
CLI_OBJ  = $(CLI_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/twofa.o
TEST_BIN = $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
EX_BIN   = $(EX_SRC:examples/%.c=$(BUILD)/examples/%)

all: $(BUILD)/libvault.a $(BUILD)/libvault.so $(BUILD)/cvault

# Install what is missing (scripts/install-deps: Debian packages, with
# sudo when not root). Phony, and only an order-only prerequisite, so it
# never makes anything out of date.
# (A Windows build, WINDOWS=1, gets its libraries from scripts/windows.)
deps:
ifeq ($(WINDOWS),)
	@pkg-config --exists $(DEPS) 2>/dev/null && test -f /usr/include/zxcvbn.h && \
	    test -f /usr/include/csv.h && test -f /usr/include/uninorm.h && \
	    command -v sqlite3 >/dev/null && command -v python3 >/dev/null && \
	    test -f /usr/share/bash-completion/bash_completion && \
	    command -v Xvfb >/dev/null && command -v xclip >/dev/null && \
	    command -v tmux >/dev/null && command -v git >/dev/null && \
	    command -v keepassxc-cli >/dev/null || \
	    sh scripts/install-deps >&2
endif

# V=1 shows the full commands.
Q = $(if $(V),,@)

$(BUILD)/%.o: %.c include/vault.h $(wildcard vault/*.h vault/otp/*.h vault/import/*.h vault/export/*.h cli/*.h) | deps
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(VCFLAGS) -c $< -o $@

# Word lists are compiled into the library (sources: vault/data/README.md).
$(GEN_SRC): scripts/embed-wordlists vault/data/eff-large-wordlist.txt vault/data/slip39-english.txt
	@mkdir -p $(@D)
	sh scripts/embed-wordlists vault/data > $@.tmp && mv $@.tmp $@

$(BUILD)/gen/wordlists.o: $(GEN_SRC) | deps
	$(Q)$(CC) $(VCFLAGS) -c $< -o $@

# So is the blocklist of common passwords, as one sorted table.
$(BUILD)/gen/blocklist.c: scripts/embed-blocklist $(wildcard vault/data/blocklist-*.txt)
	@mkdir -p $(@D)
	sh scripts/embed-blocklist vault/data > $@.tmp && mv $@.tmp $@

$(BUILD)/gen/blocklist.o: $(BUILD)/gen/blocklist.c vault/strength.h | deps
	$(Q)$(CC) $(VCFLAGS) -c $< -o $@

# And the word frequencies and well-known phrases of the word model.
$(BUILD)/gen/phrases.c: scripts/embed-phrases vault/data/wordfreq.txt vault/data/phrases.txt
	@mkdir -p $(@D)
	sh scripts/embed-phrases vault/data > $@.tmp && mv $@.tmp $@

$(BUILD)/gen/phrases.o: $(BUILD)/gen/phrases.c vault/strength.h
	$(Q)$(CC) $(VCFLAGS) -c $< -o $@

# The 2FA directory (which services offer a second factor) is compiled
# into the program for the annual review report (cli/twofa.c).
$(BUILD)/gen/twofa.c: scripts/embed-2fa vault/data/2fa-directory.tsv
	@mkdir -p $(@D)
	sh scripts/embed-2fa vault/data/2fa-directory.tsv > $@.tmp && mv $@.tmp $@

$(BUILD)/gen/twofa.o: $(BUILD)/gen/twofa.c cli/twofa.h
	$(Q)$(CC) $(VCFLAGS) -Icli -c $< -o $@

$(BUILD)/libvault.a: $(LIB_OBJ)
	@rm -f $@
	$(Q)$(AR) rcs $@ $^

$(BUILD)/libvault.so: $(LIB_OBJ)
	$(Q)$(CC) -shared -Wl,-soname,libvault.so.0 $(VLDFLAGS) -o $@ $^ $(LDLIBS)

# Where the guides are installed, compiled in. Rewritten only when the
# value changes (so `make install PREFIX=/usr` rebuilds what names it).
$(BUILD)/gen/paths.h: FORCE
	@mkdir -p $(@D)
	@printf '#define CVAULT_DOCDIR "%s"\n' '$(DOCDIR)' > $@.tmp
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi

$(BUILD)/cli/main.o $(BUILD)/cli/sheet.o $(BUILD)/cli/unlock.o: $(BUILD)/gen/paths.h

FORCE:

$(BUILD)/cvault: $(CLI_OBJ) $(BUILD)/libvault.a
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(HARDEN_PIE) $(VLDFLAGS) -o $@ $(CLI_OBJ) $(BUILD)/libvault.a $(LDLIBS)
	@printf '%s\n' $(HARDEN_CFLAGS) $(HARDEN_LDFLAGS) $(HARDEN_PIE) > $(BUILD)/hardening.txt

# Tests may use internal headers; they link the static library.
$(BUILD)/tests/%: tests/%.c tests/tap.h tests/testutil.h tests/seeded_rng.h $(BUILD)/libvault.a
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(VCFLAGS) -Itests $(VLDFLAGS) -o $@ $< $(BUILD)/libvault.a $(LDLIBS)

# The shell's tokenizer is part of the program; its test and fuzz target
# compile the file in.
$(BUILD)/tests/t_words $(BUILD)/fuzz-replay/fuzz_words $(BUILD)/fuzz-bin/fuzz_words: cli/words.c cli/words.h

# Examples use only <vault.h>.
$(BUILD)/examples/%: examples/%.c $(BUILD)/libvault.a
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) -std=c11 $(WARN) -Iinclude $(HARDEN_CFLAGS) $(CFLAGS) $(VLDFLAGS) -o $@ $< $(BUILD)/libvault.a $(LDLIBS)

test: all $(TEST_BIN) $(EX_BIN)
	@BUILD=$(BUILD) sh tests/run.sh

check:
	$(MAKE) BUILD=$(SAN_BUILD) CFLAGS="$(SAN)" LDFLAGS="$(SAN)" test fuzz-replay-run
	$(MAKE) abi-check

# The exported symbols are the ABI: a change to tests/abi.txt is a
# deliberate, reviewed act (`make abi-update` after changing vault.h).
abi-check: $(BUILD)/libvault.so
	@nm -D --defined-only $< | awk '$$2 == "T" {print $$3}' | sort | \
	    diff -u tests/abi.txt - && echo "abi-check: exported symbols match tests/abi.txt"

abi-update: $(BUILD)/libvault.so
	nm -D --defined-only $< | awk '$$2 == "T" {print $$3}' | sort > tests/abi.txt

demo: all
	@sh examples/demo.sh $(BUILD)/cvault

# The annual review report's HTML in headless Chromium (installs chromium
# and poppler-utils when missing: heavy, so not part of `test`).
test-chromium: all
	@CVAULT=$(BUILD)/cvault sh tests/chromium_report.sh

bench: all
	@sh tests/bench/run.sh $(BUILD)

# The Windows build, made here with Debian's mingw-w64 from Debian's own
# sources (scripts/windows/: pinned, checked, cached), and its tests under
# Wine. Work in progress: docs/testing.md, "Windows", says what it builds
# today and what it cannot yet.
windows:
	@sh scripts/windows/install-tools
	@sh scripts/windows/build build-win
test-windows: windows all
	@LINUX_BUILD=$(BUILD) sh scripts/windows/test build-win

vault.pc: vault.pc.in Makefile
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' \
	    -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' -e 's|@VERSION@|$(VERSION)|' $< > $@

install: all vault.pc
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCLUDEDIR) \
	    $(DESTDIR)$(PKGCONFIGDIR) $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(MANDIR)/man3
	install -m 0755 $(BUILD)/cvault $(DESTDIR)$(BINDIR)/cvault
	install -m 0644 $(BUILD)/libvault.a $(DESTDIR)$(LIBDIR)/libvault.a
	install -m 0755 $(BUILD)/libvault.so $(DESTDIR)$(LIBDIR)/libvault.so.0
	ln -sf libvault.so.0 $(DESTDIR)$(LIBDIR)/libvault.so
	install -m 0644 include/vault.h $(DESTDIR)$(INCLUDEDIR)/vault.h
	install -m 0644 vault.pc $(DESTDIR)$(PKGCONFIGDIR)/vault.pc
	install -m 0644 docs/cvault.1 $(DESTDIR)$(MANDIR)/man1/cvault.1
	install -m 0644 docs/vault.3 $(DESTDIR)$(MANDIR)/man3/vault.3
	mkdir -p $(DESTDIR)$(DOCDIR) $(DESTDIR)$(BASHCOMPDIR) \
	    $(DESTDIR)$(ZSHCOMPDIR) $(DESTDIR)$(FISHCOMPDIR)
	install -m 0644 $(USER_DOCS) $(DESTDIR)$(DOCDIR)/
	install -m 0644 completions/cvault.bash $(DESTDIR)$(BASHCOMPDIR)/cvault
	install -m 0644 completions/_cvault $(DESTDIR)$(ZSHCOMPDIR)/_cvault
	install -m 0644 completions/cvault.fish $(DESTDIR)$(FISHCOMPDIR)/cvault.fish

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/cvault $(DESTDIR)$(LIBDIR)/libvault.a \
	    $(DESTDIR)$(LIBDIR)/libvault.so.0 $(DESTDIR)$(LIBDIR)/libvault.so \
	    $(DESTDIR)$(INCLUDEDIR)/vault.h $(DESTDIR)$(PKGCONFIGDIR)/vault.pc \
	    $(DESTDIR)$(MANDIR)/man1/cvault.1 $(DESTDIR)$(MANDIR)/man3/vault.3 \
	    $(DESTDIR)$(BASHCOMPDIR)/cvault $(DESTDIR)$(ZSHCOMPDIR)/_cvault \
	    $(DESTDIR)$(FISHCOMPDIR)/cvault.fish
	rm -f $(addprefix $(DESTDIR)$(DOCDIR)/,$(notdir $(USER_DOCS)))
	rmdir $(DESTDIR)$(DOCDIR) 2>/dev/null || true

clean:
	rm -rf build build-win vault.pc

.PHONY: all deps test check abi-check abi-update demo bench install uninstall clean \
	test-chromium windows test-windows FORCE
.DELETE_ON_ERROR:

# --- proof suites: fuzz, faults, memcheck ---
# docs/testing.md says what each suite does, covers and leaves out.
#   make fuzz          clang + libFuzzer, FUZZ_SECONDS (60) per target
#   make fuzz-replay   the checked-in corpus through every target under gcc
#                      with ASan+UBSan (`check` runs fuzz-replay-run in its
#                      own sanitized build)
#   make faults        tamper sweep, crash consistency, full disk, read-only,
#                      concurrency, memory hygiene (sanitized build)
#   make memcheck      valgrind over the unit tests and the CLI suite
#   make fuzz-seeds    regenerate the generated seed files (then commit)
FUZZ_SECONDS ?= 60
SAN_BUILD    ?= build/san
FUZZ_BUILD   ?= build/fuzz
FUZZ_NAMES    = $(sort $(patsubst tests/fuzz/%.c,%,$(wildcard tests/fuzz/fuzz_*.c)))
FAULT_BIN     = $(patsubst tests/%.c,$(BUILD)/tests/%,$(wildcard tests/faults/*.c))

# The fault helpers are built by the tests rule above; they also use these.
$(FAULT_BIN): tests/testutil.h tests/fuzz/kdf_memo.h

# A target linked with replay.c's main (any compiler, sanitizers via CFLAGS).
$(BUILD)/fuzz-replay/%: tests/fuzz/%.c tests/fuzz/replay.c $(wildcard tests/fuzz/*.h) $(BUILD)/libvault.a
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $< (replay)")
	$(Q)$(CC) $(VCFLAGS) -Itests/fuzz $(LDFLAGS) -o $@ $< tests/fuzz/replay.c \
	    $(BUILD)/libvault.a $(LDLIBS)

# The same target linked with libFuzzer (clang only).
$(BUILD)/fuzz-bin/%: tests/fuzz/%.c $(wildcard tests/fuzz/*.h) $(BUILD)/libvault.a
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $< (libFuzzer)")
	$(Q)$(CC) $(VCFLAGS) -Itests/fuzz $(LDFLAGS) -fsanitize=fuzzer -o $@ $< \
	    $(BUILD)/libvault.a $(LDLIBS)

# -Wno-error: clang warns where gcc does not; gcc builds keep -Werror.
fuzz:
	$(MAKE) BUILD=$(FUZZ_BUILD) CC=clang LDFLAGS="$(SAN)" \
	    CFLAGS="$(SAN) -fsanitize=fuzzer-no-link -Wno-error" fuzz-run

fuzz-run: $(FUZZ_NAMES:%=$(BUILD)/fuzz-bin/%)
	@BUILD=$(BUILD) FUZZ_SECONDS=$(FUZZ_SECONDS) sh tests/fuzz/run.sh $(FUZZ_NAMES)

fuzz-replay:
	$(MAKE) BUILD=$(SAN_BUILD) CFLAGS="$(SAN)" LDFLAGS="$(SAN)" fuzz-replay-run

fuzz-replay-run: $(FUZZ_NAMES:%=$(BUILD)/fuzz-replay/%)
	@BUILD=$(BUILD) sh tests/fuzz/replay.sh $(FUZZ_NAMES)

fuzz-seeds: $(BUILD)/libvault.a
	@mkdir -p $(BUILD)/fuzz-replay $(FUZZ_NAMES:%=tests/fuzz/corpus/%)
	$(Q)$(CC) $(VCFLAGS) $(LDFLAGS) -o $(BUILD)/fuzz-replay/mkseeds \
	    tests/fuzz/mkseeds.c $(BUILD)/libvault.a $(LDLIBS)
	$(BUILD)/fuzz-replay/mkseeds
	sh tests/fuzz/seeds.sh

faults:
	$(MAKE) BUILD=$(SAN_BUILD) CFLAGS="$(SAN)" LDFLAGS="$(SAN)" faults-run

faults-run: all $(FAULT_BIN)
	@BUILD=$(BUILD) sh tests/faults/run.sh

# valgrind cannot run sanitized programs: this uses the plain $(BUILD).
memcheck: all $(TEST_BIN)
	@BUILD=$(BUILD) sh tests/faults/memcheck.sh

.PHONY: fuzz fuzz-run fuzz-replay fuzz-replay-run fuzz-seeds faults \
	faults-run memcheck
# --- end of proof suites ---
