import DataModel
import Ingest
import LuaRuntime

/// The `date.*` helpers (SPEC section 3) as host functions. Dates are "YYYY-MM-DD", datetimes
/// "YYYY-MM-DDTHH:MM:SS" (wall clock); any helper given nil returns nil. "Today" is only ever
/// the as-of date, which is unknown while packs load.
public enum DateHelpers {
    /// Helpers the sandbox implements in C (`dates.c`), for speed; their Swift versions here
    /// stay as the reference the tests compare the C ones against.
    public static let native: Set<String> = ["days", "hours", "before", "as_of"]

    public static let specs: [HelperSpec] = [
        spec("days", "date.days(a, b)", "whole calendar days from the date part of a to the date part of b"),
        spec("hours", "date.hours(a, b)", "hours (fractional) from a to b"),
        spec("add", "date.add(d, n)", "the date n days after d"),
        spec("add_months", "date.add_months(d, n)", "the date n months after d (clamped to the month's last day)"),
        spec("month", "date.month(d)", "\"YYYY-MM\""),
        spec("month_end", "date.month_end(d)", "the last day of d's month"),
        spec("weekday", "date.weekday(d)", "1 = Monday … 7 = Sunday"),
        spec("years", "date.years(a, b)", "whole years from a to b (an age)"),
        spec("fiscal_year", "date.fiscal_year(d, start_month)", "the fiscal year d falls in, named by the calendar year it ends in"),
        spec("before", "date.before(a, b)", "true when a is earlier than b"),
        spec("business_days", "date.business_days(a, b [, calendar])",
             "like date.days, counting only Monday–Friday that are not holidays of the calendar (an id of `calendar { id, holidays }`; a calendar only in callbacks)"),
        spec("parse", "date.parse(text, format)",
             "text read with mapping format letters (yyyy MM M dd d HH H hh h a mm ss SSS X XXX, 'literals') → \"YYYY-MM-DD\", or a datetime when the format has a time; nil when it does not match"),
        HelperSpec(name: "date.as_of", signature: "date.as_of()", summary: "the run's as-of date; raises while loading", availability: .callbacks),
    ]

    private static func spec(_ name: String, _ signature: String, _ summary: String) -> HelperSpec {
        HelperSpec(name: "date." + name, signature: signature, summary: summary, availability: .everywhere)
    }

    /// The implementations, by name within the `date` table. `clock.days` nil: loading;
    /// calendars come from `loaded` once the load has finished.
    static func functions(clock: AsOfClock, loaded: LoadedDefinitions) -> [(String, HostFunction)] {
        [
            ("days", binary { a, b in .integer(Int64(b.days - a.days)) }),
            ("hours", binary { a, b in .number(Double(b.seconds - a.seconds) / 3600) }),
            ("add", withCount { d, n in .string(CivilDate.format(days: Int32(Int64(d.days) + n))) }),
            ("add_months", withCount { d, n in .string(CivilDate.format(days: Int32(addMonths(d.days, n)))) }),
            ("month", unary { d in
                let (y, m, _) = CivilDate.civil(days: d.days)
                return .string(String(CivilDate.format(days: Int32(CivilDate.days(year: y, month: m, day: 1))).prefix(7)))
            }),
            ("month_end", unary { d in .string(CivilDate.format(days: Int32(monthEnd(d.days)))) }),
            ("weekday", unary { d in .integer(Int64(((d.days % 7) + 7 + 3) % 7 + 1)) }),  // 1970-01-01 was a Thursday
            ("years", binary { a, b in .integer(Int64(wholeYears(from: a.days, to: b.days))) }),
            ("fiscal_year", withCount { d, start in
                let (y, m, _) = CivilDate.civil(days: d.days)
                return .integer(Int64(start <= 1 || m < Int(start) ? y : y + 1))
            }),
            ("before", binary { a, b in .boolean(a.seconds < b.seconds) }),
            ("business_days", BusinessDays.function(loaded)),
            ("parse", parse()),
            ("as_of", { _ in
                guard let asOf = clock.days else { throw HostFunctionError("date.as_of() is not known while packs load; call it inside a callback") }
                return [.string(CivilDate.format(days: asOf))]
            }),
        ]
    }

    /// `date.parse(text, format)`: zone suffixes are accepted and not converted (wall clock as
    /// written, like the readers); formats are compiled once per state.
    static func parse() -> HostFunction {
        var formats: [String: DateFormat] = [:]
        return { args in
            guard args.count > 1, case .string(let pattern) = args[1] else {
                throw HostFunctionError("date.parse(text, format): format must be a string such as \"MM/dd/yyyy\"")
            }
            let format: DateFormat
            if let known = formats[pattern] { format = known } else {
                do throws(DateFormatError) { format = try DateFormat(pattern) } catch { throw HostFunctionError("date.parse: \(error.description)") }
                formats[pattern] = format
            }
            switch args[0] {
            case .nil: return [.nil]
            case .string(let text): return [format.parse(Array(text.utf8), dateOnly: !format.hasTime).map { .string($0.value) } ?? .nil]
            default: throw HostFunctionError("date.parse(text, format): text must be a string")
            }
        }
    }

    /// A date or datetime as days and seconds since 1970-01-01T00:00:00.
    struct Instant {
        var days: Int
        var seconds: Int64
    }

    static func instant(_ value: LuaValue, _ name: String) throws -> Instant? {
        guard case .string(let text) = value else {
            if value == .nil { return nil }
            throw HostFunctionError("date.\(name): expected a date \"YYYY-MM-DD\" or datetime \"YYYY-MM-DDTHH:MM:SS\"")
        }
        let bytes = Array(text.utf8)
        func digits(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= bytes.count else { return nil }
            var value = 0
            for b in bytes[range] { guard (48...57).contains(b) else { return nil }; value = value * 10 + Int(b - 48) }
            return value
        }
        guard bytes.count >= 10, bytes[4] == 45, bytes[7] == 45, let y = digits(0..<4), let m = digits(5..<7),
              let d = digits(8..<10), (1...12).contains(m), (1...CivilDate.daysInMonth(year: y, month: m)).contains(d)
        else { throw HostFunctionError("date.\(name): '\(text)' is not a date \"YYYY-MM-DD\" or datetime \"YYYY-MM-DDTHH:MM:SS\"") }
        let days = CivilDate.days(year: y, month: m, day: d)
        var seconds = Int64(days) * 86_400
        if bytes.count >= 16, bytes[10] == 84 || bytes[10] == 32, let hh = digits(11..<13), let mm = digits(14..<16) {
            seconds += Int64(hh * 3600 + mm * 60 + (digits(17..<19) ?? 0))
        }
        return Instant(days: days, seconds: seconds)
    }

    private static func unary(_ body: @escaping @Sendable (Instant) -> LuaValue) -> HostFunction {
        { args in
            guard let a = try instant(args.first ?? .nil, "") else { return [.nil] }
            return [body(a)]
        }
    }

    private static func binary(_ body: @escaping @Sendable (Instant, Instant) -> LuaValue) -> HostFunction {
        { args in
            guard let a = try instant(args.first ?? .nil, ""), let b = try instant(args.count > 1 ? args[1] : .nil, "") else { return [.nil] }
            return [body(a, b)]
        }
    }

    private static func withCount(_ body: @escaping @Sendable (Instant, Int64) -> LuaValue) -> HostFunction {
        { args in
            guard let a = try instant(args.first ?? .nil, "") else { return [.nil] }
            switch args.count > 1 ? args[1] : .nil {
            case .integer(let n): return [body(a, n)]
            case .number(let n) where n.rounded() == n && abs(n) < 1e9: return [body(a, Int64(n))]
            case .nil: return [.nil]
            default: throw HostFunctionError("date: the count must be a whole number")
            }
        }
    }

    static func monthEnd(_ days: Int) -> Int {
        let (y, m, _) = CivilDate.civil(days: days)
        return CivilDate.days(year: y, month: m, day: CivilDate.daysInMonth(year: y, month: m))
    }

    static func addMonths(_ days: Int, _ n: Int64) -> Int {
        let (y, m, d) = CivilDate.civil(days: days)
        let total = Int64(y) * 12 + Int64(m - 1) + n
        let year = Int(total >= 0 ? total / 12 : (total - 11) / 12), month = Int(total - Int64(year) * 12) + 1
        return CivilDate.days(year: year, month: month, day: min(d, CivilDate.daysInMonth(year: year, month: month)))
    }

    static func wholeYears(from a: Int, to b: Int) -> Int {
        let (y1, m1, d1) = CivilDate.civil(days: a), (y2, m2, d2) = CivilDate.civil(days: b)
        var years = y2 - y1
        if (m2, d2) < (m1, d1) { years -= 1 }
        return years
    }
}
