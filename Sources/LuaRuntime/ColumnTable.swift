import CLuaShim

/// Columnar rows that Lua reads in place through row proxies.
///
/// The runtime owns only this neutral layout (typed buffers with stable addresses); the data
/// model fills it. Buffers are allocated once and freed with the table, so C may keep pointers
/// for as long as the table lives.
public final class ColumnTable: @unchecked Sendable {
    public enum Kind: Int32, Sendable {
        case text = 0, int, number, money, bool, date, datetime, absent, list
        /// A Lua value per row that each state attaches (`LuaState.attach`); unattached, reading raises.
        case value
        /// Money that changes with the as-of date: see `View.dated`; as float dollars, or
        /// `datedCents` as integer cents.
        case datedMoney, datedCents
    }

    /// Row r's amount at the start and its dated events (`days[k]`, `cents[k]` for k in
    /// `offsets[r] ..< offsets[r + 1]`): a state reads the start less the events dated on or
    /// before its as-of date (`LuaState.asOfDays`, else `asOf`).
    public struct DatedEvents {
        public var start: UnsafePointer<Int64>
        public var offsets: UnsafePointer<Int64>
        public var days: UnsafePointer<Int32>
        public var cents: UnsafePointer<Int64>
        public var asOf: Int32

        public init(start: UnsafePointer<Int64>, offsets: UnsafePointer<Int64>, days: UnsafePointer<Int32>,
                    cents: UnsafePointer<Int64>, asOf: Int32) {
            self.start = start
            self.offsets = offsets
            self.days = days
            self.cents = cents
            self.asOf = asOf
        }
    }

    /// A column someone else owns, read in place (no copy): the data model's sealed columns.
    /// The pointers must stay valid while the table lives; `ColumnTable.init(views:)` keeps
    /// their owner alive.
    public struct View {
        public var name: String
        public var kind: Kind
        public var present: UnsafePointer<UInt8>?
        public var values: UnsafeRawPointer?
        public var offsets: UnsafeRawPointer?
        public var itemOffsets: UnsafeRawPointer?
        public var bytes: UnsafePointer<UInt8>?
        /// Offsets are UInt32 rather than Int64.
        public var offsets32: Bool
        /// Text, dictionary-encoded: row r's value is entry `codes[r]` of `offsets`/`bytes`.
        public var codes: UnsafePointer<UInt16>?
        /// `.datedMoney` and `.datedCents`: the amounts and their events.
        public var dated: DatedEvents?
        /// Nonzero: reading the column ORs it into the state's `takeReadMarks()`.
        public var readMark: UInt32 = 0

        public init(name: String, kind: Kind, present: UnsafePointer<UInt8>? = nil, values: UnsafeRawPointer? = nil,
                    offsets: UnsafeRawPointer? = nil, itemOffsets: UnsafeRawPointer? = nil,
                    bytes: UnsafePointer<UInt8>? = nil, offsets32: Bool = false, codes: UnsafePointer<UInt16>? = nil,
                    dated: DatedEvents? = nil) {
            self.name = name
            self.kind = kind
            self.present = present
            self.values = values
            self.offsets = offsets
            self.itemOffsets = itemOffsets
            self.bytes = bytes
            self.offsets32 = offsets32
            self.codes = codes
            self.dated = dated
        }
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
        /// Sequences of text; a missing list reads as empty.
        case list([[String]?])
        /// A Lua value per row that each state attaches (`LuaState.attach`).
        case value
    }

    public let dataset: String
    public let rowCount: Int
    let table: UnsafeMutablePointer<ups_table>
    private let columns: UnsafeMutablePointer<ups_column>
    private let extras: UnsafeMutablePointer<ups_column>
    private var relationBuffer: UnsafeMutablePointer<ups_relation>?
    private var failureIndex: UnsafeMutablePointer<ups_failure_index>?
    private var failureRecords: UnsafeMutablePointer<ups_failure>?
    private var failureOffsets: UnsafeMutablePointer<Int32>?
    private var allocations: [UnsafeMutableRawPointer] = []
    private let owner: AnyObject?

    /// A table whose values are copied in (tests, benchmarks, small fixtures).
    public init(dataset: String, rowCount: Int, columns definitions: [(name: String, values: Values)],
                extras extraDefinitions: [(name: String, values: [String?])] = []) {
        self.dataset = dataset
        self.rowCount = rowCount
        owner = nil
        (table, columns, extras) = Self.allocateTable(rowCount: rowCount, columns: definitions.count, extras: extraDefinitions.count)
        table.pointee.dataset = UnsafePointer(copyString(dataset))
        for (index, definition) in definitions.enumerated() {
            (columns + index).initialize(to: makeColumn(definition.name, definition.values))
        }
        for (index, extra) in extraDefinitions.enumerated() {
            (extras + index).initialize(to: makeColumn(extra.name, .text(extra.values)))
        }
    }

    /// A table over columns `owner` keeps (zero copy).
    public init(dataset: String, rowCount: Int, views: [View], extras extraViews: [View], owner: AnyObject) {
        self.dataset = dataset
        self.rowCount = rowCount
        self.owner = owner
        (table, columns, extras) = Self.allocateTable(rowCount: rowCount, columns: views.count, extras: extraViews.count)
        table.pointee.dataset = UnsafePointer(copyString(dataset))
        for (index, view) in views.enumerated() { (columns + index).initialize(to: column(view)) }
        for (index, view) in extraViews.enumerated() { (extras + index).initialize(to: column(view)) }
    }

    private static func allocateTable(rowCount: Int, columns: Int, extras: Int)
        -> (UnsafeMutablePointer<ups_table>, UnsafeMutablePointer<ups_column>, UnsafeMutablePointer<ups_column>) {
        let columnBuffer = UnsafeMutablePointer<ups_column>.allocate(capacity: max(columns, 1))
        let extraBuffer = UnsafeMutablePointer<ups_column>.allocate(capacity: max(extras, 1))
        let table = UnsafeMutablePointer<ups_table>.allocate(capacity: 1)
        table.initialize(to: ups_table(
            dataset: nil, row_count: Int64(rowCount), column_count: Int32(columns),
            columns: UnsafePointer(columnBuffer), extra_count: Int32(extras), extras: UnsafePointer(extraBuffer),
            relation_count: 0, relations: nil, failures: nil))
        return (table, columnBuffer, extraBuffer)
    }

    private func column(_ view: View) -> ups_column {
        var column = ups_column()
        column.name = UnsafePointer(copyString(view.name))
        column.kind = view.kind.rawValue
        column.present = view.present
        column.values = view.values
        column.offsets = view.offsets?.assumingMemoryBound(to: Int64.self)
        column.item_offsets = view.itemOffsets?.assumingMemoryBound(to: Int64.self)
        column.bytes = view.bytes.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) }
        column.offsets32 = view.offsets32 ? 1 : 0
        column.codes = view.codes
        if let dated = view.dated {
            column.values = UnsafeRawPointer(dated.start)
            column.offsets = dated.offsets
            column.event_days = dated.days
            column.event_cents = dated.cents
            column.as_of = dated.asOf
        }
        column.read_mark = view.readMark
        return column
    }

    /// A relation from every row to rows of `target`: to one row (`one[row]`, -1 for none) or
    /// to many (`rows[offsets[row] ..< offsets[row + 1]]`). Absent: the target was not loaded.
    public struct Relation {
        public enum Rows {
            case one(UnsafePointer<Int32>)
            case many(offsets: UnsafePointer<Int32>, rows: UnsafePointer<Int32>)
            case absent(dataset: String)
        }

        public var name: String
        public var target: ColumnTable?
        public var rows: Rows

        public init(name: String, target: ColumnTable?, rows: Rows) {
            self.name = name
            self.target = target
            self.rows = rows
        }
    }

    /// Sets the relations rows expose by name (`charge.encounter`, `encounter.claims`). Call it
    /// once, before any state registers the table; every target must be registered too, and
    /// kept alive by the caller as long as this table (tables point at each other both ways).
    public func connect(_ relations: [Relation]) {
        precondition(relationBuffer == nil, "relations are connected once")
        let buffer = UnsafeMutablePointer<ups_relation>.allocate(capacity: max(relations.count, 1))
        for (index, relation) in relations.enumerated() {
            var c = ups_relation()
            c.name = UnsafePointer(copyString(relation.name))
            c.target = relation.target.map { UnsafePointer($0.table) }
            switch relation.rows {
            case .one(let parents): c.one = parents
            case .many(let offsets, let rows): c.offsets = offsets; c.rows = rows
            case .absent(let dataset): c.absent = 1; c.target_name = UnsafePointer(copyString(dataset))
            }
            (buffer + index).initialize(to: c)
        }
        relationBuffer = buffer
        table.pointee.relation_count = Int32(relations.count)
        table.pointee.relations = UnsafePointer(buffer)
    }

    /// One policy failure on a row, as `row.failures` shows it.
    public struct Failure: Sendable, Equatable {
        public var policy: String
        public var role: String
        public var severity: String
        public var code: String?
        public var message: String

        public init(policy: String, role: String, severity: String, code: String?, message: String) {
            self.policy = policy
            self.role = role
            self.severity = severity
            self.code = code
            self.message = message
        }
    }

    /// Makes `row.failures` and `row:failed(…)` readable: row r's failures are
    /// `records[offsets[r] ..< offsets[r + 1]]` (`offsets` has rowCount + 1 entries, or is
    /// empty when no row failed). Call it once, before any state registers the table; without
    /// it both raise (policies read rows before any failure is known).
    public func attachFailures(offsets: [Int32], records: [Failure]) {
        precondition(failureIndex == nil, "failures are attached once")
        precondition(offsets.isEmpty || offsets.count == rowCount + 1, "one offset per row, plus one")
        var interned: [String: UnsafeMutablePointer<CChar>] = [:]
        func text(_ value: String) -> UnsafePointer<CChar> {
            if let known = interned[value] { return UnsafePointer(known) }
            let pointer = copyString(value)
            interned[value] = pointer
            return UnsafePointer(pointer)
        }
        let recordBuffer = UnsafeMutablePointer<ups_failure>.allocate(capacity: max(records.count, 1))
        for (i, record) in records.enumerated() {
            (recordBuffer + i).initialize(to: ups_failure(
                policy: text(record.policy), role: text(record.role), severity: text(record.severity),
                code: record.code.map(text), message: UnsafePointer(copyString(record.message))))
        }
        var index = ups_failure_index(offsets: nil, records: UnsafePointer(recordBuffer))
        if !offsets.isEmpty {
            let offsetBuffer = UnsafeMutablePointer<Int32>.allocate(capacity: offsets.count)
            offsetBuffer.initialize(from: offsets, count: offsets.count)
            failureOffsets = offsetBuffer
            index.offsets = UnsafePointer(offsetBuffer)
        }
        let indexBuffer = UnsafeMutablePointer<ups_failure_index>.allocate(capacity: 1)
        indexBuffer.initialize(to: index)
        failureRecords = recordBuffer
        failureIndex = indexBuffer
        table.pointee.failures = UnsafePointer(indexBuffer)
    }

    deinit {
        failureIndex?.deallocate()
        failureRecords?.deallocate()
        failureOffsets?.deallocate()
        relationBuffer?.deallocate()
        for pointer in allocations { pointer.deallocate() }
        columns.deallocate()
        extras.deallocate()
        table.deallocate()
    }

    private func copyString(_ text: String) -> UnsafeMutablePointer<CChar> {
        let utf8 = Array(text.utf8CString)
        let pointer = UnsafeMutablePointer<CChar>.allocate(capacity: utf8.count)
        pointer.initialize(from: utf8, count: utf8.count)
        allocations.append(UnsafeMutableRawPointer(pointer))
        return pointer
    }

    /// Strings laid end to end: `count + 1` offsets and the bytes (both owned by the table).
    private func packText(_ strings: [String]) -> (UnsafeMutablePointer<Int64>, UnsafeMutablePointer<CChar>) {
        let bytes = strings.flatMap { Array($0.utf8) }
        let offsets = UnsafeMutablePointer<Int64>.allocate(capacity: strings.count + 1)
        let storage = UnsafeMutablePointer<CChar>.allocate(capacity: max(bytes.count, 1))
        var offset: Int64 = 0
        for (index, string) in strings.enumerated() {
            offsets[index] = offset
            offset += Int64(string.utf8.count)
        }
        offsets[strings.count] = offset
        bytes.withUnsafeBytes { raw in
            UnsafeMutableRawPointer(storage).copyMemory(from: raw.baseAddress ?? UnsafeRawPointer(storage), byteCount: raw.count)
        }
        allocations += [UnsafeMutableRawPointer(offsets), UnsafeMutableRawPointer(storage)]
        return (offsets, storage)
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
        case .value: column.kind = Kind.value.rawValue
        case .list(let v):
            precondition(v.count == rowCount, "column length \(v.count) differs from \(rowCount) rows")
            let items = v.flatMap { $0 ?? [] }
            let offsets = UnsafeMutablePointer<Int64>.allocate(capacity: rowCount + 1)
            var next: Int64 = 0
            for (row, list) in v.enumerated() { offsets[row] = next; next += Int64(list?.count ?? 0) }
            offsets[rowCount] = next
            let (itemOffsets, storage) = packText(items)
            allocations += [UnsafeMutableRawPointer(offsets)]
            column.kind = Kind.list.rawValue
            column.offsets = UnsafePointer(offsets)
            column.item_offsets = UnsafePointer(itemOffsets)
            column.bytes = UnsafePointer(storage)
        case .text(let v):
            precondition(v.count == rowCount, "column length \(v.count) differs from \(rowCount) rows")
            let (offsets, storage) = packText(v.map { $0 ?? "" })
            let present = UnsafeMutablePointer<UInt8>.allocate(capacity: max(rowCount, 1))
            for (row, value) in v.enumerated() { present[row] = value == nil ? 0 : 1 }
            allocations.append(UnsafeMutableRawPointer(present))
            column.kind = Kind.text.rawValue
            column.offsets = UnsafePointer(offsets)
            column.bytes = UnsafePointer(storage)
            column.present = UnsafePointer(present)
        }
        return column
    }
}
