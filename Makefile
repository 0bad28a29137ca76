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
# the shipped packs checked and tested, then the standard pack run over it: the text report on
# screen, the JSON and one CSV per list in out/report, every policy failure in out/findings.csv.
# (DOMAIN gives rework cost only as a $25–$118 range, so the demo states the one it assumes.)
demo: deps
	$(SWIFT) build -c release --product upstream
	@mkdir -p out
	$(RBIN) generate --out out/example --encounters 3000 --seed 7
	$(RBIN) validate --data out/example
	$(RBIN) lint plugins/upstream-standard plugins/synthea examples/packs/lakeside
	$(RBIN) lint examples/packs/riverside
	$(RBIN) test plugins/upstream-standard examples/packs/lakeside
	$(RBIN) run --pack plugins/upstream-standard --data out/example --param rework_cost_per_claim=25
	$(RBIN) run --pack plugins/upstream-standard --data out/example --param rework_cost_per_claim=25 \
	  --format csv --out out/report --findings out/findings.csv
	$(RBIN) run --pack plugins/upstream-standard --pack plugins/synthea --data examples/synthea \
	  --format json --out out/synthea.json
	@echo "JSON report: out/report/run.json; one CSV per list beside it; every policy failure: out/findings.csv"
	@echo "Synthea's export through its mapping pack (skipped, not zero, where it lacks data): out/synthea.json"

test: deps
	$(SWIFT) test

bench: deps
	$(SWIFT) run -c release upstream-bench
	$(SWIFT) run -c release ingest-bench --encounters $${ENCOUNTERS:-1000000}
	tools/pattern-check/bench.sh
	tools/proxy-bench/bench.sh
	$(SWIFT) build -c release --product upstream
	tools/compare-bench/bench.sh

clean:
	rm -rf .build
