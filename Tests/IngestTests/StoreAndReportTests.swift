import Foundation
import Testing
@testable import DataModel
@testable import Ingest

/// Several inputs, relations both ways, and the report writers.
@Suite struct StoreAndReportTests {
    func organization() -> (TempDir, TempDir) {
        let a = TempDir(), b = TempDir()
        a.write("patients.csv", "patient_id,birth_date\nP1,1980-01-01\nP2,1990-05-05\n")
        a.write("encounters.csv", """
            encounter_id,patient_id,service_date,registered_by,Visit Type
            E2,P1,2025-03-01,S1,walk-in
            E1,P1,2025-01-01,S9,
            E3,P2,2025-02-01,,scheduled

            """)
        a.write("staff.csv", "staff_id,role,manager_id\nS1,patient_access,S2\nS2,leadership,\n")
        b.write("encounters.csv", "encounter_id,patient_id,service_date\nE4,P1,2025-01-01\nE1,P2,2025-04-04\n")
        b.write("charges.ndjson", """
            {"charge_id": "C1", "encounter_id": "E1", "service_date": "2025-01-01", "posted_at": "2025-01-02", "amount": 10}
            {"charge_id": "C2", "encounter_id": "E1", "service_date": "2025-01-01", "posted_at": "2025-01-02", "amount": "(1.50)"}
            {"charge_id": "C3", "encounter_id": "E3", "service_date": "2025-02-01", "posted_at": "2025-02-02", "amount": 3}

            """)
        return (a, b)
    }

    @Test func dataPathsConcatenateAndRelationsIndexBothWays() throws {
        let (a, b) = organization()
        let result = try Ingestor.read(paths: [a.path, b.path], options: IngestOptions(jobs: 2))
        let encounters = result.table("encounters")
        #expect((0..<encounters.rowCount).map { encounters.recordID($0) } == ["E2", "E1", "E3", "E4"])
        #expect(result.rejectSummary == ["3 encounter_id: duplicate of \(a.path)/encounters.csv line 3"])
        #expect(result.quality.rejected[0].file == b.path + "/encounters.csv")
        #expect(encounters.files == [a.path + "/encounters.csv", b.path + "/encounters.csv"])
        #expect(encounters.extra("Visit Type")?.text(0) == "walk-in")
        #expect(encounters.extra("Visit Type")?.text(3) == nil, "rows of a file without the column are missing")
        #expect(encounters.column("registered_by")?.text(3) == nil)

        let patient = try #require(result.store.relation("encounters", "patient_id"))
        // patient_encounters: by (service_date, encounter_id).
        #expect(Array(patient.children(of: 0)).map { encounters.recordID(Int($0)) } == ["E1", "E4", "E2"])
        let charges = try #require(result.store.relation("charges", "encounter_id"))
        #expect(Array(charges.children(of: 1)) == [0, 1])
        #expect(charges.parent(of: 2) == 2)
        #expect(result.table("charges").column("amount")?.int64(1) == -150)

        let staff = try #require(result.store.relation("encounters", "registered_by"))
        #expect(staff.parent(of: 0) == 0 && staff.parent(of: 1) == nil && !staff.hasReverse)
        #expect(result.store.relation("staff", "manager_id")?.parent(of: 0) == 1)
        #expect(result.quality.referentialGaps == [
            ReferentialGap(dataset: "encounters", field: "registered_by", target: "staff", rows: 1, examples: ["E1"]),
        ])
        #expect(result.quality.inputs.map(\.dataset) == ["staff", "encounters", "patients", "encounters", "charges"])
        #expect(result.quality.inputs.allSatisfy { $0.balances })
    }

    @Test func dataFileIsTheDatasetItsNameSays() throws {
        let (a, _) = organization()
        let result = try Ingestor.read(paths: [a.path + "/staff.csv"])
        #expect(result.store.tables.keys.sorted() == ["staff"])
        a.write("visits.csv", "x\n")
        #expect(throws: IngestError.unknownDataset(path: a.path + "/visits.csv")) {
            try Ingestor.read(paths: [a.path + "/visits.csv"])
        }
        #expect(throws: IngestError.pathNotFound(path: "/no/such/dir")) { try Ingestor.read(paths: ["/no/such/dir"]) }
        let empty = TempDir()
        #expect(throws: IngestError.noDatasets(path: empty.path)) { try Ingestor.read(paths: [empty.path]) }
    }

    @Test func dataQualityJSONFollowsTheSpecAndCapsLists() {
        var quality = DataQuality()
        var account = FileAccount(dataset: "encounters", file: "e.csv", format: .csv)
        (account.rows, account.accepted, account.rejected) = (3, 1, 2)
        quality.inputs = [account]
        quality.rejected = [RowProblem(file: "e.csv", line: 2, column: "a", reason: "x \"y\""),
                            RowProblem(file: "e.csv", line: 3, column: "", reason: "z")]
        let json = quality.json(cap: 1).rendered()
        #expect(json == """
            {
              "inputs": [
                { "dataset": "encounters", "file": "e.csv", "rows": 3, "accepted": 1, "filtered": 0, "rejected": 2, "field_issues": 0 }
              ],
              "rejected": [
                { "file": "e.csv", "line": 2, "column": "a", "reason": "x \\"y\\"" }
              ],
              "rejected_truncated": 1,
              "field_issues": [],
              "referential_gaps": []
            }
            """)
        #expect(JSONText.quote("a\u{1}\n") == "\"a\\u0001\\n\"")
    }

    @Test func rejectsFileIsOwnerOnlyAndNeutralisesFormulas() throws {
        var quality = DataQuality()
        quality.rejected = [RowProblem(file: "e.csv", line: 4, column: "", reason: "bad", record: Array("=1+2,\"x\"".utf8))]
        quality.fieldIssues = [RowProblem(file: "e.csv", line: 2, column: "units", reason: "'x' is not", record: Array("x".utf8))]
        let dir = TempDir()
        let path = dir.path + "/rejects.csv"
        try RejectsWriter.write(quality, to: path)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text == "file,line,column,reason,record\ne.csv,2,units,'x' is not,x\ne.csv,4,,bad,\"'=1+2,\"\"x\"\"\"\n")
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }
}
