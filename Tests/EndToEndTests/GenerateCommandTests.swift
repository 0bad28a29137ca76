import Foundation
import Testing

/// `upstream generate` end to end: its output is what `upstream validate` accepts in full
/// (issue 4, item 7: generate then validate accepts every row).
@Suite struct GenerateCommandTests {
    private func temporaryFolder() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("e2e-generate-\(UUID().uuidString)")
    }

    @Test func helpHasAnExample() throws {
        let help = try upstream(["generate", "--help"])
        #expect(help.status == 0)
        #expect(help.out.contains("Example"))
    }

    @Test func generatedOrganizationValidatesWithoutARejectOrGap() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let generated = try upstream(["generate", "--out", folder.path, "--encounters", "2000", "--seed", "3"])
        #expect(generated.status == 0, "\(generated.err)")
        #expect(generated.out.isEmpty, "generate writes nothing to stdout")

        let json = try upstream(["validate", "--data", folder.path, "--format", "json"])
        #expect(json.status == 0, "\(json.err)")
        let report = try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any]
        let inputs = report?["inputs"] as? [[String: Any]] ?? []
        #expect(inputs.count == 12)
        for input in inputs {
            let rows = input["rows"] as? Int ?? -1
            #expect(rows > 0 && input["accepted"] as? Int == rows, "\(input)")
            #expect(input["field_issues"] as? Int == 0, "\(input)")
        }
        #expect((report?["referential_gaps"] as? [Any])?.isEmpty == true, "\(report?["referential_gaps"] ?? "")")
    }

    @Test func badOptionsAreUsageErrors() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try upstream(["generate", "--out", folder.path, "--encounters", "0"]).status == 2)
        #expect(try upstream(["generate", "--out", folder.path, "--months", "0"]).status == 2)
        #expect(try upstream(["generate", "--out", "/proc/cannot-write-here"]).status == 2)
    }
}
