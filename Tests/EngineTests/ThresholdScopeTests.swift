import Foundation
import Testing
import Engine

/// Threshold `where` (SPEC section 3): a table or a function decides which staff of the role a
/// threshold applies to; a person no threshold applies to has no status.
@Suite struct ThresholdScopeTests {
    static let files = [
        "staff.csv": """
            staff_id,name,role,facility
            S1,Ann,patient_access,MAIN
            S2,Bob,patient_access,NORTH
            S3,Cy,patient_access,MAIN

            """,
        "assessments.csv": """
            staff_id,skill,assessed_on,score
            S1,registration,2025-01-05,0.70
            S2,registration,2025-01-05,0.70
            S3,registration,2025-01-05,0.95

            """,
        "encounters.csv": "encounter_id,patient_id,service_date\nE1,P1,2025-01-10\n",
    ]

    @Test func whereTablesAndFunctionsScopeThresholds() async throws {
        let byTable = """
            threshold { id = "MAIN", role = "patient_access", skill = "registration", at_least = 0.85, where = { facility = "MAIN" } }
            """
        let table = try await runEngine(files: Self.files, definitions: byTable)
        #expect(table.proficiency.map { "\($0.staffID):\($0.status.rawValue)" } == ["S1:below", "S3:at_or_above"])
        let byFunction = """
            threshold { id = "NORTH", role = "patient_access", skill = "registration", at_least = 0.85,
                        where = function(s) if s.staff_id == "S3" then error("no") end return s.facility == "NORTH" end }
            """
        let function = try await runEngine(files: Self.files, definitions: byFunction)
        #expect(function.proficiency.map { "\($0.staffID):\($0.status.rawValue)" } == ["S2:below"])
        #expect(function.scriptErrors.map { "\($0.id) \($0.group.count) \($0.group.records)" } == ["NORTH 1 [\"S3\"]"])
    }
}
