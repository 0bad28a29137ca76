import LuaRuntime

/// `staff.proficiency` (SPEC section 3), readable in KPIs and refine: `{ status, scores =
/// { skill = score }, courses_missing = { … } }` for a person with a status, nil otherwise
/// (no threshold for their role, or within `grace_days`). Built once per state as frozen
/// tables, from the statuses the host computed, and attached to the staff rows.
enum ProficiencyField {
    static let name = "proficiency"

    /// Lua that builds the values by row from the host functions installed beside it.
    static let builder = """
        local person, score, course = __person, __score, __course
        return function(count)
          local values = {}
          for i = 1, count do
            local row, status, scores, courses = person(i)
            local by_skill, missing = {}, {}
            for k = 1, scores do
              local skill, value = score(i, k)
              by_skill[skill] = value
            end
            for k = 1, courses do missing[k] = course(i, k) end
            values[row + 1] = { status = status, scores = by_skill, courses_missing = missing }
          end
          return values
        end
        """

    /// Attaches the statuses to `staff` (registered in `state`).
    static func attach(_ people: [StaffProficiency], state: LuaState, staff: RegisteredTable) throws {
        let environment = try state.makeEnvironment(pack: "upstream-proficiency")
        let skills = people.map { $0.scores.keys.sorted() }
        func person(_ args: [LuaValue]) -> Int? {
            guard case .integer(let i)? = args.first, i >= 1, i <= people.count else { return nil }
            return Int(i) - 1
        }
        func item(_ args: [LuaValue]) -> Int? {
            guard args.count > 1, case .integer(let k) = args[1] else { return nil }
            return Int(k) - 1
        }
        try state.installHostFunction("__person", in: nil, of: environment) { args in
            guard let i = person(args) else { return [] }
            let p = people[i]
            return [.integer(Int64(p.row)), .string(p.status.rawValue), .integer(Int64(skills[i].count)), .integer(Int64(p.coursesMissing.count))]
        }
        try state.installHostFunction("__score", in: nil, of: environment) { args in
            guard let i = person(args), let k = item(args), skills[i].indices.contains(k) else { return [.nil] }
            return [.string(skills[i][k]), .number(people[i].scores[skills[i][k]] ?? 0)]
        }
        try state.installHostFunction("__course", in: nil, of: environment) { args in
            guard let i = person(args), let k = item(args), people[i].coursesMissing.indices.contains(k) else { return [.nil] }
            return [.string(people[i].coursesMissing[k])]
        }
        guard case .function(let build)? = try state.run(builder, chunk: "upstream/proficiency.lua", in: environment).first,
              case .table(let values)? = try state.call(build, [.integer(Int64(people.count))], budget: state.limits.loadBudget).first
        else { return }
        try state.freeze(values, deep: true)
        try state.attach(values, as: name, to: staff)
    }
}
