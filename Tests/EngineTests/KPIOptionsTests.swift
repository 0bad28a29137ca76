import Foundation
import Testing
import DataModel
import Engine
import Ingest
import LuaRuntime
import Packs

/// Six claims of three payers, over three months; as-of 2025-03-31 unless a test says otherwise.
private let claimFiles = [
    "encounters.csv": "encounter_id,patient_id,service_date\nE1,P1,2025-01-10\nE2,P2,2025-02-01\nE3,P3,2025-03-29\n",
    "claims.csv": """
        claim_id,encounter_id,total_charge,payer_id,claim_type,submitted_at
        K1,E1,100,P1,institutional,2025-01-12T00:00:00
        K2,E1,50,P2,professional,2025-01-20T00:00:00
        K3,E2,70,P1,professional,2025-02-02T00:00:00
        K4,E2,30,P3,institutional,2025-03-05T00:00:00
        K5,E3,10,P1,institutional,2025-03-30T00:00:00
        K6,E3,20,P2,institutional,2025-03-31T00:00:00

        """,
]

/// Runs `definitions` (a pack's one script) over `files` through `EngineRun`, as `upstream run` does.
func runPack(_ definitions: String, files: [String: String], asOf: String = "2025-03-31") async throws -> RunResults {
    let (folder, data, pack) = try scratchOrganization("kpi-options")
    defer { try? FileManager.default.removeItem(at: folder) }
    for (name, text) in files { try text.write(to: data.appendingPathComponent(name), atomically: false, encoding: .utf8) }
    try "return { name = 'p', version = '1' }".write(to: pack.appendingPathComponent("pack.lua"), atomically: false, encoding: .utf8)
    try definitions.write(to: pack.appendingPathComponent("defs.lua"), atomically: false, encoding: .utf8)
    let packPath = pack.path, dataPath = data.path, day = DateText.days(asOf)
    return try await engineThread.perform {
        let packs = try PackResolver(search: PackSearchPath()).resolve([packPath])
        let ingest = try Ingestor.read(paths: [dataPath])
        return try EngineRun.run(packs: packs, params: try ParamSet(packs: packs, overrides: []), scripts: [:], ingest: ingest,
                                 options: EngineRun.Options(jobs: 1, asOf: day, toolVersion: "test", startedAt: "now"))
    }
}

private func kpis(_ results: RunResults) -> [String: KPIOutcome] {
    Dictionary(uniqueKeysWithValues: results.kpis.map { ($0.id, $0) })
}

/// One KPI of the JSON report, parsed.
func reportKPI(_ results: RunResults, _ id: String) -> [String: Any]? {
    let text = RunReport.json(results).rendered()
    let report = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
    return (report?["kpis"] as? [[String: Any]])?.first { $0["id"] as? String == id }
}

/// "key=value" per group, `other` last as the report puts it.
private func groups(_ outcome: KPIOutcome?) -> [String] {
    guard let outcome else { return [] }
    let shown = outcome.byGroup.map { "\($0.key.joined(separator: "/"))=\($0.point.value.map { "\($0)" } ?? "nil")" }
    return shown + (outcome.otherGroup.map { ["other=\($0.value.map { "\($0)" } ?? "nil")"] } ?? [])
}

@Suite struct KPIOptionsTests {
    @Test func topFoldShareAndGroupContext() async throws {
        let results = try await runPack("""
            local function rate(extra)
              local k = { id = extra.id, title = "t", unit = "ratio", by = extra.by or "payer_id",
                          numerator = count("claims", { claim_type = "institutional" }), denominator = count("claims") }
              for name, v in pairs(extra) do if name ~= "by" then k[name] = v end end
              return kpi(k)
            end
            rate { id = "plain" }
            rate { id = "top_desc", top = { n = 2, order = "value_desc" } }
            rate { id = "top_asc", top = { n = 2, order = "value_asc" } }
            rate { id = "top_den", top = { n = 2, order = "denominator_desc" } }
            rate { id = "ties", by = "encounter_id", top = { n = 2, order = "value_desc" } }
            rate { id = "folded", min_denominator = 2 }
            rate { id = "share", share = true }
            kpi { id = "count_only", title = "t", unit = "count", by = "payer_id", numerator = count("claims") }
            kpi { id = "group_one", title = "t", unit = "count", by = "payer_id", measures = { n = count("claims") },
                  value = function(m, ctx) if ctx.group == nil then return -1 end return ctx.group == "P1" and m.n or 0 end }
            kpi { id = "group_two", title = "t", unit = "count", by = { "payer_id", "claim_type" }, measures = { n = count("claims") },
                  value = function(m, ctx)
                    if ctx.group == nil then return -1 end
                    return (ctx.group.payer_id == "P1" and ctx.group.claim_type == "institutional") and m.n or 0
                  end }
            kpi { id = "group_other", title = "t", unit = "count", by = "payer_id", min_denominator = 2, measures = { n = count("claims") },
                  value = function(m, ctx) return ctx.group == "other" and 100 + m.n or m.n end }
            """, files: claimFiles)
        let k = kpis(results)
        #expect(groups(k["plain"]) == ["P1=\(2.0 / 3)", "P2=0.5", "P3=1.0"])
        #expect(groups(k["top_desc"]) == ["P3=1.0", "P1=\(2.0 / 3)"])
        #expect(groups(k["top_asc"]) == ["P2=0.5", "P1=\(2.0 / 3)"])
        #expect(groups(k["top_den"]) == ["P1=\(2.0 / 3)", "P2=0.5"])
        #expect(groups(k["ties"]) == ["E3=1.0", "E1=0.5"], "E3 (1.0) first, then E1 and E2 tie at 0.5: E1 by key")
        #expect(groups(k["folded"]) == ["P1=\(2.0 / 3)", "P2=0.5", "other=1.0"])
        #expect(k["folded"]?.otherGroup?.denominator == 1)
        #expect(groups(k["share"]) == ["P1=\(2.0 / 6)", "P2=\(1.0 / 6)", "P3=\(1.0 / 6)"])
        #expect(k["share"]?.byGroup.first?.point.denominator == 6 && k["share"]?.overall?.value == 4.0 / 6)
        #expect(k["count_only"]?.overall?.value == 6 && k["count_only"]?.overall?.denominator == nil)
        #expect(groups(k["count_only"]) == ["P1=3.0", "P2=2.0", "P3=1.0"])
        #expect(k["group_one"]?.overall?.value == -1 && groups(k["group_one"]) == ["P1=3.0", "P2=0.0", "P3=0.0"])
        #expect(groups(k["group_two"]) == ["P1/institutional=2.0", "P1/professional=0.0", "P2/institutional=0.0",
                                           "P2/professional=0.0", "P3/institutional=0.0"])
        #expect(groups(k["group_other"]) == ["P1=3.0", "P2=2.0", "other=101.0"])
        let folded = try #require(reportKPI(results, "folded")?["by_group"] as? [[String: Any]])
        #expect(folded.map { ($0["key"] as? [String: String])?["payer_id"] } == ["P1", "P2", "other"])
    }
}
