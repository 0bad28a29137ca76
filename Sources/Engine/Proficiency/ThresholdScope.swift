import DataModel
import LuaRuntime
import Packs

/// Which staff each threshold applies to (SPEC section 3: thresholds may say `where`): a table
/// evaluated in Swift, or a function called once per staff row of the threshold's role. A row
/// whose function raises is left out of that threshold and counted as a script error.
public struct ThresholdScope {
    /// threshold id → staff row → applies.
    private var applies: [String: [Bool]] = [:]
    /// Script errors of `where` functions, with the threshold's id.
    public private(set) var errors: [ScriptErrorEntry] = []

    public init() {}

    /// Evaluates every threshold's `where` in `state`, where `staff` is registered.
    public init(_ definitions: [Definition], data: EngineData, state: LuaState, staff: RegisteredTable?, asOf: Int32) {
        guard let table = data.store.table("staff") else { return }
        let roles = table.column("role")
        for threshold in definitions where threshold.kind == "threshold" {
            guard let id = threshold.id, let filter = threshold.table["where"] else { continue }
            let role = threshold.table["role"]?.string
            var admitted = [Bool](repeating: false, count: table.rowCount)
            if let function = filter.function, let staff {
                var groups: [ScriptErrorGroup] = []
                for row in 0..<table.rowCount where roles?.text(row) == role {
                    let result = state.callRows(function, over: staff, rows: row..<(row + 1))
                    if let error = result.error { groups.record(error, record: table.recordID(row)); continue }
                    admitted[row] = result.values.first.map(PolicyEvaluator.truthy) ?? false
                }
                errors += groups.map { ScriptErrorEntry(pack: threshold.pack, id: id, group: $0) }
            } else if let where_ = filter.table {
                do {
                    let host = try HostFilter(where_, dataset: "staff", data: data, asOf: asOf)
                    for row in 0..<table.rowCount { admitted[row] = host.admits(row) }
                } catch {
                    // A field the staff export lacks: the threshold applies to nobody, and says why.
                    let reason = switch error { case .absent(let why), .unknown(let why): why }
                    errors.append(ScriptErrorEntry(pack: threshold.pack, id: id, group: ScriptErrorGroup(
                        file: threshold.file, line: threshold.line, message: "where: \(reason)", count: 1, records: [])))
                }
            }
            applies[id] = admitted
        }
    }

    /// Does `threshold` apply to the person on staff row `row`? (Always, without `where`.)
    public func applies(_ threshold: Definition, to row: Int) -> Bool {
        guard let id = threshold.id, let rows = applies[id] else { return true }
        return rows[row]
    }
}
