import Foundation

/// The SHA-256 of every input file of one read, hashed two files at a time.
///
/// One SHA-256 stream is bound by the latency of its rounds; two streams on one core take
/// little more time than one (`StreamDigest.update(_:_:_:_:)`). So whenever the file being
/// read must be hashed further, the same number of bytes of the next file not yet fully hashed
/// is hashed beside it, from the mapping that file's reader will parse later. The pages hashed
/// ahead are handed back at once, so resident memory stays what reading one file holds.
///
/// The merge thread hashes each chunk before merging it. Where the merge is the slowest link, a
/// parsing thread that may not run further ahead hashes the next claimed chunk instead
/// (`hashNext`); a lock keeps the two one at a time.
///
/// A reader finds its file here (`file(_:)`), not by mapping the path again, so the bytes hashed
/// ahead are the bytes it parses.
final class InputDigests: @unchecked Sendable {
    private let lock = NSLock()

    private struct Entry {
        let path: String
        var file: MappedFile?
        var digest = StreamDigest()
        var hashed = 0
        /// Opening failed: no hashing ahead; its reader reports the error when it gets there.
        var unreadable = false
    }

    /// One input as its reader holds it.
    struct Input: Sendable {
        let digests: InputDigests
        let index: Int

        func file() throws(IngestError) -> MappedFile { try digests.file(index) }
        func hash(through end: Int) { digests.hash(index, through: end) }
        func hashNext(ends: [Int], before claimed: Int) -> Bool { digests.hashNext(index, ends: ends, before: claimed) }
        func finish() -> String { digests.finish(index) }
    }

    private var entries: [Entry]

    init(paths: [String]) {
        entries = paths.map { Entry(path: $0) }
    }

    func input(_ index: Int) -> Input { Input(digests: self, index: index) }

    /// The mapping of file `index`, shared by its reader and the hashing.
    func file(_ index: Int) throws(IngestError) -> MappedFile {
        lock.lock()
        defer { lock.unlock() }
        if let file = entries[index].file { return file }
        let file = try MappedFile(path: entries[index].path)
        entries[index].file = file
        return file
    }

    /// Hashes file `index` up to byte `end`, with later files' bytes alongside.
    func hash(_ index: Int, through end: Int) {
        lock.lock()
        defer { lock.unlock() }
        advance(index, through: end)
    }

    /// Hashes file `index` through the first of `ends` (chunk ends, ascending) before `claimed`
    /// that it has not reached; false when there is none.
    func hashNext(_ index: Int, ends: [Int], before claimed: Int) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard entries[index].file != nil else { return false }
        let hashed = entries[index].hashed
        var low = 0, high = min(claimed, ends.count)
        while low < high {
            let middle = (low + high) / 2
            if ends[middle] > hashed { high = middle } else { low = middle + 1 }
        }
        guard low < min(claimed, ends.count) else { return false }
        advance(index, through: ends[low])
        return true
    }

    private func advance(_ index: Int, through end: Int) {
        guard let file = entries[index].file else { return }
        while entries[index].hashed < end {
            let start = entries[index].hashed
            guard let partner = nextPartner(after: index) else {
                entries[index].digest.update(UnsafeRawBufferPointer(start: file.base + start, count: end - start))
                entries[index].hashed = end
                return
            }
            let other = entries[partner].file!
            let from = entries[partner].hashed
            let count = min(end - start, other.count - from)
            other.populate(from..<(from + count))
            // Two elements of one array cannot be passed `inout` at once: copied out and back.
            var digest = entries[index].digest, partnerDigest = entries[partner].digest
            StreamDigest.update(&digest, UnsafeRawBufferPointer(start: file.base + start, count: count),
                                &partnerDigest, UnsafeRawBufferPointer(start: other.base + from, count: count))
            entries[index].digest = digest
            entries[partner].digest = partnerDigest
            other.release(from..<(from + count))
            entries[index].hashed += count
            entries[partner].hashed += count
        }
    }

    /// File `index`'s digest in hex, once every byte is hashed; drops its mapping.
    func finish(_ index: Int) -> String {
        lock.lock()
        defer { lock.unlock() }
        if let file = entries[index].file { advance(index, through: file.count) }
        entries[index].file = nil
        return entries[index].digest.finalize()
    }

    /// The first later file with bytes not yet hashed, opened if need be.
    private func nextPartner(after index: Int) -> Int? {
        for partner in (index + 1)..<entries.count where !entries[partner].unreadable {
            if entries[partner].file == nil {
                guard let file = try? MappedFile(path: entries[partner].path) else {
                    entries[partner].unreadable = true
                    continue
                }
                entries[partner].file = file
            }
            if entries[partner].hashed < entries[partner].file!.count { return partner }
        }
        return nil
    }
}
