#if canImport(Glibc)
import Glibc
#endif

/// Appends CSV text as bytes and flushes to a file in large writes: fast enough that the bench
/// spends its time reading, not writing.
struct ByteWriter: ~Copyable {
    private var buffer: [UInt8] = []
    private let fd: Int32
    private(set) var written = 0

    init(path: String) {
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        precondition(fd >= 0, "cannot create \(path)")
        buffer.reserveCapacity(1 << 22)
    }

    mutating func text(_ s: StaticString) {
        s.withUTF8Buffer { buffer.append(contentsOf: $0) }
    }

    mutating func string(_ s: String) { buffer.append(contentsOf: s.utf8) }

    mutating func byte(_ b: UInt8) { buffer.append(b) }

    mutating func comma() { buffer.append(44) }

    mutating func newline() {
        buffer.append(10)
        if buffer.count >= 1 << 22 { flush() }
    }

    mutating func int(_ value: Int) {
        if value < 0 { buffer.append(45); int(-value); return }
        if value >= 10 { int(value / 10) }
        buffer.append(UInt8(48 + value % 10))
    }

    /// Zero-padded to `width` digits.
    mutating func padded(_ value: Int, _ width: Int) {
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        var v = value
        while divisor > 0 { buffer.append(UInt8(48 + (v / divisor) % 10)); v %= divisor; divisor /= 10 }
    }

    /// An id such as `E0001234`.
    mutating func id(_ prefix: StaticString, _ n: Int) {
        text(prefix)
        padded(n, 7)
    }

    mutating func date(_ days: Int) {
        let (y, m, d) = civil(days)
        padded(y, 4); byte(45); padded(m, 2); byte(45); padded(d, 2)
    }

    mutating func datetime(_ days: Int, _ secondOfDay: Int) {
        date(days)
        byte(84)
        padded(secondOfDay / 3600, 2); byte(58); padded(secondOfDay / 60 % 60, 2); byte(58); padded(secondOfDay % 60, 2)
    }

    mutating func money(_ cents: Int) {
        int(cents / 100)
        byte(46)
        padded(cents % 100, 2)
    }

    mutating func flush() {
        buffer.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
                precondition(n > 0)
                offset += n
            }
        }
        written += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }

    consuming func close() -> Int {
        flush()
        Glibc.close(fd)
        return written
    }

    private func civil(_ days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = z / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
