import CScan

/// The byte classes of 64 bytes of the mapped file, from `start` (a multiple of 64), classified
/// with SIMD (CScan): bit i stands for byte `start + i`.
struct ScanWindow {
    /// No bytes yet: no record position is within 64 bytes after -64.
    var start = -64
    /// Commas, line feeds and quotes.
    var stops: UInt64 = 0
    /// Bytes >= 0x80.
    var highs: UInt64 = 0
}

/// The fast path of `CSVScanner`: most records are simple (`width` fields, quoted ones without
/// doubled quotes or line breaks, a line feed before the file's last 64 bytes), and their fields
/// end at the window's stop bits, found one `trailingZeroBitCount` per field instead of a byte or
/// word loop per field. Any other record goes to `scan`, which stays the one definition of every
/// edge case.
extension CSVScanner {
    private static let quoteByte: UInt8 = 34, commaByte: UInt8 = 44, lfByte: UInt8 = 10, crByte: UInt8 = 13

    /// Scans the record at `pos` exactly as `scan(pos:line:recordEnd:spans:highBytes:)` does;
    /// `window` carries classified bytes from one record to the next.
    @inline(__always)
    func scan(pos: inout Int, line: inout Int, recordEnd: inout Int, spans: UnsafeMutableBufferPointer<FieldSpan>,
              highBytes: inout Bool, window: inout ScanWindow) -> Outcome {
        if scanSimple(pos: &pos, line: &line, recordEnd: &recordEnd, spans: spans, highBytes: &highBytes,
                      window: &window) {
            return .record(fields: width)
        }
        return scan(pos: &pos, line: &line, recordEnd: &recordEnd, spans: spans, highBytes: &highBytes)
    }

    /// Scans the record at `pos` if it is simple and returns true, with the results `scan` would
    /// give (`highBytes` is exact here). Returns false for any other record, having changed
    /// nothing but `spans` and `window`.
    @inline(__always)
    func scanSimple(pos: inout Int, line: inout Int, recordEnd: inout Int,
                    spans: UnsafeMutableBufferPointer<FieldSpan>, highBytes: inout Bool,
                    window: inout ScanWindow) -> Bool {
        let b = base
        let recordStart = pos
        if UInt(bitPattern: recordStart &- window.start) >= 64 {
            guard load(&window, at: recordStart & ~63) else { return false }
        }
        // The record's bits in the current window: from its first byte on, in the first window.
        var from = ~UInt64(0) &<< UInt64(recordStart &- window.start)
        var pending = window.stops & from
        var highs: UInt64 = 0
        var fieldStart = recordStart
        var field = 0
        let lastField = width - 1
        while true {
            while pending == 0 {
                highs |= window.highs & from
                from = ~0
                // Far past the limit: leave the over-long record (and its accounting) to `scan`.
                guard window.start - recordStart <= maxRecordBytes,
                      load(&window, at: window.start + 64) else { return false }
                pending = window.stops
            }
            // Positions stay within the mapped file: no overflow checks on the per-field path.
            let bit = pending.trailingZeroBitCount
            let end = window.start &+ bit
            let c = b[end]
            if c == Self.commaByte, field < lastField {
                spans[field] = FieldSpan(start: b + fieldStart, length: end &- fieldStart, shape: .plain, highBit: false)
                field &+= 1
                fieldStart = end &+ 1
                pending &= pending &- 1
                continue
            }
            if c == Self.quoteByte {
                // A quoted field (or not simple): the rest of the record is read out of line, so
                // that this loop over unquoted fields keeps its registers.
                let stops = Stops(window: window, pending: pending, from: from, highs: highs)
                guard let quoted = scanQuoted(recordStart: recordStart, field: field, fieldStart: fieldStart,
                                              stops: stops, spans: spans) else { return false }
                window = quoted.window
                highBytes = quoted.highBytes
                recordEnd = quoted.recordEnd
                pos = quoted.next
                line += 1
                return true
            }
            // A line feed too early or a comma too many: not simple.
            guard c == Self.lfByte, field == lastField else { return false }
            // The line feed ends the record; a CR before it is trimmed as `scan` trims it.
            var fieldEnd = end
            if fieldEnd > fieldStart, b[fieldEnd - 1] == Self.crByte { fieldEnd -= 1 }
            let contentEnd = end > recordStart && b[end - 1] == Self.crByte ? end - 1 : end
            guard contentEnd - recordStart <= maxRecordBytes else { return false }
            spans[field] = FieldSpan(start: b + fieldStart, length: fieldEnd - fieldStart, shape: .plain, highBit: false)
            highs |= window.highs & from & (~UInt64(0) &>> UInt64(63 - bit))
            highBytes = highs != 0
            recordEnd = contentEnd
            pos = end + 1
            line += 1
            return true
        }
    }

    /// Where a record's scan stands: the window, its stops not taken yet, and the record's high
    /// bytes in the windows left behind.
    struct Stops {
        var window: ScanWindow
        var pending: UInt64
        /// The record's bits of the window: from its first byte on, in its first window.
        var from: UInt64
        var highs: UInt64
    }

    /// A simple record holding a quote, scanned by `scanQuoted`.
    struct QuotedRecord {
        var window: ScanWindow
        var highBytes: Bool
        var recordEnd: Int
        /// Where the next record starts.
        var next: Int
    }

    /// Goes on with the record at `recordStart` from field `firstField`, whose stop (a quote) is
    /// still pending, taking quoted fields when they hold no doubled quote or line feed and a
    /// comma, LF or CRLF follows the closing quote. Nil for any other record. Values in and out,
    /// not `inout`, so that the parser's own variables stay in registers around this call.
    @inline(never)
    func scanQuoted(recordStart: Int, field firstField: Int, fieldStart: Int, stops: Stops,
                    spans: UnsafeMutableBufferPointer<FieldSpan>) -> QuotedRecord? {
        let b = base
        var window = stops.window, pending = stops.pending, from = stops.from, highs = stops.highs
        // The record's next stop, across windows; nil to give up near the file's end or far past
        // the record limit. (`scanSimple` repeats the refill loop inline: a shared `inout` helper
        // measured slower there.)
        func nextStop() -> Int? {
            while pending == 0 {
                highs |= window.highs & from
                from = ~0
                guard window.start - recordStart <= maxRecordBytes,
                      load(&window, at: window.start + 64) else { return nil }
                pending = window.stops
            }
            let stop = window.start + pending.trailingZeroBitCount
            pending &= pending &- 1
            return stop
        }
        var fieldStart = fieldStart
        for field in firstField..<width {
            guard var end = nextStop() else { return nil }
            var start = fieldStart, length = end - fieldStart, quoted = false
            if b[end] == Self.quoteByte {
                guard end == fieldStart else { return nil }
                var close = end
                repeat {
                    guard let stop = nextStop() else { return nil }
                    close = stop
                } while b[close] == Self.commaByte
                guard b[close] == Self.quoteByte, let next = nextStop(),
                      next == close + 1 || next == close + 2 && b[close + 1] == Self.crByte && b[next] == Self.lfByte
                else { return nil }
                start = fieldStart + 1
                length = close - start
                end = next
                quoted = true
            }
            if field < width - 1 {
                guard b[end] == Self.commaByte else { return nil }
                spans[field] = FieldSpan(start: b + start, length: length, shape: .plain, highBit: false)
                fieldStart = end + 1
                continue
            }
            guard b[end] == Self.lfByte else { return nil }
            // An unquoted last field loses the CR before its line feed, as in `scan`.
            if !quoted, length > 0, b[end - 1] == Self.crByte { length -= 1 }
            spans[field] = FieldSpan(start: b + start, length: length, shape: .plain, highBit: false)
            let contentEnd = end > recordStart && b[end - 1] == Self.crByte ? end - 1 : end
            guard contentEnd - recordStart <= maxRecordBytes else { return nil }
            highs |= window.highs & from & (~UInt64(0) &>> UInt64(63 - (end - window.start)))
            return QuotedRecord(window: window, highBytes: highs != 0, recordEnd: contentEnd, next: end + 1)
        }
        return nil
    }

    /// Classifies the 64 bytes at `start` into `window`; false, changing nothing, if they pass
    /// the file's end (the mapping may end there).
    @inline(__always)
    private func load(_ window: inout ScanWindow, at start: Int) -> Bool {
        guard start + 64 <= fileEnd else { return false }
        let masks = cscan_classify64(base + start)
        window = ScanWindow(start: start, stops: masks.stops, highs: masks.highs)
        return true
    }
}
