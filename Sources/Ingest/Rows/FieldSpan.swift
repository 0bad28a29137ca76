/// Where one field's bytes are, as a reader found them, before conversion.
struct FieldSpan: @unchecked Sendable {
    enum Shape: UInt8 {
        /// Plain bytes, final.
        case plain
        /// CSV quoted content still holding doubled quotes (`""`).
        case csvEscaped
        /// JSON array for a list: items as (UInt32 length, bytes) records.
        case jsonItems
        /// A JSON object or array where a scalar belongs.
        case jsonObject
        case jsonArray
        /// A JSON array for a list holding objects or arrays.
        case jsonNested
    }

    var start: UnsafePointer<UInt8>?
    var length: Int
    var shape: Shape
    /// The field holds a byte ≥ 0x80 and needs UTF-8 validation.
    var highBit: Bool
    /// JSON only: the bytes are at this offset of the reader's scratch buffer (which may still
    /// move while the object is read); -1 when `start` is final.
    var scratchOffset: Int = -1

    static let missing = FieldSpan(start: nil, length: 0, shape: .plain, highBit: false)
}
