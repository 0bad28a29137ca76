/// Lua the host runs in every test state before the test file: `upstream.run`, which hands
/// the request to the host through scalar host functions (they see no tables) and loads the
/// report the host returns as a table literal, and the `expect_*` helpers. Failures are raised
/// with `error(text, 2)`, so they name the test file and the line of the call.
enum TestPrelude {
    static let chunkName = "upstream/test-prelude.lua"

    /// Lists the test functions a loaded test file defined, sorted, one per line.
    static let listing = #"""
    local names = {}
    for name, value in next, _ENV do
      if type(name) == "string" and type(value) == "function" and name:sub(1, 5) == "test_" then names[#names + 1] = name end
    end
    table.sort(names)
    return table.concat(names, "\n")
    """#

    static let source = #"""
    local begin, cell, add_param, run_pack = __upstream_test_begin, __upstream_test_cell, __upstream_test_param, __upstream_test_run
    __upstream_test_begin, __upstream_test_cell, __upstream_test_param, __upstream_test_run = nil, nil, nil, nil
    local error, type, tostring, tonumber, next, ipairs, load, rawget = error, type, tostring, tonumber, next, ipairs, load, rawget
    local format, concat, sort, mtype, abs = string.format, table.concat, table.sort, math.type, math.abs

    local function scalar(v)
      local t = type(v)
      return t == "string" or t == "number" or t == "boolean"
    end

    local FIELDS = { data = true, params = true, as_of = true }

    local function send_rows(data)
      begin(nil)
      for dataset, rows in next, data do
        if type(dataset) ~= "string" or type(rows) ~= "table" then
          error("upstream.run: data must map dataset names to lists of rows, like data = { encounters = { { encounter_id = \"E1\" } } }", 3)
        end
        local problem = cell(dataset, 0, nil, nil)
        if problem then error("upstream.run: " .. problem, 3) end
        for i, row in ipairs(rows) do
          if type(row) ~= "table" then error(format("upstream.run: data.%s[%d] must be a table of field = value", dataset, i), 3) end
          cell(dataset, i, nil, nil)
          for field, value in next, row do
            if type(field) ~= "string" or not scalar(value) then
              error(format("upstream.run: data.%s[%d].%s must be text, a number or a boolean (a list is written \"a;b\")",
                dataset, i, tostring(field)), 3)
            end
            problem = cell(dataset, i, field, tostring(value))
            if problem then error("upstream.run: " .. problem, 3) end
          end
        end
      end
    end

    local function send_params(params)
      if type(params) ~= "table" then error("upstream.run: params must be a table of name = value", 3) end
      for name, value in next, params do
        if type(name) ~= "string" then error("upstream.run: params keys must be param names", 3) end
        if scalar(value) then
          add_param(name .. "=" .. tostring(value))
        elseif type(value) == "table" and (value[1] ~= nil or next(value) == nil) then
          local items = {}
          for i, item in ipairs(value) do
            if not scalar(item) then error("upstream.run: params." .. name .. " must hold text, numbers or booleans", 3) end
            items[i] = tostring(item)
          end
          add_param(name .. "=" .. concat(items, ","))
        elseif type(value) == "table" then
          for key, item in next, value do
            if type(key) ~= "string" or not scalar(item) then
              error("upstream.run: params." .. name .. " must be a list or a table of key = value (a map param's entries)", 3)
            end
            add_param(name .. "." .. key .. "=" .. tostring(item))
          end
        else
          error("upstream.run: params." .. name .. " must be text, a number, a boolean, a list or a map", 3)
        end
      end
    end

    upstream = {}

    --- Runs the pack on fixture or inline data as `upstream run` would; returns the report.
    function upstream.run(spec)
      if type(spec) ~= "table" then
        error("upstream.run: give a table, like upstream.run{ data = \"fixtures/basic\", as_of = \"2025-12-31\" }", 2)
      end
      for key in next, spec do
        if not FIELDS[key] then error("upstream.run: unknown field '" .. tostring(key) .. "'; the fields are data, params and as_of", 2) end
      end
      local data = spec.data
      if type(data) == "string" then
        begin(data)
      elseif type(data) == "table" then
        send_rows(data)
      else
        error("upstream.run: data must be a fixture folder (data = \"fixtures/basic\") or rows by dataset (data = { encounters = { … } })", 2)
      end
      if spec.params ~= nil then send_params(spec.params) end
      if spec.as_of ~= nil and type(spec.as_of) ~= "string" then error("upstream.run: as_of must be a date \"YYYY-MM-DD\"", 2) end
      local ok, result = run_pack(spec.as_of)
      if not ok then error("upstream.run: " .. tostring(result), 2) end
      local chunk, problem = load(result, "=upstream.run", "t")
      if not chunk then error("upstream.run: the report could not be read: " .. tostring(problem), 2) end
      return chunk()
    end

    --- The entry of a report's list with that id: upstream.kpi(report, "clean_claim_rate").
    local function find(list, what, id)
      for _, entry in ipairs(list or {}) do if entry.id == id then return entry end end
      error("no " .. what .. " '" .. tostring(id) .. "' in the report", 3)
    end
    -- Not tail calls: the error's level 3 must be the test's line.
    function upstream.kpi(report, id) local kpi = find(report.kpis, "KPI", id) return kpi end
    function upstream.policy(report, id) local policy = find(report.policies, "policy", id) return policy end

    --- A KPI's by_group entry whose key has that value: upstream.group(kpi, "P01").
    function upstream.group(kpi, value)
      for _, g in ipairs(kpi.by_group or {}) do
        for _, v in pairs(g.key) do if v == value then return g end end
      end
      error("no group '" .. tostring(value) .. "' in KPI " .. tostring(kpi.id), 2)
    end

    local function key_order(a, b)
      local ta, tb = type(a), type(b)
      if ta ~= tb then return ta < tb end
      if ta == "number" or ta == "string" then return a < b end
      return false
    end

    local function show(v, depth)
      depth = depth or 0
      local t = type(v)
      if t == "string" then return format("%q", v) end
      if mtype(v) == "float" then
        local text = format("%.14g", v)
        if tonumber(text) ~= v then text = format("%.17g", v) end
        return text
      end
      if t ~= "table" then return tostring(v) end
      if depth >= 3 then return "{…}" end
      local keys = {}
      for k in next, v do keys[#keys + 1] = k end
      sort(keys, key_order)
      local n, parts = #v, {}
      for i, k in ipairs(keys) do
        if i > 20 then parts[#parts + 1] = "…"; break end
        local item = show(rawget(v, k), depth + 1)
        if mtype(k) == "integer" and k >= 1 and k <= n then
          parts[#parts + 1] = item
        elseif type(k) == "string" and k:match("^[%a_][%w_]*$") then
          parts[#parts + 1] = k .. " = " .. item
        else
          parts[#parts + 1] = "[" .. show(k, 3) .. "] = " .. item
        end
      end
      local text = "{ " .. concat(parts, ", ") .. " }"
      if #parts == 0 then text = "{}" end
      if #text > 400 then text = text:sub(1, 400) .. "…" end
      return text
    end

    local function path_of(path, k)
      if type(k) == "string" and k:match("^[%a_][%w_]*$") then return path .. "." .. k end
      return path .. "[" .. show(k, 3) .. "]"
    end

    -- The first place where two values differ: path, actual, expected; nil when equal.
    local function difference(actual, expected, path, depth)
      if actual == expected then return nil end
      if type(actual) ~= "table" or type(expected) ~= "table" or depth > 50 then return path, actual, expected end
      local keys = {}
      for k in next, expected do keys[#keys + 1] = k end
      for k in next, actual do if rawget(expected, k) == nil then keys[#keys + 1] = k end end
      sort(keys, key_order)
      for _, k in ipairs(keys) do
        local p, a, e = difference(rawget(actual, k), rawget(expected, k), path_of(path, k), depth + 1)
        if p then return p, a, e end
      end
      return nil
    end

    local function label(message)
      if message == nil then return "" end
      return " (" .. tostring(message) .. ")"
    end

    --- Fails unless actual equals expected (tables compared deeply).
    function expect_eq(actual, expected, message)
      local path, a, e = difference(actual, expected, "", 0)
      if path == nil then return end
      local where = path ~= "" and (" at " .. path) or ""
      error("expect_eq failed" .. label(message) .. where .. ": expected " .. show(e) .. ", got " .. show(a), 2)
    end

    --- Fails unless actual is a number within tolerance of expected.
    function expect_near(actual, expected, tolerance, message)
      if type(expected) ~= "number" or type(tolerance) ~= "number" or not (tolerance >= 0) then
        error("expect_near(actual, expected, tolerance, message?): expected and tolerance must be numbers, tolerance at least 0", 2)
      end
      if type(actual) == "number" and abs(actual - expected) <= tolerance then return end
      error("expect_near failed" .. label(message) .. ": expected " .. show(expected) .. " ± " .. show(tolerance)
        .. ", got " .. show(actual), 2)
    end

    --- Fails unless value is true (anything but nil and false).
    function expect_true(value, message)
      if value then return end
      error("expect_true failed" .. label(message) .. ": expected a true value, got " .. show(value), 2)
    end
    """#
}
