import DataModel
import Packs

/// The report a revenue-cycle director reads (SPEC section 6), within 100 columns, most
/// important first: the headline, KPIs against targets, where failures start by role, the
/// people with the most upstream failures, the proficiency finding, what was skipped or
/// failed, data quality. Everything pack- or data-supplied has its control characters
/// stripped; colour (ANSI) only when the caller says stdout is a terminal.
public enum TextReport {
    public static func render(_ r: RunResults, colour: Bool = false) -> String {
        let style = Style(colour: colour)
        var lines: [String] = []
        lines.append(style.bold(fit("Upstream report — as of \(CivilDate.format(days: r.asOf)) — packs: "
                                    + r.packs.map { "\(clean($0.name)) \(clean($0.manifest.version))" }.joined(separator: ", "))))
        if let sample = r.data.sample { lines.append("SAMPLE: policies and measures saw only the first \(sample) rows of each dataset.") }
        lines.append("")
        lines += headline(r)
        lines += kpis(r, style)
        lines += roles(r, style)
        lines += people(r, style)
        lines += proficiency(r, style)
        lines += problems(r, style)
        lines += dataQuality(r, style)
        return lines.map { String($0.reversed().drop(while: { $0 == " " }).reversed()) }.joined(separator: "\n") + "\n"
    }

    // MARK: - Sections

    /// One paragraph: what failed upstream, what was denied, and where most of it started.
    static func headline(_ r: RunResults) -> [String] {
        let failures = failuresByRole(r)
        let totalFailures = failures.values.reduce(0) { $0 + $1.count }
        let totals = r.attribution?.totals ?? DenialTotals()
        guard totalFailures > 0 || totals.denials > 0 else { return [] }
        var text = "\(grouped(totalFailures)) upstream policy failures (\(dollars(failures.values.reduce(0) { $0 + $1.cents })) at risk); "
            + "\(grouped(totals.denials)) denials on \(grouped(totals.deniedClaims)) claims (\(dollars(totals.deniedAmountCents)) denied)."
        if let top = r.attribution?.byRole.filter({ $0.key != "unattributed" }).max(by: { ($0.value.deniedAmountCents, $1.key) < ($1.value.deniedAmountCents, $0.key) }),
           totals.deniedAmountCents > 0, top.value.deniedAmountCents > 0 {
            text += " The largest share of denied dollars starts with \(clean(top.key)): \(percent(top.value.deniedAmountCents, of: totals.deniedAmountCents))."
        }
        if let rework = reworkCost(r, claims: totals.deniedClaims) { text += " Rework: about \(dollars(rework))." }
        return wrap(text) + [""]
    }

    static func kpis(_ r: RunResults, _ style: Style) -> [String] {
        guard !r.kpis.isEmpty else { return [] }
        var lines = [style.bold("KPIs"), rule()]
        // Most important first: targets missed, then met, then the KPIs without a target.
        func rank(_ kpi: KPIOutcome) -> Int {
            guard kpi.skipped == nil, kpi.disabled == nil,
                  r.definitions.first(where: { $0.kind == "kpi" && $0.id == kpi.id })?.table["target"] != nil else { return 2 }
            return kpi.met == true ? 1 : 0
        }
        for kpi in r.kpis.sorted(by: { (rank($0), $0.id) < (rank($1), $1.id) }) {
            guard let definition = r.definitions.first(where: { $0.kind == "kpi" && $0.id == kpi.id }) else { continue }
            let title = truncated(clean(definition.table["title"]?.string ?? kpi.id), 39)
            let unit = definition.table["unit"]?.string ?? ""
            if let skipped = kpi.skipped { lines.append(fit("  " + pad(title, 40) + "skipped: " + clean(skipped))); continue }
            if let disabled = kpi.disabled { lines.append(fit("  " + pad(title, 40) + "disabled: " + clean(disabled))); continue }
            guard let value = kpi.overall?.value else {
                lines.append(fit("  " + pad(title, 40) + "no value: " + clean(kpi.overall?.reason ?? "no rows")))
                continue
            }
            var line = "  " + pad(title, 40) + pad(format(value, unit: unit), 11, right: true) + "  "
            var verdict = ""
            if let target = definition.table["target"]?.table, let bound = target.fieldNames.first, let goal = target[bound]?.number {
                verdict = (kpi.met == true ? "met" : "missed") + " \(bound == "at_least" ? "≥" : "≤") \(format(goal, unit: unit))"
            }
            let trend = sparkline(kpi.byMonth.keys.sorted().compactMap { kpi.byMonth[$0]?.value })
            line += style.verdict(pad(verdict, 20), met: verdict.isEmpty ? nil : kpi.met == true) + trend
            lines.append(line)
        }
        return lines + [""]
    }

    static func roles(_ r: RunResults, _ style: Style) -> [String] {
        let attribution = r.attribution ?? AttributionOutcome()
        let failures = failuresByRole(r)
        let roles = Set(failures.keys).union(attribution.byRole.keys)
        guard !roles.isEmpty else { return [] }
        let totalFailures = failures.values.reduce(0) { $0 + $1.count }
        let totalDenied = attribution.totals.deniedAmountCents
        var lines = [style.bold("Where failures start, by role"), rule(),
                     "  " + pad("role", 18) + pad("failures", 9, right: true) + pad("share", 7, right: true) + pad("$ at risk", 14, right: true)
                         + pad("denials", 9, right: true) + pad("$ denied", 14, right: true) + pad("share", 7, right: true)]
        let ordered = roles.sorted {
            (attribution.byRole[$0]?.deniedAmountCents ?? 0, failures[$0]?.count ?? 0, $1) > (attribution.byRole[$1]?.deniedAmountCents ?? 0, failures[$1]?.count ?? 0, $0)
        }
        for role in ordered {
            let denied = attribution.byRole[role] ?? DenialTotals()
            let failed = failures[role] ?? (0, 0)
            lines.append(fit("  " + pad(clean(role), 18) + pad("\(failed.count)", 9, right: true)
                             + pad(percent(Int64(failed.count), of: Int64(totalFailures)), 7, right: true)
                             + pad(dollars(failed.cents), 14, right: true) + pad("\(denied.denials)", 9, right: true)
                             + pad(dollars(denied.deniedAmountCents), 14, right: true)
                             + pad(percent(denied.deniedAmountCents, of: totalDenied), 7, right: true)))
        }
        return lines + [""]
    }

    static func people(_ r: RunResults, _ style: Style) -> [String] {
        var counts: [String: Int] = [:]
        for policy in r.policies where policy.skipped == nil && policy.disabled == nil {
            for failure in policy.failures { if let staff = failure.staffID { counts[staff, default: 0] += 1 } }
        }
        guard !counts.isEmpty else { return [] }
        let status = Dictionary(r.proficiency.map { ($0.staffID, $0.status.rawValue) }, uniquingKeysWith: { a, _ in a })
        let staff = r.data.store.table("staff"), names = staff?.column("name"), roles = staff?.column("role")
        var lines = [style.bold("People with the most upstream failures"), rule(),
                     "  " + pad("staff", 10) + pad("name", 24) + pad("role", 16) + pad("failures", 9, right: true)
                         + pad("denials", 9, right: true) + "  proficiency"]
        for (id, count) in counts.sorted(by: { ($0.value, $1.key) > ($1.value, $0.key) }).prefix(10) {
            let row = staff?.row(withID: id)
            let name = row.flatMap { names?.text($0) } ?? "", role = row.flatMap { roles?.text($0) } ?? ""
            let denials = r.attribution?.byStaff[id]?.denials ?? 0
            let standing = status[id].map { $0.replacing("_", with: " ") } ?? "no threshold"
            lines.append(fit("  " + pad(clean(id), 10) + pad(clean(name), 24) + pad(clean(role), 16) + pad("\(count)", 9, right: true)
                             + pad("\(denials)", 9, right: true) + "  " + style.standing(standing)))
        }
        return lines + [""]
    }

    /// In plain words: do people below their role's threshold fail more often?
    static func proficiency(_ r: RunResults, _ style: Style) -> [String] {
        guard !r.impact.isEmpty else { return [] }
        var lines = [style.bold("Proficiency and failures"), rule()]
        for impact in r.impact {
            let skills = r.definitions.filter { $0.kind == "threshold" && $0.table["role"]?.string == impact.role }.compactMap { t in
                t.table["skill"]?.string.map { (skill: $0, score: String(format: "%.2f", t.table["at_least"]?.number ?? 0)) }
            }
            let what = switch skills.count {
            case 0: "their role's required courses"
            case 1: "the \(skills[0].score) \(skills[0].skill) threshold"
            default: "their role's thresholds (\(skills.map { "\($0.skill) \($0.score)" }.joined(separator: ", ")))"
            }
            let per = recordsNoun(r, role: impact.role)
            if let ratio = impact.ratio, let low = impact.below.per100, let high = impact.atOrAbove.per100 {
                let comparison = ratio >= 1 ? "\(String(format: "%.1f", ratio))× the failures per 100 \(per) of"
                    : "fewer failures per 100 \(per) (\(String(format: "%.1f", ratio))×) than"
                lines += wrap("\(clean(impact.role)) staff below \(clean(what)) produce \(comparison) those at or above it "
                                 + "(\(String(format: "%.1f", low)) vs \(String(format: "%.1f", high)); "
                                 + "\(impact.below.staff) below, \(impact.atOrAbove.staff) at or above).")
            } else {
                lines += wrap("\(clean(impact.role)): not enough \(per) on both sides of \(clean(what)) to compare "
                                 + "(\(impact.below.staff) below, \(impact.atOrAbove.staff) at or above).")
            }
        }
        let notAssessed = r.proficiency.filter { $0.status == .notAssessed }.count
        if notAssessed > 0 { lines += wrap("\(notAssessed) people have no assessment for a threshold of their role; they are in neither group.") }
        return lines + [""]
    }

    /// Skipped, disabled, partial and warned definitions with their reasons; script errors grouped.
    static func problems(_ r: RunResults, _ style: Style) -> [String] {
        var lines: [String] = []
        for policy in r.policies.sorted(by: { $0.id < $1.id }) {
            if let skipped = policy.skipped { lines += wrap("policy \(clean(policy.id)) skipped: \(clean(skipped))") }
            if let disabled = policy.disabled { lines += wrap("policy \(clean(policy.id)) disabled: \(clean(disabled))") }
            if let t = r.definitions.first(where: { $0.kind == "policy" && $0.id == policy.id })?.table,
               let warning = RunReport.warning(policy, t) {
                lines += wrap("policy \(clean(policy.id)) \(clean(warning))")
            }
        }
        for kpi in r.kpis.sorted(by: { $0.id < $1.id }) {
            if let skipped = kpi.skipped { lines += wrap("KPI \(clean(kpi.id)) skipped: \(clean(skipped))") }
            if let disabled = kpi.disabled { lines += wrap("KPI \(clean(kpi.id)) disabled: \(clean(disabled))") }
            for note in RunReport.partial(kpi) { lines += wrap("KPI \(clean(kpi.id)) partial: \(clean(note))") }
        }
        let errors = r.scriptErrors
        if !errors.isEmpty {
            let total = errors.reduce(0) { $0 + $1.group.count }
            lines += wrap("\(total) script errors in \(errors.count) places (each excluded its row; --errors PATH lists every one):")
            for entry in errors.prefix(10) {
                lines.append(fit("    \(entry.group.count)× \(clean(entry.id)) at \(clean(entry.group.file)):\(entry.group.line): \(clean(entry.group.message))"))
            }
            if errors.count > 10 { lines.append("    … and \(errors.count - 10) more places") }
        }
        return lines.isEmpty ? [] : [style.bold("Skipped, partial and failing definitions"), rule()] + lines + [""]
    }

    static func dataQuality(_ r: RunResults, _ style: Style) -> [String] {
        let q = r.quality
        let rows = q.inputs.reduce(0) { $0 + $1.rows }, accepted = q.inputs.reduce(0) { $0 + $1.accepted }
        let filtered = q.inputs.reduce(0) { $0 + $1.filtered }, rejected = q.inputs.reduce(0) { $0 + $1.rejected }
        var text = "\(q.inputs.count) files, \(grouped(rows)) rows: \(grouped(accepted)) accepted, \(grouped(filtered)) filtered, "
            + "\(grouped(rejected)) rejected; \(grouped(q.fieldIssues.count)) field issues kept as missing"
        let gaps = q.referentialGaps.reduce(0) { $0 + $1.rows }
        text += gaps > 0 ? "; \(grouped(gaps)) rows point at records that are not in the data." : "; no referential gaps."
        if rejected > 0 || !q.fieldIssues.isEmpty { text += " Write them all with --rejects PATH." }
        return [style.bold("Data quality"), rule()] + wrap(text)
    }

    // MARK: - Figures

    static func failuresByRole(_ r: RunResults) -> [String: (count: Int, cents: Int64)] {
        var failures: [String: (count: Int, cents: Int64)] = [:]
        for policy in r.policies where policy.skipped == nil && policy.disabled == nil {
            for failure in policy.failures {
                failures[failure.role, default: (0, 0)].count += 1
                failures[failure.role]!.cents += failure.amountCents ?? 0
            }
        }
        return failures
    }

    static func reworkCost(_ r: RunResults, claims: Int) -> Int64? {
        guard case .money(let cents)? = r.params.value("rework_cost_per_claim", from: ParamSet.hostPack) else { return nil }
        return cents * Int64(claims)
    }

    /// What a role's records are, for "failures per 100 …": the dataset of its policies when they
    /// share one ("encounters"), else "records".
    static func recordsNoun(_ r: RunResults, role: String) -> String {
        let datasets = Set(r.definitions.filter { $0.kind == "policy" && $0.table["role"]?.string == role }.compactMap { $0.table["dataset"]?.string })
        return datasets.count == 1 ? clean(datasets.first!) : "records"
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
        (cents < 0 ? "-$" : "$") + grouped(Int(abs(cents) / 100))
    }

    /// 31157 → "31,157".
    static func grouped(_ n: Int) -> String {
        var out = ""
        for (i, c) in String(n.magnitude).reversed().enumerated() { if i > 0 && i % 3 == 0 { out.append(",") }; out.append(c) }
        return (n < 0 ? "-" : "") + String(out.reversed())
    }

    static func percent(_ part: Int64, of whole: Int64) -> String {
        whole > 0 ? "\(Int((Double(part) * 100 / Double(whole)).rounded()))%" : "–"
    }

    /// The monthly trend in eight levels, oldest first, the last 24 months at most.
    /// The last 24 months as bars. The scale spans at least a tenth of the values' size, so a
    /// series that barely moves (a 91 % rate wobbling by a point) draws nearly flat, not jumpy.
    public static func sparkline(_ values: [Double]) -> String {
        let recent = values.suffix(24)
        guard recent.count >= 2, let low = recent.min(), let high = recent.max() else { return "" }
        let bars = Array("▁▂▃▄▅▆▇█")
        guard high > low else { return String(repeating: bars[3], count: recent.count) }
        let span = max(high - low, 0.1 * max(abs(high), abs(low)))
        let bottom = (high + low - span) / 2
        return String(recent.map { bars[min(7, max(0, Int(((($0 - bottom) / span) * 7).rounded())))] })
    }

    /// Data- and pack-supplied text with control characters stripped (tabs become spaces).
    public static func clean(_ text: String) -> String { RunReport.stripped(text) }

    static func rule() -> String { String(repeating: "─", count: 60) }

    /// `text` padded to `width` columns (right-aligned when asked), at least one space after.
    public static func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(1, width - text.count))
        return right ? fill + text : text + (text.count >= width ? " " : fill)
    }

    /// `text` cut to `width` characters, with an ellipsis when cut.
    static func truncated(_ text: String, _ width: Int) -> String {
        text.count <= width ? text : String(text.prefix(width - 1)) + "…"
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
        return lines.map(fit)
    }
}

/// ANSI colour for a terminal, or plain text. Escapes never count toward the 100 columns
/// because they only wrap text that was already fitted.
struct Style {
    var colour: Bool

    func bold(_ text: String) -> String { colour ? "\u{1B}[1m" + text + "\u{1B}[0m" : text }

    /// Green when met, red when missed, plain without a target.
    func verdict(_ text: String, met: Bool?) -> String {
        guard colour, let met else { return text }
        return (met ? "\u{1B}[32m" : "\u{1B}[31m") + text + "\u{1B}[0m"
    }

    func standing(_ status: String) -> String {
        guard colour, status == "below" else { return status }
        return "\u{1B}[33m" + status + "\u{1B}[0m"
    }
}
