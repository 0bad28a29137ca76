/// One relation indexed both ways, ready for the engine to walk by row number.
///
/// Forward: `parentRows[childRow]` is the parent's row, or -1 when the child's field is missing
/// or names an id the parent table lacks (a referential gap). Reverse, CSR style: the children of
/// parent `p` are `childRows[childOffsets[p] ..< childOffsets[p + 1]]`, in child row order
/// (for `encounters.patient_id`, in (service_date, encounter_id) order, which is what
/// `patient_encounters` needs). Buffers are stable for the index's lifetime.
public final class RelationIndex: @unchecked Sendable {
    public let relation: Relation
    private var parents: RawVec<Int32>
    private var offsets: RawVec<Int32>
    private var children: RawVec<Int32>
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
        for row in 0..<child.rowCount {
            guard column.isPresent(row) else { parents.append(-1); continue }
            if let target = parent.idIndex?.row(for: column.textBytes(row)) {
                parents.append(Int32(target))
                counts[target + 1] += 1
            } else {
                parents.append(-1)
                gaps += 1
                if examples.count < RelationIndex.exampleLimit { examples.append(child.recordID(row)) }
            }
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
        parents.free()
        offsets.free()
        children.free()
    }

    public var parentRows: UnsafePointer<Int32>? { UnsafePointer(parents.base) }
    public var childOffsets: UnsafePointer<Int32>? { UnsafePointer(offsets.base) }
    public var childRows: UnsafePointer<Int32>? { UnsafePointer(children.base) }

    /// The parent row of a child row, or nil.
    public func parent(of row: Int) -> Int? {
        let p = parents[row]
        return p >= 0 ? Int(p) : nil
    }

    /// The child rows of a parent row.
    public func children(of parent: Int) -> UnsafeBufferPointer<Int32> {
        let start = Int(offsets[parent]), end = Int(offsets[parent + 1])
        return UnsafeBufferPointer(rebasing: children.buffer[start..<end])
    }

    /// Reorders each parent's children by `areInIncreasingOrder` (stable per parent).
    func sortChildren(by areInIncreasingOrder: (Int32, Int32) -> Bool) {
        guard let base = children.base else { return }
        for p in 0..<(offsets.count - 1) {
            let start = Int(offsets[p]), end = Int(offsets[p + 1])
            if end - start > 1 {
                var slice = UnsafeMutableBufferPointer(start: base + start, count: end - start)
                slice.sort(by: areInIncreasingOrder)
            }
        }
    }
}
