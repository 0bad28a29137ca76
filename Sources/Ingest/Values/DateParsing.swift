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
        guard length >= 10, let month = month(DigitWords.load(p)) else { return nil }
        return day(p, in: month)
    }

    /// The first day (days since 1970-01-01) and the length of the month that a `YYYY-MM-`
    /// word names, or nil when the word is not one.
    @inline(__always)
    static func month(_ head: UInt64) -> (firstDay: Int, length: Int)? {
        guard head & 0xFF00_00FF_0000_0000 == 0x2D00_002D_0000_0000,
              DigitWords.allDigits(head, mask: 0x00FF_FF00_FFFF_FFFF) else { return nil }
        let year = DigitWords.twoDigits(head, 0) * 100 + DigitWords.twoDigits(head, 2)
        let month = DigitWords.twoDigits(head, 5)
        guard month >= 1, month <= 12 else { return nil }
        return (days(year: year, month: month, day: 1), CivilDate.daysInMonth(year: year, month: month))
    }

    /// The date whose `DD` is at bytes 8 and 9 of `p`, in `month`; nil when `DD` is not a day of it.
    @inline(__always)
    static func day(_ p: UnsafePointer<UInt8>, in month: (firstDay: Int, length: Int)) -> Int32? {
        // `DD` are the last two bytes of the word loaded at byte 2.
        let tail = DigitWords.load(p + 2)
        guard DigitWords.allDigits(tail, mask: 0xFFFF_0000_0000_0000) else { return nil }
        let day = DigitWords.twoDigits(tail, 6)
        guard day >= 1, day <= month.length else { return nil }
        return Int32(month.firstDay + day - 1)
    }

    /// `CivilDate.days` for years 0 to 9999, in unsigned arithmetic (no sign fix-ups on the
    /// divisions); year 0's January and February belong to year -1 and take the general path.
    @inline(__always)
    static func days(year: Int, month: Int, day: Int) -> Int {
        guard year > 0 || month > 2 else { return CivilDate.days(year: year, month: month, day: day) }
        let y = UInt(bitPattern: month <= 2 ? year - 1 : year)
        let era = y / 400, yoe = y % 400
        let mp = UInt(bitPattern: month > 2 ? month - 3 : month + 9)
        let doy = (153 * mp + 2) / 5 + UInt(bitPattern: day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return Int(bitPattern: era * 146_097 + doe) - 719_468
    }

    static func date(_ p: UnsafePointer<UInt8>, _ length: Int) -> Int32? {
        length == 10 ? datePart(p, length) : nil
    }

    static func datetime(_ p: UnsafePointer<UInt8>, _ length: Int) -> Int64? {
        canonicalDateTime(p, length) ?? anyDateTime(p, length)
    }

    /// The canonical `YYYY-MM-DDTHH:MM:SS` alone, its time read as one word; nil for any other
    /// form or a value out of range (`anyDateTime` then decides).
    @inline(__always)
    static func canonicalDateTime(_ p: UnsafePointer<UInt8>, _ length: Int) -> Int64? {
        guard length == 19, isTimeSeparator(p[10]), let days = datePart(p, length) else { return nil }
        return canonicalTime(p, on: days)
    }

    /// The moment of the `HH:MM:SS` at byte 11 of `p` on `days`; nil when it is not one.
    @inline(__always)
    static func canonicalTime(_ p: UnsafePointer<UInt8>, on days: Int32) -> Int64? {
        let time = DigitWords.load(p + 11)
        guard time & 0x0000_FF00_00FF_0000 == 0x0000_3A00_003A_0000,
              DigitWords.allDigits(time, mask: 0xFFFF_00FF_FF00_FFFF) else { return nil }
        let hour = DigitWords.twoDigits(time, 0), minute = DigitWords.twoDigits(time, 3)
        let second = DigitWords.twoDigits(time, 6)
        guard hour < 24, minute < 60, second < 60 else { return nil }
        return Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }

    /// Every accepted form, checked byte by byte after the date.
    static func anyDateTime(_ p: UnsafePointer<UInt8>, _ length: Int) -> Int64? {
        guard let days = datePart(p, length) else { return nil }
        var seconds = Int64(days) * 86_400
        if length == 10 { return seconds }
        guard length >= 16, isTimeSeparator(p[10]), p[13] == 58,
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

    /// `T`, `t` or a space between a datetime's date and time.
    @inline(__always)
    static func isTimeSeparator(_ c: UInt8) -> Bool { c == 84 || c == 32 || c == 116 }

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
