import DataModel

/// The months of recently read dates, keyed by their `YYYY-MM-` bytes: an export's dates fall in
/// a few dozen months, so most dates need only their day checked and added to a known month's
/// first day (`DateParsing` works out the month otherwise). Gives exactly `DateParsing`'s results.
///
/// Per thread (it is written on every miss); its owner calls `free()`.
struct MonthCache {
    private struct Entry {
        /// The `YYYY-MM-` word (0, never a valid one, when empty), its month's first day and length.
        var head: UInt64
        var firstDay: Int32
        var length: Int32
    }

    /// Direct-mapped: a month's word picks its one entry.
    private static let size = 64
    private let entries: UnsafeMutablePointer<Entry>

    init() {
        entries = .allocate(capacity: MonthCache.size)
        entries.initialize(repeating: Entry(head: 0, firstDay: 0, length: 0), count: MonthCache.size)
    }

    func free() { entries.deallocate() }

    /// `DateParsing.date`.
    @inline(__always)
    func date(_ p: UnsafePointer<UInt8>, _ length: Int) -> Int32? {
        length == 10 ? datePart(p) : nil
    }

    /// `DateParsing.datetime`.
    @inline(__always)
    func datetime(_ p: UnsafePointer<UInt8>, _ length: Int) -> Int64? {
        guard length == 19, DateParsing.isTimeSeparator(p[10]), let days = datePart(p),
              let seconds = DateParsing.canonicalTime(p, on: days) else { return DateParsing.anyDateTime(p, length) }
        return seconds
    }

    /// `DateParsing.datePart` for at least 10 readable bytes.
    @inline(__always)
    private func datePart(_ p: UnsafePointer<UInt8>) -> Int32? {
        let head = DigitWords.load(p)
        let entry = entries + Int(truncatingIfNeeded: (head &* 0x9E37_79B9_7F4A_7C15) >> 58)
        if entry.pointee.head != head {
            guard let month = DateParsing.month(head) else { return nil }
            entry.pointee = Entry(head: head, firstDay: Int32(month.firstDay), length: Int32(month.length))
        }
        return DateParsing.day(p, in: (Int(entry.pointee.firstDay), Int(entry.pointee.length)))
    }
}
