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

    /// Where the fast path stands in a record: the window, its stops not taken yet, and the
    /// record's high bytes in the windows left behind.
    struct Stops {
        var window: ScanWindow
        var pending: UInt64
        /// The record's bits of the window: from its first byte on, in its first window.
        var from: UInt64
        var highs: UInt64 = 0
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
        let from = ~UInt64(0) &<< UInt64(recordStart &- window.start)
        var stops = Stops(window: window, pending: window.stops & from, from: from)
        defer { window = stops.window }
        var fieldStart = recordStart
        var field = 0
        let lastField = width - 1
        while true {
            guard let stop = next(&stops, recordStart: recordStart) else { return false }
            var c = b[stop]
            if c == Self.commaByte, field < lastField {
                spans[field] = FieldSpan(start: b + fieldStart, length: stop - fieldStart, shape: .plain, highBit: false)
                field += 1
                fieldStart = stop + 1
                continue
            }
            // The last field, a quoted one, or not simple.
            var start = fieldStart, length = stop - fieldStart, end = stop
            if c == Self.quoteByte {
                guard stop == fieldStart, let quoted = quotedField(stops, recordStart: recordStart) else { return false }
                stops = quoted.stops
                start = stop + 1
                length = quoted.close - start
                end = quoted.separator
                c = b[end]
                if c == Self.commaByte, field < lastField {
                    spans[field] = FieldSpan(start: b + start, length: length, shape: .plain, highBit: false)
                    field += 1
                    fieldStart = end + 1
                    continue
                }
            } else if length > 0, b[end - 1] == Self.crByte {
                // An unquoted last field loses the CR before its line feed, as in `scan`.
                length -= 1
            }
            // A line feed too early, a comma too many or a quote after a closing one: not simple.
            guard c == Self.lfByte, field == lastField else { return false }
            let contentEnd = end > recordStart && b[end - 1] == Self.crByte ? end - 1 : end
            guard contentEnd - recordStart <= maxRecordBytes else { return false }
            spans[field] = FieldSpan(start: b + start, length: length, shape: .plain, highBit: false)
            let window = stops.window
            highBytes = (stops.highs | window.highs & stops.from & (~UInt64(0) &>> UInt64(63 - (end - window.start)))) != 0
            recordEnd = contentEnd
            pos = end + 1
            line += 1
            return true
        }
    }

    /// The record's next stop, across windows; nil to give up near the file's end or far past
    /// the record limit (the over-long record and its accounting are `scan`'s).
    @inline(__always)
    private func next(_ stops: inout Stops, recordStart: Int) -> Int? {
        while stops.pending == 0 {
            stops.highs |= stops.window.highs & stops.from
            stops.from = ~0
            guard stops.window.start - recordStart <= maxRecordBytes,
                  load(&stops.window, at: stops.window.start + 64) else { return nil }
            stops.pending = stops.window.stops
        }
        let stop = stops.window.start + stops.pending.trailingZeroBitCount
        stops.pending &= stops.pending &- 1
        return stop
    }

    /// The quoted field whose opening quote was the last stop taken: its closing quote and the
    /// comma or line feed after it. Nil unless the field is fast: no doubled quote or line feed
    /// inside, a comma, LF or CRLF right after. Out of line and by value, so that the loop over
    /// unquoted fields keeps its registers.
    @inline(never)
    private func quotedField(_ stops: Stops, recordStart: Int) -> (stops: Stops, close: Int, separator: Int)? {
        let b = base
        var stops = stops
        var close = 0
        repeat {
            guard let stop = next(&stops, recordStart: recordStart) else { return nil }
            close = stop
        } while b[close] == Self.commaByte
        guard b[close] == Self.quoteByte, let separator = next(&stops, recordStart: recordStart),
              separator == close + 1
                || separator == close + 2 && b[close + 1] == Self.crByte && b[separator] == Self.lfByte
        else { return nil }
        return (stops, close, separator)
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
