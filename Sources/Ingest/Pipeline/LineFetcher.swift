/// Fetches given physical lines of a file verbatim, for rejects found after parsing
/// (repeated ids). One pass over the file, rare by nature.
enum LineFetcher {
    static func lines(_ path: String, _ wanted: Set<Int>) -> [Int: [UInt8]] {
        guard let file = try? MappedFile(path: path), let last = wanted.max() else { return [:] }
        var found: [Int: [UInt8]] = [:]
        var line = 1, start = 0, i = 0
        let b = file.base
        while i <= file.count, line <= last {
            if i == file.count || b[i] == 10 {
                if wanted.contains(line) {
                    var end = i
                    if end > start, b[end - 1] == 13 { end -= 1 }
                    found[line] = Array(UnsafeBufferPointer(start: b + start, count: end - start))
                }
                line += 1
                start = i + 1
            }
            i += 1
        }
        return found
    }
}
