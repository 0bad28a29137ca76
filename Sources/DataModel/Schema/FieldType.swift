/// The value types of SPEC section 5. Each decides how a column stores its rows.
public enum FieldType: String, Sendable, CaseIterable {
    case id, text, int, number, money, date, datetime, bool, list

    /// How values of this type are held in a `Column`.
    public var storage: StorageKind {
        switch self {
        case .id, .text: return .text
        case .int, .money, .datetime: return .int64
        case .number: return .double
        case .date: return .int32
        case .bool: return .uint8
        case .list: return .list
        }
    }
}

/// The physical layout of a column's values.
public enum StorageKind: Sendable {
    /// Bytes in an arena, `offsets[row] ..< offsets[row + 1]`.
    case text
    /// Int64 per row: ints, money in cents, datetimes in seconds since 1970-01-01T00:00:00.
    case int64
    /// Double per row.
    case double
    /// Int32 per row: dates in days since 1970-01-01.
    case int32
    /// UInt8 per row: booleans as 0 or 1.
    case uint8
    /// `offsets[row] ..< offsets[row + 1]` index items; item `k` is `itemOffsets[k] ..< itemOffsets[k + 1]` in the arena.
    case list
}
