#!/bin/sh
# Builds and runs the standalone pattern-matcher check (see check.c): under AddressSanitizer +
# UBSan for memory and UB errors, under ThreadSanitizer with one state per thread on several
# threads, and optimised for the time limits.
# The last line printed is "N passed, M failed"; exits non-zero on any failure.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=${TMPDIR:-/tmp}/ups-pattern-check
mkdir -p "$out"
CC=${CC:-gcc}
LUA_CFLAGS=$(pkg-config --cflags lua5.4)
LUA_LIBS=$(pkg-config --libs lua5.4)
WARN="-std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror -Wshadow -Wconversion -Wno-sign-conversion"
SRC="$here/check.c $root/Sources/CLuaShim/pattern.c"
INC="-I$root/Sources/CLuaShim/include $LUA_CFLAGS"
fixtures="$root/Tests/LuaRuntimeTests/Fixtures/patterns"

# pattern.c must have no mutable global state (thread safety): no data or bss symbols.
$CC $WARN -O2 $INC -c "$root/Sources/CLuaShim/pattern.c" -o "$out/pattern.o"
if nm "$out/pattern.o" | grep -E ' [bBdDcC] ' ; then
    echo "FAIL pattern.o has mutable global state (above)"; exit 1
fi

$CC $WARN -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer \
    $INC $SRC $LUA_LIBS -o "$out/check-asan"
$CC $WARN -O2 $INC $SRC $LUA_LIBS -o "$out/check"
$CC $WARN -O1 -g -fsanitize=thread $INC $SRC $LUA_LIBS -pthread -o "$out/check-tsan"

echo "== sanitizers (ASan + UBSan)"
ASAN_OPTIONS=detect_leaks=1 FUZZ_ROUNDS=${FUZZ_ROUNDS_ASAN:-3000} \
    "$out/check-asan" "$fixtures" "$here/fuzz.lua" 20000 > "$out/asan.log" 2>&1 || {
    cat "$out/asan.log"; echo "FAIL under sanitizers"; exit 1; }
tail -n 1 "$out/asan.log"
echo "== threads (TSan)"
"$out/check-tsan" --threads "$fixtures" > "$out/tsan.log" 2>&1 || {
    cat "$out/tsan.log"; echo "FAIL under ThreadSanitizer"; exit 1; }
tail -n 1 "$out/tsan.log"
echo "== optimised"
exec "$out/check" "$fixtures" "$here/fuzz.lua" 500
