import Testing
@testable import DataModel

/// `RawVec`'s shortcuts. `appendShort` copies short values as overlapping words: every length,
/// at every offset, must land exactly, and nothing past the value may change what was appended
/// before. `init(zeroedCount:)` leaves freshly mapped memory unwritten.
@Suite struct RawVecTests {
    @Test func shortAppendsLandExactly() {
        var vec = RawVec<UInt8>()
        defer { vec.free() }
        var expected: [UInt8] = []
        var random = SeededRandom(seed: 7)
        for round in 0..<2_000 {
            let length = round < 41 ? round : Int(random.next() % 41)
            // A source exactly `length` bytes long, so a copy reading past it would read junk.
            let source = UnsafeMutablePointer<UInt8>.allocate(capacity: max(length, 1))
            defer { source.deallocate() }
            for i in 0..<length { source[i] = UInt8(truncatingIfNeeded: random.next()) }
            vec.appendShort(source, length)
            expected += UnsafeBufferPointer(start: source, count: length)
            #expect(vec.count == expected.count)
        }
        #expect(Array(vec.buffer) == expected)
    }

    /// Zeroed buffers read as zero whether malloc recycles dirty memory (small) or the buffer is
    /// freshly mapped and left unwritten (large).
    @Test(arguments: [1, 1_000, 300_000, 2_000_000])
    func zeroedBuffersReadAsZero(count: Int) {
        var dirty = RawVec<Int32>(repeating: -1, count: count)
        dirty.free()
        var zeroed = RawVec<Int32>(zeroedCount: count)
        defer { zeroed.free() }
        #expect(zeroed.count == count)
        #expect(zeroed.buffer.allSatisfy { $0 == 0 })
    }
}
