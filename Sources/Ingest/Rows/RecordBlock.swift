/// Scanned records waiting to be converted together, column by column (`RowConverter.commitBlock`):
/// a loop over one column converts values of one type into one buffer, where converting row by
/// row switches type and target buffer at every field.
struct RecordBlock {
    static let capacity = 64
    let width: Int
    /// Row `r`'s fields are `spans[r * width ..< (r + 1) * width]`.
    let spans: UnsafeMutableBufferPointer<FieldSpan>
    private(set) var lines: [Int]
    private(set) var records: [UnsafeBufferPointer<UInt8>]
    private(set) var count = 0

    init(width: Int) {
        self.width = width
        spans = .allocate(capacity: Swift.max(1, width) * RecordBlock.capacity)
        spans.initialize(repeating: .missing)
        lines = []
        records = []
        lines.reserveCapacity(RecordBlock.capacity)
        records.reserveCapacity(RecordBlock.capacity)
    }

    func free() { spans.deallocate() }

    var isFull: Bool { count == RecordBlock.capacity }

    /// Where the scanner writes the next record's fields.
    var nextSpans: UnsafeMutableBufferPointer<FieldSpan> {
        UnsafeMutableBufferPointer(start: spans.baseAddress! + count * width, count: width)
    }

    /// Keeps the record whose fields were just written to `nextSpans`.
    mutating func add(line: Int, record: UnsafeBufferPointer<UInt8>) {
        lines.append(line)
        records.append(record)
        count += 1
    }

    func spans(ofRow row: Int) -> UnsafeMutableBufferPointer<FieldSpan> {
        UnsafeMutableBufferPointer(start: spans.baseAddress! + row * width, count: width)
    }

    mutating func clear() {
        lines.removeAll(keepingCapacity: true)
        records.removeAll(keepingCapacity: true)
        count = 0
    }
}
