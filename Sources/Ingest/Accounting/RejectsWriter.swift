import DataModel

/// Writes `--rejects PATH`: every rejected row verbatim and every field issue, as CSV
/// `file,line,column,reason,record`, sorted by file then line, created readable by its owner only.
/// For a field issue `record` holds the offending value. Cells that a spreadsheet would run as
/// a formula are prefixed with `'` (SPEC section 6).
public enum RejectsWriter {
    public static func write(_ quality: DataQuality, to path: String) throws(IngestError) {
        do {
            let file = try ReportFile(path: path)
            try file.writeRecord(["file", "line", "column", "reason", "record"])
            for problem in (quality.rejected + quality.fieldIssues).sorted(by: RowProblem.ordered) {
                try file.writeRecord([CSVText.text(problem.file), String(problem.line), CSVText.text(problem.column), CSVText.text(problem.reason),
                                      CSVText.text(String(decoding: problem.record, as: UTF8.self), stripControls: false)])
            }
            try file.close()
        } catch {
            throw .cannotWrite(path: error.path, reason: error.reason)
        }
    }
}
