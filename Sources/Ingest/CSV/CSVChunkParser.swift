/// Parses the CSV records that start in one chunk into typed rows and accounted problems.
///
/// Structural failures are rejected here: a wrong field count or text after a closing quote
/// rejects the record; an unterminated quote or an over-long record rejects every physical line
/// it spans, then reading resumes at the next line.
struct CSVChunkParser: @unchecked Sendable {
    let plan: ReadPlan
    let scanner: CSVScanner

    init(plan: ReadPlan, file: MappedFile) {
        self.plan = plan
        scanner = CSVScanner(base: file.base, fileEnd: file.count, width: plan.columns.count,
                             maxRecordBytes: plan.maxRecordBytes)
    }

    /// Parses records starting in `start ..< end`; the last one may run past `end`.
    func parse(start: Int, end: Int, pool: OutputPool) -> ChunkOutput {
        var out = pool.take(start: start)
        var converter = RowConverter(plan: plan)
        defer { converter.free() }
        let width = plan.columns.count
        // Records are scanned into a block and converted a block at a time; anything else
        // (a reject found while scanning) converts the block first, so output stays in order.
        var block = RecordBlock(width: width)
        defer { block.free() }
        func flush() {
            converter.commitBlock(block, into: &out)
            block.clear()
        }
        let b = scanner.base
        let fileEnd = scanner.fileEnd
        var pos = start, line = 0
        var window = ScanWindow()
        while pos < end, pos < fileEnd {
            // Blank lines are not records.
            if b[pos] == 10 { pos += 1; line += 1; continue }
            if b[pos] == 13, pos + 1 < fileEnd, b[pos + 1] == 10 { pos += 2; line += 1; continue }
            let recordStart = pos, recordLine = line
            var recordEnd = pos, highBytes = false
            let spans = block.nextSpans
            let outcome = scanner.scan(pos: &pos, line: &line, recordEnd: &recordEnd, spans: spans,
                                       highBytes: &highBytes, window: &window)
            let record = UnsafeBufferPointer(start: b + recordStart, count: recordEnd - recordStart)
            if case .record(let fields) = outcome, fields == width,
               !highBytes || firstInvalidUTF8(spans, record) == nil {
                block.add(line: recordLine, record: record)
                if block.isFull { flush() }
                continue
            }
            flush()
            switch outcome {
            case .record(let fields) where fields == width:
                let position = firstInvalidUTF8(spans, record) ?? 0
                converter.reject(out: &out, line: recordLine, column: plan.columns[position].name,
                                 reason: "invalid UTF-8", record: record)
            case .record(let fields):
                let column = fields < width ? plan.columns[fields].name : ""
                converter.reject(out: &out, line: recordLine, column: column,
                                 reason: "expected \(width) fields, found \(fields)", record: record)
            case .textAfterQuote(let column):
                converter.reject(out: &out, line: recordLine, column: name(column),
                                 reason: "text after the closing quote", record: record)
            case .unterminatedQuote(let column):
                rejectLines(record, firstLine: recordLine, column: name(column),
                            reason: "unterminated quote", into: &out)
            case .overlong:
                rejectLines(record, firstLine: recordLine, column: "",
                            reason: "record longer than \(plan.maxRecordBytes) bytes (--max-record-bytes)", into: &out)
            }
        }
        flush()
        out.end = pos
        out.lineFeeds = line
        return out
    }

    /// The first field that is not valid UTF-8, if any. The record is checked whole first:
    /// fields are split at ASCII bytes, which never occur inside a multi-byte sequence, so a
    /// valid record has only valid fields.
    private func firstInvalidUTF8(_ spans: UnsafeMutableBufferPointer<FieldSpan>, _ record: UnsafeBufferPointer<UInt8>) -> Int? {
        if let start = record.baseAddress, UTF8Validation.isValid(start, record.count) { return nil }
        for position in 0..<plan.columns.count {
            let span = spans[position]
            if let start = span.start, !UTF8Validation.isValid(start, span.length) { return position }
        }
        return nil
    }

    private func name(_ column: Int) -> String {
        column < plan.columns.count ? plan.columns[column].name : ""
    }

    /// Rejects each physical line of `record` separately, verbatim.
    private func rejectLines(_ record: UnsafeBufferPointer<UInt8>, firstLine: Int, column: String,
                             reason: String, into out: inout ChunkOutput) {
        var lineStart = 0
        var line = firstLine
        var i = 0
        while i <= record.count {
            if i == record.count || record[i] == 10 {
                var lineEnd = i
                if lineEnd > lineStart, record[lineEnd - 1] == 13 { lineEnd -= 1 }
                if i < record.count || lineEnd > lineStart || line == firstLine {
                    out.rejects.append(RowProblem(file: plan.file, line: line, column: column, reason: reason,
                                                  record: Array(record[lineStart..<lineEnd])))
                    out.rows += 1
                }
                line += 1
                lineStart = i + 1
            }
            i += 1
        }
    }
}
