import Testing
@testable import DataModel

/// `RawVec.appendShort` copies short values as overlapping words: every length, at every
/// offset, must land exactly, and nothing past the value may change what was appended before.
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
}
