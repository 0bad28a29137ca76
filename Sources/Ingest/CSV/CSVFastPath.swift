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

/// The fast path of `CSVScanner`: most records are simple (no quote, `width` fields, a line feed
/// before the file's last 64 bytes), and their fields end at the window's stop bits, found one
/// `trailingZeroBitCount` per field instead of a byte or word loop per field. Any other record
/// goes to `scan`, which stays the one definition of every edge case.
extension CSVScanner {
    private static let commaByte: UInt8 = 44, lfByte: UInt8 = 10, crByte: UInt8 = 13

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
            let bit = pending.trailingZeroBitCount
            let end = window.start + bit
            let c = b[end]
            if c == Self.commaByte, field < lastField {
                spans[field] = FieldSpan(start: b + fieldStart, length: end - fieldStart, shape: .plain, highBit: false)
                field += 1
                fieldStart = end + 1
                pending &= pending &- 1
                continue
            }
            // A quote, a line feed too early or a comma too many: not simple.
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
