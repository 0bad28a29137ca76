import Packs

/// The policy failures a KPI's `where = { failed = "ROLE" | "POLICY-ID" }` tests (SPEC section
/// 3), as `row:failed(…)` does: a row is admitted when a failure on that row itself is of that
/// policy or charged to that role (failures on an encounter's charges do not mark the
/// encounter). Also says which policies named were skipped or disabled, for `partial`.
public struct FailedRows: Sendable {
    private struct Policy: Sendable {
        var id: String
        var dataset: String
        var role: String
        var outcome: PolicyOutcome
    }

    private let index: FailureIndex
    private let policies: [Policy]
    /// Policy ids a pack's manifest disabled → that pack.
    private let disabledByPack: [String: String]

    public init(index: FailureIndex, policies outcomes: [PolicyOutcome], definitions: [Definition], disabled: [String: String] = [:]) {
        var policies: [Policy] = []
        for outcome in outcomes {
            guard let definition = definitions.first(where: { $0.kind == "policy" && $0.id == outcome.id }) else { continue }
            policies.append(Policy(id: outcome.id, dataset: definition.table["dataset"]?.string ?? "",
                                   role: definition.table["role"]?.string ?? "", outcome: outcome))
        }
        self.index = index
        self.policies = policies.sorted { $0.id < $1.id }
        disabledByPack = disabled
    }

    /// No failures (a KPI evaluated without policies).
    public init() {
        self.init(index: FailureIndex(policies: [], datasets: [:], rowCounts: [:]), policies: [], definitions: [])
    }

    /// For each row of `dataset` (`rowCount` rows), whether a failure of `name` is on it, and
    /// what the answer leaves out: the policies of that id or role that were skipped or
    /// disabled, and a policy of that id that checks another dataset.
    func marks(_ name: String, dataset: String, rowCount: Int) -> (marked: [Bool], partial: [String]) {
        let rows = index.datasets[dataset]
        let marked = (0..<rowCount).map { rows?.failed($0, name) ?? false }
        var partial: [String] = []
        if let pack = disabledByPack[name] { partial.append("failed \(name): disabled by pack \(pack)") }
        for policy in policies where policy.id == name || (policy.role == name && policy.dataset == dataset) {
            if let why = policy.outcome.skipped ?? policy.outcome.disabled {
                partial.append("failed \(name): policy \(policy.id) \(policy.outcome.skipped != nil ? "skipped" : "disabled"): \(why)")
            } else if policy.id == name && policy.dataset != dataset {
                partial.append("failed \(name): policy \(policy.id) checks \(policy.dataset), not \(dataset)")
            }
        }
        return (marked, partial)
    }
}
