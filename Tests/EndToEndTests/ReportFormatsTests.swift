import Foundation
import Testing

/// The text report byte for byte, the CSV export against the JSON it comes from, hostile text
/// in every format, and a quiet stderr when it is not a terminal (SPEC sections 1 and 6).
@Suite struct ReportFormatsTests {
    static let data = "\(GoldenReportTests.folder)/data"

    /// When a change to the text report is intended, regenerate from the repository root:
    ///
    ///     G=Tests/EndToEndTests/Fixtures/golden
    ///     swift run upstream run --pack examples/packs/riverside --data $G/data --as-of 2025-12-31 > $G/expected.txt
    @Test func theTextReportMatchesTheGoldenFileInOneHundredColumns() throws {
        let run = try upstream(["run", "--pack", "examples/packs/riverside", "--data", Self.data, "--as-of", "2025-12-31"])
        #expect(run.status == 0, "\(run.err)")
        let expected = try String(contentsOf: repository.appendingPathComponent("\(GoldenReportTests.folder)/expected.txt"), encoding: .utf8)
        let got = run.out.split(separator: "\n", omittingEmptySubsequences: false), want = expected.split(separator: "\n", omittingEmptySubsequences: false)
        if let first = zip(got, want).enumerated().first(where: { $0.element.0 != $0.element.1 }) {
            Issue.record("line \(first.offset + 1) differs:\n  got:      \(first.element.0)\n  expected: \(first.element.1)")
        }
        #expect(got.count == want.count)
        #expect(got.allSatisfy { $0.count <= 100 })
        #expect(!run.out.contains("\u{1B}"), "no colour when stdout is not a terminal")
        #expect(!run.err.contains("\r") && !run.err.contains("\u{1B}"), "no progress display when stderr is not a terminal: \(run.err)")
    }

    @Test func everyListOfTheJSONReportIsACSVFileWithTheSameContent() throws {
        let folder = try scratch("csv")
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("report").path
        let run = try upstream(["run", "--pack", "examples/packs/riverside", "--data", Self.data, "--as-of", "2025-12-31",
                                "--format", "csv", "--out", out])
        #expect(run.status == 0, "\(run.err)")
        #expect(run.out.isEmpty)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/run.json"))) as? [String: Any])
        let files = try FileManager.default.contentsOfDirectory(atPath: out).filter { $0.hasSuffix(".csv") }.sorted()
        for expected in ["kpis.csv", "kpis.by_month.csv", "kpis.by_group.csv", "policies.csv", "policies.messages.csv", "attribution.by_role.csv",
                         "attribution.by_category.csv", "attribution.by_staff.csv", "proficiency.by_role.csv", "proficiency.staff.csv",
                         "proficiency.impact.csv", "data_quality.inputs.csv", "data_quality.rejected.csv", "data_quality.field_issues.csv",
                         "data_quality.referential_gaps.csv", "script_errors.csv", "logs.csv", "run.packs.csv", "run.inputs.csv"] {
            #expect(files.contains(expected), "missing \(expected)")
        }
        var compared = 0
        for file in files {
            let path = file.dropLast(4).split(separator: ".").map(String.init)
            let records = try parseCSV(String(contentsOfFile: out + "/" + file, encoding: .utf8))
            let header = try #require(records.first)
            let rows = elements(json, path)
            #expect(records.count - 1 == rows.count, "\(file): \(records.count - 1) rows, the JSON has \(rows.count)")
            for (record, object) in zip(records.dropFirst(), rows) {
                for (column, cell) in zip(header, record) {
                    guard let value = object[column] else { continue }
                    switch value {
                    case let text as String: #expect(cell == text, "\(file) \(column)")
                    case let number as NSNumber where cell == "true" || cell == "false":
                        #expect(number.boolValue == (cell == "true"), "\(file) \(column)")
                    case let number as NSNumber:
                        // Foundation's JSON reader on Linux may lose the last bit of a double.
                        #expect(abs((Double(cell) ?? .nan) - number.doubleValue) <= 1e-12 * max(1, abs(number.doubleValue)), "\(file) \(column): \(cell) vs \(number)")
                    case let list as [Any] where list.allSatisfy({ $0 is String }):
                        #expect(cell == (list as! [String]).joined(separator: "; "), "\(file) \(column)")
                    default: continue
                    }
                    compared += 1
                }
            }
        }
        #expect(compared > 300, "the comparison must cover the report, compared \(compared) cells")
        let attributes = try FileManager.default.attributesOfItem(atPath: out + "/kpis.csv")
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    }

    @Test func hostileTitlesMessagesAndDataAreNeutralizedInEveryFormat() throws {
        let folder = try scratch("hostile")
        defer { try? FileManager.default.removeItem(at: folder) }
        let pack = folder.appendingPathComponent("hostile")
        try FileManager.default.createDirectory(at: pack, withIntermediateDirectories: true)
        try "return { name = 'hostile', version = '1\\27[2J' }".write(to: pack.appendingPathComponent("pack.lua"), atomically: false, encoding: .utf8)
        try """
            policy { id = "H1", title = "=cmd|' /C calc'!A0 \\7\\27[31m", dataset = "encounters", role = "patient_access",
                     staff = "registered_by",
                     check = function(e) log("-log\\27[1m " .. e.encounter_id) return "@SUM(1) " .. e.department .. "\\27]0;owned\\7" end }
            kpi { id = "k1", title = "+evil\\27[5m", unit = "count", by = "department",
                  numerator = count("encounters") }
            """.write(to: pack.appendingPathComponent("defs.lua"), atomically: false, encoding: .utf8)
        let data = folder.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        try "encounter_id,patient_id,service_date,department,registered_by\nE1,P1,2025-01-02,\"=HYPERLINK(\"\"http://x\"\")\",S1\nE2,P1,2025-01-03,-2+3,S1\n"
            .write(to: data.appendingPathComponent("encounters.csv"), atomically: false, encoding: .utf8)
        let text = try upstream(["run", "--pack", pack.path, "--data", data.path])
        #expect(text.status == 0, "\(text.err)")
        let controls = { (s: String) in s.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n") || $0.value == 0x7F } }
        #expect(!controls(text.out), "text report: \(text.out)")
        #expect(!controls(text.err), "log lines on stderr: \(text.err)")
        let out = folder.appendingPathComponent("csv").path
        let errors = folder.appendingPathComponent("errors.csv").path
        let csv = try upstream(["run", "--pack", pack.path, "--data", data.path, "--format", "csv", "--out", out, "--errors", errors])
        #expect(csv.status == 0, "\(csv.err)")
        for file in try FileManager.default.contentsOfDirectory(atPath: out) where file.hasSuffix(".csv") {
            for record in try parseCSV(String(contentsOfFile: out + "/" + file, encoding: .utf8)) {
                for cell in record {
                    if let first = cell.unicodeScalars.first, "=+@\t\r".unicodeScalars.contains(first) { Issue.record("\(file): formula cell \(cell)") }
                    if cell.hasPrefix("-"), Double(cell) == nil { Issue.record("\(file): formula cell \(cell)") }
                }
            }
        }
        let messages = try String(contentsOfFile: out + "/policies.messages.csv", encoding: .utf8)
        #expect(messages.contains("'@SUM(1) =HYPERLINK"), "\(messages)")
        let groups = try String(contentsOfFile: out + "/kpis.by_group.csv", encoding: .utf8)
        #expect(groups.contains("'-2+3") && groups.contains("'=HYPERLINK"), "\(groups)")
        let logs = try String(contentsOfFile: out + "/logs.csv", encoding: .utf8)
        #expect(logs.contains("'-log[1m E1") && !logs.contains("\u{1B}"), "\(logs)")
    }

    @Test func errorsListsEveryExcludedRowAndCSVNeedsADirectory() throws {
        let folder = try scratch("errors")
        defer { try? FileManager.default.removeItem(at: folder) }
        let pack = folder.appendingPathComponent("broken")
        try FileManager.default.createDirectory(at: pack, withIntermediateDirectories: true)
        try "return { name = 'broken', version = '1' }".write(to: pack.appendingPathComponent("pack.lua"), atomically: false, encoding: .utf8)
        try """
            policy { id = "B1", title = "Breaks on some rows", dataset = "encounters", role = "patient_access",
                     check = function(e) if e.encounter_id:sub(-1) == "3" then error("no good") end end }
            """.write(to: pack.appendingPathComponent("defs.lua"), atomically: false, encoding: .utf8)
        let errors = folder.appendingPathComponent("errors.csv").path
        let run = try upstream(["run", "--format", "json", "--pack", pack.path, "--data", Self.data, "--errors", errors])
        #expect(run.status == 0, "\(run.err)")
        let records = try parseCSV(String(contentsOfFile: errors, encoding: .utf8))
        #expect(records.first == ["pack", "file", "line", "id", "message", "record"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: Any])
        let groups = try #require(json["script_errors"] as? [[String: Any]])
        let total = groups.reduce(0) { $0 + (($1["count"] as? Int) ?? 0) }
        #expect(total >= 8 && records.count - 1 == total, "every error row is listed: \(records.count - 1) of \(total)")
        #expect(records.dropFirst().allSatisfy { $0[3] == "B1" && $0[4].contains("no good") && $0[5].hasSuffix("3") })
        #expect(try upstream(["run", "--pack", pack.path, "--data", Self.data, "--format", "csv"]).status == 2)
        #expect(try upstream(["run", "--pack", pack.path, "--data", Self.data, "--format", "xml"]).status == 2)
    }

    private func scratch(_ name: String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }
}

/// The JSON objects at `path`, descending through arrays (so `kpis.by_month` is every KPI's months, in order).
private func elements(_ value: Any, _ path: [String]) -> [[String: Any]] {
    if let list = value as? [Any] { return list.flatMap { elements($0, path) } }
    guard let object = value as? [String: Any] else { return [] }
    guard let key = path.first else { return [object] }
    return object[key].map { elements($0, Array(path.dropFirst())) } ?? []
}

/// RFC 4180 records.
func parseCSV(_ text: String) throws -> [[String]] {
    var records: [[String]] = [], record: [String] = [], cell = "", quoted = false, afterQuote = false
    var iterator = text.unicodeScalars.makeIterator()
    while let c = iterator.next() {
        if quoted {
            if c == "\"" { quoted = false; afterQuote = true } else { cell.unicodeScalars.append(c) }
            continue
        }
        switch c {
        case "\"": if afterQuote { cell.append("\"") }; quoted = true; afterQuote = false
        case ",": record.append(cell); cell = ""; afterQuote = false
        case "\n": record.append(cell); records.append(record); record = []; cell = ""; afterQuote = false
        default: cell.unicodeScalars.append(c); afterQuote = false
        }
    }
    if !record.isEmpty || !cell.isEmpty { record.append(cell); records.append(record) }
    return records
}
