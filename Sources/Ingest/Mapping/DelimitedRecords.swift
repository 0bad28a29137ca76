/// Splits an export that a mapping reads (any delimiter) into records, RFC 4180 style: quotes,
/// doubled quotes, CR/LF inside quotes, CRLF or LF. The mapped path is not the fast path: it
/// works on a decoded copy of the file and copies each field.
public struct DelimitedRecords {
    public enum Item {
        /// Fields (quotes undone) and the physical lines the record spans.
        case record(fields: [[UInt8]], firstLine: Int, lastLine: Int, raw: Range<Int>)
        /// A physical line that cannot be part of a record, and why.
        case broken(line: Int, raw: Range<Int>, reason: String)
    }

    let bytes: [UInt8]
    let delimiter: UInt8
    let maxRecordBytes: Int
    private(set) var position = 0
    private(set) var line = 1

    public init(bytes: [UInt8], delimiter: UInt8, maxRecordBytes: Int) {
        self.bytes = bytes
        self.delimiter = delimiter
        self.maxRecordBytes = maxRecordBytes
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
    }

    public mutating func next() -> Item? {
        while position < bytes.count, bytes[position] == 10 || bytes[position] == 13 {   // blank lines
            if bytes[position] == 10 { line += 1 }
            position += 1
        }
        guard position < bytes.count else { return nil }
        let start = position, firstLine = line
        var fields: [[UInt8]] = []
        var field: [UInt8] = []
        var i = position
        var currentLine = line
        while true {
            if i - start > maxRecordBytes { return skipLine(from: start, line: firstLine, reason: "record longer than --max-record-bytes (\(maxRecordBytes))") }
            if i < bytes.count, bytes[i] == UInt8(ascii: "\""), field.isEmpty {
                i += 1
                var closed = false
                while i < bytes.count {
                    if i - start > maxRecordBytes { return skipLine(from: start, line: firstLine, reason: "record longer than --max-record-bytes (\(maxRecordBytes))") }
                    let b = bytes[i]
                    if b == UInt8(ascii: "\"") {
                        if i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "\"") { field.append(b); i += 2; continue }
                        i += 1
                        closed = true
                        break
                    }
                    if b == 10 { currentLine += 1 }
                    field.append(b)
                    i += 1
                }
                if !closed { return skipLine(from: start, line: firstLine, reason: "unterminated quote") }
                if i < bytes.count, bytes[i] != delimiter, bytes[i] != 10, bytes[i] != 13 {
                    return skipLine(from: start, line: firstLine, reason: "text after a closing quote")
                }
                continue
            }
            if i >= bytes.count || bytes[i] == 10 || bytes[i] == 13 {
                fields.append(field)
                let end = i
                if i < bytes.count, bytes[i] == 13 { i += 1 }
                if i < bytes.count, bytes[i] == 10 { i += 1; currentLine += 1 } else if i > end { currentLine += 1 }
                position = i
                line = currentLine
                return .record(fields: fields, firstLine: firstLine, lastLine: currentLine - (i > end ? 1 : 0), raw: start..<end)
            }
            if bytes[i] == delimiter {
                fields.append(field)
                field = []
                i += 1
                continue
            }
            field.append(bytes[i])
            i += 1
        }
    }

    /// Rejects the physical line at `start` and resumes on the next one.
    private mutating func skipLine(from start: Int, line firstLine: Int, reason: String) -> Item {
        var end = start
        while end < bytes.count, bytes[end] != 10 { end += 1 }
        position = min(end + 1, bytes.count)
        line = firstLine + 1
        let contentEnd = end > start && bytes[end - 1] == 13 ? end - 1 : end
        return .broken(line: firstLine, raw: start..<contentEnd, reason: reason)
    }
}

/// Windows-1252 to UTF-8 (the bytes 0x80–0x9F are the only ones that differ from Latin-1).
enum Windows1252 {
    private static let high: [UInt32] = [
        0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
        0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
    ]

    static func utf8(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 8)
        for b in bytes {
            if b < 0x80 { out.append(b); continue }
            let scalar = b < 0xA0 ? high[Int(b - 0x80)] : UInt32(b)
            out.append(contentsOf: Array(String(UnicodeScalar(scalar)!).utf8))
        }
        return out
    }
}
