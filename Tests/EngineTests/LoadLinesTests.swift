import Testing
import Engine

/// A pack's lines printed while it loads are reported once, as load lines: the states that
/// load it again (policy, derive{} and KPI workers) do not repeat them in a definition's logs.
@Suite struct LoadLinesTests {
    @Test func loadLinesAreNotRepeatedInDefinitionsLogs() async throws {
        let results = try await runEngine(files: ["encounters.csv": "encounter_id,patient_id,service_date\nE1,P1,2025-01-10\n"],
                                          definitions: """
            print("loading")
            policy { id = "P", title = "P", dataset = "encounters", role = "patient_access", check = function(e) return nil end }
            derive { dataset = "encounters", name = "x", type = "int", value = function(e) return 1 end }
            kpi { id = "k", title = "K", unit = "count", numerator = count("encounters", function(e) return true end) }
            """)
        #expect(results.loadLogs == ["loading"])
        #expect(results.policies.flatMap(\.logs).isEmpty && results.derived.flatMap(\.outcome.logs).isEmpty
                && results.kpis.flatMap(\.logs).isEmpty)
    }
}
