import DataModel
import LuaRuntime
import Packs

/// Computes one KPI in one state (SPEC section 3, "Measures"): each measure over its dataset,
/// filtered by `where` (a function, or a table evaluated in Swift), valued by a field read in
/// Swift or a function; overall and per month of `period`; then numerator ÷ denominator, the
/// numerator alone, or `value(m, ctx)`.
public struct KPIEvaluator {
    let state: LuaState
    let data: EngineData
    let tables: [String: RegisteredTable]
    let definition: Definition
    let asOf: Int32?
    /// `function(value, month, days, name1, v1, …)` that calls `value(m, ctx)`; see `valueCaller`.
    let caller: LuaReference?

    public init(state: LuaState, data: EngineData, tables: [String: RegisteredTable], definition: Definition,
                asOf: Int32?, caller: LuaReference?) {
        self.state = state
        self.data = data
        self.tables = tables
        self.definition = definition
        self.asOf = asOf
        self.caller = caller
    }

    /// Lua that builds the measure table and context for `value(m, ctx)`: load it once per
    /// state, in an environment of its own, and pass it as `caller`.
    public static let valueCaller = """
        return function(value, month, days, ...)
          local m, count = {}, select('#', ...)
          for i = 1, count, 2 do m[(select(i, ...))] = (select(i + 1, ...)) end
          return value(m, { month = month, days = days })
        end
        """

    private struct Collected {
        var overall = MeasureValues()
        var months: [String: MeasureValues] = [:]
        var groups: [[String]: MeasureValues] = [:]
        var hasPeriod = false
        /// The first and last day of the period values seen (for the overall `ctx.days`).
        var firstDay: Int64?
        var lastDay: Int64?
        /// `by` could not be evaluated on this measure's rows: why.
        var groupProblem: String?
    }

    public static let maxGroups = 10_000


    public func evaluate() -> KPIOutcome {
        var outcome = KPIOutcome(id: definition.id ?? "")
        let t = definition.table
        var named: [(String, TableSnapshot)] = []
        for key in ["numerator", "denominator"] { if let m = t[key]?.table { named.append((key, m)) } }
        if let measures = t["measures"]?.table { for key in measures.fieldNames { named.append((key, measures[key]!.table!)) } }
        var collected: [String: Collected] = [:]
        var overallOnly: [String] = []
        for (name, measure) in named {
            switch collect(measure, errors: &outcome.errorGroups) {
            case .failure(let reason):
                outcome.skipped = reason.text
                return outcome
            case .success(let values):
                collected[name] = values
                if t["period"] != nil && !values.hasPeriod { overallOnly.append(name) }
            }
        }
        outcome.errors = outcome.errorGroups.reduce(0) { $0 + $1.count }
        if outcome.errors >= PolicyEvaluator.disableAfterErrors {
            outcome.disabled = "callbacks failed on \(outcome.errors) rows"
            return outcome
        }
        if !overallOnly.isEmpty { outcome.byMonthNote = "overall only: " + overallOnly.joined(separator: ", ") }
        let first = collected.values.compactMap(\.firstDay).min(), last = collected.values.compactMap(\.lastDay).max()
        // The overall `ctx.days`: from the first to the last period value.
        let overallDays = first.flatMap { f in last.map { Int($0 - f + 1) } }
        outcome.overall = point(collected.mapValues { $0.overall }, month: nil, days: overallDays)
        if t["by"] != nil {
            outcome.groupFields = groupFields
            if let problem = collected.values.compactMap(\.groupProblem).first {
                outcome.byGroupNote = problem
            } else {
                let keys = Set(collected.values.flatMap { $0.groups.keys }).sorted { $0.lexicographicallyPrecedes($1) }
                if keys.count > Self.maxGroups {
                    outcome.byGroupNote = "more than \(Self.maxGroups) groups"
                } else {
                    outcome.byGroup = keys.map { key in (key, point(collected.mapValues { $0.groups[key] ?? MeasureValues() }, month: nil, days: overallDays)) }
                }
            }
        }
        let months = Set(collected.values.flatMap { $0.months.keys }).sorted()
        for month in months {
            outcome.byMonth[month] = point(collected.mapValues { $0.months[month] ?? MeasureValues() }, month: month, days: days(month))
        }
        if let target = t["target"]?.table {
            let value = outcome.overall?.value
            if let bound = target["at_least"]?.number { outcome.met = value.map { $0 >= bound } ?? false }
            if let bound = target["at_most"]?.number { outcome.met = value.map { $0 <= bound } ?? false }
        }
        return outcome
    }

    // MARK: - Measures

    private func collect(_ measure: TableSnapshot, errors: inout [ScriptErrorGroup]) -> Result<Collected, Reason> {
        guard let kindName = measure["\u{0}measure"]?.string, let kind = MeasureValues.Kind(rawValue: kindName),
              let dataset = measure["dataset"]?.string else { return .failure(Reason("malformed measure")) }
        guard let table = data.store.table(dataset), let rows = tables[dataset] else { return .failure(Reason("\(dataset) not in the data")) }
        var admitted = Array(0..<table.rowCount)
        switch measure["where"] {
        case nil: break
        case .some(let filter) where filter.function != nil:
            switch calls(filter.function!, rows, table, admitted, errors: &errors) {
            case .failure(let reason): return .failure(reason)
            case .success(let values): admitted = zip(admitted, values).filter { PolicyEvaluator.truthy($0.1) }.map(\.0)
            }
        case .some(let filter):
            do {
                let host = try HostFilter(filter.table!, dataset: dataset, data: data, asOf: asOf)
                admitted = admitted.filter(host.admits)
            } catch {
                switch error { case .absent(let why), .unknown(let why): return .failure(Reason(why)) }
            }
        }
        let options = measure["options"]?.table
        let periodPath = options?["period"]?.string ?? definition.table["period"]?.string
        let period = periodPath.flatMap { try? FieldReader(path: $0, from: dataset, in: data) }
        var collected = Collected()
        collected.hasPeriod = period != nil
        func month(_ row: Int) -> String? {
            let day: Int64
            switch period?.value(row) {
            case .date(let days)?: day = Int64(days)
            case .datetime(let seconds)?: day = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
            default: return nil
            }
            collected.firstDay = min(collected.firstDay ?? day, day)
            collected.lastDay = max(collected.lastDay ?? day, day)
            return String(CivilDate.format(days: Int32(day)).prefix(7))
        }
        let groupKeys = groups(admitted, dataset: dataset, table: table, rows: rows, errors: &errors)
        switch groupKeys {
        case .failure(let reason): collected.groupProblem = reason.text
        case .success: break
        }
        let keyOf: [Int: [String]] = (try? groupKeys.get()) ?? [:]
        func add(_ row: Int, _ apply: (inout MeasureValues) -> Void) {
            apply(&collected.overall)
            if let key = month(row) { apply(&collected.months[key, default: MeasureValues()]) }
            if let key = keyOf[row] { apply(&collected.groups[key, default: MeasureValues()]) }
        }
        if kind == .count {
            for row in admitted { add(row) { $0.addRow() } }
            return .success(collected)
        }
        if let path = measure["value"]?.string {
            let reader: FieldReader
            do { reader = try FieldReader(path: path, from: dataset, in: data) } catch {
                switch error { case .absent(let why), .unknown(let why): return .failure(Reason(why)) }
            }
            for row in admitted {
                switch reader.value(row) {
                case .money(let cents)?: add(row) { $0.addRow(); $0.add(cents: cents) }
                case .int(let i)?: add(row) { $0.addRow(); $0.add(number: Double(i)) }
                case .number(let d)?: add(row) { $0.addRow(); $0.add(number: d) }
                default: continue   // nil values are skipped, as in SQL
                }
            }
        } else if let function = measure["value"]?.function {
            let money = options?["money"]?.bool == true
            switch calls(function, rows, table, admitted, errors: &errors) {
            case .failure(let reason): return .failure(reason)
            case .success(let values):
                for (row, value) in zip(admitted, values) {
                    switch value {
                    case .integer(let i): add(row) { $0.addRow(); if money { $0.add(cents: i) } else { $0.add(number: Double(i)) } }
                    case .number(let d) where d.isFinite:
                        add(row) { $0.addRow(); if money { $0.add(cents: Int64(d.rounded())) } else { $0.add(number: d) } }
                    default: continue
                    }
                }
            }
        }
        return .success(collected)
    }

    struct Reason: Error { let text: String; init(_ text: String) { self.text = text } }

    /// The `by` field names, or ["key"] when `by` is a function.
    private var groupFields: [String] {
        switch definition.table["by"] {
        case .value(.string(let path))?: [path]
        case .table(let list)?: list.items.compactMap(\.string)
        case .some: ["key"]
        case nil: []
        }
    }

    /// Each admitted row's group key; rows whose key has a missing value are left out of groups.
    /// A path that does not resolve on this dataset drops `by_group` with the reason.
    private func groups(_ admitted: [Int], dataset: String, table: Table, rows: RegisteredTable,
                        errors: inout [ScriptErrorGroup]) -> Result<[Int: [String]], Reason> {
        guard let by = definition.table["by"] else { return .success([:]) }
        if let function = by.function {
            switch calls(function, rows, table, admitted, errors: &errors) {
            case .failure(let reason): return .failure(reason)
            case .success(let values):
                var keys: [Int: [String]] = [:]
                for (row, value) in zip(admitted, values) {
                    switch value {
                    case .string(let s): keys[row] = [s]
                    case .integer(let i): keys[row] = [String(i)]
                    default: continue
                    }
                }
                return .success(keys)
            }
        }
        var readers: [FieldReader] = []
        for path in groupFields {
            do { readers.append(try FieldReader(path: path, from: dataset, in: data)) } catch {
                switch error { case .absent(let why), .unknown(let why): return .failure(Reason("by \(path): \(why)")) }
            }
        }
        var keys: [Int: [String]] = [:]
        for row in admitted {
            let parts = readers.compactMap { Self.display($0.value(row)) }
            if parts.count == readers.count { keys[row] = parts }
        }
        return .success(keys)
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

    /// Calls `function` on each of `rows` (in runs); an erroring row gives nil and counts in
    /// `errors`; reading an absent field skips the KPI.
    private func calls(_ function: LuaReference, _ registered: RegisteredTable, _ table: Table, _ rows: [Int],
                       errors: inout [ScriptErrorGroup]) -> Result<[LuaValue], Reason> {
        var values: [LuaValue] = []
        values.reserveCapacity(rows.count)
        for run in PolicyEvaluator.runs(of: rows) {
            var start = run.lowerBound
            while start < run.upperBound {
                let batch = state.callRows(function, over: registered, rows: start..<run.upperBound)
                values += batch.values
                start += batch.values.count
                guard let error = batch.error else { continue }
                if error.readAbsentColumn { return .failure(Reason(PolicyEvaluator.withoutPlace(error.message, file: error.chunk, line: error.line))) }
                errors.record(error, record: table.recordID(start))
                values.append(.nil)
                start += 1
            }
        }
        return .success(values)
    }

    // MARK: - Values

    private func point(_ measures: [String: MeasureValues], month: String?, days periodDays: Int?) -> KPIOutcome.Point {
        let t = definition.table
        func measured(_ name: String) -> Double? {
            guard let spec = t[name]?.table ?? t["measures"]?.table?[name]?.table,
                  let kind = spec["\u{0}measure"]?.string.flatMap(MeasureValues.Kind.init(rawValue:)) else { return nil }
            return measures[name]?.value(kind)
        }
        var point = KPIOutcome.Point(value: nil, reason: nil, numerator: nil, denominator: nil, measures: [:])
        if t["numerator"] != nil {
            point.numerator = measured("numerator")
            guard t["denominator"] != nil else {
                point.value = point.numerator
                return point
            }
            point.denominator = measured("denominator")
            guard let numerator = point.numerator, let denominator = point.denominator, denominator != 0 else {
                point.reason = "denominator is 0"
                return point
            }
            point.value = numerator / denominator
            return point
        }
        let names = t["measures"]?.table?.fieldNames ?? []
        for name in names { point.measures[name] = measured(name) }
        guard let value = t["value"]?.function, let caller else { return point }
        var arguments: [LuaValue] = [.function(value), month.map { .string($0) } ?? .nil, periodDays.map { .integer(Int64($0)) } ?? .nil]
        for name in names { arguments += [.string(name), (point.measures[name] ?? nil).map { .number($0) } ?? .nil] }
        do {
            switch try state.call(caller, arguments).first {
            case .number(let d)? where d.isFinite: point.value = d
            case .integer(let i)?: point.value = Double(i)
            default: point.reason = "value returned nil or a non-finite number"
            }
        } catch let error as ScriptError {
            point.reason = "value raised: " + PolicyEvaluator.withoutPlace(error.message, file: error.chunk, line: error.line)
        } catch {
            point.reason = "value raised: \(error)"
        }
        return point
    }

    /// Days in a "YYYY-MM" month.
    private func days(_ month: String?) -> Int? {
        guard let month, let year = Int(month.prefix(4)), let number = Int(month.suffix(2)) else { return nil }
        return CivilDate.daysInMonth(year: year, month: number)
    }
}
