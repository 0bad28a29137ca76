import DataModel

/// Money into exact integer cents: `1234.5`, `$1,234.56`, `(12.00)`, `-12`, `-$5`, `$-5`, `+3`.
///
/// Commas are thousands separators in the whole-dollar part. More than two decimals is invalid
/// unless the extra digits are zeros (`1.2300` is 123 cents; `1.234` is an error, never rounded).
enum MoneyParsing {
    static func cents(_ p: UnsafePointer<UInt8>, _ length: Int) -> Result<Int64, MoneyFailure> {
        if let cents = wordCents(p, length) ?? plainCents(p, length) { return .success(cents) }
        return anyCents(p, length)
    }

    /// Every accepted form, checked byte by byte.
    static func anyCents(_ p: UnsafePointer<UInt8>, _ length: Int) -> Result<Int64, MoneyFailure> {
        var i = 0, end = length
        var negative = false
        if end - i >= 2, p[i] == 40, p[end - 1] == 41 { negative = true; i += 1; end -= 1 }
        var signed = false
        if i < end, p[i] == 45 || p[i] == 43 { negative = negative != (p[i] == 45); i += 1; signed = true }
        if i < end, p[i] == 36 {
            i += 1
            if !signed, i < end, p[i] == 45 || p[i] == 43 { negative = negative != (p[i] == 45); i += 1 }
        }
        var dollars: Int64 = 0
        var digits = 0
        var lastWasComma = false
        while i < end {
            let c = p[i]
            if c >= 48, c <= 57 {
                let (m, o1) = dollars.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.addingReportingOverflow(Int64(c - 48))
                if o1 || o2 { return .failure(.overflow) }
                dollars = a
                digits += 1
                lastWasComma = false
            } else if c == 44, digits > 0, !lastWasComma {
                lastWasComma = true
            } else {
                break
            }
            i += 1
        }
        if lastWasComma { return .failure(.syntax) }
        var fraction: Int64 = 0
        var fractionDigits = 0
        if i < end, p[i] == 46 {
            i += 1
            while i < end, p[i] >= 48, p[i] <= 57 {
                let d = Int64(p[i] - 48)
                if fractionDigits < 2 { fraction = fraction * 10 + d } else if d != 0 { return .failure(.precision) }
                fractionDigits += 1
                i += 1
            }
        }
        guard i == end, digits + fractionDigits > 0 else { return .failure(.syntax) }
        if fractionDigits == 1 { fraction *= 10 }
        let (m, o1) = dollars.multipliedReportingOverflow(by: 100)
        let (total, o2) = m.addingReportingOverflow(fraction)
        if o1 || o2 { return .failure(.overflow) }
        return .success(negative ? -total : total)
    }
}

extension MoneyParsing {
    /// The common form alone, `[-]digits[.d[d]]` with at most 16 digits (so nothing can
    /// overflow and no check is needed per digit); nil for anything else, which `cents` parses.
    @inline(__always)
    static func plainCents(_ p: UnsafePointer<UInt8>, _ length: Int) -> Int64? {
        let negative = length > 0 && p[0] == 45
        var i = negative ? 1 : 0
        let digitsStart = i
        var dollars: Int64 = 0
        while i < length, i - digitsStart < 16 {
            let d = p[i] &- 48
            guard d < 10 else { break }
            dollars = dollars * 10 + Int64(d)
            i += 1
        }
        guard i > digitsStart else { return nil }
        var cents = dollars * 100
        if i < length {
            guard p[i] == 46 else { return nil }
            let tens = length - i > 1 ? p[i + 1] &- 48 : 10
            let units = length - i > 2 ? p[i + 2] &- 48 : 0
            guard length - i <= 3, tens < 10, units < 10 else { return nil }
            cents += Int64(tens) * 10 + Int64(units)
        }
        return negative ? -cents : cents
    }

    /// `digits.dd` of 4 to 8 bytes (up to 99,999.99), read as one word with no loop; nil for
    /// anything else.
    @inline(__always)
    static func wordCents(_ p: UnsafePointer<UInt8>, _ length: Int) -> Int64? {
        guard length >= 4, length <= 8 else { return nil }
        // Two 4-byte loads inside the value cover it; where they overlap they hold the same bytes.
        let raw = UnsafeRawPointer(p)
        let word = UInt64(raw.loadUnaligned(as: UInt32.self))
            | UInt64(raw.loadUnaligned(fromByteOffset: length - 4, as: UInt32.self)) << UInt64(8 * (length - 4))
        let dot = UInt64(8 * (length - 3))
        let valueMask = length == 8 ? UInt64.max : (UInt64(1) << UInt64(8 * length)) - 1
        guard (word >> dot) & 0xFF == 0x2E, DigitWords.allDigits(word, mask: valueMask & ~(0xFF << dot)) else { return nil }
        // The digits without the point, the last one in the top byte (missing leading ones are 0).
        let below = word & ((UInt64(1) << dot) - 1), above = (word >> (dot + 8)) << dot
        return Int64(DigitWords.eightDigits((below | above) << UInt64(8 * (9 - length))))
    }
}

enum MoneyFailure: Error { case syntax, precision, overflow }
