import Foundation

// What PolicyRun and KPIRun share to spread items over threads and keep results in item order.

/// Hands out work items (chunks, KPIs) to threads, each once.
final class ChunkCounter: @unchecked Sendable {
    private var next = 0
    private let lock = NSLock()

    func take(below count: Int) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard next < count else { return nil }
        next += 1
        return next - 1
    }
}

/// One slot per work item, filled by whichever thread ran it; read back in item order.
final class ChunkResults<Part>: @unchecked Sendable {
    private var slots: [Part?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ part: Part) {
        lock.lock()
        slots[index] = part
        lock.unlock()
    }

    var values: [Part] { lock.lock(); defer { lock.unlock() }; return slots.compactMap { $0 } }
}

final class FirstError: @unchecked Sendable {
    private(set) var error: (any Error)?
    private let lock = NSLock()

    func set(_ error: any Error) {
        lock.lock()
        if self.error == nil { self.error = error }
        lock.unlock()
    }
}
