/// Turns JSON text into a Lua chunk that returns the same value as a table: objects become
/// tables with string keys, arrays sequences, `null` nil (an object's null key is left out; an
/// array keeps its position). Numbers keep their literal text, so integers stay Lua integers.
/// Strings are written byte by byte with decimal escapes, so no report text can end the literal.
enum LuaLiteral {
    struct Invalid: Error, CustomStringConvertible {
        var offset: Int
        var description: String { "the report is not valid JSON near byte \(offset)" }
    }

    static func chunk(fromJSON text: String) throws -> String {
        var reader = Reader(bytes: Array(text.utf8))
        var out: [UInt8] = Array("return ".utf8)
        reader.skipSpace()
        try reader.value(into: &out, depth: 0)
        reader.skipSpace()
        guard reader.index == reader.bytes.count else { throw Invalid(offset: reader.index) }
        return String(decoding: out, as: UTF8.self)
    }

    private struct Reader {
        let bytes: [UInt8]
        var index = 0

        init(bytes: [UInt8]) { self.bytes = bytes }

        mutating func skipSpace() {
            while index < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[index]) { index += 1 }
        }

        mutating func expect(_ byte: UInt8) throws {
            skipSpace()
            guard index < bytes.count, bytes[index] == byte else { throw Invalid(offset: index) }
            index += 1
        }

        mutating func literal(_ word: String) throws {
            for byte in word.utf8 {
                guard index < bytes.count, bytes[index] == byte else { throw Invalid(offset: index) }
                index += 1
            }
        }

        mutating func value(into out: inout [UInt8], depth: Int) throws {
            guard depth < 64 else { throw Invalid(offset: index) }
            skipSpace()
            guard index < bytes.count else { throw Invalid(offset: index) }
            switch bytes[index] {
            case UInt8(ascii: "{"):
                index += 1
                out.append(UInt8(ascii: "{"))
                skipSpace()
                if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; out.append(UInt8(ascii: "}")); return }
                repeat {
                    skipSpace()
                    var key: [UInt8] = []
                    try string(into: &key)
                    try expect(UInt8(ascii: ":"))
                    skipSpace()
                    if bytes[index...].starts(with: "null".utf8) {
                        index += 4
                    } else {
                        out.append(UInt8(ascii: "["))
                        out += key
                        out += Array("]=".utf8)
                        try value(into: &out, depth: depth + 1)
                        out.append(UInt8(ascii: ","))
                    }
                    skipSpace()
                } while try more(closing: UInt8(ascii: "}"))
                out.append(UInt8(ascii: "}"))
            case UInt8(ascii: "["):
                index += 1
                out.append(UInt8(ascii: "{"))
                skipSpace()
                if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; out.append(UInt8(ascii: "}")); return }
                repeat {
                    try value(into: &out, depth: depth + 1)
                    out.append(UInt8(ascii: ","))
                    skipSpace()
                } while try more(closing: UInt8(ascii: "]"))
                out.append(UInt8(ascii: "}"))
            case UInt8(ascii: "\""): try string(into: &out)
            case UInt8(ascii: "t"): try literal("true"); out += Array("true".utf8)
            case UInt8(ascii: "f"): try literal("false"); out += Array("false".utf8)
            case UInt8(ascii: "n"): try literal("null"); out += Array("nil".utf8)
            default: try number(into: &out)
            }
        }

        /// After an item: true at ",", false at the closing bracket.
        mutating func more(closing: UInt8) throws -> Bool {
            guard index < bytes.count else { throw Invalid(offset: index) }
            if bytes[index] == UInt8(ascii: ",") { index += 1; return true }
            if bytes[index] == closing { index += 1; return false }
            throw Invalid(offset: index)
        }

        mutating func number(into out: inout [UInt8]) throws {
            let start = index
            while index < bytes.count, "0123456789+-.eE".utf8.contains(bytes[index]) { index += 1 }
            guard index > start else { throw Invalid(offset: index) }
            // A leading "-" must not touch a previous "-" (Lua's comment marker): add a space.
            out.append(UInt8(ascii: " "))
            out += bytes[start..<index]
        }

        /// A JSON string, decoded, written as a Lua string with every byte outside printable
        /// ASCII (and the quote and backslash) as a decimal escape.
        mutating func string(into out: inout [UInt8]) throws {
            try expect(UInt8(ascii: "\""))
            var decoded: [UInt8] = []
            while true {
                guard index < bytes.count else { throw Invalid(offset: index) }
                let byte = bytes[index]
                index += 1
                if byte == UInt8(ascii: "\"") { break }
                guard byte == UInt8(ascii: "\\") else { decoded.append(byte); continue }
                guard index < bytes.count else { throw Invalid(offset: index) }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "n"): decoded.append(0x0A)
                case UInt8(ascii: "t"): decoded.append(0x09)
                case UInt8(ascii: "r"): decoded.append(0x0D)
                case UInt8(ascii: "b"): decoded.append(0x08)
                case UInt8(ascii: "f"): decoded.append(0x0C)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800..<0xDC00).contains(scalar), bytes[index...].starts(with: "\\u".utf8) {
                        index += 2
                        let low = try hex4()
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    decoded += Array(String(Unicode.Scalar(scalar).map(Character.init) ?? "\u{FFFD}").utf8)
                default: decoded.append(escape)   // \" \\ \/
                }
            }
            out.append(UInt8(ascii: "\""))
            for byte in decoded {
                if byte >= 0x20, byte < 0x7F, byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\\") {
                    out.append(byte)
                } else {
                    let digits = String(byte)
                    out += Array(("\\" + String(repeating: "0", count: 3 - digits.count) + digits).utf8)
                }
            }
            out.append(UInt8(ascii: "\""))
        }

        mutating func hex4() throws -> UInt32 {
            guard index + 4 <= bytes.count, let value = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16)
            else { throw Invalid(offset: index) }
            index += 4
            return value
        }
    }
}
