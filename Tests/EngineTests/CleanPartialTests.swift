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
            """
        let results = try await runEngine(files: files, definitions: definitions)
        #expect(results.policies.first?.skipped != nil, "the export has no eligibility_verified_at")
        let kpis = Dictionary(uniqueKeysWithValues: results.kpis.map { ($0.id, $0) })
        #expect(kpis["clean_rate"]?.partial.count == 1 && kpis["clean_rate"]?.partial.first?.hasPrefix("clean: policy ELIG skipped") == true,
                "\(String(describing: kpis["clean_rate"]?.partial))")
        #expect(kpis["claims"]?.partial.isEmpty == true)
    }
}
