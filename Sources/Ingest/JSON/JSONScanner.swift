import DataModel

/// Byte-level JSON tokens over a mapped file: whitespace, strings (decoded only when they hold
/// escapes), numbers kept as their literal text, literals, and skipping nested values with a
/// depth cap. No Foundation, no `String` per value.
struct JSONScanner {
    struct Failure: Error {
        let message: String
        let at: Int
    }

    /// Where a string's bytes ended up.
    struct Text {
        var start: UnsafePointer<UInt8>?
        var length: Int
        /// Offset in scratch when decoded (escapes), else -1 and `start` points into the file.
        var scratchOffset: Int
        var highBit: Bool
    }

    static let maxDepth = 64

    let base: UnsafePointer<UInt8>
    let end: Int

    @inline(__always)
    func skipWhitespace(_ p: inout Int, _ line: inout Int) {
        while p < end {
            let c = base[p]
            if c == 10 { line += 1 } else if c != 32 && c != 9 && c != 13 { return }
            p += 1
        }
    }

    /// Reads the string at `p` (which holds `"`); decoded bytes go to `scratch` only when the
    /// string has escapes.
    func string(_ p: inout Int, scratch: inout RawVec<UInt8>) throws(Failure) -> Text {
        let open = p
        p += 1
        let contentStart = p
        var high: UInt8 = 0
        while p < end {
            let c = base[p]
            if c == 34 {
                p += 1
                return Text(start: base + contentStart, length: p - 1 - contentStart, scratchOffset: -1, highBit: high >= 0x80)
            }
            if c == 92 { break }
            if c < 0x20 { throw Failure(message: "control character inside a string", at: p) }
            high |= c
            p += 1
        }
        guard p < end else { throw Failure(message: "unterminated string", at: open) }
        // Escapes: copy what we have, then decode the rest.
        let offset = scratch.count
        scratch.append(contentsOf: UnsafeBufferPointer(start: base + contentStart, count: p - contentStart))
        while p < end {
            let c = base[p]
            if c == 34 {
                p += 1
                return Text(start: nil, length: scratch.count - offset, scratchOffset: offset, highBit: high >= 0x80)
            }
            if c < 0x20 { throw Failure(message: "control character inside a string", at: p) }
            if c != 92 {
                high |= c
                scratch.append(c)
                p += 1
                continue
            }
            guard p + 1 < end else { break }
            let e = base[p + 1]
            p += 2
            switch e {
            case 34, 92, 47: scratch.append(e)
            case 98: scratch.append(8)
            case 102: scratch.append(12)
            case 110: scratch.append(10)
            case 114: scratch.append(13)
            case 116: scratch.append(9)
            case 117:
                var scalar = try hex4(&p)
                if scalar >= 0xD800, scalar < 0xDC00 {
                    guard p + 1 < end, base[p] == 92, base[p + 1] == 117 else {
                        throw Failure(message: "unpaired surrogate in \\u escape", at: p)
                    }
                    p += 2
                    let low = try hex4(&p)
                    guard low >= 0xDC00, low < 0xE000 else { throw Failure(message: "unpaired surrogate in \\u escape", at: p) }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if scalar >= 0xDC00, scalar < 0xE000 {
                    throw Failure(message: "unpaired surrogate in \\u escape", at: p)
                }
                appendUTF8(scalar, &scratch)
                if scalar >= 0x80 { high = 0x80 }
            default:
                throw Failure(message: "invalid escape in a string", at: p - 2)
            }
        }
        throw Failure(message: "unterminated string", at: open)
    }

    private func hex4(_ p: inout Int) throws(Failure) -> UInt32 {
        guard p + 4 <= end else { throw Failure(message: "truncated \\u escape", at: p) }
        var value: UInt32 = 0
        for k in 0..<4 {
            let c = base[p + k]
            let digit: UInt32
            switch c {
            case 48...57: digit = UInt32(c - 48)
            case 65...70: digit = UInt32(c - 55)
            case 97...102: digit = UInt32(c - 87)
            default: throw Failure(message: "invalid \\u escape", at: p)
            }
            value = value << 4 | digit
        }
        p += 4
        return value
    }

    private func appendUTF8(_ scalar: UInt32, _ out: inout RawVec<UInt8>) {
        switch scalar {
        case 0..<0x80: out.append(UInt8(scalar))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | scalar >> 6)); out.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | scalar >> 12)); out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            out.append(UInt8(0x80 | scalar & 0x3F))
        default:
            out.append(UInt8(0xF0 | scalar >> 18)); out.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            out.append(UInt8(0x80 | scalar >> 6 & 0x3F)); out.append(UInt8(0x80 | scalar & 0x3F))
        }
    }

    /// A JSON number at `p`; returns its literal length (the text is kept as written).
    func number(_ p: inout Int) throws(Failure) -> Int {
        let start = p
        if p < end, base[p] == 45 { p += 1 }
        guard p < end, isDigit(base[p]) else { throw Failure(message: "invalid number", at: start) }
        if base[p] == 48 { p += 1 } else { while p < end, isDigit(base[p]) { p += 1 } }
        if p < end, base[p] == 46 {
            p += 1
            guard p < end, isDigit(base[p]) else { throw Failure(message: "invalid number", at: start) }
            while p < end, isDigit(base[p]) { p += 1 }
        }
        if p < end, base[p] == 101 || base[p] == 69 {
            p += 1
            if p < end, base[p] == 43 || base[p] == 45 { p += 1 }
            guard p < end, isDigit(base[p]) else { throw Failure(message: "invalid number", at: start) }
            while p < end, isDigit(base[p]) { p += 1 }
        }
        return p - start
    }

    @inline(__always) private func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }

    /// Matches `true`, `false` or `null` at `p`; returns the literal's first byte.
    func literal(_ p: inout Int) throws(Failure) -> UInt8 {
        let c = base[p]
        let word: StaticString = c == 116 ? "true" : c == 102 ? "false" : "null"
        let length = word.utf8CodeUnitCount
        guard p + length <= end, memcmp(base + p, word.utf8Start, length) == 0 else {
            throw Failure(message: "unexpected character", at: p)
        }
        p += length
        return c
    }

    /// Skips any value at `p` (objects and arrays to a total depth of `maxDepth`).
    func skipValue(_ p: inout Int, _ line: inout Int, depth: Int, scratch: inout RawVec<UInt8>) throws(Failure) {
        guard p < end else { throw Failure(message: "unexpected end of input", at: p) }
        let c = base[p]
        switch c {
        case 34:
            let mark = scratch.count
            _ = try string(&p, scratch: &scratch)
            scratch.truncate(to: mark)
        case 123, 91:
            guard depth < JSONScanner.maxDepth else { throw Failure(message: "nesting deeper than \(JSONScanner.maxDepth)", at: p) }
            let close: UInt8 = c == 123 ? 125 : 93
            p += 1
            skipWhitespace(&p, &line)
            if p < end, base[p] == close { p += 1; return }
            while true {
                if c == 123 {
                    guard p < end, base[p] == 34 else { throw Failure(message: "expected a key", at: p) }
                    let mark = scratch.count
                    _ = try string(&p, scratch: &scratch)
                    scratch.truncate(to: mark)
                    skipWhitespace(&p, &line)
                    guard p < end, base[p] == 58 else { throw Failure(message: "expected ':'", at: p) }
                    p += 1
                    skipWhitespace(&p, &line)
                }
                try skipValue(&p, &line, depth: depth + 1, scratch: &scratch)
                skipWhitespace(&p, &line)
                guard p < end else { throw Failure(message: "unexpected end of input", at: p) }
                if base[p] == 44 { p += 1; skipWhitespace(&p, &line); continue }
                if base[p] == close { p += 1; return }
                throw Failure(message: "expected ',' or '\(c == 123 ? "}" : "]")'", at: p)
            }
        case 45, 48...57: _ = try number(&p)
        case 116, 102, 110: _ = try literal(&p)
        default: throw Failure(message: "unexpected character", at: p)
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
