# jilu — plain Makefile: pkg-config, -MMD -MP, warnings as errors.
#   make          build ./jilu
#   make run      install what is missing, build, open the demo database
#   make test     install what is missing, build, run every test
#   make asan     unit and command-line tests under ASan + UBSan
#   make bench    benchmarks (print figures; not tests)

PKGS      := ncursesw sqlite3 libssh libcjson libcrypto
CC        ?= cc
OPT       ?= -O2 -g
CFLAGS    += -std=c11 -D_GNU_SOURCE $(OPT) -Wall -Wextra -Werror -Wshadow \
             -Wstrict-prototypes -Wmissing-prototypes -Wno-missing-field-initializers \
             -I. -MMD -MP $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
# libunistring ships no pkg-config file on Debian 12: linked by name.
LDLIBS    += $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lunistring -lm
CORE_LIBS := $(shell pkg-config --libs sqlite3 libcjson libcrypto libssh 2>/dev/null) -lunistring -lm
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
JILU      := $(if $(filter build,$(B)),jilu,$(B)/jilu)

PREFIX    ?= /usr/local
DEMO_DB   ?= demo/jilu.db

.PHONY: all deps run test unit cli asan bench install clean demo
all: $(JILU)

deps:
	@.ci/deps

$(B)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -c -o $@ $<

$(B)/libjilucore.a: $(CORE_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(JILU): $(TUI_OBJ) $(B)/libjilucore.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(TUI_OBJ) $(B)/libjilucore.a $(LDLIBS)

$(B)/tests/%: tests/unit/%.c $(B)/libjilucore.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(B)/libjilucore.a $(CORE_LIBS) $(TEST_LIBS)

$(B)/bench/%: bench/%.c $(B)/libjilucore.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(B)/libjilucore.a $(CORE_LIBS)

# The unit tests run from the top of the tree (they read forms/).
unit: $(UNIT_BIN)
	@tests/run-unit $(UNIT_BIN)

cli: $(JILU)
	@JILU=$(abspath $(JILU)) tests/cli/run

test: deps
	@$(MAKE) --no-print-directory all unit cli

asan: deps
	@$(MAKE) --no-print-directory B=build-asan \
	  OPT="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	  LDFLAGS="-fsanitize=address,undefined" unit cli

demo: $(JILU)
	@tests/demo-db $(DEMO_DB)

run: deps
	@$(MAKE) --no-print-directory all demo
	@echo "== jilu --db $(DEMO_DB) action list"
	@./jilu --db $(DEMO_DB) action list
	@echo; echo "== jilu --db $(DEMO_DB) record show 1"
	@./jilu --db $(DEMO_DB) record show 1
	@echo; echo "== jilu --db $(DEMO_DB) check 3"
	@./jilu --db $(DEMO_DB) check 3 || true
	@echo; echo "Try: export JILU_DB=$(DEMO_DB) JILU_OFFICER=demo01; ./jilu --help"

bench: $(BENCH_BIN) $(JILU)
	@for b in $(BENCH_BIN); do $$b || exit 1; done
	@bench/sync.sh

install: $(JILU)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/jilu/forms
	install -m 755 jilu $(DESTDIR)$(PREFIX)/bin/jilu
	install -m 644 forms/*.json $(DESTDIR)$(PREFIX)/share/jilu/forms/

clean:
	rm -rf build build-asan jilu demo

-include $(CORE_OBJ:.o=.d) $(TUI_OBJ:.o=.d)
