/// Dictionary encoding of sealed text columns with few distinct values.
///
/// Exports repeat a handful of values in many columns (payer, financial class, department,
/// codes, the staff ids of each row). Such a column keeps each distinct value once and a 16-bit
/// code per row instead of a 32-bit offset plus the bytes: 2 bytes a row instead of about 12.
/// A column is encoded only when it has at most one distinct value per `minimumRepeats` rows
/// (and at most 65,535), and that is not nearly unique from its start (more distinct values
/// than half its rows once it has `DictionaryEncoder.uniqueCheckRows`). `TableBuilder`
/// encodes while reading (`DictionaryEncoder`); this is the same rule for a column that exists
/// already.
extension Column {
    static let minimumRepeats = 16

    /// The most distinct non-empty values a column of `rows` rows may have to be encoded
    /// (0: never encoded).
    static func dictionaryLimit(rows: Int) -> Int { Swift.min(Int(UInt16.max), rows / minimumRepeats) }

    /// This column dictionary-encoded, or nil when it is not text, too small, already encoded
    /// or has too many distinct values. Values and presence read exactly as before.
    func dictionaryEncoded() -> Column? {
        let limit = Column.dictionaryLimit(rows: count)
        guard type.storage == .text, codes == nil, limit > 0 else { return nil }
        var encoder = DictionaryEncoder(limit: limit)
        guard withData({ encoder.append($0) }) else {
            encoder.free()
            return nil
        }
        return withData { data in
            Column(name: name, type: type, presence: data.presenceOnly(), encoder: encoder)
        }
    }

    /// A dictionary-encoded text column from `presence` (a presence-only `ColumnData`) and the
    /// encoder that took the same rows' values.
    convenience init(name: String, type: FieldType, presence: ColumnData, encoder: consuming DictionaryEncoder) {
        let (entries, codes) = encoder.finish()
        self.init(name: name, type: type, presence: presence, entries: entries, codes: codes)
    }
}
