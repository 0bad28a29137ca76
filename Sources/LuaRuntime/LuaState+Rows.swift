import CLua
import CLuaShim

/// A ColumnTable registered in one state: its proxy metatable.
public struct RegisteredTable: Sendable, Hashable {
    public let reference: LuaReference
}

/// The outcome of one batch of row callbacks.
public struct RowBatchResult: Sendable {
    /// One value per completed row, in row order (rows after a failure are absent).
    public var values: [LuaValue]
    /// The error of the row that stopped the batch, if any.
    public var error: ScriptError?

    public init(values: [LuaValue], error: ScriptError?) {
        self.values = values
        self.error = error
    }
}

extension LuaState {
    /// Makes `table`'s rows readable as proxies in this state. The state does not retain the
    /// table: keep it alive while the state may read it.
    public func register(_ table: ColumnTable) throws -> RegisteredTable {
        var ref: Int32 = 0
        try check(ups_register_table(L, table.table, &ref), chunk: "")
        return RegisteredTable(reference: LuaReference(id: ref))
    }

    /// Makes the `.value` column `name` of `table` read `values[row + 1]` in this state (row
    /// numbers from 0). Freeze `values` first if scripts must not change it.
    public func attach(_ values: LuaReference, as name: String, to table: RegisteredTable) throws {
        try check(ups_attach_values(L, table.reference.id, name, values.id), chunk: "")
    }

    /// Calls `function(row)` for every row in `rows`, each with a fresh callback budget and
    /// `math.random` seeded from (`seed`, row). Stops at the first failing row.
    public func callRows(
        _ function: LuaReference, over table: RegisteredTable, rows: Range<Int>, seed: UInt64 = 0
    ) -> RowBatchResult {
        let count = rows.count
        let results = UnsafeMutablePointer<ups_value>.allocate(capacity: max(count, 1))
        defer { results.deallocate() }
        var call = ups_row_call(
            function_ref: function.id, table_ref: table.reference.id, first: Int64(rows.lowerBound),
            end: Int64(rows.upperBound), seed: seed, row_seeds: nil, results: results, next_row: 0)
        let status = ups_call_rows(L, &call)
        let completed = Int(call.next_row) - rows.lowerBound
        let values = (0..<completed).map { LuaValue(exported: results[$0]) }
        return RowBatchResult(values: values, error: status == LUA_OK ? nil : lastError(status: status, chunk: ""))
    }

    /// Counts the rows whose callback returns a truthy value, without copying results out:
    /// the measurement the proxy benchmark makes.
    public func countTruthy(_ function: LuaReference, over table: RegisteredTable, rows: Range<Int>) throws -> Int {
        let count = rows.count
        let results = UnsafeMutablePointer<ups_value>.allocate(capacity: max(count, 1))
        defer { results.deallocate() }
        var call = ups_row_call(
            function_ref: function.id, table_ref: table.reference.id, first: Int64(rows.lowerBound),
            end: Int64(rows.upperBound), seed: 0, row_seeds: nil, results: results, next_row: 0)
        try check(ups_call_rows(L, &call), chunk: "")
        var truthy = 0
        for i in 0..<count where results[i].type != LUA_TNIL && !(results[i].type == LUA_TBOOLEAN && results[i].integer == 0) {
            truthy += 1
        }
        return truthy
    }
}
