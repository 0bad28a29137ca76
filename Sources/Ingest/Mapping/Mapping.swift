import DataModel
/// How to read another export layout into canonical datasets (SPEC section 5, "Mappings").
/// Packs build these from `mapping{}` definitions; ingestion only interprets them.
public struct Mapping: Sendable {
    public var id: String
    /// Canonical dataset name → how to read it.
    public var datasets: [String: DatasetMapping]

    public init(id: String, datasets: [String: DatasetMapping]) {
        self.id = id
        self.datasets = datasets
    }
}

public struct DatasetMapping: Sendable {
    /// A glob (`*`, `?`, `[…]`) matched against file names in every --data directory.
    public var file: String
    public var delimiter: UInt8 = UInt8(ascii: ",")
    public var encoding: TextEncoding = .utf8
    /// Rows whose columns do not equal these values are filtered (counted, never rejected).
    public var filters: [(column: String, value: String)] = []
    /// Canonical field → where its value comes from.
    public var fields: [String: FieldSource] = [:]
    /// Types of the `field{}` extras this mapping fills (a field not in the schema is written as
    /// an extra column of that name; its type decides how `format` applies).
    public var extraTypes: [String: FieldType] = [:]

    public init(file: String) { self.file = file }
}

public enum TextEncoding: String, Sendable {
    case utf8 = "utf-8"
    case windows1252 = "windows-1252"
}

/// Where one canonical field's value comes from.
public struct FieldSource: Sendable {
    /// The export column; nil for a constant.
    public var column: String?
    /// A constant for every row (`value = "MAIN"`).
    public var constant: String?
    /// Export value → canonical value; values it lacks take `defaultValue`, else are a field issue.
    public var values: [String: String]?
    public var defaultValue: String?
    /// The number is divided by this (100 turns a percent into a fraction).
    public var scale: Double?
    /// Date and datetime layout in the export (`MM/dd/yyyy`).
    public var format: DateFormat?
    /// Zone whose wall clock zoned datetimes are converted to.
    public var timeZone: String?
    /// A pack function run on the text (a Lua `transform`); the reader calls it by this key.
    public var transform: String?

    public init(column: String?) { self.column = column }
}

/// Runs mapping `transform` functions. Called on the reading thread, one value at a time;
/// returns nil for missing, or throws a message that becomes a field issue.
public protocol MappingTransformer: AnyObject {
    func transform(_ key: String, _ value: String) throws -> String?
}
