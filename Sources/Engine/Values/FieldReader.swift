import DataModel

/// Reads a declared field path ("registered_by", "claim.coded_by") for rows of one dataset in
/// Swift, without calling Lua: the one-row relations are walked through their indexes.
public struct FieldReader {
    /// Why a path cannot be read on this data: the declarative field degrades (SPEC section 3).
    public enum Unavailable: Error, Equatable {
        case absent(String)
        case unknown(String)
    }

    private let hops: [RelationIndex]
    let source: Source
    public let field: String

    /// Where values come from: a canonical column or one the host derives (`EngineData`).
    enum Source {
        case column(Column)
        /// A money column read as integer cents: the `<field>_cents` companion.
        case cents(Column)
    }

    public init(path: String, from dataset: String, in data: EngineData) throws(Unavailable) {
        let store = data.store
        var current = dataset
        var hops: [RelationIndex] = []
        let parts = path.split(separator: ".").map(String.init)
        for part in parts.dropLast() {
            guard let relation = Schema.relations.first(where: { $0.dataset == current && $0.forward == part }) else {
                throw .unknown("'\(part)' is not a relation of \(current)")
            }
            guard let index = store.relation(relation.dataset, relation.field) else {
                throw .absent("\(relation.target) (through \(current).\(relation.field)) not in the data")
            }
            hops.append(index)
            current = relation.target
        }
        guard let last = parts.last, store.table(current) != nil else { throw .absent("\(current) not in the data") }
        self.hops = hops
        field = "\(current).\(last)"
        if let column = data.column(last, of: current) {
            source = .column(column)
        } else if last.hasSuffix("_cents"), let money = data.column(String(last.dropLast(6)), of: current), money.type == .money {
            source = .cents(money)
        } else if Schema.fieldType(last, in: current) != nil {
            throw .absent("\(current).\(last) not in the data")
        } else {
            throw .unknown("\(current) has no field '\(last)'")
        }
    }

    /// The row of the path's last dataset for `row`, or nil where a relation has no row.
    @inline(__always)
    public func targetRow(_ row: Int) -> Int? {
        var current = row
        for hop in hops {
            guard let parent = hop.parent(of: current) else { return nil }
            current = parent
        }
        return current
    }

    /// Text and id fields (staff ids); nil for other types and missing values.
    public func text(_ row: Int) -> String? {
        textColumn.flatMap { column in targetRow(row).flatMap { column.text($0) } }
    }

    /// The column the path ends at, when it holds text or ids (read it at `targetRow`).
    public var textColumn: Column? {
        guard case .column(let column) = source, column.type == .id || column.type == .text else { return nil }
        return column
    }

    /// Money, int and number fields as cents of a dollar amount (an amount at risk).
    public func cents(_ row: Int) -> Int64? {
        guard let target = targetRow(row) else { return nil }
        switch source {
        case .column(let column):
            switch column.type {
            case .money: return column.int64(target)
            case .int: return column.int64(target).map { $0 * 100 }
            case .number: return column.double(target).flatMap { $0.isFinite ? Int64(($0 * 100).rounded()) : nil }
            default: return nil
            }
        case .cents(let column): return column.int64(target)
        }
    }
}
