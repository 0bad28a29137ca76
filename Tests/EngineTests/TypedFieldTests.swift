import Foundation
import Testing
import Engine

/// `field{}` (SPEC sections 3 and 5): an extra export column typed by a pack, read by name in
/// rows, `where` tables and `by`; a value that does not fit the type is a field issue.
@Suite struct TypedFieldTests {
    @Test func anExtraColumnBecomesATypedField() async throws {
        let files = [
            "encounters.csv": """
                encounter_id,patient_id,service_date,patient_class_code,Acuity Score
                E1,P1,2025-01-10,IP,3
                E2,P1,2025-01-11,OP,x
                E3,P2,2025-01-12,IP,

                """,
        ]
        let definitions = """
            field { dataset = "encounters", name = "patient_class_code", type = "text" }
            field { dataset = "encounters", name = "Acuity Score", type = "int" }
            kpi { id = "inpatient", title = "Inpatient", unit = "count", numerator = count("encounters", { patient_class_code = "IP" }) }
            kpi { id = "acuity", title = "Acuity", unit = "count", numerator = sum("encounters", "Acuity Score") }
            kpi { id = "typed", title = "Typed", unit = "count",
                  numerator = count("encounters", function(e) return math.type(e["Acuity Score"]) == "integer" end) }
            kpi { id = "by_class", title = "By class", unit = "count", by = "patient_class_code", numerator = count("encounters") }
            """
        let results = try await runEngine(files: files, definitions: definitions)
        let kpis = Dictionary(uniqueKeysWithValues: results.kpis.map { ($0.id, $0) })
        #expect(kpis["inpatient"]?.overall?.value == 2)
        #expect(kpis["acuity"]?.overall?.value == 3)
        #expect(kpis["typed"]?.overall?.value == 1, "row values are Lua integers")
        #expect(kpis["by_class"]?.byGroup.map(\.key) == [["IP"], ["OP"]])
        let issue = try #require(results.quality.fieldIssues.first)
        #expect(results.quality.fieldIssues.count == 1 && issue.line == 3 && issue.column == "Acuity Score" && issue.reason.contains("integer"),
                "\(results.quality.fieldIssues)")
        #expect(results.quality.inputs.first?.fieldIssues == 1)
    }
}
