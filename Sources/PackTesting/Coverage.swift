import Engine
import Packs

/// Which definitions of a tested pack the reports of its tests showed at work (SPEC section
/// 3, `--coverage`). A policy is covered when some test saw it pass on a row and some test saw
/// it fail on a row; one of the two is half coverage. A KPI is covered when some report
/// evaluated it (not skipped, not disabled); a threshold when some report assessed a person of
/// its role against it. Other kinds (roles, attribution, mappings, …) are not tracked.
public final class Coverage: @unchecked Sendable {
    public enum Level: String, Sendable { case none, half, full }

    public struct Entry: Sendable, Equatable {
        public var kind: String
        public var id: String
        public var location: String
        public var level: Level
        /// What is missing, in words ("never failed in any test").
        public var note: String
    }

    private struct Seen { var evaluated = false, passed = false, failed = false }
    private let definitions: [Definition]
    // Written by the test thread only, read after it finished.
    private var seen: [String: Seen] = [:]

    /// `definitions`: those of the pack under test (not its requirements).
    init(definitions: [Definition]) {
        self.definitions = definitions.filter { ["policy", "kpi", "threshold"].contains($0.kind) && $0.id != nil }
    }

    func record(_ results: RunResults) {
        for policy in results.policies where policy.skipped == nil && policy.disabled == nil && policy.evaluated > 0 {
            let failedRows = Set(policy.failures.map(\.row)).count
            var entry = seen["policy " + policy.id] ?? Seen()
            entry.evaluated = true
            if failedRows > 0 { entry.failed = true }
            if policy.evaluated - failedRows - policy.errorCount > 0 { entry.passed = true }
            seen["policy " + policy.id] = entry
        }
        for kpi in results.kpis where kpi.skipped == nil && kpi.disabled == nil {
            seen["kpi " + kpi.id, default: Seen()].evaluated = true
        }
        let assessedRoles = Set(results.proficiency.filter { $0.status != .notAssessed }.map(\.role))
        for threshold in results.definitions where threshold.kind == "threshold" {
            if let id = threshold.id, let role = threshold.table["role"]?.string, assessedRoles.contains(role) {
                seen["threshold " + id, default: Seen()].evaluated = true
            }
        }
    }

    /// The tracked definitions that are not fully covered, in file order.
    public var gaps: [Entry] {
        definitions.compactMap { definition in
            let id = definition.id!
            let entry = seen[definition.kind + " " + id] ?? Seen()
            let (level, note): (Level, String)
            if !entry.evaluated {
                (level, note) = (.none, definition.kind == "threshold"
                    ? "no test's data assessed a person of its role" : "no test evaluated it")
            } else if definition.kind == "policy" && !entry.failed {
                (level, note) = (.half, "never failed in any test")
            } else if definition.kind == "policy" && !entry.passed {
                (level, note) = (.half, "never passed in any test")
            } else {
                return nil
            }
            return Entry(kind: definition.kind, id: id, location: definition.location, level: level, note: note)
        }
    }

    /// How many tracked definitions there are, for the summary.
    public var tracked: Int { definitions.count }
}
