import Foundation
@testable import Synthesis

/// A generated organization written to a temporary directory and parsed back.
struct GeneratedFixture: Sendable {
    let directory: String
    let tables: [CanonicalDataset: CSVTable]

    /// The organization most tests read: 5,000 encounters, seed 1 (the command's defaults).
    /// Generated once per test process.
    static let standard: GeneratedFixture = {
        do {
            return try GeneratedFixture(options: GeneratorOptions(encounters: 5000, seed: 1))
        } catch {
            fatalError("generation failed: \(error)")
        }
    }()

    init(options: GeneratorOptions) throws {
        directory = Self.temporaryDirectory()
        _ = try OrganizationGenerator(options: options).generate(into: directory)
        var tables: [CanonicalDataset: CSVTable] = [:]
        for dataset in CanonicalDataset.allCases {
            tables[dataset] = try CSVTable(path: directory + "/" + dataset.fileName)
        }
        self.tables = tables
    }

    subscript(_ dataset: CanonicalDataset) -> CSVTable { tables[dataset]! }

    /// The encounter of each claim id, from claims.csv.
    var encounterOfClaim: [String: String] {
        let claims = self[.claims]
        var map: [String: String] = [:]
        for row in claims.rows { map[row[claims.column("claim_id")]] = row[claims.column("encounter_id")] }
        return map
    }

    static func temporaryDirectory() -> String {
        let name = "synthesis-tests-" + UUID().uuidString
        return (NSTemporaryDirectory() as NSString).appendingPathComponent(name)
    }

    /// FNV-1a over every file's bytes in dataset order: equal hashes mean equal output.
    static func hash(directory: String) throws -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for dataset in CanonicalDataset.allCases {
            let data = try Data(contentsOf: URL(fileURLWithPath: directory + "/" + dataset.fileName))
            for byte in data {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01B3
            }
        }
        return hash
    }
}

/// Money text "1234.56" as integer cents, so sums are exact.
func cents(_ text: String) -> Int64 {
    let parts = text.split(separator: ".", omittingEmptySubsequences: false)
    let whole = Int64(parts[0]) ?? 0
    let fraction = parts.count > 1 ? Int64(parts[1]) ?? 0 : 0
    return whole * 100 + (text.hasPrefix("-") ? -fraction : fraction)
}
