import DataModel
import LuaRuntime

/// A `where` table evaluated in Swift, without calling Lua (SPEC section 3): each key a field or
/// relation path, each value compared as a typed value (nil equals nothing) or an operator made
/// by `is_not`, `any_of`, `present`, `missing`, `between`, `within`.
public struct HostFilter {
    /// One key's test of a row.
    private typealias Clause = (Int) -> Bool

    private let clauses: [Clause]

    /// `asOf` (days since 1970-01-01) is needed by `within`. Throws the reason the filter cannot
    /// run on this data: a field the input lacks skips the definition. Keys in `excluding` are
    /// the caller's to test (a KPI's `failed`).
    public init(_ table: TableSnapshot, dataset: String, data: EngineData, asOf: Int32?,
                excluding: Set<String> = []) throws(FieldReader.Unavailable) {
        var clauses: [Clause] = []
        for key in table.fieldNames where !excluding.contains(key) {
            let reader = try FieldReader(path: key, from: dataset, in: data)
            if let test = TextMatch(table[key]!, reader: reader) {
                clauses.append(test.admits)
                continue
            }
            guard let test = Self.test(for: table[key]!, asOf: asOf) else {
                throw .unknown("where \(key): unsupported value")
            }
            clauses.append { test(reader.value($0)) }
        }
        self.clauses = clauses
    }

    public func admits(_ row: Int) -> Bool {
        clauses.allSatisfy { $0(row) }
    }

    // MARK: - Tests

    private static func test(for expected: SnapshotValue, asOf: Int32?) -> ((HostValue?) -> Bool)? {
        guard let operation = expected.table, let name = operation["\u{0}operator"]?.string else {
            guard case .value(let literal) = expected else { return nil }
            return { value in value.map { equal($0, literal) } ?? false }
        }
        let arguments = operation.items
        switch name {
        case "present": return { $0 != nil }
        case "missing": return { $0 == nil }
        case "is_not":
            guard case .value(let literal)? = arguments.first else { return nil }
            return { value in !(value.map { equal($0, literal) } ?? false) }
        case "any_of":
            guard let list = arguments.first?.table?.items else { return nil }
            let literals = list.compactMap { if case .value(let v) = $0 { v } else { nil } }
            return { value in value.map { v in literals.contains { equal(v, $0) } } ?? false }
        case "between":
            guard arguments.count == 2, case .value(let low) = arguments[0], case .value(let high) = arguments[1] else { return nil }
            return { value in value.map { compare($0, low).map { $0 >= 0 } == true && compare($0, high).map { $0 <= 0 } == true } ?? false }
        case "within":
            guard let asOf, arguments.count == 2, let from = arguments[0].number, let to = arguments[1].number else { return nil }
            let low = Int64(asOf) + Int64(from), high = Int64(asOf) + Int64(to)
            return { value in
                switch value {
                case .date(let days)?: (low...high).contains(Int64(days))
                case .datetime(let seconds)?: (low...high).contains(seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
                default: false
                }
            }
        default: return nil
        }
    }

    /// Typed equality with a Lua literal: strings against text and dates as written, numbers
    /// against numbers and money in dollars, booleans against booleans.
    static func equal(_ value: HostValue, _ literal: LuaValue) -> Bool {
        if case .text(let s) = value, case .string(let t) = literal { return s == t }
        if case .bool(let b) = value, case .boolean(let c) = literal { return b == c }
        return compare(value, literal) == 0
    }

    /// -1, 0 or 1 comparing `value` with `literal`; nil when they cannot be compared.
    static func compare(_ value: HostValue, _ literal: LuaValue) -> Int? {
        func sign<T: Comparable>(_ a: T, _ b: T) -> Int { a < b ? -1 : (a > b ? 1 : 0) }
        let number: Double? = switch literal {
        case .integer(let i): Double(i)
        case .number(let d): d
        default: nil
        }
        switch value {
        case .int(let i): return number.map { sign(Double(i), $0) }
        case .number(let d): return number.map { sign(d, $0) }
        case .money(let cents): return number.map { sign(Double(cents), ($0 * 100).rounded()) }
        case .date(let days):
            guard case .string(let text) = literal else { return nil }
            return sign(CivilDate.format(days: days), text)
        case .datetime(let seconds):
            guard case .string(let text) = literal else { return nil }
            let written = CivilDate.formatDateTime(seconds: seconds)
            return sign(written, text.count == 10 ? text + "T00:00:00" : text)
        case .text(let s):
            guard case .string(let text) = literal else { return nil }
            return sign(s, text)
        case .bool, .list: return nil
        }
    }
}

/// `field = "text"`, `is_not("text")` and `any_of{ "a", "b" }` on a text or id column: compares
/// the row's bytes in place instead of making a String per row. Where either side is not ASCII
/// they are compared as Strings, whose equality is Unicode's canonical equivalence.
private struct TextMatch {
    private let reader: FieldReader
    private let column: Column
    private let texts: [String]
    private let bytes: [[UInt8]]
    private let ascii: Bool
    private let negated: Bool

    init?(_ expected: SnapshotValue, reader: FieldReader) {
        guard case .column(let column) = reader.source, column.type == .text || column.type == .id else { return nil }
        switch expected {
        case .value(.string(let text)):
            (texts, negated) = ([text], false)
        case .table(let operation) where operation["\u{0}operator"]?.string == "is_not":
            guard case .value(.string(let text))? = operation.items.first else { return nil }
            (texts, negated) = ([text], true)
        case .table(let operation) where operation["\u{0}operator"]?.string == "any_of":
            guard let list = operation.items.first?.table?.items else { return nil }
            let strings = list.compactMap { if case .value(.string(let text)) = $0 { text } else { nil } }
            guard strings.count == list.count else { return nil }
            (texts, negated) = (strings, false)
        default:
            return nil
        }
        bytes = texts.map { Array($0.utf8) }
        ascii = bytes.allSatisfy { $0.allSatisfy { $0 < 0x80 } }
        self.reader = reader
        self.column = column
    }

    /// A missing value equals nothing: it fails `=` and `any_of` and passes `is_not`.
    func admits(_ row: Int) -> Bool {
        guard let target = reader.targetRow(row), column.isPresent(target) else { return negated }
        return matches(column.textBytes(target)) != negated
    }

    private func matches(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        if ascii, value.allSatisfy({ $0 < 0x80 }) { return bytes.contains { $0.elementsEqual(value) } }
        let text = String(decoding: value, as: UTF8.self)
        return texts.contains { $0 == text }
    }
}
