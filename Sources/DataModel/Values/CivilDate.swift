/// Proleptic Gregorian calendar arithmetic without Foundation (Howard Hinnant's algorithms):
/// dates are days since 1970-01-01, datetimes seconds since 1970-01-01T00:00:00 wall clock.
public enum CivilDate {
    /// Days since 1970-01-01 of a valid (year, month, day).
    @inlinable
    public static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The (year, month, day) of a day count.
    public static func civil(days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    @inlinable
    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// `YYYY-MM-DD`.
    public static func format(days: Int32) -> String {
        let (y, m, d) = civil(days: Int(days))
        return pad(y, 4) + "-" + pad(m, 2) + "-" + pad(d, 2)
    }

    /// `YYYY-MM-DDTHH:MM:SS`.
    public static func formatDateTime(seconds: Int64) -> String {
        let (dayCount, rest) = floorDivide(seconds, 86_400)
        let hh = Int(rest / 3600), mm = Int(rest % 3600 / 60), ss = Int(rest % 60)
        return format(days: Int32(dayCount)) + "T" + pad(hh, 2) + ":" + pad(mm, 2) + ":" + pad(ss, 2)
    }

    static func floorDivide(_ a: Int64, _ b: Int64) -> (Int64, Int64) {
        var q = a / b, r = a % b
        if r < 0 { q -= 1; r += b }
        return (q, r)
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let s = String(abs(value))
        return (value < 0 ? "-" : "") + String(repeating: "0", count: max(0, width - s.count)) + s
    }
}
