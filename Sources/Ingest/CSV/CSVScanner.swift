/// Finds the fields of one CSV record (RFC 4180) in a mapped file, without copying.
///
/// Quoted fields may hold commas, doubled quotes and CR/LF; records end at LF or CRLF. A quote
/// inside an unquoted field is taken literally. Line feeds are counted so every record knows its
/// physical line.
struct CSVScanner {
    enum Outcome: Equatable {
        case record(fields: Int)
        /// A quote never closed before the end of the file.
        case unterminatedQuote(column: Int)
        /// The record passed `maxRecordBytes`; `line` feeds were consumed through the cut.
        case overlong
        /// Text after a closing quote, before the next comma or line end.
        case textAfterQuote(column: Int)
    }

    let base: UnsafePointer<UInt8>
    let fileEnd: Int
    let width: Int
    let maxRecordBytes: Int

    private static let quote: UInt8 = 34, comma: UInt8 = 44, lf: UInt8 = 10, cr: UInt8 = 13

    /// Scans the record at `pos`, fills `spans[0 ..< min(fields, width)]`, advances `pos` past
    /// the record's line end and `line` by the line feeds consumed. `recordEnd` excludes the
    /// line terminator.
    ///
    /// Spans leave `highBit` unset: `highBytes` tells instead whether the record may hold a
    /// byte >= 0x80 (it may also be set by bytes just past the record), so that a reader
    /// validates UTF-8 once per record, only for records that need it.
    @inline(__always)
    func scan(pos: inout Int, line: inout Int, recordEnd: inout Int,
              spans: UnsafeMutableBufferPointer<FieldSpan>, highBytes: inout Bool) -> Outcome {
        let b = base
        let recordStart = pos
        var p = pos
        var field = 0
        // Every byte (or word) looked at, OR-ed: its top bits flag a byte >= 0x80.
        var seen: UInt64 = 0
        defer { highBytes = seen & 0x8080_8080_8080_8080 != 0 }
        while true {
            var span = FieldSpan.missing
            if p < fileEnd, b[p] == Self.quote {
                let contentStart = p + 1
                var q = contentStart
                var escaped = false, closed = false
                while q < fileEnd {
                    let c = b[q]
                    if c == Self.quote {
                        if q + 1 < fileEnd, b[q + 1] == Self.quote { escaped = true; q += 2; continue }
                        closed = true
                        break
                    }
                    if c == Self.lf {
                        line += 1
                        if q - recordStart > maxRecordBytes {
                            recordEnd = q
                            pos = q + 1
                            return .overlong
                        }
                    }
                    seen |= UInt64(c)
                    q += 1
                }
                guard closed else {
                    recordEnd = fileEnd
                    pos = fileEnd
                    return .unterminatedQuote(column: field)
                }
                span = FieldSpan(start: b + contentStart, length: q - contentStart,
                                 shape: escaped ? .csvEscaped : .plain, highBit: false)
                p = q + 1
                if p < fileEnd {
                    let c = b[p]
                    if c == Self.cr, p + 1 < fileEnd, b[p + 1] == Self.lf {
                        p += 1
                    } else if c != Self.comma, c != Self.lf {
                        let column = field
                        while p < fileEnd, b[p] != Self.lf { p += 1 }
                        recordEnd = p > recordStart && b[p - 1] == Self.cr ? p - 1 : p
                        if p < fileEnd { p += 1; line += 1 }
                        pos = p
                        return .textAfterQuote(column: column)
                    }
                }
            } else {
                let fieldStart = p
                // Eight bytes at a time: find the first comma or line feed (SWAR zero-byte test;
                // the lowest flagged byte is exact).
                while p + 8 <= fileEnd {
                    let w = UnsafeRawPointer(b + p).loadUnaligned(as: UInt64.self)
                    seen |= w
                    let commas = w ^ 0x2C2C_2C2C_2C2C_2C2C, feeds = w ^ 0x0A0A_0A0A_0A0A_0A0A
                    let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
                    let found = ((commas &- ones) & ~commas | (feeds &- ones) & ~feeds) & highs
                    if found != 0 {
                        p += found.trailingZeroBitCount >> 3
                        break
                    }
                    p += 8
                }
                while p < fileEnd {
                    let c = b[p]
                    if c == Self.comma || c == Self.lf { break }
                    seen |= UInt64(c)
                    p += 1
                }
                var fieldEnd = p
                if fieldEnd > fieldStart, b[fieldEnd - 1] == Self.cr, p == fileEnd || b[p] == Self.lf { fieldEnd -= 1 }
                span = FieldSpan(start: b + fieldStart, length: fieldEnd - fieldStart, shape: .plain, highBit: false)
            }
            if field < width { spans[field] = span }
            field += 1
            if p >= fileEnd {
                recordEnd = fileEnd
                pos = fileEnd
                break
            }
            if b[p] == Self.comma { p += 1; continue }
            // b[p] is LF (a CR before it was skipped above or trimmed from the field).
            recordEnd = p > recordStart && b[p - 1] == Self.cr ? p - 1 : p
            pos = p + 1
            line += 1
            break
        }
        if recordEnd - recordStart > maxRecordBytes { return .overlong }
        return .record(fields: field)
    }
}
