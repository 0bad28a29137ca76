import DataModel

/// One `reference{}` table (SPEC section 2): a CSV read once, its cells held in one byte arena,
/// indexed by its key columns, shared read-only by every worker (outside the per-state memory
/// cap: lookups return copies of single rows). Rows with a `valid` range apply on dates in
/// [from, to); a key may have several rows for different periods.
public final class ReferenceTable: Sendable {
    public let id: String
    /// Column names in file order.
    public let columns: [String]
    /// Declared types by column (`int`, `number`, `money`, `date`, `bool`, `text`); others are text.
    let types: [String: String]
    /// Cell `r * columns.count + c` is `arena[offsets[i] ..< offsets[i + 1]]`; missing when empty.
    private let arena: [UInt8]
    private let offsets: [UInt32]
    private let rowCount: Int
    /// Key (its cells joined by U+001F) → first row; `next` chains rows with the same key.
    private let first: [String: Int32]
    private let next: [Int32]
    /// Validity per row in days since 1970; nil bounds are open.
    private let validFrom: [Int32?]
    private let validTo: [Int32?]
    /// The files read, with their SHA-256, for `run.inputs`.
    public let files: [(path: String, sha256: String, rows: Int)]

    /// `arena` and `offsets` hold the cells row by row (see `offsets`).
    init(id: String, columns: [String], types: [String: String], keyColumns: [Int], valid: (from: Int?, to: Int?),
         arena: [UInt8], offsets: [UInt32], rowCount: Int, files: [(path: String, sha256: String, rows: Int)]) {
        self.id = id
        self.columns = columns
        self.types = types
        self.rowCount = rowCount
        self.files = files
        self.arena = arena
        self.offsets = offsets
        func cell(_ row: Int, _ column: Int) -> String {
            let index = row * columns.count + column
            return String(decoding: arena[Int(offsets[index])..<Int(offsets[index + 1])], as: UTF8.self)
        }
        var first: [String: Int32] = [:], next = [Int32](repeating: -1, count: rowCount)
        first.reserveCapacity(rowCount)
        // Rows chain in file order: the first row of a key is found first.
        for row in stride(from: rowCount - 1, through: 0, by: -1) {
            let key = keyColumns.count == 1 ? cell(row, keyColumns[0]) : keyColumns.map { cell(row, $0) }.joined(separator: "\u{1F}")
            if let previous = first[key] { next[row] = previous }
            first[key] = Int32(row)
        }
        self.first = first
        self.next = next
        func days(_ column: Int?) -> [Int32?] {
            guard let column else { return [Int32?](repeating: nil, count: rowCount) }
            return (0..<rowCount).map { DateText.days(cell($0, column)) }
        }
        validFrom = days(valid.from)
        validTo = days(valid.to)
    }

    public var count: Int { rowCount }

    /// The first row of `key` that applies on `day` (any row when `day` is nil).
    public func row(_ key: [String], on day: Int32?) -> Int? {
        guard var row = first[key.joined(separator: "\u{1F}")].map(Int.init) else { return nil }
        while true {
            if let day {
                let applies = (validFrom[row].map { $0 <= day } ?? true) && (validTo[row].map { day < $0 } ?? true)
                if applies { return row }
            } else {
                return row
            }
            guard next[row] >= 0 else { return nil }
            row = Int(next[row])
        }
    }

    /// A cell as a Lua value of its declared type; nil when empty or unreadable.
    public func value(row: Int, column: Int) -> LuaCell {
        let index = row * columns.count + column
        let bytes = arena[Int(offsets[index])..<Int(offsets[index + 1])]
        guard !bytes.isEmpty else { return .missing }
        let text = String(decoding: bytes, as: UTF8.self)
        switch types[columns[column]] {
        case "int": return Int64(text).map { .integer($0) } ?? .missing
        case "number": return Double(text).map { .number($0) } ?? .missing
        case "money": return MoneyText.cents(text).map { .number(Double($0) / 100) } ?? .missing
        case "bool":
            switch text.lowercased() {
            case "true", "t", "yes", "y", "1": return .boolean(true)
            case "false", "f", "no", "n", "0": return .boolean(false)
            default: return .missing
            }
        case "date": return DateText.days(text).map { .text(CivilDate.format(days: $0)) } ?? .missing
        default: return .text(text)
        }
    }

    /// A reference cell as scripts see it.
    public enum LuaCell: Equatable {
        case missing
        case text(String)
        case integer(Int64)
        case number(Double)
        case boolean(Bool)
    }
}
