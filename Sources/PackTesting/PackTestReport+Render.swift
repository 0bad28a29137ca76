import DataModel
import Engine

extension PackTestReport {
    /// `PASS`/`FAIL` lines, failures indented beneath, the coverage gaps when asked, and the
    /// summary "N tests, P passed, F failed". Pack-supplied text has its control characters
    /// stripped.
    public func text(coverage: Bool) -> String {
        var lines: [String] = []
        for result in results {
            lines.append((result.passed ? "PASS " : "FAIL ") + clean(result.file) + " " + clean(result.name))
            if let message = result.message {
                for line in message.split(separator: "\n", omittingEmptySubsequences: true).prefix(20) {
                    lines.append("     " + clean(String(line)))
                }
            }
        }
        if coverage {
            for suite in suites {
                let gaps = suite.coverage.gaps
                let full = suite.coverage.tracked - gaps.count
                lines.append("coverage of \(suite.pack): \(full) of \(suite.coverage.tracked) definitions (policies, KPIs, thresholds) fully covered")
                for gap in gaps {
                    let level = gap.level == .half ? "half covered" : "not covered"
                    lines.append("  \(gap.kind) '\(clean(gap.id))' (\(clean(gap.location))): \(level): \(gap.note)")
                }
            }
        }
        lines.append("\(results.count) test\(results.count == 1 ? "" : "s"), \(passed) passed, \(failed) failed")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The same as JSON: `tests` (pack, file, name, status, and for failures line and message),
    /// `coverage` when asked (per pack, the definitions not fully covered), `summary`.
    public func json(coverage: Bool) -> String {
        var fields: [(String, JSONValue)] = [("tests", .array(suites.flatMap { suite in
            suite.results.map { result in
                var test: [(String, JSONValue)] = [("pack", .string(suite.pack)), ("file", .string(result.file)),
                                                    ("name", .string(result.name)), ("status", .string(result.passed ? "passed" : "failed")),
                                                    ("runs", .int(result.runs)), ("reports", .int(result.reports))]
                if let message = result.message {
                    test += [("line", .int(result.line)), ("message", .string(message))]
                }
                return .object(test)
            }
        }))]
        if coverage {
            fields.append(("coverage", .array(suites.map { suite in
                .object([("pack", .string(suite.pack)), ("tracked", .int(suite.coverage.tracked)),
                         ("gaps", .array(suite.coverage.gaps.map { gap in
                             .object([("kind", .string(gap.kind)), ("id", .string(gap.id)), ("location", .string(gap.location)),
                                      ("coverage", .string(gap.level.rawValue)), ("note", .string(gap.note))])
                         }))])
            })))
        }
        fields.append(("summary", .object([("tests", .int(results.count)), ("passed", .int(passed)), ("failed", .int(failed))])))
        return JSONValue.object(fields).rendered() + "\n"
    }

    private func clean(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F && !(0x80...0x9F).contains($0.value) }))
    }
}
