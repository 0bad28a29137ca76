/// Dictionary encoding of sealed text columns with few distinct values.
///
/// Exports repeat a handful of values in many columns (payer, financial class, department,
/// codes, the staff ids of each row). Such a column keeps each distinct value once and a 16-bit
/// code per row instead of a 32-bit offset plus the bytes: 2 bytes a row instead of about 12.
/// A column is encoded only when it has at most one distinct value per `minimumRepeats` rows
/// (and at most 65,535), so the scan gives up early on nearly unique columns.
extension Column {
    static let minimumRepeats = 16

    /// This column dictionary-encoded, or nil when it is not text, too small, already encoded
    /// or has too many distinct values. Values and presence read exactly as before.
    ///
    /// Values of at most 8 bytes (codes, payers, staff ids) are found by their bytes as one
    /// word kept in the slot, without touching the entries; longer ones compare entry bytes.
    func dictionaryEncoded() -> Column? {
        let limit = Swift.min(Int(UInt16.max), count / Column.minimumRepeats)
        guard type.storage == .text, codes == nil, limit > 0, let offsets, let bytes else { return nil }
        var capacity = 64
        while capacity < 2 * (limit + 1) { capacity <<= 1 }
        let mask = capacity - 1, shift = UInt64(64 - capacity.trailingZeroBitCount)
        // Per slot: entry + 1 in the low 20 bits and, for a short value, its length above (0 =
        // empty slot); `words` holds a short value's bytes.
        var slots = RawVec<UInt32>(repeating: 0, count: capacity)
        var words = RawVec<UInt64>(repeating: 0, count: capacity)
        defer { slots.free(); words.free() }
        var entries = ColumnData(kind: .text)
        entries.bytes.reserve(256)
        entries.appendText(bytes, 0)
        var codes = RawVec<UInt16>()
        codes.reserve(count)
        let arenaEnd = Int(offsets[count])
        var previousWord: UInt64 = 0, previousLength = 0, previousCode: UInt16 = 0
        for row in 0..<count {
            let start = Int(offsets[row]), length = Int(offsets[row + 1]) - start
            if length == 0 { codes.append(0); continue }
            let value = bytes + start
            let short = length <= 8
            let word = short ? Column.word(value, length, readable: arenaEnd - start) : 0
            // Runs of one short value (exports are often sorted) need no lookup.
            if short, length == previousLength, word == previousWord {
                codes.append(previousCode)
                continue
            }
            let h = short ? (word ^ UInt64(length) << 59) &* 0x9E37_79B9_7F4A_7C15 : IdIndex.hash(value, length)
            var slot = Int(truncatingIfNeeded: h >> shift) & mask
            let lengthTag = short ? UInt32(length) << 20 : 0
            var code: UInt16
            while true {
                let entry = slots[slot]
                if entry == 0 {
                    guard entries.count <= limit else {
                        entries.free()
                        codes.free()
                        return nil
                    }
                    code = UInt16(entries.count)
                    entries.appendText(value, length)
                    slots[slot] = lengthTag | (UInt32(code) + 1)
                    words[slot] = word
                    break
                }
                if entry & ~0xFFFFF == lengthTag {
                    let known = Int(entry & 0xFFFFF) - 1
                    if short {
                        if words[slot] == word { code = UInt16(known); break }
                    } else {
                        let knownStart = Int(entries.offsets[known]), knownLength = Int(entries.offsets[known + 1]) - knownStart
                        if knownLength == length, IdIndex.same(UnsafePointer(entries.bytes.base!) + knownStart, value, length) {
                            code = UInt16(known)
                            break
                        }
                    }
                }
                slot = (slot + 1) & mask
            }
            codes.append(code)
            if short {
                previousWord = word
                previousLength = length
                previousCode = code
            }
        }
        return withData { data in
            Column(name: name, type: type, presence: data.presenceOnly(), entries: entries, codes: codes)
        }
    }

    /// The `length` (1 to 8) bytes at `value` as a little-endian word, zero above; `readable`
    /// bytes from `value` may be read.
    @inline(__always)
    static func word(_ value: UnsafePointer<UInt8>, _ length: Int, readable: Int) -> UInt64 {
        if readable >= 8 {
            let all = UnsafeRawPointer(value).loadUnaligned(as: UInt64.self)
            return length == 8 ? all : all & (UInt64(1) << UInt64(8 * length) - 1)
        }
        var word: UInt64 = 0
        for i in 0..<length { word |= UInt64(value[i]) << UInt64(8 * i) }
        return word
    }
}
