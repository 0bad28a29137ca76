/// One canonical field of a dataset: its name, type, and whether a row needs it.
public struct FieldSpec: Sendable, Hashable {
    public let name: String
    public let type: FieldType
    /// A row missing this field (or holding an invalid value) is rejected.
    public let required: Bool
    /// The field holds a staff id; the engine exposes the staff row as `<name>_staff`.
    public let isStaff: Bool

    public init(_ name: String, _ type: FieldType = .text, required: Bool = false, staff: Bool = false) {
        self.name = name
        self.type = type
        self.required = required
        self.isStaff = staff
    }
}
