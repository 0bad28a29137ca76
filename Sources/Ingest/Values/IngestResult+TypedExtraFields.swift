import DataModel

extension IngestResult {
    /// The result with `fields` typed (`TypedExtraFields.columns`) and their field issues added
    /// to `quality`, counted in their files' accounts and, for a mapped export, told in its terms
    /// (its column, the mapping's format). Fields already typed are skipped, so a caller may type
    /// what the packs declare as soon as it has read, and a later stage given the same
    /// declarations finds nothing left to do: every issue is reported once.
    public func typing(_ fields: [TypedExtraFields.Field]) -> IngestResult {
        var result = self
        for field in fields where result.typedExtras[field.dataset]?[field.name] == nil {
            let typed = TypedExtraFields.columns([field], store: store)
            let mapped = mappedFiles[field.dataset] ?? [:]
            result.quality.add(fieldIssues: typed.issues.map { issue in
                mapped[issue.file].map { MappedFileReader.inExportTerms(issue, plan: $0.plan, mapping: $0.mapping) } ?? issue
            }, dataset: field.dataset)
            for (dataset, columns) in typed.columns { result.typedExtras[dataset, default: [:]].merge(columns) { $1 } }
        }
        return result
    }
}
