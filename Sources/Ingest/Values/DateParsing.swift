import DataModel

/// Dates and datetimes from their ISO bytes, without `DateFormatter` or `String`.
///
/// Accepted: `YYYY-MM-DD`; `YYYY-MM-DD(T| )HH:MM[:SS[.fraction]]` with an optional zone suffix
/// (`Z`, `±HH:MM`, `±HHMM`, `±HH`) that is accepted and ignored (wall clock as written). A date
/// alone for a datetime means `T00:00:00`. Fractions of a second are dropped.
enum DateParsing {
    @inline(__always)
    static func digit(_ p: UnsafePointer<UInt8>, _ i: Int) -> Int? {
        let d = Int(p[i]) &- 48
        return d >= 0 && d <= 9 ? d : nil
    }

    @inline(__always)
    static func twoDigits(_ p: UnsafePointer<UInt8>, _ i: Int) -> Int? {
        guard let a = digit(p, i), let b = digit(p, i + 1) else { return nil }
        return a * 10 + b
    }

    /// Days since 1970-01-01 of the `YYYY-MM-DD` at the start of `p` (exactly 10 bytes read).
    @inline(__always)
    static func datePart(_ p: UnsafePointer<UInt8>, _ length: Int) -> Int32? {
        guard length >= 10, p[4] == 45, p[7] == 45,
              let y1 = twoDigits(p, 0), let y2 = twoDigits(p, 2),
              let month = twoDigits(p, 5), let day = twoDigits(p, 8) else { return nil }
        let year = y1 * 100 + y2
        guard month >= 1, month <= 12, day >= 1, day <= CivilDate.daysInMonth(year: year, month: month) else {
            return nil
        }
        return Int32(CivilDate.days(year: year, month: month, day: day))
    }

    static func date(_ p: UnsafePointer<UInt8>, _ length: Int) -> Int32? {
        length == 10 ? datePart(p, length) : nil
    }

    static func datetime(_ p: UnsafePointer<UInt8>, _ length: Int) -> Int64? {
        guard let days = datePart(p, length) else { return nil }
        var seconds = Int64(days) * 86_400
        if length == 10 { return seconds }
        guard length >= 16, p[10] == 84 || p[10] == 32 || p[10] == 116, p[13] == 58,
              let hour = twoDigits(p, 11), let minute = twoDigits(p, 14), hour < 24, minute < 60 else { return nil }
        seconds += Int64(hour * 3600 + minute * 60)
        var i = 16
        if i < length, p[i] == 58 {
            guard i + 3 <= length, let second = twoDigits(p, i + 1), second < 60 else { return nil }
            seconds += Int64(second)
            i += 3
            if i < length, p[i] == 46 || p[i] == 44 {
                i += 1
                let digitsStart = i
                while i < length, digit(p, i) != nil { i += 1 }
                if i == digitsStart { return nil }
            }
        }
        return zoneSuffixValid(p, from: i, length) ? seconds : nil
    }

    /// Nothing, `Z`, or `±HH[:]MM` / `±HH`.
    static func zoneSuffixValid(_ p: UnsafePointer<UInt8>, from i: Int, _ length: Int) -> Bool {
        let rest = length - i
        if rest == 0 { return true }
        if rest == 1 { return p[i] == 90 || p[i] == 122 }
        guard p[i] == 43 || p[i] == 45, let hours = twoDigits(p, i + 1), hours <= 23 else { return false }
        switch rest {
        case 3: return true
        case 5: return (twoDigits(p, i + 3) ?? 99) < 60
        case 6: return p[i + 3] == 58 && (twoDigits(p, i + 4) ?? 99) < 60
        default: return false
        }
    }
}
