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
        // A counting sort: count each row's failures, turn the counts into offsets, then place
        // each failure at its row's next slot. Policies and their failures are visited in order
        // both times, so a row's failures stay in policy order without a list per row.
        var offsets: [String: [Int32]] = [:]
        for outcome in policies {
            guard let dataset = datasetOf[outcome.id], let count = rowCounts[dataset], !outcome.failures.isEmpty else { continue }
            offsets[dataset, default: [Int32](repeating: 0, count: count + 1)].withUnsafeMutableBufferPointer { counts in
                for failure in outcome.failures where failure.row < count { counts[failure.row + 1] += 1 }
            }
        }
        var datasets: [String: Rows] = [:]
        for (dataset, counts) in offsets {
            var starts = counts
            for row in 1..<starts.count { starts[row] += starts[row - 1] }
            var next = starts
            let total = Int(starts[starts.count - 1])
            let records = [ColumnTable.Failure](unsafeUninitializedCapacity: total) { buffer, initialized in
                for outcome in policies where datasetOf[outcome.id] == dataset {
                    for failure in outcome.failures where failure.row < starts.count - 1 {
                        (buffer.baseAddress! + Int(next[failure.row])).initialize(to: ColumnTable.Failure(
                            policy: outcome.id, role: failure.role, severity: failure.severity, code: failure.code, message: failure.message))
                        next[failure.row] += 1
                    }
                }
                initialized = total   // every slot was placed exactly once: the counts above
            }
            datasets[dataset] = Rows(offsets: starts, records: records)
        }
        self.datasets = datasets
    }

    /// True when `row` of `dataset` has a failure of the policy or role `key`.
    public func failed(_ dataset: String, _ row: Int, _ key: String) -> Bool {
        datasets[dataset]?.failed(row, key) ?? false
    }
}
