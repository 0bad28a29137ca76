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
    mutating func consume(_ output: ChunkOutput, chunkEnd: Int, reparse: (Int, Int) -> ChunkOutput) {
        var output = output
        if output.start != expected {
            output.free()
            guard expected < chunkEnd else { return }
            output = reparse(expected, chunkEnd)
        }
        output.rebase(firstLine: line)
        builder.append(Array(output.columns), slots: slots, file: fileIndex, lines: output.lines)
        account.rows += output.rows
        account.accepted += output.accepted
        account.rejected += output.rejects.count
        account.fieldIssues += output.issues.count
        rejects += output.rejects
        issues += output.issues
        expected = output.end
        line += output.lineFeeds
        output.free()
    }
}
