import DataModel

/// Converts one record's field spans into typed column values, deciding accept or reject.
///
/// Required fields come first: if one is missing or invalid the row is undone and rejected.
/// A bad optional field becomes missing and a field issue. Nothing here allocates on the
/// accepted path; messages are built only for problems.
struct RowConverter {
    let plan: ReadPlan
    /// Reused buffer for unescaped CSV content and `;`-split list items.
    private var scratch = RawVec<UInt8>()
    /// One block's list items of the column being appended (start and length each), and the
    /// number of items of each row.
    private var listItemStarts = RawVec<UnsafePointer<UInt8>>()
    private var listItemLengths = RawVec<Int>()
    private let listRowItems: UnsafeMutableBufferPointer<Int>
    /// Flat copies of the plan for the hot loop: no array or string reference counting per field.
    private let order: UnsafeMutableBufferPointer<Int>
    private let types: UnsafeMutableBufferPointer<FieldType>
    private let required: UnsafeMutableBufferPointer<Bool>
    /// Per column, whether it held presence flags before the block being converted.
    private let hadPresenceFlags: UnsafeMutableBufferPointer<Bool>
    /// One block's values of a text column, gathered for `ColumnData.appendTexts`.
    private let textStarts: UnsafeMutableBufferPointer<UnsafePointer<UInt8>>
    private let textLengths: UnsafeMutableBufferPointer<Int>
    /// One block's parsed values of an integer, money, datetime or date column.
    private let int64Values: UnsafeMutableBufferPointer<Int64>
    private let int32Values: UnsafeMutableBufferPointer<Int32>
    private let uint8Values: UnsafeMutableBufferPointer<UInt8>
    /// One block's presence flags of the column being appended (1 present, 0 missing).
    private let blockPresence: UnsafeMutableBufferPointer<UInt8>
    /// Months of the dates converted so far, for the block path's dates and datetimes.
    private let months = MonthCache()

    init(plan: ReadPlan) {
        self.plan = plan
        order = .allocate(capacity: max(1, plan.order.count))
        types = .allocate(capacity: max(1, plan.columns.count))
        required = .allocate(capacity: max(1, plan.columns.count))
        hadPresenceFlags = .allocate(capacity: max(1, plan.columns.count))
        textStarts = .allocate(capacity: RecordBlock.capacity)
        textLengths = .allocate(capacity: RecordBlock.capacity)
        int64Values = .allocate(capacity: RecordBlock.capacity)
        int32Values = .allocate(capacity: RecordBlock.capacity)
        uint8Values = .allocate(capacity: RecordBlock.capacity)
        blockPresence = .allocate(capacity: RecordBlock.capacity)
        listRowItems = .allocate(capacity: RecordBlock.capacity)
        for (i, position) in plan.order.enumerated() { order[i] = position }
        for (i, column) in plan.columns.enumerated() {
            types[i] = column.type
            required[i] = column.required
        }
    }

    mutating func free() {
        scratch.free()
        listItemStarts.free()
        listItemLengths.free()
        order.deallocate()
        types.deallocate()
        required.deallocate()
        hadPresenceFlags.deallocate()
        textStarts.deallocate()
        textLengths.deallocate()
        int64Values.deallocate()
        int32Values.deallocate()
        uint8Values.deallocate()
        blockPresence.deallocate()
        listRowItems.deallocate()
        months.free()
    }

    /// Converts and appends the row, or records a reject; `record` is the verbatim record.
    /// `utf8Checked`: the reader validated the record already (spans' `highBit` is not set).
    mutating func commit(_ spans: UnsafeMutableBufferPointer<FieldSpan>, line: Int,
                         record: UnsafeBufferPointer<UInt8>, into out: inout ChunkOutput, utf8Checked: Bool = false) {
        let row = out.lines.count
        let width = plan.columns.count
        for position in 0..<width where !utf8Checked && spans[position].highBit {
            let span = spans[position]
            if !UTF8Validation.isValid(span.start!, span.length) {
                reject(out: &out, line: line, column: plan.columns[position].name, reason: "invalid UTF-8", record: record)
                return
            }
        }
        for k in 0..<width {
            let position = order[k]
            let isRequired = required[position]
            if let reason = convert(spans[position], types[position], isRequired, into: &out.columns[position]) {
                if isRequired {
                    for undo in 0..<k { out.columns[order[undo]].truncate(rows: row) }
                    reject(out: &out, line: line, column: plan.columns[position].name, reason: reason, record: record)
                    return
                }
                out.columns[position].appendMissing()
                out.issues.append(RowProblem(file: plan.file, line: line, column: plan.columns[position].name,
                                             reason: reason, record: Array(value(spans[position]))))
            }
        }
        out.lines.append(Int32(line))
        out.rows += 1
    }

    /// Converts a block of records (UTF-8 already checked) column by column. A block where some
    /// value fails (a reject or a field issue) is undone and converted row by row instead, so
    /// problems are found and told exactly as `commit` does.
    mutating func commitBlock(_ block: RecordBlock, into out: inout ChunkOutput) {
        let rows = block.count, width = plan.columns.count
        guard rows > 0 else { return }
        let firstRow = out.lines.count
        for i in 0..<width { hadPresenceFlags[i] = out.columns[i].hasPresenceFlags }
        var clean = true
        columns: for k in 0..<width {
            let position = order[k]
            let type = types[position], isRequired = required[position]
            if type == .id || type == .text, appendPlainTexts(block, position, isRequired, into: &out.columns[position]) { continue }
            if type == .money || type == .datetime || type == .int || type == .date || type == .bool,
               appendParsedValues(block, position, type, isRequired, into: &out.columns[position]) { continue }
            if type == .list, !isRequired, appendPlainLists(block, position, into: &out.columns[position]) { continue }
            let fields = block.fields(at: position)
            for row in 0..<rows where convert(fields[row &* width], type, isRequired, into: &out.columns[position]) != nil {
                clean = false
                break columns
            }
        }
        if clean {
            out.lines.append(contentsOf: UnsafeBufferPointer(rebasing: block.lines[..<rows]))
            out.rows += rows
            return
        }
        // Undone to the state before the block, presence flags included (flags a missing value
        // of the block wrote out would otherwise stay, all ones, where `commit` writes none).
        for i in 0..<width {
            out.columns[i].truncate(rows: firstRow)
            if !hadPresenceFlags[i] { out.columns[i].forgetPresenceFlags() }
        }
        for row in 0..<rows {
            commit(block.spans(ofRow: row), line: Int(block.lines[row]), record: block.records[row], into: &out, utf8Checked: true)
        }
    }

    /// Appends a block's values of the text column at `position` in one call when every one is
    /// plain (what `convert` would append one by one; an empty one is missing, allowed when the
    /// column is optional); false, appending nothing, when one is escaped or a required one is
    /// missing.
    private func appendPlainTexts(_ block: RecordBlock, _ position: Int, _ isRequired: Bool,
                                  into data: inout ColumnData) -> Bool {
        let rows = block.count, width = block.width
        var total = 0, missing = 0
        let fields = block.fields(at: position)
        for row in 0..<rows {
            let span = fields[row &* width]
            guard span.shape == .plain else { return false }
            let length = span.length
            if length == 0 {
                if isRequired { return false }
                blockPresence[row] = 0
                textLengths[row] = 0
                missing += 1
                continue
            }
            blockPresence[row] = 1
            textStarts[row] = span.start.unsafelyUnwrapped
            textLengths[row] = length
            total += length
        }
        data.appendTexts(starts: textStarts.baseAddress!, lengths: textLengths.baseAddress!, rows: rows, totalBytes: total,
                         presence: missing > 0 ? UnsafePointer(blockPresence.baseAddress!) : nil)
        return true
    }

    /// Parses a block's values of an integer, money, datetime, date or boolean column and
    /// appends them in one call when every one is plain, unpadded and valid, or empty in an
    /// optional column (missing); false, appending nothing, otherwise (the value-by-value loop
    /// then trims, parses again and tells the problem).
    private func appendParsedValues(_ block: RecordBlock, _ position: Int, _ type: FieldType, _ isRequired: Bool,
                                    into data: inout ColumnData) -> Bool {
        let rows = block.count, width = block.width
        var missing = 0
        let fields = block.fields(at: position)
        for row in 0..<rows {
            let span = fields[row &* width]
            guard span.shape == .plain else { return false }
            let length = span.length
            if length == 0 {
                if isRequired { return false }
                blockPresence[row] = 0
                int64Values[row] = 0
                int32Values[row] = 0
                uint8Values[row] = 0
                missing += 1
                continue
            }
            blockPresence[row] = 1
            let p = span.start.unsafelyUnwrapped
            let first = p[0], last = p[length - 1]
            if first == 32 || first == 9 || last == 32 || last == 9 { return false }
            switch type {
            case .date:
                guard let days = months.date(p, length) else { return false }
                int32Values[row] = days
            case .datetime:
                guard let seconds = months.datetime(p, length) else { return false }
                int64Values[row] = seconds
            case .money:
                guard case .success(let cents) = MoneyParsing.cents(p, length) else { return false }
                int64Values[row] = cents
            case .bool:
                guard let value = NumberParsing.bool(p, length) else { return false }
                uint8Values[row] = value ? 1 : 0
            default:
                guard let value = NumberParsing.int(p, length) else { return false }
                int64Values[row] = value
            }
        }
        let presence = missing > 0 ? UnsafePointer(blockPresence.baseAddress!) : nil
        switch type {
        case .date: data.appendInt32s(int32Values.baseAddress!, rows: rows, presence: presence)
        case .bool: data.appendUInt8s(uint8Values.baseAddress!, rows: rows, presence: presence)
        default: data.appendInt64s(int64Values.baseAddress!, rows: rows, presence: presence)
        }
        return true
    }

    /// Appends a block's values of an optional list column when every one is plain, as
    /// `convert` would (trimming the whole value first changes nothing: items are trimmed, empty
    /// ones dropped, and a row without items is missing); false, appending nothing, otherwise.
    private mutating func appendPlainLists(_ block: RecordBlock, _ position: Int, into data: inout ColumnData) -> Bool {
        let rows = block.count, width = block.width
        var total = 0
        let fields = block.fields(at: position)
        for row in 0..<rows {
            let span = fields[row &* width]
            guard span.shape == .plain, span.start != nil else { return false }
            total += span.length
        }
        // A row of n bytes has at most (n + 1) / 2 items (and the buffers exist when none has).
        listItemStarts.reserve(max(1, (total + rows) / 2))
        listItemLengths.reserve(max(1, (total + rows) / 2))
        // Scratch written through local pointers and counts (their `count`s stay 0).
        let itemStarts = listItemStarts.base!, itemLengths = listItemLengths.base!
        var items = 0, itemBytes = 0
        for row in 0..<rows {
            let span = fields[row &* width]
            let before = items
            ValueConversion.forEachListItem(span.start.unsafelyUnwrapped, span.length) { start, length in
                itemStarts[items] = start
                itemLengths[items] = length
                items += 1
                itemBytes += length
            }
            listRowItems[row] = items - before
        }
        data.appendLists(itemStarts: itemStarts, itemLengths: itemLengths, itemsPerRow: listRowItems.baseAddress!,
                         rows: rows, items: items, totalBytes: itemBytes)
        return true
    }

    mutating func reject(out: inout ChunkOutput, line: Int, column: String, reason: String,
                         record: UnsafeBufferPointer<UInt8>) {
        out.rejects.append(RowProblem(file: plan.file, line: line, column: column, reason: reason, record: Array(record)))
        out.rows += 1
    }

    /// The span's bytes as written (for messages), without unescaping.
    private func value(_ span: FieldSpan) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: span.start, count: span.length)
    }

    /// Appends the value; returns a reason when it is missing (required only) or invalid.
    @inline(__always)
    private mutating func convert(_ span: FieldSpan, _ type: FieldType, _ isRequired: Bool,
                                  into data: inout ColumnData) -> String? {
        switch span.shape {
        case .jsonObject: return "expected a value, found a JSON object"
        case .jsonArray: return "expected a value, found a JSON array"
        case .jsonNested: return "list items must be strings, numbers or booleans"
        case .jsonItems: return appendJSONItems(span, into: &data)
        default: break
        }
        guard var start = span.start, span.length > 0 else {
            if isRequired { return "required field missing" }
            data.appendMissing()
            return nil
        }
        var length = span.length
        if span.shape == .csvEscaped {
            unescapeQuotes(start, length)
            start = UnsafePointer(scratch.base!)
            length = scratch.count
        }
        if type == .id || type == .text {
            data.appendText(start, length)
            return nil
        }
        // Typed values ignore surrounding blanks; blank is missing.
        while length > 0, start[0] == 32 || start[0] == 9 { start += 1; length -= 1 }
        while length > 0, start[length - 1] == 32 || start[length - 1] == 9 { length -= 1 }
        if length == 0 {
            if isRequired { return "required field missing" }
            data.appendMissing()
            return nil
        }
        return ValueConversion.append(start, length, type: type, into: &data, scratch: &scratch)
    }

    /// Copies quoted content into `scratch`, turning each `""` into `"`.
    private mutating func unescapeQuotes(_ start: UnsafePointer<UInt8>, _ length: Int) {
        scratch.truncate(to: 0)
        scratch.reserve(length)
        var i = 0
        while i < length {
            scratch.append(start[i])
            i += start[i] == 34 && i + 1 < length && start[i + 1] == 34 ? 2 : 1
        }
    }

    private mutating func appendJSONItems(_ span: FieldSpan, into data: inout ColumnData) -> String? {
        var p = span.start!
        let end = p + span.length
        while p < end {
            let length = Int(UnsafeRawPointer(p).loadUnaligned(as: UInt32.self))
            p += 4
            if length > 0 { data.appendListItem(p, length) }
            p += length
        }
        data.finishList()
        return nil
    }
}
