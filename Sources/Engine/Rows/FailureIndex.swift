import LuaRuntime
import Packs

/// The policy failures of every row, by dataset (SPEC section 3, `row.failures` and
/// `row:failed(…)`, readable in KPIs): built once from the policies' outcomes, then each row's
/// failures are one contiguous range, found by its offset. Within a row, failures are in
/// policy order (the order the definitions loaded), then in the order the policy reported them.
public struct FailureIndex: Sendable {
    /// Row r's failures are `records[offsets[r] ..< offsets[r + 1]]`.
    public struct Rows: Sendable {
        public var offsets: [Int32]
        public var records: [ColumnTable.Failure]

        /// The failures of `row`.
        public func failures(of row: Int) -> ArraySlice<ColumnTable.Failure> {
            guard row + 1 < offsets.count else { return [] }
            return records[Int(offsets[row])..<Int(offsets[row + 1])]
        }

        /// True when a failure on `row` is of the policy `key`, or charged to the role `key`.
        public func failed(_ row: Int, _ key: String) -> Bool {
            failures(of: row).contains { $0.policy == key || $0.role == key }
        }
    }

    /// By dataset; datasets with no failure have none.
    public let datasets: [String: Rows]

    /// The failures of the policies whose definitions are given (their `dataset` says where).
    public init(policies: [PolicyOutcome], definitions: [Definition], rowCounts: [String: Int]) {
        self.init(policies: policies, datasets: Dictionary(definitions.filter { $0.kind == "policy" }.compactMap { d in
            d.id.flatMap { id in d.table["dataset"]?.string.map { (id, $0) } }
        }, uniquingKeysWith: { $1 }), rowCounts: rowCounts)
    }

    /// `datasets`: policy id → the dataset it checks; `rowCounts`: rows per dataset.
    public init(policies: [PolicyOutcome], datasets datasetOf: [String: String], rowCounts: [String: Int]) {
        var byRow: [String: [Int: [ColumnTable.Failure]]] = [:]
        for outcome in policies {
            guard let dataset = datasetOf[outcome.id], let count = rowCounts[dataset] else { continue }
            for failure in outcome.failures where failure.row < count {
                byRow[dataset, default: [:]][failure.row, default: []].append(ColumnTable.Failure(
                    policy: outcome.id, role: failure.role, severity: failure.severity, code: failure.code, message: failure.message))
            }
        }
        var datasets: [String: Rows] = [:]
        for (dataset, rows) in byRow {
            let count = rowCounts[dataset] ?? 0
            var offsets = [Int32](repeating: 0, count: count + 1)
            var records: [ColumnTable.Failure] = []
            for row in 0..<count {
                offsets[row] = Int32(records.count)
                records += rows[row] ?? []
            }
            offsets[count] = Int32(records.count)
            datasets[dataset] = Rows(offsets: offsets, records: records)
        }
        self.datasets = datasets
    }

    /// True when `row` of `dataset` has a failure of the policy or role `key`.
    public func failed(_ dataset: String, _ row: Int, _ key: String) -> Bool {
        datasets[dataset]?.failed(row, key) ?? false
    }
}
