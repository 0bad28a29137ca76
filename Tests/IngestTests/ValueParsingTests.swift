import Testing
@testable import DataModel
@testable import Ingest

/// The type parsers on their own, through byte buffers as the readers call them.
@Suite struct ValueParsingTests {
    func bytes<R>(_ text: String, _ body: (UnsafePointer<UInt8>, Int) -> R) -> R {
        var text = text
        return text.withUTF8 { body($0.baseAddress ?? UnsafePointer(bitPattern: 1)!, $0.count) }
    }

    @Test(arguments: [
        ("1234.5", 123_450), ("$1,234.56", 123_456), ("(12.00)", -1200), ("-12", -1200), ("-$5", -500),
        ("$-5.1", -510), ("+3", 300), ("0.07", 7), (".5", 50), ("1.2300", 123), ("12,345,678.90", 1_234_567_890),
    ] as [(String, Int64)])
    func moneyForms(text: String, cents: Int64) {
        #expect(bytes(text) { try? MoneyParsing.cents($0, $1).get() } == cents)
    }

    @Test(arguments: ["1.234", "abc", "$", "1,,000", "1,", "(12", "12)", "1.2.3", "--1", "92233720368547758.08", "-$-5"])
    func moneyRejects(text: String) {
        #expect(bytes(text) { try? MoneyParsing.cents($0, $1).get() } == nil)
    }

    @Test func dates() {
        #expect(bytes("1970-01-01") { DateParsing.date($0, $1) } == 0)
        #expect(bytes("2024-02-29") { DateParsing.date($0, $1) } == 19_782)
        #expect(bytes("1969-12-31") { DateParsing.date($0, $1) } == -1)
        for bad in ["2023-02-29", "2025-13-01", "2025-00-10", "2025-1-01", "20250101", "2025-01-01T00:00", "2025-01-32"] {
            #expect(bytes(bad) { DateParsing.date($0, $1) } == nil, "\(bad)")
        }
        #expect(CivilDate.format(days: 19_782) == "2024-02-29")
        for days in stride(from: -800_000, to: 800_000, by: 997) {
            let (y, m, d) = CivilDate.civil(days: days)
            #expect(CivilDate.days(year: y, month: m, day: d) == days)
        }
    }

    @Test(arguments: [
        ("2025-01-02T03:04", 1_735_787_040), ("2025-01-02 03:04:05", 1_735_787_045),
        ("2025-01-02T03:04:05.123", 1_735_787_045), ("2025-01-02T03:04:05Z", 1_735_787_045),
        ("2025-01-02T03:04:05+05:30", 1_735_787_045), ("2025-01-02T03:04:05-0800", 1_735_787_045),
        ("2025-01-02", 1_735_776_000),
    ] as [(String, Int64)])
    func datetimes(text: String, seconds: Int64) {
        #expect(bytes(text) { DateParsing.datetime($0, $1) } == seconds)
    }

    @Test(arguments: ["2025-01-02T24:00", "2025-01-02T03:60", "2025-01-02T03", "2025-01-02T03:04:05+5",
                      "2025-01-02T03:04:05.", "2025-01-02X03:04", "2025-01-02T03:04:05 PST"])
    func datetimeRejects(text: String) {
        #expect(bytes(text) { DateParsing.datetime($0, $1) } == nil)
    }

    @Test func booleans() {
        for yes in ["true", "TRUE", "t", "T", "yes", "Yes", "y", "Y", "1"] {
            #expect(bytes(yes) { NumberParsing.bool($0, $1) } == true, "\(yes)")
        }
        for no in ["false", "False", "f", "F", "no", "NO", "n", "N", "0"] {
            #expect(bytes(no) { NumberParsing.bool($0, $1) } == false, "\(no)")
        }
        for bad in ["2", "ye", "tru", "nope", "\u{11}", "on", "off"] {
            #expect(bytes(bad) { NumberParsing.bool($0, $1) } == nil, "\(bad)")
        }
    }

    @Test func integers() {
        #expect(bytes("42") { NumberParsing.int($0, $1) } == 42)
        #expect(bytes("-7") { NumberParsing.int($0, $1) } == -7)
        #expect(bytes("+7") { NumberParsing.int($0, $1) } == 7)
        #expect(bytes("3.000") { NumberParsing.int($0, $1) } == 3)
        #expect(bytes("-9223372036854775808") { NumberParsing.int($0, $1) } == Int64.min)
        for bad in ["9223372036854775808", "3.5", "1e3", "", "-", "12a"] {
            #expect(bytes(bad) { NumberParsing.int($0, $1) } == nil, "\(bad)")
        }
    }

    @Test func numbers() {
        let cases: [(String, Double)] = [("0.85", 0.85), ("1", 1), ("-2.5e3", -2500), (".5", 0.5), ("1E-2", 0.01),
                                         ("0.1000000000000000055511151231257827", 0.1), ("123456789012345678", 1.2345678901234568e17)]
        for (text, value) in cases {
            #expect(bytes(text) { NumberParsing.number($0, $1) } == value, "\(text)")
        }
        for bad in ["nan", "inf", "1e", "--1", "1.2.3", "", "e5", "1e999"] {
            #expect(bytes(bad) { NumberParsing.number($0, $1) } == nil, "\(bad)")
        }
    }

    @Test func utf8Validation() {
        let valid: [[UInt8]] = [Array("café ✓ 𝄞".utf8), [0x7F]]
        let invalid: [[UInt8]] = [[0xFF], [0xC0, 0x80], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
                                  [0xE2, 0x82], [0x80]]
        for v in valid { #expect(v.withUnsafeBufferPointer { UTF8Validation.isValid($0.baseAddress!, $0.count) }) }
        for v in invalid { #expect(!v.withUnsafeBufferPointer { UTF8Validation.isValid($0.baseAddress!, $0.count) }) }
    }

    @Test func moneyFormatting() {
        #expect(Money.format(cents: -1205) == "-12.05")
        #expect(Money.format(cents: 7) == "0.07")
        #expect(CivilDate.formatDateTime(seconds: -1) == "1969-12-31T23:59:59")
    }
}
