/// One input file's accounting: rows = accepted + filtered + rejected.
public struct FileAccount: Sendable, Equatable {
    public var dataset: String
    public var file: String
    public var format: InputFormat
    public var sha256: String = ""
    public var bytes: Int = 0
    public var rows = 0
    public var accepted = 0
    /// Rows a mapping's `where` excluded (always 0 without mappings).
    public var filtered = 0
    public var rejected = 0
    public var fieldIssues = 0
    /// Wall time spent reading this file (for benchmarks; not part of any report).
    public var seconds: Double = 0
    /// Chunks parsed again because a record crossed their start (diagnostics, not reported).
    public var reparsedChunks = 0

    public init(dataset: String, file: String, format: InputFormat) {
        self.dataset = dataset
        self.file = file
        self.format = format
    }

    public var rejectRate: Double { rows == 0 ? 0 : Double(rejected) / Double(rows) }

    public var balances: Bool { rows == accepted + filtered + rejected }
}
