import Glibc   // Linux only, like the rest of the tool (Debian 12 is the target)

/// A file a report, a work list or a rejects list is written to: created readable by its owner
/// only (SPEC section 6: reports carry patient and staff data) and written through a buffer, so
/// writers stream rows whatever their number instead of building one large string.
public final class ReportFile {
    public let path: String
    private var descriptor: Int32
    private var buffer: [UInt8] = []
    private static let flushAt = 1 << 16

    public init(path: String) throws(OutputError) {
        self.path = path
        descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw OutputError(path: path, reason: String(cString: strerror(errno))) }
        // An existing file keeps its old mode through O_CREAT: narrow it too.
        _ = fchmod(descriptor, 0o600)
        buffer.reserveCapacity(Self.flushAt + 4096)
    }

    deinit { if descriptor >= 0 { _ = Glibc.close(descriptor) } }

    public func write(_ text: String) throws(OutputError) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= Self.flushAt { try flush() }
    }

    /// One CSV record of already-escaped cells (see `CSVText`).
    public func writeRecord(_ cells: [String]) throws(OutputError) {
        for (i, cell) in cells.enumerated() {
            if i > 0 { buffer.append(UInt8(ascii: ",")) }
            buffer.append(contentsOf: cell.utf8)
        }
        buffer.append(UInt8(ascii: "\n"))
        if buffer.count >= Self.flushAt { try flush() }
    }

    /// Writes what is buffered and closes the file; errors (a full disk) surface here.
    public func close() throws(OutputError) {
        try flush()
        let result = Glibc.close(descriptor)
        descriptor = -1
        guard result == 0 else { throw OutputError(path: path, reason: String(cString: strerror(errno))) }
    }

    /// Writes `text` to a new owner-only file at `path`.
    public static func write(_ text: String, to path: String) throws(OutputError) {
        let file = try ReportFile(path: path)
        try file.write(text)
        try file.close()
    }

    private func flush() throws(OutputError) {
        var written = 0
        while written < buffer.count {
            let n = buffer.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + written, $0.count - written) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw OutputError(path: path, reason: String(cString: strerror(errno))) }
            written += n
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

/// A report file could not be created or written.
public struct OutputError: Error, CustomStringConvertible {
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "cannot write \(path): \(reason)" }
}
