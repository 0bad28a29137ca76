import DataModel

/// `field{}` (SPEC sections 3 and 5): a pack types an extra export column. After reading, the
/// extra column whose header is the field's name becomes a typed column of that name, parsed as
/// a canonical field of that type would be; a value that does not parse becomes missing and is
/// reported as a field issue (file, line, column, reason), like any bad optional field.
public enum TypedExtraFields {
    public struct Field: Sendable {
        public var dataset: String
        public var name: String
        public var type: FieldType

        public init(dataset: String, name: String, type: FieldType) {
            self.dataset = dataset
            self.name = name
            self.type = type
        }
    }

    /// The typed columns by dataset and name, and the field issues of values that did not parse.
    /// A field whose column the export lacks is left out (reading it then says so).
    public static func columns(_ fields: [Field], store: DataStore) -> (columns: [String: [String: Column]], issues: [RowProblem]) {
        var columns: [String: [String: Column]] = [:], issues: [RowProblem] = []
        for field in fields {
            guard let table = store.table(field.dataset), let extra = table.extra(field.name) else { continue }
            var data = ColumnData(kind: field.type.storage)
            var scratch = RawVec<UInt8>()
            defer { scratch.free() }
            for row in 0..<table.rowCount {
                var bytes = extra.textBytes(row)[...]
                while let first = bytes.first, first == 32 || first == 9 { bytes = bytes.dropFirst() }
                while let last = bytes.last, last == 32 || last == 9 { bytes = bytes.dropLast() }
                guard extra.isPresent(row), !bytes.isEmpty, let base = bytes.base.baseAddress else { data.appendMissing(); continue }
                if let problem = ValueConversion.append(base + bytes.startIndex, bytes.count, type: field.type, into: &data, scratch: &scratch) {
                    data.appendMissing()
                    issues.append(RowProblem(file: table.file(ofRow: row), line: table.line(ofRow: row), column: field.name,
                                             reason: problem, record: Array(bytes)))
                }
            }
            columns[field.dataset, default: [:]][field.name] = Column(name: field.name, type: field.type, sealing: data)
        }
        return (columns, issues)
    }
}
