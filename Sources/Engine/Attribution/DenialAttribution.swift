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
