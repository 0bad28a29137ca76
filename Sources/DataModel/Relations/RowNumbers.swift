import Foundation

/// The row numbers 0, 1, 2, … as `Int32`s, written once and shared by every relation index whose
/// child rows in reverse order are exactly those (`RelationIndex`): with children grouped by
/// parent and none missing, the reverse side needs only its starts.
final class RowNumbers: @unchecked Sendable {
    private let lock = NSLock()
    private let capacity: Int
    private var values = RawVec<Int32>()

    /// Room for the largest table that may share them; nothing is written until first use.
    init(capacity: Int) { self.capacity = capacity }

    deinit { values.free() }

    /// The first `count` (at most `capacity`) row numbers.
    func base(count: Int) -> UnsafePointer<Int32> {
        precondition(count <= capacity)
        lock.lock()
        defer { lock.unlock() }
        if values.base == nil {
            values = RawVec(uninitializedCount: Swift.max(capacity, 1))
            for row in 0..<values.count { values[row] = Int32(row) }
        }
        return UnsafePointer(values.base!)
    }
}
