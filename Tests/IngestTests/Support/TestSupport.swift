import Foundation
@testable import DataModel
@testable import Ingest

/// Locates fixtures next to this source file, so tests need no resource bundle.
enum Fixture {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    /// Reads a fixture directory or file with the given options.
    static func read(_ relative: String, jobs: Int = 2, maxRecordBytes: Int = 1 << 20,
                     chunkBytes: Int = 4 << 20) throws -> IngestResult {
        try Ingestor.read(paths: [path(relative)],
                          options: IngestOptions(jobs: jobs, maxRecordBytes: maxRecordBytes, chunkBytes: chunkBytes))
    }
}

/// A temporary directory removed when the value goes away.
final class TempDir {
    let path: String

    init() {
        path = NSTemporaryDirectory() + "ingest-tests-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    @discardableResult
    func write(_ name: String, _ bytes: [UInt8]) -> String {
        let file = path + "/" + name
        _ = FileManager.default.createFile(atPath: file, contents: Data(bytes))
        return file
    }

    @discardableResult
    func write(_ name: String, _ text: String) -> String { write(name, Array(text.utf8)) }
}

extension IngestResult {
    /// (line, column, reason) of every reject, in report order, with file names shortened.
    var rejectSummary: [String] {
        quality.rejected.map { "\($0.line) \($0.column): \($0.reason)" }
    }

    var issueSummary: [String] {
        quality.fieldIssues.map { "\($0.line) \($0.column): \($0.reason)" }
    }

    func table(_ name: String) -> Table { store.table(name)! }
}

extension DataQuality {
    /// A comparable digest of everything reading reported.
    var digest: String { json(cap: Int.max).rendered() + "\n" + inputs.map(\.sha256).joined(separator: ",") }
}
