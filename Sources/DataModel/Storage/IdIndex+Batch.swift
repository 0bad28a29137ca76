/// Lookups waiting to be resolved together by `IdIndex.resolve(_:)`.
///
/// Why: a lookup of a random id (patients named by encounters, say) is three dependent cache
/// misses: the slot, the candidate row's offsets, its bytes. Done one at a time they serialize;
/// done in batches, each pass issues one independent load per lookup, so the memory system
/// overlaps them (measured: `encounters.patient_id` of the 1M-encounter organization several
/// times faster). Scratch buffers are allocated once and reused; the owner calls `free()`.
public struct LookupBatch {
    public static let capacity = 32
    /// The caller's tag per lookup (a child row) and the id's bytes.
    public private(set) var tags: UnsafeMutablePointer<Int>
    private(set) var starts: UnsafeMutablePointer<UnsafePointer<UInt8>>
    private(set) var lengths: UnsafeMutablePointer<Int>
    fileprivate var hashes: UnsafeMutablePointer<UInt64>
    fileprivate var candidates: UnsafeMutablePointer<Int>
    fileprivate var candidateStarts: UnsafeMutablePointer<Int>
    fileprivate var candidateLengths: UnsafeMutablePointer<Int>
    /// After `resolve`: the row holding each id, or -1.
    public private(set) var results: UnsafeMutablePointer<Int32>
    public private(set) var count = 0

    public init() {
        let n = LookupBatch.capacity
        tags = .allocate(capacity: n)
        starts = .allocate(capacity: n)
        lengths = .allocate(capacity: n)
        hashes = .allocate(capacity: n)
        candidates = .allocate(capacity: n)
        candidateStarts = .allocate(capacity: n)
        candidateLengths = .allocate(capacity: n)
        results = .allocate(capacity: n)
    }

    public var isFull: Bool { count == LookupBatch.capacity }

    /// Queues one non-empty id.
    @inline(__always)
    public mutating func add(tag: Int, _ start: UnsafePointer<UInt8>, _ length: Int) {
        tags[count] = tag
        starts[count] = start
        lengths[count] = length
        count += 1
    }

    /// Empties the batch once its results were read.
    public mutating func clear() { count = 0 }

    public func free() {
        tags.deallocate(); starts.deallocate(); lengths.deallocate(); hashes.deallocate()
        candidates.deallocate(); candidateStarts.deallocate(); candidateLengths.deallocate()
        results.deallocate()
    }
}

extension IdIndex {
    /// Fills `batch.results` with the row of each queued id (-1 when absent), exactly as
    /// `row(for:)` would, in three passes of independent loads: first slots, then the
    /// candidates' offsets, then their bytes. Anything but a clean first-slot hit or an empty first
    /// slot falls back to the ordinary probe (its lines are warm by then).
    public func resolve(_ batch: inout LookupBatch) {
        let n = batch.count
        guard sequence == nil, let offsets, let bytes else {
            for i in 0..<n {
                batch.results[i] = row(for: UnsafeBufferPointer(start: batch.starts[i], count: batch.lengths[i]))
                    .map { Int32($0) } ?? -1
            }
            return
        }
        for i in 0..<n {
            let h = IdIndex.hash(batch.starts[i], batch.lengths[i])
            batch.hashes[i] = h
            let entry = slotEntry(h)
            batch.candidates[i] = entry == 0 ? -1 : (entryMatches(entry, h) ? entryRow(entry) : -2)
        }
        for i in 0..<n where batch.candidates[i] >= 0 {
            let row = batch.candidates[i]
            let start = Int(offsets[row])
            batch.candidateStarts[i] = start
            batch.candidateLengths[i] = Int(offsets[row + 1]) - start
        }
        for i in 0..<n {
            let candidate = batch.candidates[i]
            let start = batch.starts[i], length = batch.lengths[i]
            if candidate == -1 || length == 0 {
                batch.results[i] = -1
            } else if candidate >= 0, batch.candidateLengths[i] == length,
                      IdIndex.same(bytes + batch.candidateStarts[i], start, length) {
                batch.results[i] = Int32(candidate)
            } else {
                batch.results[i] = row(for: UnsafeBufferPointer(start: start, count: length)).map { Int32($0) } ?? -1
            }
        }
    }
}
