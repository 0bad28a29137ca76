# Upstream — the two commands a newcomer needs are `make demo` and `make test`.
SWIFT ?= swift
JOBS  ?= $(shell nproc 2>/dev/null || echo 2)
BIN    = .build/debug/upstream
RBIN   = .build/release/upstream

.PHONY: deps build demo test bench lint clean

# Installs what a fresh Debian machine lacks: Lua 5.4 headers and library, pkg-config, and the
# stock lua5.4 interpreter (the pattern-matcher conformance corpus is recorded with it).
deps:
	@dpkg -s liblua5.4-dev pkg-config lua5.4 >/dev/null 2>&1 || \
	  (apt-get update && apt-get install -y liblua5.4-dev pkg-config lua5.4)

build: deps
	$(SWIFT) build

demo: deps
	$(SWIFT) build -c release --product upstream
	$(RBIN) --version

test: deps
	$(SWIFT) test

bench: deps
	$(SWIFT) run -c release upstream-bench
	tools/pattern-check/bench.sh

clean:
	rm -rf .build
