import DataModel

/// What reading produced: the tables with their relations, and the accounting of every row.
public struct IngestResult: Sendable {
    public let store: DataStore
    public let quality: DataQuality
}

/// The one entry point: discover inputs, read each file, drop repeated ids, index relations,
/// report referential gaps. Reject-rate limits are the caller's decision (`validate` prints the
/// report first); structural input errors (duplicate header, missing required column) throw.
public enum Ingestor {
    public static func read(paths: [String], options: IngestOptions = IngestOptions()) throws(IngestError) -> IngestResult {
        try read(files: InputDiscovery.files(for: paths), options: options)
    }

    /// Reads `paths` with `mappings` (SPEC section 5): files a mapping's glob matches are read
    /// through it, the datasets no mapping names canonically. `transformer` runs `transform`s.
    public static func read(paths: [String], mappings: [Mapping], transformer: (any MappingTransformer)? = nil,
                            options: IngestOptions = IngestOptions()) throws(IngestError) -> IngestResult {
        guard !mappings.isEmpty else { return try read(paths: paths, options: options) }
        let (canonical, mapped) = try MappedDiscovery.split(paths: paths, mappings: mappings)
        return try read(files: canonical, mapped: mapped, transformer: transformer, options: options)
    }

    public static func read(files: [InputFile], options: IngestOptions = IngestOptions()) throws(IngestError) -> IngestResult {
        try read(files: files, mapped: [], transformer: nil, options: options)
    }

    static func read(files: [InputFile], mapped: [MappedInput], transformer: (any MappingTransformer)?,
                     options: IngestOptions) throws(IngestError) -> IngestResult {
        var quality = DataQuality()
        var builders: [(String, TableBuilder)] = []
        func builder(for dataset: String) -> TableBuilder {
            if let existing = builders.first(where: { $0.0 == dataset }) { return existing.1 }
            let made = TableBuilder(spec: Schema.dataset(named: dataset)!)
            builders.append((dataset, made))
            return made
        }
        for input in files {
            let builder = builder(for: input.dataset)
            let (account, rejects, issues) = try FileReader.read(input, into: builder, options: options)
            quality.inputs.append(account)
            quality.rejected += rejects
            quality.fieldIssues += issues
        }
        // Datasets a mapping names are never read canonically, so these fill builders of their own.
        for input in mapped {
            let builder = builder(for: input.dataset)
            let (account, rejects, issues) = try MappedFileReader.read(input, into: builder, options: options, transformer: transformer)
            quality.inputs.append(account)
            quality.rejected += rejects
            quality.fieldIssues += issues
        }
        var tables: [Table] = []
        for (_, builder) in builders {
            let (table, duplicates) = builder.seal()
            tables.append(table)
            record(duplicates, of: table, in: &quality)
        }
        let store = DataStore(tables: tables)
        quality.referentialGaps = store.relations.filter { $0.gapRows > 0 }.map {
            ReferentialGap(dataset: $0.relation.dataset, field: $0.relation.field, target: $0.relation.target,
                           rows: $0.gapRows, examples: $0.gapExamples)
        }
        quality.rejected.sort(by: RowProblem.ordered)
        quality.fieldIssues.sort(by: RowProblem.ordered)
        return IngestResult(store: store, quality: quality)
    }

    /// Moves rows dropped as repeated ids from accepted to rejected, with their lines verbatim.
    static func record(_ duplicates: [TableBuilder.Duplicate], of table: Table, in quality: inout DataQuality) {
        guard !duplicates.isEmpty else { return }
        let column = table.spec.idField ?? ""
        var byFile: [String: [Int]] = [:]
        for duplicate in duplicates { byFile[duplicate.file, default: []].append(duplicate.line) }
        var texts: [String: [Int: [UInt8]]] = [:]
        for (file, lines) in byFile { texts[file] = LineFetcher.lines(file, Set(lines)) }
        for duplicate in duplicates {
            quality.rejected.append(RowProblem(
                file: duplicate.file, line: duplicate.line, column: column,
                reason: "duplicate of \(duplicate.firstFile) line \(duplicate.firstLine)",
                record: texts[duplicate.file]?[duplicate.line] ?? []))
            // A rejected row has no field issues of its own any more.
            let before = quality.fieldIssues.count
            quality.fieldIssues.removeAll { $0.file == duplicate.file && $0.line == duplicate.line }
            if let i = quality.inputs.firstIndex(where: { $0.file == duplicate.file && $0.dataset == table.name }) {
                quality.inputs[i].accepted -= 1
                quality.inputs[i].rejected += 1
                quality.inputs[i].fieldIssues -= before - quality.fieldIssues.count
            }
        }
    }
}

/// Dispatches a file to the reader of its format.
enum FileReader {
    static func read(_ input: InputFile, into builder: TableBuilder, options: IngestOptions) throws(IngestError)
        -> (account: FileAccount, rejects: [RowProblem], issues: [RowProblem]) {
        switch input.format {
        case .csv: return try CSVFileReader.read(input, into: builder, options: options)
        case .json, .ndjson: return try JSONFileReader.read(input, into: builder, options: options)
        }
    }
}
