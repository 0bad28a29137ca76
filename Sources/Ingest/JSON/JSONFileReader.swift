import DataModel

/// Reads one JSON input — an array of objects or NDJSON, told apart by the first byte — into a
/// dataset's builder, in parallel chunks merged in order, hashing the same mapped bytes.
enum JSONFileReader {
    static func read(_ input: InputFile, digest: InputDigests.Input, into builder: TableBuilder,
                     options: IngestOptions) throws(IngestError)
        -> (account: FileAccount, rejects: [RowProblem], issues: [RowProblem]) {
        let file = try digest.file()
        var account = FileAccount(dataset: input.dataset, file: input.path, format: input.format)
        account.bytes = file.count
        let b = file.base
        var pos = 0
        if file.count >= 3, b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF { pos = 3 }
        var line = 1
        let scanner = JSONScanner(base: b, end: file.count)
        var probe = pos, probeLine = line
        scanner.skipWhitespace(&probe, &probeLine)
        let mode: JSONChunkParser.Mode
        if probe >= file.count {
            mode = .lines
        } else if b[probe] == 91 {
            mode = .array
            // The first element starts after '[' and whitespace: chunk starts are normalized so.
            pos = probe + 1
            line = probeLine
            scanner.skipWhitespace(&pos, &line)
        } else if b[probe] == 123 {
            mode = .lines
        } else {
            throw .notJSONRecords(file: input.path, line: probeLine, column: 1)
        }
        let spec = builder.spec
        let names = spec.fields.map(\.name)
        let plan = ReadPlan(file: input.path, dataset: spec, headers: names, maxRecordBytes: options.maxRecordBytes)
        let (fileIndex, _) = builder.addFile(input.path, headers: [])
        let parser = JSONChunkParser(plan: plan, file: file, mode: mode)
        let starts = mode == .array
            ? ChunkBoundaries.elementStarts(file, from: pos, chunkBytes: options.chunkBytes)
            : ChunkBoundaries.lineStarts(file, from: pos, chunkBytes: options.chunkBytes)
        var merger = ChunkMerger(builder: builder, slots: [], fileIndex: fileIndex, account: account,
                                 dataStart: pos, line: line)
        merger.jsonNames = names
        ChunkedRead.run(file: file, headerEnd: pos, starts: starts, jobs: options.jobs, progress: options.progress, plan: plan,
                        digest: digest, merger: &merger) {
            parser.parse(start: $0, end: $1, pool: $2)
        }
        if let column = merger.overflow { throw .columnTooLarge(file: input.path, column: column) }
        account = merger.account
        account.sha256 = digest.finish()
        if account.rows > 0 {
            for (position, field) in spec.fields.enumerated() where field.required {
                if position >= merger.seenFields.count || !merger.seenFields[position] {
                    throw .missingRequiredColumn(file: input.path, dataset: spec.name, column: field.name)
                }
            }
        }
        return (account, merger.rejects, merger.issues)
    }
}
