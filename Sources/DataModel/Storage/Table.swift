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
    /// Input files in reading order; `sourceFile` indexes this.
    public let files: [String]
    private let sourceFileData: RawVec<UInt16>
    private let sourceLineData: RawVec<Int32>
    public let idIndex: IdIndex?
    private let extraIndex: [String: Int]

    init(spec: DatasetSpec, rowCount: Int, columns: [Column?], extras: [Column], files: [String],
         sourceFile: RawVec<UInt16>, sourceLine: RawVec<Int32>, idIndex: IdIndex?) {
        self.spec = spec
        self.rowCount = rowCount
        self.columns = columns
        self.extras = extras
        self.files = files
        self.sourceFileData = sourceFile
        self.sourceLineData = sourceLine
        self.idIndex = idIndex
        var index: [String: Int] = [:]
        for (i, column) in extras.enumerated() where index[column.name] == nil { index[column.name] = i }
        extraIndex = index
    }

    deinit {
        var owned = (sourceFileData, sourceLineData)
        owned.0.free()
        owned.1.free()
    }

    public var name: String { spec.name }

    public func column(_ field: String) -> Column? {
        spec.index(of: field).flatMap { columns[$0] }
    }

    /// An extra (non-canonical) export column by its header.
    public func extra(_ header: String) -> Column? {
        extraIndex[header].map { extras[$0] }
    }

    /// Per row: index into `files`.
    public var sourceFile: UnsafePointer<UInt16>? { UnsafePointer(sourceFileData.base) }
    /// Per row: the physical line where the record starts (1-based, the header is line 1).
    public var sourceLine: UnsafePointer<Int32>? { UnsafePointer(sourceLineData.base) }

    public func file(ofRow row: Int) -> String { files[Int(sourceFileData[row])] }
    public func line(ofRow row: Int) -> Int { Int(sourceLineData[row]) }

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
