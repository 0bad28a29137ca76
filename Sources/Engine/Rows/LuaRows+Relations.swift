import DataModel
import LuaRuntime
import Packs

/// Every loaded table as Lua rows, connected by SPEC section 3's relations both ways.
public struct LuaDatabase: Sendable {
    /// By dataset name; the tables point at each other, so keep this value alive while Lua runs.
    public let tables: [String: ColumnTable]
    private let data: EngineData
    /// What `loaded(…)` and `has_field(…)` answer in states reading these rows.
    public var facts: DataFacts { data.facts }
    nonisolated(unsafe) private static let noRows = UnsafeMutablePointer<Int32>.allocate(capacity: 1)

    /// `failures`: the policy results KPIs read through `row.failures` and `row:failed(…)`;
    /// nil where rows are read before policies have run (attribution, policies), which makes
    /// both raise.
    public init(_ data: EngineData, failures: FailureIndex? = nil) {
        self.data = data
        let store = data.store
        var tables: [String: ColumnTable] = [:]
        for (name, table) in store.tables { tables[name] = LuaRows.view(table, derived: data.derived[name] ?? [:], absent: data.absent[name] ?? [],
                                                                   balance: name == "claims" ? data.balance : nil) }
        self.tables = tables
        for (name, rows) in tables {
            var relations = Self.relations(of: name, in: store, tables: tables)
            if name == "claims" {   // the smallest (received_on, remit_id); without remits, absent
                if let first = data.firstRemit?.base, let remits = tables["remits"] {
                    relations.append(.init(name: "first_remit", target: remits, rows: .one(UnsafePointer(first))))
                } else {
                    relations.append(.init(name: "first_remit", target: nil, rows: .absent(dataset: "remits")))
                }
            }
            rows.connect(relations)
            if let failures {
                let index = failures.datasets[name]
                rows.attachFailures(offsets: index?.offsets ?? [], records: index?.records ?? [])
            }
        }
    }

    /// Registers every table in `state`, by dataset; with `proficiency`, `staff.proficiency`
    /// reads those statuses there.
    public func register(in state: LuaState, proficiency: [StaffProficiency]? = nil) throws -> [String: RegisteredTable] {
        var registered: [String: RegisteredTable] = [:]
        for (name, table) in tables { registered[name] = try state.register(table) }
        if let proficiency, let staff = registered["staff"] { try ProficiencyField.attach(proficiency, state: state, staff: staff) }
        return registered
    }

    /// Forward relations of `dataset` (to one row) and reverse ones (to many rows). A relation
    /// to a dataset that was not loaded is absent: reading it skips the definition.
    static func relations(of dataset: String, in store: DataStore, tables: [String: ColumnTable]) -> [ColumnTable.Relation] {
        var relations: [ColumnTable.Relation] = []
        for relation in Schema.relations where relation.dataset == dataset {
            if let index = store.relation(relation.dataset, relation.field), let parents = index.parentRows, let target = tables[relation.target] {
                relations.append(.init(name: relation.forward, target: target, rows: .one(parents)))
            } else if store.table(relation.target) == nil || store.table(dataset)?.column(relation.field) == nil {
                let missing = store.table(relation.target) == nil ? relation.target : "\(dataset).\(relation.field)"
                relations.append(.init(name: relation.forward, target: nil, rows: .absent(dataset: missing)))
            }
        }
        for relation in Schema.relations where relation.target == dataset {
            guard let name = relation.reverse else { continue }
            if let index = store.relation(relation.dataset, relation.field), index.hasReverse,
               let offsets = index.childOffsets, let child = tables[relation.dataset] {
                // No child rows at all leaves the rows buffer unallocated; every range is empty.
                let rows = index.childRows ?? UnsafePointer(Self.noRows)
                relations.append(.init(name: name, target: child, rows: .many(offsets: offsets, rows: rows)))
            } else if store.table(relation.dataset) == nil {
                relations.append(.init(name: name, target: nil, rows: .absent(dataset: relation.dataset)))
            }
        }
        return relations
    }
}
