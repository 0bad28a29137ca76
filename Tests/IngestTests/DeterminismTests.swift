import Testing
@testable import DataModel
@testable import Ingest

/// Results never depend on --jobs or on where chunk boundaries fall.
@Suite struct DeterminismTests {
    @Test(arguments: [1, 2, 3])
    func jobsAndChunkSizesGiveIdenticalResults(jobs: Int) throws {
        let dir = TempDir()
        let path = dir.write("charges.csv", SampleCSV.charges(rows: 400, seed: 7))
        let serial = try Ingestor.read(paths: [path], options: IngestOptions(jobs: 1, chunkBytes: 1 << 30))
        for chunkBytes in [17, 64, 333, 4096] {
            let parallel = try Ingestor.read(paths: [path], options: IngestOptions(jobs: jobs, chunkBytes: chunkBytes))
            #expect(parallel.quality.digest == serial.quality.digest)
            #expect(TableDigest.of(parallel.table("charges")) == TableDigest.of(serial.table("charges")))
        }
        #expect(serial.table("charges").rowCount == 400)
        #expect(serial.quality.rejected.isEmpty)
    }
}

/// Every value of every column as text, to compare tables.
enum TableDigest {
    static func of(_ table: Table) -> [String] {
        var out: [String] = []
        for row in 0..<table.rowCount {
            let values = (table.columns + table.extras.map { Optional($0) }).map { $0?.display(row) ?? "∅" }
            out.append("\(table.line(ofRow: row))|" + values.joined(separator: "|"))
        }
        return out
    }
}
