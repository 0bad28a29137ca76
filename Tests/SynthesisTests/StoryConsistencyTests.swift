import Testing
@testable import Synthesis

/// The records tell one consistent story: people work only while in their role, and a denied
/// line carries the evidence of the error that caused it.
@Suite struct StoryConsistencyTests {
    let fixture = GeneratedFixture.standard

    @Test func registrarsWorkOnlyWhileInTheirRole() {
        let staff = fixture[.staff]
        var roleStart: [String: String] = [:]
        for row in staff.rows {
            #expect(row[staff.column("hire_date")] <= row[staff.column("role_start_date")])
            roleStart[row[staff.column("staff_id")]] = row[staff.column("role_start_date")]
        }
        let encounters = fixture[.encounters]
        let early = encounters.rows.filter { row in
            row[encounters.column("service_date")] < roleStart[row[encounters.column("registered_by")], default: ""]
        }
        #expect(early.isEmpty, "registered before role start: \(early.prefix(2))")
    }

    /// CO-199 lines carry a revenue code other than the chargemaster's for their procedure, and
    /// CO-16/M51 lines have no procedure code (DOMAIN.md 2.2 edit 18; 3.5 M51).
    @Test func chargeCaptureDenialsPointAtTheirEvidence() {
        let chargemaster = Chargemaster()
        var expected: [String: String] = [:]
        let items = chargemaster.officeVisits + chargemaster.emergencyVisits + chargemaster.labs
            + chargemaster.plainImaging + chargemaster.advancedImaging + chargemaster.orthopedicProcedures
            + chargemaster.surgicalProcedures + chargemaster.cardiologyProcedures + chargemaster.nursing
            + chargemaster.drugs + [chargemaster.venipuncture, chargemaster.jointInjection, chargemaster.therapy,
                                    chargemaster.roomAndBoard, chargemaster.observationHour]
        for item in items {
            expected[String(decoding: item.code, as: UTF8.self)] = String(decoding: item.revenueCode, as: UTF8.self)
        }
        let charges = fixture[.charges]
        var chargeRow: [String: [String]] = [:]
        for row in charges.rows { chargeRow[row[charges.column("charge_id")]] = row }
        let adjustments = fixture[.adjustments]
        var checked = 0
        for row in adjustments.rows where row[adjustments.column("carc")] == "199" {
            guard let charge = chargeRow[row[adjustments.column("charge_id")]] else {
                Issue.record("CO-199 without a charge line")
                continue
            }
            let code = charge[charges.column("code")]
            #expect(charge[charges.column("revenue_code")] != expected[code], "line \(charge)")
            checked += 1
        }
        #expect(checked > 10)
    }

    @Test func authorizationDenialsFollowMissingOrLateAuthorizations() {
        let encounters = fixture[.encounters]
        var authorization: [String: (number: String, obtained: String, service: String)] = [:]
        for row in encounters.rows {
            authorization[row[encounters.column("encounter_id")]] = (row[encounters.column("auth_number")],
                                                                     row[encounters.column("auth_obtained_at")],
                                                                     row[encounters.column("service_date")])
        }
        let encounterOfClaim = fixture.encounterOfClaim
        let adjustments = fixture[.adjustments]
        for row in adjustments.rows where ["197", "15"].contains(row[adjustments.column("carc")]) {
            let encounter = encounterOfClaim[row[adjustments.column("claim_id")], default: ""]
            guard let auth = authorization[encounter] else { continue }
            if row[adjustments.column("carc")] == "197" {
                #expect(auth.number.isEmpty, "CO-197 with an authorization on \(encounter)")
            } else {
                #expect(String(auth.obtained.prefix(10)) > auth.service, "CO-15 with a timely authorization on \(encounter)")
            }
        }
    }

    /// CO-29 follows a claim filed after the shortest filing limit (90 days), because of a
    /// charge posted weeks late (DOMAIN.md 2.2 edit 23; 3.6 point 3).
    @Test func timelyFilingDenialsFollowLongLags() {
        let encounters = fixture[.encounters]
        var serviceDate: [String: Int] = [:]
        for row in encounters.rows {
            serviceDate[row[encounters.column("encounter_id")]] = CivilCalendar.parse(row[encounters.column("service_date")])
        }
        let charges = fixture[.charges]
        var lastPosting: [String: Int] = [:]
        for row in charges.rows {
            let day = CivilCalendar.parse(String(row[charges.column("posted_at")].prefix(10))) ?? 0
            lastPosting[row[charges.column("claim_id")]] = max(lastPosting[row[charges.column("claim_id")], default: 0], day)
        }
        let encounterOfClaim = fixture.encounterOfClaim
        let adjustments = fixture[.adjustments]
        var checked = 0
        for row in adjustments.rows where row[adjustments.column("carc")] == "29" {
            let claim = row[adjustments.column("claim_id")]
            let encounter = encounterOfClaim[claim, default: ""]
            let lag = lastPosting[claim, default: 0] - serviceDate[encounter, default: 0]
            #expect(lag > 20, "CO-29 on \(claim) with the last charge posted \(lag) days after service")
            checked += 1
        }
        #expect(checked > 0)
    }
}
