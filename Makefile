# Chapeau — two commands: `make test` runs every test, `make demo` shows the product working.
SHELL := /bin/bash
SWIFT ?= swift
BIN := .build/debug/chapeau
DEMO_DIR ?= demo
SYSTEM_PACKAGES := libsqlite3-dev libcurl4-openssl-dev

.PHONY: all deps build test demo clean

all: build

# Installs the C libraries Chapeau links against when they are missing (as root or with sudo),
# and otherwise stops with one line saying what to install.
deps:
	@missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else echo "error: install these packages first: sudo apt-get install$$missing"; exit 1; fi; \
	fi

build: deps
	$(SWIFT) build

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

# A workspace with a few supporters, gifts in EUR and a complementary unit, a pledge, an offer
# through its lifecycle, a need, an expense and a void; then `list` and `verify`.
demo: build
	@rm -rf "$(DEMO_DIR)" && mkdir -p "$(DEMO_DIR)"
	@set -e; bin="$(abspath $(BIN))"; cd "$(DEMO_DIR)"; export CHAPEAU_NOW=2026-11-20T10:00:00Z; \
	run() { line=""; for a in "$$@"; do case "$$a" in *[\ \'\"]*) line="$$line \"$$a\"";; *) line="$$line $$a";; esac; done; \
	  printf '\n\033[1m$$ chapeau%s\033[0m\n' "$$line"; "$$bin" "$$@"; }; \
	run init --author "Camille Martin"; \
	run supporter add marie --name "Marie Dupont" --email marie@example.org --visibility public; \
	run supporter add lecteur42; \
	run supporter add discret --visibility anonymous; \
	run gift add "12,50 €" --from marie --channel bank --date 2026-11-02; \
	run gift add "€20" --from lecteur42 --channel paypal --date 2026-11-05; \
	run gift add "1 234,56" --channel bank --date 2026-11-06 --note "virement d'une association"; \
	run gift add "3 PTJ" --from discret --channel cash --date 2026-11-07; \
	run pledge add "5 €" --every month --from lecteur42 --start 2026-08-05; \
	run gift add 5 --from lecteur42 --pledge p-1 --date 2026-08-05 --channel liberapay; \
	run gift add 5 --from lecteur42 --pledge p-1 --date 2026-09-06 --channel liberapay; \
	run offer add "Relecture du prochain livre" --kind skill --from marie --quantity "6 h" --value "120 €"; \
	run offer accept o-1 --date 2026-11-10; \
	run offer deliver o-1 --date 2026-11-18; \
	run need add "Loyer du bureau" "350 €" --every month --start 2026-01-01; \
	run expense add "Hébergement du site" "9,99 €" --category hosting --date 2026-11-03; \
	run void g-2 --reason "enregistré deux fois"; \
	run gift add "20 €" --from lecteur42 --channel paypal --date 2026-11-05 --ref PAYPAL-7731; \
	run list; \
	run list gifts --period 2026-11 --json; \
	run pledge overdue; \
	run verify; \
	run report build 2026-11 --now 2026-12-01T08:00:00Z; \
	run report list --now 2026-12-01T08:00:00Z; \
	printf '\nWhere to look:\n  the November report, for a phone or a browser: %s/Reports/2026-11/index.html\n' "$$(pwd)"; \
	printf '  the same as a blog post: Reports/2026-11/report.md; the feed: Reports/feed.atom; the badge: Reports/badge.svg\n'; \
	printf '  the ledger: data/ledger.sqlite (mode %s), hash-chained; try: cd %s && %s --help\n' \
	  "$$(stat -c %a data/ledger.sqlite)" "$(DEMO_DIR)" "$$bin"

# Benchmarks B1–B5 of /work/shared/BENCHMARKS.md: a release build with the Swift runtime linked
# statically (faster start-up), then Tests/Bench/bench.py. Prints ratios, never fails on a time.
# BENCH_N=100000,1000000 chooses the sizes; BENCH_ONLY=B1,B4 the workloads; results in .bench/.
.PHONY: bench
bench: deps
	@$(SWIFT) build -c release --scratch-path .build-bench --static-swift-stdlib \
	  || { echo "bench: --static-swift-stdlib did not link; building with the dynamic Swift runtime"; \
	       $(SWIFT) build -c release --scratch-path .build-bench; }
	@command -v python3 >/dev/null || { echo "error: make bench needs python3"; exit 1; }
	python3 Tests/Bench/bench.py

clean:
	rm -rf .build "$(DEMO_DIR)"
