/// Presence flags of columns without missing rows: one buffer of ones, never freed, shared by
/// every such column (a column holds a pointer to it for its lifetime). It is replaced by a
/// larger one when a longer column needs it; the old buffers stay valid for the columns using them.
enum AllPresent {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var largest: (base: UnsafePointer<UInt8>, count: Int)?

    static func flags(count: Int) -> UnsafePointer<UInt8> {
        lock.lock()
        defer { lock.unlock() }
        if let largest, largest.count >= count { return largest.base }
        let size = Swift.max(count, 2 * (largest?.count ?? 0), 1 << 16)
        let made = UnsafeMutablePointer<UInt8>.allocate(capacity: size)
        made.initialize(repeating: 1, count: size)
        largest = (UnsafePointer(made), size)
        return UnsafePointer(made)
    }
}

import Foundation
