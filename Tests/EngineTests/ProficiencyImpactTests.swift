import Foundation
import Testing
import DataModel
import Engine

/// The impact comparison counts each person's records and failures; staff ids of a
/// dictionary-encoded export are matched once per distinct id, with the same counts.
@Suite struct ProficiencyImpactTests {
    @Test func encodedStaffColumnsCountEachPersonsRecordsAndFailures() async throws {
        // 64 claims coded in turn by S1 (below), S2 (at or above), S3 (billing: not a coder) and nobody.
        let coders = ["S1", "S2", "S3", ""]
        let claims = (0..<64).map { i in String(format: "K%02d,E1,100,%@", i, coders[i % 4]) }
        let results = try await runEngine(files: [
            "staff.csv": "staff_id,name,role\nS1,Ana,coding\nS2,Bo,coding\nS3,Cy,billing\n",
            "assessments.csv": "staff_id,skill,assessed_on,score\nS1,coding,2025-01-05,0.7\nS2,coding,2025-01-05,0.95\n",
            "claims.csv": "claim_id,encounter_id,total_charge,coded_by\n" + claims.joined(separator: "\n") + "\n",
        ], definitions: """
            threshold { id = "CODE", role = "coding", skill = "coding", at_least = 0.8 }
            policy { id = "EVERY-3RD", title = "Every third claim", dataset = "claims", role = "coding", staff = "coded_by",
                     check = function(c) if tonumber(c.claim_id:sub(2)) % 3 == 0 then return "third" end end }
            """)
        #expect(results.data.store.table("claims")?.column("coded_by")?.codes != nil, "the fixture must exercise the encoded path")
        let coding = try #require(results.impact.first { $0.role == "coding" })
        // S1 codes claims 0, 4, …, 60 (6 of them multiples of 3); S2 codes 1, 5, …, 61 (9, 21, 33, 45, 57 fail).
        #expect(coding.below.staff == 1 && coding.below.records == 16 && coding.below.failures == 6)
        #expect(coding.atOrAbove.staff == 1 && coding.atOrAbove.records == 16 && coding.atOrAbove.failures == 5)
    }
}
