import Foundation
import Testing
import Engine

/// `claim.balance_as_of`: total charge minus the payer's and the patient's payments and the
/// non-PR adjustments dated on or before as-of.
@Suite struct BalanceAsOfTests {
    static let files = [
        "encounters.csv": "encounter_id,patient_id,service_date\nE1,P1,2025-01-10\n",
        "claims.csv": "claim_id,encounter_id,total_charge\nK1,E1,100\nK2,E1,50\n",
        "remits.csv": "remit_id,claim_id,received_on,paid\nR1,K1,2025-01-20,60\nR2,K1,2025-04-10,10\n",
        "adjustments.csv": """
            claim_id,remit_id,group_code,carc,amount
            K1,R1,CO,45,20
            K1,,PR,1,10
            K1,R2,CO,45,5
            K2,,CO,45,7

            """,
        "payments.csv": """
            payment_id,encounter_id,received_at,amount,source
            Y1,E1,2025-02-01T09:00:00,8,patient
            Y2,E1,2025-05-01T09:00:00,2,patient
            Y3,E1,2025-01-20T06:00:00,60,payer

            """,
    ]

    @Test func balanceCountsWhatHappenedByAsOf() async throws {
        let definitions = """
            kpi { id = "open", title = "Open", unit = "currency", numerator = sum("claims", "balance_as_of") }
            kpi { id = "first_remit", title = "First remit", unit = "count",
                  numerator = count("claims", function(c) return c.first_remit and c.first_remit.remit_id == "R1" end) }
            kpi { id = "first", title = "First", unit = "count",
                  numerator = sum("claims", function(c) if c.claim_id == "K1" then return c.balance_as_of_cents end end) }
            """
        let results = try await runEngine(files: Self.files, definitions: definitions)
        let kpis = Dictionary(uniqueKeysWithValues: results.kpis.map { ($0.id, $0) })
        #expect(kpis["open"]?.overall?.value == 55, "K1 100 - 60 - 20 - 8 = 12; K2 50 - 7 = 43")
        #expect(kpis["first"]?.overall?.value == 1200)
        #expect(kpis["first_remit"]?.overall?.value == 1)
        var partial = Self.files
        partial["adjustments.csv"] = nil
        let skipped = try await runEngine(files: partial, definitions: definitions)
        #expect(skipped.kpis.map(\.skipped) == ["claims.balance_as_of not in the data", nil, "claims.balance_as_of_cents not in the data"])
        var noRemits = Self.files
        noRemits["remits.csv"] = nil
        let withoutRemits = try await runEngine(files: noRemits, definitions: definitions)
        #expect(withoutRemits.kpis[1].skipped == "claims.first_remit: remits not in the data")
    }
}
