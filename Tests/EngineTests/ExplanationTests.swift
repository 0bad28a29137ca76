import Foundation
import Testing
import DataModel
import Engine
import Ingest
import LuaRuntime
import Packs

/// `Explanation` straight from a run's results: which records a claim's journey holds, and a
/// policy's verdict per record when its `where` is a function (passing, excluding or raising).
@Suite struct ExplanationTests {
    @Test func aClaimKeepsItsOwnChargesAndWhereFunctionsDecideScope() async throws {
        let (folder, data, pack) = try scratchOrganization("explanation")
        defer { try? FileManager.default.removeItem(at: folder) }
        let files = [
            "encounters.csv": "encounter_id,patient_id,service_date,registered_by\nE1,P1,2025-01-10,REG1\n",
            "charges.csv": """
                charge_id,encounter_id,claim_id,service_date,posted_at,code,amount
                C1,E1,K1,2025-01-10,2025-01-10T09:00:00,A,10
                C2,E1,K2,2025-01-10,2025-01-10T10:00:00,B,20
                C3,E1,,2025-01-10,2025-01-10T11:00:00,C,30
                C4,E1,K1,2025-01-10,2025-01-10T12:00:00,D,40

                """,
            "claims.csv": "claim_id,encounter_id,total_charge\nK1,E1,80\nK2,E1,20\n",
        ]
        for (name, text) in files { try text.write(to: data.appendingPathComponent(name), atomically: false, encoding: .utf8) }
        try "return { name = 'p', version = '1' }".write(to: pack.appendingPathComponent("pack.lua"), atomically: false, encoding: .utf8)
        try """
            policy { id = "SCOPE", title = "Scoped", dataset = "charges", role = "charge_capture",
                     where = function(ch)
                       if ch.code == "D" then error("no scope for D") end
                       return ch.code ~= "C"
                     end,
                     check = function(ch) if ch.code == "A" then return "A is wrong" end end }
            """.write(to: pack.appendingPathComponent("p.lua"), atomically: false, encoding: .utf8)
        let ingest = try Ingestor.read(paths: [data.path])
        let packPath = pack.path
        let explanation = try await engineThread.perform { () throws -> Explanation in
            let packs = try PackResolver(search: PackSearchPath()).resolve([packPath])
            let params = try ParamSet(packs: packs, overrides: [])
            let results = try EngineRun.run(packs: packs, params: params, scripts: [:], ingest: ingest,
                                            options: EngineRun.Options(jobs: 1, asOf: nil, toolVersion: "test", startedAt: ""))
            return try Explanation(.claim("K1"), in: results)
        }
        #expect(explanation.events.filter { $0.dataset == "charges" }.map(\.record) == ["C1", "C3", "C4"],
                "a charge of another claim is left out; one of no claim stays")
        let policy = try #require(explanation.policies.first)
        #expect(policy.records.map(\.record) == ["C1", "C3", "C4"])
        #expect(policy.records.map(\.verdict) == [
            .failed(message: "A is wrong", code: nil, severity: "error"),
            .notInScope,
            .scriptError("no scope for D"),
        ])
        #expect(throws: ExplainError.unknownClaim("K9")) {
            _ = try JourneyRows(.claim("K9"), store: ingest.store)
        }
    }
}
