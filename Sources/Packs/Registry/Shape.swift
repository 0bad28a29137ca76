/// What a definition field may hold. The registry declares each constructor's fields with a
/// shape; one validator checks every definition against it, and the API reference is rendered
/// from the same declarations, so the two cannot drift apart.
public indirect enum Shape: Sendable, Equatable {
    case text
    case number
    case integer
    case bool
    case function
    /// One of these strings.
    case choice([String])
    /// A dataset name of the data model ("claims").
    case dataset
    /// A role id, built in or declared with `role{}`.
    case role
    /// A field of the definition's dataset, or a relation path ("claim.coded_by").
    case fieldPath
    /// A list of strings.
    case list(Shape)
    /// A table from text keys to values of one shape.
    case map(Shape)
    /// A value made by `count`, `sum`, `avg`, `median`, `min` or `max`.
    case measure
    /// A `where` filter: a predicate function or a table of field = value.
    case filter
    /// A table with these fields (checked like a definition's own).
    case record([FieldRule])
    /// Any of these shapes.
    case either([Shape])

    /// How the API reference writes the shape.
    public var documentation: String {
        switch self {
        case .text: "string"
        case .number: "number"
        case .integer: "integer"
        case .bool: "boolean"
        case .function: "function"
        case .choice(let options): options.map { "`\"\($0)\"`" }.joined(separator: " \\| ")
        case .dataset: "dataset name"
        case .role: "role id"
        case .fieldPath: "field name or relation path"
        case .list(let element): "list of \(element.documentation)"
        case .map(let value): "table of name = \(value.documentation)"
        case .measure: "measure (`count`, `sum`, …)"
        case .filter: "function or table of field = value"
        case .record(let fields): "table { " + fields.map(\.name).joined(separator: ", ") + " }"
        case .either(let shapes): shapes.map(\.documentation).joined(separator: " or ")
        }
    }
}

/// One field of a constructor or of a nested record.
public struct FieldRule: Sendable, Equatable {
    public let name: String
    public let shape: Shape
    public let required: Bool
    public let help: String

    public init(_ name: String, _ shape: Shape, required: Bool = false, _ help: String) {
        self.name = name
        self.shape = shape
        self.required = required
        self.help = help
    }
}

/// A global constructor (`policy { … }`).
public struct ConstructorSpec: Sendable {
    public let name: String
    public let summary: String
    public let fields: [FieldRule]
    public let example: String
    /// Does every definition of this kind carry an `id`? (`attribution` and `mapping` tables
    /// merge per key instead; `attribution` has none.)
    public let hasID: Bool
}

/// A global helper function.
public struct HelperSpec: Sendable {
    public let name: String
    public let signature: String
    public let summary: String
    /// Where it may be called: while loading, in callbacks, or both.
    public let availability: Availability

    public enum Availability: String, Sendable {
        case loading = "while loading"
        case callbacks = "in callbacks"
        case everywhere = "anywhere"
    }
}
