/// A rejected row or a field issue: where it is and why.
public struct RowProblem: Sendable, Equatable {
    public var file: String
    /// The physical line (1-based; the header is line 1).
    public var line: Int
    /// The column's header; empty when the problem is the whole record.
    public var column: String
    public var reason: String
    /// For a rejected row, the physical line or record verbatim; for a field issue, the value.
    public var record: [UInt8]

    public init(file: String, line: Int, column: String, reason: String, record: [UInt8] = []) {
        self.file = file
        self.line = line
        self.column = column
        self.reason = reason
        self.record = record
    }

    /// Sort order of SPEC section 6: by file, then line (then column, for stability).
    public static func ordered(_ a: RowProblem, _ b: RowProblem) -> Bool {
        if a.file != b.file { return a.file < b.file }
        if a.line != b.line { return a.line < b.line }
        return a.column < b.column
    }
}
