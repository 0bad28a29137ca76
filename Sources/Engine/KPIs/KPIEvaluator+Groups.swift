import DataModel
import LuaRuntime
import Packs

extension KPIEvaluator {
    /// The `by` field names, or ["key"] when `by` is a function.
    var groupFields: [String] {
        switch definition.table["by"] {
        case .value(.string(let path))?: [path]
        case .table(let list)?: list.items.compactMap(\.string)
        case .some: ["key"]
        case nil: []
        }
    }

    /// Each admitted row's group key (aligned with `admitted`); rows whose key has a missing
    /// value are left out of groups. Throws why `by` cannot run on this dataset (`by_group` is
    /// then dropped with the reason).
    func groupKeys(_ admitted: [Int], dataset: String, table: Table, errors: inout [ScriptErrorGroup]) throws(Reason) -> [[String]?] {
        guard let by = definition.table["by"] else { return [] }
        if let function = by.function {
            return try calls(function, at: ["by"], dataset: dataset, table, admitted, errors: &errors).map { value in
                switch value {
                case .string(let s): [s]
                case .integer(let i): [String(i)]
                default: nil
                }
            }
        }
        var readers: [FieldReader] = []
        for path in groupFields {
            do { readers.append(try FieldReader(path: path, from: dataset, in: data)) } catch {
                switch error { case .absent(let why), .unknown(let why): throw Reason("by \(path): \(why)") }
            }
        }
        return admitted.map { row in
            let parts = readers.compactMap { Self.display($0.value(row)) }
            return parts.count == readers.count ? parts : nil
        }
    }

    static func display(_ value: HostValue?) -> String? {
        switch value {
        case .text(let s)?: s
        case .int(let i)?: String(i)
        case .number(let d)?: String(d)
        case .money(let cents)?: String(Double(cents) / 100)
        case .date(let days)?: CivilDate.format(days: days)
        case .datetime(let seconds)?: CivilDate.formatDateTime(seconds: seconds)
        case .bool(let b)?: b ? "true" : "false"
        case .list(let items)?: items.joined(separator: ";")
        case nil: nil
        }
    }

    /// `by_group`: the groups by key; `min_denominator` folds the smaller ones into `other`
    /// (reported last); `top` keeps the first n of the rest in its order (ties by key);
    /// `share` divides each group's numerator by the overall denominator.
    func addGroups(_ collected: [String: Collected], overall: KPIOutcome.Point?, days: Int?, to outcome: inout KPIOutcome) {
        let t = definition.table
        outcome.groupFields = groupFields
        if let problem = collected.values.compactMap(\.groupProblem).first {
            outcome.byGroupNote = problem
            return
        }
        var keys = Set(collected.values.flatMap { $0.groups.keys }).sorted { $0.lexicographicallyPrecedes($1) }
        guard keys.count <= Self.maxGroups else {
            outcome.byGroupNote = "more than \(Self.maxGroups) groups"
            return
        }
        let share = t["share"]?.bool == true ? overall?.denominator : nil
        func measures(_ key: [String]) -> [String: MeasureValues] { collected.mapValues { $0.groups[key] ?? MeasureValues() } }
        if let least = t["min_denominator"]?.number {
            var other: [String: MeasureValues]?
            keys = keys.filter { key in
                let values = measures(key)
                guard size(values) < least else { return true }
                var merged = other ?? [:]
                for (name, value) in values { merged[name, default: MeasureValues()].merge(value) }
                other = merged
                return false
            }
            outcome.otherGroup = other.map { point($0, month: nil, days: days, group: .other, shareOf: share) }
        }
        var groups = keys.map { key in
            let values = measures(key)
            return (key: key, size: size(values), point: point(values, month: nil, days: days, group: group(key), shareOf: share))
        }
        if let top = t["top"]?.table {
            // Groups without a value sort after those with one, whatever the order.
            let order = top["order"]?.string ?? "value_desc"
            groups.sort { a, b in
                switch order {
                case "denominator_desc" where a.size != b.size: return a.size > b.size
                case "value_asc", "value_desc":
                    switch (a.point.value, b.point.value) {
                    case (nil, nil): break
                    case (nil, _?): return false
                    case (_?, nil): return true
                    case (let x?, let y?) where x != y: return order == "value_asc" ? x < y : x > y
                    default: break
                    }
                default: break
                }
                return a.key.lexicographicallyPrecedes(b.key)
            }
            if let n = top["n"]?.number, n < Double(groups.count) { groups = Array(groups.prefix(Int(max(0, n)))) }
        }
        outcome.byGroup = groups.map { ($0.key, $0.point) }
    }

    /// A group's size for `min_denominator` and `denominator_desc`: its denominator, or without
    /// one its largest row count among the measures (rows with a value).
    private func size(_ measures: [String: MeasureValues]) -> Double {
        if definition.table["denominator"] != nil { return measured("denominator", measures) ?? 0 }
        return Double(measures.values.map(\.count).max() ?? 0)
    }

    /// `ctx.group` for a key: the string for one field or a function, a table by field name for several.
    private func group(_ key: [String]) -> GroupContext {
        let fields = groupFields
        return fields.count > 1 ? .fields(Array(zip(fields, key))) : .key(key.first ?? "")
    }
}

/// What `value(m, ctx)` sees as `ctx.group`.
enum GroupContext {
    case key(String)
    case fields([(String, String)])
    /// The groups `min_denominator` folded: the string "other".
    static let other = GroupContext.key("other")
}
