/// One dataset of SPEC section 5: its fields in canonical order and the field that identifies a row.
public struct DatasetSpec: Sendable, Hashable {
    public let name: String
    public let fields: [FieldSpec]
    /// The field holding the record's own id; nil for adjustments, training and assessments,
    /// whose records are identified as `dataset:file:line`.
    public let idField: String?

    public init(name: String, idField: String?, fields: [FieldSpec]) {
        self.name = name
        self.idField = idField
        self.fields = fields
    }

    /// The position of a field in `fields`, or nil when the dataset has no such field.
    public func index(of field: String) -> Int? {
        fields.firstIndex { $0.name == field }
    }

    /// Position of the id field in `fields`.
    public var idFieldIndex: Int? { idField.flatMap(index(of:)) }

    public var requiredFields: [FieldSpec] { fields.filter(\.required) }
}
