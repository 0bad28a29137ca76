import Testing
@testable import DataModel

/// Rows' lines kept as runs read back exactly as the plain per-row array they replace.
@Suite struct LineRunsTests {
    /// Lines as readers give them, chunk by chunk: mostly one per row, with multi-line records,
    /// skipped (rejected) lines, and JSON objects sharing a line.
    func lines(seed: UInt64, count: Int) -> [Int32] {
        var random = SeededRandom(seed: seed)
        var line: Int32 = 2
        return (0..<count).map { _ in
            defer {
                switch random.next() % 10 {
                case 0: line += Int32(2 + random.next() % 3)
                case 1: break
                default: line += 1
                }
            }
            return line
        }
    }

    @Test(arguments: [0, 1, 2, 700])
    func runsReadBackEveryRowsLine(count: Int) {
        var random = SeededRandom(seed: UInt64(count))
        let expected = lines(seed: UInt64(count) + 1, count: count)
        var runs = LineRuns()
        var start = 0
        while start < count {
            let end = min(count, start + Int(random.next() % 50))
            expected[start..<end].withUnsafeBufferPointer { runs.append($0) }
            start = end
        }
        #expect(runs.count == count)
        #expect((0..<count).map { Int32(runs.line(ofRow: $0)) } == expected)
        #expect(runs.expanded() == expected)

        let keep = (0..<count).map { _ in random.next() % 4 != 0 }
        let kept = keep.withUnsafeBufferPointer { runs.filtered(keep: $0) }
        #expect(kept.expanded() == zip(expected, keep).filter(\.1).map(\.0))

        guard count > 2 else { return }
        var rewritten = runs
        rewritten.rewrite(rows: (count / 2)..<count) { $0 * 3 }
        #expect(rewritten.expanded() == expected.enumerated().map { $0.offset >= count / 2 ? $0.element * 3 : $0.element })
    }

    @Test func aFileOfOneLineRecordsIsOneRun() {
        var runs = LineRuns()
        let lines = (2..<100_002).map(Int32.init)
        lines.withUnsafeBufferPointer { runs.append($0) }
        #expect(runs.byteSize <= 64)
        #expect(runs.line(ofRow: 99_999) == 100_001)
    }
}
