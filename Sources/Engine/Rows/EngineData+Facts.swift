import DataModel
import Packs

extension EngineData {
    /// What `loaded(…)` and `has_field(…)` answer on this data: each dataset loaded, and each
    /// field its rows can read (columns present, host-derived fields, `_cents` companions).
    public var facts: DataFacts {
        var fields: Set<String> = []
        for (name, table) in store.tables {
            var money: [String] = []
            for (index, field) in table.spec.fields.enumerated() where table.columns[index] != nil {
                fields.insert("\(name).\(field.name)")
                if field.type == .money { money.append(field.name) }
            }
            for (field, column) in derived[name] ?? [:] {
                fields.insert("\(name).\(field)")
                if column.type == .money { money.append(field) }
            }
            for field in money { fields.insert("\(name).\(field)_cents") }
        }
        return DataFacts(datasets: Set(store.tables.keys), fields: fields)
    }
}
