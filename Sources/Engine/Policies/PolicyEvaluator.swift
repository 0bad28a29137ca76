import DataModel
import LuaRuntime
import Packs

/// Runs one policy's callbacks over its dataset in one sandboxed state: `where`, `check`, and
/// for failing rows the person (`staff`) and dollars at risk (`amount`), each from a declared
/// path read in Swift or from a function. Rows are evaluated in order; the caller splits work
/// into chunks and merges outcomes in chunk order, so results never depend on `--jobs`.
public struct PolicyEvaluator {
    public static let disableAfterErrors = 100

    let state: LuaState
    let data: EngineData
    let table: Table
    let rows: RegisteredTable
    let definition: Definition
    /// The run's as-of date (days since 1970-01-01), for `within`.
    let asOf: Int32?
    /// A failure of this policy before the check's answer says more (role, severity, title).
    private let plainFailure: PolicyFailure

    public init(state: LuaState, data: EngineData, table: Table, rows: RegisteredTable, definition: Definition, asOf: Int32? = nil) {
        self.state = state
        self.data = data
        self.table = table
        self.rows = rows
        self.definition = definition
        self.asOf = asOf
        let spec = definition.table
        plainFailure = PolicyFailure(row: 0, role: spec["role"]?.string ?? "", staffID: nil, severity: spec["severity"]?.string ?? "error",
                                     code: nil, message: spec["title"]?.string ?? "failed", amountCents: nil)
    }

    private var spec: TableSnapshot { definition.table }

    private var seed: UInt64 { definition.randomSeed }

    public func evaluate(rows range: Range<Int>) -> PolicyOutcome {
        var outcome = evaluateRows(range)
        outcome.logs = state.takeOutput().map { (record: $0.row.map { table.recordID($0) } ?? "", message: $0.text) }
        return outcome
    }

    private func evaluateRows(_ range: Range<Int>) -> PolicyOutcome {
        var outcome = PolicyOutcome(id: definition.id ?? "")
        outcome.evaluatedRows = RowBits(base: range.lowerBound)
        guard let check = spec["check"]?.function else { return outcome }
        let paths = (staff: readerOrNil(spec["staff"]?.string), amount: readerOrNil(spec["amount"]?.string))
        switch spec["where"] {
        case nil:
            _ = checkRows(range, check, paths, into: &outcome)
        case .some(let filter) where filter.function != nil:
            // Each row is filtered then checked, so a breach leaves every earlier row complete.
            for row in range {
                let admitted = state.callRows(filter.function!, over: rows, rows: row..<(row + 1), seed: seed)
                if let error = admitted.error {
                    if stop(after: error, row: row, into: &outcome) { return outcome }
                    continue
                }
                if Self.truthy(admitted.values[0]), !checkRows(row..<(row + 1), check, paths, into: &outcome) { return outcome }
            }
        case .some(let filter):
            guard let table = filter.table, let dataset = spec["dataset"]?.string else { return outcome }
            let host: HostFilter
            do { host = try HostFilter(table, dataset: dataset, data: data, asOf: asOf) } catch {
                switch error {
                case .absent(let reason), .unknown(let reason): outcome.skipped = reason
                }
                return outcome
            }
            for run in Self.runs(of: range.filter(host.admits)) where !checkRows(run, check, paths, into: &outcome) {
                return outcome
            }
        }
        return outcome
    }

    /// Checks `range` in batches; false when evaluation must end (see `stop`).
    private func checkRows(_ range: Range<Int>, _ check: LuaReference, _ paths: (staff: FieldReader?, amount: FieldReader?),
                           into outcome: inout PolicyOutcome) -> Bool {
        var start = range.lowerBound
        while start < range.upperBound {
            let batch = state.callRows(check, over: rows, rows: start..<range.upperBound, seed: seed)
            for (offset, value) in batch.values.enumerated() {
                let row = start + offset
                outcome.evaluated += 1
                outcome.evaluatedRows.insert(row)
                guard var failure = decode(value, row: row, into: &outcome) else { continue }
                if failure.staffID == nil { failure.staffID = staff(row, path: paths.staff, into: &outcome) }
                if failure.amountCents == nil { failure.amountCents = amount(row, path: paths.amount, into: &outcome) }
                if outcome.ended { return false }   // rows after this one run again on a fresh state
                outcome.failures.append(failure)
            }
            start += batch.values.count
            guard let error = batch.error else { continue }
            outcome.evaluated += 1
            if stop(after: error, row: start, into: &outcome) { return false }
            start += 1
        }
        return true
    }

    /// Consecutive rows as ranges, so each range is one batch of calls.
    static func runs(of rows: [Int]) -> [Range<Int>] {
        var runs: [Range<Int>] = []
        var index = 0
        while index < rows.count {
            var end = index + 1
            while end < rows.count, rows[end] == rows[end - 1] + 1 { end += 1 }
            runs.append(rows[index]..<(rows[end - 1] + 1))
            index = end
        }
        return runs
    }

    /// Records a row's error; true when evaluation must end here (skipped, disabled, or the
    /// state was breached, in which case `resumeAt` says where a fresh state picks up).
    private func stop(after error: ScriptError, row: Int, into outcome: inout PolicyOutcome) -> Bool {
        if record(error, row: row, into: &outcome) { return true }
        guard error.breach != nil else { return false }
        outcome.resumeAt = row + 1
        return true
    }

    static func truthy(_ value: LuaValue) -> Bool {
        switch value {
        case .nil, .boolean(false): false
        default: true
        }
    }

    // MARK: - Results

    /// nil or true pass; false, a string or a table fail (SPEC section 3); anything else is a
    /// script error, recorded here.
    private func decode(_ value: LuaValue, row: Int, into outcome: inout PolicyOutcome) -> PolicyFailure? {
        // Most rows pass: the failure's fields are looked up only for the rows that fail.
        if case .nil = value { return nil }
        if case .boolean(true) = value { return nil }
        var failure = plainFailure
        failure.row = row
        switch value {
        case .boolean(false): return failure
        case .string(let message):
            failure.message = message
            return failure
        case .table(let reference):
            defer { state.release(reference) }
            guard let fields = try? state.snapshot(reference, maxEntries: 1_000) else { return failure }
            if let message = fields["message"]?.string { failure.message = message }
            failure.code = fields["code"]?.string
            if let role = fields["role"]?.string { failure.role = role }
            if let staff = fields["staff"]?.string { failure.staffID = staff }
            if let severity = fields["severity"]?.string, severity == "error" || severity == "warning" { failure.severity = severity }
            if let dollars = fields["amount"]?.number, dollars.isFinite { failure.amountCents = Int64((dollars * 100).rounded()) }
            return failure
        default:
            addError(file: definition.file, line: definition.line,
                     message: "check returned a \(Self.typeName(value)); return nil or true to pass, false, a message or a table to fail",
                     row: row, into: &outcome)
            return nil
        }
    }

    private static func typeName(_ value: LuaValue) -> String {
        switch value {
        case .integer, .number: "number"
        case .function: "function"
        default: "\(value)"
        }
    }

    private func readerOrNil(_ path: String?) -> FieldReader? {
        guard let path, let dataset = spec["dataset"]?.string else { return nil }
        return try? FieldReader(path: path, from: dataset, in: data)
    }

    private func staff(_ row: Int, path: FieldReader?, into outcome: inout PolicyOutcome) -> String? {
        if let path { return path.text(row) }
        guard let function = spec["staff"]?.function else { return nil }
        let result = state.callRows(function, over: rows, rows: row..<(row + 1), seed: seed)
        if let error = result.error { _ = stop(after: error, row: row, into: &outcome); return nil }
        return result.values.first?.stringValue
    }

    private func amount(_ row: Int, path: FieldReader?, into outcome: inout PolicyOutcome) -> Int64? {
        if let path { return path.cents(row) }
        guard let function = spec["amount"]?.function else { return nil }
        let result = state.callRows(function, over: rows, rows: row..<(row + 1), seed: seed)
        if let error = result.error { _ = stop(after: error, row: row, into: &outcome); return nil }
        switch result.values.first {
        case .integer(let i)?: return i * 100
        case .number(let d)? where d.isFinite: return Int64((d * 100).rounded())
        default: return nil
        }
    }

    // MARK: - Errors

    /// Records a row's script error. Returns true when the policy must stop: it read an absent
    /// column (skipped), reached the error limit (disabled), or broke its state (a breach).
    private func record(_ error: ScriptError, row: Int, into outcome: inout PolicyOutcome) -> Bool {
        if error.readAbsentColumn {
            outcome.skipped = Self.withoutPlace(error.message, file: error.chunk, line: error.line)
            outcome.failures = []
            return true
        }
        addError(file: error.chunk, line: error.line, message: error.message, row: row, into: &outcome)
        if outcome.errorCount >= Self.disableAfterErrors {
            outcome.disabled = "callbacks failed on \(outcome.errorCount) rows"
            outcome.failures = []
            return true
        }
        return false
    }

    private func addError(file: String, line: Int, message: String, row: Int, into outcome: inout PolicyOutcome) {
        let message = Self.withoutPlace(message, file: file, line: line)
        outcome.errors.merge(ScriptErrorGroup(file: file, line: line, message: message, count: 1, records: [table.recordID(row)]))
        outcome.rowErrors.append((row: Int32(row), message: message))
    }

    static func withoutPlace(_ message: String, file: String, line: Int) -> String {
        ScriptErrorGroup.withoutPlace(message, file: file, line: line)
    }
}

extension Definition {
    /// `math.random` is seeded per (definition, record): this part comes from the id (FNV-1a),
    /// the record's part from its row, which the input order fixes.
    var randomSeed: UInt64 {
        (id ?? "").utf8.reduce(0xcbf2_9ce4_8422_2325 as UInt64) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
    }
}
