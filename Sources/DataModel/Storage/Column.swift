/// One sealed, read-only column of a table.
///
/// The engine's Lua row proxies read these buffers directly by pointer, so after sealing
/// nothing appends and every base pointer stays valid for the column's lifetime; `deinit` frees
/// them. Row `r` is present when `presence[r] != 0`; a missing row holds 0 / an empty range.
///
/// A text column with few distinct values may be dictionary-encoded (`codes` non-nil, see
/// `Column+Dictionary.swift`): `offsets` and `bytes` then hold each distinct value once and row
/// `r`'s text is entry `codes[r]`. Readers of the raw buffers must look at `codes` first.
public final class Column: @unchecked Sendable {
    /// The canonical field name, or the export's header for an extra column.
    public let name: String
    public let type: FieldType
    /// Immutable once sealed: a `let`, so reads need no exclusivity checks. A dictionary-encoded
    /// column keeps only its presence flags here.
    private let data: ColumnData
    /// Dictionary-encoded text: the distinct values (entry 0 is the empty text of missing rows)
    /// and one code per row.
    private let entries: ColumnData?
    private let codeData: RawVec<UInt16>
    /// Row count, cached for hot loops.
    public let count: Int
    /// The presence flags: the column's own, or the shared ones when no row is missing.
    private let presenceBase: UnsafePointer<UInt8>?

    public init(name: String, type: FieldType, sealing data: ColumnData) {
        precondition(data.kind == type.storage)
        self.name = name
        self.type = type
        var sealed = data
        sealed.shrinkToFit()
        self.data = sealed
        entries = nil
        codeData = RawVec()
        count = sealed.count
        if sealed.hasPresenceFlags {
            presenceBase = UnsafePointer(sealed.presence.base)
        } else {
            presenceBase = sealed.count > 0 ? AllPresent.flags(count: sealed.count) : nil
        }
    }

    /// A dictionary-encoded text column: `presence` holds the rows' flags and count, `entries`
    /// the distinct values, `codes` one entry per row.
    init(name: String, type: FieldType, presence: ColumnData, entries: ColumnData, codes: RawVec<UInt16>) {
        precondition(type.storage == .text && codes.count == presence.count)
        self.name = name
        self.type = type
        var values = entries, rows = codes
        values.shrinkToFit()
        rows.shrinkToFit()
        data = presence
        self.entries = values
        codeData = rows
        count = presence.count
        if presence.hasPresenceFlags {
            presenceBase = UnsafePointer(presence.presence.base)
        } else {
            presenceBase = presence.count > 0 ? AllPresent.flags(count: presence.count) : nil
        }
    }

    deinit {
        var owned = (data, entries, codeData)
        owned.0.free()
        owned.1?.free()
        owned.2.free()
    }

    /// Reads the underlying buffers (for copies made inside the module); not dictionary-encoded.
    func withData<R>(_ body: (ColumnData) -> R) -> R {
        precondition(entries == nil, "a dictionary-encoded column has no row-aligned text buffers")
        return body(data)
    }

    // MARK: raw buffers (stable for the column's lifetime)

    /// `count` flags; columns with no missing row share one read-only buffer of ones.
    public var presence: UnsafePointer<UInt8>? { presenceBase }
    /// int, money (cents) and datetime (seconds since 1970-01-01T00:00:00, wall clock) values.
    public var int64Values: UnsafePointer<Int64>? { UnsafePointer(data.int64.base) }
    public var doubleValues: UnsafePointer<Double>? { UnsafePointer(data.double.base) }
    /// Date values: days since 1970-01-01.
    public var int32Values: UnsafePointer<Int32>? { UnsafePointer(data.int32.base) }
    public var boolValues: UnsafePointer<UInt8>? { UnsafePointer(data.uint8.base) }
    /// Text: `count + 1` byte offsets into `bytes` (dictionary-encoded: one more than the
    /// distinct values). Lists: `count + 1` item offsets into `itemOffsets`.
    public var offsets: UnsafePointer<TextOffset>? { UnsafePointer((entries ?? data).offsets.base) }
    /// Dictionary-encoded text only: row `r`'s value is `bytes[offsets[c] ..< offsets[c + 1]]`
    /// with `c = codes[r]` (0 for missing rows: the empty text). nil: `c = r`.
    public var codes: UnsafePointer<UInt16>? { entries == nil ? nil : UnsafePointer(codeData.base) }
    /// Distinct values of a dictionary-encoded column, counting the empty entry 0; else 0.
    public var dictionaryCount: Int { entries?.count ?? 0 }
    /// Lists: byte offsets of each item in `bytes` (item count + 1 entries).
    public var itemOffsets: UnsafePointer<TextOffset>? { UnsafePointer(data.itemOffsets.base) }
    /// The arena holding text values and list items (UTF-8, validated).
    public var bytes: UnsafePointer<UInt8>? { UnsafePointer((entries ?? data).bytes.base) }

    // MARK: convenience readers (not for hot loops)

    @inline(__always)
    public func isPresent(_ row: Int) -> Bool { data.isPresent(row) }

    public func int64(_ row: Int) -> Int64? { isPresent(row) ? data.int64[row] : nil }
    public func double(_ row: Int) -> Double? { isPresent(row) ? data.double[row] : nil }
    public func int32(_ row: Int) -> Int32? { isPresent(row) ? data.int32[row] : nil }
    public func bool(_ row: Int) -> Bool? { isPresent(row) ? data.uint8[row] != 0 : nil }

    /// The bytes of a text row (empty when missing).
    public func textBytes(_ row: Int) -> UnsafeBufferPointer<UInt8> {
        let text = entries ?? data
        let entry = entries == nil ? row : Int(codeData[row])
        let start = Int(text.offsets[entry]), end = Int(text.offsets[entry + 1])
        guard end > start else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: UnsafePointer(text.bytes.base!) + start, count: end - start)
    }

    public func text(_ row: Int) -> String? {
        isPresent(row) ? String(decoding: textBytes(row), as: UTF8.self) : nil
    }

    /// A dictionary-encoded column's distinct values by code (code 0: the empty text, which
    /// missing rows have too); nil when the column is not encoded.
    public var dictionaryValues: [String]? {
        guard let entries else { return nil }
        return (0..<entries.count).map { code in
            let start = Int(entries.offsets[code]), end = Int(entries.offsets[code + 1])
            let bytes = UnsafeBufferPointer(start: UnsafePointer(entries.bytes.base!) + start, count: end - start)
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    public func listCount(_ row: Int) -> Int { Int(data.offsets[row + 1] - data.offsets[row]) }

    public func list(_ row: Int) -> [String] {
        (Int(data.offsets[row])..<Int(data.offsets[row + 1])).map { item in
            let start = Int(data.itemOffsets[item]), end = Int(data.itemOffsets[item + 1])
            return String(decoding: UnsafeBufferPointer(start: UnsafePointer(data.bytes.base!) + start,
                                                        count: end - start), as: UTF8.self)
        }
    }

    /// A display form of any value: dates and datetimes in ISO form, money as dollars.
    public func display(_ row: Int) -> String? {
        guard isPresent(row) else { return nil }
        switch type {
        case .id, .text: return text(row)
        case .int: return String(data.int64[row])
        case .money: return Money.format(cents: data.int64[row])
        case .datetime: return CivilDate.formatDateTime(seconds: data.int64[row])
        case .date: return CivilDate.format(days: data.int32[row])
        case .number: return String(data.double[row])
        case .bool: return data.uint8[row] != 0 ? "true" : "false"
        case .list: return list(row).joined(separator: ";")
        }
    }

    /// Total bytes held, for memory reports (shared presence flags are not counted).
    public var byteSize: Int {
        data.presence.capacity + data.int64.capacity * 8 + data.double.capacity * 8
            + data.int32.capacity * 4 + data.uint8.capacity
            + (data.offsets.capacity + data.itemOffsets.capacity) * MemoryLayout<TextOffset>.stride + data.bytes.capacity
            + codeData.capacity * 2 + (entries.map { $0.offsets.capacity * MemoryLayout<TextOffset>.stride + $0.bytes.capacity } ?? 0)
    }
}
