import CLua
import CLuaShim

/// One sandboxed Lua state (SPEC section 4).
///
/// Confined to the thread that created it: create and use it inside `LuaThread.run`, never on
/// Swift concurrency's cooperative pool (Lua needs a deep C stack). Every call enters Lua
/// through a protected C entry point; a script error comes back as a `ScriptError`, and after
/// a breach (budget, deadline, cancellation, memory) the state refuses every further call.
public final class LuaState {
    let L: OpaquePointer
    let sandbox: UnsafeMutablePointer<ups_sandbox>
    public let limits: SandboxLimits
    /// print/log lines, with the control characters left for the reporter to strip.
    public private(set) var output: [String] = []
    /// For each line of `output`, the row whose callback printed it (nil outside row batches).
    public private(set) var outputRows: [Int?] = []
    var hostFunctions: [HostFunction] = []
    var hostScratch = HostScratch()
    private let cancellation: CancellationToken?

    public init(limits: SandboxLimits = SandboxLimits(), cancellation: CancellationToken? = nil) throws {
        self.limits = limits
        self.cancellation = cancellation
        sandbox = .allocate(capacity: 1)
        sandbox.initialize(to: ups_sandbox())
        sandbox.pointee.memory_limit = limits.memoryBytes
        sandbox.pointee.budget_left = limits.loadBudget
        sandbox.pointee.call_budget = limits.instructionsPerCall
        sandbox.pointee.deadline_ns = limits.deadlineNanoseconds ?? 0
        sandbox.pointee.cancel = cancellation?.pointer
        sandbox.pointee.output_left = limits.outputBytes
        guard let state = ups_newstate(sandbox) else {
            sandbox.deallocate()
            throw LuaRuntimeError.stateCreationFailed(memoryBytes: limits.memoryBytes)
        }
        L = state
        let context = Unmanaged.passUnretained(self).toOpaque()
        sandbox.pointee.output_context = context
        sandbox.pointee.output = { context, text, length in
            guard let context, let text else { return }
            let state = Unmanaged<LuaState>.fromOpaque(context).takeUnretainedValue()
            let bytes = UnsafeRawBufferPointer(start: text, count: length)
            state.output.append(String(decoding: bytes, as: UTF8.self))
            let row = state.sandbox.pointee.error.row
            state.outputRows.append(row >= 0 ? Int(row) : nil)
        }
        sandbox.pointee.host = ups_host_binding(call: hostTrampoline, context: context)
    }

    deinit {
        ups_close(L)
        sandbox.deallocate()
    }

    // MARK: - State of the sandbox

    /// Set once a limit was breached; the state must then be discarded.
    public var breach: SandboxBreach? { SandboxBreach(code: sandbox.pointee.breach.rawValue) }
    public var memoryUsed: Int { ups_memory_used(L) }
    /// Budget units charged since the last `resetBudget` (instructions, in hook strides of 1,000).
    public var budgetSpent: Int64 { sandbox.pointee.budget_spent }
    /// Hands over the print/log lines so far (with their rows) and forgets them.
    public func takeOutput() -> [(row: Int?, text: String)] {
        defer { output.removeAll(); outputRows.removeAll() }
        return Array(zip(outputRows, output)).map { (row: $0.0, text: $0.1) }
    }

    /// print/log lines dropped after the output cap was reached.
    public var outputDropped: Int64 { sandbox.pointee.output_dropped }

    /// Gives the next call `units` of budget (default: one callback's).
    public func resetBudget(_ units: Int64? = nil) {
        sandbox.pointee.budget_left = units ?? limits.instructionsPerCall
        sandbox.pointee.budget_spent = 0
    }

    /// The as-of date (days since 1970-01-01) of this state: what the native `date.as_of()`
    /// answers and what dated-money columns (`balance_as_of`) are read at. nil: not known yet —
    /// `date.as_of()` raises, dated columns read at their own (the run's) date. A month-end
    /// snapshot moves it through the packs' `AsOfClock`.
    public var asOfDays: Int32? {
        get { sandbox.pointee.as_of_known != 0 ? sandbox.pointee.as_of_days : nil }
        set { ups_set_as_of(L, newValue == nil ? 0 : 1, newValue ?? 0) }
    }

    /// The `readMark`s of the columns read since the last call, which clears them.
    public func takeReadMarks() -> UInt32 { ups_take_read_marks(L) }

    /// Seeds `math.random` (the engine seeds per definition and record).
    public func seedRandom(_ seed: UInt64) { ups_seed_random(sandbox, seed) }

    // MARK: - Environments and chunks

    /// A new pack environment: frozen views of the allowed libraries and the sandbox's base
    /// functions. Chunks loaded into it see only it.
    public func makeEnvironment(pack: String) throws -> LuaReference {
        var ref: Int32 = 0
        try check(ups_new_environment(L, pack, &ref), chunk: pack)
        return LuaReference(id: ref)
    }

    /// Compiles and runs `source` as text in `environment` with the load budget, returning
    /// what the chunk returns (at most 16 values).
    @discardableResult
    public func run(
        _ source: String, chunk: String, in environment: LuaReference, budget: Int64? = nil
    ) throws -> [LuaValue] {
        resetBudget(budget ?? limits.loadBudget)
        var bytes = Array(source.utf8)
        return try withResults(16, chunk: chunk) { results, count in
            bytes.withUnsafeMutableBufferPointer { code in
                code.withMemoryRebound(to: CChar.self) { code in
                    ups_run_chunk(L, environment.id, code.baseAddress, code.count, "@" + chunk, results, 16, count)
                }
            }
        }
    }

    /// Calls a function reference with plain arguments under one callback's budget.
    @discardableResult
    public func call(_ function: LuaReference, _ arguments: [LuaValue] = [], budget: Int64? = nil) throws -> [LuaValue] {
        resetBudget(budget)
        return try ValueMarshal.withValues(arguments) { values, count in
            try withResults(16, chunk: "") { results, resultCount in
                ups_call_function(L, function.id, values, count, results, 16, resultCount)
            }
        }
    }

    /// Reads a global of `environment`.
    public func global(_ name: String, in environment: LuaReference) throws -> LuaValue {
        var value = ups_value()
        try check(ups_get_global(L, environment.id, name, &value), chunk: "")
        return LuaValue(exported: value)
    }

    /// Makes a table read-only; `deep` also freezes every table reachable from it (through
    /// keys, values, metatables and the upvalues of its Lua functions).
    public func freeze(_ table: LuaReference, deep: Bool = false) throws {
        resetBudget(limits.loadBudget)
        try check(ups_freeze(L, table.id, deep ? 1 : 0), chunk: "")
    }

    /// Releases a function or table reference.
    public func release(_ reference: LuaReference) {
        _ = ups_unref(L, reference.id)
    }

    // MARK: - Errors

    /// Runs an entry point that fills a result array; converts a failure into a ScriptError.
    func withResults(
        _ capacity: Int, chunk: String,
        _ body: (UnsafeMutablePointer<ups_value>, UnsafeMutablePointer<Int32>) -> Int32
    ) throws -> [LuaValue] {
        let results = UnsafeMutablePointer<ups_value>.allocate(capacity: capacity)
        defer { results.deallocate() }
        var count: Int32 = 0
        try check(body(results, &count), chunk: chunk)
        return (0..<Int(count)).map { LuaValue(exported: results[$0]) }
    }

    func check(_ status: Int32, chunk: String) throws {
        guard status != LUA_OK else { return }
        throw lastError(status: status, chunk: chunk)
    }

    /// The error the message handler recorded for the last failed entry call.
    func lastError(status: Int32, chunk: String) -> ScriptError {
        let record = sandbox.pointee.error
        let message = record.message.map { String(cString: $0) } ?? "unknown error"
        let traceback = record.traceback.map { String(cString: $0) }
        let source = withUnsafeBytes(of: record.source) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        var line = Int(record.line)
        if line == 0 { line = Self.lineInMessage(message, chunk: source.isEmpty ? chunk : source) }
        let kind: ScriptError.Kind = switch status {
        case LUA_ERRSYNTAX: .syntax
        case LUA_ERRMEM: .memory
        case LUA_ERRERR: .errorInErrorHandling
        default: .runtime
        }
        return ScriptError(
            kind: kind, message: message, chunk: source.isEmpty ? chunk : source,
            line: line, traceback: traceback, breach: breach,
            readAbsentColumn: record.absent_column != 0, readFailuresEarly: record.early_failures != 0,
            row: record.row >= 0 ? Int(record.row) : nil)
    }

    /// Syntax errors carry their place only in the message: "chunk:12: unexpected symbol".
    static func lineInMessage(_ message: String, chunk: String) -> Int {
        guard !chunk.isEmpty, message.hasPrefix(chunk + ":") else { return 0 }
        let rest = message.dropFirst(chunk.count + 1)
        return Int(rest.prefix { $0.isNumber }) ?? 0
    }
}
