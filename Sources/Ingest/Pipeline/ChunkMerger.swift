import DataModel

/// Folds chunk outputs, in chunk order, into a dataset's `TableBuilder` and the file's accounting.
///
/// It also owns the chain check that makes speculative chunking exact: a chunk is only valid if
/// it starts where the previous one ended; otherwise (a quoted line break or a recovery crossed
/// the boundary) it is parsed again from the right place on this thread.
struct ChunkMerger {
    let builder: TableBuilder
    let slots: [Int]
    let fileIndex: UInt16
    var account: FileAccount
    var rejects: [RowProblem] = []
    var issues: [RowProblem] = []
    /// Where the next chunk must start, and the physical line there (1-based).
    var expected: Int
    var line: Int
    /// JSON: column names by position, to place each chunk's seen fields and extra keys.
    var jsonNames: [String]? = nil
    /// A column whose arena would pass 4 GiB: reading stops and the reader reports it.
    var overflow: String? = nil
    /// JSON: canonical fields seen in any chunk so far.
    var seenFields: [Bool] = []

    init(builder: TableBuilder, slots: [Int], fileIndex: UInt16, account: FileAccount, dataStart: Int, line: Int) {
        self.builder = builder
        self.slots = slots
        self.fileIndex = fileIndex
        self.account = account
        self.expected = dataStart
        self.line = line
    }

    /// Consumes one chunk parsed speculatively from `start` to `end`; `reparse` parses again
    /// from the true start when the chain is broken.
    mutating func consume(_ output: ChunkOutput, chunkEnd: Int, pool: OutputPool, reparse: (Int, Int) -> ChunkOutput) {
        var output = output
        guard overflow == nil else { pool.give(output); return }
        if output.start != expected {
            pool.give(output)
            guard expected < chunkEnd else { return }
            output = reparse(expected, chunkEnd)
            account.reparsedChunks += 1
        }
        output.rebase(firstLine: line)
        if let names = jsonNames {
            var columns: [ColumnData] = [], targets: [Int] = []
            if seenFields.isEmpty { seenFields = Array(repeating: false, count: names.count) }
            for (position, seen) in output.seenFields.enumerated() where seen {
                seenFields[position] = true
                columns.append(output.columns[position])
                targets.append(builder.slot(for: names[position]))
            }
            for (i, name) in output.extraNames.enumerated() {
                columns.append(output.extraColumns[i])
                targets.append(builder.slot(for: String(decoding: name, as: UTF8.self)))
            }
            overflow = builder.overflowingColumn(columns, slots: targets)
            if overflow == nil { builder.append(columns, slots: targets, file: fileIndex, lines: output.lines) }
        } else {
            let columns = Array(output.columns)
            overflow = builder.overflowingColumn(columns, slots: slots)
            if overflow == nil { builder.append(columns, slots: slots, file: fileIndex, lines: output.lines) }
        }
        guard overflow == nil else { pool.give(output); return }
        account.rows += output.rows
        account.accepted += output.accepted
        account.rejected += output.rejects.count
        account.fieldIssues += output.issues.count
        rejects += output.rejects
        issues += output.issues
        expected = output.end
        line += output.lineFeeds
        pool.give(output)
    }
}
