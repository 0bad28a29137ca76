import DataModel
import LuaRuntime
import Packs

/// A measure's callback (`where`, `value`, `period` or `by`) to call on some rows of its dataset.
struct RowCallRequest {
    /// The function in the evaluator's own state.
    let function: LuaReference
    /// Where it sits in the KPI's definition, so a state with the same packs loaded finds its own copy.
    let kpi: String
    let keys: [String]
    let dataset: String
    let table: Table
    /// Row numbers, ascending.
    let rows: [Int]
    /// The as-of date the callbacks run at (`date.as_of()`, `balance_as_of`).
    let day: Int32?
}

/// What callbacks over some rows gave: one value per row, in row order (nil where the callback
/// raised), and the errors in the order met. `absent` is set when a row read a column or
/// relation the input lacks: the KPI is then skipped, and the rows after it were not called.
struct RowCallResult {
    var values: [LuaValue] = []
    var errors: [ScriptErrorGroup] = []
    var absent: String?

    /// Appends the next rows' result (`next` follows `self` in row order).
    mutating func append(_ next: RowCallResult) {
        guard absent == nil else { return }
        values += next.values
        for group in next.errors { errors.merge(group) }
        absent = next.absent
    }
}

/// Where a KPI's row callbacks run: in the evaluator's own state (`StateRowCalls`), or spread
/// in chunks over the KPI phase's threads (`KPICallPool`).
protocol RowCalls {
    func call(_ request: RowCallRequest) -> RowCallResult
}

/// Every callback in one state, in row order.
struct StateRowCalls: RowCalls {
    let state: LuaState
    let tables: [String: RegisteredTable]

    func call(_ request: RowCallRequest) -> RowCallResult {
        guard let registered = tables[request.dataset] else { return RowCallResult(values: request.rows.map { _ in .nil }) }
        var target = RowCallTarget(state: state, function: request.function, registered: registered)
        return target.call(request.rows[...], table: request.table) { nil }
    }
}

/// A function and its dataset's rows in one state: the unit that runs callbacks row after row.
struct RowCallTarget {
    var state: LuaState
    var function: LuaReference
    var registered: RegisteredTable

    /// Calls the function on each of `rows` (in runs of consecutive rows). An erroring row gives
    /// nil and counts in `errors`; a read of an absent field stops with `absent`. When a row
    /// breaches the state (it refuses every call after that), the rows after it go on in the
    /// target `renew` makes; when that is nil, they error too. After 100 errors the rest of
    /// `rows` read nil without a call: the KPI is disabled anyway (SPEC section 4), and a
    /// callback that breaches on every row must not reload a state for each.
    mutating func call(_ rows: ArraySlice<Int>, table: Table, renew: () throws -> RowCallTarget?) rethrows -> RowCallResult {
        var result = RowCallResult()
        result.values.reserveCapacity(rows.count)
        var errors = 0
        for run in PolicyEvaluator.runs(of: Array(rows)) {
            var start = run.lowerBound
            while start < run.upperBound {
                let batch = state.callRows(function, over: registered, rows: start..<run.upperBound)
                result.values += batch.values
                start += batch.values.count
                guard let error = batch.error else { continue }
                if error.readAbsentColumn {
                    result.absent = PolicyEvaluator.withoutPlace(error.message, file: error.chunk, line: error.line)
                    return result
                }
                result.errors.record(error, record: table.recordID(start))
                result.values.append(.nil)
                start += 1
                errors += 1
                if errors >= PolicyEvaluator.disableAfterErrors {
                    result.values += repeatElement(.nil, count: rows.count - result.values.count)
                    return result
                }
                if state.breach != nil, let fresh = try renew() { self = fresh }
            }
        }
        return result
    }
}
