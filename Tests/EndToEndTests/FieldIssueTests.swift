import Foundation
import Testing

/// `field{}` issues (SPEC sections 1 and 5) are found while reading, so `validate` reports them
/// as `run` does, and `--rejects` of `run`, `validate` and `explain` lists them with the rejects.
@Suite final class FieldIssueTests {
    /// Each test has its own instance and folder, removed when the test ends.
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("field-issues-\(UUID().uuidString)")

    deinit { try? FileManager.default.removeItem(at: folder) }

    /// A pack typing `Acuity Score` as an int, and encounters where line 3 has a bad acuity and
    /// line 5 lacks its required patient id (a reject).
    func organization() throws -> (data: String, pack: String, encounters: String) {
        let data = folder.appendingPathComponent("data"), pack = folder.appendingPathComponent("acuity")
        for directory in [data, pack] { try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) }
        try "return { name = 'acuity', version = '1' }".write(to: pack.appendingPathComponent("pack.lua"), atomically: false, encoding: .utf8)
        try """
            field { dataset = "encounters", name = "Acuity Score", type = "int" }
            kpi { id = "acuity", title = "Acuity", unit = "count", numerator = sum("encounters", "Acuity Score") }
            """.write(to: pack.appendingPathComponent("defs.lua"), atomically: false, encoding: .utf8)
        let encounters = data.appendingPathComponent("encounters.csv")
        try """
            encounter_id,patient_id,service_date,Acuity Score
            E1,P1,2025-01-10,3
            E2,P1,2025-01-11,high
            E3,P2,2025-01-12,
            E4,,2025-01-13,2

            """.write(to: encounters, atomically: false, encoding: .utf8)
        return (data.path, pack.path, encounters.path)
    }

    static let lenient = ["--max-reject-rate", "0.5"]

    @Test func validateReportsTheIssuesOfDeclaredFields() throws {
        let (data, pack, encounters) = try organization()
        let text = try upstream(["validate", "--pack", pack, "--data", data] + Self.lenient)
        #expect(text.status == 0, "\(text.err)")
        #expect(text.out.hasPrefix("Read 1 file(s), 4 rows: 3 accepted, 1 rejected, 1 field issue(s)."), "\(text.out)")
        // Text lines stop at 100 columns, which may cut the reason after this folder's long path.
        let line = String("  \(encounters):3 [Acuity Score] 'high' is not a valid integer".prefix(100))
        #expect(text.out.contains("Field issues (kept as missing): 1\n\(line)\n"), "\(text.out)")
        let json = try upstream(["validate", "--pack", pack, "--data", data, "--format", "json"] + Self.lenient)
        #expect(json.status == 0, "\(json.err)")
        let quality = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
        let issues = try #require(quality["field_issues"] as? [[String: Any]])
        let issue = try #require(issues.first)
        #expect(issues.count == 1)
        #expect(issue["file"] as? String == encounters && issue["line"] as? Int == 3 && issue["column"] as? String == "Acuity Score")
        #expect(issue["reason"] as? String == "'high' is not a valid integer", "\(issue)")
        let inputs = try #require(quality["inputs"] as? [[String: Any]])
        #expect(inputs.reduce(0) { $0 + ($1["field_issues"] as? Int ?? 0) } == issues.count)
        #expect(inputs.first?["rejected"] as? Int == 1 && inputs.first?["accepted"] as? Int == 3)
    }

    @Test func validateAndRunReportTheSameDataQuality() throws {
        let (data, pack, _) = try organization()
        let validate = try upstream(["validate", "--pack", pack, "--data", data, "--format", "json"] + Self.lenient)
        let run = try upstream(["run", "--pack", pack, "--data", data, "--format", "json"] + Self.lenient)
        #expect(validate.status == 0 && run.status == 0, "\(validate.err)\(run.err)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: Any])
        let fromRun = try JSONSerialization.data(withJSONObject: try #require(report["data_quality"]), options: .sortedKeys)
        let fromValidate = try JSONSerialization.data(withJSONObject: try JSONSerialization.jsonObject(with: Data(validate.out.utf8)),
                                                      options: .sortedKeys)
        #expect(String(decoding: fromRun, as: UTF8.self) == String(decoding: fromValidate, as: UTF8.self))
        #expect(((report["data_quality"] as? [String: Any])?["field_issues"] as? [Any])?.count == 1)
        #expect((report["kpis"] as? [[String: Any]])?.first?["value"] as? Int == 3, "the bad value is missing; E4 is rejected")
    }

    @Test func issuesOfFieldsAMappingFillsNameTheExportsColumn() throws {
        let data = folder.appendingPathComponent("adt-data"), pack = folder.appendingPathComponent("adt")
        for directory in [data, pack] { try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) }
        try "return { name = 'adt', version = '1' }".write(to: pack.appendingPathComponent("pack.lua"), atomically: false, encoding: .utf8)
        try """
            field { dataset = "encounters", name = "acuity", type = "int" }
            field { dataset = "encounters", name = "arrived_on", type = "date" }
            mapping { id = "adt", datasets = { encounters = { file = "visits.csv", fields = {
              encounter_id = "Visit", patient_id = "MRN", service_date = { column = "Admit", format = "MM/dd/yyyy" },
              acuity = "Acu", arrived_on = { column = "Arrival", format = "MM/dd/yyyy" } } } } }
            """.write(to: pack.appendingPathComponent("defs.lua"), atomically: false, encoding: .utf8)
        let visits = data.appendingPathComponent("visits.csv")
        try "Visit,MRN,Admit,Arrival,Acu\nV1,M1,01/10/2025,01/08/2025,3\nV2,M2,01/11/2025,13/40/2025,hi\n"
            .write(to: visits, atomically: false, encoding: .utf8)
        let rejects = folder.appendingPathComponent("adt-rejects.csv").path
        let json = try upstream(["validate", "--pack", pack.path, "--data", data.path, "--format", "json", "--rejects", rejects])
        #expect(json.status == 0, "\(json.err)")
        let quality = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
        let issues = try #require(quality["field_issues"] as? [[String: Any]])
        #expect(issues.map { "\($0["line"] ?? "") \($0["column"] ?? ""): \($0["reason"] ?? "")" } == [
            "3 Acu: 'hi' is not a valid integer",
            "3 Arrival: '13/40/2025' does not match the format MM/dd/yyyy of mapping 'adt' (or is not a real date)",
        ])
        #expect((quality["inputs"] as? [[String: Any]])?.first?["field_issues"] as? Int == 2)
        let written = try String(contentsOfFile: rejects, encoding: .utf8)
        #expect(written.contains("\(visits.path),3,Acu,'hi' is not a valid integer,hi\n"), "\(written)")
    }

    @Test func rejectsOfRunValidateAndExplainListTheFieldIssue() throws {
        let (data, pack, encounters) = try organization()
        let commands: [(String, [String])] = [
            ("validate", ["validate", "--pack", pack, "--data", data]),
            ("run", ["run", "--pack", pack, "--data", data]),
            ("explain", ["explain", "--pack", pack, "--data", data, "--encounter", "E1"]),
        ]
        var written: [String: String] = [:]
        for (name, arguments) in commands {
            let path = folder.appendingPathComponent("\(name)-rejects.csv").path
            let result = try upstream(arguments + Self.lenient + ["--rejects", path])
            #expect(result.status == 0, "\(name): \(result.err)")
            written[name] = try String(contentsOfFile: path, encoding: .utf8)
        }
        let rows = try #require(written["validate"]).split(separator: "\n").map(String.init)
        #expect(rows.count == 3 && rows.first == "file,line,column,reason,record", "\(rows)")
        #expect(rows.dropFirst().first.map { $0.hasPrefix("\(encounters),3,Acuity Score,") && $0.hasSuffix(",high") } == true, "\(rows)")
        #expect(rows.last.map { $0.hasPrefix("\(encounters),5,patient_id,") } == true, "\(rows)")
        #expect(written["run"] == written["validate"] && written["explain"] == written["validate"], "\(written)")
    }
}
