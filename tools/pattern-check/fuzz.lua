-- Differential fuzz: our string.find/match/gmatch/gsub against the stock ones (kept as
-- stock.find etc. by check.c) on random small patterns and subjects. Deterministic (fixed seed).
-- Returns the number of cases that agree and the number that differ (and prints the first few).
local ROUNDS = tonumber(os.getenv("FUZZ_ROUNDS") or "") or 20000
local tokens = { "a", "b", "c", "1", " ", "(", ")", ".", "%a", "%d", "%s", "%w", "%A", "%S",
  "[ab]", "[^a]", "[a-c]", "[%d ]", "[]a]", "()", "(", ")", "(", ")", "%1", "%2", "%b()",
  "%bab", "%f[%w]", "%f[%s]", "*", "+", "-", "?", "*", "+", "-", "?", "^", "$", "%", "[",
  "]", "%%", "%." }
local alphabet = { "a", "b", "c", "1", " ", "(", ")", "a", "b", "%" }
-- A second vocabulary, used every other round: odd bytes, set syntax, anchors inside subjects.
local tokens2 = { "\0", "\255", "[\128-\255]", "[%z]", "%z", "%Z", "[^%]]", "[]-]", "[a-]", "[-a]",
  "[%^^]", "%^", "^", "$", "$", ".", ".-", ".*", "%-", "-", "%[", "%]", "]", "[%w%p]", "%p", "%c",
  "(.)", "(%1)", "%1", "()", "(()", "%b\0\255", "%f[%z]", "%f[%Z]", "%f[^%w]", "a", "^a" }
local alphabet2 = { "\0", "\255", "\128", "a", "-", "]", "[", "^", "$", "%", ".", "\n", "A" }
local rtokens = { "%0", "%1", "%2", "%%", "%", "x", "%a", "%9", "" }
math.randomseed(20260101)
local function rnd(t) return t[math.random(#t)] end
local function gen(t, maxlen)
  local out = {}
  for _ = 1, math.random(0, maxlen) do out[#out + 1] = rnd(t) end
  return table.concat(out)
end

local function show(ok, ...)
  local out = { tostring(ok) }
  for i = 1, select("#", ...) do
    local v = select(i, ...)
    out[#out + 1] = math.type(v) or type(v) == "string" and string.format("%q", v) or tostring(v)
    if type(v) == "number" then out[#out] = out[#out] .. ":" .. tostring(v) end
  end
  return table.concat(out, ",")
end

local function all(it_ok, it)
  if not it_ok then return show(false, it) end
  local out = {}
  for _ = 1, 100 do
    local r = table.pack(pcall(it))
    local s = show(table.unpack(r, 1, r.n))
    out[#out + 1] = s
    if not r[1] or r[2] == nil then break end
  end
  return table.concat(out, " ")
end

local repls = { "<%0>", "%1", "%2%1", "x", "", "%%", function(a, b) return b and a .. "|" .. tostring(b) or a end,
  { a = "A", b = false, [1] = "one" } }
local agree, differ = 0, 0
for round = 1, ROUNDS do
  local p, s
  if round % 2 == 0 then
    p, s = gen(tokens, 7), gen(alphabet, 10)
  else
    p, s = gen(tokens2, 6), gen(alphabet2, 10)
  end
  local init = math.random(-12, 12)
  local results = {}
  local repl = repls[round % #repls + 1]
  if round % 3 == 0 then repl = gen(rtokens, 4) end
  local max_n = math.random(-1, 4)
  if max_n == 4 then max_n = nil end
  for k, impl in ipairs({ stock, string }) do
    local r = {}
    r[1] = show(pcall(impl.find, s, p, init))
    r[2] = show(pcall(impl.match, s, p))
    r[3] = all(pcall(impl.gmatch, s, p, init))
    r[4] = show(pcall(impl.gsub, s, p, repl, max_n))
    r[5] = show(pcall(impl.find, s, p, init, true))
    results[k] = table.concat(r, "\n    ")
  end
  if results[1] == results[2] then
    agree = agree + 1
  else
    differ = differ + 1
    if differ <= 5 then
      print(string.format("FUZZ subject %q pattern %q init %d\n  stock: %s\n  ours:  %s", s, p, init,
        results[1], results[2]))
    end
  end
end
-- Long patterns near the depth and capture limits ("pattern too complex", "too many captures").
-- Only items that cannot fail on a long run of 'a's, so stock never backtracks exponentially.
local deep_items = { "a?", "a-", "a?", "a-", "()", "a", "b?", "b*", "[a]?", "b-", "a", "b?", "(a)" }
for _ = 1, math.max(1, ROUNDS // 40) do
  local t = {}
  for i = 1, math.random(150, 400) do t[i] = rnd(deep_items) end
  local p = table.concat(t)
  local s = string.rep("a", math.random(300, 600))
  local a = show(pcall(stock.match, s, p))
  local b = show(pcall(string.match, s, p))
  if a == b then
    agree = agree + 1
  else
    differ = differ + 1
    if differ <= 5 then print(string.format("FUZZ deep pattern %q (%d a's)\n  stock: %s\n  ours:  %s", p, #s, a, b)) end
  end
end
return agree, differ
