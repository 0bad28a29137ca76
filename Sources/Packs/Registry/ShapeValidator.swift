import LuaRuntime

/// Checks snapshot values against registry shapes. Messages name the field path and say what
/// was expected, in the pack author's terms.
enum ShapeValidator {
    /// The key the measure and operator builders mark their tables with (a NUL keeps it out of
    /// any name a script could write by accident).
    static let measureMarker = "\u{0}measure"
    static let operatorMarker = "\u{0}operator"

    /// nil when `value` fits; otherwise what is wrong.
    static func problem(_ value: SnapshotValue, _ shape: Shape, at path: String) -> String? {
        switch shape {
        case .text, .dataset, .role, .fieldPath:
            return value.string.map { $0.isEmpty ? "\(path) must not be empty" : nil } ?? expected(path, shape, value)
        case .number:
            return value.number != nil ? nil : expected(path, shape, value)
        case .integer:
            if case .value(.integer) = value { return nil }
            if let n = value.number, n.rounded() == n { return nil }
            return expected(path, shape, value)
        case .bool:
            return value.bool != nil ? nil : expected(path, shape, value)
        case .function:
            return value.function != nil ? nil : expected(path, shape, value)
        case .choice(let options):
            guard let s = value.string else { return expected(path, shape, value) }
            return options.contains(s) ? nil : "\(path) must be one of \(options.map { "\"\($0)\"" }.joined(separator: ", ")), not \"\(s)\""
        case .list(let element):
            guard let table = value.table, table.fields.isEmpty, table.otherKeys.isEmpty else { return expected(path, shape, value) }
            for (index, item) in table.items.enumerated() {
                if let problem = problem(item, element, at: "\(path)[\(index + 1)]") { return problem }
            }
            return nil
        case .map(let element):
            guard let table = value.table, table.items.isEmpty, table.otherKeys.isEmpty else { return expected(path, shape, value) }
            for name in table.fieldNames {
                if let problem = problem(table[name]!, element, at: "\(path).\(name)") { return problem }
            }
            return nil
        case .measure:
            guard let table = value.table, table[measureMarker]?.string != nil else {
                return "\(path) must be a measure such as count(\"claims\") or sum(\"charges\", \"amount\"), not a \(value.typeName)"
            }
            return nil
        case .filter:
            if value.function != nil { return nil }
            guard let table = value.table, table.items.isEmpty else {
                return "\(path) must be a function(row) or a table of field = value, not a \(value.typeName)"
            }
            return nil
        case .record(let rules):
            guard let table = value.table else { return expected(path, shape, value) }
            return recordProblem(table, rules, at: path)
        case .either(let shapes):
            for candidate in shapes where problem(value, candidate, at: path) == nil { return nil }
            return expected(path, shape, value)
        }
    }

    /// Unknown fields, missing required fields, and each present field's shape.
    static func recordProblem(_ table: TableSnapshot, _ rules: [FieldRule], at path: String) -> String? {
        let prefix = path.isEmpty ? "" : path + "."
        for name in table.fieldNames where !rules.contains(where: { $0.name == name }) {
            let known = rules.map(\.name).joined(separator: ", ")
            return "unknown field '\(prefix)\(name)'" + (suggestion(for: name, in: rules.map(\.name)).map { " (did you mean '\($0)'?)" } ?? "") + "; the fields are \(known)"
        }
        if !table.items.isEmpty || !table.otherKeys.isEmpty {
            return (path.isEmpty ? "the definition" : path) + " must have only named fields (name = value), not list items"
        }
        for rule in rules {
            guard let value = table[rule.name] else {
                if rule.required { return "\(prefix)\(rule.name) is required (\(rule.help))" }
                continue
            }
            if let problem = problem(value, rule.shape, at: prefix + rule.name) { return problem }
        }
        return nil
    }

    private static func expected(_ path: String, _ shape: Shape, _ value: SnapshotValue) -> String {
        "\(path) must be a \(shape.documentation), not a \(value.typeName)"
    }

    /// A known name within two edits of `name`, for typos.
    static func suggestion(for name: String, in known: [String]) -> String? {
        known.map { ($0, editDistance(name, $0)) }.filter { $0.1 <= 2 }.min { $0.1 < $1.1 }?.0
    }

    private static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var previous = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(b.count, 1) where !b.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return a.isEmpty ? b.count : previous[b.count]
    }
}
