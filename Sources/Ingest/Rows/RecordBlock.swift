/// Scanned records waiting to be converted together, column by column (`RowConverter.commitBlock`):
/// a loop over one column converts values of one type into one buffer, where converting row by
/// row switches type and target buffer at every field.
struct RecordBlock {
    static let capacity = 64
    let width: Int
    /// Row `r`'s fields are `spans[r * width ..< (r + 1) * width]`.
    let spans: UnsafeMutableBufferPointer<FieldSpan>
    /// Each record's line (relative to the chunk) and bytes; fixed buffers, filled per record
    /// with no capacity or uniqueness check.
    let lines: UnsafeMutableBufferPointer<Int32>
    let records: UnsafeMutableBufferPointer<UnsafeBufferPointer<UInt8>>
    private(set) var count = 0

    init(width: Int) {
        self.width = width
        spans = .allocate(capacity: Swift.max(1, width) * RecordBlock.capacity)
        spans.initialize(repeating: .missing)
        lines = .allocate(capacity: RecordBlock.capacity)
        records = .allocate(capacity: RecordBlock.capacity)
    }

    func free() {
        spans.deallocate()
        lines.deallocate()
        records.deallocate()
    }

    var isFull: Bool { count == RecordBlock.capacity }

    /// Where the scanner writes the next record's fields.
    var nextSpans: UnsafeMutableBufferPointer<FieldSpan> {
        UnsafeMutableBufferPointer(start: spans.baseAddress! + count * width, count: width)
    }

    /// Keeps the record whose fields were just written to `nextSpans`.
    mutating func add(line: Int, record: UnsafeBufferPointer<UInt8>) {
        lines[count] = Int32(truncatingIfNeeded: line)
        records[count] = record
        count += 1
    }

    /// Field `position` of row 0; row `r`'s is `r * width` spans further. Column loops index
    /// from this local pointer, so the block's base is not reloaded after every store.
    func fields(at position: Int) -> UnsafePointer<FieldSpan> {
        UnsafePointer(spans.baseAddress.unsafelyUnwrapped + position)
    }

    func spans(ofRow row: Int) -> UnsafeMutableBufferPointer<FieldSpan> {
        UnsafeMutableBufferPointer(start: spans.baseAddress! + row * width, count: width)
    }

    mutating func clear() { count = 0 }
}
