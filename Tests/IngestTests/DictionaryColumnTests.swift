import Testing
@testable import DataModel
@testable import Ingest

/// Text columns with few distinct values are dictionary-encoded when their table seals; every
/// reader must see exactly what was read.
@Suite struct DictionaryColumnTests {
    /// 64 encounters whose staff ids and departments repeat: S1, S2, S9 (no such staff) and missing.
    func organization() -> (TempDir, [String?], [String?]) {
        let dir = TempDir()
        dir.write("staff.csv", "staff_id,role\nS1,coding\nS2,billing\n")
        let staff: [String?] = (0..<64).map { ["S1", "S2", "S9", nil][$0 % 4] }
        let departments: [String?] = (0..<64).map { $0 % 5 == 0 ? nil : ["CARD", "ED", "ONC"][$0 % 3] }
        var csv = "encounter_id,patient_id,service_date,registered_by,department\n"
        for row in 0..<64 {
            csv += "E\(row),P1,2025-01-01,\(staff[row] ?? ""),\(departments[row] ?? "")\n"
        }
        dir.write("encounters.csv", csv)
        return (dir, staff, departments)
    }

    @Test(arguments: [1, 2]) func encodedColumnsReadAsWritten(jobs: Int) throws {
        let (dir, staff, departments) = organization()
        let result = try Ingestor.read(paths: [dir.path], options: IngestOptions(jobs: jobs))
        let encounters = result.table("encounters")
        let registeredBy = try #require(encounters.column("registered_by"))
        let department = try #require(encounters.column("department"))
        #expect(registeredBy.codes != nil && department.codes != nil)
        #expect(encounters.column("encounter_id")?.codes == nil, "the id column stays as read")
        #expect((0..<64).map { registeredBy.text($0) } == staff)
        #expect((0..<64).map { department.text($0) } == departments)
        #expect((0..<64).map { department.isPresent($0) } == departments.map { $0 != nil })
        #expect((0..<64).map { registeredBy.presence![$0] != 0 } == staff.map { $0 != nil })

        let relation = try #require(result.store.relation("encounters", "registered_by"))
        #expect((0..<64).map { relation.parent(of: $0) } == staff.map { ["S1": 0, "S2": 1][$0 ?? ""] })
        #expect(result.quality.referentialGaps == [
            ReferentialGap(dataset: "encounters", field: "registered_by", target: "staff", rows: 16,
                           examples: (0..<10).map { "E\(2 + 4 * $0)" }),
        ])
    }

    @Test func nearlyUniqueColumnsStayAsRead() throws {
        let dir = TempDir()
        var csv = "encounter_id,patient_id,service_date,member_id\n"
        for row in 0..<64 { csv += "E\(row),P\(row % 2),2025-01-01,M\(row)\n" }
        dir.write("encounters.csv", csv)
        let encounters = try Ingestor.read(paths: [dir.path]).table("encounters")
        #expect(encounters.column("member_id")?.codes == nil)
        #expect(encounters.column("patient_id")?.codes != nil)
        #expect(encounters.column("member_id")?.text(63) == "M63")
    }
}
