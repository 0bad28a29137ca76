#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A pack's folder, opened once. Files inside are opened relative to it, one path component at
/// a time with O_NOFOLLOW, so no symbolic link (inside or pointing out) is ever followed; only
/// regular files with a single link and at most `maxScriptBytes` are read (SPEC section 2).
/// Immutable (one descriptor, opened once): threads may read through it at the same time.
public final class PackDirectory: @unchecked Sendable {
    public static let maxScriptBytes = 10 << 20

    /// The path as given, for messages.
    public let path: String
    /// The pack's name: the directory's last component.
    public let name: String
    private let descriptor: Int32

    public init(path: String) throws {
        var trimmed = path
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed.removeLast() }
        self.path = trimmed
        name = String(trimmed.split(separator: "/").last ?? Substring(trimmed))
        // The root itself is the user's choice and may be reached through a link.
        let fd = open(trimmed, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw PackError.notADirectory(path: trimmed) }
        descriptor = fd
    }

    deinit { close(descriptor) }

    /// Whether a regular file exists at `relative` (no links followed).
    public func contains(_ relative: String) -> Bool {
        (try? openFile(relative)).map { close($0.fd); return true } ?? false
    }

    /// Reads the file at `relative` (components separated by "/").
    public func read(_ relative: String) throws -> [UInt8] {
        let (fd, size) = try openFile(relative)
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: size)
        var done = 0
        while done < size {
            let n = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + done, size - done) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw unsafe(relative, "could not be read (\(String(cString: strerror(errno))))") }
            done += n
        }
        return bytes
    }

    /// Every `*.lua` file under `folder` ("" for the whole pack), as sorted relative paths.
    /// A symbolic link, FIFO or other non-regular entry named `*.lua` is an error, not skipped.
    public func luaFiles(under folder: String = "") throws -> [String] {
        var found: [String] = []
        try walk(folder, every: false, into: &found)
        return found.sorted()
    }

    /// Every file under `folder`, as sorted relative paths, each checked as `read` checks it.
    /// Unlike `luaFiles`, any symbolic link, FIFO or other non-regular entry below is an error:
    /// the files are then read by path (pack test fixtures), so none may lead out of the pack.
    public func regularFiles(under folder: String) throws -> [String] {
        var found: [String] = []
        try walk(folder, every: true, into: &found)
        for file in found { close(try openFile(file).fd) }
        return found.sorted()
    }

    /// Whether `relative` is a folder inside the pack, reached without following links.
    public func containsDirectory(_ relative: String) -> Bool {
        guard let parts = try? components(relative), let fd = try? openDirectory(parts[...], shown: relative) else { return false }
        close(fd)
        return true
    }

    // MARK: - Private

    private func unsafe(_ file: String, _ reason: String) -> PackError {
        .unsafeFile(pack: name, file: file, reason: reason)
    }

    private func components(_ relative: String) throws -> [String] {
        let parts = relative.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard !parts.isEmpty, !relative.hasPrefix("/"), !parts.contains(".."), !parts.contains("."),
              !relative.utf8.contains(0)
        else { throw unsafe(relative, "is not a plain relative path inside the pack (no '..', '.', or leading '/')") }
        return parts
    }

    /// Opens the directory `relative` ("" is the root) without following links; caller closes.
    private func openDirectory(_ parts: ArraySlice<String>, shown: String) throws -> Int32 {
        // A fresh open of "." rather than dup(): a duplicate would share the listing offset.
        var fd = openat(descriptor, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        for part in parts {
            let next = openat(fd, part, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            close(fd)
            guard next >= 0 else {
                throw unsafe(shown, errno == ELOOP || errno == ENOTDIR
                    ? "passes through a symbolic link or a non-directory; packs may contain only regular files and folders"
                    : "does not exist")
            }
            fd = next
        }
        return fd
    }

    private func openFile(_ relative: String) throws -> (fd: Int32, size: Int) {
        let parts = try components(relative)
        let directory = try openDirectory(parts.dropLast(), shown: relative)
        defer { close(directory) }
        // O_NONBLOCK: opening a FIFO must not wait for a writer.
        let fd = openat(directory, parts.last!, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            throw unsafe(relative, errno == ELOOP ? "is a symbolic link; packs may contain only regular files" : "does not exist")
        }
        var info = stat()
        guard fstat(fd, &info) == 0 else { close(fd); throw unsafe(relative, "could not be examined") }
        let kind = info.st_mode & S_IFMT
        if kind != S_IFREG {
            close(fd)
            throw unsafe(relative, kind == S_IFIFO ? "is a FIFO; packs may contain only regular files" : "is not a regular file")
        }
        if info.st_nlink != 1 {
            close(fd)
            throw unsafe(relative, "has \(info.st_nlink) hard links; pack files must have exactly one (a hard link could reach outside the pack)")
        }
        if Int(info.st_size) > Self.maxScriptBytes {
            close(fd)
            throw unsafe(relative, "is \(info.st_size) bytes; a pack file may have at most \(Self.maxScriptBytes) (10 MiB)")
        }
        return (fd, Int(info.st_size))
    }

    private func walk(_ folder: String, every: Bool, into found: inout [String]) throws {
        let parts = folder.isEmpty ? [] : try components(folder)
        let fd = try openDirectory(parts[...], shown: folder)
        guard let stream = fdopendir(fd) else { close(fd); throw unsafe(folder, "could not be listed") }
        defer { closedir(stream) }
        var entries: [(String, UInt8)] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name == "." || name == ".." || (!every && name.hasPrefix(".")) { continue }
            var info = stat()
            guard fstatat(dirfd(stream), name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { continue }
            let kind = info.st_mode & S_IFMT
            entries.append((name, kind == S_IFDIR ? 1 : kind == S_IFREG ? 2 : kind == S_IFLNK ? 3 : 4))
        }
        for (name, kind) in entries {
            let relative = folder.isEmpty ? name : folder + "/" + name
            switch kind {
            case 1: try walk(relative, every: every, into: &found)
            case 2 where every || name.hasSuffix(".lua"): found.append(relative)
            case 3 where every || name.hasSuffix(".lua"):
                throw unsafe(relative, "is a symbolic link; packs may contain only regular files")
            case 4 where every || name.hasSuffix(".lua"):
                throw unsafe(relative, "is not a regular file")
            default: continue
            }
        }
    }
}
