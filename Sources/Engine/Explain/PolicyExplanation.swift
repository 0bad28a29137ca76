import Packs

/// What one policy did on one record of a journey.
public enum PolicyVerdict: Sendable, Equatable {
    case passed
    case failed(message: String, code: String?, severity: String)
    /// Its `where` or `check` raised on this record.
    case scriptError(String)
    /// Outside its `where`: not evaluated, not counted (not a pass).
    case notInScope

    /// The JSON status word.
    public var status: String {
        switch self {
        case .passed: "passed"
        case .failed: "failed"
        case .scriptError: "error"
        case .notInScope: "not_in_scope"
        }
    }
}

/// One policy over a journey's records of its dataset.
public struct PolicyExplanation: Sendable, Equatable {
    public var id: String
    public var title: String?
    public var dataset: String
    public var role: String?
    public var severity: String
    /// Set when the whole policy was skipped (it read data the input lacks) or disabled; then
    /// `records` is empty.
    public var skipped: String?
    public var disabled: String?
    public var records: [(record: String, verdict: PolicyVerdict)]

    public static func == (a: PolicyExplanation, b: PolicyExplanation) -> Bool {
        a.id == b.id && a.skipped == b.skipped && a.disabled == b.disabled
            && a.records.map(\.record) == b.records.map(\.record) && a.records.map(\.verdict) == b.records.map(\.verdict)
    }

    /// Every policy whose dataset has records in the journey, by id. A record the policy
    /// evaluated and did not fail passed; one it never evaluated was outside its `where`.
    static func all(_ results: RunResults, rows: JourneyRows) -> [PolicyExplanation] {
        let outcomes = Dictionary(results.policies.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var explained: [PolicyExplanation] = []
        for definition in results.definitions where definition.kind == "policy" {
            guard let id = definition.id, let outcome = outcomes[id], let dataset = definition.table["dataset"]?.string,
                  let table = results.data.store.table(dataset), !rows[dataset].isEmpty else { continue }
            var policy = PolicyExplanation(id: id, title: definition.table["title"]?.string, dataset: dataset,
                                           role: definition.table["role"]?.string,
                                           severity: definition.table["severity"]?.string ?? "error",
                                           skipped: outcome.skipped, disabled: outcome.disabled, records: [])
            if outcome.skipped == nil, outcome.disabled == nil {
                let wanted = Set(rows[dataset])
                var failures: [Int: PolicyFailure] = [:], errors: [Int: String] = [:], evaluated: Set<Int> = []
                for failure in outcome.failures where wanted.contains(failure.row) { failures[failure.row] = failures[failure.row] ?? failure }
                for error in outcome.rowErrors where wanted.contains(Int(error.row)) { errors[Int(error.row)] = errors[Int(error.row)] ?? error.message }
                for row in wanted where outcome.evaluatedRows.contains(row) { evaluated.insert(row) }
                policy.records = rows[dataset].map { row in
                    let verdict: PolicyVerdict
                    if let failure = failures[row] {
                        verdict = .failed(message: failure.message, code: failure.code, severity: failure.severity)
                    } else if let message = errors[row] {
                        verdict = .scriptError(message)
                    } else {
                        verdict = evaluated.contains(row) ? .passed : .notInScope
                    }
                    return (table.recordID(row), verdict)
                }
            }
            explained.append(policy)
        }
        return explained.sorted { $0.id < $1.id }
    }
}
