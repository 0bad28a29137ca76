/// An id column that reads as one prefix plus a zero-padded counter rising by one per row
/// (`C0000000`, `C0000001`, …), as exports numbered by their system usually are.
///
/// Such a column needs no hash table: the row of an id is its counter minus the first one. It
/// saves the table's memory (a 3M-row table's is 32 MiB), the cache misses of filling it and
/// those of every lookup. `IdIndex` detects it when built and falls back to hashing otherwise.
struct IdSequence {
    /// Bytes before the counter, the counter's digits and its value on row 0.
    let prefixLength: Int
    let digits: Int
    let first: Int
    let rowCount: Int
    /// Row 0's id, whose first `prefixLength` bytes are the prefix every id shares.
    let prefix: UnsafePointer<UInt8>

    /// The sequence the column's ids follow, or nil when a row is missing or breaks it.
    static func detect(presence: UnsafePointer<UInt8>, offsets: UnsafePointer<TextOffset>,
                       bytes: UnsafePointer<UInt8>, count: Int) -> IdSequence? {
        guard count > 0, presence[0] != 0 else { return nil }
        let length = Int(offsets[1] - offsets[0])
        let id = bytes + Int(offsets[0])
        var digits = 0
        while digits < length, digits < 18, isDigit(id[length - 1 - digits]) { digits += 1 }
        guard digits > 0 else { return nil }
        let prefixLength = length - digits
        guard let first = counter(id + prefixLength, digits) else { return nil }
        // Each row must hold the id whose counter is row 0's plus the row: what `row(of:)`
        // reads back (the counter from the id's last word when it fits, no carry loop).
        let sequence = IdSequence(prefixLength: prefixLength, digits: digits, first: first, rowCount: count, prefix: id)
        // Ids of 8 to 16 bytes whose previous id does not end in 9 need no parsing: the id must
        // be the previous one with its last byte one higher (its first and last 8 bytes as two
        // words; they overlap below 16 bytes). Only a carry takes `row(of:)`.
        let words = length >= 8 && length <= 16
        var head: UInt64 = 0, tail: UInt64 = 0
        if words { (head, tail) = (DigitWords.load(id), DigitWords.load(id + length - 8)) }
        for row in 1..<count {
            let start = Int(offsets[row]), rowLength = Int(offsets[row + 1]) - start
            guard presence[row] != 0 else { return nil }
            let value = bytes + start
            if words, tail >> 56 != 0x39, rowLength == length {
                let nextTail = DigitWords.load(value + length - 8), nextHead = DigitWords.load(value)
                guard nextTail == tail &+ (1 << 56), length == 8 || nextHead == head else { return nil }
                (head, tail) = (nextHead, nextTail)
                continue
            }
            guard sequence.row(of: value, rowLength) == row else { return nil }
            if words { (head, tail) = (DigitWords.load(value), DigitWords.load(value + length - 8)) }
        }
        return sequence
    }

    /// The row holding this id, or nil when the id is not in the sequence.
    @inline(__always)
    func row(of start: UnsafePointer<UInt8>, _ length: Int) -> Int? {
        guard length == prefixLength + digits,
              prefixLength == 0 || IdIndex.same(start, prefix, prefixLength) else { return nil }
        // Ids of 8 bytes or more with at most 8 digits (`E0000123`): the counter is read from
        // the id's last word at once.
        let counter = digits <= 8 && length >= 8 ? IdSequence.lastDigits(start + length - 8, digits)
                                                 : IdSequence.counter(start + prefixLength, digits)
        guard let value = counter else { return nil }
        let row = value &- first
        return row >= 0 && row < rowCount ? row : nil
    }

    /// The value of `digits` ASCII digits, or nil when one is not a digit (`digits` < 19, so
    /// it cannot overflow).
    @inline(__always)
    static func counter(_ p: UnsafePointer<UInt8>, _ digits: Int) -> Int? {
        var value = 0
        for i in 0..<digits {
            let d = p[i] &- 48
            guard d < 10 else { return nil }
            value = value &* 10 &+ Int(d)
        }
        return value
    }

    /// The value of the last `digits` (1 to 8) of the 8 bytes at `p`, or nil when one is not an
    /// ASCII digit: checked and converted a word at a time (SWAR), the first digit being the
    /// lowest byte of the little-endian word.
    @inline(__always)
    static func lastDigits(_ p: UnsafePointer<UInt8>, _ digits: Int) -> Int? {
        var word = DigitWords.load(p)
        if digits < 8 {
            // The bytes before the counter read as leading zeros.
            let before = (UInt64(1) << UInt64(8 * (8 - digits))) &- 1
            word = word & ~before | 0x3030_3030_3030_3030 & before
        }
        guard DigitWords.allDigits(word, mask: UInt64.max) else { return nil }
        return DigitWords.eightDigits(word)
    }

    @inline(__always)
    static func isDigit(_ c: UInt8) -> Bool { c &- 48 < 10 }
}
