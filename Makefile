# Upstream — the two commands a newcomer needs are `make demo` and `make test`.
SWIFT ?= swift
RBIN   = .build/release/upstream

.PHONY: deps build demo test bench clean

# Installs what a fresh Debian machine lacks: Lua 5.4 headers and library, pkg-config, and the
# stock lua5.4 interpreter (the pattern-matcher conformance corpus is recorded with it).
deps:
	@dpkg -s liblua5.4-dev pkg-config lua5.4 >/dev/null 2>&1 || \
	  (apt-get update && apt-get install -y liblua5.4-dev pkg-config lua5.4)

build: deps
	$(SWIFT) build

# The main job on a bundled example: a seeded synthetic organization, read and accounted for,
# the example pack checked and run over it: the text report on screen, the JSON and CSVs in out/report.
# The standard pack is next (issue 10).
demo: deps
	$(SWIFT) build -c release --product upstream
	@mkdir -p out
	$(RBIN) generate --out out/example --encounters 3000 --seed 7
	$(RBIN) validate --data out/example
	$(RBIN) lint examples/packs/riverside plugins/synthea
	$(RBIN) run --pack examples/packs/riverside --data out/example
	$(RBIN) run --pack examples/packs/riverside --data out/example --format csv --out out/report --findings out/findings.csv
	@echo "JSON report: out/report/run.json; one CSV per list beside it; every policy failure: out/findings.csv"

test: deps
	$(SWIFT) test

bench: deps
	$(SWIFT) run -c release upstream-bench
	$(SWIFT) run -c release ingest-bench --encounters $${ENCOUNTERS:-1000000}
	tools/pattern-check/bench.sh
	tools/proxy-bench/bench.sh

clean:
	rm -rf .build
