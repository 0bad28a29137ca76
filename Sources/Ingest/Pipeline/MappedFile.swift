#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A read-only memory map of an input file. Readers parse straight from it; pages already
/// parsed are handed back (`release`) so resident memory stays near the chunks in flight.
final class MappedFile: @unchecked Sendable {
    let path: String
    let base: UnsafePointer<UInt8>
    let count: Int
    private let mapping: UnsafeMutableRawPointer?

    init(path: String) throws(IngestError) {
        self.path = path
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw .unreadable(file: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .unreadable(file: path, reason: String(cString: strerror(errno))) }
        count = Int(info.st_size)
        if count == 0 {
            mapping = nil
            base = UnsafePointer(UnsafeMutablePointer<UInt8>.allocate(capacity: 1))
            return
        }
        guard let raw = mmap(nil, count, PROT_READ, MAP_PRIVATE, fd, 0), raw != MAP_FAILED else {
            throw .unreadable(file: path, reason: String(cString: strerror(errno)))
        }
        _ = madvise(raw, count, MADV_SEQUENTIAL)
        mapping = raw
        base = UnsafePointer(raw.assumingMemoryBound(to: UInt8.self))
    }

    /// Bytes made in memory (a mapping's transcoded rows), read like a file named `path`.
    init(path: String, bytes: [UInt8]) {
        self.path = path
        count = bytes.count
        mapping = nil
        let copy = UnsafeMutablePointer<UInt8>.allocate(capacity: max(bytes.count, 1))
        bytes.withUnsafeBufferPointer { copy.initialize(from: $0.baseAddress ?? UnsafePointer(copy), count: bytes.count) }
        base = UnsafePointer(copy)
    }

    deinit {
        if let mapping { munmap(mapping, count) } else { UnsafeMutablePointer(mutating: base).deallocate() }
    }

    /// Maps the pages of `range` in one call before a chunk is parsed (MADV_POPULATE_READ,
    /// Linux 5.14+; ignored elsewhere): in a virtual machine each page fault is a costly exit.
    func populate(_ range: Range<Int>) {
        #if os(Linux)
        guard let mapping, !range.isEmpty else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let start = range.lowerBound / page * page
        _ = madvise(mapping + start, range.upperBound - start, 22 /* MADV_POPULATE_READ */)
        #endif
    }

    /// Drops the resident pages of `range` (page-aligned inward); they are re-read if touched again.
    func release(_ range: Range<Int>) {
        guard let mapping else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let start = (range.lowerBound + page - 1) / page * page
        let end = range.upperBound / page * page
        if end > start { _ = madvise(mapping + start, end - start, MADV_DONTNEED) }
    }
}
