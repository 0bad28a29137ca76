/// A hash index from an id column's bytes to its row, built once after reading.
///
/// Open addressing over a power-of-two table of 32-bit slots, hashing the id bytes directly: no
/// `String` per id. Lookups compare bytes against the column's arena.
///
/// Each slot packs row + 1 in its low `rowBits` bits and a fingerprint of the hash in the bits
/// above (0 = empty). Four bytes a slot instead of eight halves the index (a 3M-row table's went
/// from 64 to 32 MiB) while the fingerprint still keeps most mismatches off the column: a table of
/// 3M rows keeps 10 fingerprint bits, so about one probe in a thousand compares bytes in vain.
///
/// Ids numbered in row order (`IdSequence`) need no table: it stays empty and lookups compute
/// the row from the id's counter.
public final class IdIndex: @unchecked Sendable {
    private let column: Column
    private let slots: RawVec<UInt32>
    private let table: UnsafeMutablePointer<UInt32>
    private let rowCount: Int
    private let mask: Int
    /// Bits holding row + 1; the rest hold the fingerprint.
    private let rowBits: UInt32
    private let rowMask: UInt32
    // Cached base pointers of the sealed column (stable for its lifetime).
    let offsets: UnsafePointer<TextOffset>?
    let bytes: UnsafePointer<UInt8>?
    /// Set when the ids are a counter rising with the row: the table is then not used.
    let sequence: IdSequence?

    /// Builds the index; `duplicates` receives (row, first row with that id) for each repeat,
    /// which is not inserted (the first row wins).
    public init(column: Column, duplicates: inout [(row: Int, first: Int)]) {
        self.column = column
        offsets = column.offsets
        bytes = column.bytes
        if let presence = column.presence, let offsets, let bytes, column.codes == nil {
            sequence = IdSequence.detect(presence: presence, offsets: offsets, bytes: bytes, count: column.count)
        } else {
            sequence = nil
        }
        var capacity = 16
        while sequence == nil, capacity < column.count * 2 { capacity <<= 1 }
        mask = capacity - 1
        slots = RawVec(repeating: 0, count: capacity)
        table = slots.base!
        rowCount = column.count
        let bits = UInt32(Int.bitWidth - (column.count + 1).leadingZeroBitCount)
        rowBits = bits
        rowMask = bits >= 32 ? UInt32.max : (1 << bits) - 1
        guard sequence == nil, let presence = column.presence, let offsets, let bytes else { return }
        for row in 0..<column.count where presence[row] != 0 {
            let start = bytes + Int(offsets[row]), length = Int(offsets[row + 1] - offsets[row])
            let h = IdIndex.hash(start, length)
            let tag = fingerprint(h)
            var slot = Int(truncatingIfNeeded: h) & mask
            while true {
                let entry = table[slot]
                if entry == 0 { table[slot] = tag | UInt32(row + 1); break }
                if entry & ~rowMask == tag {
                    let existing = Int(entry & rowMask) - 1
                    let otherStart = Int(offsets[existing]), otherLength = Int(offsets[existing + 1]) - otherStart
                    if otherLength == length, IdIndex.same(bytes + otherStart, start, length) {
                        duplicates.append((row, existing))
                        break
                    }
                }
                slot = (slot + 1) & mask
            }
        }
    }

    deinit {
        var owned = slots
        owned.free()
    }

    /// Bytes held by the slot table.
    public var byteSize: Int { slots.capacity * 4 }

    /// The hash's top bits placed above the row bits (none when rows need all 32 bits).
    @inline(__always)
    private func fingerprint(_ h: UInt64) -> UInt32 {
        rowBits >= 32 ? 0 : UInt32(truncatingIfNeeded: h >> 32) & ~rowMask
    }

    /// The entry in the home slot of hash `h` (0 = empty).
    @inline(__always)
    func slotEntry(_ h: UInt64) -> UInt32 { table[Int(truncatingIfNeeded: h) & mask] }

    /// True when `entry`'s fingerprint is the one of hash `h`.
    @inline(__always)
    func entryMatches(_ entry: UInt32, _ h: UInt64) -> Bool { entry & ~rowMask == fingerprint(h) }

    /// The row an occupied entry names.
    @inline(__always)
    func entryRow(_ entry: UInt32) -> Int { Int(entry & rowMask) - 1 }

    /// The row holding this id, or nil.
    @inline(__always)
    public func row(for id: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let start = id.baseAddress, id.count > 0, let offsets, let bytes else { return nil }
        let length = id.count
        if let sequence { return sequence.row(of: start, length) }
        let h = IdIndex.hash(start, length)
        let tag = fingerprint(h)
        var slot = Int(truncatingIfNeeded: h) & mask
        while true {
            let entry = table[slot]
            if entry == 0 { return nil }
            if entry & ~rowMask == tag {
                let existing = Int(entry & rowMask) - 1
                let otherStart = Int(offsets[existing]), otherLength = Int(offsets[existing + 1]) - otherStart
                if otherLength == length, IdIndex.same(bytes + otherStart, start, length) { return existing }
            }
            slot = (slot + 1) & mask
        }
    }

    /// True when `row` of the indexed column holds exactly these bytes (a cheap check before hashing).
    @inline(__always)
    public func rowHolds(_ row: Int, _ start: UnsafePointer<UInt8>, _ length: Int) -> Bool {
        guard row >= 0, row < rowCount, let offsets, let bytes else { return false }
        let otherStart = Int(offsets[row]), otherLength = Int(offsets[row + 1]) - otherStart
        return otherLength == length && IdIndex.same(bytes + otherStart, start, length)
    }

    /// Byte equality for short ids without a `memcmp` call: two overlapping 8-byte words cover
    /// lengths 8 to 16.
    @inline(__always)
    static func same(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ length: Int) -> Bool {
        if length >= 8 && length <= 16 {
            let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
            return ra.loadUnaligned(as: UInt64.self) == rb.loadUnaligned(as: UInt64.self)
                && ra.loadUnaligned(fromByteOffset: length - 8, as: UInt64.self)
                    == rb.loadUnaligned(fromByteOffset: length - 8, as: UInt64.self)
        }
        if length < 8 {
            for i in 0..<length where a[i] != b[i] { return false }
            return true
        }
        return memcmp(a, b, length) == 0
    }

    public func row(for id: String) -> Int? {
        var id = id
        return id.withUTF8 { row(for: $0) }
    }

    /// A 64-bit hash of a short byte string: 8-byte words mixed in, then MurmurHash3's
    /// finalizer so every input bit reaches the low bits the table masks with (ids such as
    /// `E00012345` differ only in their last bytes).
    @inline(__always)
    public static func hash(_ start: UnsafePointer<UInt8>, _ length: Int) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(truncatingIfNeeded: length)
        var i = 0
        let raw = UnsafeRawPointer(start)
        while i + 8 <= length {
            h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 31
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < length {
            tail |= UInt64(start[i]) << shift
            shift += 8
            i += 1
        }
        h ^= tail &* 0x94D0_49BB_1331_11EB
        h ^= h >> 33
        h = h &* 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        h = h &* 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 33
        return h
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
