/// The physical line each row's record starts on, kept as runs of rows on consecutive lines.
///
/// A file without multi-line records or skipped lines is one run. A line per row took 4 bytes
/// a row (29 MiB for the 1M-encounter benchmark), written while reading and read only to name
/// a row in a report. At worst (every record on several lines) a run per row takes 8 bytes.
struct LineRuns {
    /// Run `k` starts at row `firstRows[k]` on line `firstLines[k]` and covers the rows up to
    /// the next run's first row, one line each.
    private var firstRows: [Int32] = []
    private var firstLines: [Int32] = []
    private(set) var count = 0

    /// Adds rows starting on these lines.
    mutating func append(_ lines: UnsafeBufferPointer<Int32>) {
        var row = count
        // The line the current run would give the next row (none before the first run).
        var expected = firstLines.last.map { $0 &+ Int32(truncatingIfNeeded: row - Int(firstRows.last!)) } ?? -1
        for line in lines {
            if line != expected {
                firstRows.append(Int32(truncatingIfNeeded: row))
                firstLines.append(line)
            }
            expected = line &+ 1
            row += 1
        }
        count = row
    }

    /// The line of `row` (< `count`).
    func line(ofRow row: Int) -> Int {
        var low = 0, high = firstRows.count
        while high - low > 1 {
            let mid = (low + high) / 2
            if Int(firstRows[mid]) <= row { low = mid } else { high = mid }
        }
        return Int(firstLines[low]) + row - Int(firstRows[low])
    }

    /// Every row's line, in row order.
    func expanded() -> [Int32] {
        var lines: [Int32] = []
        lines.reserveCapacity(count)
        for k in firstRows.indices {
            let end = k + 1 < firstRows.count ? Int(firstRows[k + 1]) : count
            for i in 0..<(end - Int(firstRows[k])) { lines.append(firstLines[k] + Int32(i)) }
        }
        return lines
    }

    /// The rows whose flag is set.
    func filtered(keep: UnsafeBufferPointer<Bool>) -> LineRuns {
        var kept: [Int32] = []
        for (row, line) in expanded().enumerated() where keep[row] { kept.append(line) }
        var out = LineRuns()
        kept.withUnsafeBufferPointer { out.append($0) }
        return out
    }

    /// Rewrites the lines of `rows` (a mapped file's rows name the export's lines, not the
    /// transcoded copy's).
    mutating func rewrite(rows: Range<Int>, _ line: (Int) -> Int) {
        var lines = expanded()
        for row in rows { lines[row] = Int32(line(Int(lines[row]))) }
        self = LineRuns()
        lines.withUnsafeBufferPointer { append($0) }
    }

    /// Bytes held.
    var byteSize: Int { (firstRows.capacity + firstLines.capacity) * 4 }
}
