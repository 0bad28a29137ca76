import Testing
@testable import DataModel
@testable import Ingest

/// The word-at-a-time date, time and money paths against byte-by-byte references, on valid
/// values and on values with one or two bytes changed.
@Suite struct WordParsingTests {
    /// Bytes a mutation writes: digits, every separator the forms use, and a few strangers.
    static let alphabet = Array("0123456789-:T tZz+.,$()/9".utf8) + [0x00, 0x2F, 0x3A, 0x40, 0x7F, 0xC3]

    func mutated(_ text: String, _ random: inout SeededRandom) -> [UInt8] {
        var bytes = Array(text.utf8)
        for _ in 0..<Int(random.next() % 3) {
            let i = Int(random.next() % UInt64(bytes.count))
            bytes[i] = Self.alphabet[Int(random.next() % UInt64(Self.alphabet.count))]
        }
        if random.next() % 16 == 0 { bytes.removeLast() }
        return bytes
    }

    /// `YYYY-MM-DD` checked one byte at a time.
    func referenceDate(_ b: [UInt8]) -> Int32? {
        guard b.count >= 10, b[4] == 45, b[7] == 45 else { return nil }
        var values: [Int] = []
        for i in [0, 1, 2, 3, 5, 6, 8, 9] {
            guard b[i] >= 48, b[i] <= 57 else { return nil }
            values.append(Int(b[i]) - 48)
        }
        let year = values[0] * 1000 + values[1] * 100 + values[2] * 10 + values[3]
        let month = values[4] * 10 + values[5], day = values[6] * 10 + values[7]
        guard (1...12).contains(month), day >= 1, day <= CivilDate.daysInMonth(year: year, month: month) else { return nil }
        return Int32(CivilDate.days(year: year, month: month, day: day))
    }

    /// `YYYY-MM-DDTHH:MM:SS` exactly (19 bytes), checked one byte at a time.
    func referenceDateTime19(_ b: [UInt8]) -> Int64? {
        guard b.count == 19, let days = referenceDate(b), [84, 32, 116].contains(b[10]), b[13] == 58, b[16] == 58 else { return nil }
        var values: [Int] = []
        for i in [11, 12, 14, 15, 17, 18] {
            guard b[i] >= 48, b[i] <= 57 else { return nil }
            values.append(Int(b[i]) - 48)
        }
        let hour = values[0] * 10 + values[1], minute = values[2] * 10 + values[3], second = values[4] * 10 + values[5]
        guard hour < 24, minute < 60, second < 60 else { return nil }
        return Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }

    @Test func daysMatchTheCalendarForEveryYear() {
        for year in 0...9999 {
            for month in 1...12 {
                for day in [1, 15, CivilDate.daysInMonth(year: year, month: month)] {
                    #expect(DateParsing.days(year: year, month: month, day: day) == CivilDate.days(year: year, month: month, day: day))
                }
            }
        }
    }

    @Test func datesMatchTheByteReference() {
        var random = SeededRandom(seed: 41)
        let months = MonthCache()
        defer { months.free() }
        for _ in 0..<200_000 {
            let year = Int(random.next() % 10_000), month = Int(random.next() % 13), day = Int(random.next() % 32)
            let text = CivilDate.pad(year, 4) + "-" + CivilDate.pad(month, 2) + "-" + CivilDate.pad(day, 2)
            let bytes = mutated(text, &random)
            let parsed = bytes.withUnsafeBufferPointer { DateParsing.date($0.baseAddress!, $0.count) }
            #expect(parsed == (bytes.count == 10 ? referenceDate(bytes) : nil), "\(String(decoding: bytes, as: UTF8.self))")
            #expect(bytes.withUnsafeBufferPointer { months.date($0.baseAddress!, $0.count) } == parsed)
        }
    }

    /// The month cache hits most on dates of a few months: every day number, valid or not, of
    /// the months around two year ends (one of them leap), in random order, with mutations.
    @Test func cachedMonthsGiveTheParsersResults() {
        var random = SeededRandom(seed: 53)
        let months = MonthCache()
        defer { months.free() }
        for _ in 0..<100_000 {
            let year = [1899, 1900, 2023, 2024, 2025][Int(random.next() % 5)]
            let month = [1, 2, 3, 11, 12][Int(random.next() % 5)], day = Int(random.next() % 33)
            let date = CivilDate.pad(year, 4) + "-" + CivilDate.pad(month, 2) + "-" + CivilDate.pad(day, 2)
            let text = random.next() % 2 == 0 ? date : date + "T" + CivilDate.pad(Int(random.next() % 25), 2) + ":07:59"
            let bytes = random.next() % 4 == 0 ? mutated(text, &random) : Array(text.utf8)
            bytes.withUnsafeBufferPointer { b in
                let label = String(decoding: bytes, as: UTF8.self)
                #expect(months.date(b.baseAddress!, b.count) == DateParsing.date(b.baseAddress!, b.count), "\(label)")
                #expect(months.datetime(b.baseAddress!, b.count) == DateParsing.datetime(b.baseAddress!, b.count), "\(label)")
            }
        }
    }

    @Test func canonicalDateTimesMatchTheByteReference() {
        var random = SeededRandom(seed: 43)
        let months = MonthCache()
        defer { months.free() }
        for _ in 0..<200_000 {
            let limits: [UInt64] = [10_000, 13, 32, 25, 61, 61]
            let parts: [String] = limits.enumerated().map { i, limit in CivilDate.pad(Int(random.next() % limit), i == 0 ? 4 : 2) }
            let text: String = parts[0] + "-" + parts[1] + "-" + parts[2] + "T" + parts[3] + ":" + parts[4] + ":" + parts[5]
            let bytes = mutated(text, &random)
            bytes.withUnsafeBufferPointer { b in
                let label = String(decoding: bytes, as: UTF8.self)
                let canonical = DateParsing.canonicalDateTime(b.baseAddress!, b.count)
                #expect(canonical == referenceDateTime19(bytes), "\(label)")
                #expect(DateParsing.datetime(b.baseAddress!, b.count) == DateParsing.anyDateTime(b.baseAddress!, b.count), "\(label)")
                #expect(months.datetime(b.baseAddress!, b.count) == DateParsing.anyDateTime(b.baseAddress!, b.count), "\(label)")
            }
        }
    }

    /// List items found eight bytes at a time match a plain split on `;`, trimmed of blanks,
    /// empty items dropped, whatever the bytes around the separators.
    @Test func listItemsMatchAPlainSplit() {
        var random = SeededRandom(seed: 67)
        let alphabet = Array("AE19;; \t.:<".utf8) + [0x00, 0x3A, 0x3C, 0x7F, 0xBB, 0xFF]
        for _ in 0..<50_000 {
            let bytes = (0..<Int(random.next() % 40)).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }
            let expected: [[UInt8]] = bytes.split(separator: 59, omittingEmptySubsequences: false).map { item in
                Array(item.drop { $0 == 32 || $0 == 9 }.reversed().drop { $0 == 32 || $0 == 9 }.reversed())
            }.filter { !$0.isEmpty }
            var found: [[UInt8]] = []
            bytes.withUnsafeBufferPointer { b in
                guard let start = b.baseAddress else { return }
                ValueConversion.forEachListItem(start, b.count) { found.append(Array(UnsafeBufferPointer(start: $0, count: $1))) }
            }
            #expect(found == expected, "\(bytes)")
        }
    }

    @Test func plainMoneyMatchesTheGeneralParser() {
        var random = SeededRandom(seed: 47)
        for _ in 0..<200_000 {
            let dollars = random.next() % 4 == 0 ? random.next() : random.next() % 100_000
            var text = (random.next() % 5 == 0 ? "-" : "") + String(dollars)
            switch random.next() % 4 {
            case 0: text += "." + String(random.next() % 10)
            case 1: text += "." + CivilDate.pad(Int(random.next() % 100), 2)
            case 2: text += "." + CivilDate.pad(Int(random.next() % 10_000), 4)
            default: break
            }
            let bytes = random.next() % 2 == 0 ? mutated(text, &random) : Array(text.utf8)
            guard !bytes.isEmpty else { continue }
            bytes.withUnsafeBufferPointer { b in
                let general = try? MoneyParsing.anyCents(b.baseAddress!, b.count).get()
                let both = try? MoneyParsing.cents(b.baseAddress!, b.count).get()
                #expect(both == general, "\(String(decoding: bytes, as: UTF8.self))")
                if let plain = MoneyParsing.plainCents(b.baseAddress!, b.count) { #expect(plain == general) }
                if let word = MoneyParsing.wordCents(b.baseAddress!, b.count) { #expect(word == general) }
            }
        }
    }

    /// Every `digits.dd` amount of 4 to 8 bytes is read as one word: a sample of all of
    /// 0.00 to 99,999.99, leading zeros included.
    @Test func twoDecimalAmountsReadAsOneWord() {
        var random = SeededRandom(seed: 59)
        for _ in 0..<200_000 {
            let cents = Int(random.next() % 10_000_000)
            let dollars = String(cents / 100)
            let padded = String(repeating: "0", count: Int(random.next() % UInt64(6 - dollars.count))) + dollars
            let text = (random.next() % 8 == 0 ? padded : dollars) + "." + CivilDate.pad(cents % 100, 2)
            let bytes = Array(text.utf8)
            #expect(bytes.withUnsafeBufferPointer { MoneyParsing.wordCents($0.baseAddress!, $0.count) } == Int64(cents), "\(text)")
        }
    }
}
