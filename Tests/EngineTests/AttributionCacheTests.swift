import Foundation
import Testing
import DataModel
import Engine
import Ingest
import LuaRuntime
import Packs

/// Attribution works out the tables' answer once per (group, CARC) pair of a dictionary-encoded
/// export, and once per remit date when an entry has `inactive_since`: the answers are those
/// of each row classified on its own.
@Suite struct AttributionCacheTests {
    /// `dated`: CARC 29 stops applying on 2025-01-01, between the two remits.
    @Test(arguments: [true, false]) func repeatedCodesGetTheAnswerOfTheirOwnRowAndDate(dated: Bool) async throws {
        let (folder, data, pack) = try scratchOrganization("attribution-cache")
        defer { try? FileManager.default.removeItem(at: folder) }
        let block = [
            "K1,R1,CO,45,,10", "K1,R1,PR,1,,10", "K1,R1,CO,197,,10", "K1,R1,OA,23,,10",
            "K1,R1,CO,23,,10", "K1,R1,CO,29,,10", "K2,R2,CO,29,,10", "K2,R2,CO,16,N382,10",
        ]
        let files = [
            "claims.csv": "claim_id,encounter_id,total_charge\nK1,E1,500\nK2,E2,300\n",
            "remits.csv": "remit_id,claim_id,received_on,paid\nR1,K1,2024-12-15,100\nR2,K2,2025-02-10,0\n",
            // 20 blocks: enough rows for the code columns to be dictionary-encoded.
            "adjustments.csv": "claim_id,remit_id,group_code,carc,rarc,amount\n"
                + Array(repeating: block.joined(separator: "\n"), count: 20).joined(separator: "\n") + "\n",
        ]
        for (name, text) in files { try text.write(to: data.appendingPathComponent(name), atomically: false, encoding: .utf8) }
        try "return { name = 'p', version = '1' }".write(to: pack.appendingPathComponent("pack.lua"), atomically: false, encoding: .utf8)
        try """
            attribution { carc = {
              ["45"] = { denial = false },
              ["197"] = { category = "authorization", role = "patient_access" },
              ["23"] = { category = "coordination_of_benefits", role = "billing" },
              ["OA-23"] = { denial = false },
              ["29"] = { category = "timely_filing", role = "billing"\(dated ? ", inactive_since = \"2025-01-01\"" : "") },
              ["16+N382"] = { category = "registration", role = "patient_access" },
            } }
            """.write(to: pack.appendingPathComponent("attribution.lua"), atomically: false, encoding: .utf8)
        let store = try Ingestor.read(paths: [data.path]).store
        let adjustments = try #require(store.table("adjustments"))
        #expect(adjustments.column("carc")?.codes != nil && adjustments.column("group_code")?.codes != nil,
                "the fixture must exercise the encoded path")
        let packPath = pack.path
        let rules = try await engineThread.perform {
            let packs = try PackResolver(search: PackSearchPath()).resolve([packPath])
            let definitions = try PackLoader(state: try LuaState(), params: try ParamSet(packs: packs, overrides: [])).load(packs).definitions
            return try AttributionRules(definitions)
        }
        let outcome = try #require(DenialAttribution.attribute(EngineData(store: store), rules: rules))
        let expected = [
            "-", "-", "D patient_access/authorization", "-",
            "D billing/coordination_of_benefits", "D billing/timely_filing",
            dated ? "D unattributed/unknown" : "D billing/timely_filing", "D patient_access/registration",
        ]
        let got = outcome.adjustments.map { $0.denial ? "D \($0.role)/\($0.category)" : "-" }
        #expect(got == Array(Array(repeating: expected, count: 20).joined()))
        #expect(outcome.totals.denials == 5 * 20 && outcome.byRole["billing"]?.denials == (dated ? 40 : 60))
    }
}
