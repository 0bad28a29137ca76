/// Chunk starts for a file: just after the first line feed at or past each multiple of
/// `chunkBytes`. They depend only on the bytes and the chunk size, never on `--jobs`. A start
/// may fall inside a quoted field; the merge detects that and re-parses (see `ChunkMerger`).
enum ChunkBoundaries {
    static func lineStarts(_ file: MappedFile, from dataStart: Int, chunkBytes: Int) -> [Int] {
        var starts = [dataStart]
        var target = dataStart + chunkBytes
        while target < file.count {
            guard let lf = firstLineFeed(file.base, from: target, to: file.count) else { break }
            let next = lf + 1
            if next >= file.count { break }
            if next > starts.last! { starts.append(next) }
            target = max(next, target) + chunkBytes
        }
        return starts
    }

    static func firstLineFeed(_ base: UnsafePointer<UInt8>, from: Int, to end: Int) -> Int? {
        guard from < end, let found = memchr(base + from, 10, end - from) else { return nil }
        return UnsafeRawPointer(found) - UnsafeRawPointer(base)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
