#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One dataset file written with POSIX `write` in large chunks.
///
/// Writers fill a `CSVBuffer` and hand it over once it passes `flushThreshold`, so the kernel
/// sees a few hundred large writes instead of millions of small ones.
final class OutputFile {
    static let flushThreshold = 4 << 20

    let path: String
    private let descriptor: Int32
    private(set) var bytesWritten = 0

    init(path: String) throws {
        self.path = path
        descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else {
            throw GeneratorError.cannotWrite(path: path, reason: String(cString: strerror(errno)))
        }
    }

    /// Writes the buffer's bytes and empties it (keeping its capacity).
    func write(_ buffer: CSVBuffer) throws {
        try buffer.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = systemWrite(descriptor, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw GeneratorError.cannotWrite(path: path, reason: String(cString: strerror(errno)))
                }
                offset += written
            }
        }
        bytesWritten += buffer.count
        buffer.removeAll()
    }

    deinit {
        _ = systemClose(descriptor)
    }
}

#if canImport(Glibc)
private let systemWrite = Glibc.write
private let systemClose = Glibc.close
#else
private let systemWrite = Darwin.write
private let systemClose = Darwin.close
#endif

/// Why generation failed, in words a user can act on.
public enum GeneratorError: Error, CustomStringConvertible {
    case cannotWrite(path: String, reason: String)
    case cannotCreateDirectory(path: String, reason: String)
    case invalidOptions(String)

    public var description: String {
        switch self {
        case .cannotWrite(let path, let reason):
            return "cannot write \(path): \(reason)"
        case .cannotCreateDirectory(let path, let reason):
            return "cannot create output directory \(path): \(reason)"
        case .invalidOptions(let message):
            return message
        }
    }
}
