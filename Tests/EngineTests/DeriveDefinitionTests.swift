import Foundation
import Testing
import Engine
import LuaRuntime

/// `derive{}` (SPEC section 3): computed once per row, then read by name in callbacks, `where`
/// tables, `by` and measures; errors are per row; a field reading an absent column is absent.
@Suite struct DeriveDefinitionTests {
    static let files = [
        "encounters.csv": """
            encounter_id,patient_id,service_date,discharge_date,department
            E1,P1,2025-01-10,2025-01-12,ED
            E2,P1,2025-02-10,,ED
            E3,P2,2025-03-01,2025-03-02,CARD

            """,
        "charges.csv": "charge_id,encounter_id,service_date,posted_at,amount\nC1,E1,2025-01-10,2025-01-11T00:00:00,100\nC2,E3,2025-03-01,2025-03-09T00:00:00,40.5\n",
        "claims.csv": "claim_id,encounter_id,total_charge\nK1,E3,40.5\n",
    ]

    @Test func derivedFieldsReadLikeIngestedOnes() async throws {
        let definitions = """
            derive { dataset = "encounters", name = "in_dnfb", type = "bool",
                     value = function(e) return e.discharge_date ~= nil and #e.claims == 0 end }
            derive { dataset = "encounters", name = "charge_dollars", type = "money", value = function(e) return e.total_charge end }
            derive { dataset = "encounters", name = "unit", type = "text", value = function(e) return e.department .. "-1" end }
            derive { dataset = "charges", name = "lag", type = "int", value = function(c) return date.days(c.service_date, c.posted_at) end }
            derive { dataset = "charges", name = "broken", type = "int", value = function(c) return "x" end }
            kpi { id = "dnfb", title = "In DNFB", unit = "count", numerator = count("encounters", { in_dnfb = true }) }
            kpi { id = "dnfb_dollars", title = "DNFB $", unit = "currency", numerator = sum("encounters", "charge_dollars", { in_dnfb = true }) }
            kpi { id = "lag", title = "Lag", unit = "days", numerator = avg("charges", "lag") }
            kpi { id = "by_unit", title = "By unit", unit = "count", by = "unit", numerator = count("encounters") }
            policy { id = "P1", title = "Late", dataset = "charges", role = "charge_capture",
                     check = function(c) if c.lag > 3 then return "late by " .. c.lag end end }
            """
        for jobs in [1, 2] {
            let results = try await runEngine(files: Self.files, definitions: definitions, jobs: jobs)
            let kpis = Dictionary(uniqueKeysWithValues: results.kpis.map { ($0.id, $0) })
            #expect(kpis["dnfb"]?.overall?.value == 1, "E1 is discharged without a claim")
            #expect(kpis["dnfb_dollars"]?.overall?.value == 100)
            #expect(kpis["lag"]?.overall?.value == 4.5)
            #expect(kpis["by_unit"]?.byGroup.map(\.key) == [["CARD-1"], ["ED-1"]])
            #expect(results.policies.first?.failures.map(\.message) == ["late by 8"])
            let broken = try #require(results.derived.first { $0.name == "broken" })
            #expect(broken.outcome.errorCount == 2 && broken.outcome.errors.first?.message == "derive of type int returned a string")
            #expect(results.scriptErrors.contains { $0.id == "charges.broken" })
        }
    }

    @Test func aDerivedFieldReadingAnAbsentColumnIsAbsentAndItsReadersAreSkipped() async throws {
        let definitions = """
            derive { dataset = "encounters", name = "verified", type = "bool", value = function(e) return e.eligibility_verified_at ~= nil end }
            kpi { id = "verified", title = "Verified", unit = "count", numerator = count("encounters", function(e) return e.verified end) }
            """
        let results = try await runEngine(files: Self.files, definitions: definitions)
        #expect(results.derived.first?.outcome.skipped?.contains("eligibility_verified_at") == true)
        #expect(results.kpis.first?.skipped?.contains("verified") == true, "\(String(describing: results.kpis.first?.skipped))")
    }
}

extension DeriveDefinitionTests {
    /// Lines a derive{} value printed before a breach on its chunk are kept, in row order.
    @Test func linesBeforeABreachAreKept() async throws {
        let results = try await runEngine(files: [
            "charges.csv": "charge_id,encounter_id,service_date,posted_at,amount\nC1,E1,2025-01-10,2025-01-11T00:00:00,1\n"
                + "C2,E1,2025-01-10,2025-01-11T00:00:00,2\nC3,E1,2025-01-10,2025-01-11T00:00:00,3\n",
        ], definitions: """
            derive { dataset = "charges", name = "one", type = "int", value = function(ch)
              print("at " .. ch.charge_id)
              if ch.charge_id == "C2" then while true do end end
              return 1
            end }
            """, limits: SandboxLimits(instructionsPerCall: 20_000))
        let outcome = try #require(results.derived.first?.outcome)
        #expect(outcome.errorCount == 1 && outcome.logs.map(\.message) == ["at C1", "at C2", "at C3"], "\(outcome.logs)")
    }
}
