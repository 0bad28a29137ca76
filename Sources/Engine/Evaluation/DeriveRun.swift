import DataModel
import LuaRuntime
import Packs

/// `derive{}` fields (SPEC section 3): each `value` function runs once per row on the workers,
/// in the same fixed chunks as policies, and its results become a typed column that every later
/// phase reads like an ingested one — row proxies, `where` tables, `by`, `period`, measures —
/// without calling Lua again. A row whose callback raises (or returns the wrong type) gets a
/// missing value and a script error; 100 such rows disable the field, and a field that reads an
/// absent column is skipped. Either way the field is then absent, so what reads it is skipped.
public struct DerivedField: Sendable {
    public var dataset: String
    public var name: String
    /// Errors, skipped and disabled, as a policy would report them (id `dataset.name`).
    public var outcome: PolicyOutcome
    /// nil when skipped or disabled.
    public var column: Column?
}

extension PolicyRun {
    /// Evaluates the derive definitions in load order; a later one may read an earlier one's
    /// field only through a new run (fields are added after all are computed).
    public func derive(_ definitions: [Definition]) throws -> [DerivedField] {
        try definitions.filter { $0.kind == "derive" }.map(derive)
    }

    func derive(_ definition: Definition) throws -> DerivedField {
        let id = definition.id ?? "", t = definition.table
        let dataset = t["dataset"]?.string ?? "", name = t["name"]?.string ?? ""
        let type = FieldType(rawValue: t["type"]?.string ?? "") ?? .text
        guard let table = data.store.table(dataset) else {
            return DerivedField(dataset: dataset, name: name, outcome: PolicyOutcome(id: id, skipped: "\(dataset) not in the data"), column: nil)
        }
        let seed = definition.randomSeed
        let parts = try chunks(of: table.rowCount) { worker, chunk -> (PolicyOutcome, ColumnData) in
            var outcome = PolicyOutcome(id: id)
            var values = ColumnData(kind: type.storage)
            var start = chunk.lowerBound
            while start < chunk.upperBound {
                let state = try worker.liveState()
                guard let value = worker.definitions[id]?.table["value"]?.function, let rows = worker.tables[dataset] else { break }
                let batch = state.callRows(value, over: rows, rows: start..<chunk.upperBound, seed: seed)
                for (offset, result) in batch.values.enumerated() {
                    if let problem = Self.append(result, as: type, to: &values) {
                        values.appendMissing()
                        outcome.errors.merge(ScriptErrorGroup(file: definition.file, line: definition.line, message: problem, count: 1,
                                                              records: [table.recordID(start + offset)]))
                        outcome.rowErrors.append((row: Int32(start + offset), message: problem))
                    }
                }
                start += batch.values.count
                guard let error = batch.error else { continue }
                if error.readAbsentColumn {
                    outcome.skipped = ScriptErrorGroup.withoutPlace(error.message, file: error.chunk, line: error.line)
                    return (outcome, values)
                }
                values.appendMissing()
                outcome.errors.record(error, record: table.recordID(start))
                outcome.rowErrors.append((row: Int32(start), message: ScriptErrorGroup.withoutPlace(error.message, file: error.chunk, line: error.line)))
                start += 1   // a breach ends the state; liveState() makes a fresh one for the next row
                if outcome.errorCount >= PolicyEvaluator.disableAfterErrors {
                    // Disabled anyway: a callback that breaches on every row must not reload a state for each.
                    for _ in start..<chunk.upperBound { values.appendMissing() }
                    break
                }
            }
            outcome.evaluated = chunk.count
            outcome.logs = worker.takeOutput().map { (record: $0.row.map { table.recordID($0) } ?? "", message: $0.text) }
            return (outcome, values)
        }
        let outcome = Self.merge(parts.map { $0.0 }, id: id)
        guard outcome.skipped == nil, outcome.disabled == nil else { return DerivedField(dataset: dataset, name: name, outcome: outcome, column: nil) }
        var merged = ColumnData(kind: type.storage)
        for part in parts { merged.append(contentsOf: part.1) }
        return DerivedField(dataset: dataset, name: name, outcome: outcome, column: Column(name: name, type: type, sealing: merged))
    }

    /// Appends `value` as `type`; returns why it cannot (nothing appended then).
    static func append(_ value: LuaValue, as type: FieldType, to column: inout ColumnData) -> String? {
        if case .nil = value { column.appendMissing(); return nil }
        switch (type, value) {
        case (.bool, .boolean(let b)): column.appendBool(b)
        case (.int, .integer(let i)): column.appendInt64(i)
        case (.int, .number(let d)) where d == d.rounded() && abs(d) < 9e15: column.appendInt64(Int64(d))
        case (.number, .integer(let i)): column.appendDouble(Double(i))
        case (.number, .number(let d)) where d.isFinite: column.appendDouble(d)
        case (.money, .integer(let i)): column.appendInt64(i * 100)
        case (.money, .number(let d)) where d.isFinite && abs(d) < 9e13: column.appendInt64(Int64((d * 100).rounded()))
        case (.date, .string(let text)):
            guard let days = DateText.days(String(text.prefix(10))) else { return "derive returned '\(text)', not a date YYYY-MM-DD" }
            column.appendInt32(days)
        case (.text, .string(let text)):
            var text = text
            if text.isEmpty { column.appendMissing() } else { text.withUTF8 { column.appendText($0.baseAddress!, $0.count) } }
        default:
            return "derive of type \(type.rawValue) returned \(typeName(value))"
        }
        return nil
    }

    private static func typeName(_ value: LuaValue) -> String {
        switch value {
        case .nil: "nil"
        case .boolean: "a boolean"
        case .integer, .number: "a number"
        case .string: "a string"
        default: "a table or function"
        }
    }
}
