import Foundation
import Testing
import DataModel
import Engine
import Ingest
import LuaRuntime

/// Ingested canonical CSV, read back through Lua row proxies over the data model's own columns.
@Suite struct LuaRowsTests {
    @Test func proxiesReadTheIngestedColumnsInPlace() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rows-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try """
            charge_id,encounter_id,service_date,posted_at,amount,modifiers,units,Cost Center
            C1,E1,2025-01-02,2025-01-05T10:30:00,$1,234.50,25;59,2,ER-7
            C2,E1,2025-01-02,2025-01-02T08:00:00,(12.00),,,
            """.replacingOccurrences(of: "$1,234.50", with: "\"$1,234.50\"")
            .write(to: folder.appendingPathComponent("charges.csv"), atomically: false, encoding: .utf8)
        let result = try Ingestor.read(paths: [folder.path])
        let table = try #require(result.store.table("charges"))
        let rows = LuaRows.view(table)
        let values = try await engineThread.perform {
            let state = try LuaState()
            let env = try state.makeEnvironment(pack: "t")
            let registered = try state.register(rows)
            let f = try state.run("""
                return function(ch)
                  return table.concat({ ch.charge_id, ch.service_date, ch.posted_at, string.format('%.2f', ch.amount),
                    tostring(ch.units), #ch.modifiers, tostring(ch.modifiers[2]), tostring(ch.extra['Cost Center']) }, '|')
                end, function(ch) return ch.entered_by end
                """, chunk: "t/f.lua", in: env)
            guard case .function(let read) = f[0], case .function(let absent) = f[1] else { return ([LuaValue](), "") }
            let values = state.callRows(read, over: registered, rows: 0..<2).values
            let error = state.callRows(absent, over: registered, rows: 0..<1).error
            return (values, "\(error?.readAbsentColumn == true) \(error?.message ?? "")")
        }
        #expect(values.0 == [
            .string("C1|2025-01-02|2025-01-05T10:30:00|1234.50|2|2|59|ER-7"),
            .string("C2|2025-01-02|2025-01-02T08:00:00|-12.00|nil|0|nil|nil"),
        ])
        #expect(values.1 == "true t/f.lua:4: charges.entered_by not in the data")
    }
}

@Suite struct LuaRelationsTests {
    @Test func relationsWalkBothWaysAndStaffFieldsExposeTheirRow() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("relations-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let files = [
            "staff.csv": "staff_id,name,role\nS1,Ana Reyes,patient_access\n",
            "encounters.csv": "encounter_id,patient_id,service_date,registered_by\nE1,P1,2025-01-02,S1\nE2,P2,2025-01-03,S9\n",
            "charges.csv": "charge_id,encounter_id,service_date,posted_at,amount\nC1,E1,2025-01-02,2025-01-03T00:00:00,10\nC2,E1,2025-01-02,2025-01-03T00:00:00,5\nC3,E2,2025-01-03,2025-01-04T00:00:00,7\n",
        ]
        for (name, text) in files { try text.write(to: folder.appendingPathComponent(name), atomically: false, encoding: .utf8) }
        let store = try Ingestor.read(paths: [folder.path]).store
        let database = LuaDatabase(EngineData(store: store))
        let out = try await engineThread.perform {
            let state = try LuaState()
            let env = try state.makeEnvironment(pack: "t")
            var registered: [String: RegisteredTable] = [:]
            for (name, table) in database.tables { registered[name] = try state.register(table) }
            let f = try state.run("""
                return function(e)
                  local ids = {}
                  for _, ch in ipairs(e.charges) do ids[#ids + 1] = ch.charge_id .. '>' .. ch.encounter.encounter_id end
                  local staff = e.registered_by_staff
                  return table.concat(ids, ',') .. '|' .. #e.charges .. '|' .. (staff and staff.name or 'nobody')
                    .. '|' .. tostring(e.charges[1] == e.charges[1]) .. '|' .. tostring(e.charges[1] == e.charges[2])
                end, function(e) return #e.claims end
                """, chunk: "t/f.lua", in: env)
            guard case .function(let walk) = f[0], case .function(let missing) = f[1] else { return "" }
            let values = state.callRows(walk, over: registered["encounters"]!, rows: 0..<2).values.compactMap(\.stringValue)
            let skipped = state.callRows(missing, over: registered["encounters"]!, rows: 0..<1).error
            return values.joined(separator: " / ") + " / " + (skipped?.readAbsentColumn == true ? "skipped: " : "") + (skipped?.message ?? "")
        }
        #expect(out == "C1>E1,C2>E1|2|Ana Reyes|true|false / C3>E2|1|nobody|true|false / skipped: t/f.lua:7: encounters.claims: claims not in the data")
    }
}

@Suite struct DerivedFieldTests {
    @Test func hostDerivedFieldsReadLikeAnyOther() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("derived-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let files = [
            "encounters.csv": "encounter_id,patient_id,service_date\nE1,P1,2025-01-02\nE2,P2,2025-01-03\n",
            "charges.csv": "charge_id,encounter_id,service_date,posted_at,amount\nC1,E1,2025-01-02,2025-01-03T00:00:00,10.25\nC2,E1,2025-01-02,2025-01-03T00:00:00,5\n",
            "claims.csv": "claim_id,encounter_id,total_charge,submitted_at\nK1,E1,15.25,2025-01-05T09:00:00\nK2,E2,0,\n",
            "remits.csv": "remit_id,claim_id,received_on,paid\nR2,K1,2025-01-20,0\nR1,K1,2025-01-20,3.25\nR3,K1,2025-02-01,9\n",
        ]
        for (name, text) in files { try text.write(to: folder.appendingPathComponent(name), atomically: false, encoding: .utf8) }
        let database = LuaDatabase(EngineData(store: try Ingestor.read(paths: [folder.path]).store))
        let out = try await engineThread.perform {
            let state = try LuaState()
            let env = try state.makeEnvironment(pack: "t")
            var registered: [String: RegisteredTable] = [:]
            for (name, table) in database.tables { registered[name] = try state.register(table) }
            let f = try state.run("""
                return function(c)
                  return table.concat({ c.claim_id, string.format('%.2f', c.paid), tostring(c.days_to_pay),
                    c.first_remit and c.first_remit.remit_id or 'none', string.format('%.2f', c.encounter.total_charge) }, '|')
                end
                """, chunk: "t/f.lua", in: env)
            guard case .function(let read) = f[0] else { return [String]() }
            return state.callRows(read, over: registered["claims"]!, rows: 0..<2).values.compactMap(\.stringValue)
        }
        // First remit: the earliest received_on, then the smaller remit_id (R1 before R2); it paid.
        #expect(out == ["K1|12.25|15|R1|15.25", "K2|0.00|nil|none|0.00"])
    }
}
