import Foundation
import Testing
import DataModel
import Engine
import Ingest
import LuaRuntime
import Packs

@Suite struct KPIEvaluatorTests {
    @Test func measuresValuesMonthsTargetsAndReasons() async throws {
        let (folder, data, pack) = try scratchOrganization("kpis")
        defer { try? FileManager.default.removeItem(at: folder) }
        let files = [
            "encounters.csv": "encounter_id,patient_id,service_date\nE1,P1,2025-01-10\nE2,P2,2025-02-10\n",
            "claims.csv": "claim_id,encounter_id,total_charge,payer_id,submitted_at\nK1,E1,100,P1,2025-01-12T00:00:00\nK2,E2,50,P2,2025-01-20T00:00:00\nK3,E2,70,P1,2025-02-02T00:00:00\n",
            "charges.csv": """
                charge_id,encounter_id,service_date,posted_at,amount
                C1,E1,2025-01-10,2025-01-12T10:00:00,0.10
                C2,E1,2025-01-10,2025-01-15T10:00:00,0.20
                C3,E2,2025-02-10,2025-02-11T10:00:00,0.30

                """,
        ]
        for (name, text) in files { try text.write(to: data.appendingPathComponent(name), atomically: false, encoding: .utf8) }
        try "return { name = 'p', version = '1', params = { target = { default = 0.5 } } }".write(to: pack.appendingPathComponent("pack.lua"), atomically: false, encoding: .utf8)
        try """
            kpi { id = "p1_share", title = "P1 share", unit = "percent", period = "submitted_at", target = { at_least = param("target") },
                  numerator = count("claims", { payer_id = "P1" }), denominator = count("claims") }
            kpi { id = "lag", title = "Charge lag", unit = "days", period = "service_date",
                  measures = { lag = sum("charges", function(ch) return date.days(ch.service_date, ch.posted_at) end), lines = count("charges") },
                  value = function(m, ctx) return m.lag / m.lines end }
            kpi { id = "charged", title = "Charged", unit = "currency", numerator = sum("charges", "amount") }
            kpi { id = "median_charge", title = "Median", unit = "currency", numerator = median("charges", "amount") }
            kpi { id = "none", title = "None", unit = "ratio", numerator = count("claims", { payer_id = "P9" }), denominator = count("claims", { payer_id = "P9" }) }
            kpi { id = "auth", title = "Auth", unit = "count", numerator = count("encounters", { auth_required = true }) }
            kpi { id = "days", title = "Days", unit = "days", period = "submitted_at", measures = { n = count("claims") },
                  value = function(m, ctx) return ctx.days end }
            kpi { id = "by_payer", title = "By payer", unit = "currency", by = "payer_id", numerator = sum("claims", "total_charge") }
            kpi { id = "by_fn", title = "By fn", unit = "count", by = function(c) return c.claim_id:sub(1, 1) end, numerator = count("claims") }
            kpi { id = "by_absent", title = "By absent", unit = "count", by = "financial_class", numerator = count("claims") }
            kpi { id = "broken", title = "Broken", unit = "count", numerator = count("encounters", function(e) return e.nope end) }
            """.write(to: pack.appendingPathComponent("kpis.lua"), atomically: false, encoding: .utf8)
        let engineData = EngineData(store: try Ingestor.read(paths: [data.path]).store)
        let database = LuaDatabase(engineData)
        let packPath = pack.path
        let outcomes = try await engineThread.perform {
            let packs = try PackResolver(search: PackSearchPath()).resolve([packPath])
            let state = try LuaState()
            let loaded = try PackLoader(state: state, params: try ParamSet(packs: packs, overrides: [])).load(packs)
            var tables: [String: RegisteredTable] = [:]
            for (name, table) in database.tables { tables[name] = try state.register(table) }
            let helper = try state.makeEnvironment(pack: "upstream-engine")
            guard case .function(let caller) = try state.run(KPIEvaluator.valueCaller, chunk: "upstream/kpi.lua", in: helper).first else { return [String: KPIOutcome]() }
            var outcomes: [String: KPIOutcome] = [:]
            for definition in loaded.definitions where definition.kind == "kpi" {
                outcomes[definition.id!] = KPIEvaluator(state: state, data: engineData, tables: tables, definition: definition,
                                                        asOf: nil, caller: caller).evaluate()
            }
            return outcomes
        }
        let share = try #require(outcomes["p1_share"])
        #expect(share.overall?.value == 2.0 / 3.0 && share.overall?.numerator == 2 && share.overall?.denominator == 3)
        #expect(share.byMonth["2025-01"]?.value == 0.5 && share.byMonth["2025-02"]?.value == 1)
        #expect(share.met == true)
        let lag = try #require(outcomes["lag"])
        #expect(lag.overall?.value == 8.0 / 3.0 && lag.overall?.measures["lag"] == 8)
        #expect(lag.byMonth["2025-01"]?.value == 3.5 && lag.byMonth["2025-02"]?.value == 1)
        #expect(outcomes["charged"]?.overall?.value == 0.6, "money sums are exact: 0.10 + 0.20 + 0.30")
        #expect(outcomes["median_charge"]?.overall?.value == 0.2)
        #expect(outcomes["none"]?.overall?.value == nil && outcomes["none"]?.overall?.reason == "denominator is 0")
        #expect(outcomes["auth"]?.skipped == "encounters.auth_required not in the data")
        let days = try #require(outcomes["days"])
        #expect(days.overall?.value == 22 && days.byMonth["2025-01"]?.value == 31 && days.byMonth["2025-02"]?.value == 28)
        let byPayer = try #require(outcomes["by_payer"])
        #expect(byPayer.byGroup.map { "\($0.key)=\($0.point.value ?? -1)" } == ["[\"P1\"]=170.0", "[\"P2\"]=50.0"])
        #expect(outcomes["by_fn"]?.byGroup.map(\.key) == [["K"]] && outcomes["by_fn"]?.groupFields == ["key"])
        #expect(outcomes["by_absent"]?.byGroupNote == "by financial_class: claims has no field 'financial_class'")
        let broken = try #require(outcomes["broken"])
        #expect(broken.errors == 2 && broken.overall?.value == 0 && broken.disabled == nil)
        #expect(broken.errorGroups.first?.message == "no field 'nope' in encounters" && broken.errorGroups.first?.records == ["E1", "E2"])
    }
}
