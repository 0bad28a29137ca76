import DataModel
import Foundation
import LuaRuntime
import Packs

/// Spreads KPI row callbacks over the KPI phase's threads. A thread evaluating a KPI hands each
/// callback over here cut into fixed chunks of rows (the same whatever `--jobs`); it calls chunks
/// itself, and threads with no KPI left help. The chunks' results join in chunk order, so a
/// KPI's values, errors and log lines do not depend on which thread called which chunk.
final class KPICallPool: @unchecked Sendable {
    /// What one chunk gave, with the lines its callbacks printed and the columns' read marks.
    struct ChunkResult {
        var calls = RowCallResult()
        var logs: [(row: Int?, text: String)] = []
        var marks: UInt32 = 0
    }

    private final class Job {
        let request: RowCallRequest
        let chunks: [Range<Int>]
        var taken = 0
        var left: Int
        var results: [Result<ChunkResult, any Error>?]

        init(_ request: RowCallRequest, chunkRows: Int) {
            self.request = request
            chunks = stride(from: 0, to: request.rows.count, by: chunkRows).map { $0..<min($0 + chunkRows, request.rows.count) }
            left = chunks.count
            results = Array(repeating: nil, count: chunks.count)
        }
    }

    let chunkRows: Int
    private let condition = NSCondition()
    /// Jobs with chunks nobody has taken yet, oldest first.
    private var open: [Job] = []
    /// Threads still evaluating KPIs: while there are some, helpers wait for chunks.
    private var evaluating: Int

    init(threads: Int, chunkRows: Int) {
        evaluating = threads
        self.chunkRows = max(1, chunkRows)
    }

    /// Calls `request` in chunks, on `caller` (this thread's) and on helping threads; the results
    /// in chunk order. Throws when a chunk's state could not be made.
    func run(_ request: RowCallRequest, on caller: ChunkCaller) throws -> [ChunkResult] {
        let job = Job(request, chunkRows: chunkRows)
        guard !job.chunks.isEmpty else { return [] }   // `open` holds only jobs with chunks to take
        condition.lock()
        open.append(job)
        condition.broadcast()
        while let chunk = take(from: job) {
            condition.unlock()
            let result = Result { try caller.call(request, rows: job.chunks[chunk]) }
            condition.lock()
            finish(job, chunk, result)
        }
        while job.left > 0 { condition.wait() }
        condition.unlock()
        return try job.results.map { try $0!.get() }
    }

    /// For a thread with no KPI left: calls the other threads' chunks until none evaluates.
    func help(on caller: ChunkCaller) {
        condition.lock()
        defer { condition.unlock() }
        evaluating -= 1
        condition.broadcast()
        while true {
            if let job = open.first, let chunk = take(from: job) {
                condition.unlock()
                let result = Result { try caller.call(job.request, rows: job.chunks[chunk]) }
                condition.lock()
                finish(job, chunk, result)
            } else if evaluating == 0 {
                return
            } else {
                condition.wait()
            }
        }
    }

    /// The next chunk of `job` nobody has taken (under the lock).
    private func take(from job: Job) -> Int? {
        guard job.taken < job.chunks.count else { return nil }
        job.taken += 1
        if job.taken == job.chunks.count { open.removeAll { $0 === job } }
        return job.taken - 1
    }

    /// Stores a chunk's result (under the lock) and wakes the job's thread when it was the last.
    private func finish(_ job: Job, _ chunk: Int, _ result: Result<ChunkResult, any Error>) {
        job.results[chunk] = result
        job.left -= 1
        if job.left == 0 { condition.broadcast() }
    }
}

/// One thread's state for chunks of KPI callbacks: the packs loaded (definitions by id), every
/// table registered, an as-of clock of its own. A breach ends it; the next row goes on in a new one.
final class ChunkCaller {
    private let make: () throws -> KPIRun.LoadedState
    private var loaded: KPIRun.LoadedState?
    /// Lines and marks of states a breach ended during the current chunk.
    private var pendingLogs: [(row: Int?, text: String)] = []
    private var pendingMarks: UInt32 = 0

    /// `make` loads a fresh state; it runs on this thread, when first needed.
    init(make: @escaping () throws -> KPIRun.LoadedState) { self.make = make }

    func call(_ request: RowCallRequest, rows: Range<Int>) throws -> KPICallPool.ChunkResult {
        pendingLogs = []
        pendingMarks = 0
        var chunk = KPICallPool.ChunkResult()
        if var target = try target(for: request) {
            chunk.calls = try target.call(request.rows[rows], table: request.table) { try self.target(for: request) }
        } else {
            // Every state loads the same packs: a definition missing here cannot happen; read as nil.
            chunk.calls.values = Array(repeating: .nil, count: rows.count)
        }
        if let state = loaded?.state { drain(state) }
        chunk.logs = pendingLogs
        chunk.marks = pendingMarks
        return chunk
    }

    /// The request's function and table in the live state (a new one after a breach), its clock
    /// at the request's day.
    private func target(for request: RowCallRequest) throws -> RowCallTarget? {
        if let old = loaded, old.state.breach != nil {
            try RunStopped.check(old.state)
            drain(old.state)
            loaded = nil
        }
        let live = try loaded ?? make()
        loaded = live
        live.clock.days = request.day
        var value = live.definitions[request.kpi].map { SnapshotValue.table($0.table) }
        for key in request.keys { value = value?.table?[key] }
        guard let function = value?.function, let registered = live.tables[request.dataset] else { return nil }
        return RowCallTarget(state: live.state, function: function, registered: registered)
    }

    private func drain(_ state: LuaState) {
        pendingLogs += state.takeOutput()
        pendingMarks |= state.takeReadMarks()
    }
}

/// A KPI's row callbacks through the pool, keeping their log lines and read marks in call order
/// after the lines its own state printed before each call.
final class PooledRowCalls: RowCalls {
    private let pool: KPICallPool
    private let caller: ChunkCaller
    private let state: LuaState
    private(set) var logs: [(row: Int?, text: String)] = []
    private(set) var marks: UInt32 = 0
    /// Set when a chunk's state could not be made, or the run stopped (`RunStopped`): the run
    /// fails with it.
    private(set) var failure: (any Error)?

    /// `state`: the KPI's own state, whose lines so far come before each call's.
    init(pool: KPICallPool, caller: ChunkCaller, state: LuaState) {
        self.pool = pool
        self.caller = caller
        self.state = state
    }

    func call(_ request: RowCallRequest) -> RowCallResult {
        logs += state.takeOutput()
        do {
            var result = RowCallResult()
            for chunk in try pool.run(request, on: caller) {
                result.append(chunk.calls)
                logs += chunk.logs
                marks |= chunk.marks
                // In row order the callbacks stopped at the absent read: later chunks never ran.
                if result.absent != nil { break }
            }
            return result
        } catch {
            failure = error
            return RowCallResult(values: request.rows.map { _ in .nil })
        }
    }
}
