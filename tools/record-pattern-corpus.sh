#!/bin/sh
# Regenerates Tests/LuaRuntimeTests/Fixtures/patterns/expected.txt with the STOCK lua5.4
# interpreter: the expected output of the pattern-matcher conformance corpus is whatever stock
# Lua 5.4 does. Run after editing cases.lua or run.lua, and commit the result.
set -eu
cd "$(dirname "$0")/../Tests/LuaRuntimeTests/Fixtures/patterns"
command -v lua5.4 >/dev/null || { echo "lua5.4 not found (apt-get install lua5.4)" >&2; exit 1; }
lua5.4 -v
lua5.4 -e '
  local cases = dofile("cases.lua")
  local run = dofile("run.lua")
  io.write(run(cases))
' > expected.txt.tmp
mv expected.txt.tmp expected.txt
echo "recorded $(wc -l < expected.txt) cases in $(pwd)/expected.txt"
