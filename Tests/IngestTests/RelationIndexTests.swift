import Testing
@testable import DataModel
@testable import Ingest

/// Relation indexes against a plain recomputation, over every way one is built: parents
/// numbered in sequence or hashed, the child's field dictionary-encoded or not, children grouped
/// by parent (the sequential reverse pass) or not (the scatter), with missing values and gaps.
@Suite struct RelationIndexTests {
    struct Shape: CustomTestStringConvertible, Sendable {
        var numbered: Bool
        var fewValues: Bool
        var grouped: Bool
        var testDescription: String { "numbered \(numbered), few values \(fewValues), grouped \(grouped)" }
    }

    static let shapes = [false, true].flatMap { numbered in
        [false, true].flatMap { few in [false, true].map { Shape(numbered: numbered, fewValues: few, grouped: $0) } }
    }

    @Test(arguments: shapes)
    func indexesMatchAPlainRecomputation(shape: Shape) throws {
        var random = SeededRandom(seed: 41)
        let parentCount = 400
        let remitIDs = (0..<parentCount).map { shape.numbered ? "R\(100_000 + $0)" : "RX\(($0 * 7919) % 10_007)-\($0 % 13)" }
        // Per child row: a parent's row, -1 for a missing field, -2 for an id no remit has.
        var targets: [Int] = (0..<1_200).map { row in
            switch random.next() % 20 {
            case 0, 1: return -1
            case 2: return -2
            default: return shape.fewValues ? Int(random.next() % 12) * 31 : (row * 37 + 11) % parentCount
            }
        }
        if shape.grouped { targets.sort() }

        let dir = TempDir()
        var remits = "remit_id,claim_id,received_on,paid\n"
        for id in remitIDs { remits += "\(id),C1,2025-03-01,10.00\n" }
        dir.write("remits.csv", remits)
        var adjustments = "claim_id,remit_id,group_code,carc,amount\n"
        for (row, target) in targets.enumerated() {
            let remit = target >= 0 ? remitIDs[target] : target == -1 ? "" : "GONE\(row % 5)"
            adjustments += "C1,\(remit),CO,45,1.00\n"
        }
        dir.write("adjustments.csv", adjustments)
        let result = try Ingestor.read(paths: [dir.path])

        // The shape really takes the path it names.
        let remitTable = result.table("remits"), column = try #require(result.table("adjustments").column("remit_id"))
        #expect((remitTable.idIndex?.sequence != nil) == shape.numbered)
        #expect((column.codes != nil) == shape.fewValues)

        let relation = try #require(result.store.relation("adjustments", "remit_id"))
        #expect((0..<targets.count).map { relation.parent(of: $0) } == targets.map { $0 >= 0 ? $0 : nil })
        for parent in 0..<parentCount {
            let expected = targets.indices.filter { targets[$0] == parent }.map(Int32.init)
            #expect(Array(relation.children(of: parent)) == expected, "children of row \(parent)")
        }
        #expect(relation.gapRows == targets.filter { $0 == -2 }.count)
        let firstGaps = targets.indices.filter { targets[$0] == -2 }.prefix(RelationIndex.exampleLimit)
        #expect(relation.gapExamples.count == firstGaps.count)
    }

    /// Every child row with a parent, grouped by parent: the reverse side reads the shared row
    /// numbers. Sorting one such relation (patient_encounters) gives it a copy of its own and
    /// leaves the numbers the others read as they were.
    @Test(arguments: [false, true])
    func completeGroupedChildrenShareRowNumbers(numbered: Bool) throws {
        let dir = TempDir()
        let patients = 30, encountersPerPatient = 4
        let patientID = { (p: Int) in numbered ? "P\(1_000 + p)" : "PX\((p * 7919) % 10_007)" }
        dir.write("patients.csv", "patient_id\n" + (0..<patients).map { patientID($0) + "\n" }.joined())
        // Each patient's encounters in falling date order, so patient_encounters must reorder them.
        var encounters = "encounter_id,patient_id,service_date\n"
        var charges = "charge_id,encounter_id,service_date,posted_at,amount\n"
        for p in 0..<patients {
            for k in 0..<encountersPerPatient {
                let encounter = p * encountersPerPatient + k
                encounters += "E\(10_000 + encounter),\(patientID(p)),2025-01-\(20 - k)\n"
                for c in 0..<(1 + encounter % 3) {
                    charges += "C\(encounter)-\(c),E\(10_000 + encounter),2025-01-01,2025-01-02,1.00\n"
                }
            }
        }
        dir.write("encounters.csv", encounters)
        dir.write("charges.csv", charges)
        let result = try Ingestor.read(paths: [dir.path])

        let byPatient = try #require(result.store.relation("encounters", "patient_id"))
        #expect(!byPatient.sharesRowNumbers, "sorted, so a copy of its own")
        for p in 0..<patients {
            let first = p * encountersPerPatient
            #expect(Array(byPatient.children(of: p)) == (first..<(first + encountersPerPatient)).reversed().map(Int32.init))
        }
        let byEncounter = try #require(result.store.relation("charges", "encounter_id"))
        #expect(byEncounter.sharesRowNumbers)
        var row: Int32 = 0
        for encounter in 0..<(patients * encountersPerPatient) {
            let expected = (0..<Int32(1 + encounter % 3)).map { row + $0 }
            #expect(Array(byEncounter.children(of: encounter)) == expected, "charges of encounter \(encounter)")
            row += Int32(expected.count)
        }
        let rows = try #require(byEncounter.childRows)
        #expect((0..<Int(row)).allSatisfy { rows[$0] == Int32($0) })
    }
}
