import DataModel

/// Reads one mapped export: transcode, read canonically, then put the export's own lines,
/// records, size and SHA-256 back into the accounting.
enum MappedFileReader {
    static func read(_ input: MappedInput, into builder: TableBuilder, options: IngestOptions,
                     transformer: (any MappingTransformer)?) throws(IngestError)
        -> (account: FileAccount, rejects: [RowProblem], issues: [RowProblem]) {
        let transcoder = MappedTranscoder(input: input, spec: builder.spec, transformer: transformer,
                                          maxRecordBytes: options.maxRecordBytes)
        let out = try transcoder.transcode()
        let memory = MappedFile(path: input.path, bytes: out.canonical)
        var (account, rejects, issues) = try CSVFileReader.read(
            InputFile(dataset: input.dataset, path: input.path, format: .csv), file: memory, digest: nil, into: builder,
            options: options)
        let plan = input.mapping.datasets[input.dataset]!
        // Problems found by the canonical reader, told in the export's terms: its line, its
        // column, its record, and the format the value was expected in.
        func origin(_ problem: RowProblem, verbatim: Bool) -> RowProblem {
            var fixed = problem
            if let source = out.origins[problem.line] {
                fixed.line = source.line
                if verbatim { fixed.record = Array(out.source[source.raw]) }
            }
            return inExportTerms(fixed, plan: plan, mapping: input.mapping.id)
        }
        rejects = rejects.map { origin($0, verbatim: true) } + out.rejects
        issues = issues.map { origin($0, verbatim: false) } + out.issues
        builder.relabelLines(file: input.path) { out.origins[$0]?.line ?? $0 }
        account.rows += out.rejects.count + out.filtered
        account.rejected += out.rejects.count
        account.filtered += out.filtered
        account.fieldIssues += out.issues.count
        account.sha256 = out.sha256
        account.bytes = out.bytes
        return (account, rejects, issues)
    }

    /// A problem with a mapped field told in the export's terms: the export's column, and the
    /// format the value was expected in. Lines are the caller's (tables already hold the export's).
    static func inExportTerms(_ problem: RowProblem, plan: DatasetMapping, mapping: String) -> RowProblem {
        guard let field = plan.fields[problem.column] else { return problem }
        var fixed = problem
        if let column = field.column { fixed.column = column }
        if let format = field.format, let cut = problem.reason.range(of: " is not a valid ") {
            fixed.reason = problem.reason[..<cut.lowerBound]
                + " does not match the format \(format.pattern) of mapping '\(mapping)' (or is not a real date)"
        }
        return fixed
    }
}
