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

    /// Chunk starts for a JSON array: like `lineStarts`, but a start must be a line whose first
    /// token is `{` at the indentation of the array's first element, so that in pretty-printed
    /// arrays chunks start between elements instead of inside one (which would be re-parsed).
    static func elementStarts(_ file: MappedFile, from dataStart: Int, chunkBytes: Int) -> [Int] {
        let b = file.base
        var lineStart = dataStart
        while lineStart > 0, b[lineStart - 1] != 10 { lineStart -= 1 }
        // Indentation of the first element; 0 when it shares its line with `[`.
        let prefix = UnsafeBufferPointer(start: b + lineStart, count: dataStart - lineStart)
        let indent = prefix.allSatisfy { $0 == 32 || $0 == 9 } ? prefix.count : 0
        var starts = [dataStart]
        var target = dataStart + chunkBytes
        while target < file.count {
            var found: Int? = nil
            var from = target
            while let lf = firstLineFeed(b, from: from, to: file.count) {
                let next = lf + 1
                var k = next
                while k < file.count, k - next < indent, b[k] == 32 || b[k] == 9 { k += 1 }
                if k - next == indent, k < file.count, b[k] == 123 { found = next; break }
                if k - next == indent, k + 1 < file.count, b[k] == 44, b[k + 1] == 123 { found = next; break }
                from = next
            }
            guard let next = found, next < file.count else { break }
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
