import Crypto
import Foundation
import Testing
@testable import Ingest

/// Our SHA-256 (SHA extensions, one stream or two) gives swift-crypto's digest for any bytes in
/// any pieces, and `InputDigests` gives each file's digest however reading and hashing ahead
/// interleave.
@Suite struct StreamDigestTests {
    static func expected(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    static func bytes(_ count: Int, _ random: inout SeededRandom) -> [UInt8] {
        (0..<count).map { _ in UInt8(truncatingIfNeeded: random.next()) }
    }

    /// Piece lengths around the block and padding edges (55/56 bytes decide one or two padding
    /// blocks), plus longer ones.
    static func pieceLength(_ random: inout SeededRandom) -> Int {
        let edges = [0, 1, 55, 56, 63, 64, 65, 119, 120, 127, 128, 129]
        return random.next() % 3 == 0 ? edges[Int(random.next() % UInt64(edges.count))] : Int(random.next() % 700)
    }

    @Test func knownAnswers() {
        #expect(StreamDigest().finalize() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        var abc = StreamDigest()
        Array("abc".utf8).withUnsafeBytes { abc.update($0) }
        #expect(abc.finalize() == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test(arguments: [true, false])
    func onePieceAtATimeMatchesSwiftCrypto(hardware: Bool) {
        var random = SeededRandom(seed: 41)
        for _ in 0..<300 {
            var digest = StreamDigest(hardware: hardware)
            var all: [UInt8] = []
            for _ in 0..<Int(random.next() % 6) {
                let piece = Self.bytes(Self.pieceLength(&random), &random)
                piece.withUnsafeBytes { digest.update($0) }
                all += piece
            }
            #expect(digest.finalize() == Self.expected(all))
        }
    }

    /// Two streams advanced together with pieces of unequal lengths, some paired, some alone.
    @Test(arguments: [true, false])
    func twoStreamsMatchSwiftCrypto(hardware: Bool) {
        var random = SeededRandom(seed: 42)
        for _ in 0..<300 {
            var a = StreamDigest(hardware: hardware), b = StreamDigest(hardware: hardware)
            var allA: [UInt8] = [], allB: [UInt8] = []
            for _ in 0..<Int(1 + random.next() % 5) {
                let pieceA = Self.bytes(Self.pieceLength(&random), &random)
                let pieceB = Self.bytes(random.next() % 2 == 0 ? pieceA.count : Self.pieceLength(&random), &random)
                if random.next() % 4 == 0 {
                    pieceA.withUnsafeBytes { a.update($0) }
                } else {
                    pieceA.withUnsafeBytes { pa in pieceB.withUnsafeBytes { pb in StreamDigest.update(&a, pa, &b, pb) } }
                    allB += pieceB
                }
                allA += pieceA
            }
            #expect(a.finalize() == Self.expected(allA))
            #expect(b.finalize() == Self.expected(allB))
        }
    }

    /// Files of assorted sizes (one empty, one missing) hashed through random ends in reading
    /// order, so later files are hashed ahead by varying amounts.
    @Test func inputDigestsHashEveryFileWhole() throws {
        let dir = TempDir()
        var random = SeededRandom(seed: 43)
        let sizes = [5_000, 0, 70_000, 129, 200_000, -1, 64, 31_000]
        var paths: [String] = [], contents: [[UInt8]] = []
        for (i, size) in sizes.enumerated() {
            let bytes = Self.bytes(max(size, 0), &random)
            paths.append(size < 0 ? dir.path + "/missing-\(i)" : dir.write("file-\(i)", bytes))
            contents.append(bytes)
        }
        for round in 0..<20 {
            let digests = InputDigests(paths: paths)
            for (i, size) in sizes.enumerated() {
                guard size >= 0 else {
                    #expect(throws: IngestError.self) { try digests.file(i) }
                    continue
                }
                let file = try digests.file(i)
                var end = 0
                while end < file.count, round % 5 != 0 {
                    end = min(file.count, end + 1 + Int(random.next() % 40_000))
                    digests.hash(i, through: end)
                }
                #expect(digests.finish(i) == Self.expected(contents[i]), "file \(i), round \(round)")
            }
        }
    }

    /// A parsing thread hashing claimed chunks ahead (`hashNext`) while the merge hashes each
    /// chunk it merges: every file's digest is still the whole file's.
    @Test func hashingAheadFromAnotherThreadKeepsDigestsWhole() throws {
        let dir = TempDir()
        var random = SeededRandom(seed: 44)
        let contents = [300_000, 50_000, 1_000, 220_000].map { Self.bytes($0, &random) }
        let paths = contents.enumerated().map { dir.write("file-\($0.offset)", $0.element) }
        for round in 0..<10 {
            let digests = InputDigests(paths: paths)
            for (i, bytes) in contents.enumerated() {
                _ = try digests.file(i)
                let chunk = 1_000 + round * 3_000
                let ends = Array(stride(from: chunk, to: bytes.count, by: chunk)) + [bytes.count]
                let claimed = Claimed()
                let helper = Thread {
                    while claimed.value < ends.count { _ = digests.hashNext(i, ends: ends, before: claimed.value) }
                }
                helper.start()
                for (k, end) in ends.enumerated() {
                    claimed.value = min(ends.count, k + 3)
                    digests.hash(i, through: end)
                }
                claimed.value = ends.count
                while !helper.isFinished { usleep(100) }
                #expect(digests.finish(i) == Self.expected(bytes), "file \(i), round \(round)")
            }
        }
    }

    final class Claimed: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        var value: Int {
            get { lock.lock(); defer { lock.unlock() }; return count }
            set { lock.lock(); count = newValue; lock.unlock() }
        }
    }
}
