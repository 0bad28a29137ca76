import DataModel
import LuaRuntime

/// A parameter's value, typed. Money is exact cents; dates are days since 1970-01-01.
public indirect enum ParamValue: Sendable, Equatable {
    case number(Double)
    case int(Int64)
    case money(cents: Int64)
    case text(String)
    case bool(Bool)
    case date(days: Int32, text: String)
    case list([ParamValue])
    case map(default: ParamValue?, entries: [String: ParamValue])

    /// What a script reads with `param(name)`.
    public var luaValue: LuaValue {
        switch self {
        case .number(let d): .number(d)
        case .int(let i): .integer(i)
        case .money(let cents): .number(Double(cents) / 100)
        case .text(let s): .string(s)
        case .bool(let b): .boolean(b)
        case .date(_, let text): .string(text)
        case .list, .map: .nil   // read entry by entry through param(name, key)
        }
    }

    /// The type a default implies when a declaration does not say.
    var inferredType: ParamType? {
        switch self {
        case .number: .number
        case .int: .int
        case .money: .money
        case .text: .text
        case .bool: .bool
        case .date: .date
        case .list(let items): .list(items.first?.inferredType ?? .text)
        case .map(let fallback, let entries): .map(fallback?.inferredType ?? entries.values.first?.inferredType ?? .text)
        }
    }
}

/// Converts Lua values and command-line text into typed parameter values.
public enum ParamParser {
    /// A value written in Lua (a manifest's default or `set`) as `type`.
    public static func value(_ value: SnapshotValue, as type: ParamType) -> ParamValue? {
        switch (type, value) {
        case (.list(let element), .table(let table)):
            let items = table.items.map { Self.value($0, as: element) }
            guard table.fields.isEmpty, items.allSatisfy({ $0 != nil }) else { return nil }
            return .list(items.compactMap { $0 })
        case (.map(let element), .table(let table)):
            var entries: [String: ParamValue] = [:]
            for (key, entry) in table.fields {
                guard let parsed = Self.value(entry, as: element) else { return nil }
                entries[key] = parsed
            }
            guard table.items.isEmpty else { return nil }
            return .map(default: nil, entries: entries)
        case (.list, _), (.map, _), (_, .table):
            return nil
        case (.text, .value(.string(let s))): return .text(s)
        case (.bool, .value(.boolean(let b))): return .bool(b)
        case (.int, .value(.integer(let i))): return .int(i)
        case (.int, .value(.number(let d))) where d.rounded() == d && abs(d) < 9.0e15: return .int(Int64(d))
        case (.number, .value(.integer(let i))): return .number(Double(i))
        case (.number, .value(.number(let d))) where d.isFinite: return .number(d)
        case (.money, .value(.integer(let i))): return .money(cents: i * 100)
        case (.money, .value(.number(let d))) where d.isFinite: return .money(cents: Int64((d * 100).rounded()))
        case (.money, .value(.string(let s))), (.date, .value(.string(let s))): return text(s, as: type)
        default: return nil
        }
    }

    /// The type a default written in Lua implies (numbers with a fraction are `number`).
    public static func inferType(_ value: SnapshotValue) -> ParamType? {
        switch value {
        case .value(.string(let s)): DateText.days(s) != nil ? .date : .text
        case .value(.boolean): .bool
        case .value(.integer): .int
        case .value(.number): .number
        case .table(let t):
            if let first = t.items.first { inferType(first).map { .list($0) } }
            else if let first = t.fields.values.first { inferType(first).map { .map($0) } }
            else { nil }
        default: nil
        }
    }

    /// A value given on the command line (`--param name=value`). Lists are comma-separated.
    public static func text(_ text: String, as type: ParamType) -> ParamValue? {
        switch type {
        case .text: return .text(text)
        case .int: return Int64(text).map { .int($0) }
        case .number: return Double(text).flatMap { $0.isFinite ? .number($0) : nil }
        case .bool: return BoolText.value(text).map { .bool($0) }
        case .date: return DateText.days(text).map { .date(days: $0, text: text) }
        case .money: return MoneyText.cents(text).map { .money(cents: $0) }
        case .list(let element):
            let items = text.isEmpty ? [] : text.split(separator: ",", omittingEmptySubsequences: false)
                .map { Self.text(String($0).trimmingSpaces, as: element) }
            return items.allSatisfy { $0 != nil } ? .list(items.compactMap { $0 }) : nil
        case .map(let element):
            return Self.text(text, as: element).map { .map(default: $0, entries: [:]) }
        }
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}

/// Spellings SPEC section 5 accepts for booleans.
enum BoolText {
    static func value(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true", "t", "yes", "y", "1": true
        case "false", "f", "no", "n", "0": false
        default: nil
        }
    }
}

/// `YYYY-MM-DD` to days since 1970-01-01, with the calendar checked (params, `--as-of`,
/// `inactive_since`).
public enum DateText {
    public static func days(_ text: String) -> Int32? {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for b in bytes[range] {
                guard b >= 48 && b <= 57 else { return nil }
                value = value * 10 + Int(b - 48)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              (1...12).contains(month), (1...CivilDate.daysInMonth(year: year, month: month)).contains(day) else { return nil }
        return Int32(CivilDate.days(year: year, month: month, day: day))
    }
}

/// Money as SPEC section 5 writes it: `1234.5`, `$1,234.56`, `(12.00)`, `-12`, to exact cents.
enum MoneyText {
    static func cents(_ text: String) -> Int64? {
        var s = Substring(text.trimmingSpaces)
        var negative = false
        if s.hasPrefix("(") && s.hasSuffix(")") { negative = true; s = s.dropFirst().dropLast() }
        if s.hasPrefix("-") { negative.toggle(); s = s.dropFirst() }
        if s.hasPrefix("$") { s = s.dropFirst() }
        let parts = s.replacing(",", with: "").split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty || parts.count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }) else { return nil }
        var fraction = parts.count == 2 ? String(parts[1]) : ""
        guard fraction.count <= 2 || fraction.dropFirst(2).allSatisfy({ $0 == "0" }) else { return nil }
        fraction = String((fraction + "00").prefix(2))
        guard let whole = Int64(parts[0].isEmpty ? "0" : String(parts[0])), let cents = Int64(fraction),
              whole < Int64.max / 100 else { return nil }
        return (whole * 100 + cents) * (negative ? -1 : 1)
    }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
