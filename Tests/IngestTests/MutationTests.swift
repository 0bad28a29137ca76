import Testing
@testable import DataModel
@testable import Ingest

/// Mutates valid files (byte flips, truncations, inserted quotes and line breaks) and checks the
/// reader never crashes or hangs, every file balances, and chunked parallel reading equals a
/// serial read.
@Suite struct MutationTests {
    @Test func mutatedFilesAlwaysBalance() throws {
        var random = SeededRandom(seed: 20_251_129)
        let original = SampleCSV.charges(rows: 60, seed: 3)
        let dir = TempDir()
        var compared = 0, rejected = 0
        for round in 0..<150 {
            var bytes = original
            for _ in 0..<(1 + Int(random.next() % 6)) { mutate(&bytes, &random) }
            let path = dir.write("charges.csv", bytes)
            let serial: IngestResult
            do {
                serial = try Ingestor.read(paths: [path], options: IngestOptions(jobs: 1, maxRecordBytes: 300, chunkBytes: 1 << 30))
            } catch {
                // A mutated header is allowed to fail, but only as invalid data.
                #expect(error.exitCode == 4, "round \(round): \(error)")
                continue
            }
            let account = serial.quality.inputs[0]
            #expect(account.balances, "round \(round)")
            #expect(account.accepted == serial.table("charges").rowCount, "round \(round)")
            #expect(account.rejected == serial.quality.rejected.count, "round \(round)")
            let chunked = try Ingestor.read(paths: [path], options: IngestOptions(jobs: 2, maxRecordBytes: 300, chunkBytes: 97))
            #expect(chunked.quality.digest == serial.quality.digest, "round \(round)")
            #expect(TableDigest.of(chunked.table("charges")) == TableDigest.of(serial.table("charges")), "round \(round)")
            compared += 1
            rejected += account.rejected
        }
        // The corpus must really exercise both paths.
        #expect(compared > 100)
        #expect(rejected > 100)
    }

    @Test(arguments: ["charges.json", "charges.ndjson"])
    func mutatedJSONAlwaysBalances(name: String) throws {
        var random = SeededRandom(seed: name.hasSuffix("ndjson") ? 11 : 12)
        var text = name.hasSuffix("ndjson") ? "" : "[\n"
        for i in 0..<40 {
            text += "{\"charge_id\": \"C\(i)\", \"encounter_id\": \"E\(i % 4)\", \"service_date\": \"2025-01-02\", "
                + "\"posted_at\": \"2025-01-02T10:00\", \"amount\": \(i).5, \"modifiers\": [\"25\"], \"note\": \"a\\u00e9\\\"\"}"
            text += name.hasSuffix("ndjson") ? "\n" : (i < 39 ? ",\n" : "\n]\n")
        }
        let original = Array(text.utf8)
        let dir = TempDir()
        var compared = 0
        for round in 0..<120 {
            var bytes = original
            for _ in 0..<(1 + Int(random.next() % 4)) { mutate(&bytes, &random) }
            let path = dir.write(name, bytes)
            guard let serial = try? Ingestor.read(paths: [path], options: IngestOptions(jobs: 1, chunkBytes: 1 << 30)) else {
                continue
            }
            #expect(serial.quality.inputs[0].balances, "round \(round)")
            let chunked = try Ingestor.read(paths: [path], options: IngestOptions(jobs: 2, chunkBytes: 61))
            #expect(chunked.quality.digest == serial.quality.digest, "round \(round)")
            #expect(TableDigest.of(chunked.table("charges")) == TableDigest.of(serial.table("charges")), "round \(round)")
            compared += 1
        }
        #expect(compared > 60)
    }

    func mutate(_ bytes: inout [UInt8], _ random: inout SeededRandom) {
        guard !bytes.isEmpty else { return }
        let at = Int(random.next() % UInt64(bytes.count))
        switch random.next() % 6 {
        case 0: bytes[at] ^= UInt8(truncatingIfNeeded: random.next() | 1)
        case 1: bytes.removeSubrange(at...)
        case 2: bytes.insert(34, at: at)
        case 3: bytes.insert(10, at: at)
        case 4: bytes.insert(contentsOf: [13, 10], at: at)
        default: bytes.insert(contentsOf: [0xFF, 44], at: at)
        }
    }
}
