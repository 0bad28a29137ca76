/// Accumulates one dataset's rows from every input file, in reading order, then seals a `Table`.
///
/// Readers build rows per chunk in `ColumnData` laid out like the file's header; `append` moves
/// them into the table's columns. A column missing from some files holds missing values for
/// their rows. Sealing drops repeated ids (the first row wins) and reports them.
///
/// Text columns other than the id are dictionary-encoded as chunks arrive (`DictionaryEncoder`),
/// so columns of repeated values (payers, codes, staff ids) never hold their text row by row; a
/// column that passes 65,535 distinct values, or looks unique after 16,384 rows
/// (`DictionaryEncoder.uniqueCheckRows`), goes back to plain text at once, and one that ends
/// with more than one distinct value per `Column.minimumRepeats` rows goes back at sealing. The
/// result is the column `Column.dictionaryEncoded()` would give.
/// Used by one thread at a time (the merge thread, then whichever thread seals it).
public final class TableBuilder: @unchecked Sendable {
    public let spec: DatasetSpec
    /// Per slot: its rows (a slot being encoded holds presence flags only), and its encoder.
    private var slots: [ColumnData?]
    private var encoders: [DictionaryEncoder?]
    private var slotNames: [String]
    private var slotTypes: [FieldType]
    /// The first row of each file: rows arrive file by file, so a row's file is found by
    /// searching these instead of storing two bytes per row.
    private var fileRowStarts: [Int] = []
    private var sourceLines = LineRuns()
    public private(set) var files: [String] = []
    public private(set) var rowCount = 0
    private var sealed = false

    public init(spec: DatasetSpec) {
        self.spec = spec
        slots = Array(repeating: nil, count: spec.fields.count)
        encoders = Array(repeating: nil, count: spec.fields.count)
        slotNames = spec.fields.map(\.name)
        slotTypes = spec.fields.map(\.type)
    }

    deinit {
        for i in slots.indices { slots[i]?.free() }
        for i in encoders.indices { encoders[i]?.free() }
    }

    /// Registers an input file with its header; returns the file's index and, per header
    /// position, the table slot it fills (canonical fields by name, others as extra text columns).
    public func addFile(_ path: String, headers: [String]) -> (file: UInt16, slots: [Int]) {
        files.append(path)
        fileRowStarts.append(rowCount)
        return (UInt16(files.count - 1), headers.map(slot(for:)))
    }

    /// The table slot holding a column: a canonical field by name, else an extra text column,
    /// created (holding missing values for the rows so far) on first use.
    public func slot(for header: String) -> Int {
        let slot: Int
        if let field = spec.index(of: header) {
            slot = field
        } else if let extra = slotNames.indices.dropFirst(spec.fields.count).first(where: { slotNames[$0] == header }) {
            slot = extra
        } else {
            slotNames.append(header)
            slotTypes.append(.text)
            slots.append(nil)
            encoders.append(nil)
            slot = slots.count - 1
        }
        if slots[slot] == nil {
            if slotTypes[slot].storage == .text, slot != spec.idFieldIndex {
                var encoder = DictionaryEncoder(limit: Int(UInt16.max))
                encoder.appendEmpty(count: rowCount)
                encoders[slot] = encoder
                var flags = ColumnData.presenceOnly(kind: .text)
                flags.appendMissingPresence(count: rowCount)
                slots[slot] = flags
            } else {
                var data = ColumnData(kind: slotTypes[slot].storage)
                data.appendMissing(count: rowCount)
                slots[slot] = data
            }
        }
        return slot
    }

    /// The name of the first column whose arena would pass 4 GiB with this chunk, else nil.
    public func overflowingColumn(_ chunk: [ColumnData], slots mapping: [Int]) -> String? {
        for (position, slot) in mapping.enumerated() {
            let fits = encoders[slot].map { $0.textBytes + chunk[position].bytes.count <= Int(TextOffset.max) }
                ?? slots[slot]!.canAppend(chunk[position])
            if !fits { return slotNames[slot] }
        }
        return nil
    }

    /// Appends a chunk's rows. `chunk[p]` holds header position `p`'s values; `lines` the start
    /// line of each row. The chunk's buffers are left intact; the caller frees them.
    public func append(_ chunk: [ColumnData], slots mapping: [Int], file: UInt16, lines: RawVec<Int32>) {
        let added = lines.count
        guard added > 0 else { return }
        precondition(Int(file) == files.count - 1, "rows arrive file by file")
        var filled = [Bool](repeating: false, count: slots.count)
        for (position, slot) in mapping.enumerated() where !filled[slot] {
            filled[slot] = true
            if encoders[slot] != nil {
                if encoders[slot]!.append(chunk[position]) {
                    slots[slot]!.appendPresence(of: chunk[position])
                    continue
                }
                let encoder = encoders[slot]!
                encoders[slot] = nil
                slots[slot] = encoder.decoded(presence: slots[slot]!)
            }
            slots[slot]!.append(contentsOf: chunk[position])
        }
        for slot in slots.indices where !filled[slot] && slots[slot] != nil {
            if encoders[slot] != nil {
                encoders[slot]!.appendEmpty(count: added)
                slots[slot]!.appendMissingPresence(count: added)
            } else {
                slots[slot]!.appendMissing(count: added)
            }
        }
        sourceLines.append(lines.buffer)
        rowCount += added
    }

    /// Rewrites the recorded line of every row read from `file` (a mapping reads a transcoded
    /// copy; its rows must name the export's own lines).
    public func relabelLines(file: String, _ line: (Int) -> Int) {
        guard let index = files.lastIndex(of: file) else { return }
        let end = index + 1 < fileRowStarts.count ? fileRowStarts[index + 1] : rowCount
        sourceLines.rewrite(rows: fileRowStarts[index]..<end, line)
    }

    /// A row dropped because its id repeats an earlier row's.
    public struct Duplicate: Sendable {
        public let file: String
        public let line: Int
        public let firstFile: String
        public let firstLine: Int
    }

    /// Seals the columns into a `Table`, removing rows whose id repeats an earlier row's.
    public func seal() -> (table: Table, duplicates: [Duplicate]) {
        precondition(!sealed, "a TableBuilder seals once")
        sealed = true
        let idSlot = spec.idFieldIndex
        var index: IdIndex? = nil
        var repeats: [(row: Int, first: Int)] = []
        var idColumn: Column? = nil
        if let idSlot, let data = slots[idSlot] {
            slots[idSlot] = nil
            idColumn = Column(name: slotNames[idSlot], type: slotTypes[idSlot], sealing: data)
            index = IdIndex(column: idColumn!, duplicates: &repeats)
        }
        // A column encoded while reading keeps its codes when it passes the rule and no row is
        // dropped; otherwise it is plain text here (and encoded again below once rows are dropped).
        var columns = slots.indices.map { slot -> Column? in
            if slot == idSlot { return idColumn }
            guard let data = slots[slot] else { return nil }
            slots[slot] = nil
            guard let encoder = encoders[slot] else { return Column(name: slotNames[slot], type: slotTypes[slot], sealing: data) }
            encoders[slot] = nil
            let limit = Column.dictionaryLimit(rows: data.count)
            if repeats.isEmpty, limit > 0, encoder.distinct <= limit {
                return Column(name: slotNames[slot], type: slotTypes[slot], presence: data, encoder: encoder)
            }
            return Column(name: slotNames[slot], type: slotTypes[slot], sealing: encoder.decoded(presence: data))
        }
        let fileNames = files
        var rows = rowCount
        var starts = fileRowStarts, lines = sourceLines
        sourceLines = LineRuns()
        var duplicates: [Duplicate] = []
        if !repeats.isEmpty, let idSlot {
            duplicates = repeats.map {
                Duplicate(file: fileNames[Table.file(ofRow: $0.row, starts: starts)], line: lines.line(ofRow: $0.row),
                          firstFile: fileNames[Table.file(ofRow: $0.first, starts: starts)],
                          firstLine: lines.line(ofRow: $0.first))
            }
            var keep = [Bool](repeating: true, count: rows)
            for repeated in repeats { keep[repeated.row] = false }
            // A file's rows start earlier by the rows dropped before that start.
            let dropped = repeats.map(\.row).sorted()
            var seen = 0
            for f in starts.indices {
                while seen < dropped.count, dropped[seen] < starts[f] { seen += 1 }
                starts[f] -= seen
            }
            keep.withUnsafeBufferPointer { flags in
                columns = columns.map { $0?.filtered(keep: flags) }
                lines = lines.filtered(keep: flags)
            }
            rows -= repeats.count
            var none: [(row: Int, first: Int)] = []
            index = IdIndex(column: columns[idSlot]!, duplicates: &none)
            // Text columns with few distinct values keep each once (the id column stays as
            // read: its index points into it).
            for slot in columns.indices where slot != idSlot {
                if let encoded = columns[slot]?.dictionaryEncoded() { columns[slot] = encoded }
            }
        }
        let table = Table(spec: spec, rowCount: rows, columns: Array(columns.prefix(spec.fields.count)),
                          extras: columns.dropFirst(spec.fields.count).compactMap { $0 }, files: fileNames,
                          fileRowStarts: starts, sourceLines: lines, idIndex: index)
        return (table, duplicates)
    }
}

extension RawVec {
    /// A copy keeping the values whose flag is set; frees `self`.
    consuming func filtered(keep: UnsafeBufferPointer<Bool>) -> RawVec<T> {
        var out = RawVec<T>()
        out.reserve(count)
        for i in 0..<count where keep[i] { out.append(self[i]) }
        free()
        return out
    }
}

extension Column {
    /// A new column with only the kept rows.
    func filtered(keep: UnsafeBufferPointer<Bool>) -> Column {
        Column(name: name, type: type, sealing: withData { $0.filtered(keep: keep) })
    }
}
