import Packs

/// The policy failures a KPI's `where = { failed = "ROLE" | "POLICY-ID" }` tests (SPEC section
/// 3): known from the policies' outcomes, which run before KPIs. A row is admitted when a
/// failure of that policy, or of a policy failure with that role, is on that row itself:
/// failures on an encounter's charges do not mark the encounter.
public struct FailedRows: Sendable {
    private struct Policy: Sendable {
        var id: String
        var dataset: String
        var role: String
        var outcome: PolicyOutcome
    }

    private let policies: [Policy]
    /// Policy ids a pack's manifest disabled → that pack.
    private let disabledByPack: [String: String]

    public init(policies outcomes: [PolicyOutcome] = [], definitions: [Definition] = [], disabled: [String: String] = [:]) {
        var policies: [Policy] = []
        for outcome in outcomes {
            guard let definition = definitions.first(where: { $0.kind == "policy" && $0.id == outcome.id }) else { continue }
            policies.append(Policy(id: outcome.id, dataset: definition.table["dataset"]?.string ?? "",
                                   role: definition.table["role"]?.string ?? "", outcome: outcome))
        }
        self.policies = policies.sorted { $0.id < $1.id }
        disabledByPack = disabled
    }

    /// For each row of `dataset` (`rowCount` rows), whether `name`'s failures mark it, and
    /// what the answer leaves out: the policies named that were skipped or disabled.
    func marks(_ name: String, dataset: String, rowCount: Int) -> (marked: [Bool], partial: [String]) {
        var marked = [Bool](repeating: false, count: rowCount)
        var partial: [String] = []
        let byID = policies.filter { $0.id == name }
        if let pack = disabledByPack[name] { partial.append("failed \(name): disabled by pack \(pack)") }
        // A policy id names that policy; anything else is a role, matched on each failure's own
        // role (a check may override it), so a role's policies on other datasets simply mark nothing.
        let named = byID.isEmpty ? policies.filter { $0.dataset == dataset } : byID
        for policy in named {
            if let why = policy.outcome.skipped ?? policy.outcome.disabled {
                if !byID.isEmpty || policy.role == name {
                    partial.append("failed \(name): policy \(policy.id) \(policy.outcome.skipped != nil ? "skipped" : "disabled"): \(why)")
                }
                continue
            }
            if !byID.isEmpty && policy.dataset != dataset {
                partial.append("failed \(name): policy \(policy.id) checks \(policy.dataset), not \(dataset)")
                continue
            }
            for failure in policy.outcome.failures where (!byID.isEmpty || failure.role == name) && failure.row < rowCount {
                marked[failure.row] = true
            }
        }
        return (marked, partial)
    }
}
