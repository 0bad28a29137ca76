import DataModel
import Packs

/// The report a revenue-cycle director reads (SPEC section 6), within 100 columns, most
/// important first. Everything pack- or data-supplied has its control characters stripped.
/// (Colour, sparklines and the full layout of issue 8 are still to come.)
public enum TextReport {
    public static func render(_ r: RunResults) -> String {
        var lines: [String] = []
        lines.append("Upstream report — as of \(CivilDate.format(days: r.asOf)) — packs: "
                     + r.packs.map { "\(clean($0.name)) \(clean($0.manifest.version))" }.joined(separator: ", "))
        lines.append("")
        lines += kpis(r)
        lines += roles(r)
        lines += people(r)
        lines += proficiency(r)
        lines += problems(r)
        lines += dataQuality(r)
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: - Sections

    static func kpis(_ r: RunResults) -> [String] {
        guard !r.kpis.isEmpty else { return [] }
        var lines = ["KPIs", rule()]
        for kpi in r.kpis.sorted(by: { $0.id < $1.id }) {
            guard let definition = r.definitions.first(where: { $0.kind == "kpi" && $0.id == kpi.id }) else { continue }
            let title = clean(definition.table["title"]?.string ?? kpi.id)
            let unit = definition.table["unit"]?.string ?? ""
            var status: String
            if let skipped = kpi.skipped { status = "skipped: " + clean(skipped) }
            else if let disabled = kpi.disabled { status = "disabled: " + clean(disabled) }
            else if let value = kpi.overall?.value {
                status = format(value, unit: unit)
                if let target = definition.table["target"]?.table, let bound = target.fieldNames.first, let goal = target[bound]?.number {
                    status += "  " + (kpi.met == true ? "met" : "MISSED") + " (\(bound == "at_least" ? "≥" : "≤") \(format(goal, unit: unit)))"
                }
            } else {
                status = "no value: " + clean(kpi.overall?.reason ?? "no rows")
            }
            lines.append(fit("  " + pad(title, 42) + status))
            let months = kpi.byMonth.keys.sorted()
            if months.count >= 2, let first = kpi.byMonth[months.first!]?.value, let last = kpi.byMonth[months.last!]?.value {
                let arrow = last > first ? "↗" : (last < first ? "↘" : "→")
                lines.append(fit("  " + pad("", 42) + "\(arrow) \(months.first!) \(format(first, unit: unit)) → \(months.last!) \(format(last, unit: unit))"))
            }
        }
        return lines + [""]
    }

    static func roles(_ r: RunResults) -> [String] {
        let attribution = r.attribution ?? AttributionOutcome()
        var failures: [String: (count: Int, cents: Int64)] = [:]
        for policy in r.policies where policy.skipped == nil && policy.disabled == nil {
            for failure in policy.failures {
                failures[failure.role, default: (0, 0)].count += 1
                failures[failure.role]!.cents += failure.amountCents ?? 0
            }
        }
        let roles = Set(failures.keys).union(attribution.byRole.keys)
        guard !roles.isEmpty else { return [] }
        let totalDenied = max(attribution.totals.deniedAmountCents, 1)
        var lines = ["Where failures start, by role", rule(),
                     "  " + pad("role", 20) + pad("failures", 10, right: true) + pad("$ at risk", 15, right: true)
                         + pad("denials", 10, right: true) + pad("$ denied", 15, right: true) + pad("share", 8, right: true)]
        let ordered = roles.sorted { (attribution.byRole[$0]?.deniedAmountCents ?? 0, failures[$0]?.count ?? 0, $1) > (attribution.byRole[$1]?.deniedAmountCents ?? 0, failures[$1]?.count ?? 0, $0) }
        for role in ordered {
            let denied = attribution.byRole[role] ?? DenialTotals()
            let share = Double(denied.deniedAmountCents) * 100 / Double(totalDenied)
            lines.append("  " + pad(clean(role), 20) + pad("\(failures[role]?.count ?? 0)", 10, right: true)
                         + pad(dollars(failures[role]?.cents ?? 0), 15, right: true) + pad("\(denied.denials)", 10, right: true)
                         + pad(dollars(denied.deniedAmountCents), 15, right: true) + pad(String(format: "%.0f%%", share), 8, right: true))
        }
        return lines + [""]
    }

    static func people(_ r: RunResults) -> [String] {
        var counts: [String: Int] = [:]
        for policy in r.policies where policy.skipped == nil && policy.disabled == nil {
            for failure in policy.failures { if let staff = failure.staffID { counts[staff, default: 0] += 1 } }
        }
        guard !counts.isEmpty else { return [] }
        let status = Dictionary(r.proficiency.map { ($0.staffID, $0.status.rawValue) }, uniquingKeysWith: { a, _ in a })
        let staff = r.data.store.table("staff"), names = staff?.column("name"), roles = staff?.column("role")
        var lines = ["People with the most upstream failures", rule()]
        for (id, count) in counts.sorted(by: { ($0.value, $1.key) > ($1.value, $0.key) }).prefix(10) {
            let row = staff?.row(withID: id)
            let name = row.flatMap { names?.text($0) } ?? "", role = row.flatMap { roles?.text($0) } ?? ""
            lines.append(fit("  " + pad(clean(id), 12) + pad(clean(name), 26) + pad(clean(role), 18) + pad("\(count) failures", 14)
                             + (status[id].map { "proficiency: " + $0.replacing("_", with: " ") } ?? "")))
        }
        return lines + [""]
    }

    static func proficiency(_ r: RunResults) -> [String] {
        guard !r.impact.isEmpty else { return [] }
        var lines = ["Proficiency and failures", rule()]
        for impact in r.impact {
            let threshold = r.definitions.first { $0.kind == "threshold" && $0.table["role"]?.string == impact.role }
            let what = threshold.flatMap { t in
                t.table["skill"]?.string.map { skill in "the \(String(format: "%.2f", t.table["at_least"]?.number ?? 0)) \(skill) threshold" }
            } ?? "their thresholds"
            if let ratio = impact.ratio, let low = impact.below.per100, let high = impact.atOrAbove.per100 {
                lines += wrap("\(clean(impact.role)) staff below \(clean(what)) produce \(String(format: "%.1f", ratio))× the failures per 100 "
                                 + "records of those at or above it (\(String(format: "%.1f", low)) vs \(String(format: "%.1f", high)); "
                                 + "\(impact.below.staff) below, \(impact.atOrAbove.staff) at or above).")
            } else {
                lines.append(fit("  \(clean(impact.role)): not enough records on both sides of \(clean(what)) to compare."))
            }
        }
        return lines + [""]
    }

    static func problems(_ r: RunResults) -> [String] {
        var lines: [String] = []
        for policy in r.policies.sorted(by: { $0.id < $1.id }) {
            if let skipped = policy.skipped { lines.append(fit("  policy \(clean(policy.id)) skipped: \(clean(skipped))")) }
            if let disabled = policy.disabled { lines.append(fit("  policy \(clean(policy.id)) disabled: \(clean(disabled))")) }
            for group in policy.errors.prefix(3) {
                lines.append(fit("  policy \(clean(policy.id)): \(group.count) script error(s) at \(clean(group.file)):\(group.line): \(clean(group.message))"))
            }
        }
        for kpi in r.kpis.sorted(by: { $0.id < $1.id }) where kpi.skipped != nil {
            lines.append(fit("  kpi \(clean(kpi.id)) skipped: \(clean(kpi.skipped!))"))
        }
        return lines.isEmpty ? [] : ["Skipped, disabled and failing definitions", rule()] + lines + [""]
    }

    static func dataQuality(_ r: RunResults) -> [String] {
        let q = r.quality
        let rows = q.inputs.reduce(0) { $0 + $1.rows }, accepted = q.inputs.reduce(0) { $0 + $1.accepted }
        let filtered = q.inputs.reduce(0) { $0 + $1.filtered }, rejected = q.inputs.reduce(0) { $0 + $1.rejected }
        var text = "\(q.inputs.count) files, \(rows) rows: \(accepted) accepted, \(filtered) filtered, \(rejected) rejected; "
            + "\(q.fieldIssues.count) field issues kept as missing"
        let gaps = q.referentialGaps.reduce(0) { $0 + $1.rows }
        text += gaps > 0 ? "; \(gaps) rows point at records that are not in the data." : "; no referential gaps."
        return ["Data quality", rule()] + wrap(text)
    }

    // MARK: - Formatting

    static func format(_ value: Double, unit: String) -> String {
        switch unit {
        case "percent": String(format: "%.1f%%", value * 100)
        case "currency": dollars(Int64((value * 100).rounded()))
        case "days": String(format: "%.1f days", value)
        case "count": String(format: "%.0f", value)
        default: String(format: "%.3f", value)
        }
    }

    static func dollars(_ cents: Int64) -> String {
        let whole = String(abs(cents) / 100)
        var grouped = ""
        for (i, c) in whole.reversed().enumerated() { if i > 0 && i % 3 == 0 { grouped.append(",") }; grouped.append(c) }
        return (cents < 0 ? "-$" : "$") + String(grouped.reversed())
    }

    /// Data- and pack-supplied text with control characters stripped (tabs become spaces).
    public static func clean(_ text: String) -> String { RunReport.stripped(text) }

    static func rule() -> String { String(repeating: "─", count: 60) }

    /// `text` padded to `width` columns (right-aligned when asked), at least one space after.
    public static func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(1, width - text.count))
        return right ? fill + text : text + (text.count >= width ? " " : fill)
    }

    /// Lines never pass 100 columns.
    static func fit(_ line: String) -> String { line.count <= 100 ? line : String(line.prefix(99)) + "…" }

    /// Words into lines of at most 100 columns, each indented by two spaces.
    static func wrap(_ text: String) -> [String] {
        var lines: [String] = [], current = ""
        for word in text.split(separator: " ") {
            if !current.isEmpty, current.count + word.count + 3 > 100 { lines.append("  " + current); current = "" }
            current += (current.isEmpty ? "" : " ") + word
        }
        if !current.isEmpty { lines.append("  " + current) }
        return lines
    }
}
