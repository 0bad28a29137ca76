import DataModel

/// One adjustment's attribution in words: which entry decided it (`CARC 197 (pack riverside,
/// riverside/defs.lua:27)`, `RARC N382 overrides …`, `no entry → unattributed`), and which staff
/// path found the person. Built only by `explain`, from the run's `AttributionDecision`.
public struct AttributionExplanation: Sendable, Equatable {
    /// Why it is or is not a denial, then each step that set its role and category, in order.
    public var reasons: [String]
    /// How the person was found, or why nobody was.
    public var person: String
    /// The staff path used ("encounter.registered_by"), when the role's path decided.
    public var staffPath: String?

    public init(_ item: AttributedAdjustment, rules: AttributionRules, data: EngineData) {
        let table = data.store.table("adjustments")
        let group = table?.column("group_code")?.text(item.row) ?? ""
        let carc = table?.column("carc")?.text(item.row) ?? ""
        let remarks = table?.column("rarc").map { $0.isPresent(item.row) ? $0.list(item.row) : [] } ?? []
        let decision = item.decision
        var reasons: [String] = []
        switch decision.carcKey {
        case .withRemark(let position):
            reasons.append(Self.entry("CARC+RARC", carc + "+" + remarks[position], rules.carc[carc + "+" + remarks[position]]))
        case .withGroup:
            reasons.append(Self.entry("GROUP-CARC", group + "-" + carc, rules.carc[group + "-" + carc]))
        case .carc:
            reasons.append(Self.entry("CARC", carc, rules.carc[carc]))
        case .none:
            let keys = remarks.map { carc + "+" + $0 } + [group + "-" + carc, carc]
            let inactive = keys.compactMap { key in rules.carc[key].flatMap { entry in entry.inactiveSince.map { (key, entry, $0) } } }.first
            if let (key, entry, since) = inactive {
                reasons.append("entry \(key) is inactive since \(CivilDate.format(days: since)) (pack \(entry.pack), \(entry.location))")
            }
            reasons.append("no entry for CARC \(carc) → unattributed")
        }
        if let position = decision.overridingRemark {
            reasons.append("RARC " + Self.entry(remarks[position], rules.rarc[remarks[position]]) + " overrides")
        }
        if let refinement = decision.refinement {
            reasons.append("refine in pack \(refinement.pack) returned "
                + (refinement.evidence.map { "evidence: \($0)" } ?? "a change without evidence"))
        }
        if !item.denial { reasons.insert(Self.notADenial(group: group, amountCents: item.amountCents, decision: decision), at: 0) }
        self.reasons = reasons
        switch decision.person {
        case .notADenial:
            person = "not a denial: nobody attributed"
            staffPath = nil
        case .refine:
            person = "named by refine in pack \(decision.refinement?.pack ?? "?")"
            staffPath = nil
        case .rolePath:
            guard let path = rules.staff[item.role] else {
                person = "no staff path for role \(item.role) → person unknown"
                staffPath = nil
                break
            }
            staffPath = path
            person = item.staffID == nil ? "\(path) (staff path of \(item.role)) names nobody here → person unknown"
                : "from \(path) (staff path of \(item.role))"
        }
    }

    /// "CARC 197 (pack riverside, riverside/defs.lua:27)".
    static func entry(_ kind: String, _ key: String, _ entry: AttributionRules.Entry?) -> String {
        "\(kind) " + Self.entry(key, entry)
    }

    static func entry(_ key: String, _ entry: AttributionRules.Entry?) -> String {
        guard let entry else { return key }
        return "\(key) (pack \(entry.pack), \(entry.location))"
    }

    static func notADenial(group: String, amountCents: Int64, decision: AttributionDecision) -> String {
        if amountCents <= 0 { return "not a denial: the amount is not positive" }
        if group == "PR" { return "not a denial: group PR (patient responsibility)" }
        return decision.carcKey == .none ? "not a denial" : "not a denial: its entry says denial = false"
    }
}
