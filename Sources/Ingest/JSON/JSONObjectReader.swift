import DataModel

/// Reads one top-level JSON object into field spans laid out like the dataset's fields, plus
/// spans for keys the dataset does not have (kept as extra text columns, nested values as their
/// raw JSON text). Conversion and accounting are the `RowConverter`'s, as for CSV.
struct JSONObjectReader {
    /// NDJSON readers bound it to the current line, so one object never runs into the next.
    var scanner: JSONScanner
    private let keys: [[UInt8]]
    private let isList: [Bool]
    /// Decoded strings and list items of the current object.
    var scratch = RawVec<UInt8>()
    /// Extra keys of the current object: (index into the chunk's extras, value span).
    var extras: [(Int, FieldSpan)] = []
    /// Keys given twice in the current object (the first value is kept).
    var repeated: [Int] = []
    private var lastKey = -1
    /// Which canonical keys the current object gave (reused between objects).
    private var given: [Bool] = []

    init(scanner: JSONScanner, plan: ReadPlan) {
        self.scanner = scanner
        keys = plan.columns.map { Array($0.name.utf8) }
        isList = plan.columns.map { $0.type == .list }
    }

    mutating func free() { scratch.free() }

    /// Reads the object at `p` (which holds `{`) into `spans`; throws on a syntax error.
    mutating func read(_ p: inout Int, _ line: inout Int, spans: UnsafeMutableBufferPointer<FieldSpan>,
                       out: inout ChunkOutput) throws(JSONScanner.Failure) {
        let b = scanner.base, end = scanner.end
        for i in spans.indices { spans[i] = .missing }
        scratch.truncate(to: 0)
        extras.removeAll(keepingCapacity: true)
        repeated.removeAll(keepingCapacity: true)
        given.removeAll(keepingCapacity: true)
        given.append(contentsOf: repeatElement(false, count: spans.count))
        lastKey = -1
        p += 1
        scanner.skipWhitespace(&p, &line)
        if p < end, b[p] == 125 { p += 1; return }
        while true {
            guard p < end, b[p] == 34 else { throw JSONScanner.Failure(message: "expected a key in quotes", at: p) }
            let mark = scratch.count
            let key = try scanner.string(&p, scratch: &scratch)
            let keyStart = key.scratchOffset >= 0 ? UnsafePointer(scratch.base!) + key.scratchOffset : key.start!
            let position = find(keyStart, key.length)
            var extraIndex = -1
            if position < 0 { extraIndex = extra(keyStart, key.length, out: &out) }
            scratch.truncate(to: mark)
            scanner.skipWhitespace(&p, &line)
            guard p < end, b[p] == 58 else { throw JSONScanner.Failure(message: "expected ':' after a key", at: p) }
            p += 1
            scanner.skipWhitespace(&p, &line)
            guard p < end else { throw JSONScanner.Failure(message: "unexpected end of input", at: p) }
            let span = try value(&p, &line, list: position >= 0 && isList[position])
            if position >= 0 {
                out.seenFields[position] = true
                if given[position] { repeated.append(position) } else { spans[position] = span; given[position] = true }
            } else {
                extras.append((extraIndex, span))
            }
            scanner.skipWhitespace(&p, &line)
            guard p < end else { throw JSONScanner.Failure(message: "unterminated object", at: p) }
            if b[p] == 44 { p += 1; scanner.skipWhitespace(&p, &line); continue }
            if b[p] == 125 { p += 1; break }
            throw JSONScanner.Failure(message: "expected ',' or '}'", at: p)
        }
        // Scratch no longer moves: point decoded spans at it.
        for i in spans.indices where spans[i].scratchOffset >= 0 {
            spans[i].start = UnsafePointer(scratch.base!) + spans[i].scratchOffset
        }
        for i in extras.indices where extras[i].1.scratchOffset >= 0 {
            extras[i].1.start = UnsafePointer(scratch.base!) + extras[i].1.scratchOffset
        }
    }

    /// One value as a span: strings decoded, numbers and literals as written, null missing,
    /// arrays as list items (for list fields) or raw text, objects as raw text.
    private mutating func value(_ p: inout Int, _ line: inout Int, list: Bool) throws(JSONScanner.Failure) -> FieldSpan {
        let b = scanner.base
        let start = p
        switch b[p] {
        case 34:
            let text = try scanner.string(&p, scratch: &scratch)
            return FieldSpan(start: text.start, length: text.length, shape: .plain, highBit: text.highBit,
                             scratchOffset: text.scratchOffset)
        case 45, 48...57:
            let length = try scanner.number(&p)
            return FieldSpan(start: b + start, length: length, shape: .plain, highBit: false)
        case 110:
            _ = try scanner.literal(&p)
            return .missing
        case 116, 102:
            _ = try scanner.literal(&p)
            return FieldSpan(start: b + start, length: p - start, shape: .plain, highBit: false)
        case 91 where list:
            return try items(&p, &line)
        case 91, 123:
            try scanner.skipValue(&p, &line, depth: 1, scratch: &scratch)
            // Raw JSON text: canonical fields report it, extra columns keep it verbatim.
            let shape: FieldSpan.Shape = b[start] == 91 ? .jsonArray : .jsonObject
            var high: UInt8 = 0
            for k in start..<p { high |= b[k] }
            return FieldSpan(start: b + start, length: p - start, shape: shape, highBit: high >= 0x80)
        default:
            throw JSONScanner.Failure(message: "unexpected character", at: p)
        }
    }

    /// A list field's array: items as (UInt32 length, bytes) records in scratch.
    private mutating func items(_ p: inout Int, _ line: inout Int) throws(JSONScanner.Failure) -> FieldSpan {
        let b = scanner.base, end = scanner.end
        let offset = scratch.count
        var nested = false
        var high = false
        p += 1
        scanner.skipWhitespace(&p, &line)
        if p < end, b[p] == 93 {
            p += 1
        } else {
            while true {
                guard p < end else { throw JSONScanner.Failure(message: "unterminated array", at: p) }
                let itemStart = p
                switch b[p] {
                case 34:
                    let lengthAt = scratch.count
                    for _ in 0..<4 { scratch.append(0) }
                    let text = try scanner.string(&p, scratch: &scratch)
                    if text.scratchOffset < 0 {
                        scratch.append(contentsOf: UnsafeBufferPointer(start: text.start, count: text.length))
                    }
                    high = high || text.highBit
                    UnsafeMutableRawPointer(scratch.base! + lengthAt).storeBytes(of: UInt32(text.length), as: UInt32.self)
                case 45, 48...57, 116, 102:
                    if b[p] == 116 || b[p] == 102 { _ = try scanner.literal(&p) } else { _ = try scanner.number(&p) }
                    let length = p - itemStart
                    var word = UInt32(length)
                    withUnsafeBytes(of: &word) { scratch.append(contentsOf: $0.bindMemory(to: UInt8.self)) }
                    scratch.append(contentsOf: UnsafeBufferPointer(start: b + itemStart, count: length))
                case 110:
                    _ = try scanner.literal(&p)
                default:
                    try scanner.skipValue(&p, &line, depth: 2, scratch: &scratch)
                    nested = true
                }
                scanner.skipWhitespace(&p, &line)
                guard p < end else { throw JSONScanner.Failure(message: "unterminated array", at: p) }
                if b[p] == 44 { p += 1; scanner.skipWhitespace(&p, &line); continue }
                if b[p] == 93 { p += 1; break }
                throw JSONScanner.Failure(message: "expected ',' or ']'", at: p)
            }
        }
        return FieldSpan(start: nil, length: scratch.count - offset, shape: nested ? .jsonNested : .jsonItems,
                         highBit: high, scratchOffset: offset)
    }

    /// The canonical position of a key, trying the one after the previous key first.
    @inline(__always)
    private mutating func find(_ start: UnsafePointer<UInt8>, _ length: Int) -> Int {
        let hint = lastKey + 1
        if hint < keys.count, matches(hint, start, length) { lastKey = hint; return hint }
        for i in keys.indices where matches(i, start, length) { lastKey = i; return i }
        return -1
    }

    @inline(__always)
    private func matches(_ i: Int, _ start: UnsafePointer<UInt8>, _ length: Int) -> Bool {
        keys[i].count == length && length > 0
            && keys[i].withUnsafeBufferPointer { memcmp($0.baseAddress!, start, length) == 0 }
    }

    /// The chunk-local index of an extra key, created (missing for earlier rows) on first sight.
    private func extra(_ start: UnsafePointer<UInt8>, _ length: Int, out: inout ChunkOutput) -> Int {
        for (i, name) in out.extraNames.enumerated() where name.count == length {
            if length == 0 || name.withUnsafeBufferPointer({ memcmp($0.baseAddress!, start, length) == 0 }) { return i }
        }
        out.extraNames.append(Array(UnsafeBufferPointer(start: start, count: length)))
        var column = ColumnData(kind: .text)
        column.appendMissing(count: out.accepted)
        out.extraColumns.append(column)
        return out.extraNames.count - 1
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
