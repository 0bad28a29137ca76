#!/bin/sh
# Builds (gcc -O2) and runs the pattern-matcher micro-benchmark: ns per call, stock vs ours.
#   tools/pattern-check/bench.sh [iterations]
#   tools/pattern-check/bench.sh --instructions   # instructions per call under callgrind: immune
#                                                 # to load from other processes, unlike ns
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=${TMPDIR:-/tmp}/ups-pattern-check
mkdir -p "$out"
${CC:-gcc} -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror -O2 \
    -I"$root/Sources/CLuaShim/include" $(pkg-config --cflags lua5.4) \
    "$here/bench.c" "$root/Sources/CLuaShim/pattern.c" $(pkg-config --libs lua5.4) -o "$out/bench"
if [ "${1:-}" = "--instructions" ]; then
    command -v valgrind >/dev/null || { echo "valgrind not found" >&2; exit 1; }
    n=20000
    ir() { # instructions for n iterations of case $1 with implementation $2
        valgrind --tool=callgrind --callgrind-out-file=/dev/null "$out/bench" --one "$1" "$2" "$n" 2>&1 |
            sed -n 's/.*Collected : *//p'
    }
    base_s=$(ir -1 stock)
    printf "%-20s %10s %10s %7s\n" case "stock ins" "ours ins" ratio
    i=0
    while name=$("$out/bench" --one "$i" stock 1 2>/dev/null); do
        s=$(ir "$i" stock)
        o=$(ir "$i" ours)
        awk -v name="$name" -v s="$s" -v o="$o" -v b="$base_s" -v n="$n" 'BEGIN {
            s = (s - b) / n; o = (o - b) / n
            printf "%-20s %10.0f %10.0f %7.2f\n", name, s, o, o / s }'
        i=$((i + 1))
    done
    exit 0
fi
exec "$out/bench" "$@"
