import Foundation
import Testing
import DataModel
import Engine
import Ingest
import LuaRuntime
import Packs
import Synthesis

/// Policies over a generated organization on one and on two workers: the same outcomes.
@Suite struct PolicyRunTests {
    @Test func outcomesDoNotDependOnJobs() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("run-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try OrganizationGenerator(options: GeneratorOptions(encounters: 2_000, seed: 3, months: 6)).generate(into: folder.appendingPathComponent("data").path)
        let pack = folder.appendingPathComponent("p")
        try FileManager.default.createDirectory(at: pack, withIntermediateDirectories: true)
        try "return { name = 'p', version = '1' }".write(to: pack.appendingPathComponent("pack.lua"), atomically: false, encoding: .utf8)
        try """
            policy { id = "ELIG", title = "Eligibility", dataset = "encounters", role = "patient_access",
                     staff = "registered_by", amount = "total_charge",
                     check = function(e) if not e.eligibility_verified_at then return "never verified" end end }
            policy { id = "LAG", title = "Charge lag", dataset = "charges", role = "charge_capture", staff = "entered_by",
                     amount = "amount", where = function(ch) return ch.amount > 100 end,
                     check = function(ch) if date.days(ch.service_date, ch.posted_at) > 3 then return "posted late" end end }
            policy { id = "LOOP", title = "Loops on one row", dataset = "encounters", role = "patient_access",
                     check = function(e) if e.encounter_id:sub(-2) == "17" then while true do end end end }
            """.write(to: pack.appendingPathComponent("policies.lua"), atomically: false, encoding: .utf8)
        let store = try Ingestor.read(paths: [folder.appendingPathComponent("data").path]).store
        let packPath = pack.path
        let (packs, params, definitions) = try await engineThread.perform {
            let packs = try PackResolver(search: PackSearchPath()).resolve([packPath])
            let params = try ParamSet(packs: packs, overrides: [])
            let loaded = try PackLoader(state: try LuaState(), params: params).load(packs)
            return (packs.map(\.path), params, loaded.definitions.compactMap(\.id))
        }
        #expect(definitions == ["ELIG", "LAG", "LOOP"])
        func run(jobs: Int) async throws -> [String] {
            try await Task.detached {
                let packs = try await engineThread.perform { try PackResolver(search: PackSearchPath()).resolve(packs) }
                let definitions = try await engineThread.perform {
                    try PackLoader(state: try LuaState(), params: params).load(packs).definitions
                }
                let run = PolicyRun(packs: packs, params: params, data: EngineData(store: store), jobs: jobs, chunkRows: 300,
                                    limits: SandboxLimits(instructionsPerCall: 200_000))
                return try run.evaluate(definitions).map { outcome in
                    "\(outcome.id) evaluated=\(outcome.evaluated) failed=\(outcome.failures.count) "
                        + "staff=\(outcome.failures.compactMap(\.staffID).count) at_risk=\(outcome.amountAtRisk.map(String.init) ?? "nil") "
                        + "errors=\(outcome.errorCount) first=\(outcome.failures.prefix(3).map(\.row)) disabled=\(outcome.disabled ?? "-")"
                }
            }.value
        }
        let one = try await run(jobs: 1), two = try await run(jobs: 2)
        #expect(one == two)
        #expect(one[0].hasPrefix("ELIG evaluated=2000 failed="))
        // E…17, E…117, … loop: each breach costs one row and a fresh state, never the policy.
        #expect(one[2] == "LOOP evaluated=2000 failed=0 staff=0 at_risk=nil errors=20 first=[] disabled=-", "\(one[2])")
    }
}
