import Foundation
import Testing
import DataModel
import Engine
import Ingest
import LuaRuntime
import Packs

@Suite struct ProficiencyTests {
    @Test func statusFollowsScoresCoursesAttemptsAndGrace() async throws {
        let (folder, data, pack) = try scratchOrganization("proficiency")
        defer { try? FileManager.default.removeItem(at: folder) }
        let files = [
            "staff.csv": """
                staff_id,name,role,hire_date,role_start_date
                S1,Ana,patient_access,2020-01-01,
                S2,Bo,patient_access,2020-01-01,
                S3,Cy,patient_access,2020-01-01,
                S4,Di,patient_access,2020-01-01,
                S5,Ed,patient_access,2020-01-01,2025-12-01
                S6,Fa,patient_access,2020-01-01,
                S7,Gu,coding,2020-01-01,

                """,
            "assessments.csv": """
                staff_id,skill,assessed_on,score,attempt
                S1,registration,2025-06-01,0.70,1
                S1,registration,2025-06-01,0.90,2
                S2,registration,2025-06-01,0.80,1
                S4,registration,2025-06-01,0.95,1
                S5,registration,2025-06-01,0.50,1
                S6,registration,2026-02-01,0.99,1
                S6,registration,2023-01-01,0.99,1

                """,
            "training.csv": "staff_id,course_id,completed_on\nS1,RCM-101,2025-01-01\nS2,RCM-101,2025-01-01\nS4,RCM-101,2026-03-01\nS5,RCM-101,2025-01-01\nS6,RCM-101,2025-01-01\n",
        ]
        for (name, text) in files { try text.write(to: data.appendingPathComponent(name), atomically: false, encoding: .utf8) }
        try "return { name = 'p', version = '1' }".write(to: pack.appendingPathComponent("pack.lua"), atomically: false, encoding: .utf8)
        try """
            threshold { id = "PA-PROF", role = "patient_access", skill = "registration", at_least = 0.85,
                        courses = { "RCM-101" }, grace_days = 90, max_age_days = 730 }
            """.write(to: pack.appendingPathComponent("thresholds.lua"), atomically: false, encoding: .utf8)
        let store = try Ingestor.read(paths: [data.path]).store
        let packPath = pack.path
        let definitions = try await engineThread.perform {
            let packs = try PackResolver(search: PackSearchPath()).resolve([packPath])
            return try PackLoader(state: try LuaState(), params: try ParamSet(packs: packs, overrides: [])).load(packs).definitions
        }
        let asOf = Int32(CivilDate.days(year: 2025, month: 12, day: 31))
        let people = Proficiency.evaluate(EngineData(store: store), thresholds: definitions, asOf: asOf)
        #expect(people.map { "\($0.staffID) \($0.status.rawValue) \($0.scores["registration"].map { String($0) } ?? "-") \($0.coursesMissing)" } == [
            "S1 at_or_above 0.9 []",       // the later attempt on the same day counts
            "S2 below 0.8 []",             // under 0.85
            "S3 below - [\"RCM-101\"]",    // no course, no assessment: below wins over not assessed
            "S4 below 0.95 [\"RCM-101\"]", // the course was completed after the as-of date
            "S6 not_assessed - []",        // one assessment is after as-of, the other older than 730 days
        ])
        let roles = Proficiency.byRole(people)
        #expect(roles["patient_access"] == RoleProficiency(staff: 5, atOrAbove: 1, below: 3, notAssessed: 1))
        #expect(roles["patient_access"]?.complianceRate == 0.25)
        #expect(roles["coding"] == nil)
    }
}
