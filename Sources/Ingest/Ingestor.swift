import DataModel
import Foundation

/// What reading produced: the tables with their relations, and the accounting of every row.
public struct IngestResult: Sendable {
    public let store: DataStore
    public internal(set) var quality: DataQuality
    /// `field{}` extras typed after reading, by dataset then name (see `typing(_:)`).
    public internal(set) var typedExtras: [String: [String: Column]] = [:]
    /// Dataset → file → the mapping that read it, so later field issues name the export's column.
    var mappedFiles: [String: [String: (mapping: String, plan: DatasetMapping)]] = [:]
    /// Seconds spent per phase after reading files (sealing each table, relations), for benchmarks.
    public var phases: [(name: String, seconds: Double)] = []
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
        func account(_ read: (account: FileAccount, rejects: [RowProblem], issues: [RowProblem]), since started: Double) {
            var account = read.account
            account.seconds = MonotonicClock.now() - started
            quality.inputs.append(account)
            quality.rejected += read.rejects
            quality.fieldIssues += read.issues
        }
        // A table seals (id index, repeated ids, dictionary encoding) as soon as the last file of
        // its dataset is read: its text columns shrink before the next files grow theirs, which
        // lowers peak memory. With several jobs it seals on another thread meanwhile. Each table
        // seals alone, so the results never depend on when.
        var lastRead: [String: Int] = [:]
        for (i, dataset) in (files.map(\.dataset) + mapped.map(\.dataset)).enumerated() { lastRead[dataset] = i }
        let sealed = SealSlots()
        let sealing = DispatchGroup()
        defer { sealing.wait() }
        func seal(after read: Int, dataset: String) {
            guard lastRead[dataset] == read, let i = builders.firstIndex(where: { $0.0 == dataset }) else { return }
            let builder = builders[i].1
            if options.jobs > 1 {
                DispatchQueue.global().async(group: sealing) { sealed.set(i, builder.seal()) }
            } else {
                sealed.set(i, builder.seal())
            }
        }
        options.progress?.begin("reading", total: (files.map(\.path) + mapped.map(\.path)).reduce(0) { $0 + fileSize($1) }, unit: "bytes")
        let digests = InputDigests(paths: files.map(\.path))
        for (i, input) in files.enumerated() {
            let started = MonotonicClock.now()
            account(try FileReader.read(input, digest: digests.input(i), into: builder(for: input.dataset), options: options),
                    since: started)
            seal(after: i, dataset: input.dataset)
        }
        // Datasets a mapping names are never read canonically, so these fill builders of their own.
        for (i, input) in mapped.enumerated() {
            let started = MonotonicClock.now()
            account(try MappedFileReader.read(input, into: builder(for: input.dataset), options: options, transformer: transformer),
                    since: started)
            options.progress?.advance(by: fileSize(input.path))
            seal(after: files.count + i, dataset: input.dataset)
        }
        // "seal": waiting for the tables still sealing once every file is read.
        var phases: [(name: String, seconds: Double)] = []
        let sealStarted = MonotonicClock.now()
        sealing.wait()
        var tables: [Table] = []
        for (table, duplicates) in sealed.values(count: builders.count) {
            tables.append(table)
            record(duplicates, of: table, in: &quality)
        }
        phases.append(("seal", MonotonicClock.now() - sealStarted))
        let started = MonotonicClock.now()
        let store = DataStore(tables: tables, jobs: options.jobs)
        phases.append(("relations", MonotonicClock.now() - started))
        quality.referentialGaps = store.relations.filter { $0.gapRows > 0 }.map {
            ReferentialGap(dataset: $0.relation.dataset, field: $0.relation.field, target: $0.relation.target,
                           rows: $0.gapRows, examples: $0.gapExamples)
        }
        quality.rejected.sort(by: RowProblem.ordered)
        quality.fieldIssues.sort(by: RowProblem.ordered)
        var result = IngestResult(store: store, quality: quality, phases: phases)
        for input in mapped {
            result.mappedFiles[input.dataset, default: [:]][input.path] = (input.mapping.id, input.mapping.datasets[input.dataset]!)
        }
        return result
    }

    /// Moves rows dropped as repeated ids from accepted to rejected, with their lines verbatim.
    static func record(_ duplicates: [TableBuilder.Duplicate], of table: Table, in quality: inout DataQuality) {
        guard !duplicates.isEmpty else { return }
        let column = table.spec.idField ?? ""
        var byFile: [String: [Int]] = [:]
        for duplicate in duplicates { byFile[duplicate.file, default: []].append(duplicate.line) }
        var texts: [String: [Int: [UInt8]]] = [:]
        for (file, lines) in byFile { texts[file] = LineFetcher.lines(file, Set(lines)) }
        var dropped = Set<String>()
        for duplicate in duplicates {
            quality.rejected.append(RowProblem(
                file: duplicate.file, line: duplicate.line, column: column,
                reason: "duplicate of \(duplicate.firstFile) line \(duplicate.firstLine)",
                record: texts[duplicate.file]?[duplicate.line] ?? []))
            dropped.insert("\(duplicate.line):\(duplicate.file)")
            if let i = quality.inputs.firstIndex(where: { $0.file == duplicate.file && $0.dataset == table.name }) {
                quality.inputs[i].accepted -= 1
                quality.inputs[i].rejected += 1
            }
        }
        // A rejected row has no field issues of its own any more.
        var removed: [String: Int] = [:]
        quality.fieldIssues.removeAll { issue in
            guard dropped.contains("\(issue.line):\(issue.file)") else { return false }
            removed[issue.file, default: 0] += 1
            return true
        }
        for (file, count) in removed {
            if let i = quality.inputs.firstIndex(where: { $0.file == file && $0.dataset == table.name }) {
                quality.inputs[i].fieldIssues -= count
            }
        }
    }
}

/// Sealed tables written by index from several threads.
final class SealSlots: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [Int: (Table, [TableBuilder.Duplicate])] = [:]

    func set(_ index: Int, _ value: (Table, [TableBuilder.Duplicate])) {
        lock.lock()
        items[index] = value
        lock.unlock()
    }

    /// Every table in index order; all `count` must be set.
    func values(count: Int) -> [(Table, [TableBuilder.Duplicate])] {
        lock.lock()
        defer { lock.unlock() }
        return (0..<count).map { items[$0]! }
    }
}

/// Dispatches a file to the reader of its format.
enum FileReader {
    static func read(_ input: InputFile, digest: InputDigests.Input, into builder: TableBuilder,
                     options: IngestOptions) throws(IngestError) -> (account: FileAccount, rejects: [RowProblem], issues: [RowProblem]) {
        switch input.format {
        case .csv: return try CSVFileReader.read(input, file: digest.file(), digest: digest, into: builder, options: options)
        case .json, .ndjson: return try JSONFileReader.read(input, digest: digest, into: builder, options: options)
        }
    }
}

/// A file's size in bytes (0 when it cannot be read: the reader reports that itself).
private func fileSize(_ path: String) -> Int64 {
    var info = stat()
    return stat(path, &info) == 0 ? Int64(info.st_size) : 0
}
