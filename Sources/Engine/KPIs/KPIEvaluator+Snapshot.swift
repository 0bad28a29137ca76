import DataModel
import LuaRuntime
import Packs

extension KPIEvaluator {
    public static let maxSnapshotMonths = 120

    /// The dates a `snapshot = { every = "month_end", months = N }` KPI is measured at: the month
    /// ends of the N − 1 months before as-of's month, then as-of itself (which stands for its
    /// month, so the last `by_month` point is the overall value).
    static func snapshotDates(asOf: Int32, months: Int) -> [(month: String, day: Int32)] {
        let (year, month, _) = CivilDate.civil(days: Int(asOf))
        let current = year * 12 + month - 1
        var dates: [(month: String, day: Int32)] = []
        for back in stride(from: max(months, 1) - 1, to: 0, by: -1) {
            let (y, m) = ((current - back) / 12, (current - back) % 12 + 1)
            let end = CivilDate.days(year: y, month: m, day: CivilDate.daysInMonth(year: y, month: m))
            dates.append((monthText(year: y, month: m), Int32(end)))
        }
        dates.append((monthText(year: year, month: month), asOf))
        return dates
    }

    /// `by_month` of a month-end snapshot: each point measured again with the as-of date moved
    /// to it (`date.as_of()`, `within`, windows, `balance_as_of`). Policy results (`clean`,
    /// `row.failures`, `where = { failed = … }`) and proficiency stay those of the run's as-of:
    /// policies run once. `atAsOf` is the measurement already made at as-of. Script errors of
    /// every point add up; a point that cannot be measured is left out.
    func addSnapshots(_ snapshot: TableSnapshot, atAsOf: [String: Collected], to outcome: inout KPIOutcome) {
        guard let asOf, snapshot["every"]?.string == "month_end" else { return }
        // Each point re-runs every measure: a pack cannot ask for more than `maxSnapshotMonths`.
        let months = Int(min(max(snapshot["months"]?.number ?? 12, 1), Double(Self.maxSnapshotMonths)))
        let dates = Self.snapshotDates(asOf: asOf, months: months)
        for (month, day) in dates {
            let collected: [String: Collected]
            if day == asOf {
                collected = atAsOf
            } else {
                // At the point's date: `balance_as_of` as it stood then, in `where` tables and
                // measures (host) as in callbacks (the state's as-of, set by `measure`).
                let atPoint = KPIEvaluator(state: state, data: data.at(day), tables: tables, definition: definition, asOf: asOf,
                                           caller: caller, clock: clock, failures: failures, rowCalls: rowCalls)
                let measurement = atPoint.measure(at: day, grouped: false)
                for group in measurement.errors { outcome.errorGroups.merge(group) }
                guard measurement.skipped == nil else { continue }
                collected = measurement.collected
            }
            let (year, number, _) = CivilDate.civil(days: Int(day))
            outcome.byMonth[month] = point(collected.mapValues(\.overall), month: month,
                                           days: CivilDate.daysInMonth(year: year, month: number), group: nil)
        }
    }
}
