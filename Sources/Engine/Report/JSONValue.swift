import Ingest

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
    /// Already-rendered JSON (the ingestion report's `data_quality`).
    case raw(String)

    public static let listCap = 1000

    /// `key: [first 1,000]` and, when more, `key_truncated: n` (SPEC section 6).
    public static func capped(_ key: String, _ items: [JSONValue]) -> [(String, JSONValue)] {
        var fields: [(String, JSONValue)] = [(key, .array(Array(items.prefix(listCap))))]
        if items.count > listCap { fields.append((key + "_truncated", .int(items.count - listCap))) }
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
        case .raw(let text): return text
        case .array(let items):
            guard !items.isEmpty else { return "[]" }
            return "[\n" + items.map { inner + $0.rendered(indent: inner) }.joined(separator: ",\n") + "\n" + indent + "]"
        case .object(let fields):
            guard !fields.isEmpty else { return "{}" }
            return "{\n" + fields.map { inner + JSONText.quote($0.0) + ": " + $0.1.rendered(indent: inner) }.joined(separator: ",\n")
                + "\n" + indent + "}"
        }
    }
}
