/// The limits a sandboxed state lives under. They come from the command line, never from a pack.
public struct SandboxLimits: Sendable, Equatable {
    /// Bytes the state's allocator may hand out in total (SPEC default: 256 MiB).
    public var memoryBytes: Int
    /// Instructions (and library/matcher steps) one callback may use (SPEC default: 10 million).
    public var instructionsPerCall: Int64
    /// Loading a script may use this many times a callback's budget (SPEC: ten).
    public var loadMultiplier: Int64
    /// Bytes of print/log output the state may produce before further lines are dropped.
    public var outputBytes: Int
    /// Monotonic deadline for everything the state runs, in nanoseconds (`--timeout`); nil: none.
    public var deadlineNanoseconds: Int64?

    public init(
        memoryBytes: Int = 256 << 20,
        instructionsPerCall: Int64 = 10_000_000,
        loadMultiplier: Int64 = 10,
        outputBytes: Int = 1 << 20,
        deadlineNanoseconds: Int64? = nil
    ) {
        self.memoryBytes = memoryBytes
        self.instructionsPerCall = instructionsPerCall
        self.loadMultiplier = loadMultiplier
        self.outputBytes = outputBytes
        self.deadlineNanoseconds = deadlineNanoseconds
    }

    /// A deadline `seconds` from now on the monotonic clock the hook reads.
    public static func deadline(secondsFromNow seconds: Double) -> Int64 {
        MonotonicClock.nowNanoseconds + Int64(seconds * 1_000_000_000)
    }

    public var loadBudget: Int64 { instructionsPerCall * loadMultiplier }
}
