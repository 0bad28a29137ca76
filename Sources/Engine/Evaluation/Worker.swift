import DataModel
import LuaRuntime
import Packs

/// One evaluation thread: a dedicated Lua thread with its own sandboxed state, the packs loaded
/// into it (definitions matched by id across workers) and every table registered. A breach ends
/// the state; the worker builds a fresh one before its next chunk.
final class Worker: @unchecked Sendable {
    let thread: LuaThread
    private let packs: [LoadedPack]
    private let params: ParamSet
    private let database: LuaDatabase
    private let limits: SandboxLimits
    private let cancellation: CancellationToken?
    private let asOf: Int32?
    private let references: ReferenceSet
    private let facts: DataFacts
    // Touched only on `thread`.
    private var state: LuaState?
    /// Lines of a breached state, until taken.
    private var carried: [(row: Int?, text: String)] = []
    private(set) var definitions: [String: Definition] = [:]
    private(set) var tables: [String: RegisteredTable] = [:]

    init(index: Int, packs: [LoadedPack], params: ParamSet, database: LuaDatabase, limits: SandboxLimits,
         cancellation: CancellationToken?, asOf: Int32?, references: ReferenceSet) {
        self.asOf = asOf
        self.references = references
        facts = database.facts
        thread = LuaThread(name: "upstream.worker.\(index)")
        self.packs = packs
        self.params = params
        self.database = database
        self.limits = limits
        self.cancellation = cancellation
    }

    /// The print/log lines not taken yet: a breached state's (kept when it was replaced), then
    /// the live state's.
    func takeOutput() -> [(row: Int?, text: String)] {
        defer { carried = [] }
        return carried + (state?.takeOutput() ?? [])
    }

    /// The live state, built (or rebuilt after a breach) on first use. Call on `thread` only.
    /// Throws `RunStopped` once the state met the run's deadline or cancellation.
    func liveState() throws -> LuaState {
        if let state, state.breach == nil { return state }
        try RunStopped.check(state)
        carried += state?.takeOutput() ?? []
        let fresh = try LuaState(limits: limits, cancellation: cancellation)
        let loaded = try PackLoader(state: fresh, params: params, asOf: asOf, facts: facts, references: references).load(packs)
        _ = fresh.takeOutput()   // the load's lines are reported once, from the run's first load
        definitions = loaded.definitions.byID
        tables = try database.register(in: fresh)
        state = fresh
        return fresh
    }
}

/// The run met its `--timeout` deadline or was cancelled: it stops, with no report. (Any other
/// breach costs only the row that made it: the next rows run in a fresh state.)
public struct RunStopped: Error, CustomStringConvertible {
    public let breach: SandboxBreach

    public var description: String {
        breach == .deadline ? "the run stopped: its deadline passed (--timeout)" : "the run stopped: it was cancelled"
    }

    /// Throws when `state` met the deadline or a cancellation.
    static func check(_ state: LuaState?) throws(RunStopped) {
        if let breach = state?.breach, breach == .deadline || breach == .cancelled { throw RunStopped(breach: breach) }
    }
}

extension Array where Element == Definition {
    /// Definitions by id (a later one wins), as every state's loader matches them across states.
    var byID: [String: Definition] {
        Dictionary(compactMap { d in d.id.map { ($0, d) } }, uniquingKeysWith: { $1 })
    }
}
