import Foundation

/// Recycles chunk outputs within one file so their buffers are allocated (and page-faulted)
/// once, not once per chunk.
final class OutputPool: @unchecked Sendable {
    private let lock = NSLock()
    private var idle: [ChunkOutput] = []
    private let plan: ReadPlan

    init(plan: ReadPlan) { self.plan = plan }

    func take(start: Int) -> ChunkOutput {
        lock.lock()
        let reused = idle.popLast()
        lock.unlock()
        guard var output = reused else { return ChunkOutput(plan: plan, start: start) }
        output.reset(start: start)
        return output
    }

    func give(_ output: ChunkOutput) {
        lock.lock()
        idle.append(output)
        lock.unlock()
    }

    /// Frees every idle output; call once the file is read.
    func drain() {
        lock.lock()
        for i in idle.indices { idle[i].free() }
        idle.removeAll()
        lock.unlock()
    }
}
