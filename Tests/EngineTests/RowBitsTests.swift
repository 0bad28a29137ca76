import Testing
import Engine

/// The rows a policy evaluated, as bits: chunks join by words when aligned, row by row when a
/// part starts mid-word (after a breach); counts never double.
@Suite struct RowBitsTests {
    static func rows(_ bits: RowBits) -> [Int] {
        var rows: [Int] = []
        bits.forEach { rows.append($0) }
        return rows
    }

    @Test func insertContainsAndJoinInOrder() {
        var first = RowBits(base: 0)
        for row in [0, 5, 63, 64, 127] { first.insert(row) }
        first.insert(5)
        #expect(first.count == 5 && first.contains(63) && !first.contains(62) && !first.contains(1_000))
        var aligned = RowBits(base: 128)
        for row in [128, 200, 191] { aligned.insert(row) }
        var unaligned = RowBits(base: 201)
        for row in [201, 202, 300] { unaligned.insert(row) }
        var merged = RowBits()
        for part in [first, aligned, unaligned] { merged.formUnion(part) }
        merged.formUnion(aligned)   // already there: the count stays
        #expect(Self.rows(merged) == [0, 5, 63, 64, 127, 128, 191, 200, 201, 202, 300])
        #expect(merged.count == 11 && !merged.contains(-1) && merged.contains(300))
    }
}
