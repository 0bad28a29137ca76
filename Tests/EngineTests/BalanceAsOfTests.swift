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

    /// A month-end snapshot reads the balance as it stood at each month end, whether the host
    /// reads it (a field name, a `where` table) or a callback does (dollars and cents).
    @Test func monthEndSnapshotsReadTheBalanceOfEachMonthEnd() async throws {
        let definitions = """
            local every = { every = "month_end", months = 5 }
            kpi { id = "host", title = "t", unit = "currency", snapshot = every, numerator = sum("claims", "balance_as_of") }
            kpi { id = "lua", title = "t", unit = "currency", snapshot = every,
                  numerator = sum("claims", function(c) return c.balance_as_of end) }
            kpi { id = "cents", title = "t", unit = "currency", snapshot = every,
                  numerator = sum("claims", function(c) return c.balance_as_of_cents end, nil, { money = true }) }
            kpi { id = "open_host", title = "t", unit = "count", snapshot = every,
                  numerator = count("claims", { balance_as_of = between(0.01, 1000) }) }
            kpi { id = "open_lua", title = "t", unit = "count", snapshot = every,
                  numerator = count("claims", function(c) return c.balance_as_of > 0 end) }
            """
        let results = try await runEngine(files: Self.files, definitions: definitions, asOf: "2025-05-31")
        let kpis = Dictionary(uniqueKeysWithValues: results.kpis.map { ($0.id, $0) })
        func months(_ id: String) -> [String: Double?] { kpis[id]?.byMonth.mapValues(\.value) ?? [:] }
        // K2 is 43 throughout (its adjustment has no remit to date it). K1: 100 − R1 (60 paid,
        // 20 CO) on 01-20 = 20; − 8 patient on 02-01 = 12; − R2 (10 + 5) on 04-10 = −3; − 2 on 05-01 = −5.
        let balances: [String: Double?] = ["2025-01": 63, "2025-02": 55, "2025-03": 55, "2025-04": 40, "2025-05": 38]
        #expect(months("host") == balances)
        #expect(months("lua") == balances)
        #expect(months("cents") == balances, "money = true: integer cents, reported in dollars")
        let open: [String: Double?] = ["2025-01": 2, "2025-02": 2, "2025-03": 2, "2025-04": 1, "2025-05": 1]
        #expect(months("open_host") == open)
        #expect(months("open_lua") == open)
        #expect(kpis["host"]?.overall?.value == 38 && kpis["lua"]?.overall?.value == 38)
    }
}
