import DataModel
import LuaRuntime
import Packs

extension KPIEvaluator {
    /// One measure at `asOf`: its rows (`where`, then `window`), each row's period day, group
    /// key and value, aggregated overall, by month and by group. Throws why the KPI is skipped.
    /// `keys`: where the measure sits in the definition.
    func collect(_ measure: TableSnapshot, keys: [String], asOf: Int32?, grouped: Bool, errors: inout [ScriptErrorGroup],
                 partial: inout [String]) throws(Reason) -> Collected {
        guard let kindName = measure["\u{0}measure"]?.string, let kind = MeasureValues.Kind(rawValue: kindName),
              let dataset = measure["dataset"]?.string else { throw Reason("malformed measure") }
        guard let table = data.store.table(dataset), tables[dataset] != nil else { throw Reason("\(dataset) not in the data") }
        var admitted = try admittedRows(measure["where"], keys: keys + ["where"], dataset: dataset, table: table, asOf: asOf,
                                        errors: &errors, partial: &partial)
        let options = measure["options"]?.table
        let period = options?["period"].map { ($0, keys + ["options", "period"]) } ?? definition.table["period"].map { ($0, ["period"]) }
        var days = try periodDays(period, admitted, dataset: dataset, table: table, errors: &errors)
        if let trailing = options?["window"]?.table?["trailing_days"]?.number {
            // Like `within(-N, 0)`: the N days before as-of and as-of itself.
            guard let asOf else { throw Reason("window needs an as-of date") }
            guard let all = days else { throw Reason("window needs a period on \(dataset)") }
            // Clamped so a huge or non-finite length cannot trap the conversion.
            let low = Int64(asOf) - Int64(trailing.isFinite ? min(max(trailing, -100_000), 100_000) : 0)
            let kept = all.indices.filter { all[$0].map { (low...Int64(asOf)).contains(Int64($0)) } ?? false }
            admitted = kept.map { admitted[$0] }
            days = kept.map { all[$0] }
        }
        var collected = Collected()
        collected.hasPeriod = days != nil
        var groups: [[String]?] = []
        do {
            if grouped { groups = try groupKeys(admitted, dataset: dataset, table: table, errors: &errors) }
        } catch {
            collected.groupProblem = error.text
        }
        func add(_ i: Int, _ apply: (inout MeasureValues) -> Void) {
            apply(&collected.overall)
            if let day = days?[i] {
                collected.firstDay = min(collected.firstDay ?? day, day)
                collected.lastDay = max(collected.lastDay ?? day, day)
                let (year, month, _) = CivilDate.civil(days: Int(day))
                apply(&collected.months[year * 12 + month - 1, default: MeasureValues()])
            }
            if i < groups.count, let key = groups[i] { apply(&collected.groups[key, default: MeasureValues()]) }
        }
        if kind == .count {
            for i in admitted.indices { add(i) { $0.addRow() } }
            return collected
        }
        if let path = measure["value"]?.string {
            let reader: FieldReader
            do { reader = try FieldReader(path: path, from: dataset, in: data) } catch {
                switch error { case .absent(let why), .unknown(let why): throw Reason(why) }
            }
            for (i, row) in admitted.enumerated() {
                switch reader.value(row) {
                case .money(let cents)?: add(i) { $0.addRow(); $0.add(cents: cents) }
                case .int(let n)?: add(i) { $0.addRow(); $0.add(number: Double(n)) }
                case .number(let d)?: add(i) { $0.addRow(); $0.add(number: d) }
                default: continue   // nil values are skipped, as in SQL
                }
            }
        } else if let function = measure["value"]?.function {
            // `money = true`: the function gives integer cents, summed exactly.
            let money = options?["money"]?.bool == true
            for (i, value) in try calls(function, at: keys + ["value"], dataset: dataset, table, admitted, errors: &errors).enumerated() {
                switch value {
                case .integer(let n): add(i) { $0.addRow(); if money { $0.add(cents: n) } else { $0.add(number: Double(n)) } }
                case .number(let d) where d.isFinite && (!money || abs(d) < 9e18):   // cents that fit an Int64
                    add(i) { $0.addRow(); if money { $0.add(cents: Int64(d.rounded())) } else { $0.add(number: d) } }
                default: continue
                }
            }
        }
        return collected
    }

    /// The rows `where` admits: a predicate (truthy results), or a table read in Swift whose
    /// `failed` key tests the policy failures on each row.
    private func admittedRows(_ filter: SnapshotValue?, keys: [String], dataset: String, table: Table, asOf: Int32?,
                              errors: inout [ScriptErrorGroup], partial: inout [String]) throws(Reason) -> [Int] {
        let all = Array(0..<data.evaluatedRowCount(table))
        guard let filter else { return all }
        if let function = filter.function {
            let values = try calls(function, at: keys, dataset: dataset, table, all, errors: &errors)
            return all.filter { PolicyEvaluator.truthy(values[$0]) }
        }
        guard let clauses = filter.table else { throw Reason("where: a function or a table") }
        var admitted = all
        if let failed = clauses["failed"] {
            guard let name = failed.string else { throw Reason("where failed: give a role or a policy id") }
            let (marked, notes) = failures.marks(name, dataset: dataset, rowCount: table.rowCount)
            partial += notes
            admitted = admitted.filter { marked[$0] }
        }
        do {
            let host = try HostFilter(clauses, dataset: dataset, data: data, asOf: asOf, excluding: ["failed"])
            return admitted.filter(host.admits)
        } catch {
            switch error { case .absent(let why), .unknown(let why): throw Reason(why) }
        }
    }

    /// Each admitted row's period day (nil where it has none); nil when the measure has no
    /// period, or its field is not on this dataset (the measure is then overall-only).
    /// `period`: the value and where it sits in the definition.
    private func periodDays(_ period: (SnapshotValue, [String])?, _ admitted: [Int], dataset: String, table: Table,
                            errors: inout [ScriptErrorGroup]) throws(Reason) -> [Int32?]? {
        if let (value, keys) = period, let function = value.function {
            // A function returns "YYYY-MM-DD" or a datetime; anything else leaves the row without a period.
            return try calls(function, at: keys, dataset: dataset, table, admitted, errors: &errors).map { value in
                guard case .string(let text) = value, text.utf8.count >= 10 else { return nil }
                return DateText.days(String(text.prefix(10)))
            }
        }
        guard let path = period?.0.string, let reader = try? FieldReader(path: path, from: dataset, in: data) else { return nil }
        return admitted.map { row in
            switch reader.value(row) {
            case .date(let days)?: days
            case .datetime(let seconds)?: Int32(seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
            default: nil
            }
        }
    }

    /// Calls `function` (at `keys` in the definition) on each of `rows`, wherever `rowCalls`
    /// runs them; an erroring row gives nil and counts in `errors`; reading an absent field
    /// skips the KPI.
    func calls(_ function: LuaReference, at keys: [String], dataset: String, _ table: Table, _ rows: [Int],
               errors: inout [ScriptErrorGroup]) throws(Reason) -> [LuaValue] {
        let request = RowCallRequest(function: function, kpi: definition.id ?? "", keys: keys, dataset: dataset, table: table,
                                     rows: rows, day: clock?.days ?? asOf)
        let result = rowCalls.call(request)
        for group in result.errors { errors.merge(group) }
        if let absent = result.absent { throw Reason(absent) }
        return result.values
    }
}
