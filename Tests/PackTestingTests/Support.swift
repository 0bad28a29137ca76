import Foundation
import LuaRuntime
import PackTesting
import Packs

/// A pack written into a fresh temporary folder; removed by `remove()`.
struct ScratchPack {
    let root: URL
    let path: String

    /// `files`: relative path → text; the manifest names the pack `name`.
    init(_ name: String = "demo", files: [String: String]) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("packtest-\(UUID().uuidString)")
        path = root.appendingPathComponent(name).path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        var all = files
        if all["pack.lua"] == nil { all["pack.lua"] = "return { name = '\(name)', version = '1.0.0', summary = 'test pack' }" }
        for (relative, text) in all {
            let url = URL(fileURLWithPath: path + "/" + relative)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: false, encoding: .utf8)
        }
    }

    func remove() { try? FileManager.default.removeItem(at: root) }

    /// Runs the pack's tests on a dedicated thread (the runner blocks while Lua threads work).
    func test(jobCounts: [Int] = [1, 2], maxRunsPerTest: Int = 100, packPath: [String] = [], params: [String] = []) async throws -> PackTestReport {
        let path = path
        return try await LuaThread(name: "packtest.caller").perform {
            try PackTestRunner.run(packs: [path], options: PackTestOptions(search: PackSearchPath(packPath: packPath), params: params,
                                                                           jobCounts: jobCounts, toolVersion: "test", maxRunsPerTest: maxRunsPerTest))
        }
    }
}

/// A pack with one policy on encounters, one KPI and one threshold.
let definitions = """
    policy { id = "ELIG-01", title = "Eligibility verified", dataset = "encounters", role = "patient_access",
      check = function(e) if not e.eligibility_verified_at then return "never verified" end end }
    kpi { id = "verified_rate", title = "Verified", unit = "percent",
      numerator = count("encounters", { eligibility_verified_at = present() }), denominator = count("encounters") }
    threshold { id = "PA-PROF", role = "patient_access", skill = "registration", at_least = 0.85 }
    """

let encountersCSV = """
    encounter_id,patient_id,service_date,eligibility_verified_at
    E1,P1,2025-01-06,2025-01-03T10:00:00
    E2,P2,2025-01-13,

    """
