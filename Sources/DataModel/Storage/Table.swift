/// One dataset's rows after reading: sealed columns, where each row came from, and its id index.
///
/// Columns are indexed like `spec.fields`; a nil column means no input file had that header
/// (the engine reports definitions reading it as skipped). Extra export columns are text
/// columns reachable by header name.
public final class Table: @unchecked Sendable {
    public let spec: DatasetSpec
    public let rowCount: Int
    public let columns: [Column?]
    public let extras: [Column]
    /// Input files in reading order.
    public let files: [String]
    /// The first row of each file (rows are stored file by file).
    private let fileRowStarts: [Int]
    private let sourceLines: LineRuns
    public let idIndex: IdIndex?
    private let extraIndex: [String: Int]

    init(spec: DatasetSpec, rowCount: Int, columns: [Column?], extras: [Column], files: [String],
         fileRowStarts: [Int], sourceLines: LineRuns, idIndex: IdIndex?) {
        self.spec = spec
        self.rowCount = rowCount
        self.columns = columns
        self.extras = extras
        self.files = files
        self.fileRowStarts = fileRowStarts
        self.sourceLines = sourceLines
        self.idIndex = idIndex
        var index: [String: Int] = [:]
        for (i, column) in extras.enumerated() where index[column.name] == nil { index[column.name] = i }
        extraIndex = index
    }

    public var name: String { spec.name }

    public func column(_ field: String) -> Column? {
        spec.index(of: field).flatMap { columns[$0] }
    }

    /// An extra (non-canonical) export column by its header.
    public func extra(_ header: String) -> Column? {
        extraIndex[header].map { extras[$0] }
    }

    public func file(ofRow row: Int) -> String { files[Table.file(ofRow: row, starts: fileRowStarts)] }

    /// The index of the file holding `row`: the last file starting at or before it (an empty
    /// file shares its start with the next one, so the last such file is the one with rows).
    static func file(ofRow row: Int, starts: [Int]) -> Int {
        var low = 0, high = starts.count
        while low < high {
            let mid = (low + high) / 2
            if starts[mid] <= row { low = mid + 1 } else { high = mid }
        }
        return max(low - 1, 0)
    }

    /// The physical line where the row's record starts (1-based, the header is line 1).
    public func line(ofRow row: Int) -> Int { sourceLines.line(ofRow: row) }

    /// Bytes held by the rows' lines.
    public var sourceLineBytes: Int { sourceLines.byteSize }

    /// The record id: its own id, else `dataset:file:line` (adjustments, training, assessments).
    public func recordID(_ row: Int) -> String {
        if let idField = spec.idFieldIndex, let column = columns[idField], let id = column.text(row) {
            return id
        }
        return "\(spec.name):\(file(ofRow: row)):\(line(ofRow: row))"
    }

    /// The row with this id, or nil.
    public func row(withID id: String) -> Int? { idIndex?.row(for: id) }
}
