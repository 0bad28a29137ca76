#!/bin/sh
# Builds (gcc -O2) and runs the pattern-matcher micro-benchmark: ns per call, stock vs ours.
#   tools/pattern-check/bench.sh [iterations]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=${TMPDIR:-/tmp}/ups-pattern-check
mkdir -p "$out"
${CC:-gcc} -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror -O2 \
    -I"$root/Sources/CLuaShim/include" $(pkg-config --cflags lua5.4) \
    "$here/bench.c" "$root/Sources/CLuaShim/pattern.c" $(pkg-config --libs lua5.4) -o "$out/bench"
exec "$out/bench" "$@"
