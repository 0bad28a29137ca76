import DataModel
import LuaRuntime

/// The data model's tables as Lua reads them: each canonical field a column the row proxy reads
/// in place (no copy), declared fields the input lacks as absent (reading one skips the
/// definition), and extra export columns under `row.extra`. Every money field also reads as
/// integer cents under `<field>_cents` (the same buffer, read as an int).
public enum LuaRows {
    /// A zero-copy view of `table` and the fields the host derives for it; it keeps them alive.
    /// Host-derived fields (SPEC section 3) this data could not derive read as absent, so a
    /// callback reading one is skipped, like one reading an absent column; fields derived from
    /// policy results (`clean`) exist only where KPIs read rows.
    /// `balance`, on claims: `balance_as_of` reads at the reading state's as-of date (month-end
    /// snapshots move it) rather than the run's.
    public static func view(_ table: Table, derived: [String: Column] = [:], absent: [String] = [],
                            balance: BalanceLedger? = nil) -> ColumnTable {
        var fields: [ColumnTable.View] = []
        for (index, field) in table.spec.fields.enumerated() {
            if let column = table.columns[index] { fields += views(of: column, name: field.name) } else {
                fields.append(ColumnTable.View(name: field.name, kind: .absent))
                if field.type == .money { fields.append(ColumnTable.View(name: field.name + "_cents", kind: .absent)) }
            }
        }
        let underived = Schema.derivedFields.filter { $0.dataset == table.name && !$0.kpiOnly && derived[$0.name] == nil }
        for field in underived {
            fields.append(ColumnTable.View(name: field.name, kind: .absent))
            if field.type == .money { fields.append(ColumnTable.View(name: field.name + "_cents", kind: .absent)) }
        }
        for name in derived.keys.sorted() {
            if name == "balance_as_of", let balance {
                let events = balance.events
                fields.append(ColumnTable.View(name: name, kind: .datedMoney, dated: events))
                fields.append(ColumnTable.View(name: name + "_cents", kind: .datedCents, dated: events))
                continue
            }
            var named = views(of: derived[name]!, name: name)
            // A KPI that reads `clean` in a callback lists the policies that did not decide it.
            if name == "clean" { for i in named.indices { named[i].readMark = cleanReadMark } }
            fields += named
        }
        for name in absent { fields.append(ColumnTable.View(name: name, kind: .absent)) }
        if table.name == "staff" { fields.append(ColumnTable.View(name: ProficiencyField.name, kind: .value)) }
        let extras = table.extras.map { view(of: $0, name: $0.name) }
        return ColumnTable(dataset: table.name, rowCount: table.rowCount, views: fields, extras: extras,
                           owner: [table as AnyObject, balance as AnyObject] + derived.values.map { $0 as AnyObject } as AnyObject)
    }

    /// The read mark of `clean` (`LuaState.takeReadMarks`).
    public static let cleanReadMark: UInt32 = 1

    /// The field's view, and for money its `_cents` companion.
    private static func views(of column: Column, name: String) -> [ColumnTable.View] {
        let main = view(of: column, name: name)
        guard column.type == .money else { return [main] }
        var cents = main
        cents.name = name + "_cents"
        cents.kind = .int
        return [main, cents]
    }

    private static func view(of column: Column, name: String) -> ColumnTable.View {
        let offsets32 = MemoryLayout<TextOffset>.size == 4
        var view = ColumnTable.View(name: name, kind: kind(column.type), present: column.presence, offsets32: offsets32)
        switch column.type.storage {
        case .text:
            view.offsets = UnsafeRawPointer(column.offsets)
            view.bytes = column.bytes
            view.codes = column.codes
        case .list:
            view.offsets = UnsafeRawPointer(column.offsets)
            view.itemOffsets = UnsafeRawPointer(column.itemOffsets)
            view.bytes = column.bytes
        case .int64: view.values = UnsafeRawPointer(column.int64Values)
        case .double: view.values = UnsafeRawPointer(column.doubleValues)
        case .int32: view.values = UnsafeRawPointer(column.int32Values)
        case .uint8: view.values = UnsafeRawPointer(column.boolValues)
        }
        return view
    }

    private static func kind(_ type: FieldType) -> ColumnTable.Kind {
        switch type {
        case .id, .text: .text
        case .int: .int
        case .number: .number
        case .money: .money
        case .date: .date
        case .datetime: .datetime
        case .bool: .bool
        case .list: .list
        }
    }
}
