/// The buffers of one column, filled by a reader and then sealed into a `Column`.
///
/// A plain struct of `RawVec`s so that readers append without reference counting; its owner
/// calls `free()` once. Only the buffers of the column's `StorageKind` are used: `presence` always
/// (1 = present, 0 = missing, so a missing value is never mistaken for zero), `int64`, `double`,
/// `int32` or `uint8` for scalars, `offsets` + `bytes` for text, and `offsets` (into items) +
/// `itemOffsets` + `bytes` for lists.
///
/// Presence flags are implicit while every row so far is present: `presence` stays empty and
/// only `count` grows; the first missing row writes the flags out (all 1, then its 0). Most
/// columns of an export are never missing, so they hold and write no flags at all; a sealed
/// `Column` shows them a shared buffer of ones.
/// Offsets into a column's arena (and list item indexes): 32 bits keep text columns compact;
/// one column's arena is limited to 4 GiB (readers refuse larger inputs with an error).
public typealias TextOffset = UInt32

public struct ColumnData: @unchecked Sendable {
    public let kind: StorageKind
    /// One flag per row once a row was missing (`hasPresenceFlags`); empty while all are present.
    public private(set) var presence = RawVec<UInt8>()
    /// Rows held.
    public private(set) var count = 0
    /// True once `presence` holds a flag for every row.
    public private(set) var hasPresenceFlags = false
    public var int64 = RawVec<Int64>()
    public var double = RawVec<Double>()
    public var int32 = RawVec<Int32>()
    public var uint8 = RawVec<UInt8>()
    public var offsets = RawVec<TextOffset>()
    public var itemOffsets = RawVec<TextOffset>()
    public var bytes = RawVec<UInt8>()

    public init(kind: StorageKind) {
        self.kind = kind
        if kind == .text || kind == .list { offsets.append(0) }
        if kind == .list { itemOffsets.append(0) }
    }

    @inline(__always)
    public func isPresent(_ row: Int) -> Bool { !hasPresenceFlags || presence[row] != 0 }

    // MARK: appending one row

    @inline(__always)
    private mutating func appendPresent() {
        if hasPresenceFlags { presence.append(1) }
        count += 1
    }

    /// Writes out the implicit flags (every row so far present) before a missing row.
    private mutating func writePresenceFlags() {
        presence.truncate(to: 0)
        presence.append(repeating: 1, count: count)
        hasPresenceFlags = true
    }

    /// Counts a missing row in the flags (writing them out first if all were present so far).
    @inline(__always)
    private mutating func appendAbsent() {
        if !hasPresenceFlags { writePresenceFlags() }
        presence.append(0)
        count += 1
    }

    @inline(__always)
    public mutating func appendMissing() {
        appendAbsent()
        switch kind {
        case .text: offsets.append(offsets.last)
        case .list: offsets.append(offsets.last)
        case .int64: int64.append(0)
        case .double: double.append(0)
        case .int32: int32.append(0)
        case .uint8: uint8.append(0)
        }
    }

    @inline(__always)
    public mutating func appendText(_ start: UnsafePointer<UInt8>, _ length: Int) {
        appendPresent()
        bytes.appendShort(start, length)
        offsets.append(TextOffset(bytes.count))
    }

    /// Appends `rows` text values at once, value `i` being `lengths[i]` bytes at `starts[i]`
    /// (`totalBytes` in all): a reader converting a block of one column checks capacity and
    /// presence once for the block instead of per value. `flags`, when given, marks each row
    /// present (1) or missing (0); a missing row's length is 0 and its start is not read.
    public mutating func appendTexts(starts: UnsafePointer<UnsafePointer<UInt8>>, lengths: UnsafePointer<Int>,
                                     rows: Int, totalBytes: Int, presence flags: UnsafePointer<UInt8>? = nil) {
        appendBlockPresence(flags, rows: rows)
        bytes.reserve(bytes.count + totalBytes)
        offsets.reserve(offsets.count + rows)
        ColumnData.append(starts, lengths, count: rows, to: &bytes, ends: &offsets)
    }

    /// Copies `count` values (value `i` being `lengths[i]` bytes at `starts[i]`) to the end of
    /// `bytes` and appends each one's end to `ends`, both reserved by the caller. Written through
    /// local positions and counted once at the end (`RawVec.didAppend`).
    @inline(__always)
    private static func append(_ starts: UnsafePointer<UnsafePointer<UInt8>>, _ lengths: UnsafePointer<Int>, count: Int,
                               to bytes: inout RawVec<UInt8>, ends: inout RawVec<TextOffset>) {
        let arena = bytes.base, endOffsets = ends.base.unsafelyUnwrapped + ends.count
        var end = bytes.count
        for i in 0..<count {
            let length = lengths[i]
            if length > 0 {
                RawVec.copy(starts[i], to: arena.unsafelyUnwrapped + end, length)
                end += length
            }
            endOffsets[i] = TextOffset(end)
        }
        bytes.didAppend(end - bytes.count)
        ends.didAppend(count)
    }

    /// Appends `rows` integer values at once (a reader's block of one column); `flags` as in
    /// `appendTexts`, a missing row's value being 0.
    public mutating func appendInt64s(_ values: UnsafePointer<Int64>, rows: Int, presence flags: UnsafePointer<UInt8>? = nil) {
        appendBlockPresence(flags, rows: rows)
        int64.append(contentsOf: UnsafeBufferPointer(start: values, count: rows))
    }

    /// Appends `rows` 32-bit values at once (a reader's block of one date column).
    public mutating func appendInt32s(_ values: UnsafePointer<Int32>, rows: Int, presence flags: UnsafePointer<UInt8>? = nil) {
        appendBlockPresence(flags, rows: rows)
        int32.append(contentsOf: UnsafeBufferPointer(start: values, count: rows))
    }

    /// Appends `rows` booleans (0 or 1) at once (a reader's block of one boolean column).
    public mutating func appendUInt8s(_ values: UnsafePointer<UInt8>, rows: Int, presence flags: UnsafePointer<UInt8>? = nil) {
        appendBlockPresence(flags, rows: rows)
        uint8.append(contentsOf: UnsafeBufferPointer(start: values, count: rows))
    }

    /// The presence flags and count of a block of `rows` rows: all present when `flags` is nil.
    private mutating func appendBlockPresence(_ flags: UnsafePointer<UInt8>?, rows: Int) {
        if let flags {
            if !hasPresenceFlags { writePresenceFlags() }
            presence.append(contentsOf: UnsafeBufferPointer(start: flags, count: rows))
        } else if hasPresenceFlags {
            presence.append(repeating: 1, count: rows)
        }
        count += rows
    }

    @inline(__always) public mutating func appendInt64(_ value: Int64) { appendPresent(); int64.append(value) }
    @inline(__always) public mutating func appendDouble(_ value: Double) { appendPresent(); double.append(value) }
    @inline(__always) public mutating func appendInt32(_ value: Int32) { appendPresent(); int32.append(value) }
    @inline(__always) public mutating func appendBool(_ value: Bool) { appendPresent(); uint8.append(value ? 1 : 0) }

    /// Appends `rows` list rows at once (a reader's block of one list column): row `r` takes
    /// the next `itemsPerRow[r]` items of `itemStarts`/`itemLengths` (`items` items and
    /// `totalBytes` in all); a row without items is missing, as `finishList` decides.
    public mutating func appendLists(itemStarts: UnsafePointer<UnsafePointer<UInt8>>, itemLengths: UnsafePointer<Int>,
                                     itemsPerRow: UnsafePointer<Int>, rows: Int, items: Int, totalBytes: Int) {
        bytes.reserve(bytes.count + totalBytes)
        itemOffsets.reserve(itemOffsets.count + items)
        offsets.reserve(offsets.count + rows)
        // The items first, then the rows.
        var itemCount = itemOffsets.count - 1
        ColumnData.append(itemStarts, itemLengths, count: items, to: &bytes, ends: &itemOffsets)
        for row in 0..<rows {
            let rowItems = itemsPerRow[row]
            itemCount += rowItems
            if rowItems > 0 { appendPresent() } else { appendAbsent() }
            offsets.appendReserved(TextOffset(itemCount))
        }
    }

    /// Adds one item to the list being built; `finishList` closes the row.
    @inline(__always)
    public mutating func appendListItem(_ start: UnsafePointer<UInt8>, _ length: Int) {
        bytes.appendShort(start, length)
        itemOffsets.append(TextOffset(bytes.count))
    }

    /// Closes a list row: present when it has at least one item, else missing (empty means missing).
    @inline(__always)
    public mutating func finishList() {
        let items = TextOffset(itemOffsets.count - 1)
        if items > offsets.last { appendPresent() } else { appendAbsent() }
        offsets.append(items)
    }

    /// Drops rows after the first `rows` (a reader discarding a row it rejected half-way).
    public mutating func truncate(rows: Int) {
        guard rows < count else { return }
        count = rows
        if rows == 0 { hasPresenceFlags = false }
        presence.truncate(to: hasPresenceFlags ? rows : 0)
        switch kind {
        case .int64: int64.truncate(to: rows)
        case .double: double.truncate(to: rows)
        case .int32: int32.truncate(to: rows)
        case .uint8: uint8.truncate(to: rows)
        case .text:
            offsets.truncate(to: rows + 1)
            bytes.truncate(to: Int(offsets[rows]))
        case .list:
            offsets.truncate(to: rows + 1)
            itemOffsets.truncate(to: Int(offsets[rows]) + 1)
            bytes.truncate(to: Int(itemOffsets.last))
        }
    }

    /// Drops the presence flags of a column whose rows are all present (the caller knows: it
    /// truncated the column back to rows it had before any flag), as if no row had been missing.
    public mutating func forgetPresenceFlags() {
        guard hasPresenceFlags else { return }
        presence.truncate(to: 0)
        hasPresenceFlags = false
    }

    // MARK: bulk

    /// Appends every row of `other` (same kind) after the rows already here.
    public mutating func append(contentsOf other: ColumnData) {
        precondition(kind == other.kind)
        appendPresence(of: other)
        switch kind {
        case .int64: int64.append(contentsOf: other.int64)
        case .double: double.append(contentsOf: other.double)
        case .int32: int32.append(contentsOf: other.int32)
        case .uint8: uint8.append(contentsOf: other.uint8)
        case .text:
            offsets.append(contentsOf: ColumnData.tail(other.offsets), adding: TextOffset(bytes.count))
            bytes.append(contentsOf: other.bytes)
        case .list:
            offsets.append(contentsOf: ColumnData.tail(other.offsets), adding: TextOffset(itemOffsets.count - 1))
            itemOffsets.append(contentsOf: ColumnData.tail(other.itemOffsets), adding: TextOffset(bytes.count))
            bytes.append(contentsOf: other.bytes)
        }
    }

    // MARK: presence alone (a text column whose values a `DictionaryEncoder` takes)

    /// Appends `other`'s rows as presence flags and count only, not their values.
    mutating func appendPresence(of other: ColumnData) {
        if other.hasPresenceFlags {
            if !hasPresenceFlags { writePresenceFlags() }
            presence.append(contentsOf: other.presence)
        } else if hasPresenceFlags {
            presence.append(repeating: 1, count: other.count)
        }
        count += other.count
    }

    /// Appends `rows` missing rows as presence flags only.
    mutating func appendMissingPresence(count rows: Int) {
        guard rows > 0 else { return }
        if !hasPresenceFlags { writePresenceFlags() }
        presence.append(repeating: 0, count: rows)
        count += rows
    }

    /// Offsets after the first (always 0), to be shifted onto the end of this column's.
    private static func tail(_ source: RawVec<TextOffset>) -> UnsafeBufferPointer<TextOffset> {
        source.count > 1 ? UnsafeBufferPointer(rebasing: source.buffer[1...]) : UnsafeBufferPointer(start: nil, count: 0)
    }

    /// True when appending `other` keeps every offset within `TextOffset`.
    public func canAppend(_ other: ColumnData) -> Bool {
        let limit = Int(TextOffset.max)
        return bytes.count + other.bytes.count <= limit && itemOffsets.count + other.itemOffsets.count <= limit
    }

    /// Appends `rows` missing rows (a column that an earlier file lacked).
    public mutating func appendMissing(count rows: Int) {
        for _ in 0..<rows { appendMissing() }
    }

    /// Keeps only the rows whose `keep` flag is set, in order (removing duplicate ids).
    public func filtered(keep: UnsafeBufferPointer<Bool>) -> ColumnData {
        var out = ColumnData(kind: kind)
        for row in 0..<count where keep[row] {
            guard isPresent(row) else { out.appendMissing(); continue }
            switch kind {
            case .int64: out.appendInt64(int64[row])
            case .double: out.appendDouble(double[row])
            case .int32: out.appendInt32(int32[row])
            case .uint8: out.appendBool(uint8[row] != 0)
            case .text:
                let start = Int(offsets[row]), end = Int(offsets[row + 1])
                out.appendText(UnsafePointer(bytes.base!) + start, end - start)
            case .list:
                for item in Int(offsets[row])..<Int(offsets[row + 1]) {
                    let start = Int(itemOffsets[item]), end = Int(itemOffsets[item + 1])
                    out.appendListItem(UnsafePointer(bytes.base!) + start, end - start)
                }
                out.finishList()
            }
        }
        return out
    }

    /// The row count and presence flags alone, for a column whose values are kept elsewhere
    /// (a dictionary-encoded text column).
    func presenceOnly() -> ColumnData {
        var out = ColumnData.presenceOnly(kind: kind)
        out.count = count
        if hasPresenceFlags {
            out.presence.append(contentsOf: presence)
            out.hasPresenceFlags = true
        }
        return out
    }

    /// An empty column that will hold presence flags and a row count only (`appendPresence`).
    static func presenceOnly(kind: StorageKind) -> ColumnData {
        var out = ColumnData(kind: kind)
        out.offsets.free()
        out.itemOffsets.free()
        return out
    }

    public mutating func shrinkToFit() {
        presence.shrinkToFit(); int64.shrinkToFit(); double.shrinkToFit(); int32.shrinkToFit()
        uint8.shrinkToFit(); offsets.shrinkToFit(); itemOffsets.shrinkToFit(); bytes.shrinkToFit()
    }

    public mutating func free() {
        presence.free(); int64.free(); double.free(); int32.free()
        uint8.free(); offsets.free(); itemOffsets.free(); bytes.free()
        count = 0
        hasPresenceFlags = false
    }
}
