import DataModel

/// A claim's host-derived state (SPEC section 3, "Host-derived fields").
public struct ClaimSummary: Sendable, Equatable {
    public var claimID: String
    public var encounterID: String?
    public var payerID: String?
    public var totalChargeCents: Int64?
    public var paidCents: Int64?
    /// nil when no remit has arrived yet.
    public var denied: Bool?
    public var denialRole: String?
    public var denialCategory: String?
    /// `claim.clean` as KPIs read it; nil when a policy raised on its records (or no claims).
    public var clean: Bool?

    init(row: Int, data: EngineData, clean: Column?) {
        func column(_ field: String) -> Column? { data.column(field, of: "claims") }
        claimID = data.store.table("claims")?.recordID(row) ?? ""
        encounterID = column("encounter_id")?.text(row)
        payerID = column("payer_id")?.text(row)
        totalChargeCents = column("total_charge")?.int64(row)
        paidCents = column("paid")?.int64(row)
        denied = column("denied")?.bool(row)
        denialRole = column("denial_role")?.text(row)
        denialCategory = column("denial_category")?.text(row)
        self.clean = clean?.bool(row)
    }
}
