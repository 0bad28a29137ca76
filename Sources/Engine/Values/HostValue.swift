import DataModel

/// A field's value read in Swift, typed as the data model stores it.
public enum HostValue: Equatable, Sendable {
    case text(String)
    case int(Int64)
    case number(Double)
    case money(cents: Int64)
    case date(days: Int32)
    case datetime(seconds: Int64)
    case bool(Bool)
    case list([String])
}

extension FieldReader {
    /// The typed value at `row`, nil when missing (or when a relation on the path has no row).
    public func value(_ row: Int) -> HostValue? {
        guard let target = targetRow(row) else { return nil }
        switch source {
        case .column(let column):
            guard column.isPresent(target) else { return column.type == .list ? .list([]) : nil }
            switch column.type {
            case .id, .text: return column.text(target).map { .text($0) }
            case .int: return column.int64(target).map { .int($0) }
            case .number: return column.double(target).map { .number($0) }
            case .money: return column.int64(target).map { .money(cents: $0) }
            case .date: return column.int32(target).map { .date(days: $0) }
            case .datetime: return column.int64(target).map { .datetime(seconds: $0) }
            case .bool: return column.bool(target).map { .bool($0) }
            case .list: return .list(column.list(target))
            }
        case .cents(let column): return column.int64(target).map { .int($0) }
        }
    }
}
