import Testing
@testable import DataModel
@testable import Ingest

/// Converting records a block at a time, column by column, must give exactly what converting
/// them one at a time gives: values, presence flags, lines, rejects and field issues, wherever
/// a bad value falls relative to the blocks.
@Suite struct BlockConversionTests {
    /// Values put in place of a field: bad for its type, missing, or bytes that are not UTF-8.
    static let replacements: [[UInt8]] = [
        [], Array("not-a-date".utf8), Array("2025-02-30".utf8), Array("12.345".utf8), Array("x".utf8),
        Array("  ".utf8), Array("2025-01-02T25:00:00".utf8), [0xC3], Array("\"\"".utf8), Array("7".utf8),
        // Valid once trimmed: the block's parsed-integer path must leave them to the value loop.
        Array(" 12.50".utf8), Array("2025-03-04\t".utf8), Array(" 2025-03-04T05:06:07 ".utf8),
        // Lists with blanks and empty items (and, elsewhere, odd text).
        Array(" 25 ; ;99 ".utf8), Array(";;".utf8),
    ]

    /// Sample charges (quoted fields, CRLF, lists, multi-byte text) or encounters (booleans,
    /// blanks) with `mutations` fields replaced.
    func input(_ dataset: String, rows: Int, mutations: Int, seed: UInt64) -> [UInt8] {
        var random = SeededRandom(seed: seed)
        let sample = dataset == "charges" ? SampleCSV.charges(rows: rows, seed: seed) : SampleCSV.encounters(rows: rows, seed: seed)
        let lines = sample.split(separator: 10, omittingEmptySubsequences: false).map(Array.init)
        var out = lines[0] + [10]
        var i = 1
        while i < lines.count {
            var line = lines[i]
            // Lines with quotes (maybe part of a multi-line record) and CRLF lines stay as
            // written; about a third of the lines are, so the others change three times as often.
            if random.next() % UInt64(rows) < UInt64(3 * mutations), !line.isEmpty, !line.contains(34), line.last != 13 {
                var fields = line.split(separator: 44, omittingEmptySubsequences: false).map(Array.init)
                let field = Int(random.next() % UInt64(fields.count))
                fields[field] = Self.replacements[Int(random.next() % UInt64(Self.replacements.count))]
                line = Array(fields.joined(separator: [44]))
            }
            out += line
            if i < lines.count - 1 { out.append(10) }
            i += 1
        }
        return out
    }

    /// The reference: each record scanned and committed alone, as before blocks.
    func rowByRow(_ plan: ReadPlan, _ file: MappedFile, from start: Int) -> ChunkOutput {
        let width = plan.columns.count
        let scanner = CSVScanner(base: file.base, fileEnd: file.count, width: width, maxRecordBytes: plan.maxRecordBytes)
        var out = ChunkOutput(plan: plan, start: start)
        var converter = RowConverter(plan: plan)
        defer { converter.free() }
        let spans = UnsafeMutableBufferPointer<FieldSpan>.allocate(capacity: width)
        defer { spans.deallocate() }
        var pos = start, line = 0
        while pos < file.count {
            if file.base[pos] == 10 { pos += 1; line += 1; continue }
            let recordStart = pos, recordLine = line
            var recordEnd = pos, highBytes = false
            let outcome = scanner.scan(pos: &pos, line: &line, recordEnd: &recordEnd, spans: spans, highBytes: &highBytes)
            let record = UnsafeBufferPointer(start: file.base + recordStart, count: recordEnd - recordStart)
            guard case .record(let fields) = outcome, fields == width else {
                Issue.record("unexpected outcome \(outcome) on line \(recordLine)")
                continue
            }
            let bad = (0..<width).first { position in
                guard let start = spans[position].start else { return false }
                return !UTF8Validation.isValid(start, spans[position].length)
            }
            if highBytes, let bad {
                converter.reject(out: &out, line: recordLine, column: plan.columns[bad].name, reason: "invalid UTF-8", record: record)
            } else {
                converter.commit(spans, line: recordLine, record: record, into: &out, utf8Checked: true)
            }
        }
        out.end = pos
        out.lineFeeds = line
        return out
    }

    func same(_ a: ColumnData, _ b: ColumnData) -> Bool {
        a.kind == b.kind && a.count == b.count && a.hasPresenceFlags == b.hasPresenceFlags
            && Array(a.presence.buffer) == Array(b.presence.buffer) && Array(a.int64.buffer) == Array(b.int64.buffer)
            && Array(a.int32.buffer) == Array(b.int32.buffer) && Array(a.offsets.buffer) == Array(b.offsets.buffer)
            && Array(a.itemOffsets.buffer) == Array(b.itemOffsets.buffer) && Array(a.bytes.buffer) == Array(b.bytes.buffer)
            && Array(a.uint8.buffer) == Array(b.uint8.buffer) && a.double.buffer.elementsEqual(b.double.buffer) { $0.bitPattern == $1.bitPattern }
    }

    @Test(arguments: ["charges", "encounters"], [(200, 0), (200, 1), (300, 5), (500, 40), (130, 130)] as [(Int, Int)])
    func blocksConvertAsRowsDo(dataset: String, shape: (rows: Int, mutations: Int)) throws {
        let (rows, mutations) = shape
        let fileName = dataset + ".csv"
        for seed in 1...6 as ClosedRange<UInt64> {
            let bytes = input(dataset, rows: rows, mutations: mutations, seed: seed &* 31 &+ UInt64(rows))
            let file = MappedFile(path: fileName, bytes: bytes)
            var headerEnd = 0
            while bytes[headerEnd] != 10 { headerEnd += 1 }
            headerEnd += 1
            let headers = String(decoding: bytes[..<(headerEnd - 1)], as: UTF8.self).split(separator: ",").map(String.init)
            let plan = ReadPlan(file: fileName, dataset: Schema.dataset(named: dataset)!, headers: headers,
                                maxRecordBytes: 1 << 20)
            let pool = OutputPool(plan: plan)
            defer { pool.drain() }
            var blocks = CSVChunkParser(plan: plan, file: file).parse(start: headerEnd, end: bytes.count, pool: pool)
            var rowsAlone = rowByRow(plan, file, from: headerEnd)
            defer { blocks.free(); rowsAlone.free() }
            #expect(Array(blocks.lines.buffer) == Array(rowsAlone.lines.buffer))
            #expect((blocks.rows, blocks.end, blocks.lineFeeds) == (rowsAlone.rows, rowsAlone.end, rowsAlone.lineFeeds))
            #expect(blocks.rejects.map { "\($0.line) \($0.column) \($0.reason)" } == rowsAlone.rejects.map { "\($0.line) \($0.column) \($0.reason)" })
            #expect(blocks.issues.map { "\($0.line) \($0.column) \($0.reason)" } == rowsAlone.issues.map { "\($0.line) \($0.column) \($0.reason)" })
            for i in 0..<plan.columns.count {
                #expect(same(blocks.columns[i], rowsAlone.columns[i]), "column \(plan.columns[i].name), seed \(seed)")
            }
            // Enough changed values give both kinds of problem (an issue needs a bad optional value: `units`, `auth_required`, `scheduled_at`).
            if mutations >= 40 { #expect(!blocks.rejects.isEmpty && !blocks.issues.isEmpty) }
        }
    }

    /// Blocks whose list values are all empty (no items at all; a file of one row makes the
    /// first block one row long) give missing rows.
    @Test(arguments: [1, 129]) func listsWithoutAnyItem(rows: Int) throws {
        let dir = TempDir()
        var csv = "charge_id,encounter_id,service_date,posted_at,amount,modifiers,dx_codes\n"
        for row in 0..<rows { csv += "C\(row),E1,2025-01-01,2025-01-02T10:00:00,1.00,,\(row < 100 ? " ; " : "I10;E11.9")\n" }
        dir.write("charges.csv", csv)
        let charges = try Ingestor.read(paths: [dir.path]).table("charges")
        let modifiers = try #require(charges.column("modifiers")), dx = try #require(charges.column("dx_codes"))
        #expect((0..<rows).allSatisfy { !modifiers.isPresent($0) })
        #expect((0..<rows).map { dx.list($0) } == (0..<rows).map { $0 < 100 ? [] : ["I10", "E11.9"] })
        #expect((0..<rows).map { dx.isPresent($0) } == (0..<rows).map { $0 >= 100 })
    }
}
