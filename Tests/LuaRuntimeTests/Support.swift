import LuaRuntime

/// Every test's Lua work runs on this dedicated thread, never on the cooperative pool.
let testThread = LuaThread(name: "lua-tests")

/// Small limits so hostile scripts end fast; budgets, not wall time, are asserted.
let testLimits = SandboxLimits(memoryBytes: 32 << 20, instructionsPerCall: 1_000_000, loadMultiplier: 1, outputBytes: 4096)

/// Runs `body` with a fresh state and one pack environment on the Lua test thread.
func sandboxed<T: Sendable>(
    _ limits: SandboxLimits = testLimits, cancellation: CancellationToken? = nil,
    _ body: @escaping @Sendable (LuaState, LuaReference) throws -> T
) async throws -> T {
    try await testThread.perform {
        let state = try LuaState(limits: limits, cancellation: cancellation)
        let environment = try state.makeEnvironment(pack: "test")
        return try body(state, environment)
    }
}

/// Runs `source` and returns the error it ends with (nil when it succeeds), plus whether the
/// state still accepts calls afterwards.
func outcome(of source: String, _ limits: SandboxLimits = testLimits) async throws -> (error: ScriptError?, usable: Bool, spent: Int64) {
    try await sandboxed(limits) { state, env in
        var failure: ScriptError?
        do { try state.run(source, chunk: "test/hostile.lua", in: env) } catch let error as ScriptError { failure = error }
        let spent = state.budgetSpent
        let usable = (try? state.run("return 1", chunk: "test/probe.lua", in: env)) != nil
        return (failure, usable, spent)
    }
}

/// Runs `source` and returns its first result.
func evaluate(_ source: String, _ limits: SandboxLimits = testLimits) async throws -> LuaValue {
    try await sandboxed(limits) { state, env in
        try state.run(source, chunk: "test/eval.lua", in: env).first ?? .nil
    }
}
