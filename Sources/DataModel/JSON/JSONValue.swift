/// A JSON value whose objects keep the order they were built in, so the report is
/// deterministic byte for byte (SPEC section 6).
public indirect enum JSONValue: Sendable {
    case null
    case bool(Bool)
    case int(Int)
    /// Shortest round-trip form.
    case number(Double)
    /// Exact cents, printed as dollars with two decimals.
    case money(cents: Int64)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static let listCap = 1000

    /// `key: [first 1,000]` and, when more, `key_truncated: n` (SPEC section 6).
    public static func capped(_ key: String, _ items: [JSONValue], cap: Int = listCap) -> [(String, JSONValue)] {
        var fields: [(String, JSONValue)] = [(key, .array(Array(items.prefix(cap))))]
        if items.count > cap { fields.append((key + "_truncated", .int(items.count - cap))) }
        return fields
    }

    public func rendered(indent: String = "") -> String {
        let inner = indent + "  "
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .number(let d):
            guard d.isFinite else { return "null" }
            if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
            return String(d)
        case .money(let cents):
            let magnitude = cents.magnitude
            return (cents < 0 ? "-" : "") + "\(magnitude / 100)." + (magnitude % 100 < 10 ? "0" : "") + "\(magnitude % 100)"
        case .string(let s): return JSONText.quote(s)
        case .array(let items):
            guard !items.isEmpty else { return "[]" }
            if items.allSatisfy(\.isScalar) { return "[" + items.map { $0.rendered() }.joined(separator: ", ") + "]" }
            return "[\n" + items.map { inner + $0.rendered(indent: inner) }.joined(separator: ",\n") + "\n" + indent + "]"
        case .object(let fields):
            guard !fields.isEmpty else { return "{}" }
            // A row of scalars (a month, a group, a rejected line) reads best on one line.
            if fields.allSatisfy({ $0.1.isFlat }) {
                return "{ " + fields.map { JSONText.quote($0.0) + ": " + $0.1.rendered() }.joined(separator: ", ") + " }"
            }
            return "{\n" + fields.map { inner + JSONText.quote($0.0) + ": " + $0.1.rendered(indent: inner) }.joined(separator: ",\n")
                + "\n" + indent + "}"
        }
    }

    public var isScalar: Bool {
        switch self {
        case .array, .object: false
        default: true
        }
    }

    /// A scalar, or an array of scalars.
    var isFlat: Bool {
        if case .array(let items) = self { return items.allSatisfy(\.isScalar) }
        return isScalar
    }
}

/// JSON string literals.
public enum JSONText {
    public static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
