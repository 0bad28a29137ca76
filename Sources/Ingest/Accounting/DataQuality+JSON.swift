/// SPEC section 6's `data_quality` object, written by hand so key order is the SPEC's and the
/// output is byte-for-byte deterministic. Lists are capped at `cap` with a `truncated` count.
extension DataQuality {
    public static let listCap = 1000

    public func json(indent: String = "", cap: Int = DataQuality.listCap) -> String {
        var out = "{\n"
        let i1 = indent + "  ", i2 = i1 + "  "
        out += i1 + "\"inputs\": [" + inputs.map { a in
            "\n" + i2 + "{ \"dataset\": \(JSONText.quote(a.dataset)), \"file\": \(JSONText.quote(a.file)), "
                + "\"rows\": \(a.rows), \"accepted\": \(a.accepted), \"filtered\": \(a.filtered), "
                + "\"rejected\": \(a.rejected), \"field_issues\": \(a.fieldIssues) }"
        }.joined(separator: ",") + (inputs.isEmpty ? "],\n" : "\n" + i1 + "],\n")
        out += problems("rejected", rejected, indent: i1, cap: cap)
        out += problems("field_issues", fieldIssues, indent: i1, cap: cap)
        let gaps = referentialGaps.prefix(cap)
        out += i1 + "\"referential_gaps\": [" + gaps.map { g in
            "\n" + i2 + "{ \"dataset\": \(JSONText.quote(g.dataset)), \"field\": \(JSONText.quote(g.field)), "
                + "\"target\": \(JSONText.quote(g.target)), \"rows\": \(g.rows), \"examples\": ["
                + g.examples.map(JSONText.quote).joined(separator: ", ") + "] }"
        }.joined(separator: ",") + (gaps.isEmpty ? "]" : "\n" + i1 + "]")
        if referentialGaps.count > cap { out += ",\n" + i1 + "\"referential_gaps_truncated\": \(referentialGaps.count - cap)" }
        return out + "\n" + indent + "}"
    }

    private func problems(_ key: String, _ list: [RowProblem], indent: String, cap: Int) -> String {
        let shown = list.prefix(cap)
        var out = indent + "\"\(key)\": [" + shown.map { p in
            "\n" + indent + "  { \"file\": \(JSONText.quote(p.file)), \"line\": \(p.line), "
                + "\"column\": \(JSONText.quote(p.column)), \"reason\": \(JSONText.quote(p.reason)) }"
        }.joined(separator: ",") + (shown.isEmpty ? "],\n" : "\n" + indent + "],\n")
        if list.count > cap { out += indent + "\"\(key)_truncated\": \(list.count - cap),\n" }
        return out
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
