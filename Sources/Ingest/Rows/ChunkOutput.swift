import DataModel

/// What parsing one chunk produced: typed rows laid out like the file's header, the start line
/// of each row and every problem, with lines relative to the chunk's first line (0-based) until
/// the merge knows where the chunk starts.
struct ChunkOutput: @unchecked Sendable {
    /// One per header position; owned here until `free()` or handed to a `TableBuilder` copy.
    var columns: UnsafeMutableBufferPointer<ColumnData>
    var lines = RawVec<Int32>()
    var rejects: [RowProblem] = []
    var issues: [RowProblem] = []
    /// Rows seen: accepted + rejected (a multi-line reject counts each physical line).
    var rows = 0
    /// Line feeds consumed between `start` and `end`.
    var lineFeeds = 0
    /// Byte range parsed: the chunk's first record start and the position after its last record.
    var start = 0
    var end = 0
    /// JSON only: which canonical fields appeared in some object of the chunk, and the chunk's
    /// extra keys with their text columns (one value per accepted row).
    var seenFields: [Bool] = []
    var extraNames: [[UInt8]] = []
    var extraColumns: [ColumnData] = []

    init(plan: ReadPlan, start: Int) {
        columns = .allocate(capacity: plan.columns.count)
        for (i, column) in plan.columns.enumerated() {
            (columns.baseAddress! + i).initialize(to: ColumnData(kind: column.type.storage))
        }
        self.start = start
        self.end = start
    }

    var accepted: Int { lines.count }

    mutating func free() {
        for i in columns.indices { columns[i].free() }
        columns.deallocate()
        columns = UnsafeMutableBufferPointer(start: nil, count: 0)
        lines.free()
        dropExtras()
    }

    /// Empties the output for another chunk, keeping its buffers' capacity (no new page faults).
    mutating func reset(start: Int) {
        for i in columns.indices { columns[i].truncate(rows: 0) }
        lines.truncate(to: 0)
        rejects.removeAll(keepingCapacity: true)
        issues.removeAll(keepingCapacity: true)
        rows = 0
        lineFeeds = 0
        self.start = start
        end = start
        for i in seenFields.indices { seenFields[i] = false }
        dropExtras()
    }

    mutating func dropExtras() {
        for i in extraColumns.indices { extraColumns[i].free() }
        extraColumns.removeAll()
        extraNames.removeAll()
    }

    /// Shifts relative lines to absolute ones once the chunk's first line is known.
    mutating func rebase(firstLine: Int) {
        let delta = Int32(firstLine)
        for i in 0..<lines.count { lines[i] += delta }
        for i in rejects.indices { rejects[i].line += firstLine }
        for i in issues.indices { issues[i].line += firstLine }
    }
}
