import DataModel
import LuaRuntime
import Packs

/// Computes one KPI in one state (SPEC section 3, "Measures"): each measure over its dataset,
/// filtered by `where` (a function, or a table evaluated in Swift), valued by a field read in
/// Swift or a function; overall, per month of `period` and per `by` group; then numerator ÷
/// denominator, the numerator alone, or `value(m, ctx)`. A `snapshot = { every = "month_end" }`
/// KPI is measured again at each month end (see `KPIEvaluator+Snapshot.swift`).
public struct KPIEvaluator {
    let state: LuaState
    let data: EngineData
    let tables: [String: RegisteredTable]
    let definition: Definition
    let asOf: Int32?
    /// `function(value, month, days, group, ngroup, name1, v1, …)` that calls `value(m, ctx)`; see `valueCaller`.
    let caller: LuaReference?
    /// The state's `date.as_of()`, moved while a snapshot measures at a month end; nil: never moved.
    let clock: AsOfClock?
    /// Policy failures, for `where = { failed = … }`.
    let failures: FailedRows
    /// Where the measures' row callbacks run.
    let rowCalls: any RowCalls

    /// An evaluator whose row callbacks all run in `state`.
    public init(state: LuaState, data: EngineData, tables: [String: RegisteredTable], definition: Definition,
                asOf: Int32?, caller: LuaReference?, clock: AsOfClock? = nil, failures: FailedRows = FailedRows()) {
        self.init(state: state, data: data, tables: tables, definition: definition, asOf: asOf, caller: caller, clock: clock,
                  failures: failures, rowCalls: StateRowCalls(state: state, tables: tables))
    }

    init(state: LuaState, data: EngineData, tables: [String: RegisteredTable], definition: Definition, asOf: Int32?,
         caller: LuaReference?, clock: AsOfClock?, failures: FailedRows, rowCalls: any RowCalls) {
        self.rowCalls = rowCalls
        self.state = state
        self.data = data
        self.tables = tables
        self.definition = definition
        self.asOf = asOf
        self.caller = caller
        self.clock = clock
        self.failures = failures
    }

    /// Lua that builds the measure table and context for `value(m, ctx)`: load it once per
    /// state, in an environment of its own, and pass it as `caller`. `ngroup` > 0: the first
    /// `ngroup` pairs of the varargs are a multi-field group key, made into `ctx.group`'s table.
    public static let valueCaller = """
        return function(value, month, days, group, ngroup, ...)
          local m, count, first = {}, select('#', ...), 1
          if ngroup > 0 then
            group = {}
            for i = 1, 2 * ngroup, 2 do group[(select(i, ...))] = (select(i + 1, ...)) end
            first = 2 * ngroup + 1
          end
          for i = first, count, 2 do m[(select(i, ...))] = (select(i + 1, ...)) end
          return value(m, { month = month, days = days, group = group })
        end
        """

    public static let maxGroups = 10_000

    /// What one measure collected at one as-of date.
    struct Collected {
        var overall = MeasureValues()
        /// By month, keyed year × 12 + month − 1.
        var months: [Int: MeasureValues] = [:]
        var groups: [[String]: MeasureValues] = [:]
        var hasPeriod = false
        /// The first and last day of the period values seen (for the overall `ctx.days`).
        var firstDay: Int32?
        var lastDay: Int32?
        /// `by` could not be evaluated on this measure's rows: why.
        var groupProblem: String?
    }

    /// Every measure of the KPI at one as-of date.
    struct Measurement {
        var collected: [String: Collected] = [:]
        var errors: [ScriptErrorGroup] = []
        var partial: [String] = []
        var skipped: String?
    }

    struct Reason: Error { let text: String; init(_ text: String) { self.text = text } }

    /// The numerator, denominator and named measures, by name.
    var namedMeasures: [(String, TableSnapshot)] { Self.namedMeasures(of: definition) }

    /// Where a measure of `namedMeasures` sits in the definition.
    static func keys(ofMeasure name: String) -> [String] {
        name == "numerator" || name == "denominator" ? [name] : ["measures", name]
    }

    static func namedMeasures(of definition: Definition) -> [(String, TableSnapshot)] {
        let t = definition.table
        var named: [(String, TableSnapshot)] = []
        for key in ["numerator", "denominator"] { if let m = t[key]?.table { named.append((key, m)) } }
        if let measures = t["measures"]?.table {
            for key in measures.fieldNames { if let m = measures[key]?.table { named.append((key, m)) } }
        }
        return named
    }

    public func evaluate() -> KPIOutcome {
        var outcome = KPIOutcome(id: definition.id ?? "")
        let measurement = measure(at: asOf)
        outcome.errorGroups = measurement.errors
        if let skipped = measurement.skipped {
            outcome.skipped = skipped
            return outcome
        }
        if let disabled = disabled(outcome.errorGroups) { return disabled }
        outcome.partial = measurement.partial
        let t = definition.table
        let collected = measurement.collected
        let first = collected.values.compactMap(\.firstDay).min(), last = collected.values.compactMap(\.lastDay).max()
        // The overall `ctx.days`: from the first to the last period value.
        let overallDays = first.flatMap { f in last.map { Int($0 - f + 1) } }
        outcome.overall = point(collected.mapValues(\.overall), month: nil, days: overallDays, group: nil)
        if t["by"] != nil { addGroups(collected, overall: outcome.overall, days: overallDays, to: &outcome) }
        if let snapshot = t["snapshot"]?.table {
            addSnapshots(snapshot, atAsOf: collected, to: &outcome)
        } else {
            let overallOnly = namedMeasures.map(\.0).filter { t["period"] != nil && collected[$0]?.hasPeriod == false }
            if !overallOnly.isEmpty { outcome.byMonthNote = "overall only: " + overallOnly.joined(separator: ", ") }
            // In month order: `value` calls then run in the same order every run.
            for key in Set(collected.values.flatMap { $0.months.keys }).sorted() {
                let (year, month) = (key / 12, key % 12 + 1)
                outcome.byMonth[Self.monthText(year: year, month: month)] = point(
                    collected.mapValues { $0.months[key] ?? MeasureValues() }, month: Self.monthText(year: year, month: month),
                    days: CivilDate.daysInMonth(year: year, month: month), group: nil)
            }
        }
        // Snapshot points add their errors: the total may disable the KPI too.
        if let disabled = disabled(outcome.errorGroups) { return disabled }
        outcome.errors = outcome.errorGroups.reduce(0) { $0 + $1.count }
        if let target = t["target"]?.table {
            let value = outcome.overall?.value
            if let bound = target["at_least"]?.number { outcome.met = value.map { $0 >= bound } ?? false }
            if let bound = target["at_most"]?.number { outcome.met = value.map { $0 <= bound } ?? false }
        }
        return outcome
    }

    /// The outcome of a KPI whose callbacks failed on 100 rows or more (SPEC section 4): no results.
    private func disabled(_ errors: [ScriptErrorGroup]) -> KPIOutcome? {
        let count = errors.reduce(0) { $0 + $1.count }
        guard count >= PolicyEvaluator.disableAfterErrors else { return nil }
        var outcome = KPIOutcome(id: definition.id ?? "")
        outcome.errorGroups = errors
        outcome.errors = count
        outcome.disabled = "callbacks failed on \(count) rows"
        return outcome
    }

    /// Every measure with the as-of date at `day` (scripts' `date.as_of()`, `within`, windows);
    /// by group only when `grouped` (month-end points have no `by_group`).
    func measure(at day: Int32?, grouped: Bool = true) -> Measurement {
        // The state follows its clock: `date.as_of()` and dated fields (`balance_as_of`).
        let saved = clock?.days
        clock?.days = day
        defer { clock?.days = saved }
        var measurement = Measurement()
        for (name, spec) in namedMeasures {
            do {
                measurement.collected[name] = try collect(spec, keys: Self.keys(ofMeasure: name), asOf: day, grouped: grouped,
                                                         errors: &measurement.errors, partial: &measurement.partial)
            } catch {
                measurement.skipped = error.text
                return measurement
            }
        }
        var seen: Set<String> = []
        measurement.partial = measurement.partial.filter { seen.insert($0).inserted }
        return measurement
    }

    /// "YYYY-MM".
    static func monthText(year: Int, month: Int) -> String {
        String(CivilDate.format(days: Int32(CivilDate.days(year: year, month: month, day: 1))).prefix(7))
    }
}
