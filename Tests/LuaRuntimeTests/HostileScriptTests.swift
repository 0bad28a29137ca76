import Testing
import LuaRuntime

/// Scripts an attacker (or a careless analyst) would write. Each must end in a clear error
/// after bounded work, and a breach must leave the state unusable (SPEC section 4).
@Suite(.serialized) struct HostileScriptTests {
    private func expectBreach(_ source: String, _ breach: SandboxBreach, _ limits: SandboxLimits = testLimits) async throws {
        let result = try await outcome(of: source, limits)
        let error = try #require(result.error, "script should have failed: \(source)")
        #expect(error.breach == breach, "\(source): \(error)")
        #expect(!result.usable, "a breached state must refuse further calls")
        #expect(result.spent <= limits.loadBudget + 2_000_000, "work must stay bounded: \(result.spent)")
    }

    @Test(arguments: [
        "while true do end",
        "local i = 0 repeat i = i + 1 until false",
        "pcall(function() while true do end end) while true do end",
        "for i = 1, 3 do pcall(function() while true do end end) end return 'escaped'",
        "local ok = pcall(function() while true do end end) return ok",
        "xpcall(function() while true do end end, function(e) return e end) return 'escaped'",
        "local function f() return pcall(f) end while true do f() end",
    ])
    func infiniteLoopsEndInTheBudget(source: String) async throws {
        try await expectBreach(source, .instructionBudget)
    }

    @Test(arguments: [
        "return string.rep('x', 1 << 30)",
        "local s = 'x' for i = 1, 40 do s = s .. s end return #s",
        "local t = {} for i = 1, 1e9 do t[i] = i end",
        "local t = {} for i = 1, 2e6 do t[i] = 'abcdefghij' end return #table.concat(t)",
        "local ok = pcall(string.rep, 'x', 1 << 30) return string.rep('y', 1 << 30)",
        "local t = {} while true do local ok = pcall(function() t[#t + 1] = {} end) end",
        "local parts = {} for i = 1, 1e8 do parts[#parts + 1] = tostring(i) .. tostring(i) end",
    ])
    func memoryBombsHitTheCap(source: String) async throws {
        let limits = SandboxLimits(memoryBytes: 16 << 20, instructionsPerCall: 200_000_000, loadMultiplier: 1)
        let result = try await outcome(of: source, limits)
        let error = try #require(result.error)
        #expect(error.breach == .memory, "\(source): \(error)")
        #expect(!result.usable)
    }

    @Test func pcallCannotSwallowAMemoryError() async throws {
        let limits = SandboxLimits(memoryBytes: 16 << 20, instructionsPerCall: 50_000_000, loadMultiplier: 1)
        let result = try await outcome(of: """
            local caught = 0
            for i = 1, 3 do
              local ok = pcall(function() local s = string.rep('x', 64 << 20) end)
              if not ok then caught = caught + 1 end
            end
            return caught
            """, limits)
        #expect(result.error?.breach == .memory)
    }

    @Test func loopingMessageHandlerStaysBounded() async throws {
        try await expectBreach("xpcall(error, function(e) while true do end end) return 'escaped'", .instructionBudget)
        try await expectBreach("xpcall(function() while true do end end, function(e) while true do end end)", .instructionBudget)
    }

    @Test func loopingCloseHandlerThatCallsPcallStaysBounded() async throws {
        try await expectBreach("""
            local guard <close> = setmetatable({}, { __close = function()
              while true do pcall(function() while true do end end) end
            end })
            while true do end
            """, .instructionBudget)
        try await expectBreach("""
            pcall(function()
              local guard <close> = setmetatable({}, { __close = function() while true do end end })
              error('boom')
            end)
            return 'escaped'
            """, .instructionBudget)
    }

    @Test func errorObjectWithLoopingTostringIsDescribedNotRun() async throws {
        let result = try await outcome(of: "error(setmetatable({}, { __tostring = function() while true do end end }))")
        let error = try #require(result.error)
        #expect(error.message == "(error object is a table value)")
        #expect(error.breach == nil)
        #expect(result.usable)
    }

    @Test(arguments: [
        "local function f(n) return 1 + f(n + 1) end return f(1)",
        "local t = setmetatable({}, {}) getmetatable(t).__index = function(t, k) return t[k .. 'x'] end return t.a",
        "local t = setmetatable({}, {}) getmetatable(t).__tostring = function(t) return tostring(t) end return tostring(t)",
        "local t = {3, 2, 1} local function c(a, b) table.sort(t, c) return a < b end table.sort(t, c)",
        "local t = setmetatable({}, { __len = function(t) return #t end }) return #t",
        "local t = setmetatable({}, { __concat = function(a, b) return a .. b end }) return t .. 'x'",
        "local t = setmetatable({}, { __eq = function(a, b) return a == b end }) return t == setmetatable({}, getmetatable(t))",
    ])
    func deepRecursionEndsInAnErrorNotACrash(source: String) async throws {
        let limits = SandboxLimits(memoryBytes: 64 << 20, instructionsPerCall: 50_000_000, loadMultiplier: 1)
        let result = try await outcome(of: source, limits)
        let error = try #require(result.error, "expected an error from \(source)")
        #expect(error.message.contains("stack overflow") || error.breach != nil, "\(source): \(error)")
    }

    @Test(arguments: [
        "return table.move({}, 1, 1 << 50, 2)",
        "return table.remove(setmetatable({}, { __len = function() return 1 << 50 end }), 1)",
        "return table.insert(setmetatable({}, { __len = function() return 1 << 50 end }), 1, 'x')",
        "return table.concat(setmetatable({}, { __index = function() return '' end }), '', 1, 1 << 50)",
        "return table.sort(setmetatable({}, { __len = function() return (1 << 31) - 2 end, __index = rawlen }))",
        "return table.unpack({}, 1, 1 << 20)",
    ])
    func libraryLoopsAreChargedToTheBudget(source: String) async throws {
        let result = try await outcome(of: source)
        let error = try #require(result.error, "expected an error from \(source)")
        #expect(error.breach == .instructionBudget || error.message.contains("too many results"), "\(source): \(error)")
    }

    @Test func emptyRepetitionIsInstant() async throws {
        #expect(try await evaluate("return #string.rep('', 1 << 60) + #string.rep('', 1 << 60, '')") == .integer(0))
    }

    @Test func printFloodsAreCappedAndBounded() async throws {
        let (lines, dropped, error) = try await sandboxed { state, env in
            var failure: ScriptError?
            do { try state.run("while true do print(string.rep('x', 100)) end", chunk: "t.lua", in: env) }
            catch let e as ScriptError { failure = e }
            return (state.output.count, state.outputDropped, failure)
        }
        #expect(error?.breach == .instructionBudget)
        #expect(lines == 4096 / 101)
        #expect(dropped > 0)
    }

    @Test func cancellationFromAnotherThreadStopsTheScript() async throws {
        let token = CancellationToken()
        let limits = SandboxLimits(instructionsPerCall: .max / 4, loadMultiplier: 1)
        async let result = sandboxed(limits, cancellation: token) { state, env in
            do { try state.run("while true do end", chunk: "t.lua", in: env); return ScriptError?.none }
            catch let error as ScriptError { return error }
        }
        try await Task.sleep(for: .milliseconds(50))
        token.cancel()
        #expect(try await result?.breach == .cancelled)
    }

    @Test func deadlineStopsTheScript() async throws {
        let limits = SandboxLimits(instructionsPerCall: .max / 4, loadMultiplier: 1,
                                   deadlineNanoseconds: SandboxLimits.deadline(secondsFromNow: 0.05))
        try await expectBreach("while true do end", .deadline, limits)
    }
}
