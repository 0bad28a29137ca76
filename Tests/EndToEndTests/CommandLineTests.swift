import Foundation
import Testing

/// Runs `upstream` with `arguments`; returns exit status, stdout and stderr.
func upstream(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
    let process = Process()
    // The test bundle sits in the build folder beside the executable.
    let folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    process.executableURL = folder.appendingPathComponent("upstream")
    process.arguments = arguments
    process.currentDirectoryURL = repository
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let output = out.fileHandleForReading.readDataToEndOfFile()
    let errors = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: output, as: UTF8.self), String(decoding: errors, as: UTF8.self))
}

let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let synthea = repository.deletingLastPathComponent().appendingPathComponent("shared/data/synthea-2024/csv").path

@Suite struct CommandLineTests {
    @Test func versionAndHelpExplainThemselves() throws {
        #expect(try upstream(["--version"]).out == "0.1.0\n")
        for command in ["lint", "validate"] {
            let help = try upstream([command, "--help"])
            #expect(help.status == 0)
            #expect(help.out.contains("Example"), "\(command) --help needs an example")
        }
    }

    @Test func lintPassesTheShippedMappingPackAndFailsABrokenOne() throws {
        let shipped = try upstream(["lint", "plugins/synthea"])
        #expect(shipped.status == 0, "\(shipped.err)")
        #expect(shipped.out.hasSuffix("1 pack (synthea), 1 definition, 0 errors, 1 warning\n"))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("e2e-\(UUID().uuidString)/broken")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        try "return { name = 'broken', version = '1' }".write(to: folder.appendingPathComponent("pack.lua"), atomically: false, encoding: .utf8)
        try "policy { id = 'P', title = 'T', dataset = 'claims', role = 'coder', check = print }".write(
            to: folder.appendingPathComponent("p.lua"), atomically: false, encoding: .utf8)
        let broken = try upstream(["lint", folder.path])
        #expect(broken.status == 3)
        #expect(broken.out.contains("error: broken/p.lua:1: policy 'P': role 'coder' is not a role"))
    }

    @Test func exitCodesFollowTheSpec() throws {
        #expect(try upstream(["validate", "--data", "/nonexistent/exports"]).status == 2)
        #expect(try upstream(["lint", "plugins/synthea", "--param", "nope=1"]).status == 2)
        #expect(try upstream(["lint", "/nonexistent/pack"]).status == 3)
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: synthea))) func validateReadsSyntheaThroughItsMappingPack() throws {
        let run = try upstream(["validate", "--pack", "plugins/synthea", "--data", synthea])
        #expect(run.status == 0, "\(run.err)")
        #expect(run.out.hasPrefix("Read 6 file(s), 11968 rows: 4499 accepted, 7469 filtered, 0 rejected, 0 field issue(s)."))
        let json = try upstream(["validate", "--pack", "plugins/synthea", "--data", synthea, "--format", "json"])
        let object = try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any]
        #expect((object?["inputs"] as? [Any])?.count == 6)
    }
}
