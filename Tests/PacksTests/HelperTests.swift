import Testing
import Packs

/// The helpers of SPEC section 3 that need no data: money.cents, date.business_days,
/// date.parse, and the calendar constructor; and the callback-only ones raising while loading.
@Suite struct HelperTests {
    @Test func moneyCentsRoundsTheWrittenAmountHalfAwayFromZero() {
        let cases: [(Double, Int64)] = [(1.005, 101), (0.125, 13), (-0.125, -13), (12.34, 1234), (0.1 + 0.2, 30), (-7.0, -700), (0.001, 0), (19.999, 2000)]
        for (dollars, cents) in cases { #expect(MoneyHelpers.cents(dollars) == cents, "\(dollars)") }
        #expect(MoneyHelpers.cents(.infinity) == nil && MoneyHelpers.cents(.nan) == nil)
    }

    @Test func businessDaysCountWeekdaysAfterAUpToB() {
        let monday = 20_094   // 2025-01-06
        #expect(BusinessDays.count(from: monday, to: monday, holidays: []) == 0)
        #expect(BusinessDays.count(from: monday, to: monday + 4, holidays: []) == 4, "Tue…Fri")
        #expect(BusinessDays.count(from: monday, to: monday + 7, holidays: []) == 5, "a week")
        #expect(BusinessDays.count(from: monday + 4, to: monday + 6, holidays: []) == 0, "Fri → Sun")
        #expect(BusinessDays.count(from: monday + 7, to: monday, holidays: []) == -5)
        #expect(BusinessDays.count(from: monday, to: monday + 7, holidays: [monday + 1, monday + 5, monday + 9]) == 4,
                "a Tuesday holiday counts, a Saturday one and one outside do not")
        for (a, b) in [(-30, 30), (-400, -3), (monday - 400, monday), (5, 6)] {   // against counting day by day
            let brute = ((a + 1)...b).filter { ((($0 + 3) % 7) + 7) % 7 < 5 }.count
            #expect(BusinessDays.count(from: a, to: b, holidays: []) == brute, "\(a)…\(b)")
        }
    }

    @Test func helpersInAPack() async throws {
        let message = try await loadError("""
            calendar { id = "mercy", holidays = { "2025-01-01", "2025-12-25" } }
            assert(money.cents(1.005) == 101 and math.type(money.cents(3)) == "integer" and money.cents(nil) == nil)
            assert(date.business_days("2024-12-31", "2025-01-03") == 3, "weekdays only")
            assert(date.business_days("2025-01-03T17:00:00", "2025-01-06") == 1, "Friday to Monday")
            assert(date.business_days(nil, "2025-01-06") == nil)
            assert(date.parse("07/04/2025", "MM/dd/yyyy") == "2025-07-04")
            assert(date.parse("2025-07-04 3:05 PM", "yyyy-MM-dd h:mm a") == "2025-07-04T15:05:00")
            assert(date.parse("2025-07-04T08:00:00Z", "yyyy-MM-dd'T'HH:mm:ssX") == "2025-07-04T08:00:00", "zones are not converted")
            assert(date.parse("July 4", "MM/dd/yyyy") == nil and date.parse(nil, "yyyy") == nil)
            role { id = 'ok', title = 'OK' }
            """)
        #expect(message == "loaded [\"calendar:mercy@p/defs.lua:1\", \"role:ok@p/defs.lua:10\"]")
    }

    /// date.days, date.hours and date.before run in C (dates.c): the same answers as the Swift
    /// helpers they replace, for every form SPEC allows.
    @Test func nativeDateHelpersReadEveryForm() async throws {
        let message = try await loadError("""
            assert(date.days('2024-02-28', '2024-03-01') == 2 and date.days('2025-02-28', '2025-03-01') == 1, "leap years")
            assert(date.days('2025-03-01T23:59:59', '2025-03-02T00:00:01') == 1, "calendar days of the date parts")
            assert(date.days('2025-01-10', '1969-12-31') == -20099 and math.type(date.days('2025-01-01', '2025-01-02')) == 'integer')
            assert(date.hours('2025-01-01T08:00:00', '2025-01-01 20:30') == 12.5, "T or a space; seconds optional")
            assert(date.hours('2025-01-01', '2025-01-02T06:00:00') == 30, "a date is midnight")
            assert(date.before('2025-01-01T08:00:00', '2025-01-01T08:00:01') and not date.before('2025-01-02', '2025-01-01'))
            assert(date.days(nil, '2025-01-01') == nil and date.hours('2025-01-01', nil) == nil and date.before(nil, nil) == nil)
            assert(not pcall(date.days, '2025-02-30', '2025-03-01'), "not a date")
            assert(not pcall(date.days, 20250101, '2025-03-01'), "a number is not a date")
            local ok, problem = pcall(date.hours, 'soon', '2025-03-01')
            assert(not ok and problem:find('date.hours: expected a date "YYYY-MM-DD" or datetime', 1, true) and problem:find('got soon', 1, true), problem)
            role { id = 'ok', title = 'OK' }
            """)
        #expect(message == "loaded [\"role:ok@p/defs.lua:12\"]", "\(message)")
    }

    @Test(arguments: [
        ("local n = date.business_days('2025-01-01', '2025-01-09', 'mercy')", "date.business_days with a calendar is known once every pack has loaded"),
        ("local t = thresholds('coding')", "thresholds(role) is known once every pack has loaded"),
        ("local l = loaded('charges')", "loaded() is known once the data is read"),
        ("local h = has_field('encounters.auth_number')", "has_field() is known once the data is read"),
        ("local c = money.cents('12')", "money.cents(x): x must be a number of dollars"),
        ("local d = date.parse('2025', 'yyyyQ')", "date.parse: date format 'yyyyQ': 'Q' is not a format letter"),
        ("calendar { id = 'c', holidays = { '2025-02-30' } }", "holidays are dates \"YYYY-MM-DD\", not '2025-02-30'"),
    ])
    func callbackHelpersRaiseWhileLoading(script: String, expected: String) async throws {
        let message = try await loadError(script)
        #expect(message.contains(expected), "\(message)")
    }
}
