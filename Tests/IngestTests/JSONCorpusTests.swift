import Testing
@testable import DataModel
@testable import Ingest

/// JSON arrays and NDJSON: values from their literal text, one fixture per defect.
@Suite struct JSONCorpusTests {
    @Test func arrayValuesReadAsWritten() throws {
        let result = try Fixture.read("json/array")
        let charges = result.table("charges")
        #expect(result.rejectSummary.isEmpty)
        #expect(result.issueSummary == [
            "15 code: key given twice in one object; the first value is kept",
            "15 modifiers: list items must be strings, numbers or booleans",
            "15 units: 'many' is not a valid integer",
        ])
        #expect((0..<3).map { charges.recordID($0) } == ["45", "C2", "C3"])
        #expect((0..<3).map { charges.column("amount")!.int64($0) } == [1250, 123_456, -700])
        #expect(charges.column("modifiers")?.list(0) == ["25", "59"])
        #expect(charges.column("modifiers")?.isPresent(2) == false)
        #expect(charges.column("dx_codes")?.list(1) == ["I10", "E11.9"])
        #expect((0..<3).map { charges.column("units")!.int64($0) } == [nil, 2, nil])
        #expect((0..<3).map { charges.column("code")!.text($0) } == [nil, "99213", "99214"])
        #expect(charges.column("posted_at")?.display(0) == "2025-01-02T10:00:00")
        #expect(charges.extra("note")?.text(0) == #"{"a": [1, 2], "b": "x"}"#)
        #expect(charges.extra("note")?.text(1) == "café \"q\"")
        #expect(charges.column("claim_id") == nil, "a key no object gives is an absent column")
        #expect((0..<3).map { charges.line(ofRow: $0) } == [2, 13, 15])
    }

    @Test func ndjsonDefectsRejectOneLineEach() throws {
        let result = try Fixture.read("json/ndjson")
        #expect(result.rejectSummary == [
            "3 : invalid JSON: unterminated object at column 98",
            "4 : invalid JSON: text after the object at column 74",
            "5 : invalid JSON: expected an object at column 1",
            "6 : invalid JSON: nesting deeper than 64 at column 145",
            "7 patient_id: required field missing",
        ])
        let account = result.quality.inputs[0]
        #expect((account.rows, account.accepted, account.rejected) == (7, 2, 5))
        #expect(result.table("encounters").column("auth_required")?.bool(1) == false)
        #expect(result.table("encounters").line(ofRow: 1) == 8)
    }

    @Test func brokenArrayElementResumesAtTheNextElement() throws {
        let result = try Fixture.read("json/broken-array")
        #expect(result.rejectSummary == [
            "3 : invalid JSON: expected ',' or '}' at column 45",
            "4 : invalid JSON: unexpected character at column 39, 1 line(s) below",
        ])
        let table = result.table("encounters")
        #expect((0..<table.rowCount).map { table.recordID($0) } == ["E1", "E4"])
        #expect(result.quality.inputs[0].balances)
    }

    @Test func requiredKeyInNoObjectIsAMissingColumn() {
        #expect(throws: IngestError.missingRequiredColumn(file: Fixture.path("json/missing-required/encounters.ndjson"),
                                                          dataset: "encounters", column: "patient_id")) {
            try Fixture.read("json/missing-required")
        }
    }

    @Test func notRecordsIsInvalidData() {
        let error = #expect(throws: IngestError.self) { try Fixture.read("json/not-records") }
        #expect(error?.exitCode == 4)
    }

    @Test func sameDatasetInTwoFormatsIsAUsageError() {
        let error = #expect(throws: IngestError.self) { try Fixture.read("json/both-formats") }
        #expect(error?.exitCode == 2)
    }

    @Test(arguments: [1, 2])
    func chunkedJSONEqualsSerial(jobs: Int) throws {
        let dir = TempDir()
        var pretty = "[\n"
        var lines = ""
        for i in 0..<300 {
            let object = i % 7 == 3
                ? "{\"charge_id\": \"C\(i)\", \"encounter_id\": \"E1\", \"amount\": oops}"
                : "{\"charge_id\": \"C\(i)\", \"encounter_id\": \"E\(i % 5)\", \"service_date\": \"2025-01-0\(i % 9 + 1)\","
                    + " \"posted_at\": \"2025-01-02T10:00\", \"amount\": \(i).25, \"modifiers\": [\"25\", \(i)], \"x\": {\"k\": [\(i)]}}"
            pretty += "  " + object.replacingOccurrences(of: ", \"posted_at", with: ",\n    \"posted_at") + (i < 299 ? ",\n" : "\n")
            lines += object + "\n"
        }
        pretty += "]\n"
        for (name, text) in [("charges.json", pretty), ("charges.ndjson", lines)] {
            let sub = TempDir()
            let path = sub.write(name, text)
            let serial = try Ingestor.read(paths: [path], options: IngestOptions(jobs: 1, chunkBytes: 1 << 30))
            for chunkBytes in [50, 211, 4096] {
                let chunked = try Ingestor.read(paths: [path], options: IngestOptions(jobs: jobs, chunkBytes: chunkBytes))
                #expect(chunked.quality.digest == serial.quality.digest, "\(name) \(chunkBytes)")
                #expect(TableDigest.of(chunked.table("charges")) == TableDigest.of(serial.table("charges")))
            }
            let chunked = try Ingestor.read(paths: [path], options: IngestOptions(jobs: jobs, chunkBytes: 500))
            #expect(chunked.quality.inputs[0].reparsedChunks == 0, "\(name): chunks start between elements")
            #expect(serial.quality.inputs[0].rejected == 43)
            #expect(serial.quality.inputs[0].accepted == 257)
        }
        _ = dir
    }
}
