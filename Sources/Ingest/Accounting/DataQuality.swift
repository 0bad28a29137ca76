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

extension DataQuality {
    /// Field issues of `dataset` found after reading (a `field{}` type a value does not fit):
    /// listed in file and line order with the others, and counted in their file's account (a
    /// file that feeds several datasets has one account each).
    public mutating func add(fieldIssues issues: [RowProblem], dataset: String) {
        guard !issues.isEmpty else { return }
        fieldIssues = (fieldIssues + issues).sorted(by: RowProblem.ordered)
        for issue in issues {
            if let i = inputs.firstIndex(where: { $0.file == issue.file && $0.dataset == dataset }) { inputs[i].fieldIssues += 1 }
        }
    }
}
