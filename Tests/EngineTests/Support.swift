import Foundation
import Testing
import DataModel
import Engine
import Ingest
import LuaRuntime
import Packs

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

/// A whole run (`EngineRun.run`) of one pack (`pack.lua` plus `definitions`) over canonical
/// files given by name.
func runEngine(files: [String: String], definitions: String, asOf: String = "2025-03-31", jobs: Int = 1,
               chunkRows: Int = PolicyRun.defaultChunkRows, limits: SandboxLimits = SandboxLimits()) async throws -> RunResults {
    let (folder, data, pack) = try scratchOrganization("engine-run")
    defer { try? FileManager.default.removeItem(at: folder) }
    for (name, text) in files { try text.write(to: data.appendingPathComponent(name), atomically: false, encoding: .utf8) }
    try "return { name = 'p', version = '1' }".write(to: pack.appendingPathComponent("pack.lua"), atomically: false, encoding: .utf8)
    try definitions.write(to: pack.appendingPathComponent("definitions.lua"), atomically: false, encoding: .utf8)
    let ingest = try Ingestor.read(paths: [data.path])
    let packPath = pack.path
    let packs = try await engineThread.perform { try PackResolver(search: PackSearchPath()).resolve([packPath]) }
    let params = try ParamSet(packs: packs, overrides: [])
    let day = try #require(DateText.days(asOf))
    return try await Task.detached {
        var options = EngineRun.Options(jobs: jobs, asOf: day, toolVersion: "test", startedAt: "now", limits: limits)
        options.chunkRows = chunkRows
        return try EngineRun.run(packs: packs, params: params, scripts: [:], ingest: ingest, options: options)
    }.value
}
