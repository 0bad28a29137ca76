import Testing
@testable import DataModel

/// `ColumnData.appendTexts` (a block of one text column at once) must leave a column exactly as
/// appending the same values one by one does: bytes, offsets, count and presence flags.
@Suite struct TextBlockAppendTests {
    @Test func blockAppendMatchesOneByOne() {
        var random = SeededRandom(seed: 11)
        var one = ColumnData(kind: .text), block = ColumnData(kind: .text)
        defer { one.free(); block.free() }
        let source = UnsafeMutablePointer<UInt8>.allocate(capacity: 4096)
        defer { source.deallocate() }
        for i in 0..<4096 { source[i] = UInt8(truncatingIfNeeded: random.next()) }
        let starts = UnsafeMutablePointer<UnsafePointer<UInt8>>.allocate(capacity: 64)
        let lengths = UnsafeMutablePointer<Int>.allocate(capacity: 64)
        defer { starts.deallocate(); lengths.deallocate() }
        for round in 0..<300 {
            // Now and then a missing row, so later blocks append to a column with presence flags.
            if round % 37 == 5 {
                one.appendMissing()
                block.appendMissing()
            }
            let rows = 1 + Int(random.next() % 64)
            var total = 0
            for row in 0..<rows {
                // Lengths 1 to 40: both sides of the 4-, 8- and 16-byte copy paths.
                let length = 1 + Int(random.next() % 40)
                let start = Int(random.next() % UInt64(4096 - length))
                starts[row] = UnsafePointer(source + start)
                lengths[row] = length
                total += length
                one.appendText(UnsafePointer(source + start), length)
            }
            block.appendTexts(starts: starts, lengths: lengths, rows: rows, totalBytes: total)
            #expect(block.count == one.count)
        }
        #expect(block.hasPresenceFlags == one.hasPresenceFlags)
        #expect(Array(block.presence.buffer) == Array(one.presence.buffer))
        #expect(Array(block.offsets.buffer) == Array(one.offsets.buffer))
        #expect(Array(block.bytes.buffer) == Array(one.bytes.buffer))
    }
}
