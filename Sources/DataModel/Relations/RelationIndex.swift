/// One relation indexed both ways, ready for the engine to walk by row number.
///
/// Forward: `parentRows[childRow]` is the parent's row, or -1 when the child's field is missing
/// or names an id the parent table lacks (a referential gap). Reverse, CSR style: the children of
/// parent `p` are `childRows[childOffsets[p] ..< childOffsets[p + 1]]`, in child row order
/// (for `encounters.patient_id`, in (service_date, encounter_id) order, which is what
/// `patient_encounters` needs). Buffers are stable for the index's lifetime.
public final class RelationIndex: @unchecked Sendable {
    public let relation: Relation
    private let parents: RawVec<Int32>
    private let offsets: RawVec<Int32>
    private let children: RawVec<Int32>
    /// Rows whose field names an id absent from the target table.
    public let gapRows: Int
    /// Record ids of the first gap rows (at most `exampleLimit`).
    public let gapExamples: [String]

    public static let exampleLimit = 10

    init(relation: Relation, child: Table, parent: Table, column: Column) {
        self.relation = relation
        var parents = RawVec<Int32>()
        parents.reserve(child.rowCount)
        var gaps = 0
        var examples: [String] = []
        var counts = RawVec<Int32>(repeating: 0, count: parent.rowCount + 1)
        let presence = column.presence, offsets = column.offsets, bytes = column.bytes
        let index = parent.idIndex
        // Exports are often ordered: a child's parent is usually the previous child's parent
        // or the row after it. Checking those two rows first keeps most lookups in cache.
        var lastTarget = -1
        for row in 0..<child.rowCount {
            guard let presence, presence[row] != 0, let offsets, let bytes, let index else {
                parents.append(-1)
                continue
            }
            let start = Int(offsets[row]), length = Int(offsets[row + 1]) - start
            let target: Int?
            if index.rowHolds(lastTarget, bytes + start, length) {
                target = lastTarget
            } else if index.rowHolds(lastTarget + 1, bytes + start, length) {
                target = lastTarget + 1
            } else {
                target = index.row(for: UnsafeBufferPointer(start: bytes + start, count: length))
            }
            if let target { lastTarget = target }
            if let target {
                parents.append(Int32(target))
                counts[target + 1] += 1
            } else {
                parents.append(-1)
                gaps += 1
                if examples.count < RelationIndex.exampleLimit { examples.append(child.recordID(row)) }
            }
        }
        if relation.reverse == nil {
            // Only the forward side is asked for (`<field>_staff`): no reverse arrays.
            counts.free()
            self.parents = parents
            self.offsets = RawVec()
            self.children = RawVec()
            gapRows = gaps
            gapExamples = examples
            return
        }
        for p in 0..<parent.rowCount { counts[p + 1] += counts[p] }
        var cursor = RawVec<Int32>(repeating: 0, count: parent.rowCount)
        var children = RawVec<Int32>(repeating: 0, count: Int(counts[parent.rowCount]))
        for row in 0..<child.rowCount where parents[row] >= 0 {
            let p = Int(parents[row])
            children[Int(counts[p] + cursor[p])] = Int32(row)
            cursor[p] += 1
        }
        cursor.free()
        self.parents = parents
        self.offsets = counts
        self.children = children
        gapRows = gaps
        gapExamples = examples
    }

    deinit {
        var owned = (parents, offsets, children)
        owned.0.free()
        owned.1.free()
        owned.2.free()
    }

    public var parentRows: UnsafePointer<Int32>? { UnsafePointer(parents.base) }
    public var childOffsets: UnsafePointer<Int32>? { UnsafePointer(offsets.base) }
    public var childRows: UnsafePointer<Int32>? { UnsafePointer(children.base) }

    /// Bytes held by the three arrays.
    public var byteSize: Int { (parents.capacity + offsets.capacity + children.capacity) * 4 }

    /// The parent row of a child row, or nil.
    public func parent(of row: Int) -> Int? {
        let p = parents[row]
        return p >= 0 ? Int(p) : nil
    }

    /// True when the reverse side (parent → children) was built; false for `<field>_staff`.
    public var hasReverse: Bool { relation.reverse != nil }

    /// The child rows of a parent row (empty when `hasReverse` is false).
    public func children(of parent: Int) -> UnsafeBufferPointer<Int32> {
        guard hasReverse else { return UnsafeBufferPointer(start: nil, count: 0) }
        let start = Int(offsets[parent]), end = Int(offsets[parent + 1])
        return UnsafeBufferPointer(rebasing: children.buffer[start..<end])
    }

    /// Reorders each parent's children by `areInIncreasingOrder` (stable per parent).
    func sortChildren(by areInIncreasingOrder: (Int32, Int32) -> Bool) {
        guard hasReverse, let base = children.base else { return }
        for p in 0..<(offsets.count - 1) {
            let start = Int(offsets[p]), end = Int(offsets[p + 1])
            if end - start > 1 {
                var slice = UnsafeMutableBufferPointer(start: base + start, count: end - start)
                slice.sort(by: areInIncreasingOrder)
            }
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
