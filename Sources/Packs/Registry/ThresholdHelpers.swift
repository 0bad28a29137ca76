import LuaRuntime

/// `thresholds(role)` (SPEC section 3): the threshold definitions of a role, in load order, as
/// read-only tables `{ id, role, skill, at_least, courses, grace_days, max_age_days }` (a
/// `where` is not included). The prelude builds the tables from these host functions.
enum ThresholdHelpers {
    static let specs: [HelperSpec] = [
        HelperSpec(name: "thresholds", signature: "thresholds(role)",
                   summary: "the role's threshold definitions, read-only: { id, role, skill, at_least, courses, grace_days, max_age_days }",
                   availability: .callbacks),
    ]

    /// Globals the prelude takes away as it starts: count, the scalars of one, one course.
    static func functions(_ loaded: LoadedDefinitions) -> [(String, HostFunction)] {
        func of(_ args: [LuaValue]) throws -> [Definition] {
            guard case .string(let role)? = args.first else { throw HostFunctionError("thresholds(role): role must be a string such as \"patient_access\"") }
            return try loaded.all(for: "thresholds(role)").filter { $0.kind == "threshold" && $0.table["role"]?.string == role }
        }
        func item(_ args: [LuaValue], _ at: Int) throws -> Definition? {
            guard args.count > at, case .integer(let i) = args[at] else { return nil }
            let list = try of(args)
            return i >= 1 && i <= list.count ? list[Int(i) - 1] : nil
        }
        func scalar(_ value: SnapshotValue?) -> LuaValue {
            if case .value(let v)? = value { return v }
            return .nil
        }
        return [
            ("__upstream_threshold_count", { args in [.integer(Int64(try of(args).count))] }),
            ("__upstream_threshold", { args in
                guard let t = try item(args, 1)?.table else { return [] }
                return [.string(t["id"]?.string ?? ""), scalar(t["skill"]), scalar(t["at_least"]), scalar(t["grace_days"]),
                        scalar(t["max_age_days"]), .integer(Int64(t["courses"]?.table?.items.count ?? 0))]
            }),
            ("__upstream_threshold_course", { args in
                guard let courses = try item(args, 1)?.table["courses"]?.table?.items, args.count > 2, case .integer(let k) = args[2],
                      k >= 1, k <= courses.count else { return [.nil] }
                return [scalar(courses[Int(k) - 1])]
            }),
        ]
    }

    /// Prelude Lua: `thresholds(role)` over the functions above.
    static let prelude = #"""
    do
      local count, one, course = __upstream_threshold_count, __upstream_threshold, __upstream_threshold_course
      __upstream_threshold_count, __upstream_threshold, __upstream_threshold_course = nil, nil, nil
      local setmetatable, next, error, type = setmetatable, next, error, type
      local function read_only(t, what)
        return setmetatable({}, {
          __index = t, __len = function() return #t end, __pairs = function() return next, t, nil end,
          __newindex = function() error(what .. " are read-only", 2) end, __metatable = what,
        })
      end
      function thresholds(role)
        if type(role) ~= "string" then error("thresholds(role): role must be a string such as \"patient_access\"", 2) end
        local list = {}
        for i = 1, count(role) do
          local id, skill, at_least, grace_days, max_age_days, courses = one(role, i)
          local names = {}
          for k = 1, courses do names[k] = course(role, i, k) end
          list[i] = read_only({ id = id, role = role, skill = skill, at_least = at_least, grace_days = grace_days,
                                max_age_days = max_age_days, courses = read_only(names, "threshold courses") }, "thresholds")
        end
        return read_only(list, "thresholds")
      end
    end
    """#
}
