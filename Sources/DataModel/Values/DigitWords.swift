/// ASCII digits checked and read a word at a time (SWAR): canonical dates and times put their
/// digits and separators at fixed places, so one 8-byte load checks a whole `YYYY-MM-` or
/// `HH:MM:SS` instead of a branch per byte; numbered ids and money amounts read up to eight
/// digits with three multiplications instead of a loop. Public and inlinable for the readers.
public enum DigitWords {
    /// True when every byte that `mask` selects (0xFF per byte) is an ASCII digit.
    @inlinable @inline(__always)
    public static func allDigits(_ word: UInt64, mask: UInt64) -> Bool {
        let high = 0xF0F0_F0F0_F0F0_F0F0 & mask, threes = 0x3030_3030_3030_3030 & mask
        // 0x30-0x39 plus 6 stays below 0x40 (and cannot carry into the next byte); 0x3A-0x3F do not.
        return word & high == threes && (word &+ (0x0606_0606_0606_0606 & mask)) & high == threes
    }

    /// The digit value of byte `index` (0 = first in memory) of a little-endian word.
    @inlinable @inline(__always)
    public static func digit(_ word: UInt64, _ index: Int) -> Int {
        Int(truncatingIfNeeded: word >> UInt64(8 * index)) & 0xF
    }

    /// The two-digit number at bytes `index` and `index + 1`.
    @inlinable @inline(__always)
    public static func twoDigits(_ word: UInt64, _ index: Int) -> Int {
        digit(word, index) * 10 + digit(word, index + 1)
    }

    /// The eight-digit number whose digits are the low nibbles of the word's bytes, the first
    /// byte in memory the most significant (ASCII digits, or digit values 0–9 with 0 for
    /// missing leading digits).
    @inlinable @inline(__always)
    public static func eightDigits(_ word: UInt64) -> Int {
        var value = word & 0x0F0F_0F0F_0F0F_0F0F
        value = (value &* 10 &+ value >> 8) & 0x00FF_00FF_00FF_00FF
        value = (value &* 100 &+ value >> 16) & 0x0000_FFFF_0000_FFFF
        value = (value &* 10000 &+ value >> 32) & 0xFFFF_FFFF
        return Int(value)
    }

    @inlinable @inline(__always)
    public static func load(_ p: UnsafePointer<UInt8>) -> UInt64 {
        UnsafeRawPointer(p).loadUnaligned(as: UInt64.self)
    }
}
