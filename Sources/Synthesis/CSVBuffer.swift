import Foundation

/// Builds RFC 4180 CSV rows directly as UTF-8 bytes in one growable block of memory.
///
/// Every field method appends the value followed by a comma; `endRow()` turns the last comma
/// into the line feed. Numbers, money, dates and datetimes are formatted by hand, and each
/// field reserves its room once and then stores bytes without checks: building a `String` per
/// field, or appending to an `Array` byte by byte, would dominate the cost of writing a million
/// encounters.
///
/// A buffer is owned by one thread at a time: a worker fills it, then hands it to the writer.
/// That hand-over is why it is a class marked `@unchecked Sendable`; it is never shared.
public final class CSVBuffer: @unchecked Sendable {
    // Unchecked exclusivity: a buffer has one owner at a time (see above), and the dynamic
    // checks on these three fields otherwise cost more than the formatting itself.
    @exclusivity(unchecked) private var base: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) private var capacity: Int
    @exclusivity(unchecked) public private(set) var count = 0
    /// The last date formatted, since consecutive date fields are often the same day.
    @exclusivity(unchecked) private var cachedDay = Int.min
    @exclusivity(unchecked) private var cachedDate: (year: Int, month: Int, day: Int) = (0, 0, 0)

    public init(capacity: Int = 1 << 20) {
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
    }

    deinit {
        base.deallocate()
    }

    /// A copy of the bytes written so far (tests and small files).
    public var bytes: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

    /// The bytes written so far, without copying.
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(start: base, count: count))
    }

    public func removeAll() {
        count = 0
    }

    @inline(__always)
    private func reserve(_ extra: Int) {
        if count + extra > capacity { grow(to: count + extra) }
    }

    @inline(never)
    private func grow(to needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.update(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    @inline(__always)
    private func put(_ byte: UInt8) {
        base[count] = byte
        count += 1
    }

    @inline(__always)
    private func put(_ value: [UInt8]) {
        value.withUnsafeBufferPointer { source in
            guard let address = source.baseAddress else { return }
            (base + count).update(from: address, count: source.count)
            count += source.count
        }
    }

    /// Replaces the trailing comma of the row with LF.
    @inline(__always)
    public func endRow() {
        base[count - 1] = 0x0A
    }

    /// A missing value (an empty field).
    @inline(__always)
    public func empty() {
        reserve(1)
        put(0x2C)
    }

    /// Bytes known not to need quoting (codes, ids, vocabulary written by this module).
    @inline(__always)
    public func raw(_ value: [UInt8]) {
        reserve(value.count + 1)
        put(value)
        put(0x2C)
    }

    /// Free text, quoted when it holds a comma, a quote, CR or LF (quotes doubled).
    public func text(_ value: [UInt8]) {
        var needsQuotes = false
        for byte in value where byte == 0x2C || byte == 0x22 || byte == 0x0A || byte == 0x0D {
            needsQuotes = true
            break
        }
        guard needsQuotes else { return raw(value) }
        reserve(value.count * 2 + 3)
        put(0x22)
        for byte in value {
            if byte == 0x22 { put(0x22) }
            put(byte)
        }
        put(0x22)
        put(0x2C)
    }

    public func text(_ value: String) {
        text(Array(value.utf8))
    }

    /// An id made of a prefix and a number zero-padded to `width` digits (E0000042).
    @inline(__always)
    public func id(_ prefix: [UInt8], _ number: Int, width: Int) {
        reserve(prefix.count + 22)
        put(prefix)
        putDigits(UInt64(number), minimumWidth: width)
        put(0x2C)
    }

    /// An id with a sequence suffix (CH0000042-3), for rows that belong to one parent.
    @inline(__always)
    public func id(_ prefix: [UInt8], _ number: Int, width: Int, sequence: Int) {
        reserve(prefix.count + 44)
        put(prefix)
        putDigits(UInt64(number), minimumWidth: width)
        put(0x2D)
        putDigits(UInt64(sequence), minimumWidth: 1)
        put(0x2C)
    }

    @inline(__always)
    public func int(_ value: Int) {
        reserve(22)
        if value < 0 { put(0x2D) }
        putDigits(value.magnitude.asUInt64, minimumWidth: 1)
        put(0x2C)
    }

    /// Money from integer cents, as a plain decimal with two places (1234.50, -3.05).
    @inline(__always)
    public func money(cents: Int64) {
        reserve(24)
        if cents < 0 { put(0x2D) }
        let magnitude = cents.magnitude
        putDigits(magnitude / 100, minimumWidth: 1)
        put(0x2E)
        putDigits(magnitude % 100, minimumWidth: 2)
        put(0x2C)
    }

    /// A score in [0, 1] with three decimals (0.873).
    public func fraction(_ value: Double) {
        let thousandths = UInt64((min(max(value, 0), 1) * 1000).rounded())
        reserve(24)
        putDigits(thousandths / 1000, minimumWidth: 1)
        put(0x2E)
        putDigits(thousandths % 1000, minimumWidth: 3)
        put(0x2C)
    }

    @inline(__always)
    public func bool(_ value: Bool) {
        reserve(6)
        if value {
            put(0x74); put(0x72); put(0x75); put(0x65)
        } else {
            put(0x66); put(0x61); put(0x6C); put(0x73); put(0x65)
        }
        put(0x2C)
    }

    /// A date `YYYY-MM-DD` from a day number.
    @inline(__always)
    public func date(_ dayNumber: Int) {
        reserve(24)
        putDate(dayNumber)
        put(0x2C)
    }

    /// A date, or an empty field when nil.
    @inline(__always)
    public func date(_ dayNumber: Int?) {
        if let dayNumber { date(dayNumber) } else { empty() }
    }

    /// A datetime `YYYY-MM-DDTHH:MM:SS` from seconds since 1970-01-01T00:00:00 (wall clock).
    @inline(__always)
    public func datetime(_ seconds: Int64) {
        let day = seconds >= 0 ? seconds / CivilCalendar.secondsPerDay
            : (seconds - CivilCalendar.secondsPerDay + 1) / CivilCalendar.secondsPerDay
        let secondOfDay = UInt64(seconds - day * CivilCalendar.secondsPerDay)
        reserve(40)
        putDate(Int(day))
        put(0x54)
        putTwoDigits(secondOfDay / 3600)
        put(0x3A)
        putTwoDigits(secondOfDay / 60 % 60)
        put(0x3A)
        putTwoDigits(secondOfDay % 60)
        put(0x2C)
    }

    /// A datetime, or an empty field when nil.
    @inline(__always)
    public func datetime(_ seconds: Int64?) {
        if let seconds { datetime(seconds) } else { empty() }
    }

    /// One element of a `;`-separated list field; call `endList` after the last one. The
    /// module's list items never contain `;`, commas or quotes, so no quoting is needed.
    @inline(__always)
    public func listItem(_ value: [UInt8], first: Bool) {
        reserve(value.count + 1)
        if !first { put(0x3B) }
        put(value)
    }

    @inline(__always)
    public func endList() {
        reserve(1)
        put(0x2C)
    }

    /// The header row: names joined by commas, then LF.
    public func header(_ names: [String]) {
        for name in names { raw(Array(name.utf8)) }
        endRow()
    }

    /// Writes a date; the caller has reserved room.
    @inline(__always)
    private func putDate(_ dayNumber: Int) {
        if dayNumber != cachedDay {
            cachedDay = dayNumber
            cachedDate = CivilCalendar.civil(dayNumber)
        }
        let civil = cachedDate
        putDigits(UInt64(max(civil.year, 0)), minimumWidth: 4)
        put(0x2D)
        putTwoDigits(UInt64(civil.month))
        put(0x2D)
        putTwoDigits(UInt64(civil.day))
    }

    @inline(__always)
    private func putTwoDigits(_ value: UInt64) {
        put(UInt8(truncatingIfNeeded: 0x30 &+ value / 10))
        put(UInt8(truncatingIfNeeded: 0x30 &+ value % 10))
    }

    /// Writes decimal digits, left-padded with zeros; the caller has reserved 20 bytes.
    @inline(__always)
    private func putDigits(_ value: UInt64, minimumWidth: Int) {
        var length = 1
        var probe = value / 10
        while probe > 0 {
            length += 1
            probe /= 10
        }
        let width = min(max(length, minimumWidth), 20)
        var rest = value
        var position = count + width - 1
        for _ in 0..<width {
            base[position] = UInt8(truncatingIfNeeded: 0x30 &+ rest % 10)
            rest /= 10
            position -= 1
        }
        count += width
    }
}

private extension UInt {
    var asUInt64: UInt64 { UInt64(self) }
}
