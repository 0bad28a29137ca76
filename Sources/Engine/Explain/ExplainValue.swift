import DataModel

/// One field of a record as `explain` shows it: typed for JSON, with a display form for text.
public enum ExplainValue: Sendable, Equatable {
    case text(String)
    case int(Int64)
    case number(Double)
    case money(cents: Int64)
    case bool(Bool)
    case list([String])

    /// The value of `column` at `row`; nil when it is missing. Dates and datetimes become their
    /// ISO text ("2025-01-02", "2025-01-02T08:30:00").
    public init?(_ column: Column, row: Int) {
        guard column.isPresent(row) else { return nil }
        switch column.type {
        case .id, .text: self = .text(column.text(row) ?? "")
        case .int: self = .int(column.int64(row) ?? 0)
        case .number: self = .number(column.double(row) ?? 0)
        case .money: self = .money(cents: column.int64(row) ?? 0)
        case .bool: self = .bool(column.bool(row) ?? false)
        case .list: self = .list(column.list(row))
        case .date, .datetime: self = .text(column.display(row) ?? "")
        }
    }

    /// The text form ("$1,234.50" is the text report's business; this is the plain one).
    public var display: String {
        switch self {
        case .text(let text): text
        case .int(let value): String(value)
        case .number(let value): String(value)
        case .money(let cents): Money.format(cents: cents)
        case .bool(let value): value ? "yes" : "no"
        case .list(let items): items.joined(separator: ", ")
        }
    }
}

/// A named field of a record, in the order `explain` lists them.
public struct ExplainField: Sendable, Equatable {
    public var name: String
    public var value: ExplainValue

    public init(_ name: String, _ value: ExplainValue) {
        self.name = name
        self.value = value
    }
}
