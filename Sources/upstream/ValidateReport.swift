import DataModel
import Engine
import Ingest

/// The readable summary of `upstream validate`, within 100 columns, control characters stripped.
enum ValidateReport {
    static let shownProblems = 10

    static func text(_ quality: DataQuality, store: DataStore) -> String {
        var lines: [String] = []
        let total = { (value: (FileAccount) -> Int) in quality.inputs.reduce(0) { $0 + value($1) } }
        let filtered = total(\.filtered)
        lines.append("Read \(quality.inputs.count) file(s), \(total(\.rows)) rows: "
            + "\(total(\.accepted)) accepted, " + (filtered > 0 ? "\(filtered) filtered, " : "")
            + "\(total(\.rejected)) rejected, \(quality.fieldIssues.count) field issue(s).")
        lines.append("")
        lines.append(pad("dataset", 13) + pad("file", 27) + pad("rows", 11, right: true) + pad("accepted", 11, right: true)
            + pad("filtered", 9, right: true) + pad("rejected", 10, right: true) + pad("issues", 9, right: true))
        for a in quality.inputs {
            lines.append(pad(a.dataset, 13) + pad(shortened(clean(a.file), 26), 27) + pad("\(a.rows)", 11, right: true) + pad("\(a.accepted)", 11, right: true)
                + pad("\(a.filtered)", 9, right: true) + pad("\(a.rejected)", 10, right: true)
                + pad("\(a.fieldIssues)", 9, right: true))
        }
        section("Rejected rows", quality.rejected, into: &lines)
        section("Field issues (kept as missing)", quality.fieldIssues, into: &lines)
        if !quality.referentialGaps.isEmpty {
            lines.append("")
            lines.append("Referential gaps (rows kept):")
            for gap in quality.referentialGaps {
                lines.append("  \(gap.dataset).\(gap.field) → \(gap.target): \(gap.rows) row(s), e.g. "
                    + clean(gap.examples.prefix(3).joined(separator: ", ")))
            }
        }
        return lines.joined(separator: "\n")
    }

    private static func section(_ title: String, _ problems: [RowProblem], into lines: inout [String]) {
        guard !problems.isEmpty else { return }
        lines.append("")
        lines.append("\(title): \(problems.count)" + (problems.count > shownProblems ? " (first \(shownProblems))" : ""))
        for p in problems.prefix(shownProblems) {
            let column = p.column.isEmpty ? "" : " [\(clean(p.column))]"
            lines.append(String(("  \(clean(p.file)):\(p.line)\(column) \(clean(p.reason))").prefix(100)))
        }
    }

    static func clean(_ text: String) -> String { TextReport.clean(text) }

    /// Keeps the end of a long path ("…/csv/claims_transactions.csv"), which names the file.
    private static func shortened(_ path: String, _ width: Int) -> String {
        path.count <= width ? path : "…" + String(path.suffix(width - 1))
    }

    private static func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
        TextReport.pad(text, width, right: right)
    }
}
