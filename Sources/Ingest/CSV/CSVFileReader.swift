import DataModel

/// Reads one canonical CSV file into a dataset's builder: header, chunks in parallel, merge in
/// order, and the file's SHA-256 over the same mapped bytes.
enum CSVFileReader {
    /// `digest` hashes `file` as it is read (nil for bytes made in memory).
    static func read(_ input: InputFile, file: MappedFile, digest: InputDigests.Input?, into builder: TableBuilder,
                     options: IngestOptions) throws(IngestError)
        -> (account: FileAccount, rejects: [RowProblem], issues: [RowProblem]) {
        var account = FileAccount(dataset: input.dataset, file: input.path, format: .csv)
        account.bytes = file.count
        let b = file.base
        var pos = 0
        if file.count >= 3, b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF { pos = 3 }
        var line = 1
        while pos < file.count, b[pos] == 10 || b[pos] == 13 {
            if b[pos] == 10 { line += 1 }
            pos += 1
        }
        let headerLine = line
        let headers = try readHeader(file, pos: &pos, line: &line, options: options, path: input.path)
        let spec = builder.spec
        try ReadPlan.validate(headers: headers, file: input.path, dataset: spec, line: headerLine)
        let plan = ReadPlan(file: input.path, dataset: spec, headers: headers, maxRecordBytes: options.maxRecordBytes)
        let (fileIndex, slots) = builder.addFile(input.path, headers: headers)
        let parser = CSVChunkParser(plan: plan, file: file)
        let starts = ChunkBoundaries.lineStarts(file, from: pos, chunkBytes: options.chunkBytes)
        var merger = ChunkMerger(builder: builder, slots: slots, fileIndex: fileIndex, account: account,
                                 dataStart: pos, line: line)
        ChunkedRead.run(file: file, headerEnd: pos, starts: starts, jobs: options.jobs, progress: options.progress, plan: plan,
                        digest: digest, merger: &merger) {
            parser.parse(start: $0, end: $1, pool: $2)
        }
        if let column = merger.overflow { throw .columnTooLarge(file: input.path, column: column) }
        account = merger.account
        account.sha256 = digest?.finish() ?? ""
        return (account, merger.rejects, merger.issues)
    }

    /// The header's column names: BOM already skipped, each trimmed, quotes undone.
    static func readHeader(_ file: MappedFile, pos: inout Int, line: inout Int, options: IngestOptions,
                           path: String) throws(IngestError) -> [String] {
        guard pos < file.count else { return [] }
        let width = 4096
        let spans = UnsafeMutableBufferPointer<FieldSpan>.allocate(capacity: width)
        defer { spans.deallocate() }
        let scanner = CSVScanner(base: file.base, fileEnd: file.count, width: width, maxRecordBytes: options.maxRecordBytes)
        var recordEnd = pos
        let startLine = line
        var highBytes = false
        guard case .record(let fields) = scanner.scan(pos: &pos, line: &line, recordEnd: &recordEnd, spans: spans,
                                                      highBytes: &highBytes),
              fields <= width else {
            throw .unreadable(file: path, reason: "the header on line \(startLine) is not a valid CSV record")
        }
        return (0..<fields).map { i in
            let span = spans[i]
            var text = String(decoding: UnsafeBufferPointer(start: span.start, count: span.length), as: UTF8.self)
            if span.shape == .csvEscaped { text = text.replacingOccurrences(of: "\"\"", with: "\"") }
            return text.trimmingCharacters(in: .whitespaces)
        }
    }
}

import Foundation
