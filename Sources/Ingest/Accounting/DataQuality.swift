/// Everything reading found: SPEC section 6's `data_quality`, uncapped (writers cap lists).
public struct DataQuality: Sendable {
    public var inputs: [FileAccount] = []
    /// Sorted by file, then line.
    public var rejected: [RowProblem] = []
    /// Sorted by file, then line.
    public var fieldIssues: [RowProblem] = []
    public var referentialGaps: [ReferentialGap] = []

    public init() {}

    /// Files whose reject rate exceeds `limit`.
    public func filesOverRejectRate(_ limit: Double) -> [FileAccount] {
        inputs.filter { $0.rows > 0 && $0.rejectRate > limit }
    }
}
