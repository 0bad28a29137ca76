/// A hash index from an id column's bytes to its row, built once after reading.
///
/// Open addressing over a power-of-two table of Int32 rows (-1 = empty), hashing the id bytes
/// directly: no `String` per id. Lookups compare bytes against the column's arena.
public final class IdIndex: @unchecked Sendable {
    private let column: Column
    private var slots: RawVec<Int32>
    private let mask: Int

    /// Builds the index; `duplicates` receives (row, first row with that id) for each repeat,
    /// which is not inserted (the first row wins).
    public init(column: Column, duplicates: inout [(row: Int, first: Int)]) {
        self.column = column
        var capacity = 16
        while capacity < column.count * 2 { capacity <<= 1 }
        mask = capacity - 1
        slots = RawVec(repeating: -1, count: capacity)
        guard let presence = column.presence, let offsets = column.offsets, let bytes = column.bytes else { return }
        for row in 0..<column.count where presence[row] != 0 {
            let start = bytes + Int(offsets[row]), length = Int(offsets[row + 1] - offsets[row])
            var slot = Int(truncatingIfNeeded: IdIndex.hash(start, length)) & mask
            while true {
                let existing = slots[slot]
                if existing < 0 { slots[slot] = Int32(row); break }
                if equal(Int(existing), start, length) { duplicates.append((row, Int(existing))); break }
                slot = (slot + 1) & mask
            }
        }
    }

    deinit { slots.free() }

    /// The row holding this id, or nil.
    public func row(for id: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let start = id.baseAddress, id.count > 0 else { return nil }
        var slot = Int(truncatingIfNeeded: IdIndex.hash(start, id.count)) & mask
        while true {
            let existing = slots[slot]
            if existing < 0 { return nil }
            if equal(Int(existing), start, id.count) { return Int(existing) }
            slot = (slot + 1) & mask
        }
    }

    public func row(for id: String) -> Int? {
        var id = id
        return id.withUTF8 { row(for: $0) }
    }

    @inline(__always)
    private func equal(_ row: Int, _ start: UnsafePointer<UInt8>, _ length: Int) -> Bool {
        let other = column.textBytes(row)
        return other.count == length && memcmp(other.baseAddress!, start, length) == 0
    }

    /// A fast 64-bit hash of a short byte string (FNV-style mixing over 8-byte words).
    @inline(__always)
    public static func hash(_ start: UnsafePointer<UInt8>, _ length: Int) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(length)
        var i = 0
        let raw = UnsafeRawPointer(start)
        while i + 8 <= length {
            h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0x100_0000_01B3_1F3D
            h ^= h >> 29
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < length {
            tail |= UInt64(start[i]) << shift
            shift += 8
            i += 1
        }
        h = (h ^ tail) &* 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 32
        return h
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
