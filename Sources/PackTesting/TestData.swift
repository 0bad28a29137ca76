import DataModel
import Foundation
import Packs

/// The data one `upstream.run` reads: a fixture folder of the pack (confined to
/// `tests/fixtures`, checked without following links), or rows given inline, written as
/// canonical CSV into a private folder that is removed after the run.
enum TestData {
    case fixture(String)
    case inline([String: [[String: String]]])

    /// Paths to give the reader and, for inline rows, the folder to remove afterwards.
    struct Prepared {
        var paths: [String]
        var temporary: String?
        /// For fixtures: the pack's tests folder, which reports leave out of file names.
        var testsFolder: String?

        func remove() {
            if let temporary { try? FileManager.default.removeItem(atPath: temporary) }
        }
    }

    /// Checks the data and makes it readable by path.
    func prepare(pack: LoadedPack) throws -> Prepared {
        switch self {
        case .fixture(let path):
            return Prepared(paths: [try Self.fixturePath(path, in: pack)], testsFolder: pack.path + "/tests")
        case .inline(let datasets):
            let folder = try Self.privateFolder()
            do {
                for (dataset, rows) in datasets {
                    try CSVText.write(rows, to: folder + "/" + dataset + ".csv")
                }
            } catch {
                try? FileManager.default.removeItem(atPath: folder)
                throw error
            }
            return Prepared(paths: [folder], temporary: folder)
        }
    }

    /// `fixtures/basic` → the pack's `tests/fixtures/basic`, after checking that it is a plain
    /// relative path under `tests/fixtures` and that nothing below it is a link or a special file.
    static func fixturePath(_ path: String, in pack: LoadedPack) throws -> String {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard !path.hasPrefix("/"), !parts.contains(".."), !parts.contains("."), parts.first == "fixtures" else {
            throw TestRunError("data path '\(path)' must be a folder or file under tests/fixtures, written relative to tests/ (like \"fixtures/basic\"); '..', '.' and absolute paths are refused")
        }
        let relative = "tests/" + parts.joined(separator: "/")
        do {
            if pack.directory.containsDirectory(relative) {
                _ = try pack.directory.regularFiles(under: relative)
            } else if !pack.directory.contains(relative) {
                _ = try pack.directory.read(relative)   // throws the reason: missing, a link, a FIFO
            }
        } catch let error as PackError {
            throw TestRunError("data path '\(path)': \(error)")
        }
        return pack.path + "/" + relative
    }

    /// A folder only this user can read, under the system's temporary directory.
    static func privateFolder() throws -> String {
        var template = Array((NSTemporaryDirectory() + "/upstream-test-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else {
            throw TestRunError("could not create a temporary folder for inline rows: \(String(cString: strerror(errno)))")
        }
        return String(cString: made)
    }
}

/// Canonical CSV (comma-separated UTF-8, RFC 4180 quoting only where needed).
enum CSVText {
    static func write(_ rows: [[String: String]], to path: String) throws {
        let header = Set(rows.flatMap(\.keys)).sorted()
        var text = header.map(cell).joined(separator: ",") + "\n"
        for row in rows {
            text += header.map { cell(row[$0] ?? "") }.joined(separator: ",") + "\n"
        }
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw TestRunError("could not write inline rows to \(path)")
        }
    }

    static func cell(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// Why one `upstream.run` in a test could not run; the test fails with this message.
struct TestRunError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
