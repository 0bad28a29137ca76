/// CSV cells for the files Upstream writes (RFC 4180 quoting). Text that came from data or a
/// pack is escaped against spreadsheet formula injection (SPEC section 6): a cell starting with
/// `= + - @`, a tab or a carriage return gets a leading `'`. Numbers the host formats itself
/// are not text and are left as they are, so `-12.50` stays a number in a spreadsheet.
public enum CSVText {
    /// A text cell: formula prefixes neutralized; with `stripControls`, control characters other
    /// than line breaks and tabs removed (report text); without, kept verbatim (rejected rows).
    public static func text(_ value: String, stripControls: Bool = true) -> String {
        var text = value
        if stripControls, text.unicodeScalars.contains(where: isStripped) {
            text = String(String.UnicodeScalarView(text.unicodeScalars.filter { !isStripped($0) }))
        }
        if let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { text = "'" + text }
        return quoted(text)
    }

    /// A cell the host formatted itself (a count, an amount, a date): only quoted if needed.
    public static func plain(_ value: String) -> String { quoted(value) }

    private static func quoted(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13 }) else { return text }
        return "\"" + text.replacing("\"", with: "\"\"") + "\""
    }

    private static func isStripped(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 9, 10, 13: false
        case 0..<0x20, 0x7F, 0x80...0x9F: true
        default: false
        }
    }
}
