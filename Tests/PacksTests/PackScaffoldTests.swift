import Foundation
import Packs
import Testing

@Suite struct PackScaffoldTests {
    @Test(arguments: [("riverside", true), ("a1-b2", true), ("Riverside", false), ("1pack", false), ("pack_x", false),
                      ("pack-", false), ("", false), ("../x", false)])
    func namesAreLowercaseLettersDigitsAndDashes(name: String, valid: Bool) {
        #expect(PackScaffold.isValidName(name) == valid)
    }

    @Test func createsTheFilesAndNeverOverwrites() throws {
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("scaffold-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: parent) }
        let path = try PackScaffold.create(name: "clinic", in: parent)
        for file in ["pack.lua", "policies.lua", "kpis.lua", "README.md", "tests/basic_test.lua", "tests/fixtures/basic/encounters.csv"] {
            #expect(FileManager.default.fileExists(atPath: path + "/" + file), "\(file)")
        }
        let manifest = try String(contentsOfFile: path + "/pack.lua", encoding: .utf8)
        #expect(manifest.contains("name = \"clinic\""))
        #expect(manifest.contains("version = \"0.1.0\""))
        #expect(throws: PackScaffold.Failure.exists(path)) { try PackScaffold.create(name: "clinic", in: parent) }
        #expect(throws: PackScaffold.Failure.invalidName("Clinic")) { try PackScaffold.create(name: "Clinic", in: parent) }
    }
}
