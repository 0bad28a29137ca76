import DataModel

/// `claim.balance_as_of` (SPEC section 3): what is still open on the claim at the as-of date,
/// from the data rather than the exported `balance` (which is as of the extract).
///
/// total_charge
///   − the payer's payments: `paid` of the claim's remits received on or before as-of;
///   − adjustments dated on or before as-of, except group `PR` (patient responsibility stays
///     owed until the patient pays). An adjustment is dated by its remit's `received_on`; one
///     without `remit_id` belongs to the claim's first remit (as in attribution); on a claim
///     with no remit at all it counts at as-of;
///   − the patient's payments: `payments` with `source` = "patient" of the claim's encounter,
///     `received_at` on or before as-of, counted on the encounter's first claim (input order)
///     only, so an encounter billed twice is not credited twice. Payments with source "payer"
///     are not counted: they repeat the remits' `paid`.
/// Needs remits and adjustments loaded (else the field is absent and a definition reading it
/// is skipped); without payments (or their `source`), patient payments count as none. May be
/// negative (an overpayment).
enum BalanceColumn {
    static func column(_ store: DataStore, asOf: Int32, firstRemit: (Int) -> Int?) -> Column? {
        guard let claims = store.table("claims"), let totals = claims.column("total_charge"),
              let remits = store.table("remits"), let adjustments = store.table("adjustments"),
              let remitsOf = store.relation("remits", "claim_id"), let adjustmentsOf = store.relation("adjustments", "claim_id")
        else { return nil }
        let received = remits.column("received_on"), paid = remits.column("paid")
        let groups = adjustments.column("group_code"), amounts = adjustments.column("amount")
        let remitOf = store.relation("adjustments", "remit_id")
        var open = (0..<claims.rowCount).map { totals.int64($0) ?? 0 }
        for claim in 0..<claims.rowCount {
            for remit in remitsOf.children(of: claim) where (received?.int32(Int(remit)) ?? .max) <= asOf {
                open[claim] -= paid?.int64(Int(remit)) ?? 0
            }
            let first = firstRemit(claim)
            for adjustment in adjustmentsOf.children(of: claim).map(Int.init) where groups?.text(adjustment) != "PR" {
                let remit = remitOf?.parent(of: adjustment) ?? first
                let day = remit.map { received?.int32($0) ?? .max } ?? asOf
                if day <= asOf { open[claim] -= amounts?.int64(adjustment) ?? 0 }
            }
        }
        patientPayments(store, asOf: asOf, into: &open)
        var data = ColumnData(kind: .int64)
        for cents in open { data.appendInt64(cents) }
        return Column(name: "balance_as_of", type: .money, sealing: data)
    }

    private static func patientPayments(_ store: DataStore, asOf: Int32, into open: inout [Int64]) {
        guard let payments = store.table("payments"), let sources = payments.column("source"),
              let received = payments.column("received_at"), let amounts = payments.column("amount"),
              let encounterOf = store.relation("payments", "encounter_id"), let claimsOf = store.relation("claims", "encounter_id")
        else { return }
        let lastSecond = (Int64(asOf) + 1) * 86_400
        for payment in 0..<payments.rowCount where sources.text(payment) == "patient" {
            guard let at = received.int64(payment), at < lastSecond, let encounter = encounterOf.parent(of: payment),
                  let claim = claimsOf.children(of: encounter).min() else { continue }
            open[Int(claim)] -= amounts.int64(payment) ?? 0
        }
    }
}
