import DataModel

extension IngestResult {
    /// The result with `fields` typed (`TypedExtraFields.columns`) and their field issues added
    /// to `quality`, counted in their files' accounts. Fields already typed are skipped, so a
    /// caller may type what the packs declare as soon as it has read, and a later stage given the
    /// same declarations finds nothing left to do: every issue is reported once.
    public func typing(_ fields: [TypedExtraFields.Field]) -> IngestResult {
        let pending = fields.filter { typedExtras[$0.dataset]?[$0.name] == nil }
        guard !pending.isEmpty else { return self }
        let typed = TypedExtraFields.columns(pending, store: store)
        var result = self
        result.quality.add(fieldIssues: typed.issues)
        for (dataset, columns) in typed.columns { result.typedExtras[dataset, default: [:]].merge(columns) { $1 } }
        return result
    }
}
