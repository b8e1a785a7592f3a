# Chapeau — two commands: `make test` runs every test, `make demo` shows the product working.
SHELL := /bin/bash
SWIFT ?= swift
BIN := .build/debug/chapeau
DEMO_DIR ?= demo
SYSTEM_PACKAGES := libsqlite3-dev libcurl4-openssl-dev libqrencode-dev libpangocairo-1.0-0 fonts-dejavu-core

.PHONY: all deps build test demo clean

all: build

# Installs the C libraries Chapeau links against (and libpangocairo, loaded to write PDFs) when they are missing (as root or with sudo),
# and otherwise stops with one line saying what to install.
# What the tests read their outputs back with: zbarimg decodes the SEPA QR code that rsvg-convert draws;
# hledger checks the exported journal (check -s); systemd-analyze verifies the printed service;
# pdftotext, pdfinfo and pdffonts (poppler-utils) read back statements and receipts; hugo
# renders stamped articles as a real site does.
TEST_PACKAGES := zbar-tools librsvg2-bin hledger systemd poppler-utils hugo

deps:
	@missing=""; for p in $(SYSTEM_PACKAGES) $(EXTRA_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else echo "error: install these packages first: sudo apt-get install$$missing"; exit 1; fi; \
	fi

build: deps
	$(SWIFT) build

# What the tests read their outputs with from PyPI: feedparser (the Atom feed, as feed readers do),
# jsonschema (funding.json against its schema), beancount (bean-check). Installed when missing;
# a test whose tool is still missing fails and says how to install it.
TEST_PYTHON_MODULES := feedparser jsonschema beancount

test:
	@$(MAKE) --no-print-directory deps EXTRA_PACKAGES="$(TEST_PACKAGES)"
	@python3 -c "import feedparser, jsonschema, beancount" >/dev/null 2>&1 \
	  || python3 -m pip install --quiet $(TEST_PYTHON_MODULES) || echo "warning: could not install $(TEST_PYTHON_MODULES) (python3 -m pip install $(TEST_PYTHON_MODULES))"
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

# The showcase: `chapeau demo` builds 18 months of an independent author's ledger, sample
# articles and every report; then a short walk of the commands a treasurer uses on it.
demo: build
	@rm -rf "$(DEMO_DIR)"
	@set -e; bin="$(abspath $(BIN))"; export CHAPEAU_NOW=2026-11-20T10:00:00Z; \
	run() { line=""; for a in "$$@"; do case "$$a" in *[\ \'\"]*) line="$$line \"$$a\"";; *) line="$$line $$a";; esac; done; \
	  printf '\n\033[1m$$ chapeau%s\033[0m\n' "$$line"; "$$bin" "$$@"; }; \
	run demo "$(DEMO_DIR)" --now 2026-11-20T09:00:00Z; \
	cd "$(DEMO_DIR)"; \
	run supporter add nouvelle-lectrice --name "Awa Diallo" --email awa@example.org --visibility public; \
	run gift add "12,50 €" --from nouvelle-lectrice --channel bank --date 2026-11-19; \
	twice=$$(run gift add "12,50 €" --from nouvelle-lectrice --channel bank --date 2026-11-19 | tee /dev/stderr | tail -n 1 | cut -d' ' -f1); \
	run gift add "15 PTJ" --from nouvelle-lectrice --channel cash --date 2026-11-19; \
	run pledge add "5 €" --every month --from nouvelle-lectrice --start 2026-11-19; \
	offer=$$(run offer add "Deux heures de relecture" --kind time --from nouvelle-lectrice --quantity 2 | tee /dev/stderr | tail -n 1 | cut -d' ' -f1); \
	run offer accept "$$offer"; \
	run campaign show festival-2026; \
	run expense add "Carnets et stylos" "14,90 €" --category fournitures --date 2026-11-18; \
	run gift add "40 €" --channel cash --date 2026-11-10 --note "remis en main propre au salon"; \
	run void "$$twice" --reason "saisi deux fois"; \
	run import imports/releve-2026-11.csv --dry-run; \
	run import imports/releve-2026-11.csv; \
	run list gifts --period 2026-11-H2 | tail -n 4; \
	run pledge overdue | head -n 4; \
	run supporter show nouvelle-lectrice; \
	run qr --supporter nouvelle-lectrice --output qr-nouvelle-lectrice.svg; \
	run verify; \
	run run; \
	run report list | tail -n 4; \
	printf '\nWhere to look:\n  the last closed report, for a phone or a browser: %s/Reports/2026-11-H1/index.html\n' "$$(pwd)"; \
	printf '  the same as a blog post: Reports/2026-11-H1/report.md; the feed: Reports/feed.atom; the badge: Reports/badge.svg\n'; \
	printf '  every report by year, with a chart of received against needs: Reports/index.html (each report links to the previous and next)\n'; \
	printf '  in it, the festival: fixed costs shared by twelve, gifts in EUR and PTJ, lodging offered for a need (Frais fixes partagés)\n'; \
	printf '  for funding directories (funding.json v1: channels, plans from the needs, yearly history): Reports/funding.json\n'; \
	printf '  a stamped article: content/posts/2026-09-communs.md; the ledger: data/ledger.sqlite (mode %s)\n' "$$(stat -c %a data/ledger.sqlite)"; \
	printf '  the bank transfer QR code of nouvelle-lectrice, with her payment reference: qr-nouvelle-lectrice.svg\n'; \
	printf '  try: cd %s && %s --help\n' "$(DEMO_DIR)" "$$bin"

# Benchmarks B1–B7 (the speed and memory goals): a release build of the two products with the Swift runtime
# linked statically (faster start-up; only the products: the package plugins do not link statically), then Tests/Bench/bench.py. Prints ratios, never fails on a time.
# That build is linked as a fixed-address executable (-no-pie): the 118 MB binary then has 2 thousand relative
# relocations to apply at start instead of 97 thousand, which takes the loader from 6.9 to 0.7 million cycles
# (about 2 ms of each command's start). The price is that the executable itself is not placed at a random address.
# BENCH_N=100000,1000000 chooses the sizes; BENCH_ONLY=B1,B4 the workloads; BENCH_B7_SAMPLE=300 how many documents
# LibreOffice converts in B7 (its rate is over that sample); results in .bench/.
# The static build exports only `main` (a version script): it exported the 16 thousand public Swift symbols of
# the packages too, which the runtime's start-up `dladdr` and every symbol the C libraries resolve walked (0.5 ms).
STATIC_LINK := --static-swift-stdlib -Xlinker -no-pie -Xlinker --version-script=$(CURDIR)/.build-bench/exports.map
RELEASE_PRODUCTS ?= chapeau chapeau-bench
.PHONY: bench release test-release
release: deps
	@mkdir -p .build-bench && printf '{\n  global: main;\n  local: *;\n};\n' > .build-bench/exports.map
	@for p in $(RELEASE_PRODUCTS); do \
	  $(SWIFT) build -c release --scratch-path .build-bench $(STATIC_LINK) --product $$p \
	  || { echo "release: --static-swift-stdlib did not link $$p; building it with the dynamic Swift runtime"; \
	       $(SWIFT) build -c release --scratch-path .build-bench --product $$p; } || exit 1; done

bench: release
	@command -v python3 >/dev/null || { echo "error: make bench needs python3"; exit 1; }
	python3 Tests/Bench/bench.py

# The end-to-end tests again, against that release binary (optimised, Swift runtime and Foundation linked in):
# it does not always behave as the debug build does. With the runtime linked statically, Swift collections cast
# to NSObject were boxed instead of bridged, and `verify --public` found every report false. CI runs this after `make test`.
test-release:
	@$(MAKE) --no-print-directory release RELEASE_PRODUCTS=chapeau
	$(SWIFT) build --build-tests
	CHAPEAU_BIN="$(CURDIR)/.build-bench/release/chapeau" $(SWIFT) test --skip-build --filter EndToEndTests

# libFuzzer on the amount parser and the footer stamper (Tests/Fuzz), not part of `make test`:
# each target is compiled with its module's sources under -sanitize=fuzzer,address and run for
# FUZZ_SECONDS (60), from a corpus in .build-fuzz/ seeded with the hostile-input fixtures. A
# crash or a broken property stops it and leaves the input in .build-fuzz/.
FUZZ_SECONDS ?= 60
FUZZ_FLAGS := -O -sanitize=fuzzer,address -parse-as-library -enable-upcoming-feature ExistentialAny \
  -enable-upcoming-feature MemberImportVisibility -enable-upcoming-feature InternalImportsByDefault
.PHONY: fuzz
fuzz:
	@mkdir -p .build-fuzz/corpus-amount .build-fuzz/corpus-stamp
	swiftc $(FUZZ_FLAGS) -module-name FuzzAmount -o .build-fuzz/fuzz-amount \
	  $(addprefix Sources/ChapeauCore/,AmountParser.swift Unit.swift Money.swift Day.swift) Tests/Fuzz/AmountParserFuzz.swift
	swiftc $(FUZZ_FLAGS) -module-name FuzzStamp -o .build-fuzz/fuzz-stamp \
	  $(filter-out %/FooterTemplate.swift %/BuiltInFooters.swift %/ChapeauFooter.swift %/FooterContext.swift,$(wildcard Sources/ChapeauFooter/*.swift)) \
	  Tests/Fuzz/StamperFuzz.swift
	@i=0; grep -v '^#' Tests/Fixtures/hostile/amounts.txt | while IFS= read -r line; do i=$$((i+1)); printf '%s' "$$line" > .build-fuzz/corpus-amount/seed-$$i; done
	@cp Tests/Fixtures/hostile/articles/* .build-fuzz/corpus-stamp/ 2>/dev/null || true
	cd .build-fuzz && ./fuzz-amount -max_total_time=$(FUZZ_SECONDS) -max_len=256 corpus-amount
	cd .build-fuzz && ./fuzz-stamp -max_total_time=$(FUZZ_SECONDS) -max_len=4096 corpus-stamp

clean:
	rm -rf .build "$(DEMO_DIR)"
