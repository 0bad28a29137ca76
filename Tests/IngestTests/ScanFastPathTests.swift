#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CScan
import Testing
@testable import Ingest

/// The scanner's SIMD fast path (`scan(...window:)`) gives exactly what the plain `scan` gives,
/// record by record, on records simple and not: quotes, doubled quotes, CRLF, blank lines, high
/// bytes, short and long fields, wrong field counts, over-long records and a file that ends
/// anywhere. The bytes end at an unreadable page, so a read past the end crashes the test.
@Suite struct ScanFastPathTests {
    @Test(arguments: 0..<40) func fastPathMatchesThePlainScan(seed: Int) {
        var random = SeededRandom(seed: UInt64(seed) &* 0x5851_F42D_4C95_7F2D &+ 7)
        let width = Int(random.next() % 6) + 1
        let maxRecordBytes = seed % 4 == 0 ? 120 : 1 << 20
        let bytes = Self.records(width: width, count: 400, random: &random)
        Self.withGuardedBytes(bytes) { base in
            let scanner = CSVScanner(base: base, fileEnd: bytes.count, width: width, maxRecordBytes: maxRecordBytes)
            let simple = Self.compare(scanner, bytes)
            // Most records are simple: the fast path must be taken, not only fall back.
            #expect(simple > 40, "only \(simple) records took the fast path")
        }
    }

    /// The portable byte classifier (what targets without SSE2 run) agrees with the vector one
    /// on every byte value at every position.
    @Test func portableClassifierMatchesTheVectorOne() {
        var random = SeededRandom(seed: 61)
        let interesting: [UInt8] = [0x2C, 0x0A, 0x22, 0x0D, 0x7F, 0x80, 0xFF, 0x00, 0x41]
        var bytes = [UInt8](repeating: 0, count: 64)
        for round in 0..<4_000 {
            for i in 0..<64 {
                bytes[i] = round < 256 ? UInt8((round + i) & 0xFF)
                    : random.next() % 2 == 0 ? interesting[Int(random.next() % UInt64(interesting.count))] : UInt8(random.next() & 0xFF)
            }
            let (vector, portable) = bytes.withUnsafeBufferPointer { (cscan_classify64($0.baseAddress!), cscan_classify64_portable($0.baseAddress!)) }
            #expect(vector.stops == portable.stops && vector.highs == portable.highs, "\(bytes)")
        }
    }

    /// Scans every record both ways from `bytes`' start, skipping blank lines as the chunk
    /// parser does, and returns how many records the fast path read.
    static func compare(_ scanner: CSVScanner, _ bytes: [UInt8]) -> Int {
        let width = scanner.width
        let fast = UnsafeMutableBufferPointer<FieldSpan>.allocate(capacity: width)
        let plain = UnsafeMutableBufferPointer<FieldSpan>.allocate(capacity: width)
        let scratch = UnsafeMutableBufferPointer<FieldSpan>.allocate(capacity: width)
        defer { fast.deallocate(); plain.deallocate(); scratch.deallocate() }
        let b = scanner.base, fileEnd = scanner.fileEnd
        var window = ScanWindow()
        var pos = 0, line = 0, simple = 0
        while pos < fileEnd {
            if b[pos] == 10 { pos += 1; line += 1; continue }
            if b[pos] == 13, pos + 1 < fileEnd, b[pos + 1] == 10 { pos += 2; line += 1; continue }
            fast.initialize(repeating: .missing)
            plain.initialize(repeating: .missing)
            let recordStart = pos
            do {
                var p = pos, l = line, end = 0, high = false, w = window
                if scanner.scanSimple(pos: &p, line: &l, recordEnd: &end, spans: scratch, highBytes: &high, window: &w) {
                    simple += 1
                }
            }
            var fastPos = pos, fastLine = line, fastEnd = -1, fastHigh = false
            let fastOutcome = scanner.scan(pos: &fastPos, line: &fastLine, recordEnd: &fastEnd, spans: fast,
                                           highBytes: &fastHigh, window: &window)
            var plainPos = pos, plainLine = line, plainEnd = -1, plainHigh = false
            let plainOutcome = scanner.scan(pos: &plainPos, line: &plainLine, recordEnd: &plainEnd, spans: plain,
                                            highBytes: &plainHigh)
            let context = "record at byte \(recordStart): \(String(decoding: bytes[recordStart..<min(fileEnd, recordStart + 80)], as: UTF8.self).debugDescription)"
            #expect(fastOutcome == plainOutcome, "\(context)")
            #expect(fastPos == plainPos && fastLine == plainLine && fastEnd == plainEnd, "\(context)")
            for i in 0..<width {
                let f = fast[i], p = plain[i]
                #expect(f.start == p.start && f.length == p.length && f.shape == p.shape && f.highBit == p.highBit,
                        "field \(i) of \(context)")
            }
            // `highBytes` may be set when unsure, never clear for a record holding a high byte
            // (the parser only reads it for records of `width` fields).
            let record = bytes[recordStart..<max(recordStart, plainEnd)]
            if plainOutcome == .record(fields: width) {
                #expect(fastHigh || !record.contains { $0 >= 0x80 }, "\(context)")
            }
            guard fastOutcome == plainOutcome, fastPos == plainPos, fastPos > recordStart else { break }
            pos = plainPos
            line = plainLine
        }
        return simple
    }

    /// Records of `width` fields (sometimes one more or less), mostly simple, some awkward.
    static func records(width: Int, count: Int, random: inout SeededRandom) -> [UInt8] {
        func roll(_ n: UInt64) -> Bool { random.next() % n == 0 }
        func text(_ length: Int) -> [UInt8] {
            (0..<length).map { _ in Array("abcXYZ019-:._ ".utf8)[Int(random.next() % 14)] }
        }
        var out: [UInt8] = []
        for _ in 0..<count {
            if roll(12) { out += roll(2) ? [10] : [13, 10] }
            var fields = width
            if roll(15) { fields += roll(2) ? 1 : -1 }
            var record: [[UInt8]] = []
            for _ in 0..<max(fields, 1) {
                var field = text(Int(random.next() % 41))
                if roll(4) { field = text(Int(random.next() % 4)) }
                switch random.next() % 40 {
                case 0: field = [34] + field + [44] + field + [34]
                case 1: field = [34] + field + [34, 34] + field + [34]
                case 2: field = [34] + field + [10] + field + [13, 10] + [34]
                case 3: field += [34] + field
                case 4: field = [34] + field + [34] + text(2)
                case 5: field += Array("é".utf8)
                case 6: field = Array("ü".utf8) + field
                case 7: field += [13] + field
                case 8: field = [0xFF] + field
                case 9: field = [34] + field + [13, 34]
                case 10: field = [34] + field + [34, 13]
                case 11: field = [34] + field + Array("é".utf8) + [34]
                case 12: field = [34] + field + [34] + text(1)
                case 13: field = text(1) + [34] + field + [34]
                default: break
                }
                record.append(field)
            }
            out += Array(record.joined(separator: [44]))
            out += roll(3) ? [13, 10] : [10]
        }
        // The file may end in the middle of a record, a CR or an open quote.
        switch random.next() % 5 {
        case 0: out.removeLast()
        case 1: out.removeLast(Int(random.next() % 30) + 1)
        case 2: out += [34] + text(5)
        case 3: out += text(3) + [13]
        default: break
        }
        return out
    }

    /// Calls `body` with `bytes` placed right before an unreadable page.
    static func withGuardedBytes(_ bytes: [UInt8], _ body: (UnsafePointer<UInt8>) -> Void) {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let dataPages = (bytes.count + page - 1) / page
        let size = (dataPages + 1) * page
        guard let raw = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
              raw != MAP_FAILED else {
            Issue.record("mmap failed")
            return
        }
        defer { munmap(raw, size) }
        let guardPage = raw + dataPages * page
        #expect(mprotect(guardPage, page, PROT_NONE) == 0)
        let start = (guardPage - bytes.count).assumingMemoryBound(to: UInt8.self)
        bytes.withUnsafeBufferPointer { start.initialize(from: $0.baseAddress!, count: bytes.count) }
        body(UnsafePointer(start))
    }
}
