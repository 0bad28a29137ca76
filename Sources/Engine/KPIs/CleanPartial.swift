import LuaRuntime
import Packs

/// SPEC section 3: policies that were skipped (or disabled) do not decide `clean`; KPIs reading
/// it list them in `partial`. A KPI reads `clean` when a measure names it — as its value field
/// or as a `where` key (`clean`, `claim.clean`) — or when one of its callbacks read it
/// (`readInCallback`, from the state's read marks).
enum CleanPartial {
    static func notes(for kpi: Definition, readInCallback: Bool = false, policies: [PolicyOutcome],
                      definitions: [Definition]) -> [String] {
        guard readInCallback || readsClean(kpi) else { return [] }
        return policies.sorted { $0.id < $1.id }.compactMap { outcome in
            guard let why = outcome.skipped ?? outcome.disabled,
                  let policy = definitions.first(where: { $0.kind == "policy" && $0.id == outcome.id }),
                  (policy.table["severity"]?.string ?? "error") == "error" else { return nil }
            return "clean: policy \(outcome.id) \(outcome.skipped != nil ? "skipped" : "disabled") (\(why)), so it did not decide clean"
        }
    }

    static func readsClean(_ kpi: Definition) -> Bool {
        KPIEvaluator.namedMeasures(of: kpi).contains { _, measure in
            let names = [measure["value"]?.string].compactMap { $0 } + (measure["where"]?.table?.fieldNames ?? [])
            return names.contains { $0 == "clean" || $0.hasSuffix(".clean") }
        }
    }
}

extension KPIEvaluator {
    /// The datasets a KPI's measures read.
    static func datasets(of kpi: Definition) -> [String] {
        namedMeasures(of: kpi).compactMap { $0.1["dataset"]?.string }
    }
}
