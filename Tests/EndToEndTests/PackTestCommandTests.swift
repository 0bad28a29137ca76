import Foundation
import Testing

/// `upstream test` and `upstream pack new`, run the way a pack author does.
@Suite struct PackTestCommandTests {
    private func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("e2e-packtest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func helpHasExamples() throws {
        for command in [["test"], ["pack"], ["pack", "new"]] {
            let help = try upstream(command + ["--help"])
            #expect(help.status == 0)
            #expect(help.out.contains("Example"), "\(command) --help needs an example")
        }
    }

    @Test func aNewPackLintsCleanAndItsTestsPass() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let made = try upstream(["pack", "new", "clinic-front", "--dir", folder.path])
        #expect(made.status == 0, "\(made.err)")
        let pack = folder.appendingPathComponent("clinic-front").path
        let lint = try upstream(["lint", pack])
        #expect(lint.status == 0, "\(lint.out)\(lint.err)")
        #expect(lint.out.hasSuffix("2 definitions, 0 errors, 0 warnings\n"), "\(lint.out)")
        let test = try upstream(["test", pack, "--coverage"])
        #expect(test.status == 0, "\(test.out)\(test.err)")
        #expect(test.out.contains("PASS clinic-front/tests/basic_test.lua test_fixture_finds_unverified_encounters\n"))
        #expect(test.out.contains("coverage of clinic-front: 2 of 2 definitions"))
        #expect(test.out.hasSuffix("2 tests, 2 passed, 0 failed\n"))

        let again = try upstream(["pack", "new", "clinic-front", "--dir", folder.path])
        #expect(again.status == 2)
        #expect(again.err.contains("already exists"))
        let badName = try upstream(["pack", "new", "Clinic_Front", "--dir", folder.path])
        #expect(badName.status == 2)
        #expect(badName.err.contains("lowercase letters, digits and '-'"))
    }

    @Test func failuresExitOneAndCoverageListsUnexercisedDefinitions() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try upstream(["pack", "new", "demo", "--dir", folder.path]).status == 0)
        let pack = folder.appendingPathComponent("demo")
        try """
            policy { id = "BILL-01", title = "Claims billed", dataset = "claims", role = "billing",
              check = function(c) if not c.billed_by then return "no biller" end end }
            """.write(to: pack.appendingPathComponent("billing.lua"), atomically: false, encoding: .utf8)
        try "function test_extra_fails() expect_eq(1 + 1, 3, \"arithmetic\") end\n"
            .write(to: pack.appendingPathComponent("tests/extra_test.lua"), atomically: false, encoding: .utf8)
        let run = try upstream(["test", pack.path, "--coverage"])
        #expect(run.status == 1, "\(run.out)\(run.err)")
        #expect(run.out.contains("FAIL demo/tests/extra_test.lua test_extra_fails\n     demo/tests/extra_test.lua:1: expect_eq failed (arithmetic): expected 3, got 2\n"))
        #expect(run.out.contains("  policy 'BILL-01' (demo/billing.lua:1): not covered: no test evaluated it\n"))
        #expect(run.out.hasSuffix("3 tests, 2 passed, 1 failed\n"))
        let json = try upstream(["test", pack.path, "--format", "json"])
        #expect(json.status == 1)
        let parsed = try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any]
        #expect((parsed?["summary"] as? [String: Any])?["failed"] as? Int == 1)
    }

    @Test func aPackWithoutTestsHasZeroTestsAndPasses() throws {
        let run = try upstream(["test", "plugins/synthea"])
        #expect(run.status == 0, "\(run.err)")
        #expect(run.out == "0 tests, 0 passed, 0 failed\n")
        #expect(try upstream(["test", "/nonexistent/pack"]).status == 3)
        let shipped = try upstream(["test"])
        #expect(shipped.status == 0, "every shipped pack's tests pass: \(shipped.out)\(shipped.err)")
        #expect(shipped.out.hasSuffix(" failed\n"))
        #expect(try upstream(["test", "plugins/synthea", "--format", "xml"]).status == 2)
    }
}
