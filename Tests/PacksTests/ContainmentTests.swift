import Foundation
import Testing
@testable import Packs

/// Packs are untrusted: loading reads only regular, single-link files inside the pack.
@Suite struct ContainmentTests {
    @Test func definitionScriptsAreListedSortedAndLinksAreRefused() throws {
        let tree = try PackTree([
            "p/pack.lua": PackTree.manifest("p"),
            "p/b.lua": "", "p/a/z.lua": "", "p/lib/h.lua": "", "p/README.md": "",
            "outside/secret.lua": "return 'secret'",
        ])
        defer { tree.remove() }
        let directory = try PackDirectory(path: tree.path("p"))
        #expect(try directory.luaFiles() == ["a/z.lua", "b.lua", "lib/h.lua", "pack.lua"])
        try FileManager.default.createSymbolicLink(atPath: tree.path("p/evil.lua"), withDestinationPath: tree.path("outside/secret.lua"))
        #expect(throws: PackError.unsafeFile(pack: "p", file: "evil.lua", reason: "is a symbolic link; packs may contain only regular files")) {
            try directory.luaFiles()
        }
        #expect(throws: PackError.self) { try directory.read("evil.lua") }
    }

    @Test func linkedFoldersHardLinksFifosAndEscapesAreRefused() throws {
        let tree = try PackTree(["p/pack.lua": PackTree.manifest("p"), "outside/secret.lua": "x", "outside/big.lua": ""])
        defer { tree.remove() }
        try FileManager.default.createSymbolicLink(atPath: tree.path("p/linked"), withDestinationPath: tree.path("outside"))
        try FileManager.default.linkItem(atPath: tree.path("outside/secret.lua"), toPath: tree.path("p/hard.lua"))
        #expect(mkfifo(tree.path("p/pipe.lua"), 0o600) == 0)
        let directory = try PackDirectory(path: tree.path("p"))
        for (file, reason) in [
            ("linked/secret.lua", "symbolic link"), ("hard.lua", "hard links"), ("pipe.lua", "FIFO"),
            ("../outside/secret.lua", "plain relative path"), ("/etc/passwd", "plain relative path"),
        ] {
            do { _ = try directory.read(file); Issue.record("\(file) was read") }
            catch let error as PackError { #expect(error.description.contains(reason), "\(file): \(error)") }
        }
    }

    @Test func oversizedScriptsAreRefused() throws {
        let tree = try PackTree(["p/pack.lua": PackTree.manifest("p")])
        defer { tree.remove() }
        let big = FileManager.default.createFile(atPath: tree.path("p/huge.lua"), contents: Data(count: PackDirectory.maxScriptBytes + 1))
        #expect(big)
        let directory = try PackDirectory(path: tree.path("p"))
        #expect(throws: PackError.self) { try directory.read("huge.lua") }
    }
}
