import Testing
@testable import DataModel
@testable import Ingest

/// CSV records are checked for UTF-8 whole (only when they may hold a byte >= 0x80); a bad
/// record still names its first bad field, whatever the field's shape or place.
@Suite struct RecordUTF8Tests {
    @Test(arguments: [1, 2]) func badRecordsNameTheirFirstBadField(jobs: Int) throws {
        let dir = TempDir()
        var bytes = Array("encounter_id,patient_id,service_date,department,notes\n".utf8)
        func line(_ parts: [[UInt8]]) { bytes += Array(parts.joined(separator: [44])) + [10] }
        let e9 = Array("é".utf8), bad: [UInt8] = [0xC3], lone: [UInt8] = [0x80]
        line([Array("E1".utf8), Array("P1".utf8), Array("2025-01-01".utf8), e9, Array("caf".utf8) + e9])
        // A truncated sequence at a field's end, before the comma; a later field is fine.
        line([Array("E2".utf8), Array("P1".utf8), Array("2025-01-01".utf8), Array("ON".utf8) + bad, e9])
        // A lone continuation byte inside quotes with doubled quotes, after a valid é.
        line([Array("E3".utf8), Array("P1".utf8), Array("2025-01-01".utf8), e9,
              [34] + Array("say \"\"hi\"\" ".utf8) + lone + [34]])
        // Two bad fields: the first by position is named.
        line([Array("E4".utf8), Array("P1".utf8) + lone, Array("2025-01-01".utf8), bad, Array("x".utf8)])
        // A valid record with a quoted multi-byte value spanning lines, then CRLF.
        bytes += Array("E5,P1,2025-01-01,\"CA\nRD é\",\"ü\"\r\n".utf8)
        // ASCII only, after the multi-line record: accepted.
        line([Array("E6".utf8), Array("P1".utf8), Array("2025-01-01".utf8), Array("ED".utf8), Array("ok".utf8)])
        dir.write("encounters.csv", bytes)
        let result = try Ingestor.read(paths: [dir.path], options: IngestOptions(jobs: jobs, chunkBytes: 64))
        #expect(result.rejectSummary == ["3 department: invalid UTF-8", "4 notes: invalid UTF-8", "5 patient_id: invalid UTF-8"])
        let table = result.table("encounters")
        #expect((0..<table.rowCount).map { table.recordID($0) } == ["E1", "E5", "E6"])
        #expect(table.column("department")?.text(1) == "CA\nRD é")
        #expect(table.extra("notes")?.text(0) == "café")
        #expect(table.extra("notes")?.text(1) == "ü")
        #expect(result.quality.inputs[0].balances)
    }
}
