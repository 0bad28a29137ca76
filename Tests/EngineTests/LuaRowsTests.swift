import Foundation
import Testing
import DataModel
import Engine
import Ingest
import LuaRuntime

let engineThread = LuaThread(name: "engine-tests")

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
