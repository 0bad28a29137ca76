import Foundation
import Testing
import Engine

/// Two corner cases the DuckDB/polars comparison (tools/compare-bench) found: a claim with no
/// remit has no initial denial, and a denial whose claim is missing from claims.csv still
/// counts toward denied_claims (SPEC: rows whose parent is absent are kept).
@Suite struct DenialEdgeTests {
    @Test func aClaimWithoutRemitIsNotInitiallyDeniedAndOrphanClaimsCount() async throws {
        let files = [
            "encounters.csv": "encounter_id,patient_id,service_date\nE1,P1,2025-01-10\n",
            "claims.csv": "claim_id,encounter_id,total_charge\nK1,E1,100\nK2,E1,50\n",
            "remits.csv": "remit_id,claim_id,received_on,paid\nR1,K1,2025-01-20,0\n",
            "adjustments.csv": """
                claim_id,remit_id,group_code,carc,amount
                K1,R1,CO,197,100
                K2,,CO,27,50
                K9,,CO,197,5

                """,
        ]
        let definitions = """
            attribution { carc = { ["197"] = { category = "authorization", role = "patient_access" },
                                   ["27"] = { category = "eligibility", role = "patient_access" } } }
            kpi { id = "denied", title = "Denied", unit = "count", numerator = count("claims", { denied = true }) }
            """
        let results = try await runEngine(files: files, definitions: definitions)
        #expect(results.kpis.first?.overall?.value == 1, "K2 has no remit, so no first remit and no initial denial")
        let attribution = try #require(results.attribution)
        #expect(attribution.adjustments.map(\.initial) == [true, false, false])
        #expect(attribution.byRole["patient_access"]?.denials == 3)
        #expect(attribution.byRole["patient_access"]?.deniedClaims == 3, "K1, K2 and the orphan K9")
        #expect(attribution.totals.deniedClaims == 3)
    }
}
