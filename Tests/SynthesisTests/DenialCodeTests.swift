import Testing
@testable import Synthesis

@Suite struct DenialCodeTests {
    let fixture = GeneratedFixture.standard

    /// Only codes DOMAIN.md section 3 lists, with the groups it gives them.
    @Test func adjustmentsUseOnlyDocumentedCodes() {
        var allowed: Set<String> = ["CO-45", "PR-1", "PR-2", "PR-3"]
        for cause in DenialCause.allCases {
            for code in cause.remitCodes {
                let group = String(decoding: code.group, as: UTF8.self)
                let carc = String(decoding: code.carc, as: UTF8.self)
                allowed.insert(group + "-" + carc)
            }
        }
        let adjustments = fixture[.adjustments]
        for row in adjustments.rows {
            let code = row[adjustments.column("group_code")] + "-" + row[adjustments.column("carc")]
            #expect(allowed.contains(code), "unexpected \(code)")
            if row[adjustments.column("carc")] == "16" {
                #expect(!row[adjustments.column("rarc")].isEmpty, "CARC 16 needs a RARC (DOMAIN.md 3.2)")
            }
        }
    }

    @Test func eachCauseShowsUpInTheData() {
        let adjustments = fixture[.adjustments]
        let carcs = Set(adjustments.values("carc"))
        for expected in ["27", "31", "197", "4", "97", "146", "199", "50", "18", "16"] {
            #expect(carcs.contains(expected), "no CARC \(expected) in 5,000 encounters")
        }
    }

    /// Eligibility denials come from encounters whose eligibility was not verified before the
    /// service, with few exceptions (coverage that changed after a proper check).
    @Test func eligibilityDenialsTraceToMissingOrLateVerification() {
        let encounters = fixture[.encounters]
        var verifiedInTime: [String: Bool] = [:]
        for row in encounters.rows {
            let verified = row[encounters.column("eligibility_verified_at")]
            let service = row[encounters.column("service_date")]
            let inTime = !verified.isEmpty && String(verified.prefix(10)) <= service
            verifiedInTime[row[encounters.column("encounter_id")]] = inTime
        }
        let encounterOfClaim = fixture.encounterOfClaim
        let adjustments = fixture[.adjustments]
        var traced = 0
        var untraced = 0
        for row in adjustments.rows where ["26", "27"].contains(row[adjustments.column("carc")]) {
            let encounter = encounterOfClaim[row[adjustments.column("claim_id")]] ?? ""
            if verifiedInTime[encounter] == true { untraced += 1 } else { traced += 1 }
        }
        #expect(traced > 5 * max(untraced, 1))
    }

    @Test func workqueueReasonsNameTheUpstreamStep() {
        let reasons = fixture[.workqueue].values("reason")
        #expect(!reasons.isEmpty)
        for reason in reasons {
            #expect(reason.contains("(") && reason.hasSuffix(")"), "reason without a role: \(reason)")
        }
        #expect(reasons.contains { $0.contains("Denial CO-197") && $0.contains("patient access") })
    }
}
