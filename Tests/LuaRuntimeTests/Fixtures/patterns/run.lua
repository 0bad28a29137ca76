-- Runs a pattern-matching case list and returns one canonical line per case.
--
-- Called as run(cases) where this chunk returns run. Each case is
--   { fn = "find"|"match"|"gmatch"|"gsub", args = {...}, n = <arg count, for nil holes> }
-- or { fn = "call", f = <function returning results> } for method calls and nesting.
-- Only string.format/byte/char/sub/len/rep, table.concat/insert, pcall, type, tostring,
-- tonumber, ipairs, pairs, select, math.type and the four functions under test are used, so the
-- output depends on nothing else in the library.

local GMATCH_LIMIT = 200000 -- iterations collected before giving up on a gmatch
local LONG = 120            -- strings longer than this are printed as length + hash + head

local function hash(s)
  local h = 5381
  for i = 1, string.len(s) do
    h = (h * 33 + string.byte(s, i)) % 4294967296
  end
  return h
end

-- Printable, single-line, unambiguous rendering of a string.
local function quote(s)
  local out = {}
  local len = string.len(s)
  local shown = len > LONG and 40 or len
  for i = 1, shown do
    local b = string.byte(s, i)
    if b < 32 or b > 126 or b == 34 or b == 92 then
      table.insert(out, string.format("\\%03d", b))
    else
      table.insert(out, string.char(b))
    end
  end
  local body = '"' .. table.concat(out) .. '"'
  if len > LONG then
    return string.format("<len=%d hash=%d head=%s>", len, hash(s), body)
  end
  return body
end

local function value(v)
  local t = type(v)
  if t == "string" then return quote(v) end
  if t == "number" then
    if math.type(v) == "integer" then return "i:" .. tostring(v) end
    return "f:" .. string.format("%.17g", v)
  end
  if t == "nil" or t == "boolean" then return tostring(v) end
  return "<" .. t .. ">" -- functions and tables have no stable text
end

local function pack(...)
  return { n = select("#", ...), ... }
end

local function unpack(t, i, n)
  if i > n then return end
  return t[i], unpack(t, i + 1, n)
end

local function list(t, n)
  local out = {}
  for i = 1, n do table.insert(out, value(t[i])) end
  return table.concat(out, ", ")
end

-- Drops a leading "chunk:line: " that Lua adds to errors raised from Lua code.
local function strip_position(msg)
  local len = string.len(msg)
  for i = 1, len do
    if string.byte(msg, i) == 58 then -- ':'
      local j = i + 1
      while j <= len and string.byte(msg, j) >= 48 and string.byte(msg, j) <= 57 do j = j + 1 end
      if j > i + 1 and string.byte(msg, j) == 58 and string.byte(msg, j + 1) == 32 then
        return string.sub(msg, j + 2)
      end
    end
  end
  return msg
end

local function err(e)
  if type(e) == "string" then return "error: " .. strip_position(e) end
  return "error: " .. value(e)
end

local function run_gmatch(args, n)
  local ok, it = pcall(string.gmatch, unpack(args, 1, n))
  if not ok then return err(it) end
  local items = {}
  local count = 0
  while true do
    local r = pack(pcall(it))
    if not r[1] then
      table.insert(items, err(r[2]))
      break
    end
    if r.n == 1 or r[2] == nil then
      table.insert(items, string.format("end/%d", r.n - 1))
      break
    end
    count = count + 1
    if count > GMATCH_LIMIT then
      table.insert(items, "limit")
      break
    end
    table.insert(items, "(" .. list({ select(2, unpack(r, 1, r.n)) }, r.n - 1) .. ")")
  end
  local text = table.concat(items, " ")
  if string.len(text) > 400 then
    return string.format("%d items <len=%d hash=%d> last: %s", count, string.len(text), hash(text),
      items[#items])
  end
  return text
end

local function run_case(c)
  local n = c.n or (c.args and #c.args) or 0
  local r
  if c.fn == "gmatch" then
    return run_gmatch(c.args, n)
  elseif c.fn == "call" then
    r = pack(pcall(c.f))
  else
    r = pack(pcall(string[c.fn], unpack(c.args, 1, n)))
  end
  if not r[1] then return err(r[2]) end
  return list({ select(2, unpack(r, 1, r.n)) }, r.n - 1)
end

return function(cases)
  local lines = {}
  for i, c in ipairs(cases) do
    local what
    if c.fn == "call" then
      what = "call " .. (c.name or "?")
    else
      local n = c.n or #c.args
      what = c.fn .. "(" .. list(c.args, n) .. ")"
    end
    table.insert(lines, string.format("%d %s -> %s", i, what, run_case(c)))
  end
  table.insert(lines, "")
  return table.concat(lines, "\n")
end
