import Testing
import LuaRuntime

@Suite struct HostFunctionTests {
    @Test func hostFunctionsReceiveAndReturnPlainValues() async throws {
        let result = try await sandboxed { state, env in
            try state.installHostFunction("add", in: "calc", of: env) { args in
                guard args.count == 2, case .integer(let a) = args[0], case .integer(let b) = args[1] else {
                    throw HostFunctionError("calc.add expects two integers")
                }
                return [.integer(a + b), .string("sum")]
            }
            var failure = ""
            do { try state.run("local x = 1\nreturn calc.add('a', {})", chunk: "p/x.lua", in: env) }
            catch let error as ScriptError { failure = error.message }
            let ok = try state.run("return calc.add(2, 3)", chunk: "p/y.lua", in: env)
            let tamper = (try? state.run("calc.add = nil", chunk: "p/z.lua", in: env)) == nil
            return (ok, failure, tamper)
        }
        #expect(result.0 == [.integer(5), .string("sum")])
        #expect(result.1 == "p/x.lua:2: calc.add expects two integers")
        #expect(result.2)
    }

    @Test func memoryLimitInsideAHostResultIsABreach() async throws {
        let limits = SandboxLimits(memoryBytes: 4 << 20, instructionsPerCall: 10_000_000, loadMultiplier: 1)
        let breach = try await sandboxed(limits) { state, env in
            let big = String(repeating: "x", count: 1 << 20)
            try state.installHostFunction("blob", in: nil, of: env) { _ in [.string(big)] }
            do { try state.run("local t = {} for i = 1, 100 do t[i] = blob() .. i end", chunk: "p/m.lua", in: env) }
            catch let error as ScriptError { return error.breach }
            return nil
        }
        #expect(breach == .memory)
    }
}

@Suite struct RowProxyTests {
    static func sampleTable() -> ColumnTable {
        ColumnTable(dataset: "encounters", rowCount: 3, columns: [
            ("encounter_id", .text(["E1", "E2", "E3"])),
            ("units", .int([1, nil, 3])),
            ("score", .number([0.5, 0.75, nil])),
            ("total_charge", .money([12345, 100, nil])),
            ("auth_required", .bool([true, false, nil])),
            ("service_date", .date([20089, 0, nil])),
            ("scheduled_at", .datetime([1_735_700_400, nil, 0])),
            ("member_id", .absent),
        ])
    }

    @Test func proxiesReadEveryTypeAndMissingIsNil() async throws {
        let table = Self.sampleTable()
        let values = try await sandboxed { state, env in
            let rows = try state.register(table)
            let f = try state.run("""
                return function(e)
                  return table.concat({ e.encounter_id, tostring(e.units), tostring(e.score),
                    tostring(e.total_charge), tostring(e.auth_required), tostring(e.service_date),
                    tostring(e.scheduled_at), math.type(e.units) or 'nil' }, '|')
                end
                """, chunk: "p/f.lua", in: env)
            guard case .function(let ref) = f.first else { return [LuaValue]() }
            return state.callRows(ref, over: rows, rows: 0..<3).values
        }
        #expect(values == [
            .string("E1|1|0.5|123.45|true|2025-01-01|2025-01-01T03:00:00|integer"),
            .string("E2|nil|0.75|1.0|false|1970-01-01|nil|nil"),
            .string("E3|3|nil|nil|nil|nil|1970-01-01T00:00:00|integer"),
        ])
    }

    @Test func unknownAndAbsentFieldsAreErrorsThatSayWhich() async throws {
        let table = Self.sampleTable()
        let errors = try await sandboxed { state, env in
            let rows = try state.register(table)
            let f = try state.run("return function(e) return e.member_idd end, function(e) return e.member_id end, function(e) e.units = 1 end",
                                  chunk: "p/f.lua", in: env)
            var out: [ScriptError?] = []
            for case .function(let ref) in f { out.append(state.callRows(ref, over: rows, rows: 0..<3).error) }
            return out
        }
        #expect(errors[0]?.message.hasSuffix("no field 'member_idd' in encounters") == true)
        #expect(errors[0]?.row == 0)
        #expect(errors[0]?.readAbsentColumn == false)
        #expect(errors[1]?.message.hasSuffix("encounters.member_id not in the data") == true)
        #expect(errors[1]?.readAbsentColumn == true)
        #expect(errors[2]?.message.contains("read-only") == true)
    }

    @Test func proxiesOfOneRowAreEqualAndMetatableIsHidden() async throws {
        let table = Self.sampleTable()
        let values = try await sandboxed { state, env in
            let rows = try state.register(table)
            let f = try state.run("return function(e) return getmetatable(e) == 'row' and e == e and tostring(e) end",
                                  chunk: "p/f.lua", in: env)
            guard case .function(let ref) = f.first else { return [LuaValue]() }
            return state.callRows(ref, over: rows, rows: 1..<2).values
        }
        #expect(values == [.string("encounters row 2")])
    }

    @Test func listsAreReadOnlySequencesAndExtrasAreReachableByHeader() async throws {
        let table = ColumnTable(dataset: "charges", rowCount: 2, columns: [
            ("charge_id", .text(["C1", "C2"])),
            ("modifiers", .list([["25", "59"], nil])),
        ], extras: [("Plan Code", ["MCR", nil])])
        let values = try await sandboxed { state, env in
            let rows = try state.register(table)
            let f = try state.run("""
                return function(ch)
                  local seen = {}
                  for i, m in ipairs(ch.modifiers) do seen[#seen + 1] = i .. '=' .. m end
                  for k, m in pairs(ch.modifiers) do seen[#seen + 1] = k .. ':' .. m end
                  local ok = pcall(function() ch.modifiers[1] = 'x' end)
                  return table.concat(seen, ',') .. '|' .. #ch.modifiers .. '|' .. tostring(ch.modifiers[3]) .. '|'
                    .. tostring(ch.extra['Plan Code']) .. '|' .. tostring(ch.extra['Nope']) .. '|' .. tostring(ok)
                end
                """, chunk: "p/f.lua", in: env)
            guard case .function(let ref) = f.first else { return [LuaValue]() }
            return state.callRows(ref, over: rows, rows: 0..<2).values
        }
        #expect(values == [.string("1=25,2=59,1:25,2:59|2|nil|MCR|nil|false"), .string("|0|nil|nil|nil|false")])
    }

    @Test func eachRowGetsItsOwnBudget() async throws {
        let table = Self.sampleTable()
        let result = try await sandboxed { state, env in
            let rows = try state.register(table)
            let f = try state.run("return function(e) local n = 0 for i = 1, 200000 do n = n + 1 end return n end",
                                  chunk: "p/f.lua", in: env)
            guard case .function(let ref) = f.first else { return RowBatchResult(values: [], error: nil) }
            return state.callRows(ref, over: rows, rows: 0..<3)
        }
        #expect(result.error == nil)
        #expect(result.values.count == 3)
    }
}
