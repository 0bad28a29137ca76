/// Proleptic Gregorian calendar arithmetic on day numbers (days since 1970-01-01).
///
/// The generator never touches `Date`, `Calendar` or `DateFormatter`: they are slow on the hot
/// path and depend on the process time zone. All timestamps are wall-clock values with no zone,
/// as SPEC section 5 says datetimes are taken as written.
public enum CivilCalendar {
    public static let secondsPerDay: Int64 = 86_400

    /// Day number of a civil date (Howard Hinnant's `days_from_civil`).
    public static func dayNumber(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let m = month
        let dayOfYear = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// Civil date of a day number (Howard Hinnant's `civil_from_days`).
    public static func civil(_ dayNumber: Int) -> (year: Int, month: Int, day: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Day of week, 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday).
    public static func weekday(_ dayNumber: Int) -> Int {
        ((dayNumber % 7) + 7 + 3) % 7
    }

    /// The first day of the month `months - 1` months before the month of `endDay`, so that the
    /// window `[start, endDay]` spans `months` calendar months.
    public static func windowStart(endingOn endDay: Int, months: Int) -> Int {
        let end = civil(endDay)
        let monthIndex = end.year * 12 + (end.month - 1) - (months - 1)
        return dayNumber(year: monthIndex / 12, month: monthIndex % 12 + 1, day: 1)
    }

    /// Parses `YYYY-MM-DD`; nil when malformed. Used for options, never on the hot path.
    public static func parse(_ text: String) -> Int? {
        let parts = text.split(separator: "-")
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              (1...12).contains(m), (1...31).contains(d) else { return nil }
        let n = dayNumber(year: y, month: m, day: d)
        let back = civil(n)
        return back.month == m && back.day == d ? n : nil
    }
}
