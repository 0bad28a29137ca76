import DataModel
import Foundation

/// Rewrites one mapped export as canonical CSV in memory, so the canonical reader (types,
/// required fields, accounting) does the rest; remembers which source line each row came from
/// so every reject and field issue names the export's own file and line.
struct MappedTranscoder {
    struct Output {
        var canonical: [UInt8] = []
        /// Canonical line where a row starts → (source line, its bytes in `source`).
        var origins: [Int: (line: Int, raw: Range<Int>)] = [:]
        var source: [UInt8] = []
        var rejects: [RowProblem] = []
        var issues: [RowProblem] = []
        var filtered = 0
        var sha256 = ""
        var bytes = 0
    }

    let input: MappedInput
    let spec: DatasetSpec
    let transformer: (any MappingTransformer)?
    let maxRecordBytes: Int

    private var plan: DatasetMapping { input.mapping.datasets[input.dataset]! }

    func transcode() throws(IngestError) -> Output {
        var out = Output()
        let raw: [UInt8]
        do { raw = try [UInt8](Data(contentsOf: URL(fileURLWithPath: input.path))) } catch {
            throw .unreadable(file: input.path, reason: "\(error.localizedDescription)")
        }
        out.bytes = raw.count
        var digest = StreamDigest()
        raw.withUnsafeBytes { digest.update($0) }
        out.sha256 = digest.finalize()
        out.source = plan.encoding == .windows1252 ? Windows1252.utf8(raw) : raw
        var records = DelimitedRecords(bytes: out.source, delimiter: plan.delimiter, maxRecordBytes: maxRecordBytes)
        guard case .record(let headerFields, _, _, _)? = records.next() else { return out }
        let headers = headerFields.map { String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespaces) }
        let index = Dictionary(headers.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let fields = spec.fields.filter { plan.fields[$0.name] != nil }
        for column in plan.fields.values.compactMap(\.column) + plan.filters.map(\.column) where index[column] == nil {
            throw .mappingColumnMissing(mapping: input.mapping.id, dataset: input.dataset, file: input.path, column: column)
        }
        // field{} extras the mapping fills come next, typed by their declaration; a source column
        // of the same name is then not copied again.
        let typedExtras = plan.fields.keys.filter { spec.index(of: $0) == nil }.sorted().map { FieldSpec($0, plan.extraTypes[$0] ?? .text) }
        let extras = headers.enumerated().filter { header in spec.index(of: header.element) == nil && !typedExtras.contains { $0.name == header.element } }
        let outputHeader = fields.map { $0.name } + typedExtras.map { $0.name } + extras.map { $0.element }
        append(row: outputHeader, to: &out.canonical)
        var canonicalLine = 2
        while let item = records.next() {
            switch item {
            case .broken(let line, let range, let reason):
                out.rejects.append(RowProblem(file: input.path, line: line, column: "", reason: reason, record: Array(out.source[range])))
            case .record(let values, let line, _, let range):
                guard values.count == headers.count else {
                    out.rejects.append(RowProblem(file: input.path, line: line, column: "",
                        reason: "expected \(headers.count) fields, found \(values.count)", record: Array(out.source[range])))
                    continue
                }
                if !plan.filters.allSatisfy({ String(decoding: values[index[$0.column]!], as: UTF8.self) == $0.value }) {
                    out.filtered += 1
                    continue
                }
                var row: [String] = []
                for field in fields + typedExtras {
                    let source = plan.fields[field.name]!
                    let (value, problem) = self.value(of: field, from: source, values: values, index: index)
                    if let problem {
                        out.issues.append(RowProblem(file: input.path, line: line, column: source.column ?? field.name,
                                                     reason: problem, record: Array((value ?? "").utf8)))
                    }
                    row.append(problem == nil ? value ?? "" : "")
                }
                row += extras.map { String(decoding: values[$0.offset], as: UTF8.self) }
                out.origins[canonicalLine] = (line, range)
                canonicalLine += append(row: row, to: &out.canonical)
            }
        }
        return out
    }

    /// The canonical text of one field, or a reason it cannot be had (a field issue).
    private func value(of field: FieldSpec, from source: FieldSource, values: [[UInt8]], index: [String: Int]) -> (String?, String?) {
        var text: String? = source.constant ?? source.column.map { String(decoding: values[index[$0]!], as: UTF8.self) }
        if text?.isEmpty == true { text = nil }
        if let key = source.transform, let current = text, let transformer {
            do { text = try transformer.transform(key, current) } catch {
                return (current, "transform failed: \(error)")
            }
        }
        if let map = source.values, let current = text {
            guard let mapped = map[current] ?? source.defaultValue else {
                return (current, "'\(current)' is not among the values mapping '\(input.mapping.id)' lists for \(field.name), and there is no default")
            }
            text = mapped
        }
        if let format = source.format, let current = text, field.type == .date || field.type == .datetime {
            // A value the format does not fit passes through: the reader reports it as invalid.
            if let parsed = format.parse(Array(current.utf8), dateOnly: field.type == .date) {
                text = parsed.value
                if let zone = source.timeZone, let offset = parsed.offset, field.type == .datetime {
                    text = Self.wallClock(parsed.value, offset: offset, zone: zone) ?? parsed.value
                }
            }
        }
        if let scale = source.scale, scale != 0, let current = text, let number = Double(current) {
            text = String(number / scale)
        }
        return (text, nil)
    }

    /// A zoned datetime as the wall clock of `zone` (the IANA database via Foundation).
    static func wallClock(_ canonical: String, offset: Int, zone: String) -> String? {
        guard let timeZone = TimeZone(identifier: zone) else { return nil }
        let b = Array(canonical.utf8)
        func n(_ r: Range<Int>) -> Int { b[r].reduce(0) { $0 * 10 + Int($1 - 48) } }
        let days = CivilDate.days(year: n(0..<4), month: n(5..<7), day: n(8..<10))
        let utc = Int64(days) * 86_400 + Int64(n(11..<13) * 3600 + n(14..<16) * 60 + n(17..<19)) - Int64(offset)
        let local = utc + Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(utc))))
        return CivilDate.formatDateTime(seconds: local)
    }

    /// Writes one CSV row; returns the physical lines it took.
    @discardableResult
    private func append(row: [String], to out: inout [UInt8]) -> Int {
        var lines = 1
        for (i, value) in row.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            let bytes = Array(value.utf8)
            if bytes.contains(where: { $0 == 44 || $0 == 34 || $0 == 10 || $0 == 13 }) {
                out.append(34)
                for b in bytes {
                    if b == 34 { out.append(34) }
                    if b == 10 { lines += 1 }
                    out.append(b)
                }
                out.append(34)
            } else {
                out.append(contentsOf: bytes)
            }
        }
        out.append(10)
        return lines
    }
}
