import Foundation
import Testing
import Engine

/// Money fields' integer `<field>_cents` companions, in rows, measures and `where` tables; and
/// host-derived fields this data cannot derive, which skip like absent columns.
@Suite struct MoneyCentsTests {
    static let files = [
        "encounters.csv": "encounter_id,patient_id,service_date\nE1,P1,2025-01-10\n",
        "charges.csv": """
            charge_id,encounter_id,service_date,posted_at,amount
            C1,E1,2025-01-10,2025-01-12T10:00:00,10.50
            C2,E1,2025-01-10,2025-01-15T10:00:00,0.07

            """,
        "claims.csv": "claim_id,encounter_id,total_charge\nK1,E1,10.57\n",
    ]

    @Test func centsReadAsIntegersEverywhere() async throws {
        let results = try await runEngine(files: Self.files, definitions: """
            policy { id = "CENTS", title = "Cents", dataset = "charges", role = "charge_capture",
                     check = function(ch)
                       if math.type(ch.amount_cents) ~= "integer" then return "not an integer" end
                       if ch.amount_cents ~= 1050 then return tostring(ch.amount_cents) end
                     end }
            kpi { id = "sum_cents", title = "Sum", unit = "count", numerator = sum("charges", "amount_cents") }
            kpi { id = "where_cents", title = "Where", unit = "count", numerator = count("charges", { amount_cents = 1050 }) }
            kpi { id = "derived_cents", title = "Derived", unit = "count",
                  numerator = sum("encounters", function(e) return e.total_charge_cents end) }
            kpi { id = "absent_cents", title = "Absent", unit = "count", numerator = count("claims", { balance_cents = 0 }) }
            kpi { id = "absent_in_lua", title = "Absent in Lua", unit = "count", numerator = count("claims", function(c) return c.balance_cents end) }
            kpi { id = "underived", title = "Underived", unit = "count", numerator = count("claims", function(c) return c.paid end) }
            """)
        let policy = try #require(results.policies.first)
        #expect(policy.failures.map(\.message) == ["7"] && policy.errorCount == 0)
        let kpis = Dictionary(uniqueKeysWithValues: results.kpis.map { ($0.id, $0) })
        #expect(kpis["sum_cents"]?.overall?.value == 1057)
        #expect(kpis["where_cents"]?.overall?.value == 1)
        #expect(kpis["derived_cents"]?.overall?.value == 1057)
        #expect(kpis["absent_cents"]?.skipped == "claims.balance_cents not in the data")
        #expect(kpis["absent_in_lua"]?.skipped == "claims.balance_cents not in the data")
        #expect(kpis["underived"]?.skipped == "claims.paid not in the data")
    }
}
