/// Builds RFC 4180 CSV rows directly as UTF-8 bytes.
///
/// Every field method appends the value followed by a comma; `endRow()` turns the last comma
/// into the line feed. Numbers, money, dates and datetimes are formatted by hand: building a
/// `String` per field would dominate the cost of writing a million encounters.
public struct CSVBuffer: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init(capacity: Int = 1 << 20) {
        bytes.reserveCapacity(capacity)
    }

    public var count: Int { bytes.count }

    public mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
    }

    public mutating func append(_ other: CSVBuffer) {
        bytes.append(contentsOf: other.bytes)
    }

    /// Replaces the trailing comma of the row with LF.
    @inline(__always)
    public mutating func endRow() {
        bytes[bytes.count - 1] = 0x0A
    }

    /// A missing value (an empty field).
    @inline(__always)
    public mutating func empty() {
        bytes.append(0x2C)
    }

    /// Bytes known not to need quoting (codes, ids, vocabulary written by this module).
    @inline(__always)
    public mutating func raw(_ value: [UInt8]) {
        bytes.append(contentsOf: value)
        bytes.append(0x2C)
    }

    /// Free text, quoted when it holds a comma, a quote, CR or LF (quotes doubled).
    public mutating func text(_ value: [UInt8]) {
        var needsQuotes = false
        for byte in value where byte == 0x2C || byte == 0x22 || byte == 0x0A || byte == 0x0D {
            needsQuotes = true
            break
        }
        guard needsQuotes else { return raw(value) }
        bytes.append(0x22)
        for byte in value {
            if byte == 0x22 { bytes.append(0x22) }
            bytes.append(byte)
        }
        bytes.append(0x22)
        bytes.append(0x2C)
    }

    public mutating func text(_ value: String) {
        text(Array(value.utf8))
    }

    /// An id made of a prefix and a number zero-padded to `width` digits (E0000042).
    @inline(__always)
    public mutating func id(_ prefix: [UInt8], _ number: Int, width: Int) {
        bytes.append(contentsOf: prefix)
        appendDigits(UInt64(number), minimumWidth: width)
        bytes.append(0x2C)
    }

    /// An id with a sequence suffix (CH0000042-3), for rows that belong to one parent.
    @inline(__always)
    public mutating func id(_ prefix: [UInt8], _ number: Int, width: Int, sequence: Int) {
        bytes.append(contentsOf: prefix)
        appendDigits(UInt64(number), minimumWidth: width)
        bytes.append(0x2D)
        appendDigits(UInt64(sequence), minimumWidth: 1)
        bytes.append(0x2C)
    }

    @inline(__always)
    public mutating func int(_ value: Int) {
        if value < 0 {
            bytes.append(0x2D)
            appendDigits(UInt64(-value), minimumWidth: 1)
        } else {
            appendDigits(UInt64(value), minimumWidth: 1)
        }
        bytes.append(0x2C)
    }

    /// Money from integer cents, as a plain decimal with two places (1234.50, -3.05).
    @inline(__always)
    public mutating func money(cents: Int64) {
        var magnitude = cents
        if cents < 0 {
            bytes.append(0x2D)
            magnitude = -cents
        }
        appendDigits(UInt64(magnitude / 100), minimumWidth: 1)
        bytes.append(0x2E)
        appendDigits(UInt64(magnitude % 100), minimumWidth: 2)
        bytes.append(0x2C)
    }

    /// A score in [0, 1] with three decimals (0.873).
    public mutating func fraction(_ value: Double) {
        let thousandths = Int((min(max(value, 0), 1) * 1000).rounded())
        appendDigits(UInt64(thousandths / 1000), minimumWidth: 1)
        bytes.append(0x2E)
        appendDigits(UInt64(thousandths % 1000), minimumWidth: 3)
        bytes.append(0x2C)
    }

    @inline(__always)
    public mutating func bool(_ value: Bool) {
        if value {
            bytes.append(contentsOf: [0x74, 0x72, 0x75, 0x65, 0x2C])
        } else {
            bytes.append(contentsOf: [0x66, 0x61, 0x6C, 0x73, 0x65, 0x2C])
        }
    }

    /// A date `YYYY-MM-DD` from a day number.
    @inline(__always)
    public mutating func date(_ dayNumber: Int) {
        appendDate(dayNumber)
        bytes.append(0x2C)
    }

    /// A date, or an empty field when nil.
    @inline(__always)
    public mutating func date(_ dayNumber: Int?) {
        if let dayNumber { date(dayNumber) } else { empty() }
    }

    /// A datetime `YYYY-MM-DDTHH:MM:SS` from seconds since 1970-01-01T00:00:00 (wall clock).
    @inline(__always)
    public mutating func datetime(_ seconds: Int64) {
        let day = seconds >= 0 ? seconds / CivilCalendar.secondsPerDay
            : (seconds - CivilCalendar.secondsPerDay + 1) / CivilCalendar.secondsPerDay
        let secondOfDay = Int(seconds - day * CivilCalendar.secondsPerDay)
        appendDate(Int(day))
        bytes.append(0x54)
        appendDigits(UInt64(secondOfDay / 3600), minimumWidth: 2)
        bytes.append(0x3A)
        appendDigits(UInt64(secondOfDay / 60 % 60), minimumWidth: 2)
        bytes.append(0x3A)
        appendDigits(UInt64(secondOfDay % 60), minimumWidth: 2)
        bytes.append(0x2C)
    }

    /// A datetime, or an empty field when nil.
    @inline(__always)
    public mutating func datetime(_ seconds: Int64?) {
        if let seconds { datetime(seconds) } else { empty() }
    }

    /// Starts a `;`-separated list field; call `listItem` for each element, then `endList`.
    /// The module's list items never contain `;`, commas or quotes, so no quoting is needed.
    @inline(__always)
    public mutating func listItem(_ value: [UInt8], first: Bool) {
        if !first { bytes.append(0x3B) }
        bytes.append(contentsOf: value)
    }

    @inline(__always)
    public mutating func endList() {
        bytes.append(0x2C)
    }

    /// The header row: names joined by commas, then LF.
    public mutating func header(_ names: [String]) {
        for name in names { raw(Array(name.utf8)) }
        endRow()
    }

    @inline(__always)
    private mutating func appendDate(_ dayNumber: Int) {
        let civil = CivilCalendar.civil(dayNumber)
        appendDigits(UInt64(civil.year), minimumWidth: 4)
        bytes.append(0x2D)
        appendDigits(UInt64(civil.month), minimumWidth: 2)
        bytes.append(0x2D)
        appendDigits(UInt64(civil.day), minimumWidth: 2)
    }

    @inline(__always)
    private mutating func appendDigits(_ value: UInt64, minimumWidth: Int) {
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var rest = value
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[19 - count] = UInt8(truncatingIfNeeded: 0x30 &+ rest % 10)
                rest /= 10
                count += 1
            } while rest > 0
            while count < minimumWidth && count < 20 {
                buffer[19 - count] = 0x30
                count += 1
            }
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[(20 - count)...]))
        }
    }
}
