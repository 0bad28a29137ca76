import Foundation
import LuaRuntime

/// Lua work in engine tests runs here, never on the cooperative pool.
let engineThread = LuaThread(name: "engine-tests")

/// A temporary folder with `data/` (exports) and `p/` (a pack) made empty; the caller removes
/// `folder` when done.
func scratchOrganization(_ name: String) throws -> (folder: URL, data: URL, pack: URL) {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)")
    let data = folder.appendingPathComponent("data"), pack = folder.appendingPathComponent("p")
    try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
    try FileManager.default.createDirectory(at: pack, withIntermediateDirectories: true)
    return (folder, data, pack)
}
