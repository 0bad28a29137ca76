/// One group of script errors with the definition it belongs to (SPEC section 6's
/// `script_errors`): policies, KPIs and attribution's `refine` alike.
public struct ScriptErrorEntry: Sendable {
    public var pack: String
    /// The definition id ("attribution" for `refine` functions).
    public var id: String
    public var group: ScriptErrorGroup
}

extension RunResults {
    /// Every group of script errors, sorted by pack, file, line, definition and message.
    public var scriptErrors: [ScriptErrorEntry] {
        var entries: [ScriptErrorEntry] = []
        func pack(of id: String) -> String { definitions.first { $0.id == id }?.pack ?? "" }
        for field in derived {
            entries += field.outcome.errors.map { ScriptErrorEntry(pack: pack(of: field.outcome.id), id: field.outcome.id, group: $0) }
        }
        for policy in policies {
            entries += policy.errors.map { ScriptErrorEntry(pack: pack(of: policy.id), id: policy.id, group: $0) }
        }
        if let refine = attribution?.refineErrors {
            let owner = definitions.last { $0.kind == "attribution" && $0.table["refine"] != nil }?.pack ?? ""
            entries += refine.map { ScriptErrorEntry(pack: owner, id: "attribution", group: $0) }
        }
        for kpi in kpis {
            entries += kpi.errorGroups.map { ScriptErrorEntry(pack: pack(of: kpi.id), id: kpi.id, group: $0) }
        }
        return entries.sorted {
            ($0.pack, $0.group.file, $0.group.line, $0.id, $0.group.message) < ($1.pack, $1.group.file, $1.group.line, $1.id, $1.group.message)
        }
    }
}
