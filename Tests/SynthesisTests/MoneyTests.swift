import Testing
@testable import Synthesis

@Suite struct MoneyTests {
    let fixture = GeneratedFixture.standard

    /// CLP03 − CLP04 = Σ adjustments for every remit (DOMAIN.md 5.2 balancing rule), and
    /// patient responsibility equals the PR adjustments.
    @Test func everyRemitBalances() {
        let adjustments = fixture[.adjustments]
        var adjusted: [String: Int64] = [:]
        var patientShare: [String: Int64] = [:]
        let remitColumn = adjustments.column("remit_id")
        let amountColumn = adjustments.column("amount")
        let groupColumn = adjustments.column("group_code")
        for row in adjustments.rows {
            adjusted[row[remitColumn], default: 0] += cents(row[amountColumn])
            if row[groupColumn] == "PR" { patientShare[row[remitColumn], default: 0] += cents(row[amountColumn]) }
        }
        let remits = fixture[.remits]
        var checked = 0
        for row in remits.rows {
            let id = row[remits.column("remit_id")]
            let charge = cents(row[remits.column("charge")])
            let paid = cents(row[remits.column("paid")])
            #expect(charge - paid == adjusted[id, default: 0], "remit \(id)")
            #expect(cents(row[remits.column("patient_responsibility")]) == patientShare[id, default: 0], "remit \(id)")
            if id.hasSuffix("-1") { checked += 1 }
        }
        #expect(checked > 4000)
    }

    @Test func claimTotalsAreTheSumOfTheirCharges() {
        let charges = fixture[.charges]
        var sums: [String: Int64] = [:]
        for row in charges.rows where !row[charges.column("claim_id")].isEmpty {
            sums[row[charges.column("claim_id")], default: 0] += cents(row[charges.column("amount")])
        }
        let claims = fixture[.claims]
        for row in claims.rows {
            let id = row[claims.column("claim_id")]
            guard !id.contains("-") else { continue }  // duplicates repeat the original's charges
            #expect(sums[id] == cents(row[claims.column("total_charge")]), "claim \(id)")
        }
    }

    /// Status and balance agree with the remits present in the extract.
    @Test func claimStatusAndBalanceFollowTheRemits() {
        let remits = fixture[.remits]
        let remitted = Set(remits.values("claim_id"))
        let claims = fixture[.claims]
        var statuses: Set<String> = []
        for row in claims.rows {
            let id = row[claims.column("claim_id")]
            let status = row[claims.column("status")]
            let balance = cents(row[claims.column("balance")])
            let total = cents(row[claims.column("total_charge")])
            statuses.insert(status)
            #expect(balance >= 0 && balance <= total, "claim \(id)")
            if remitted.contains(id) {
                #expect(["paid", "denied", "appealed", "written_off"].contains(status), "claim \(id): \(status)")
            } else {
                #expect(["billed", "submitted", "rejected"].contains(status), "claim \(id): \(status)")
                // Duplicates never carry a balance (docs/generate.md).
                #expect(balance == (id.contains("-") ? 0 : total), "claim \(id)")
            }
            if status == "written_off" { #expect(balance == 0, "claim \(id)") }
        }
        #expect(statuses.isSuperset(of: ["paid", "submitted", "written_off"]))
    }

    @Test func paidClaimsCarryContractualAdjustments() {
        let adjustments = fixture[.adjustments]
        let codes = adjustments.rows.map { $0[adjustments.column("group_code")] + "-" + $0[adjustments.column("carc")] }
        #expect(codes.filter { $0 == "CO-45" }.count > 3000)
        #expect(codes.contains("PR-1") && codes.contains("PR-2") && codes.contains("PR-3"))
        let payments = fixture[.payments]
        #expect(payments.values("point_of_service").contains("true"))
        #expect(Set(payments.values("source")) == ["payer", "patient"])
    }
}
