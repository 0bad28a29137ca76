/// A date/datetime layout with the letters SPEC section 5 lists — `yyyy MM M dd d HH H hh h a
/// mm ss SSS X XXX` and 'quoted literals' — parsed without any locale.
public struct DateFormat: Sendable, Equatable {
    enum Token: Sendable, Equatable {
        case year4, month2, month, day2, day, hour24x2, hour24, hour12x2, hour12, ampm
        case minute2, second2, millis3, zoneShort, zoneLong
        case literal([UInt8])
    }

    let tokens: [Token]
    public let pattern: String

    /// nil with a reason when the pattern has an unknown letter or an unclosed quote.
    public init(_ pattern: String) throws(DateFormatError) {
        self.pattern = pattern
        var tokens: [Token] = []
        let chars = Array(pattern.utf8)
        var i = 0
        let table: [(String, Token)] = [
            ("yyyy", .year4), ("MM", .month2), ("M", .month), ("dd", .day2), ("d", .day),
            ("HH", .hour24x2), ("H", .hour24), ("hh", .hour12x2), ("h", .hour12), ("a", .ampm),
            ("mm", .minute2), ("ss", .second2), ("SSS", .millis3), ("XXX", .zoneLong), ("X", .zoneShort),
        ]
        outer: while i < chars.count {
            let c = chars[i]
            if c == UInt8(ascii: "'") {
                guard let close = chars[(i + 1)...].firstIndex(of: UInt8(ascii: "'")) else {
                    throw DateFormatError(pattern: pattern, reason: "a quoted literal is not closed")
                }
                tokens.append(.literal(Array(chars[(i + 1)..<close])))
                i = close + 1
                continue
            }
            let isLetter = (65...90).contains(c) || (97...122).contains(c)
            if !isLetter {
                tokens.append(.literal([c]))
                i += 1
                continue
            }
            for (text, token) in table.filter({ $0.0.utf8.first == c }).sorted(by: { $0.0.count > $1.0.count }) {
                let bytes = Array(text.utf8)
                guard chars.count - i >= bytes.count, Array(chars[i..<(i + bytes.count)]) == bytes else { continue }
                if i + bytes.count < chars.count, chars[i + bytes.count] == c {
                    throw DateFormatError(pattern: pattern, reason: "'\(text)\(String(UnicodeScalar(c)))…' is not a supported run of '\(String(UnicodeScalar(c)))'")
                }
                tokens.append(token)
                i += bytes.count
                continue outer
            }
            throw DateFormatError(pattern: pattern, reason: "'\(String(UnicodeScalar(c)))' is not a format letter (use yyyy MM M dd d HH H hh h a mm ss SSS X XXX, and quote literal text)")
        }
        self.tokens = tokens
    }

    /// True when the pattern reads a time of day (hours, minutes, seconds or AM/PM).
    public var hasTime: Bool {
        tokens.contains {
            switch $0 {
            case .hour24x2, .hour24, .hour12x2, .hour12, .ampm, .minute2, .second2, .millis3: true
            default: false
            }
        }
    }

    /// Parses `text`; returns canonical "YYYY-MM-DD" (when `dateOnly`) or "YYYY-MM-DDTHH:MM:SS",
    /// plus the zone offset in seconds when the text carried one.
    public func parse(_ text: [UInt8], dateOnly: Bool) -> (value: String, offset: Int?)? {
        var i = 0
        var year: Int?, month: Int?, day: Int?, hour = 0, minute = 0, second = 0
        var pm: Bool?, offset: Int?
        func number(_ minDigits: Int, _ maxDigits: Int) -> Int? {
            var value = 0, count = 0
            while count < maxDigits, i < text.count, (48...57).contains(text[i]) {
                value = value * 10 + Int(text[i] - 48)
                i += 1
                count += 1
            }
            return count >= minDigits ? value : nil
        }
        for token in tokens {
            switch token {
            case .year4: guard let v = number(4, 4) else { return nil }; year = v
            case .month2: guard let v = number(2, 2) else { return nil }; month = v
            case .month: guard let v = number(1, 2) else { return nil }; month = v
            case .day2: guard let v = number(2, 2) else { return nil }; day = v
            case .day: guard let v = number(1, 2) else { return nil }; day = v
            case .hour24x2, .hour12x2: guard let v = number(2, 2) else { return nil }; hour = v
            case .hour24, .hour12: guard let v = number(1, 2) else { return nil }; hour = v
            case .minute2: guard let v = number(2, 2) else { return nil }; minute = v
            case .second2: guard let v = number(2, 2) else { return nil }; second = v
            case .millis3: guard number(3, 3) != nil else { return nil }
            case .ampm:
                guard i + 2 <= text.count else { return nil }
                let first = text[i] | 0x20, second = text[i + 1] | 0x20
                guard second == UInt8(ascii: "m"), first == UInt8(ascii: "a") || first == UInt8(ascii: "p") else { return nil }
                pm = first == UInt8(ascii: "p")
                i += 2
            case .zoneShort, .zoneLong:
                guard i < text.count else { return nil }
                if text[i] == UInt8(ascii: "Z") { offset = 0; i += 1; continue }
                guard text[i] == UInt8(ascii: "+") || text[i] == UInt8(ascii: "-") else { return nil }
                let sign = text[i] == UInt8(ascii: "-") ? -1 : 1
                i += 1
                guard let hh = number(2, 2) else { return nil }
                var mm = 0
                if i < text.count, text[i] == UInt8(ascii: ":") { i += 1 }
                if let m = number(2, 2) { mm = m }
                offset = sign * (hh * 3600 + mm * 60)
            case .literal(let bytes):
                guard text.count - i >= bytes.count, Array(text[i..<(i + bytes.count)]) == bytes else { return nil }
                i += bytes.count
            }
        }
        guard i == text.count, let y = year, let m = month, let d = day, (1...12).contains(m),
              (1...daysIn(y, m)).contains(d) else { return nil }
        if let pm {
            guard (1...12).contains(hour) else { return nil }
            hour = hour % 12 + (pm ? 12 : 0)
        }
        guard (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second) else { return nil }
        let date = pad(y, 4) + "-" + pad(m, 2) + "-" + pad(d, 2)
        return (dateOnly ? date : date + "T" + pad(hour, 2) + ":" + pad(minute, 2) + ":" + pad(second, 2), offset)
    }

    private func daysIn(_ year: Int, _ month: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    private func pad(_ value: Int, _ width: Int) -> String {
        let s = String(value)
        return String(repeating: "0", count: max(0, width - s.count)) + s
    }
}

public struct DateFormatError: Error, Sendable, Equatable, CustomStringConvertible {
    public let pattern: String
    public let reason: String
    public var description: String { "date format '\(pattern)': \(reason)" }
}
