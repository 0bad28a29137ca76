import CLua
import CLuaShim

/// A copy of a Lua table made without running script code (raw reads). Packs use it to read
/// manifests and definitions, then validate them in Swift.
public final class TableSnapshot: @unchecked Sendable {
    /// `t.name = value` entries with string keys.
    public fileprivate(set) var fields: [String: SnapshotValue] = [:]
    /// `t[1] … t[n]`: the sequence part (integer keys 1…n with no gap).
    public fileprivate(set) var items: [SnapshotValue] = []
    /// Keys that are neither strings nor part of the sequence, sorted for stable messages.
    public fileprivate(set) var otherKeys: [LuaValue] = []

    /// Field names, sorted (Lua's own order varies from run to run).
    public var fieldNames: [String] { fields.keys.sorted() }

    public subscript(_ name: String) -> SnapshotValue? { fields[name] }
}

/// A value inside a snapshot: a plain value or a nested table.
public enum SnapshotValue: Sendable {
    case value(LuaValue)
    case table(TableSnapshot)

    public var string: String? { if case .value(.string(let s)) = self { s } else { nil } }
    public var table: TableSnapshot? { if case .table(let t) = self { t } else { nil } }
    public var function: LuaReference? { if case .value(.function(let f)) = self { f } else { nil } }
    public var bool: Bool? { if case .value(.boolean(let b)) = self { b } else { nil } }

    /// Numbers as Double, whether Lua held them as integers or floats.
    public var number: Double? {
        switch self {
        case .value(.integer(let i)): Double(i)
        case .value(.number(let d)): d
        default: nil
        }
    }

    /// The Lua type name, for messages ("expected a string, got a table").
    public var typeName: String {
        switch self {
        case .table: "table"
        case .value(let v):
            switch v {
            case .nil: "nil"
            case .boolean: "boolean"
            case .integer, .number: "number"
            case .string: "string"
            case .function: "function"
            case .table: "table"
            case .row: "row"
            case .other(let name): name
            }
        }
    }
}

extension LuaState {
    /// Snapshots the table `table` (at most `maxEntries` entries, nesting at most 64 deep).
    /// Functions inside come back as references the caller owns (release what it does not keep).
    public func snapshot(_ table: LuaReference, maxEntries: Int = 1_000_000) throws -> TableSnapshot {
        resetBudget(limits.loadBudget)
        var entries: UnsafeMutablePointer<ups_snapshot_entry>?
        var count: Int64 = 0
        try check(ups_snapshot(L, table.id, Int64(maxEntries), &entries, &count), chunk: "")
        defer { ups_free(entries) }
        var tables: [Int: TableSnapshot] = [0: TableSnapshot()]
        var integerKeys: [Int: [(Int64, SnapshotValue)]] = [:]
        for index in 0..<Int(count) {
            let entry = entries![index]
            let owner = tables[Int(entry.table)]!
            let value: SnapshotValue
            if entry.value.type == LUA_TTABLE {
                let child = Int(entry.value.integer)
                if tables[child] == nil { tables[child] = TableSnapshot() }
                value = .table(tables[child]!)
            } else {
                value = .value(LuaValue(exported: entry.value))
            }
            switch LuaValue(exported: entry.key) {
            case .string(let name): owner.fields[name] = value
            case .integer(let i): integerKeys[Int(entry.table), default: []].append((i, value))
            case let other: owner.otherKeys.append(other)
            }
        }
        for (id, keyed) in integerKeys {
            let owner = tables[id]!
            let sorted = keyed.sorted { $0.0 < $1.0 }
            var next: Int64 = 1
            for (key, value) in sorted {
                if key == next { owner.items.append(value); next += 1 } else { owner.otherKeys.append(.integer(key)) }
            }
        }
        for table in tables.values where table.otherKeys.count > 1 {
            table.otherKeys.sort { String(describing: $0) < String(describing: $1) }
        }
        return tables[0]!
    }
}

extension LuaState {
    /// Installs `environment[name]` as a constructor that records its table (see
    /// `takeCaptures`). At most `limit` definitions may be recorded between two takes.
    public func installConstructor(_ name: String, kind: String, in environment: LuaReference, limit: Int) throws {
        try check(ups_install_constructor(L, environment.id, name, kind, Int64(limit)), chunk: "")
    }

    /// The constructor calls recorded since the last take, as a list of
    /// `{ kind, definition, source, line }` tables (a reference the caller releases).
    public func takeCaptures() throws -> LuaReference {
        var ref: Int32 = 0
        try check(ups_take_captures(L, &ref), chunk: "")
        return LuaReference(id: ref)
    }
}
