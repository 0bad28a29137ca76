/// Dictionary-encodes text values as they arrive: each distinct value is kept once in `entries`
/// (entry 0 is the empty text, which missing rows get too) and each row gets a 16-bit code.
///
/// `TableBuilder` feeds it a chunk at a time while reading, so a column with few distinct values
/// never holds its text row by row; `Column.dictionaryEncoded()` feeds it a whole column. Codes
/// follow first appearance, so both give the same entries and codes for the same rows.
///
/// Values of at most 8 bytes (codes, payers, staff ids) are found by their bytes as one word
/// kept in the slot, without touching the entries; longer ones compare entry bytes. A plain
/// struct of `RawVec`s: its owner calls `free()` or takes `entries` and `codes`.
struct DictionaryEncoder {
    /// Distinct non-empty values at most; a value past it makes `append` give up.
    let limit: Int
    /// Rows after which a column with more distinct values than half its rows gives up too: it
    /// is nearly unique (member ids, parent ids) and could never meet `Column.minimumRepeats`
    /// without many times more rows repeating its values, so hashing on only costs time.
    static let uniqueCheckRows = 16_384
    private(set) var entries = ColumnData(kind: .text)
    private(set) var codes = RawVec<UInt16>()
    /// Bytes the rows' values take as plain text, to keep plain columns' 4 GiB limit.
    private(set) var textBytes = 0
    /// Per slot: entry + 1 in the low 20 bits and, for a short value, its length above (0 =
    /// empty slot); `words` holds a short value's bytes.
    private var slots = RawVec<UInt32>()
    private var words = RawVec<UInt64>()
    private var shift: UInt64 = 0
    /// The last short value seen: runs of one value (exports are often sorted) need no lookup.
    private var previousWord: UInt64 = 0, previousLength = 0, previousCode: UInt16 = 0

    init(limit: Int) {
        precondition(limit <= Int(UInt16.max))
        self.limit = limit
        // Reserved up front, so the arena's base is never nil.
        entries.bytes.reserve(256)
        entries.appendText(UnsafePointer(entries.bytes.base!), 0)
        rehash(capacity: 64)
    }

    mutating func free() {
        entries.free()
        codes.free()
        slots.free()
        words.free()
    }

    /// The entries and codes, for a sealed column; frees the lookup table.
    consuming func finish() -> (entries: ColumnData, codes: RawVec<UInt16>) {
        slots.free()
        words.free()
        return (entries, codes)
    }

    /// Distinct non-empty values so far.
    var distinct: Int { entries.count - 1 }

    /// Encodes every row of a text `data` (a missing or empty row gets code 0). Returns false,
    /// with `codes` as before the call, when the values pass `limit`.
    mutating func append(_ data: ColumnData) -> Bool {
        precondition(data.kind == .text)
        let rows = data.count
        guard rows > 0, let offsets = data.offsets.base else { return true }
        let firstRow = codes.count
        codes.reserve(firstRow + rows)
        // Codes and the last value are kept in locals and stored once at the end: a store
        // through `codes` may alias this encoder's own fields, which would be reloaded per row.
        let out = codes.base.unsafelyUnwrapped + firstRow
        var previousWord = self.previousWord, previousLength = self.previousLength, previousCode = self.previousCode
        let arenaEnd = Int(offsets[rows])
        // Only read for values of at least one byte, so an arena never allocated is never read.
        let bytes = UnsafePointer(data.bytes.base)
        for row in 0..<rows {
            let start = Int(offsets[row]), length = Int(offsets[row + 1]) - start
            if length == 0 { out[row] = 0; continue }
            let value = bytes.unsafelyUnwrapped + start
            if length <= 8 {
                let word = DictionaryEncoder.word(value, length, readable: arenaEnd - start)
                if length == previousLength, word == previousWord {
                    out[row] = previousCode
                    continue
                }
                guard let code = code(short: value, length, word, row: firstRow + row) else { return false }
                out[row] = code
                previousWord = word
                previousLength = length
                previousCode = code
            } else {
                guard let code = code(long: value, length, row: firstRow + row) else { return false }
                out[row] = code
            }
        }
        codes.didAppend(rows)
        self.previousWord = previousWord
        self.previousLength = previousLength
        self.previousCode = previousCode
        textBytes += arenaEnd
        return true
    }

    /// Appends `rows` rows of code 0 (missing rows of a column an earlier file lacked).
    mutating func appendEmpty(count rows: Int) {
        codes.append(repeating: 0, count: rows)
    }

    /// The rows as a plain text column with `presence`'s flags (a presence-only `ColumnData`
    /// of the same rows); frees the encoder and `presence`.
    consuming func decoded(presence: consuming ColumnData) -> ColumnData {
        precondition(presence.count == codes.count)
        defer { presence.free() }
        var out = ColumnData(kind: .text)
        out.bytes.reserve(textBytes)
        out.offsets.reserve(codes.count + 1)
        let base = UnsafePointer(entries.bytes.base!)
        for row in 0..<codes.count {
            guard presence.isPresent(row) else { out.appendMissing(); continue }
            let code = Int(codes[row])
            let start = Int(entries.offsets[code]), end = Int(entries.offsets[code + 1])
            out.appendText(base + start, end - start)
        }
        free()
        return out
    }

    // MARK: lookup

    private var mask: Int { slots.count - 1 }

    @inline(__always)
    private mutating func code(short value: UnsafePointer<UInt8>, _ length: Int, _ word: UInt64, row: Int) -> UInt16? {
        let lengthTag = UInt32(length) << 20
        var slot = slotIndex(DictionaryEncoder.shortHash(word, length))
        while true {
            let entry = slots[slot]
            if entry == 0 { return add(value, length, at: slot, tag: lengthTag, word: word, row: row) }
            if entry & ~0xFFFFF == lengthTag, words[slot] == word { return UInt16(Int(entry & 0xFFFFF) - 1) }
            slot = (slot &+ 1) & mask
        }
    }

    @inline(__always)
    private mutating func code(long value: UnsafePointer<UInt8>, _ length: Int, row: Int) -> UInt16? {
        var slot = slotIndex(DictionaryEncoder.longHash(value, length))
        while true {
            let entry = slots[slot]
            if entry == 0 { return add(value, length, at: slot, tag: 0, word: 0, row: row) }
            if entry & ~0xFFFFF == 0 {
                let known = Int(entry & 0xFFFFF) - 1
                let knownStart = Int(entries.offsets[known]), knownLength = Int(entries.offsets[known + 1]) - knownStart
                if knownLength == length, IdIndex.same(UnsafePointer(entries.bytes.base!) + knownStart, value, length) {
                    return UInt16(known)
                }
            }
            slot = (slot &+ 1) & mask
        }
    }

    /// A new entry in the empty `slot`, or nil past `limit` or once the column looks unique
    /// (`uniqueCheckRows`); `row` is the row being encoded. Both depend only on the rows before
    /// it, so encoding a column chunk by chunk and whole give up at the same row.
    private mutating func add(_ value: UnsafePointer<UInt8>, _ length: Int, at slot: Int, tag: UInt32, word: UInt64,
                              row: Int) -> UInt16? {
        guard distinct < limit, row < DictionaryEncoder.uniqueCheckRows || 2 * distinct <= row else { return nil }
        let code = UInt16(entries.count)
        entries.appendText(value, length)
        slots[slot] = tag | (UInt32(code) + 1)
        words[slot] = word
        // At most a quarter full: a value is then found at its first slot as a rule, and the probe
        // loop is rarely left by a mispredicted branch (half full cost 12 % more time here).
        if 4 * entries.count > slots.count { rehash(capacity: 2 * slots.count) }
        return code
    }

    @inline(__always)
    private func slotIndex(_ hash: UInt64) -> Int { Int(truncatingIfNeeded: hash >> shift) & mask }

    /// Rebuilds the table at `capacity` slots (a power of two) from the entries.
    private mutating func rehash(capacity: Int) {
        slots.free()
        words.free()
        slots = RawVec(repeating: 0, count: capacity)
        words = RawVec(repeating: 0, count: capacity)
        shift = UInt64(64 - capacity.trailingZeroBitCount)
        guard entries.count > 1, let base = entries.bytes.base else { return }
        let arenaEnd = entries.bytes.count
        for code in 1..<entries.count {
            let start = Int(entries.offsets[code]), length = Int(entries.offsets[code + 1]) - start
            let value = UnsafePointer(base) + start
            let short = length <= 8
            let word = short ? DictionaryEncoder.word(value, length, readable: arenaEnd - start) : 0
            var slot = slotIndex(short ? DictionaryEncoder.shortHash(word, length) : DictionaryEncoder.longHash(value, length))
            while slots[slot] != 0 { slot = (slot &+ 1) & mask }
            slots[slot] = (short ? UInt32(length) << 20 : 0) | (UInt32(code) + 1)
            words[slot] = word
        }
    }

    @inline(__always)
    private static func shortHash(_ word: UInt64, _ length: Int) -> UInt64 {
        (word ^ UInt64(length) << 59) &* 0x9E37_79B9_7F4A_7C15
    }

    /// A value of more than 8 bytes: up to 16 (classes, claim types) from two overlapping words,
    /// without a byte loop; longer ones as `IdIndex` hashes them.
    @inline(__always)
    private static func longHash(_ value: UnsafePointer<UInt8>, _ length: Int) -> UInt64 {
        guard length <= 16 else { return IdIndex.hash(value, length) }
        let raw = UnsafeRawPointer(value)
        let head = raw.loadUnaligned(as: UInt64.self), tail = raw.loadUnaligned(fromByteOffset: length - 8, as: UInt64.self)
        let mixed = (head ^ UInt64(length) << 59) &* 0x9E37_79B9_7F4A_7C15 ^ tail
        return mixed &* 0xBF58_476D_1CE4_E5B9
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
