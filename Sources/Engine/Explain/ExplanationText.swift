import DataModel

/// `explain` for a person: within 100 columns, everything from packs or data with its control
/// characters stripped (they are untrusted; SPEC section 6).
public enum ExplanationText {
    public static func render(_ e: Explanation) -> String {
        var lines: [String] = []
        let names = Dictionary(e.staff.map { ($0.staffID, $0.name) }, uniquingKeysWith: { first, _ in first })
        let title = switch e.subject {
        case .claim(let id): "Claim \(id)"
        case .encounter(let id): "Encounter \(id)"
        }
        lines += wrap(clean(title) + " — as of \(CivilDate.format(days: e.asOf)) — packs: " + clean(e.packs.joined(separator: ", ")), indent: "")
        let oneEncounter: Bool = if case .encounter = e.subject { true } else { false }
        for claim in e.claims { lines += wrap(claimLine(claim, withEncounter: !oneEncounter), indent: "  ", hanging: "    ") }
        lines += ["", "Journey", rule]
        for event in e.events { lines += self.event(event, names: names) }
        lines += ["", "Policies", rule]
        if e.policies.isEmpty { lines.append("  no policy runs on these records") }
        for policy in e.policies { lines += self.policy(policy) }
        lines += ["", "People", rule]
        if e.staff.isEmpty { lines.append("  no staff named on these records") }
        for person in e.staff { lines += self.person(person) }
        return lines.map(fit).joined(separator: "\n") + "\n"
    }

    /// The encounter is named unless the title already did.
    static func claimLine(_ c: ClaimSummary, withEncounter: Bool) -> String {
        var parts = ["claim \(clean(c.claimID))"]
        if withEncounter, let encounter = c.encounterID { parts.append("encounter \(clean(encounter))") }
        if let payer = c.payerID { parts.append("payer \(clean(payer))") }
        if let total = c.totalChargeCents { parts.append("billed \(money(total))") }
        if let paid = c.paidCents { parts.append("paid \(money(paid))") }
        switch c.denied {
        case true?: parts.append("denied on the first remit: " + clean("\(c.denialRole ?? "?") / \(c.denialCategory ?? "?")"))
        case false?: parts.append("not denied")
        case nil: parts.append("no remit yet")
        }
        switch c.clean {
        case true?: parts.append("clean")
        case false?: parts.append("not clean")
        case nil: parts.append("clean unknown (a policy raised on its records)")
        }
        return parts.joined(separator: ", ")
    }

    static func event(_ event: JourneyEvent, names: [String: String?]) -> [String] {
        var lines = [TextReport.pad(event.at ?? "(no date)", 20) + TextReport.pad(clean(event.step), 28)
            + clean("\(event.dataset) " + shortRecord(event.record, dataset: event.dataset))]
        let indent = String(repeating: " ", count: 22)
        if let adjustment = event.adjustment {
            lines += wrap(adjustmentLine(adjustment, names: names), indent: indent)
            for reason in adjustment.why.reasons { lines += wrap("why: " + clean(reason), indent: indent, hanging: indent + "     ") }
            if adjustment.denial { lines += wrap("person: " + clean(adjustment.why.person), indent: indent, hanging: indent + "        ") }
        } else if !event.staff.isEmpty {
            lines += wrap("by " + event.staff.map { person($0.staffID, names) + " (\(clean($0.field)))" }.joined(separator: ", "), indent: indent)
        }
        if !event.details.isEmpty {
            lines += wrap(event.details.map { "\(clean($0.name)) \(clean(value($0.value)))" }.joined(separator: " · "), indent: indent)
        }
        return lines
    }

    static func adjustmentLine(_ a: AdjustmentExplanation, names: [String: String?]) -> String {
        var text = clean("\(a.group)-\(a.carc)") + (a.rarcs.isEmpty ? "" : clean(" (" + a.rarcs.joined(separator: ", ") + ")"))
        text += " " + money(a.amountCents)
        guard a.denial else { return text + ": not a denial" }
        text += (a.initial ? ": initial denial → " : ": denial on a later remit → ") + clean("\(a.role) / \(a.category)")
        return text + ", " + (a.staffID.map { person($0, names) } ?? "person unknown")
    }

    static func policy(_ p: PolicyExplanation) -> [String] {
        var lines = wrap(clean(p.id) + " " + clean(p.title ?? "") + " (" + clean([p.role, p.severity].compactMap { $0 }.joined(separator: ", ")) + ")",
                         indent: "  ", hanging: "    ")
        if let skipped = p.skipped { return lines + wrap("skipped: " + clean(skipped), indent: "    ") }
        if let disabled = p.disabled { return lines + wrap("disabled: " + clean(disabled), indent: "    ") }
        for (record, verdict) in p.records {
            let status: String = switch verdict {
            case .passed: "passed"
            case .notInScope: "not in scope (outside its where)"
            case .scriptError(let message): "SCRIPT ERROR: " + clean(message)
            case .failed(let message, let code, let severity):
                (severity == "error" ? "FAILED" : "WARNING") + (code.map { " [\(clean($0))]" } ?? "") + ": " + clean(message)
            }
            lines += wrap(clean("\(p.dataset) " + shortRecord(record, dataset: p.dataset)) + ": " + status, indent: "    ", hanging: "      ")
        }
        return lines
    }

    static func person(_ p: StaffInvolvement) -> [String] {
        var head = clean(p.staffID) + (p.name.map { " " + clean($0) } ?? " (not in the staff roster)") + (p.role.map { ", " + clean($0) } ?? "")
        if let proficiency = p.proficiency {
            head += ": " + proficiency.status.rawValue.replacingOccurrences(of: "_", with: " ")
            let scores = proficiency.scores.sorted { $0.key < $1.key }.map { clean($0.key) + " " + String(format: "%.2f", $0.value) }
            if !scores.isEmpty { head += " (" + scores.joined(separator: ", ") + ")" }
            if !proficiency.coursesMissing.isEmpty { head += ", courses missing: " + clean(proficiency.coursesMissing.joined(separator: ", ")) }
        } else {
            head += ": no proficiency status"
        }
        return wrap(head, indent: "  ", hanging: "    ") + wrap("as " + clean(p.involvedAs.joined(separator: ", ")), indent: "    ")
    }

    /// Records without an id of their own are `dataset:path:line`; the file name and line are
    /// enough to find them ("adjustments.csv:3").
    static func shortRecord(_ record: String, dataset: String) -> String {
        guard record.hasPrefix(dataset + ":"), let slash = record.lastIndex(of: "/") else { return record }
        return String(record[record.index(after: slash)...])
    }

    static func person(_ id: String, _ names: [String: String?]) -> String {
        clean(id) + ((names[id] ?? nil).map { " " + clean($0) } ?? "")
    }

    static func value(_ value: ExplainValue) -> String {
        if case .money(let cents) = value { return money(cents) }
        return value.display
    }

    /// "$1234.50", "-$5.00": exact cents, as the records have them.
    static func money(_ cents: Int64) -> String {
        cents < 0 ? "-$" + Money.format(cents: cents).dropFirst() : "$" + Money.format(cents: cents)
    }

    static let rule = String(repeating: "─", count: 60)

    static func clean(_ text: String) -> String { TextReport.clean(text) }

    static func fit(_ line: String) -> String { line.count <= 100 ? line : String(line.prefix(99)) + "…" }

    /// Words into lines of at most 100 columns: the first line after `indent`, the rest after
    /// `hanging` (default: `indent`).
    static func wrap(_ text: String, indent: String, hanging: String? = nil) -> [String] {
        var lines: [String] = [], current = indent
        var fresh = true
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            if !fresh, current.count + 1 + word.count > 100 {
                lines.append(current)
                current = hanging ?? indent
                fresh = true
            }
            current += (fresh ? "" : " ") + word
            fresh = false
        }
        if !fresh { lines.append(current) }
        return lines
    }
}
