import Testing
@testable import DataModel
@testable import Ingest

/// One fixture per defect: exact lines, columns, reasons and counts.
@Suite struct CSVCorpusTests {
    @Test func wrongFieldCountRejectsTheRecord() throws {
        let result = try Fixture.read("csv/field-count")
        #expect(result.rejectSummary == ["3 notes: expected 5 fields, found 4", "4 : expected 5 fields, found 6"])
        let account = result.quality.inputs[0]
        #expect((account.rows, account.accepted, account.rejected) == (4, 2, 2))
        #expect(result.table("encounters").recordID(1) == "E4")
    }

    @Test func unterminatedQuoteRejectsEveryLineToTheEnd() throws {
        let result = try Fixture.read("csv/unterminated-quote")
        #expect(result.rejectSummary == ["3 notes: unterminated quote", "4 notes: unterminated quote",
                                         "5 notes: unterminated quote"])
        #expect(result.quality.rejected.map { String(decoding: $0.record, as: UTF8.self) }
            == ["E2,P1,2025-01-03,no,\"never closed", "E3,P1,2025-01-04,no,x", "E4,P1,2025-01-05,no,y"])
        #expect((result.quality.inputs[0].rows, result.quality.inputs[0].accepted) == (4, 1))
    }

    @Test func overlongRecordRejectsItsLinesAndResumes() throws {
        let result = try Fixture.read("csv/overlong-record", maxRecordBytes: 64)
        #expect(result.rejectSummary == [
            "3 : record longer than 64 bytes (--max-record-bytes)",
            "4 : record longer than 64 bytes (--max-record-bytes)",
            "5 patient_id: expected 5 fields, found 1",
        ])
        #expect(result.table("encounters").rowCount == 2)
        #expect(result.table("encounters").line(ofRow: 1) == 6)
        #expect(result.quality.inputs[0].balances)
    }

    @Test func invalidUTF8RejectsTheRow() throws {
        let result = try Fixture.read("csv/invalid-utf8")
        #expect(result.rejectSummary == ["3 notes: invalid UTF-8", "4 notes: invalid UTF-8"])
        #expect(result.table("encounters").extra("notes")?.text(0) == "café")
    }

    @Test func missingOrInvalidRequiredFieldRejects() throws {
        let result = try Fixture.read("csv/required-field")
        #expect(result.rejectSummary == [
            "3 encounter_id: required field missing",
            "4 service_date: 'not-a-date' is not a valid date (YYYY-MM-DD)",
            "5 patient_id: required field missing",
            "6 service_date: '2025-02-30' is not a valid date (YYYY-MM-DD)",
        ])
        let table = result.table("encounters")
        #expect(table.rowCount == 1)
        #expect(table.column("service_date")?.count == 1)
        #expect(table.extra("notes")?.text(0) == "ok")
    }

    @Test func badOptionalFieldBecomesMissingWithAnIssue() throws {
        let result = try Fixture.read("csv/optional-field")
        #expect(result.rejectSummary.isEmpty)
        #expect(result.issueSummary == ["2 auth_required: 'maybe' is not a valid boolean (true/false, yes/no, y/n, t/f, 1/0)"])
        let column = try #require(result.table("encounters").column("auth_required"))
        #expect(column.bool(0) == nil)
        #expect(column.bool(1) == true)
        #expect(result.quality.inputs[0].fieldIssues == 1)
        #expect(result.quality.fieldIssues[0].record == Array("maybe".utf8))
    }

    @Test func duplicateIdKeepsTheFirst() throws {
        let result = try Fixture.read("csv/duplicate-id")
        let file = Fixture.path("csv/duplicate-id/encounters.csv")
        #expect(result.rejectSummary == ["4 encounter_id: duplicate of \(file) line 2"])
        #expect(result.quality.rejected[0].record == Array("E1,P2,2025-01-04,maybe,second".utf8))
        #expect(result.quality.fieldIssues.isEmpty, "a rejected repeat keeps no field issues")
        #expect(result.quality.inputs[0].fieldIssues == 0)
        let table = result.table("encounters")
        #expect(table.rowCount == 2)
        #expect(table.row(withID: "E1") == 0)
        #expect(table.column("patient_id")?.text(0) == "P1")
        #expect((result.quality.inputs[0].accepted, result.quality.inputs[0].rejected) == (2, 1))
    }

    @Test func duplicateHeaderIsAnError() throws {
        #expect(throws: IngestError.duplicateHeader(file: Fixture.path("csv/duplicate-header/encounters.csv"),
                                                     column: "patient_id", line: 1)) {
            try Fixture.read("csv/duplicate-header")
        }
        #expect(IngestError.duplicateHeader(file: "", column: "", line: 1).exitCode == 4)
    }

    @Test func missingRequiredColumnIsAnError() throws {
        let error = #expect(throws: IngestError.self) { try Fixture.read("csv/missing-required-column") }
        #expect(error == .missingRequiredColumn(file: Fixture.path("csv/missing-required-column/encounters.csv"),
                                                dataset: "encounters", column: "patient_id"))
        #expect(error?.exitCode == 4)
    }

    @Test func textAfterClosingQuoteRejects() throws {
        let result = try Fixture.read("csv/text-after-quote")
        #expect(result.rejectSummary == ["2 notes: text after the closing quote"])
        #expect(result.table("encounters").rowCount == 1)
    }

    @Test func rfc4180FormsReadExactly() throws {
        let result = try Fixture.read("csv/rfc4180")
        #expect(result.rejectSummary.isEmpty && result.issueSummary.isEmpty)
        let table = result.table("encounters")
        #expect(table.rowCount == 4)
        let notes = try #require(table.extra("notes"))
        #expect(notes.text(0) == "comma, quote \"x\"\r\nand CRLF")
        #expect(notes.text(1) == nil)
        #expect(notes.text(2) == nil)
        #expect(notes.text(3) == "last no newline")
        #expect(table.recordID(1) == "E2")
        #expect((0..<4).map { table.line(ofRow: $0) } == [2, 5, 6, 7])
        #expect((0..<4).map { table.column("auth_required")!.bool($0) } == [true, false, false, true])
        #expect(result.quality.inputs[0].sha256.count == 64)
    }

    @Test func typedValuesGapsAndRelations() throws {
        let result = try Fixture.read("csv/gaps")
        let charges = result.table("charges")
        #expect(result.rejectSummary == ["5 amount: money '1.234' has more than 2 decimals"])
        #expect((0..<3).map { charges.column("amount")!.int64($0) } == [123_456, -1200, -1200])
        #expect(charges.column("posted_at")?.display(1) == "2025-01-03T08:30:15")
        #expect(charges.column("posted_at")?.display(2) == "2025-01-02T00:00:00")
        #expect(charges.column("modifiers")?.list(1) == ["25", "59"])
        #expect(charges.column("modifiers")?.isPresent(0) == false)
        let gaps = result.quality.referentialGaps
        #expect(gaps == [ReferentialGap(dataset: "charges", field: "encounter_id", target: "encounters", rows: 2,
                                        examples: ["C2", "C3"])])
        let relation = try #require(result.store.relation("charges", "encounter_id"))
        #expect(relation.parent(of: 0) == 0 && relation.parent(of: 1) == nil)
        #expect(Array(relation.children(of: 0)) == [0])
    }
}
