import Foundation
import Testing
import DataModel
import Engine
import Ingest
import LuaRuntime
import Packs

@Suite struct DenialAttributionTests {
    @Test func codesRolesPeopleAndTotals() async throws {
        let (folder, data, pack) = try scratchOrganization("denials")
        defer { try? FileManager.default.removeItem(at: folder) }
        let files = [
            "encounters.csv": "encounter_id,patient_id,service_date,registered_by\nE1,P1,2025-01-02,REG1\nE2,P2,2025-01-03,REG2\n",
            "claims.csv": "claim_id,encounter_id,total_charge,coded_by,billed_by\nK1,E1,500,COD1,BIL1\nK2,E2,300,COD1,BIL1\n",
            "remits.csv": "remit_id,claim_id,received_on,paid\nR1,K1,2025-02-01,100\nR2,K1,2025-03-01,50\nR3,K2,2025-02-10,0\n",
            "adjustments.csv": """
                claim_id,remit_id,group_code,carc,rarc,amount
                K1,R1,CO,45,,200
                K1,R1,PR,1,,50
                K1,R1,CO,197,,100
                K1,R2,CO,16,N382,40
                K2,R3,OA,23,,30
                K2,R3,CO,23,,20
                K2,R3,CO,999,,10
                K2,,CO,16,M76,25
                K2,R3,CO,197,,-5
                K2,R3,CO,29,,15

                """,
        ]
        for (name, text) in files { try text.write(to: data.appendingPathComponent(name), atomically: false, encoding: .utf8) }
        try "return { name = 'p', version = '1' }".write(to: pack.appendingPathComponent("pack.lua"), atomically: false, encoding: .utf8)
        try """
            attribution {
              carc = {
                ["45"] = { denial = false },
                ["197"] = { category = "authorization", role = "patient_access" },
                ["16"] = { category = "missing_information", role = "billing" },
                ["16+N382"] = { category = "registration", role = "patient_access" },
                ["23"] = { category = "coordination_of_benefits", role = "billing" },
                ["OA-23"] = { denial = false },
                ["29"] = { category = "timely_filing", role = "billing", inactive_since = "2025-01-01" },
              },
              rarc = { M76 = { category = "coding", role = "coding" } },
            }
            attribution {
              refine = function(adj, claim, ctx)
                if adj.carc == "999" and ctx.source == "none" then
                  return { role = "coding", category = "coding", staff = claim.coded_by, evidence = "999 is a coding code here" }
                end
                if adj.carc == "23" then error("refine broke on " .. claim.claim_id) end
              end,
            }
            """.write(to: pack.appendingPathComponent("attribution.lua"), atomically: false, encoding: .utf8)
        let store = try Ingestor.read(paths: [data.path]).store
        let packPath = pack.path
        let engineData = EngineData(store: store)
        let database = LuaDatabase(engineData)
        let (plain, refined, rulesUsed) = try await engineThread.perform { () throws -> (AttributionOutcome?, AttributionOutcome?, AttributionRules?) in
            let packs = try PackResolver(search: PackSearchPath()).resolve([packPath])
            let state = try LuaState()
            let definitions = try PackLoader(state: state, params: try ParamSet(packs: packs, overrides: [])).load(packs).definitions
            var tables: [String: RegisteredTable] = [:]
            for (name, table) in database.tables { tables[name] = try state.register(table) }
            let rules = try AttributionRules(definitions)
            let refiner = try Refiner(state: state, definitions: definitions, tables: tables, store: store)
            var refined = DenialAttribution.attribute(engineData, rules: rules, refine: refiner?.refine)
            refined?.refineErrors = refiner?.errors ?? []
            return (DenialAttribution.attribute(engineData, rules: rules), refined, rules)
        }
        let outcome = try #require(plain)
        let summary = outcome.adjustments.map { "\($0.denial ? "D" : "-") \($0.role)/\($0.category) \($0.staffID ?? "?") \($0.initial ? "initial" : "later")" }
        #expect(summary == [
            "- unattributed/unknown ? initial",               // CO-45: contractual, not a denial
            "- unattributed/unknown ? initial",               // PR-1: patient responsibility
            "D patient_access/authorization REG1 initial",    // CO-197
            "D patient_access/registration REG1 later",       // CO-16 + N382, the most specific key; second remit
            "- unattributed/unknown ? initial",               // OA-23: the GROUP-CARC key says not a denial
            "D billing/coordination_of_benefits BIL1 initial", // CO-23
            "D unattributed/unknown ? initial",               // CO-999: no entry
            "D coding/coding COD1 initial",                   // CO-16 + M76: the RARC entry overrides
            "- patient_access/authorization ? initial",       // a negative amount is not a denial
            "D unattributed/unknown ? initial",               // CO-29: its entry is inactive by then
        ], "\(summary)")
        #expect(outcome.adjustments.filter(\.denial).count == 6)
        #expect(outcome.byRole["patient_access"] == DenialTotals(denials: 2, deniedAmountCents: 14_000, deniedClaims: 1))
        #expect(outcome.byRole["billing"] == DenialTotals(denials: 1, deniedAmountCents: 2_000, deniedClaims: 1))
        #expect(outcome.byRole["unattributed"] == DenialTotals(denials: 2, deniedAmountCents: 2_500, deniedClaims: 1))
        #expect(outcome.totals == DenialTotals(denials: 6, deniedAmountCents: 21_000, deniedClaims: 2))
        #expect(outcome.byStaff["REG1"] == DenialTotals(denials: 2, deniedAmountCents: 14_000, deniedClaims: 1))
        let rules = try #require(rulesUsed)
        func reasons(_ item: AttributedAdjustment) -> [String] { AttributionExplanation(item, rules: rules, data: engineData).reasons }
        #expect(outcome.adjustments[3].decision == AttributionDecision(carcKey: .withRemark(0), person: .rolePath))
        #expect(reasons(outcome.adjustments[3]) == ["CARC+RARC 16+N382 (pack p, p/attribution.lua:1)"])
        #expect(reasons(outcome.adjustments[4]).first == "not a denial: its entry says denial = false")
        #expect(outcome.adjustments[7].decision == AttributionDecision(carcKey: .carc, overridingRemark: 0, person: .rolePath))
        #expect(reasons(outcome.adjustments[7]) == ["CARC 16 (pack p, p/attribution.lua:1)", "RARC M76 (pack p, p/attribution.lua:1) overrides"])
        #expect(reasons(outcome.adjustments[9]) == ["entry 29 is inactive since 2025-01-01 (pack p, p/attribution.lua:1)",
                                                    "no entry for CARC 29 → unattributed"])
        #expect(AttributionExplanation(outcome.adjustments[2], rules: rules, data: engineData).person
                == "from encounter.registered_by (staff path of patient_access)")
        let withRefine = try #require(refined)
        let unknown = withRefine.adjustments[6]
        #expect(unknown.role == "coding" && unknown.staffID == "COD1" && unknown.decision.person == .refine)
        #expect(reasons(unknown).last == "refine in pack p returned evidence: 999 is a coding code here")
        #expect(withRefine.adjustments[5].role == "billing", "a refine that raises keeps the table's answer")
        #expect(withRefine.refineErrors.first?.message == "refine broke on K2" && withRefine.refineErrors.first?.count == 1)
    }
}
