import Foundation

/// Runs chunk parsing on `jobs` threads and hands results to the caller strictly in chunk order.
///
/// The calling thread is one of the `jobs`: it consumes results in order and, whenever the next
/// one is not ready, parses a chunk itself; `jobs - 1` helper threads only parse. So `jobs`
/// threads share `jobs` cores (a separate consuming thread would make three threads on two
/// cores, and the consumer, which also hashes and dictionary-encodes, became the slowest link
/// when it got a third of the machine). Chunks are claimed under a lock, never more than
/// `window` ahead of the consumer, so memory stays bounded. CPU-heavy parsing runs on plain
/// threads, never in Swift concurrency's cooperative pool. The result for a chunk depends only
/// on the chunk, so the merged output is the same for every `jobs`.
final class ChunkPipeline<Output>: @unchecked Sendable {
    private let condition = NSCondition()
    private var results: [Output?]
    private var nextToClaim = 0
    private var consumed = 0
    private let count: Int
    private let window: Int

    init(count: Int, jobs: Int) {
        self.count = count
        self.window = max(2, jobs * 2)
        results = Array(repeating: nil, count: count)
    }

    /// Parses every chunk with `work` and calls `consume` for each in index order on this thread.
    func run(jobs: Int, work: @escaping @Sendable (Int) -> Output, consume: (Int, Output) -> Void) {
        guard count > 0 else { return }
        let finished = DispatchGroup()
        for _ in 0..<min(jobs - 1, count) {
            finished.enter()
            let thread = Thread { [self] in
                while let index = claim() { store(index, work(index)) }
                finished.leave()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        for index in 0..<count {
            consume(index, next(index, work: work))
        }
        finished.wait()
    }

    /// Result `index`, parsing unclaimed chunks on this thread while it is not ready.
    private func next(_ index: Int, work: (Int) -> Output) -> Output {
        condition.lock()
        while results[index] == nil {
            if nextToClaim < count, nextToClaim < consumed + window {
                let own = nextToClaim
                nextToClaim += 1
                condition.unlock()
                let output = work(own)
                condition.lock()
                results[own] = output
                continue
            }
            condition.wait()
        }
        let output = results[index]!
        results[index] = nil
        consumed = index + 1
        condition.broadcast()
        condition.unlock()
        return output
    }

    /// The next chunk to parse, waiting while the window is full; nil when all are claimed.
    private func claim() -> Int? {
        condition.lock()
        defer { condition.unlock() }
        while nextToClaim < count, nextToClaim >= consumed + window { condition.wait() }
        guard nextToClaim < count else { return nil }
        nextToClaim += 1
        return nextToClaim - 1
    }

    private func store(_ index: Int, _ output: Output) {
        condition.lock()
        results[index] = output
        condition.broadcast()
        condition.unlock()
    }
}
