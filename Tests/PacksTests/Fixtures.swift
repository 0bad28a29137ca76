import Foundation
import LuaRuntime
@testable import Packs

/// Lua work in pack tests runs here, never on the cooperative pool.
let packThread = LuaThread(name: "pack-tests")

/// A temporary folder of packs written from (path → contents); removed by `remove()`.
struct PackTree {
    let root: String

    init(_ files: [String: String]) throws {
        root = NSTemporaryDirectory() + "upstream-packs-" + UUID().uuidString
        for (path, contents) in files {
            let url = URL(fileURLWithPath: root + "/" + path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try contents.write(to: url, atomically: false, encoding: .utf8)
        }
    }

    func path(_ relative: String) -> String { root + "/" + relative }

    func remove() { try? FileManager.default.removeItem(atPath: root) }

    static func manifest(_ name: String, requires: [String] = [], extra: String = "") -> String {
        let list = requires.map { "\"\($0)\"" }.joined(separator: ", ")
        return "return { name = \"\(name)\", version = \"1.0.0\", requires = { \(list) }, \(extra) }"
    }
}

/// Resolves on the pack thread; returns the names in load order or the error's text.
func resolve(_ packs: [String], search: PackSearchPath) async throws -> Result<[String], PackError> {
    try await packThread.perform {
        do {
            let resolver = try PackResolver(search: search)
            return .success(try resolver.resolve(packs).map(\.name))
        } catch let error as PackError {
            return .failure(error)
        }
    }
}
