import Foundation
import Testing
import Engine

/// SPEC section 3: a skipped error policy does not decide `clean`, and KPIs reading `clean`
/// list it in `partial`.
@Suite struct CleanPartialTests {
    @Test func kpisReadingCleanListSkippedPolicies() async throws {
        let files = [
            "encounters.csv": "encounter_id,patient_id,service_date\nE1,P1,2025-01-10\n",
            "claims.csv": "claim_id,encounter_id,total_charge\nK1,E1,100\n",
        ]
        let definitions = """
            policy { id = "ELIG", title = "Eligibility", dataset = "encounters", role = "patient_access",
                     check = function(e) if not e.eligibility_verified_at then return "never" end end }
            kpi { id = "clean_rate", title = "Clean", unit = "percent",
                  numerator = count("claims", { clean = true }), denominator = count("claims", { clean = present() }) }
            kpi { id = "claims", title = "Claims", unit = "count", numerator = count("claims") }
            kpi { id = "in_callback", title = "Clean, read by a callback", unit = "count",
                  numerator = count("claims", function(c) return c.clean end) }
            kpi { id = "through_relation", title = "Encounters with a clean claim", unit = "count",
                  numerator = count("encounters", function(e) return e.claims[1] and e.claims[1].clean end) }
            """
        let results = try await runEngine(files: files, definitions: definitions)
        #expect(results.policies.first?.skipped != nil, "the export has no eligibility_verified_at")
        let kpis = Dictionary(uniqueKeysWithValues: results.kpis.map { ($0.id, $0) })
        #expect(kpis["clean_rate"]?.partial.count == 1 && kpis["clean_rate"]?.partial.first?.hasPrefix("clean: policy ELIG skipped") == true,
                "\(String(describing: kpis["clean_rate"]?.partial))")
        #expect(kpis["claims"]?.partial.isEmpty == true)
        #expect(kpis["in_callback"]?.partial == kpis["clean_rate"]?.partial, "a callback reading clean is seen as it reads")
        #expect(kpis["through_relation"]?.partial == kpis["clean_rate"]?.partial)
    }
}

/// print/log in KPI callbacks reach the report's logs, with the record when the KPI reads one dataset.
@Suite struct KPILogTests {
    @Test func kpiCallbackLogsAreKeptWithTheirRecords() async throws {
        let files = ["encounters.csv": "encounter_id,patient_id,service_date\nE1,P1,2025-01-10\nE2,P1,2025-01-11\n"]
        let definitions = """
            kpi { id = "k", title = "K", unit = "count",
                  numerator = count("encounters", function(e) log("seen", e.encounter_id) return true end) }
            """
        let results = try await runEngine(files: files, definitions: definitions)
        #expect(results.kpis.first?.logs.map { "\($0.record) \($0.message)" } == ["E1 seen\tE1", "E2 seen\tE2"])
    }
}
