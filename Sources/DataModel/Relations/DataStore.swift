/// Every loaded table plus the relation indexes between them: what the engine evaluates.
///
/// Relations are built once, when both sides are loaded and the child has the field's column.
public final class DataStore: @unchecked Sendable {
    public let tables: [String: Table]
    public let relations: [RelationIndex]
    private let relationIndex: [String: Int]

    /// Builds every relation whose two sides are loaded, on up to `jobs` threads (the result
    /// does not depend on it: each relation is built by one thread).
    public init(tables: [Table], jobs: Int = 1) {
        var byName: [String: Table] = [:]
        for table in tables { byName[table.name] = table }
        self.tables = byName
        let wanted = Schema.relations.compactMap { relation -> (Relation, Table, Table, Column)? in
            guard let child = byName[relation.dataset], let parent = byName[relation.target],
                  let column = child.column(relation.field) else { return nil }
            return (relation, child, parent, column)
        }
        let slots = ResultSlots<RelationIndex>(count: wanted.count)
        let rowNumbers = RowNumbers(capacity: wanted.map(\.1.rowCount).max() ?? 0)
        let work = { @Sendable (i: Int) in
            let (relation, child, parent, column) = wanted[i]
            let index = RelationIndex(relation: relation, child: child, parent: parent, column: column, rowNumbers: rowNumbers)
            if relation.dataset == "encounters", relation.field == "patient_id" {
                DataStore.orderPatientEncounters(index, encounters: child)
            }
            slots.set(i, index)
        }
        if jobs > 1 {
            DispatchQueue.concurrentPerform(iterations: wanted.count, execute: work)
        } else {
            for i in wanted.indices { work(i) }
        }
        let built = slots.values
        relations = built
        var lookup: [String: Int] = [:]
        for (i, index) in built.enumerated() { lookup[index.relation.dataset + "." + index.relation.field] = i }
        relationIndex = lookup
    }

    public func table(_ name: String) -> Table? { tables[name] }

    /// The relation from `dataset.field`, when both sides were loaded.
    public func relation(_ dataset: String, _ field: String) -> RelationIndex? {
        relationIndex[dataset + "." + field].map { relations[$0] }
    }

    /// Orders each patient's encounters by (service_date, encounter_id), as SPEC's
    /// `patient_encounters` says.
    static func orderPatientEncounters(_ index: RelationIndex, encounters: Table) {
        guard let dates = encounters.column("service_date"), let ids = encounters.column("encounter_id") else { return }
        if encounters.idIndex?.sequence != nil, let days = dates.int32Values, let present = dates.presence {
            // Ids numbered in row order (one prefix, a fixed-width counter) sort as their rows.
            index.sortChildren { a, b in
                let da = present[Int(a)] != 0 ? days[Int(a)] : Int32.min, db = present[Int(b)] != 0 ? days[Int(b)] : Int32.min
                return da != db ? da < db : a < b
            }
            return
        }
        index.sortChildren { a, b in
            let da = dates.int32(Int(a)) ?? Int32.min, db = dates.int32(Int(b)) ?? Int32.min
            if da != db { return da < db }
            let ia = ids.textBytes(Int(a)), ib = ids.textBytes(Int(b))
            return ia.lexicographicallyPrecedes(ib)
        }
    }
}

/// Results written by index from several threads, each slot once.
final class ResultSlots<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [T?]

    init(count: Int) { items = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: T) {
        lock.lock()
        items[index] = value
        lock.unlock()
    }

    var values: [T] { items.map { $0! } }
}

import Foundation
