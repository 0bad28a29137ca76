#!/bin/sh
# Side-by-side benchmark: the compare-analysis pack with Upstream, the same analysis in DuckDB
# (analysis.sql) and in polars (analysis_polars.py), on one generated organization. Checks that
# all three give the same numbers (exit 1 naming any that differ) and prints wall time, CPU time,
# peak RSS and per-phase figures.
#   tools/compare-bench/bench.sh [compare.py options, e.g. --repeat 3 --verbose --json-out F]
#   ENCOUNTERS=20000 tools/compare-bench/bench.sh     # smaller organization (default 1000000)
#   DATA=DIR tools/compare-bench/bench.sh              # where the organization is (generated if absent)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
encounters=${ENCOUNTERS:-1000000}
data=${DATA:-$root/.build/compare-bench-data/$encounters}
upstream=${UPSTREAM:-$root/.build/release/upstream}
python=${PYTHON:-python3}

if ! "$python" -c 'import duckdb, polars' 2>/dev/null; then
    echo "installing duckdb and polars from PyPI" >&2
    "$python" -m pip install --quiet duckdb polars
fi
if [ ! -x "$upstream" ]; then
    (cd "$root" && swift build -c release --product upstream)
fi
"$upstream" lint "$here/pack/compare-analysis" >/dev/null
if [ ! -f "$data/encounters.csv" ]; then
    echo "generating $encounters encounters (seed 7) in $data" >&2
    "$upstream" generate --out "$data" --encounters "$encounters" --seed 7
fi
echo "command: tools/compare-bench/bench.sh $* (ENCOUNTERS=$encounters, $(date -u +%Y-%m-%dT%H:%MZ))"
exec "$python" "$here/compare.py" --data "$data" --upstream "$upstream" "$@"
