import Testing
import LuaRuntime

/// What a pack can see and change (SPEC section 4, "Libraries" and "Isolation").
@Suite struct IsolationTests {
    @Test(arguments: [
        "io", "os", "debug", "package", "require", "dofile", "loadfile", "coroutine", "warn",
        "string.dump",
    ])
    func forbiddenNamesAreAbsent(name: String) async throws {
        #expect(try await evaluate("return \(name) == nil") == .boolean(true))
    }

    @Test(arguments: [
        "assert", "error", "getmetatable", "ipairs", "next", "pairs", "pcall", "print", "log",
        "rawequal", "rawget", "rawlen", "rawset", "select", "setmetatable", "tonumber",
        "tostring", "type", "xpcall", "load", "collectgarbage",
        "string.upper", "string.format", "string.rep", "string.byte", "string.pack",
        "string.find", "string.match", "string.gmatch", "string.gsub",
        "table.insert", "table.sort", "table.concat", "math.floor", "math.random", "utf8.char",
    ])
    func allowedNamesArePresent(name: String) async throws {
        #expect(try await evaluate("return \(name) ~= nil") == .boolean(true))
    }

    @Test func tableSortOrdersWithAndWithoutAComparator() async throws {
        let words = "local t = { 'id', 'title', 'dataset', 'role', 'severity', 'evaluated', 'failed', 'errors', 'messages' } "
        #expect(try await evaluate(words + "table.sort(t) return table.concat(t, ',')")
            == .string("dataset,errors,evaluated,failed,id,messages,role,severity,title"))
        #expect(try await evaluate(words + "table.sort(t, function(a, b) return a > b end) return table.concat(t, ',')")
            == .string("title,severity,role,messages,id,failed,evaluated,errors,dataset"))
    }

    @Test func bytecodeIsRefusedEverywhere() async throws {
        let viaLoad = try await evaluate(#"local f, err = load("\27Lua\84\0 rest") return err"#)
        #expect(viaLoad.stringValue?.contains("binary chunk") == true)
        let viaHost = try await outcome(of: "\u{1B}Lua\u{54}\u{00}")
        #expect(viaHost.error?.message.contains("bytecode") == true)
    }

    @Test func loadRunsInTheCallersEnvironmentNeverTheRealGlobals() async throws {
        #expect(try await evaluate("return load('return _G')() == _G") == .boolean(true))
        #expect(try await evaluate("return load('return io')()") == .nil)
        #expect(try await evaluate("return load('x = 5') and (load('x = 5')() or x)") == .integer(5))
        #expect(try await evaluate("local env = { y = 2 } return load('return y', 'c', 'b', env)()") == .integer(2))
    }

    @Test func collectgarbageOnlyCounts() async throws {
        #expect(try await evaluate("return type(collectgarbage('count'))") == .string("number"))
        let result = try await outcome(of: "collectgarbage('collect')")
        #expect(result.error?.message.contains("only 'count'") == true)
    }

    @Test func finalizersAndWeakTablesAreRefused() async throws {
        let gc = try await outcome(of: "setmetatable({}, { __gc = function() end })")
        #expect(gc.error?.message.contains("__gc") == true)
        let mode = try await outcome(of: "setmetatable({}, { __mode = 'k' })")
        #expect(mode.error?.message.contains("__mode") == true)
    }

    @Test func librariesAreReadOnly() async throws {
        for attempt in [
            "string.upper = nil", "rawset(string, 'upper', print)", "table.insert(math, 1)",
            "math.pi = 3", "load('utf8.char = nil')()", "setmetatable(string, {})",
            "getmetatable('').__index = {}", "getmetatable('').__index.upper = nil",
        ] {
            let result = try await outcome(of: attempt)
            #expect(result.error != nil, "\(attempt) should fail")
            #expect(result.usable)
        }
    }

    @Test func onePackCannotChangeWhatAnotherSees() async throws {
        let seen = try await testThread.perform {
            let state = try LuaState(limits: testLimits)
            let first = try state.makeEnvironment(pack: "first")
            let second = try state.makeEnvironment(pack: "second")
            for attack in ["string.upper = function() return 'owned' end", "rawset(string, 'lower', nil)",
                           "_G.print = nil", "getmetatable('').__index = nil", "shared = 'leak'"] {
                _ = try? state.run(attack, chunk: "first/attack.lua", in: first)
            }
            return try state.run("return ('x'):upper(), string.upper('y'), print ~= nil, shared", chunk: "second/probe.lua", in: second)
        }
        #expect(seen == [.string("X"), .string("Y"), .boolean(true), .nil])
    }

    @Test func iteratingAFrozenTableNeverHandsOutItsContentsTable() async throws {
        let result = try await evaluate("""
            local iterator, state = pairs(string)
            local n = 0
            for k, v in pairs(string) do n = n + 1 end
            local ok = pcall(rawset, state, 'upper', print)
            return rawequal(state, string) and n > 10 and not ok and #setmetatable({}, {}) == 0
            """)
        #expect(result == .boolean(true))
    }

    @Test func frozenTablesKeepTheirMetatableBehaviourWithoutExposingContents() async throws {
        let results = try await sandboxed { state, env in
            try state.run("""
                local Base = { kind = function() return 'base' end }
                seen = {}
                obj = setmetatable({ own = 1 }, { __index = function(t, k) return rawget(t, 'own') end,
                                                  __call = function(self) return 'called' end })
                cls = setmetatable({}, { __index = Base })
                """, chunk: "p/load.lua", in: env)
            try state.freeze(env, deep: true)
            return try state.run("return obj.own, obj.missing, obj(), cls.kind()", chunk: "p/cb.lua", in: env)
        }
        // `obj.missing` reaches the original __index with the frozen table, whose raw contents are empty.
        #expect(results == [.integer(1), .nil, .string("called"), .string("base")])
    }

    @Test func stringMetatableIsHidden() async throws {
        #expect(try await evaluate("return getmetatable('')") == .boolean(false))
        #expect(try await evaluate("return ('abc'):upper() .. ('10' + 1)") == .string("ABC11"))
    }

    @Test func randomIsDeterministic() async throws {
        let draws = try await sandboxed { state, env in
            let f = try state.run("return function() return math.random(1, 1000000), math.random() end", chunk: "r.lua", in: env)
            guard case .function(let ref) = f.first else { return [LuaValue]() }
            state.seedRandom(42)
            let a = try state.call(ref)
            state.seedRandom(42)
            let b = try state.call(ref)
            state.seedRandom(43)
            let c = try state.call(ref)
            return [a == b ? .boolean(true) : .boolean(false), a == c ? .boolean(true) : .boolean(false)]
        }
        #expect(draws == [.boolean(true), .boolean(false)])
        let bounds = try await evaluate("""
            for i = 1, 1000 do local x = math.random(3, 5) if x < 3 or x > 5 then return x end end
            return math.type(math.random(7))
            """)
        #expect(bounds == .string("integer"))
    }

    @Test func deepFreezeCoversGlobalsAndUpvalues() async throws {
        let results = try await sandboxed { state, env in
            try state.run("""
                codes = { a = { 1, 2 } }
                local memo = { hits = 0 }
                function lookup(k) return codes[k] end
                function remember() memo.hits = memo.hits + 1 end
                """, chunk: "p/load.lua", in: env)
            try state.freeze(env, deep: true)
            var messages: [String] = []
            for attempt in ["codes.b = 1", "codes.a[3] = 3", "remember()", "newglobal = 1"] {
                do { try state.run(attempt, chunk: "p/cb.lua", in: env); messages.append("ok") }
                catch let error as ScriptError { messages.append(error.message) }
            }
            let read = try state.run("return #codes.a, lookup('a')[2]", chunk: "p/read.lua", in: env)
            return (messages, read)
        }
        #expect(results.0.allSatisfy { $0.contains("read-only") }, "\(results.0)")
        #expect(results.1 == [.integer(2), .integer(2)])
    }

    @Test func errorsNameChunkAndLine() async throws {
        let result = try await outcome(of: "local x = 1\nlocal y = nil\nreturn y.field")
        let error = try #require(result.error)
        #expect(error.chunk == "test/hostile.lua")
        #expect(error.line == 3)
        #expect(error.traceback?.contains("stack traceback") == true)
        let syntax = try await outcome(of: "local = 1")
        #expect(syntax.error?.line == 1)
    }
}
