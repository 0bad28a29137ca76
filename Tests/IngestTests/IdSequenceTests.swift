import Foundation
import Testing
@testable import DataModel
@testable import Ingest

/// Ids numbered in row order are indexed without a hash table; lookups and relations must find
/// exactly what a hashed index finds.
@Suite struct IdSequenceTests {
    func encounters(_ ids: [String]) throws -> (Table, DataStore) {
        let dir = TempDir()
        dir.write("patients.csv", "patient_id,birth_date\nP01,1970-01-01\nP02,1980-01-01\n")
        var csv = "encounter_id,patient_id,service_date\n"
        for (row, id) in ids.enumerated() { csv += "\(id),P0\(row % 3 + 1),2025-01-01\n" }
        dir.write("encounters.csv", csv)
        let result = try Ingestor.read(paths: [dir.path])
        return (result.table("encounters"), result.store)
    }

    @Test func numberedIdsUseTheSequence() throws {
        let ids = (0..<40).map { "E\(String(1000 + $0))" }
        let (table, store) = try encounters(ids)
        let index = try #require(table.idIndex)
        #expect(index.sequence != nil)
        for (row, id) in ids.enumerated() { #expect(index.row(for: id) == row) }
        for absent in ["E0999", "E1040", "E999", "E10000", "X1000", "E10a0", "", "1000"] {
            #expect(index.row(for: absent) == nil, "\(absent)")
        }
        let patient = try #require(store.relation("encounters", "patient_id"))
        #expect((0..<40).map { patient.parent(of: $0) } == (0..<40).map { [0, 1, nil][$0 % 3] })
    }

    @Test(arguments: [
        ["E1", "E2", "E4"],        // a gap
        ["E1", "E2", "E03"],       // another width
        ["E1", "F2", "E3"],        // another prefix
        ["E3", "E2", "E1"],        // falling
    ])
    func otherIdsUseTheTable(ids: [String]) throws {
        let (table, _) = try encounters(ids)
        let index = try #require(table.idIndex)
        #expect(index.sequence == nil)
        for (row, id) in ids.enumerated() { #expect(index.row(for: id) == row) }
        #expect(index.row(for: "E5") == nil)
    }

    @Test func numbersWithoutPrefix() throws {
        let (table, _) = try encounters(["0998", "0999", "1000"])
        let index = try #require(table.idIndex)
        #expect(index.sequence?.prefixLength == 0)
        #expect(index.row(for: "1000") == 2 && index.row(for: "0998") == 0 && index.row(for: "998") == nil)
    }

    /// Ids of 8 bytes or more with at most 8 digits read their counter a word at a time: the
    /// same rows, and nothing for ids with a non-digit where a digit belongs.
    @Test(arguments: [("E", 7), ("", 8), ("ENC-", 8), ("AB", 6), ("CLAIM-", 2)])
    func wordReadCounters(prefix: String, digits: Int) throws {
        let first = digits >= 4 ? 990 : 10
        let ids = (0..<30).map { prefix + String(repeating: "0", count: digits - String(first + $0).count) + String(first + $0) }
        let (table, _) = try encounters(ids)
        let sequence = try #require(table.idIndex?.sequence)
        #expect((sequence.prefixLength, sequence.digits) == (prefix.count, digits))
        let index = try #require(table.idIndex)
        for (row, id) in ids.enumerated() { #expect(index.row(for: id) == row, "\(id)") }
        let last = ids[5]
        for position in prefix.count..<last.count {
            for bad in [":", "/", " ", "a", "\u{7F}"] {
                var bytes = Array(last)
                bytes[position] = Character(bad)
                #expect(index.row(for: String(bytes)) == nil, "\(String(bytes))")
            }
        }
        for value in [0, 1, 9, 99_999, 12_345_678, 99_999_999] where String(value).count <= digits {
            let text = String(repeating: "0", count: digits - String(value).count) + String(value)
            let bytes = Array((String(repeating: "X", count: max(0, 8 - digits)) + text).utf8.suffix(8))
            #expect(bytes.withUnsafeBufferPointer { IdSequence.lastDigits($0.baseAddress!, digits) } == value)
        }
    }

    /// A patient's encounters are ordered by (service_date, encounter_id) whether or not the ids
    /// are numbered in row order (sequence ids sort as their rows; other ids compare as text).
    @Test(arguments: [true, false]) func patientEncountersInDateThenIdOrder(numbered: Bool) throws {
        let dir = TempDir()
        dir.write("patients.csv", "patient_id,birth_date\nP1,1970-01-01\nP2,1980-01-01\n")
        // Rows: patient, date.
        let rows = [("P1", "2025-03-01"), ("P2", "2025-01-01"), ("P1", "2025-01-15"), ("P1", "2025-03-01"),
                    ("P1", "2024-11-30"), ("P2", "2024-12-31"), ("P1", "2025-01-15")]
        let ids = numbered ? (0..<rows.count).map { "E10\($0)" } : ["E9", "E8", "E7", "E6", "E5", "E4", "E3"]
        var csv = "encounter_id,patient_id,service_date\n"
        for (row, (patient, date)) in rows.enumerated() { csv += "\(ids[row]),\(patient),\(date)\n" }
        dir.write("encounters.csv", csv)
        let result = try Ingestor.read(paths: [dir.path], options: IngestOptions(jobs: 2))
        let encounters = result.table("encounters")
        #expect((encounters.idIndex?.sequence != nil) == numbered)
        let relation = try #require(result.store.relation("encounters", "patient_id"))
        let order = Array(relation.children(of: 0)).map { encounters.recordID(Int($0)) }
        #expect(order == (numbered ? ["E104", "E102", "E106", "E100", "E103"] : ["E5", "E3", "E7", "E6", "E9"]))
        #expect(Array(relation.children(of: 1)).map { encounters.recordID(Int($0)) } == (numbered ? ["E105", "E101"] : ["E4", "E8"]))
    }

    /// `detect` skips parsing an id whose predecessor does not end in 9; it must accept exactly
    /// the columns that checking every row with `row(of:)` accepts: every prefix and counter
    /// width, runs across carries, and one broken row anywhere.
    @Test func detectAcceptsWhatRowByRowChecksAccept() {
        var random = SeededRandom(seed: 17)
        for round in 0..<3_000 {
            let prefix = String("ENC-ABCDEFGHIJ".prefix(Int(random.next() % 9)))
            let digits = 1 + Int(random.next() % 12)
            let limit = Int(pow(10, Double(min(digits, 12))))
            let count = 1 + Int(random.next() % 40)
            // Start near a carry half of the time, so runs cross 9 → 10 and 99 → 100.
            let start = random.next() % 2 == 0 ? max(0, limit - 1 - Int(random.next() % 30)) % limit
                                                : Int(random.next() % UInt64(limit))
            var ids: [[UInt8]?] = (0..<count).map { i in
                let text = String(start + i)
                return Array((prefix + String(repeating: "0", count: max(0, digits - text.count)) + text).utf8)
            }
            if round % 2 == 1 {
                let row = Int(random.next() % UInt64(count))
                switch random.next() % 4 {
                case 0: ids[row] = nil
                case 1: if !ids[row]!.isEmpty { ids[row]![Int(random.next() % UInt64(ids[row]!.count))] = UInt8(32 + random.next() % 90) }
                case 2: ids[row]!.append(UInt8(48 + random.next() % 10))
                default: ids[row] = ids[max(0, row - 1)]
                }
            }
            var presence: [UInt8] = [], offsets: [TextOffset] = [0], bytes: [UInt8] = []
            for id in ids {
                presence.append(id == nil ? 0 : 1)
                bytes += id ?? []
                offsets.append(TextOffset(bytes.count))
            }
            bytes += [UInt8](repeating: 0, count: 16)  // readable past the last id, as arenas are
            let detected = bytes.withUnsafeBufferPointer { b in
                IdSequence.detect(presence: presence, offsets: offsets, bytes: b.baseAddress!, count: count)
            }
            // The plain rule: row 0 starts a sequence and every row reads back as its own row.
            let expected: Bool = bytes.withUnsafeBufferPointer { b in
                guard presence[0] != 0, let first = IdSequence.detect(presence: presence, offsets: offsets,
                                                                       bytes: b.baseAddress!, count: 1) else { return false }
                let sequence = IdSequence(prefixLength: first.prefixLength, digits: first.digits, first: first.first,
                                          rowCount: count, prefix: first.prefix)
                return (1..<count).allSatisfy { row in
                    presence[row] != 0 && sequence.row(of: b.baseAddress! + Int(offsets[row]),
                                                       Int(offsets[row + 1] - offsets[row])) == row
                }
            }
            #expect((detected != nil) == expected, "\(ids.map { $0.map { String(decoding: $0, as: UTF8.self) } ?? "-" })")
        }
    }
}
