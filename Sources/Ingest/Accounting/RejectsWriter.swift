#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes `--rejects PATH`: every rejected row verbatim and every field issue, as CSV
/// `file,line,column,reason,record`, sorted by file then line, created readable by its owner only.
/// For a field issue `record` holds the offending value. Cells that a spreadsheet would run as
/// a formula are prefixed with `'` (SPEC section 6).
public enum RejectsWriter {
    public static func write(_ quality: DataQuality, to path: String) throws(IngestError) {
        let all = (quality.rejected + quality.fieldIssues).sorted(by: RowProblem.ordered)
        var text = "file,line,column,reason,record\n"
        for problem in all {
            text += [cell(problem.file), String(problem.line), cell(problem.column), cell(problem.reason),
                     cell(String(decoding: problem.record, as: UTF8.self))].joined(separator: ",") + "\n"
        }
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0 else { throw .cannotWrite(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        _ = fchmod(fd, 0o600)
        var bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeMutableBytes { Glibc.write(fd, $0.baseAddress! + written, $0.count - written) }
            guard n > 0 else { throw .cannotWrite(path: path, reason: String(cString: strerror(errno))) }
            written += n
        }
    }

    /// A CSV cell: quoted when needed, formula-looking text neutralised.
    public static func cell(_ value: String) -> String {
        var value = value
        if let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { value = "'" + value }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

import Foundation
