import Foundation

/// A dedicated thread with a large stack for Lua states. Lua recursion (scripts, metamethods,
/// the C library) needs a deep C stack, and a blocked or long callback must never hold one of
/// Swift concurrency's few cooperative threads.
public final class LuaThread: @unchecked Sendable {
    public static let defaultStackSize = 16 << 20

    /// `work` runs the caller's code; `done` only wakes the caller. The worker drops `work`
    /// before calling `done`, so `run` can prove its non-escaping closure did not escape.
    fileprivate typealias Job = (work: () -> Void, done: () -> Void)

    /// The jobs, shared with the thread: the thread keeps the queue (not this object) alive, so
    /// it may still be between two jobs after the last reference to this object is gone.
    private let queue = JobQueue()

    public init(name: String = "upstream.lua", stackSize: Int = LuaThread.defaultStackSize) {
        let thread = Thread { [queue] in queue.serve() }
        thread.name = name
        thread.stackSize = stackSize
        thread.start()
    }

    deinit { stop() }

    /// Runs `body` on this thread and waits for it. Blocks the caller: call it from a plain
    /// thread (the CLI's main thread, another worker), or use the async variant.
    public func run<T>(_ body: () throws -> T) throws -> T {
        try withoutActuallyEscaping(body) { body in
            var outcome: Result<T, any Error>?
            var finished = false
            let condition = NSCondition()
            enqueue((work: { outcome = Result { try body() } }, done: {
                condition.lock()
                finished = true
                condition.signal()
                condition.unlock()
            }))
            condition.lock()
            while !finished { condition.wait() }
            condition.unlock()
            return try outcome!.get()
        }
    }

    /// Runs `body` on this thread without blocking a cooperative thread.
    public func perform<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            enqueue((work: { continuation.resume(with: Result { try body() }) }, done: {}))
        }
    }

    /// Finishes queued jobs, then ends the thread.
    public func stop() { queue.stop() }

    private func enqueue(_ job: Job) { queue.enqueue(job) }
}

private final class JobQueue: @unchecked Sendable {
    // Guarded by `condition`.
    private var jobs: [LuaThread.Job] = []
    private var stopping = false
    private let condition = NSCondition()

    func stop() {
        condition.lock()
        stopping = true
        condition.signal()
        condition.unlock()
    }

    func enqueue(_ job: LuaThread.Job) {
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    func serve() {
        while true {
            condition.lock()
            while jobs.isEmpty && !stopping { condition.wait() }
            if jobs.isEmpty && stopping {
                condition.unlock()
                return
            }
            var job = jobs.removeFirst()
            condition.unlock()
            job.work()
            job.work = {}
            job.done()
        }
    }
}
