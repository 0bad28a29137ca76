import DataModel
import LuaRuntime

/// `date.business_days(a, b [, calendar])` (SPEC section 3): like `date.days`, the days after
/// a up to and including b (date parts), counting only Monday to Friday that are not a holiday
/// of the calendar; negative when b is before a. `calendar { id, holidays = { … } }` defines
/// the holidays; without a calendar only weekends are left out.
public enum BusinessDays {
    /// Business days in (a, b]: weekdays by arithmetic, then the holidays in range taken out.
    /// `holidays` must be sorted and unique.
    public static func count(from a: Int, to b: Int, holidays: [Int]) -> Int {
        if b < a { return -count(from: b, to: a, holidays: holidays) }
        // Days k ≥ 0 with (k mod 7) < 5 are Monday to Friday when day d is k = d + 3
        // (1970-01-01 was a Thursday).
        func weekdays(before k: Int) -> Int {
            let weeks = k >= 0 ? k / 7 : (k - 6) / 7
            return weeks * 5 + min(k - weeks * 7, 5)
        }
        var total = weekdays(before: b + 4) - weekdays(before: a + 4)
        var low = 0, high = holidays.count   // first holiday after a
        while low < high { let mid = (low + high) / 2; if holidays[mid] <= a { low = mid + 1 } else { high = mid } }
        for day in holidays[low...] {
            if day > b { break }
            if ((day + 3) % 7 + 7) % 7 < 5 { total -= 1 }
        }
        return total
    }

    /// The holidays of each `calendar` definition by id, as sorted days.
    static func calendars(_ definitions: [Definition]) -> [String: [Int]] {
        var result: [String: [Int]] = [:]
        for definition in definitions where definition.kind == "calendar" {
            guard let id = definition.id else { continue }
            let days = (definition.table["holidays"]?.table?.items ?? []).compactMap { $0.string.flatMap(DateText.days) }.map { Int($0) }
            result[id] = Array(Set(days)).sorted()
        }
        return result
    }

    /// The host function; calendars are read from the finished load.
    static func function(_ loaded: LoadedDefinitions) -> HostFunction {
        var cache: [String: [Int]]?
        return { args in
            guard let a = try DateHelpers.instant(args.first ?? .nil, "business_days"),
                  let b = try DateHelpers.instant(args.count > 1 ? args[1] : .nil, "business_days") else { return [.nil] }
            var holidays: [Int] = []
            switch args.count > 2 ? args[2] : .nil {
            case .nil: break
            case .string(let id):
                let known: [String: [Int]]
                if let cache { known = cache } else {
                    known = calendars(try loaded.all(for: "date.business_days with a calendar"))
                    cache = known
                }
                guard let days = known[id] else {
                    throw HostFunctionError("date.business_days: no calendar '\(id)'; define it with calendar { id = \"\(id)\", holidays = { … } }")
                }
                holidays = days
            default: throw HostFunctionError("date.business_days(a, b [, calendar]): calendar must be a calendar id")
            }
            return [.integer(Int64(count(from: a.days, to: b.days, holidays: holidays)))]
        }
    }
}
