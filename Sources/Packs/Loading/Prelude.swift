/// Lua the host runs in every pack environment before the pack's own scripts: the measure
/// builders, the `where` operators, `param` over list params, and `require` for `lib/`. It is
/// host code, reviewed like Swift; it reaches the host only through the functions it removes
/// from the environment as it starts.
enum Prelude {
    static let chunkName = "upstream/prelude.lua"

    static let source = #"""
    local MEASURE, OPERATOR = "\0measure", "\0operator"
    local raw_param, raw_param_item, read_lib = __upstream_param, __upstream_param_item, __upstream_read_lib
    __upstream_param, __upstream_param_item, __upstream_read_lib = nil, nil, nil
    local error, type, select, tostring = error, type, select, tostring

    local function measure(kind, takes_value)
      return function(dataset, ...)
        if type(dataset) ~= "string" then
          error(kind .. "(dataset, …): the first argument must be a dataset name such as \"claims\"", 2)
        end
        local m = { [MEASURE] = kind, dataset = dataset }
        local value, filter, options
        if takes_value then
          value, filter, options = ...
          if value == nil then error(kind .. "(\"" .. dataset .. "\", field_or_fn, …): the field or function is missing", 2) end
          if type(value) ~= "string" and type(value) ~= "function" then
            error(kind .. ": the second argument must be a field name or a function, not a " .. type(value), 2)
          end
        else
          filter, options = ...
        end
        if select("#", ...) > (takes_value and 3 or 2) then error(kind .. ": too many arguments", 2) end
        m.value, m.where, m.options = value, filter, options
        return m
      end
    end
    count = measure("count", false)
    sum, avg, median = measure("sum", true), measure("avg", true), measure("median", true)
    min, max = measure("min", true), measure("max", true)

    local function operator(name, arity)
      return function(...)
        if select("#", ...) ~= arity then error(name .. " takes " .. arity .. " argument(s)", 2) end
        return { [OPERATOR] = name, ... }
      end
    end
    is_not, between, within = operator("is_not", 1), operator("between", 2), operator("within", 2)
    present, missing = operator("present", 0), operator("missing", 0)
    function any_of(list)
      if type(list) ~= "table" then error("any_of takes a list: any_of{ \"a\", \"b\" }", 2) end
      return { [OPERATOR] = "any_of", list }
    end

    function param(name, key)
      if type(name) ~= "string" then error("param(name [, key]): name must be a string", 2) end
      local value, count = raw_param(name, key)
      if count == nil then return value end
      local list = {}
      for i = 1, count do list[i] = raw_param_item(name, i) end
      return list
    end

    local ref_find, ref_width, ref_column, ref_value = __upstream_ref_find, __upstream_ref_width, __upstream_ref_column, __upstream_ref_value
    __upstream_ref_find, __upstream_ref_width, __upstream_ref_column, __upstream_ref_value = nil, nil, nil, nil
    local function ref_lookup(name, id, ...)
      if type(id) ~= "string" then error(name .. "(id, key…): id must be the id of a reference table", 0) end
      local n, on = select("#", ...), nil
      if n > 0 and type((select(n, ...))) == "table" then on = (select(n, ...)).on; n = n - 1 end
      if n == 0 then error(name .. "(\"" .. id .. "\", key…): give the key", 0) end
      if n > 5 then error(name .. ": at most 5 key columns", 0) end
      return ref_find(id, on, n, ...)
    end
    -- Errors are raised again at the script's call site, not here (a breach passes through pcall).
    local function found(ok, row)
      if not ok then error((tostring(row):gsub("^upstream/prelude%.lua:%d+: ", "")), 3) end
      return row
    end
    ref = {
      get = function(id, ...)
        local row = found(pcall(ref_lookup, "ref.get", id, ...))
        if row == nil then return nil end
        local out = {}
        for i = 1, ref_width(id) do out[ref_column(id, i)] = ref_value(id, row, i) end
        return out
      end,
      has = function(id, ...) return found(pcall(ref_lookup, "ref.has", id, ...)) ~= nil end,
    }

    local modules = {}
    function require(name)
      if type(name) ~= "string" then error("require(name): name must be a string such as \"codes.cpt\"", 2) end
      local cached = modules[name]
      if cached ~= nil then return cached end
      local source, chunk = read_lib(name)
      local loaded, problem = load(source, "@" .. chunk)
      if not loaded then error(problem, 0) end
      local result = loaded(name)
      if result == nil then result = true end
      modules[name] = result
      return result
    end
    """#
}
