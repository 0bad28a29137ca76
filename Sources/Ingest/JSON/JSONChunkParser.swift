/// Parses the JSON records that start in one chunk: elements of a top-level array, or one object
/// per line (NDJSON).
///
/// A syntax error rejects that record (one row, at the line where it starts) and reading resumes
/// at the next line that can start a record. Chunk starts are normalized past whitespace and one
/// comma, so a chunk that starts between two elements begins exactly where the previous one ended.
struct JSONChunkParser: @unchecked Sendable {
    enum Mode: Sendable { case array, lines }

    let plan: ReadPlan
    let scanner: JSONScanner
    let mode: Mode

    init(plan: ReadPlan, file: MappedFile, mode: Mode) {
        self.plan = plan
        scanner = JSONScanner(base: file.base, end: file.count)
        self.mode = mode
    }

    func parse(start: Int, end: Int, pool: OutputPool) -> ChunkOutput {
        var out = pool.take(start: start)
        if out.seenFields.count != plan.columns.count {
            out.seenFields = Array(repeating: false, count: plan.columns.count)
        }
        var converter = RowConverter(plan: plan)
        var reader = JSONObjectReader(scanner: scanner, plan: plan)
        let spans = UnsafeMutableBufferPointer<FieldSpan>.allocate(capacity: max(plan.columns.count, 1))
        defer {
            converter.free()
            reader.free()
            spans.deallocate()
        }
        let b = scanner.base, fileEnd = scanner.end
        var p = start, line = 0
        if mode == .array { normalize(&p, &line) }
        // Lines consumed before the normalized start belong to the previous chunk.
        out.start = p
        line = 0
        var done = false
        while !done, p < end, p < fileEnd {
            let recordStart = p, recordLine = line
            if mode == .lines {
                scanner.skipWhitespace(&p, &line)
                if line != recordLine || p >= fileEnd { continue }
            }
            let c = b[p]
            if mode == .array, c == 93 {
                p += 1
                scanner.skipWhitespace(&p, &line)
                if p < fileEnd {
                    let record = UnsafeBufferPointer(start: b + p, count: min(fileEnd - p, 200))
                    converter.reject(out: &out, line: line, column: "", reason: "text after the closing ']'", record: record)
                    p = fileEnd
                }
                done = true
                continue
            }
            do throws(JSONScanner.Failure) {
                if mode == .lines {
                    // One object per physical line: the reader may not look past this line.
                    reader.scanner = JSONScanner(base: b, end: JSONChunkParser.lineEnd(b, from: p, fileEnd))
                }
                guard c == 123 else { throw JSONScanner.Failure(message: "expected an object", at: p) }
                try reader.read(&p, &line, spans: spans, out: &out)
                if mode == .lines {
                    while p < fileEnd, b[p] == 32 || b[p] == 9 || b[p] == 13 { p += 1 }
                    guard p >= fileEnd || b[p] == 10 else { throw JSONScanner.Failure(message: "text after the object", at: p) }
                }
                let record = UnsafeBufferPointer(start: b + recordStart, count: p - recordStart)
                if let bad = reader.extras.first(where: { $0.1.highBit && !UTF8Validation.isValid($0.1.start!, $0.1.length) }) {
                    converter.reject(out: &out, line: recordLine, column: String(decoding: out.extraNames[bad.0], as: UTF8.self),
                                     reason: "invalid UTF-8", record: record)
                    if mode == .array { normalize(&p, &line) }
                    continue
                }
                let before = out.accepted
                converter.commit(spans, line: recordLine, record: record, into: &out)
                if out.accepted > before { appendExtras(reader, &out, line: recordLine) }
                if mode == .array { normalize(&p, &line) }
            } catch {
                let lineEnd = JSONChunkParser.lineEnd(b, from: error.at, fileEnd)
                let record = UnsafeBufferPointer(start: b + recordStart, count: max(0, lineEnd - recordStart))
                converter.reject(out: &out, line: recordLine, column: "",
                                 reason: "invalid JSON: \(error.message) \(locate(error.at, recordStart))", record: record)
                resync(&p, &line, from: error.at)
                if mode == .array { normalize(&p, &line) }
            }
        }
        out.end = p
        out.lineFeeds = line
        return out
    }

    /// Skips whitespace and at most one comma: the canonical position of the next element.
    private func normalize(_ p: inout Int, _ line: inout Int) {
        scanner.skipWhitespace(&p, &line)
        if p < scanner.end, scanner.base[p] == 44 {
            p += 1
            scanner.skipWhitespace(&p, &line)
        }
    }

    /// After a syntax error: move to the next line; in an array, to the next line whose first
    /// token (after an optional comma) can start or end an element.
    private func resync(_ p: inout Int, _ line: inout Int, from at: Int) {
        let b = scanner.base, end = scanner.end
        var q = max(p, at)
        // Count the line feeds between where the parser stopped and the error position.
        var k = p
        while k < q, k < end { if b[k] == 10 { line += 1 }; k += 1 }
        while true {
            while q < end, b[q] != 10 { q += 1 }
            guard q < end else { p = end; return }
            q += 1
            line += 1
            if mode == .lines { p = q; return }
            var r = q, rLine = line
            normalize(&r, &rLine)
            if r >= end || b[r] == 123 || b[r] == 93 {
                p = q
                return
            }
        }
    }

    private static func lineEnd(_ b: UnsafePointer<UInt8>, from at: Int, _ end: Int) -> Int {
        var q = min(at, end)
        while q < end, b[q] != 10 { q += 1 }
        return q
    }

    /// Where an error is, for its message: the column on the record's line, or lines below it.
    private func locate(_ at: Int, _ recordStart: Int) -> String {
        let b = scanner.base
        let at = min(at, scanner.end)
        var q = at, below = 0
        while q > recordStart {
            if b[q - 1] == 10 { below += 1 }
            q -= 1
        }
        var lineStart = at
        while lineStart > 0, b[lineStart - 1] != 10 { lineStart -= 1 }
        let column = at - lineStart + 1
        return below == 0 ? "at column \(column)" : "at column \(column), \(below) line(s) below"
    }

    /// Extra keys of an accepted object go to their text columns; others get a missing value.
    private func appendExtras(_ reader: JSONObjectReader, _ out: inout ChunkOutput, line: Int) {
        let row = out.accepted - 1
        for (index, span) in reader.extras {
            guard out.extraColumns[index].count == row else { continue }  // repeated key: first wins
            if let start = span.start, span.length > 0, !span.highBit || UTF8Validation.isValid(start, span.length) {
                out.extraColumns[index].appendText(start, span.length)
            } else {
                out.extraColumns[index].appendMissing()
            }
        }
        for i in out.extraColumns.indices where out.extraColumns[i].count == row { out.extraColumns[i].appendMissing() }
        for position in reader.repeated {
            out.issues.append(RowProblem(file: plan.file, line: line, column: plan.columns[position].name,
                                         reason: "key given twice in one object; the first value is kept"))
        }
    }
}
