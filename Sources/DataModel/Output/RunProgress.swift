import Synchronization

/// How far a long run has come, for the progress display on stderr (SPEC section 1). Readers
/// and evaluators advance it from any thread; the command line samples it from its own thread.
/// Nothing in a result depends on it.
public final class RunProgress: Sendable {
    public struct Reading: Sendable {
        /// "reading", "policies", "KPIs", …
        public var phase: String
        /// What `done` and `total` count: "bytes", "rows", "KPIs".
        public var unit: String
        public var done: Int64
        public var total: Int64
        /// Seconds since the phase began (monotonic).
        public var seconds: Double
    }

    private struct Current {
        var phase = ""
        var unit = ""
        var done: Int64 = 0
        var total: Int64 = 0
        var began = ContinuousClock.now
    }

    private let current = Mutex(Current())

    public init() {}

    /// Starts a phase of `total` units.
    public func begin(_ phase: String, total: Int64, unit: String) {
        current.withLock { $0 = Current(phase: phase, unit: unit, done: 0, total: total, began: .now) }
    }

    public func advance(by units: Int64) {
        current.withLock { $0.done += units }
    }

    public var reading: Reading {
        current.withLock { c in
            let elapsed = ContinuousClock.now - c.began
            return Reading(phase: c.phase, unit: c.unit, done: c.done, total: c.total,
                           seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
        }
    }
}
