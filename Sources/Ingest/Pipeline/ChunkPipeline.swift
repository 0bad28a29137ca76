import Foundation

/// Runs chunk parsing on `jobs` threads and hands results to the caller strictly in chunk order.
///
/// The calling thread is one of the `jobs`: it consumes results in order and, whenever the next
/// one is not ready, parses a chunk itself; `jobs - 1` helper threads parse, and when the
/// consumer is the slowest link and they may not run further ahead, they take work off it
/// (`whileBlocked`: hashing) instead of waiting. So `jobs` threads share `jobs` cores (a
/// separate consuming thread would make three threads on two cores, and the consumer, which
/// also hashes and dictionary-encodes, became the slowest link when it got a third of the
/// machine). Chunks are claimed under a lock, never more than `window` ahead of the consumer,
/// so memory stays bounded. CPU-heavy parsing runs on plain threads, never in Swift
/// concurrency's cooperative pool. The result for a chunk depends only on the chunk, so the
/// merged output is the same for every `jobs`.
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
    /// A helper that may not claim further ahead calls `whileBlocked` with the number of chunks
    /// claimed (work taken off the consumer, such as hashing); false means nothing to do.
    func run(jobs: Int, work: @escaping @Sendable (Int) -> Output, whileBlocked: (@Sendable (Int) -> Bool)? = nil,
             consume: (Int, Output) -> Void) {
        guard count > 0 else { return }
        let finished = DispatchGroup()
        for _ in 0..<min(jobs - 1, count) {
            finished.enter()
            let thread = Thread { [self] in
                while let index = claim(whileBlocked: whileBlocked) { store(index, work(index)) }
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

    /// The next chunk to parse, waiting while the window is full (doing `whileBlocked`'s work
    /// first while it has some); nil when all are claimed.
    private func claim(whileBlocked: ((Int) -> Bool)?) -> Int? {
        condition.lock()
        defer { condition.unlock() }
        var idle = false
        while nextToClaim < count, nextToClaim >= consumed + window {
            if !idle, let whileBlocked {
                let claimed = nextToClaim
                condition.unlock()
                idle = !whileBlocked(claimed)
                condition.lock()
                // The window is checked again before waiting: a wake-up may have come meanwhile.
                continue
            }
            condition.wait()
            idle = false
        }
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
