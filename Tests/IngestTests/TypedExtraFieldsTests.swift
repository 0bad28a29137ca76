import Foundation
import Testing
import DataModel
import Ingest

/// `field{}` types applied to what was read (SPEC section 5): bad values are field issues,
/// counted in their file's account, and typing the same declarations again adds nothing.
@Suite struct TypedExtraFieldsTests {
    @Test func typingAddsFieldIssuesOnceAndCountsThemInTheirFile() throws {
        let dir = TempDir()
        dir.write("encounters.csv", """
            encounter_id,patient_id,service_date,Acuity Score
            E1,P1,2025-01-10,3
            E2,P1,2025-01-11,x
            E3,P2,2025-01-12,

            """)
        let read = try Ingestor.read(paths: [dir.path])
        #expect(read.quality.fieldIssues.isEmpty && read.typedExtras.isEmpty)
        let fields = [TypedExtraFields.Field(dataset: "encounters", name: "Acuity Score", type: .int),
                      TypedExtraFields.Field(dataset: "encounters", name: "Not Exported", type: .int)]
        let typed = read.typing(fields)
        let issue = try #require(typed.quality.fieldIssues.first)
        #expect(typed.quality.fieldIssues.count == 1)
        #expect(issue.file == dir.path + "/encounters.csv" && issue.line == 3 && issue.column == "Acuity Score" && issue.record == Array("x".utf8))
        #expect(typed.quality.inputs.map(\.fieldIssues) == [1])
        #expect(typed.typedExtras["encounters"]?["Acuity Score"]?.int64(0) == 3)
        #expect(typed.typedExtras["encounters"]?["Not Exported"] == nil, "a column the export lacks is left out")
        let again = typed.typing(fields)
        #expect(again.quality.fieldIssues.count == 1 && again.quality.inputs.map(\.fieldIssues) == [1])
    }
}
