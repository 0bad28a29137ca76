import DataModel

/// Parses one trimmed, non-empty value of a typed field and appends it to its column.
/// Returns nil on success; on failure appends nothing and returns the reason.
enum ValueConversion {
    @inline(__always)
    static func append(_ p: UnsafePointer<UInt8>, _ length: Int, type: FieldType,
                       into data: inout ColumnData, scratch: inout RawVec<UInt8>) -> String? {
        switch type {
        case .id, .text:
            data.appendText(p, length)
        case .int:
            guard let value = NumberParsing.int(p, length) else { return invalid("integer", p, length) }
            data.appendInt64(value)
        case .number:
            guard let value = NumberParsing.number(p, length) else { return invalid("number", p, length) }
            data.appendDouble(value)
        case .money:
            switch MoneyParsing.cents(p, length) {
            case .success(let cents): data.appendInt64(cents)
            case .failure(.precision): return "money '\(quoted(p, length))' has more than 2 decimals"
            case .failure(.overflow): return "money '\(quoted(p, length))' is out of range"
            case .failure(.syntax): return invalid("money amount (such as 1234.50, $1,234.50, (12.00))", p, length)
            }
        case .date:
            guard let days = DateParsing.date(p, length) else { return invalid("date (YYYY-MM-DD)", p, length) }
            data.appendInt32(days)
        case .datetime:
            guard let seconds = DateParsing.datetime(p, length) else {
                return invalid("datetime (YYYY-MM-DDTHH:MM[:SS])", p, length)
            }
            data.appendInt64(seconds)
        case .bool:
            guard let value = NumberParsing.bool(p, length) else {
                return invalid("boolean (true/false, yes/no, y/n, t/f, 1/0)", p, length)
            }
            data.appendBool(value)
        case .list:
            appendList(p, length, into: &data)
        }
        return nil
    }

    /// `;`-separated items, each trimmed of blanks; empty items are dropped.
    @inline(__always)
    static func appendList(_ p: UnsafePointer<UInt8>, _ length: Int, into data: inout ColumnData) {
        forEachListItem(p, length) { data.appendListItem($0, $1) }
        data.finishList()
    }

    /// Calls `body` with each item of a list value: `;`-separated, trimmed of blanks, empty
    /// items dropped (the one definition of list items, for `appendList` and block conversion).
    @inline(__always)
    static func forEachListItem(_ p: UnsafePointer<UInt8>, _ length: Int, _ body: (UnsafePointer<UInt8>, Int) -> Void) {
        func item(_ start: Int, _ end: Int) {
            var s = start, e = end
            while s < e, p[s] == 32 || p[s] == 9 { s += 1 }
            while e > s, p[e - 1] == 32 || p[e - 1] == 9 { e -= 1 }
            if e > s { body(p + s, e - s) }
        }
        var itemStart = 0
        var i = 0
        // Eight bytes at a time, the separators found from one word: a byte of `x` is 0 exactly
        // where the byte is `;`, and the test below cannot carry from one byte into the next.
        while i + 8 <= length {
            let x = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self) ^ 0x3B3B_3B3B_3B3B_3B3B
            var separators = ~(((x & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7F7F_7F7F_7F7F_7F7F) | x) & 0x8080_8080_8080_8080
            while separators != 0 {
                let at = i + separators.trailingZeroBitCount >> 3
                item(itemStart, at)
                itemStart = at + 1
                separators &= separators &- 1
            }
            i += 8
        }
        while i < length {
            if p[i] == 59 {
                item(itemStart, i)
                itemStart = i + 1
            }
            i += 1
        }
        item(itemStart, length)
    }

    static func invalid(_ what: String, _ p: UnsafePointer<UInt8>, _ length: Int) -> String {
        "'\(quoted(p, length))' is not a valid \(what)"
    }

    /// The value for a message: at most 40 bytes, control characters dropped.
    static func quoted(_ p: UnsafePointer<UInt8>, _ length: Int) -> String {
        let shown = UnsafeBufferPointer(start: p, count: min(length, 40)).filter { $0 >= 32 && $0 != 127 }
        return String(decoding: shown, as: UTF8.self) + (length > 40 ? "…" : "")
    }
}
