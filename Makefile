# jilu — plain Makefile: pkg-config, -MMD -MP, warnings as errors.
#   make          build ./jilu
#   make run      install what is missing, build, open the demo database
#   make test     install what is missing, build, run every test
#   make asan     unit and command-line tests under ASan + UBSan
#   make test-future  unit and command-line tests with the clock 9 years ahead
#   make bench    benchmarks (print figures; not tests)
#   make core-alone  prove core/ needs no flag or header of the tui packages
#   make fuzz     each libFuzzer harness of fuzz/ for FUZZ_SECONDS (default 60)

# core/ is built with its own packages' flags only: it never includes a
# screen or network header, and must build where those are not installed
# (`make core-alone` proves it). tui/ adds its own.
CORE_PKGS := sqlite3 libcjson libcrypto
TUI_PKGS  := ncursesw libssh
CC        ?= cc
OPT       ?= -O2 -g
WARN      := -std=c11 -D_GNU_SOURCE $(OPT) -Wall -Wextra -Werror -Wshadow \
             -Wstrict-prototypes -Wmissing-prototypes -Wno-missing-field-initializers \
             -I. -MMD -MP
CORE_CFLAGS := $(WARN) $(shell pkg-config --cflags $(CORE_PKGS) 2>/dev/null) $(CFLAGS)
TUI_CFLAGS  := $(WARN) -pthread $(shell pkg-config --cflags $(CORE_PKGS) $(TUI_PKGS) 2>/dev/null) $(CFLAGS)
TEST_CFLAGS := $(CORE_CFLAGS) $(shell pkg-config --cflags cmocka 2>/dev/null)
# libunistring (core/text.c) ships no pkg-config file on Debian 12: linked
# by name; its header is in the default include path.
CORE_LIBS := $(shell pkg-config --libs $(CORE_PKGS) 2>/dev/null) -lunistring -lm -pthread
LDLIBS    += $(shell pkg-config --libs $(TUI_PKGS) 2>/dev/null) $(CORE_LIBS)
TEST_LIBS := $(shell pkg-config --libs cmocka 2>/dev/null)

B         ?= build
CORE_SRC  := $(sort $(wildcard core/*.c))
TUI_SRC   := $(sort $(wildcard tui/*.c))
UNIT_SRC  := $(sort $(wildcard tests/unit/test_*.c))
BENCH_SRC := $(sort $(wildcard bench/*.c))
CORE_OBJ  := $(CORE_SRC:%.c=$(B)/%.o)
TUI_OBJ   := $(TUI_SRC:%.c=$(B)/%.o)
UNIT_BIN  := $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)
BENCH_BIN := $(BENCH_SRC:bench/%.c=$(B)/bench/%)
FUZZ_NAMES:= $(sort $(patsubst fuzz/fuzz_%.c,%,$(wildcard fuzz/fuzz_*.c)))
REPLAY_BIN:= $(FUZZ_NAMES:%=$(B)/fuzz/replay_%)
FUZZ_BIN  := $(FUZZ_NAMES:%=$(B)/fuzz/%-fuzzer)
JILU      := $(if $(filter build,$(B)),jilu,$(B)/jilu)

PREFIX    ?= /usr/local
DEMO_DB   ?= demo/jilu.db

.PHONY: all deps run test test-future unit cli asan bench install clean demo core-alone core-alone-check \
	fuzz fuzz-bin
all: $(JILU)

deps:
	@.ci/deps

$(B)/core/%.o: core/%.c
	@mkdir -p $(@D)
	$(CC) $(CORE_CFLAGS) -c -o $@ $<

$(B)/tui/%.o: tui/%.c
	@mkdir -p $(@D)
	$(CC) $(TUI_CFLAGS) -c -o $@ $<

$(B)/libjilucore.a: $(CORE_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(JILU): $(TUI_OBJ) $(B)/libjilucore.a
	$(CC) $(TUI_CFLAGS) $(LDFLAGS) -o $@ $(TUI_OBJ) $(B)/libjilucore.a $(LDLIBS)

$(B)/tests/%: tests/unit/%.c $(B)/libjilucore.a
	@mkdir -p $(@D)
	$(CC) $(TEST_CFLAGS) $(LDFLAGS) -o $@ $< $(B)/libjilucore.a $(CORE_LIBS) $(TEST_LIBS)

$(B)/bench/%: bench/%.c $(B)/libjilucore.a
	@mkdir -p $(@D)
	$(CC) $(CORE_CFLAGS) $(LDFLAGS) -o $@ $< $(B)/libjilucore.a $(CORE_LIBS)

# Proves core/ stands alone: pkg-config is shown only core's packages (as on
# a machine without the curses or libssh headers), and with the flags it then
# gives every core file must compile, and none may reach a curses or libssh
# header.
core-alone:
	@rm -rf $(B)/core-alone && mkdir -p $(B)/core-alone
	@for p in $(CORE_PKGS); do \
	  ln -s "$$(pkg-config --variable=pcfiledir $$p)/$$p.pc" $(B)/core-alone/ || exit 1; \
	done
	@PKG_CONFIG_LIBDIR=$(abspath $(B)/core-alone) PKG_CONFIG_PATH= \
	  $(MAKE) --no-print-directory -f $(firstword $(MAKEFILE_LIST)) core-alone-check

core-alone-check:
	@bad=0; for f in $(CORE_SRC); do \
	  $(CC) $(filter-out -MMD -MP,$(CORE_CFLAGS)) -fsyntax-only $$f || { bad=1; continue; }; \
	  deps=$$($(CC) $(filter-out -MMD -MP,$(CORE_CFLAGS)) -M -MT x $$f) || { bad=1; continue; }; \
	  hit=$$(printf '%s\n' $$deps | grep -E '(n?curses|term|libssh|ssh)[^/]*\.h$$'); \
	  if [ -n "$$hit" ]; then echo "core-alone: $$f includes $$hit" >&2; bad=1; fi; \
	done; \
	[ $$bad = 0 ] && echo "core-alone: core/ compiles with only $(CORE_PKGS) visible"

# The unit tests run from the top of the tree (they read forms/).
unit: $(UNIT_BIN)
	@tests/run-unit $(UNIT_BIN)

cli: $(JILU) $(REPLAY_BIN)
	@JILU=$(abspath $(JILU)) JILU_REPLAY=$(abspath $(B)/fuzz) tests/cli/run

test: deps
	@$(MAKE) --no-print-directory core-alone all unit cli

# The tests with the clock years ahead (libfaketime): tests/run-future.
# FUTURE: one or more `date -d` dates, quoted, each a whole run.
FUTURE ?= "+9 years"
test-future: deps all $(UNIT_BIN) $(REPLAY_BIN)
	@JILU=$(abspath $(JILU)) JILU_REPLAY=$(abspath $(B)/fuzz) tests/run-future $(UNIT_BIN) -- $(FUTURE)

# gcc leaves float-cast-overflow out of `undefined`: a double beyond an
# integer type's range cast to it would pass unseen (issue 11).
SAN := -fsanitize=address,undefined,float-cast-overflow
asan: deps
	@$(MAKE) --no-print-directory B=build-asan \
	  OPT="-O1 -g $(SAN) -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	  LDFLAGS="$(SAN)" unit cli

# ---- fuzzing (fuzz/README.md) --------------------------------------------
# Each fuzz/fuzz_NAME.c is linked twice: with fuzz/replay.c by the build's own
# compiler (replay_NAME: `make cli` replays fuzz/corpus/NAME/ with it, under
# ASan in `make asan`), and with libFuzzer by clang in build-fuzz/
# (NAME-fuzzer: `make fuzz`). Not part of `make test`.
FUZZ_SECONDS ?= 60
FUZZ_SAN  := -fsanitize=address,undefined,float-cast-overflow -fno-sanitize-recover=all
FUZZ_B    := build-fuzz

# The args harness drives tui/cli.c (no curses in it; cli_pin.c: the PIN
# cli_open asks for; tui/act.c: who acts, proven; cli_ref.c: the store a
# DEVICE:ID chooses; cli_readonly.c: its logged reads): tui's flags for all.
$(B)/fuzz/replay_args $(B)/fuzz/args-fuzzer: $(B)/tui/cli.o $(B)/tui/cli_pin.o $(B)/tui/act.o \
	$(B)/tui/cli_ref.o $(B)/tui/cli_readonly.o $(B)/tui/cli_hq_act.o

# The conf harness reads tui/config.c's file too.
$(B)/fuzz/replay_conf $(B)/fuzz/conf-fuzzer: $(B)/tui/config.o

$(B)/fuzz/%.o: fuzz/%.c
	@mkdir -p $(@D)
	$(CC) $(TUI_CFLAGS) -c -o $@ $<

$(B)/fuzz/replay_%: $(B)/fuzz/fuzz_%.o $(B)/fuzz/replay.o $(B)/libjilucore.a
	$(CC) $(TUI_CFLAGS) $(LDFLAGS) -o $@ $(filter %.o,$^) $(B)/libjilucore.a $(CORE_LIBS)

$(B)/fuzz/%-fuzzer: $(B)/fuzz/fuzz_%.o $(B)/libjilucore.a
	$(CC) $(TUI_CFLAGS) $(LDFLAGS) -fsanitize=fuzzer -o $@ $(filter %.o,$^) $(B)/libjilucore.a $(CORE_LIBS)

# Kept, not removed as intermediate: relinking needs them.
.SECONDARY: $(FUZZ_NAMES:%=$(B)/fuzz/fuzz_%.o) $(B)/fuzz/replay.o

fuzz-bin: $(FUZZ_BIN)

fuzz: deps
	@$(MAKE) --no-print-directory B=$(FUZZ_B) CC=clang \
	  OPT="-O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link $(FUZZ_SAN)" \
	  LDFLAGS="$(FUZZ_SAN)" fuzz-bin
	@fuzz/run $(FUZZ_B) $(FUZZ_SECONDS) $(FUZZ_NAMES)

demo: $(JILU)
	@tests/demo-db $(DEMO_DB)

# On a terminal `make run` opens the screens on the demo store; elsewhere
# (CI, a pipe) it shows the store through the command line.
run: deps
	@$(MAKE) --no-print-directory all demo
	@if [ -t 0 ] && [ -t 1 ]; then exec ./jilu --db $(DEMO_DB); fi; \
	echo "== jilu --db $(DEMO_DB) action list"; \
	./jilu --db $(DEMO_DB) action list; \
	echo; echo "== jilu --db $(DEMO_DB) record show 1"; \
	./jilu --db $(DEMO_DB) record show 1; \
	echo; echo "== jilu --db $(DEMO_DB) check 3"; \
	./jilu --db $(DEMO_DB) check 3 || true; \
	echo; echo "Try: export JILU_DB=$(DEMO_DB) JILU_OFFICER=demo01; ./jilu --help"

bench: $(BENCH_BIN) $(JILU)
	@for b in $(filter-out $(B)/bench/bench_keys,$(BENCH_BIN)); do $$b || exit 1; done
	@bench/sync.sh
	@bench/bench_screens.sh
	@bench/bench_keys.sh

install: $(JILU)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/jilu/forms
	install -m 755 jilu $(DESTDIR)$(PREFIX)/bin/jilu
	install -m 644 forms/*.json $(DESTDIR)$(PREFIX)/share/jilu/forms/
	install -d $(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(PREFIX)/share/bash-completion/completions
	install -m 644 doc/jilu.1 $(DESTDIR)$(PREFIX)/share/man/man1/jilu.1
	install -m 644 doc/jilu.bash-completion $(DESTDIR)$(PREFIX)/share/bash-completion/completions/jilu

clean:
	rm -rf build build-asan build-fuzz jilu demo

-include $(CORE_OBJ:.o=.d) $(TUI_OBJ:.o=.d) $(wildcard $(B)/fuzz/*.d)
