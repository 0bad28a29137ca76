#!/bin/sh
# Builds the sandbox's C sources with the row-proxy harness (gcc -O2) and runs it.
#   tools/proxy-bench/bench.sh [rows]          ns per row call (noisy on a busy machine)
#   tools/proxy-bench/bench.sh --instructions  instructions per row call under callgrind (stable)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=${TMPDIR:-/tmp}/ups-proxy-bench
mkdir -p "$out"
${CC:-gcc} -std=gnu11 -O2 -Wall -Wextra -I"$root/Sources/CLuaShim/include" -I"$root/Sources/CLuaShim" \
    $(pkg-config --cflags lua5.4) "$here/bench.c" "$root"/Sources/CLuaShim/*.c $(pkg-config --libs lua5.4) -o "$out/bench"
if [ "${1:-}" = "--instructions" ]; then
    # The difference between two sizes cancels set-up: what remains is per row, per case.
    count() {
        valgrind --tool=callgrind --callgrind-out-file="$out/cg" "$out/bench" "$1" "$2" > /dev/null 2>&1
        callgrind_annotate "$out/cg" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1}'
    }
    echo "Row proxy, instructions per row call (callgrind, hook on):"
    for case in 0 1 2 3; do
        a=$(count 20000 $case); b=$(count 40000 $case)
        name=$(printf 'empty callback\none field (int)\none field (text)\nthree fields' | sed -n "$((case + 1))p")
        printf '  %-18s %s\n' "$name" $(( (b - a) / 20000 ))
    done
else
    "$out/bench" "$@"
fi
