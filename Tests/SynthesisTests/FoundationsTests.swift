import Testing
@testable import Synthesis

@Suite struct FoundationsTests {
    @Test(arguments: [(1970, 1, 1, 0), (2000, 2, 29, 11_016), (2025, 12, 31, 20_453), (1900, 3, 1, -25_508)])
    func civilDatesRoundTrip(_ year: Int, _ month: Int, _ day: Int, _ number: Int) {
        #expect(CivilCalendar.dayNumber(year: year, month: month, day: day) == number)
        let back = CivilCalendar.civil(number)
        #expect(back.year == year && back.month == month && back.day == day)
    }

    @Test func windowStartsOnTheFirstOfTheMonth() {
        let end = CivilCalendar.dayNumber(year: 2025, month: 12, day: 31)
        let january = CivilCalendar.dayNumber(year: 2025, month: 1, day: 1)
        let october = CivilCalendar.dayNumber(year: 2025, month: 10, day: 1)
        #expect(CivilCalendar.windowStart(endingOn: end, months: 12) == january)
        #expect(CivilCalendar.windowStart(endingOn: end, months: 3) == october)
        #expect(CivilCalendar.weekday(CivilCalendar.dayNumber(year: 2025, month: 12, day: 29)) == 0)  // a Monday
    }

    @Test func csvBufferFormatsAndQuotes() {
        let buffer = CSVBuffer()
        buffer.text("Rivera, Ana \"Sunny\"")
        buffer.money(cents: 123_405)
        buffer.money(cents: -5)
        buffer.datetime(Int64(CivilCalendar.dayNumber(year: 2025, month: 3, day: 9)) * 86_400 + 3_723)
        buffer.bool(true)
        buffer.id(Array("CH".utf8), 42, width: 7, sequence: 3)
        buffer.fraction(0.8765)
        buffer.empty()
        buffer.endRow()
        #expect(String(decoding: buffer.bytes, as: UTF8.self)
                == "\"Rivera, Ana \"\"Sunny\"\"\",1234.05,-0.05,2025-03-09T01:02:03,true,CH0000042-3,0.877,\n")
    }

    @Test func randomStreamsAreReproducibleAndIndependent() {
        var first = SeededRandom(seed: 9, stream: 1, item: 5)
        var again = SeededRandom(seed: 9, stream: 1, item: 5)
        var other = SeededRandom(seed: 9, stream: 1, item: 6)
        let a = (0..<4).map { _ in first.next() }
        #expect(a == (0..<4).map { _ in again.next() })
        #expect(a != (0..<4).map { _ in other.next() })
        var bounded = SeededRandom(seed: 1)
        #expect((0..<1000).allSatisfy { _ in (0..<7).contains(bounded.below(7)) })
    }
}
