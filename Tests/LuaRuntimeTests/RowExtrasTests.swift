import Testing
import LuaRuntime

/// What row proxies read besides columns: policy failures (an index the host attaches) and
/// values a state attaches per row.
@Suite struct RowExtrasTests {
    static func table(failures: Bool) -> ColumnTable {
        let table = ColumnTable(dataset: "claims", rowCount: 3, columns: [
            ("claim_id", .text(["K1", "K2", "K3"])), ("proficiency", .value),
        ])
        if failures {
            table.attachFailures(offsets: [0, 2, 2, 3], records: [
                .init(policy: "A", role: "coding", severity: "error", code: "X1", message: "a"),
                .init(policy: "B", role: "billing", severity: "warning", code: nil, message: "b"),
                .init(policy: "A", role: "coding", severity: "error", code: nil, message: "a3"),
            ])
        }
        return table
    }

    @Test func failuresAreARangePerRowAndFailedScansIt() async throws {
        let table = Self.table(failures: true)
        let values = try await sandboxed { state, env in
            let rows = try state.register(table)
            guard case .function(let f)? = try state.run("""
                return function(c)
                  local parts = { c.claim_id, #c.failures }
                  for i, f in ipairs(c.failures) do parts[#parts + 1] = f.policy .. "/" .. f.role .. "/" .. f.severity .. "/" .. tostring(f.code) .. "/" .. f.message end
                  parts[#parts + 1] = tostring(c:failed("A")) .. tostring(c:failed("billing")) .. tostring(c:failed("nope"))
                  local ok, problem = pcall(c.failed, "A")
                  if ok or not problem:find("with a colon", 1, true) then parts[#parts + 1] = "dot call accepted" end
                  return table.concat(parts, " ")
                end
                """, chunk: "t/f.lua", in: env).first else { return [LuaValue]() }
            return state.callRows(f, over: rows, rows: 0..<3).values
        }
        #expect(values == [
            .string("K1 2 A/coding/error/X1/a B/billing/warning/nil/b truetruefalse"),
            .string("K2 0 falsefalsefalse"),
            .string("K3 1 A/coding/error/nil/a3 truefalsefalse"),
        ])
    }

    @Test func withoutAnIndexBothRaise() async throws {
        let table = Self.table(failures: false)
        let messages = try await sandboxed { state, env in
            let rows = try state.register(table)
            let results = try state.run("return function(c) return #c.failures end, function(c) return c:failed('A') end",
                                        chunk: "t/f.lua", in: env)
            return results.compactMap { value -> String? in
                guard case .function(let f) = value else { return nil }
                return state.callRows(f, over: rows, rows: 0..<1).error?.message
            }
        }
        #expect(messages == ["t/f.lua:1: row.failures is readable in KPIs and refine only",
                             "t/f.lua:1: row:failed() is readable in KPIs and refine only"])
    }

    @Test func attachedValuesReadPerRowOnceAttached() async throws {
        let table = Self.table(failures: false)
        let out = try await sandboxed { state, env in
            let rows = try state.register(table)
            let results = try state.run("""
                return { [1] = { status = "below" }, [3] = { status = "at_or_above" } },
                  function(c) local p = c.proficiency; return c.claim_id .. ":" .. (p and p.status or "none") end
                """, chunk: "t/f.lua", in: env)
            guard case .table(let values) = results[0], case .function(let f) = results[1] else { return [String]() }
            let before = state.callRows(f, over: rows, rows: 0..<1).error?.message ?? ""
            try state.freeze(values, deep: true)
            try state.attach(values, as: "proficiency", to: rows)
            return [before] + state.callRows(f, over: rows, rows: 0..<3).values.compactMap(\.stringValue)
        }
        #expect(out == ["t/f.lua:2: claims.proficiency is readable in KPIs and refine only", "K1:below", "K2:none", "K3:at_or_above"])
    }
}
