import CLuaShim

/// Columnar rows that Lua reads in place through row proxies.
///
/// The runtime owns only this neutral layout (typed buffers with stable addresses); the data
/// model fills it. Buffers are allocated once and freed with the table, so C may keep pointers
/// for as long as the table lives.
public final class ColumnTable: @unchecked Sendable {
    public enum Kind: Int32, Sendable {
        case text = 0, int, number, money, bool, date, datetime, absent
    }

    /// One column's values by row; nil is missing.
    public enum Values {
        case text([String?])
        case int([Int64?])
        case number([Double?])
        /// Exact cents.
        case money([Int64?])
        case bool([Bool?])
        /// Days since 1970-01-01.
        case date([Int32?])
        /// Seconds since 1970-01-01T00:00:00, wall clock.
        case datetime([Int64?])
        /// A declared column the input does not have: reading it skips the definition.
        case absent
    }

    public let dataset: String
    public let rowCount: Int
    let table: UnsafeMutablePointer<ups_table>
    private let columns: UnsafeMutablePointer<ups_column>
    private var allocations: [UnsafeMutableRawPointer] = []

    public init(dataset: String, rowCount: Int, columns definitions: [(name: String, values: Values)]) {
        self.dataset = dataset
        self.rowCount = rowCount
        columns = .allocate(capacity: max(definitions.count, 1))
        table = .allocate(capacity: 1)
        table.initialize(to: ups_table(
            dataset: nil, row_count: Int64(rowCount), column_count: Int32(definitions.count),
            columns: UnsafePointer(columns)))
        table.pointee.dataset = UnsafePointer(copyString(dataset))
        for (index, definition) in definitions.enumerated() {
            (columns + index).initialize(to: makeColumn(definition.name, definition.values))
        }
    }

    deinit {
        for pointer in allocations { pointer.deallocate() }
        columns.deallocate()
        table.deallocate()
    }

    private func copyString(_ text: String) -> UnsafeMutablePointer<CChar> {
        let utf8 = Array(text.utf8CString)
        let pointer = UnsafeMutablePointer<CChar>.allocate(capacity: utf8.count)
        pointer.initialize(from: utf8, count: utf8.count)
        allocations.append(UnsafeMutableRawPointer(pointer))
        return pointer
    }

    private func buffer<T>(_ values: [T?], missing: T) -> (UnsafeMutablePointer<T>, UnsafeMutablePointer<UInt8>) {
        precondition(values.count == rowCount, "column length \(values.count) differs from \(rowCount) rows")
        let data = UnsafeMutablePointer<T>.allocate(capacity: max(rowCount, 1))
        let present = UnsafeMutablePointer<UInt8>.allocate(capacity: max(rowCount, 1))
        for (row, value) in values.enumerated() {
            (data + row).initialize(to: value ?? missing)
            present[row] = value == nil ? 0 : 1
        }
        allocations.append(UnsafeMutableRawPointer(data))
        allocations.append(UnsafeMutableRawPointer(present))
        return (data, present)
    }

    private func makeColumn(_ name: String, _ values: Values) -> ups_column {
        var column = ups_column()
        column.name = UnsafePointer(copyString(name))
        func fill<T>(_ kind: Kind, _ values: [T?], _ missing: T) {
            let (data, present) = buffer(values, missing: missing)
            column.kind = kind.rawValue
            column.values = UnsafeRawPointer(data)
            column.present = UnsafePointer(present)
        }
        switch values {
        case .int(let v): fill(.int, v, 0)
        case .number(let v): fill(.number, v, 0)
        case .money(let v): fill(.money, v, 0)
        case .bool(let v): fill(.bool, v.map { $0.map { $0 ? UInt8(1) : 0 } }, 0)
        case .date(let v): fill(.date, v, 0)
        case .datetime(let v): fill(.datetime, v, 0)
        case .absent: column.kind = Kind.absent.rawValue
        case .text(let v):
            precondition(v.count == rowCount, "column length \(v.count) differs from \(rowCount) rows")
            let bytes = v.flatMap { Array(($0 ?? "").utf8) }
            let offsets = UnsafeMutablePointer<Int64>.allocate(capacity: rowCount + 1)
            let present = UnsafeMutablePointer<UInt8>.allocate(capacity: max(rowCount, 1))
            let storage = UnsafeMutablePointer<CChar>.allocate(capacity: max(bytes.count, 1))
            var offset: Int64 = 0
            for (row, value) in v.enumerated() {
                offsets[row] = offset
                offset += Int64(value?.utf8.count ?? 0)
                present[row] = value == nil ? 0 : 1
            }
            offsets[rowCount] = offset
            bytes.withUnsafeBytes { raw in
                UnsafeMutableRawPointer(storage).copyMemory(from: raw.baseAddress ?? UnsafeRawPointer(storage), byteCount: raw.count)
            }
            allocations += [UnsafeMutableRawPointer(offsets), UnsafeMutableRawPointer(present), UnsafeMutableRawPointer(storage)]
            column.kind = Kind.text.rawValue
            column.offsets = UnsafePointer(offsets)
            column.bytes = UnsafePointer(storage)
            column.present = UnsafePointer(present)
        }
        return column
    }
}
