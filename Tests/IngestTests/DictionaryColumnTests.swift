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

    /// Columns are encoded chunk by chunk as they are read; the result must be exactly the
    /// encoding of the whole column (same entries in first-seen order, same codes), whatever
    /// the chunk size and job count.
    @Test(arguments: [(1, 512), (2, 512), (2, 1 << 20)]) func encodingWhileReadingMatchesWholeColumn(jobs: Int, chunkBytes: Int) throws {
        let dir = TempDir()
        var csv = "encounter_id,patient_id,service_date,department,payer_id\n"
        let departments = ["CARD", "ED", "ONCOLOGY-INFUSION-CENTER", "", "ORTHO"]
        for row in 0..<400 {
            csv += "E\(row),P\(row % 3),2025-01-01,\(departments[(row * 7) % 5]),PAY\(row / 50)\n"
        }
        dir.write("encounters.csv", csv)
        let encounters = try Ingestor.read(paths: [dir.path], options: IngestOptions(jobs: jobs, chunkBytes: chunkBytes))
            .table("encounters")
        for name in ["department", "payer_id", "patient_id"] {
            let column = try #require(encounters.column(name))
            #expect(column.codes != nil, "\(name) is encoded")
            let plain = Column(name: name, type: column.type, sealing: Self.plainCopy(column))
            let whole = try #require(plain.dictionaryEncoded())
            #expect(column.dictionaryValues == whole.dictionaryValues, "\(name): entries")
            #expect((0..<400).map { column.codes![$0] } == (0..<400).map { whole.codes![$0] }, "\(name): codes")
        }
        #expect(encounters.column("department")?.text(4) == nil)
        #expect(encounters.column("department")?.text(1) == "ONCOLOGY-INFUSION-CENTER")
        #expect(encounters.column("payer_id")?.text(399) == "PAY7")
    }

    /// A column that passes 65,535 distinct values part-way goes back to plain text at once;
    /// one within that cap but with fewer than 16 rows per value is plain once sealed.
    @Test func columnsPastTheRuleEndPlain() throws {
        let dir = TempDir()
        var csv = "encounter_id,patient_id,service_date,member_id,department\n"
        let rows = 70_000
        csv.reserveCapacity(rows * 48)
        for row in 0..<rows {
            // member_id: distinct for every row, missing every 1,000th; department: 5,000 values.
            csv += "E\(row),P1,2025-01-01,\(row % 1000 == 7 ? "" : "M\(row)"),D\(row % 5000)\n"
        }
        dir.write("encounters.csv", csv)
        let encounters = try Ingestor.read(paths: [dir.path], options: IngestOptions(jobs: 2, chunkBytes: 64 << 10))
            .table("encounters")
        let member = try #require(encounters.column("member_id"))
        let department = try #require(encounters.column("department"))
        #expect(member.codes == nil && department.codes == nil)
        #expect(member.text(0) == "M0" && member.text(69_999) == "M69999" && member.text(1007) == nil)
        #expect(!member.isPresent(7) && member.isPresent(8))
        #expect(department.text(12_345) == "D2345")
        #expect(encounters.rowCount == rows)
    }

    /// A column whose values are all distinct gives up once it has 16,384 rows, long before the
    /// 65,535 cap, at the same row whether it arrives in chunks or whole; one that repeats every
    /// value once carries on.
    @Test func nearlyUniqueColumnsGiveUpEarly() {
        func texts(_ values: [String]) -> ColumnData {
            var data = ColumnData(kind: .text)
            for var value in values { value.withUTF8 { data.appendText($0.baseAddress!, $0.count) } }
            return data
        }
        let unique = (0..<20_000).map { "M\($0)" }
        var first = texts(Array(unique[..<16_000])), second = texts(Array(unique[16_000...]))
        defer { first.free(); second.free() }
        var chunked = DictionaryEncoder(limit: Int(UInt16.max))
        defer { chunked.free() }
        let tookFirst = chunked.append(first), tookSecond = chunked.append(second)
        #expect(tookFirst)
        #expect(!tookSecond, "gives up within the chunk that passes 16,384 rows")
        #expect(chunked.codes.count == 16_000, "rows as before the failed chunk")
        let whole = Column(name: "member_id", type: .text, sealing: texts(unique))
        #expect(whole.dictionaryEncoded() == nil)

        var pairs = texts((0..<40_000).map { "V\($0 / 2)" })
        defer { pairs.free() }
        var repeating = DictionaryEncoder(limit: Int(UInt16.max))
        defer { repeating.free() }
        let tookPairs = repeating.append(pairs)
        #expect(tookPairs)
        #expect(repeating.distinct == 20_000)
    }

    /// Repeated ids drop rows after reading: encoded columns are encoded again over the rows kept.
    @Test func repeatedIdsKeepEncodedColumnsRight() throws {
        let dir = TempDir()
        var csv = "encounter_id,patient_id,service_date,department\n"
        for row in 0..<40 { csv += "E\(row % 36),P1,2025-01-01,\(["CARD", "ED"][row % 2])\(row >= 36 ? "-LATE" : "")\n" }
        dir.write("encounters.csv", csv)
        let result = try Ingestor.read(paths: [dir.path], options: IngestOptions(jobs: 2, chunkBytes: 256))
        let encounters = result.table("encounters")
        #expect(encounters.rowCount == 36)
        let department = try #require(encounters.column("department"))
        #expect(department.codes != nil)
        #expect(department.dictionaryValues == ["", "CARD", "ED"], "values of dropped rows are gone")
        #expect((0..<36).map { department.text($0) } == (0..<36).map { ["CARD", "ED"][$0 % 2] })
    }

    /// An extra column only a later file has holds missing values for the earlier rows.
    @Test func extraColumnOfALaterFile() throws {
        let first = TempDir(), second = TempDir()
        var one = "encounter_id,patient_id,service_date\n", two = "encounter_id,patient_id,service_date,site\n"
        for row in 0..<20 { one += "E\(row),P1,2025-01-01\n" }
        for row in 20..<40 { two += "E\(row),P1,2025-01-01,\(row % 2 == 0 ? "NORTH" : "")\n" }
        first.write("encounters.csv", one)
        second.write("encounters.csv", two)
        let encounters = try Ingestor.read(paths: [first.path, second.path], options: IngestOptions(jobs: 2)).table("encounters")
        let site = try #require(encounters.extras.first { $0.name == "site" })
        #expect(site.codes != nil)
        #expect((0..<40).map { site.text($0) } == (0..<40).map { $0 >= 20 && $0 % 2 == 0 ? "NORTH" : nil })
    }

    /// A plain text copy of a column's rows, read through its public accessors.
    static func plainCopy(_ column: Column) -> ColumnData {
        var data = ColumnData(kind: .text)
        for row in 0..<column.count {
            guard column.isPresent(row) else { data.appendMissing(); continue }
            let bytes = column.textBytes(row)
            data.appendText(bytes.baseAddress!, bytes.count)
        }
        return data
    }
}
