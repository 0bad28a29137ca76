import Testing
import LuaRuntime

@Suite struct TableSnapshotTests {
    @Test func snapshotsNestedTablesWithoutRunningMetamethods() async throws {
        let summary = try await sandboxed { state, env in
            let returned = try state.run("""
                local shared = { 'x' }
                local t = setmetatable({ name = 'p', version = '1.0', n = 3, ok = true,
                  list = { 'a', 'b', 'c' }, shared = shared, again = shared,
                  nested = { deep = { deeper = 1.5 } }, check = function() end, [10] = 'gap', 'first' },
                  { __index = function() error('metamethod ran') end, __pairs = function() error('pairs ran') end })
                t.self = t
                return t
                """, chunk: "p/pack.lua", in: env)
            guard case .table(let ref) = returned.first else { return "" }
            let s = try state.snapshot(ref)
            let items = s["list"]?.table?.items.compactMap(\.string) ?? []
            return [
                s.fieldNames.joined(separator: ","), s["name"]?.string ?? "", String(s["n"]?.number ?? 0),
                String(s["ok"]?.bool ?? false), items.joined(), String(s["nested"]?.table?["deep"]?.table?["deeper"]?.number ?? 0),
                s["check"]?.function == nil ? "no function" : "function", s["self"]?.table === s ? "cycle" : "no cycle",
                s["shared"]?.table === s["again"]?.table ? "shared" : "copied", String(s.items.count),
                s.otherKeys.map { "\($0)" }.joined(),
            ].joined(separator: "|")
        }
        #expect(summary == "again,check,list,n,name,nested,ok,self,shared,version|p|3.0|true|abc|1.5|function|cycle|shared|1|integer(10)")
    }

    @Test func snapshotsRefuseHugeTables() async throws {
        let error = try await sandboxed { state, env in
            let returned = try state.run("local t = {} for i = 1, 1000 do t[i] = i end return t", chunk: "p/x.lua", in: env)
            guard case .table(let ref) = returned.first else { return "" }
            do { _ = try state.snapshot(ref, maxEntries: 100); return "no error" } catch let e as ScriptError { return e.message }
        }
        #expect(error.contains("more than 100 entries"))
    }
}
