/// Why reading could not go on. Each case carries what a user needs to find and fix the input;
/// `exitCode` follows SPEC section 1 (2 usage, 4 invalid data).
public enum IngestError: Error, Equatable, CustomStringConvertible, Sendable {
    /// A `--data` path that does not exist or cannot be read.
    case pathNotFound(path: String)
    /// A `--data FILE` whose base name is no dataset (`visits.csv`).
    case unknownDataset(path: String)
    /// A file type the reader does not know (`.xlsx`).
    case unsupportedFormat(path: String)
    /// The same dataset given in two formats in one directory.
    case ambiguousDataset(dataset: String, paths: [String])
    /// A header naming one column twice.
    case duplicateHeader(file: String, column: String, line: Int)
    /// A file without a column the dataset requires.
    case missingRequiredColumn(file: String, dataset: String, column: String)
    /// A file whose share of rejected rows exceeds `--max-reject-rate`.
    case rejectRateExceeded(file: String, rejected: Int, rows: Int, limit: Double)
    /// An input file that could not be opened or mapped.
    case unreadable(file: String, reason: String)
    /// An output file (such as `--rejects PATH`) that cannot be written.
    case cannotWrite(path: String, reason: String)
    /// A text column holding more than 4 GiB (the storage limit of one column).
    case columnTooLarge(file: String, column: String)
    /// A JSON input that is not an array of objects or NDJSON.
    case notJSONRecords(file: String, line: Int, column: Int)
    /// A mapping's file glob matched in none of the --data paths.
    case mappingFileNotFound(mapping: String, dataset: String, pattern: String)
    /// A column a mapping reads is not in the file's header.
    case mappingColumnMissing(mapping: String, dataset: String, file: String, column: String)

    public var exitCode: Int32 {
        switch self {
        case .pathNotFound, .unknownDataset, .unsupportedFormat, .ambiguousDataset, .cannotWrite: return 2
        default: return 4
        }
    }

    public var description: String {
        switch self {
        case .pathNotFound(let path):
            return "\(path): no such file or directory; pass a directory of exports or a file such as encounters.csv"
        case .unknownDataset(let path):
            return "\(path): the file name names no dataset; rename it to one of \(IngestError.datasetList) (with .csv, .json or .ndjson)"
        case .unsupportedFormat(let path):
            return "\(path): unsupported format; export CSV (.csv), a JSON array (.json) or NDJSON (.ndjson)"
        case .ambiguousDataset(let dataset, let paths):
            return "dataset '\(dataset)' is given twice in one directory (\(paths.joined(separator: ", "))); keep one format"
        case .duplicateHeader(let file, let column, let line):
            return "\(file) line \(line): column '\(column)' appears twice in the header; rename or drop one"
        case .missingRequiredColumn(let file, let dataset, let column):
            return "\(file): required column '\(column)' of dataset '\(dataset)' is missing from the header; add it or use a mapping"
        case .rejectRateExceeded(let file, let rejected, let rows, let limit):
            return "\(file): \(rejected) of \(rows) rows rejected, over --max-reject-rate \(limit); see --rejects for the rows and reasons"
        case .unreadable(let file, let reason):
            return "\(file): cannot read (\(reason))"
        case .cannotWrite(let path, let reason):
            return "\(path): cannot write (\(reason)); choose a writable path"
        case .columnTooLarge(let file, let column):
            return "\(file): column '\(column)' holds more than 4 GiB of text, the limit of one column; drop the column or read fewer rows"
        case .notJSONRecords(let file, let line, let column):
            return "\(file) line \(line) column \(column): expected a JSON array of objects or one object per line (NDJSON)"
        case .mappingFileNotFound(let mapping, let dataset, let pattern):
            return "mapping '\(mapping)', dataset '\(dataset)': no file matches '\(pattern)' in any --data directory"
        case .mappingColumnMissing(let mapping, let dataset, let file, let column):
            return "column '\(column)' missing in \(file) (mapping '\(mapping)', dataset '\(dataset)'); check the export's header or the mapping"
        }
    }

    static var datasetList: String { DataModelNames.all.joined(separator: ", ") }
}

import DataModel

enum DataModelNames {
    static let all = Schema.datasets.map(\.name)
}
