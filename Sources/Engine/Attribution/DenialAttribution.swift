import DataModel

/// One adjustment as attribution sees it.
public struct AttributedAdjustment: Sendable, Equatable {
    public var row: Int
    public var claimRow: Int?
    public var denial: Bool
    public var role: String
    public var category: String
    public var staffID: String?
    public var amountCents: Int64
    /// On the claim's first remit (or without a remit, which means the first).
    public var initial: Bool
    /// Which entries decided it and where the person came from (`AttributionExplanation`
    /// puts it into words).
    public var decision: AttributionDecision
}

/// Counts for one role, category or person.
public struct DenialTotals: Sendable, Equatable {
    public var denials = 0
    public var deniedAmountCents: Int64 = 0
    /// Distinct claims with at least one denial here (so roles do not add up to the total).
    public var deniedClaims = 0

    public init(denials: Int = 0, deniedAmountCents: Int64 = 0, deniedClaims: Int = 0) {
        self.denials = denials
        self.deniedAmountCents = deniedAmountCents
        self.deniedClaims = deniedClaims
    }
}

public struct AttributionOutcome: Sendable {
    public var adjustments: [AttributedAdjustment] = []
    /// `refine` calls that raised (their adjustment keeps the table's answer).
    public var refineErrors: [ScriptErrorGroup] = []
    public var byRole: [String: DenialTotals] = [:]
    /// Keyed by category, then role.
    public var byCategory: [String: [String: DenialTotals]] = [:]
    public var byStaff: [String: DenialTotals] = [:]
    public var totals = DenialTotals()
}

/// Classifies every adjustment (SPEC section 3, "Denials"): a denial when its amount is
/// positive, its group is not PR and its entry does not say `denial = false`; role and category
/// from the most specific CARC key (CARC+RARC, then GROUP-CARC, then CARC), then the first RARC
/// entry in remark order, then `refine` (a `Refiner`) on denials; the person from `refine`, else
/// through the role's staff path. Each adjustment keeps the `AttributionDecision` that says which.
public enum DenialAttribution {
    /// A `refine` step: given a denial as the tables classified it and where that came from
    /// ("carc", "rarc" or "none"), returns what to change, or nil to keep it.
    public typealias Refine = (_ adjustment: Int, _ claim: Int?, _ role: String, _ category: String, _ source: String)
        -> Refinement?

    public static func attribute(_ data: EngineData, rules: AttributionRules, refine: Refine? = nil) -> AttributionOutcome? {
        guard let adjustments = data.store.table("adjustments") else { return nil }
        var tables = TableClassifier(rules: rules, adjustments: adjustments)
        let amounts = adjustments.column("amount")
        let claims = data.store.relation("adjustments", "claim_id"), remits = data.store.relation("adjustments", "remit_id")
        let received = data.store.table("remits")?.column("received_on")
        var staffReaders: [String: FieldReader?] = [:]
        func reader(for role: String) -> FieldReader? {
            if let cached = staffReaders[role] { return cached }
            let made = rules.staff[role].flatMap { try? FieldReader(path: adjustmentPath($0), from: "adjustments", in: data) }
            staffReaders[role] = made
            return made
        }
        var outcome = AttributionOutcome()
        outcome.adjustments.reserveCapacity(adjustments.rowCount)
        var claimsByRole: [String: Set<Int>] = [:], claimsByStaff: [String: Set<Int>] = [:]
        var claimsByCategory: [String: [String: Set<Int>]] = [:], deniedClaims: Set<Int> = []
        // Claims only adjustments name, keyed below zero so they never meet a claim row.
        var orphanClaims: [String: Int] = [:]
        let claimIDs = adjustments.column("claim_id")
        for row in 0..<adjustments.rowCount {
            let claimRow = claims?.parent(of: row)
            let firstRemit = claimRow.flatMap { data.firstRemitRow(ofClaim: $0) }
            let remitRow = remits?.parent(of: row) ?? firstRemit
            let day = remitRow.flatMap { received?.int32($0) }
            let amount = amounts?.int64(row) ?? 0
            let table = tables.classify(row, on: day)
            let denial = amount > 0 && table.denialByCodes
            var decision = AttributionDecision(carcKey: table.carcKey, overridingRemark: table.overridingRemark,
                                               person: denial ? .rolePath : .notADenial)
            var finalRole = table.role, finalCategory = table.category
            if denial, let refine, let answer = refine(row, claimRow, finalRole, finalCategory, decision.tableSource) {
                finalRole = answer.role ?? finalRole
                finalCategory = answer.category ?? finalCategory
                decision.refinement = answer
                if answer.staff != nil { decision.person = .refine }
            }
            let person = denial ? (decision.refinement?.staff ?? reader(for: finalRole)?.text(row)) : nil
            outcome.adjustments.append(AttributedAdjustment(
                row: row, claimRow: claimRow, denial: denial, role: finalRole, category: finalCategory, staffID: person,
                // A claim with no remit has no first remit: its adjustments are not initial denials.
                amountCents: amount, initial: remitRow != nil && remitRow == firstRemit, decision: decision))
            guard denial else { continue }
            add(&outcome.byRole[finalRole, default: DenialTotals()], amount)
            add(&outcome.byCategory[finalCategory, default: [:]][finalRole, default: DenialTotals()], amount)
            add(&outcome.totals, amount)
            if let person { add(&outcome.byStaff[person, default: DenialTotals()], amount) }
            // A claim missing from claims.csv (a referential gap, kept) still counts, by its id.
            if let claim = claimRow ?? claimIDs?.text(row).map({ id in
                if let key = orphanClaims[id] { return key }
                orphanClaims[id] = -(orphanClaims.count + 1)
                return orphanClaims[id]!
            }) {
                claimsByRole[finalRole, default: []].insert(claim)
                claimsByCategory[finalCategory, default: [:]][finalRole, default: []].insert(claim)
                deniedClaims.insert(claim)
                if let person { claimsByStaff[person, default: []].insert(claim) }
            }
        }
        for (role, claims) in claimsByRole { outcome.byRole[role]?.deniedClaims = claims.count }
        for (person, claims) in claimsByStaff { outcome.byStaff[person]?.deniedClaims = claims.count }
        for (category, roles) in claimsByCategory {
            for (role, claims) in roles { outcome.byCategory[category]?[role]?.deniedClaims = claims.count }
        }
        outcome.totals.deniedClaims = deniedClaims.count
        return outcome
    }

    /// What the CARC and RARC tables say about one adjustment: everything but `refine` and
    /// the amount's sign.
    struct TableAnswer {
        var role: String
        var category: String
        /// Not PR, and the entry does not say `denial = false`.
        var denialByCodes: Bool
        var carcKey: AttributionDecision.CarcKey
        var overridingRemark: Int?
    }

    /// Classifies adjustments by their group, CARC and RARCs. Most adjustments have no RARC
    /// and a group and CARC from a small dictionary: their answer is worked out once per
    /// (group, CARC) pair, and per remit date only when an entry has `inactive_since`.
    struct TableClassifier {
        private struct DatedKey: Hashable { let group: UInt16, carc: UInt16, day: Int32? }

        let rules: AttributionRules
        let groups: Column?, carcs: Column?, remarks: Column?
        private let dated: Bool
        /// Undated rules: by group code × the CARC dictionary's size + CARC code.
        private var answers: [TableAnswer?]
        private var datedAnswers: [DatedKey: TableAnswer] = [:]

        init(rules: AttributionRules, adjustments: Table) {
            self.rules = rules
            groups = adjustments.column("group_code")
            carcs = adjustments.column("carc")
            remarks = adjustments.column("rarc")
            dated = rules.carc.values.contains { $0.inactiveSince != nil } || rules.rarc.values.contains { $0.inactiveSince != nil }
            answers = Array(repeating: nil, count: (groups?.dictionaryCount ?? 0) * (carcs?.dictionaryCount ?? 0))
        }

        mutating func classify(_ row: Int, on day: Int32?) -> TableAnswer {
            let noRemarks = remarks.map { !$0.isPresent(row) || $0.listCount(row) == 0 } ?? true
            guard noRemarks, let groupCodes = groups?.codes, let carcCodes = carcs?.codes else { return answer(row, on: day) }
            if dated {
                let key = DatedKey(group: groupCodes[row], carc: carcCodes[row], day: day)
                if let known = datedAnswers[key] { return known }
                let made = answer(row, on: day)
                datedAnswers[key] = made
                return made
            }
            let slot = Int(groupCodes[row]) * carcs!.dictionaryCount + Int(carcCodes[row])
            if let known = answers[slot] { return known }
            let made = answer(row, on: day)
            answers[slot] = made
            return made
        }

        /// The CARC entry of the most specific key (CARC+RARC, GROUP-CARC, CARC), then the first
        /// RARC entry in remark order overriding role and category.
        private func answer(_ row: Int, on day: Int32?) -> TableAnswer {
            let group = groups?.text(row) ?? "", carc = carcs?.text(row) ?? ""
            let codes = remarks.map { $0.isPresent(row) ? $0.list(row) : [] } ?? []
            var chosen: AttributionRules.Entry?
            var carcKey = AttributionDecision.CarcKey.none
            for (position, remark) in codes.enumerated() {
                if let entry = rules.carcEntry(carc + "+" + remark, on: day) { chosen = entry; carcKey = .withRemark(position); break }
            }
            if chosen == nil, let entry = rules.carcEntry(group + "-" + carc, on: day) { chosen = entry; carcKey = .withGroup }
            if chosen == nil, let entry = rules.carcEntry(carc, on: day) { chosen = entry; carcKey = .carc }
            var role = chosen?.role, category = chosen?.category
            var overridingRemark: Int?
            for (position, code) in codes.enumerated() {
                guard let remark = rules.rarcEntry(code, on: day) else { continue }
                role = remark.role ?? role
                category = remark.category ?? category
                overridingRemark = position
                break
            }
            return TableAnswer(role: role ?? "unattributed", category: category ?? "unknown",
                               denialByCodes: group != "PR" && (chosen?.denial ?? true), carcKey: carcKey,
                               overridingRemark: overridingRemark)
        }
    }

    private static func add(_ totals: inout DenialTotals, _ amount: Int64) {
        totals.denials += 1
        totals.deniedAmountCents += amount
    }

    /// Staff paths start at the claim, encounter, charge, remit or adjustment (SPEC section 3);
    /// from an adjustment, the encounter is reached through its claim.
    static func adjustmentPath(_ path: String) -> String {
        if path.hasPrefix("encounter.") { return "claim." + path }
        if path.hasPrefix("adjustment.") { return String(path.dropFirst("adjustment.".count)) }
        return path
    }
}
