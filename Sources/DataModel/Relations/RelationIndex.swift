/// One relation indexed both ways, ready for the engine to walk by row number.
///
/// Forward: `parentRows[childRow]` is the parent's row, or -1 when the child's field is missing
/// or names an id the parent table lacks (a referential gap). Reverse, CSR style: the children of
/// parent `p` are `childRows[childOffsets[p] ..< childOffsets[p + 1]]`, in child row order
/// (for `encounters.patient_id`, in (service_date, encounter_id) order, which is what
/// `patient_encounters` needs). Buffers are stable for the index's lifetime.
///
/// When every child row has a parent and the children come grouped by parent (exports are
/// usually ordered so), the child rows in reverse order are just 0, 1, 2, …: such an index
/// reads them from the store's shared `RowNumbers` and holds no array of its own.
public final class RelationIndex: @unchecked Sendable {
    public let relation: Relation
    private let parents: RawVec<Int32>
    private let offsets: RawVec<Int32>
    /// Empty while `rowNumbers` stands in for it.
    private var children: RawVec<Int32>
    private var rowNumbers: RowNumbers?
    /// The child rows: `children`' buffer or the shared row numbers.
    private var childBase: UnsafePointer<Int32>?
    /// Rows whose field names an id absent from the target table.
    public let gapRows: Int
    /// Record ids of the first gap rows (at most `exampleLimit`).
    public let gapExamples: [String]

    public static let exampleLimit = 10

    init(relation: Relation, child: Table, parent: Table, column: Column, rowNumbers: RowNumbers) {
        self.relation = relation
        // Every row's parent is written below (-1 for missing): no buffer is filled first only
        // to be overwritten.
        var parents = RawVec<Int32>(uninitializedCount: child.rowCount)
        var gaps = 0
        var examples: [String] = []
        let presence = column.presence, offsets = column.offsets, bytes = column.bytes
        func settle(_ row: Int, _ target: Int) {
            if target >= 0 {
                parents[row] = Int32(target)
            } else {
                parents[row] = -1
                gaps += 1
                if examples.count < RelationIndex.exampleLimit { examples.append(child.recordID(row)) }
            }
        }
        if let index = parent.idIndex, let presence, let offsets, let bytes, let codes = column.codes {
            // Dictionary-encoded: each distinct value is looked up once.
            let targets = (0..<column.dictionaryCount).map { entry -> Int in
                let start = Int(offsets[entry]), length = Int(offsets[entry + 1]) - start
                return length == 0 ? -1 : index.row(for: UnsafeBufferPointer(start: bytes + start, count: length)) ?? -1
            }
            for row in 0..<child.rowCount {
                if presence[row] != 0 { settle(row, targets[Int(codes[row])]) } else { parents[row] = -1 }
            }
        } else if let sequence = parent.idIndex?.sequence, let presence, let offsets, let bytes {
            // Parent ids numbered in row order: the row follows from the id, with no lookup.
            for row in 0..<child.rowCount {
                guard presence[row] != 0 else { parents[row] = -1; continue }
                let start = Int(offsets[row]), length = Int(offsets[row + 1]) - start
                settle(row, sequence.row(of: bytes + start, length) ?? -1)
            }
        } else if let index = parent.idIndex, let presence, let offsets, let bytes {
            // Exports are often ordered: a child's parent is usually the previous child's parent
            // or the row after it, and checking those two rows first keeps lookups in cache.
            // Other ids are resolved in batches (`LookupBatch`), whose loads overlap. Gaps are
            // only found in batches, which resolve in row order, so examples stay in row order.
            var batch = LookupBatch()
            defer { batch.free() }
            var lastTarget = -1
            func flush() {
                index.resolve(&batch)
                for i in 0..<batch.count { settle(batch.tags[i], Int(batch.results[i])) }
                if batch.count > 0, batch.results[batch.count - 1] >= 0 { lastTarget = Int(batch.results[batch.count - 1]) }
                batch.clear()
            }
            for row in 0..<child.rowCount {
                guard presence[row] != 0 else { parents[row] = -1; continue }
                let start = Int(offsets[row]), length = Int(offsets[row + 1]) - start
                if index.rowHolds(lastTarget, bytes + start, length) {
                    settle(row, lastTarget)
                } else if index.rowHolds(lastTarget + 1, bytes + start, length) {
                    lastTarget += 1
                    settle(row, lastTarget)
                } else {
                    batch.add(tag: row, bytes + start, length)
                    if batch.isFull { flush() }
                }
            }
            flush()
        } else {
            // No id index on the parent (it has no id column) or no text in the field: no parents.
            for row in 0..<child.rowCount { parents[row] = -1 }
        }
        self.parents = parents
        gapRows = gaps
        gapExamples = examples
        // The reverse side, where SPEC names one (`<field>_staff` has none).
        guard relation.reverse != nil else {
            self.offsets = RawVec()
            self.children = RawVec()
            return
        }
        var starts: RawVec<Int32>, children = RawVec<Int32>()
        if let linked = RelationIndex.linkedRowsIfGrouped(parents) {
            // Children grouped by parent already (exports are usually ordered so): row order is
            // the reverse side's order, and each parent's start is where its first child lands.
            // One sequential pass writes both. When every row has a parent, the child rows are
            // 0, 1, 2, …: the shared row numbers stand in for them and only the starts are written.
            let own = linked < child.rowCount
            starts = RawVec(uninitializedCount: parent.rowCount + 1)
            if own { children = RawVec(uninitializedCount: linked) }
            var slot = 0, next = 0
            for row in 0..<child.rowCount {
                let p = Int(parents[row])
                guard p >= 0 else { continue }
                while next <= p { starts[next] = Int32(slot); next += 1 }
                if own { children[slot] = Int32(row) }
                slot += 1
            }
            while next <= parent.rowCount { starts[next] = Int32(slot); next += 1 }
            if !own {
                self.rowNumbers = rowNumbers
                childBase = rowNumbers.base(count: child.rowCount)
            }
        } else {
            // Count each parent's children, sum them into starts, then scatter.
            starts = RawVec(zeroedCount: parent.rowCount + 1)
            for row in 0..<child.rowCount where parents[row] >= 0 { starts[Int(parents[row]) + 1] += 1 }
            for p in 0..<parent.rowCount { starts[p + 1] += starts[p] }
            children = RawVec(uninitializedCount: Int(starts[parent.rowCount]))
            // `starts[p]` serves as p's write cursor, so a child costs one random access less
            // than with a separate cursor array; afterwards `starts[p]` holds p + 1's start, and
            // shifting by one restores the starts.
            for row in 0..<child.rowCount where parents[row] >= 0 {
                let p = Int(parents[row])
                // The cursor is read and advanced before the child is written, so it is not read
                // again after a store that might alias it.
                let slot = starts[p]
                starts[p] = slot + 1
                children[Int(slot)] = Int32(row)
            }
            var p = parent.rowCount - 1
            while p > 0 { starts[p] = starts[p - 1]; p -= 1 }
            if parent.rowCount > 0 { starts[0] = 0 }
        }
        self.offsets = starts
        self.children = children
        if self.rowNumbers == nil { childBase = UnsafePointer(children.base) }
    }

    /// The number of rows with a parent when they name their parents in non-decreasing order
    /// (children grouped by parent); nil otherwise.
    private static func linkedRowsIfGrouped(_ parents: RawVec<Int32>) -> Int? {
        var previous: Int32 = -1, linked = 0
        for row in 0..<parents.count {
            let p = parents[row]
            if p >= 0 {
                if p < previous { return nil }
                previous = p
                linked += 1
            }
        }
        return linked
    }

    deinit {
        var owned = (parents, offsets, children)
        owned.0.free()
        owned.1.free()
        owned.2.free()
    }

    public var parentRows: UnsafePointer<Int32>? { UnsafePointer(parents.base) }
    public var childOffsets: UnsafePointer<Int32>? { UnsafePointer(offsets.base) }
    public var childRows: UnsafePointer<Int32>? { childBase }

    /// True when the child rows are the shared `RowNumbers` (for tests).
    var sharesRowNumbers: Bool { rowNumbers != nil }

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
        return UnsafeBufferPointer(start: childBase.map { $0 + start }, count: end - start)
    }

    /// Reorders each parent's children by `areInIncreasingOrder` (callers give a total order).
    func sortChildren(by areInIncreasingOrder: (Int32, Int32) -> Bool) {
        if let shared = rowNumbers {
            // Sorting may reorder them: the index takes a copy of its own first.
            children = RawVec(uninitializedCount: parents.count)
            if parents.count > 0 { children.base!.update(from: shared.base(count: parents.count), count: parents.count) }
            rowNumbers = nil
            childBase = UnsafePointer(children.base)
        }
        guard hasReverse, let base = children.base else { return }
        for p in 0..<(offsets.count - 1) {
            let start = Int(offsets[p]), end = Int(offsets[p + 1])
            if end - start > 16 {
                var slice = UnsafeMutableBufferPointer(start: base + start, count: end - start)
                slice.sort(by: areInIncreasingOrder)
            } else if end - start > 1 {
                // A parent has a few children as a rule: an insertion sort, often already in order.
                for i in (start + 1)..<end {
                    let child = base[i]
                    var j = i
                    while j > start, areInIncreasingOrder(child, base[j - 1]) {
                        base[j] = base[j - 1]
                        j -= 1
                    }
                    base[j] = child
                }
            }
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
