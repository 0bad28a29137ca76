#if canImport(Glibc)
import Glibc
#endif
import DataModel

/// `--format csv --out DIR` (SPEC sections 1 and 6): each array of the JSON report becomes one
/// CSV file named by its path (`kpis.csv`, `kpis.by_month.csv`, `data_quality.rejected.csv`),
/// written beside `run.json`, which carries the rest (scalars such as `run.as_of` and the
/// `attribution.totals`). So every format carries the same content:
/// - a row's scalars are columns; its nested objects flatten to dotted columns (`key.payer_id`,
///   `target.at_least`, `below.per_100`); its lists of scalars join with "; " (`examples`);
/// - a list of rows inside a row becomes a file of its own whose first column links back to the
///   parent row by its first field (`kpis.by_month.csv` starts with `kpis.id`);
/// - every list SPEC section 6 names gets its file, with SPEC's columns, even when empty.
public enum ReportCSV {
    public struct Table: Equatable {
        public var name: String
        public var columns: [String] = []
        /// Cells already escaped for CSV, by column.
        public var rows: [[String: String]] = []
    }

    /// The report's lists as tables, in the order they appear in the JSON.
    public static func tables(_ report: JSONValue) -> [Table] {
        var builder = Builder()
        builder.container(report, path: [])
        // SPEC's lists that this report happens not to have (no KPI with `by`) still get a file.
        for name in known.keys.sorted() where builder.tables[name] == nil {
            let parts = name.split(separator: ".").map(String.init)
            let parent = parts.dropLast().joined(separator: ".")
            let link = known[parent].map { [parts[parts.count - 2] + "." + $0[0]] } ?? []
            builder.tables[name] = Table(name: name, columns: link + known[name]!)
            builder.order.append(name)
        }
        return builder.order.map { builder.tables[$0]! }
    }

    /// Writes `run.json` and one CSV file per table into `directory` (created if absent).
    public static func write(_ report: JSONValue, to directory: String) throws(OutputError) {
        try makeDirectory(directory)
        try ReportFile.write(report.rendered() + "\n", to: directory + "/run.json")
        for table in tables(report) {
            let file = try ReportFile(path: directory + "/" + table.name + ".csv")
            try file.writeRecord(table.columns.map { CSVText.text($0) })
            for row in table.rows { try file.writeRecord(table.columns.map { row[$0] ?? "" }) }
            try file.close()
        }
    }

    /// SPEC section 6's lists and their columns, so that an empty list still has a file with a
    /// header and the columns keep SPEC's order.
    static let known: [String: [String]] = [
        "run.packs": ["name", "version", "path"],
        "run.packs.scripts": ["path", "sha256"],
        "run.inputs": ["dataset", "file", "sha256", "rows"],
        "kpis": ["id", "title", "hfma", "unit", "value", "numerator", "denominator", "met", "partial", "errors", "skipped", "disabled"],
        "kpis.by_month": ["month", "value", "numerator", "denominator"],
        "kpis.by_group": ["value", "numerator", "denominator"],
        "policies": ["id", "title", "dataset", "role", "severity", "evaluated", "failed", "errors", "amount_at_risk", "examples",
                     "warning", "skipped", "disabled"],
        "policies.messages": ["code", "message", "count"],
        "attribution.by_role": ["role", "failures", "denials", "denied_claims", "denied_amount", "rework_cost"],
        "attribution.by_category": ["category", "role", "denials", "denied_amount"],
        "attribution.by_staff": ["staff_id", "name", "role", "failures", "denials", "denied_amount", "rework_cost"],
        "proficiency.by_role": ["role", "staff", "at_or_above", "below", "not_assessed", "compliance_rate"],
        "proficiency.staff": ["staff_id", "name", "role", "status", "courses_missing"],
        "proficiency.impact": ["role", "below.staff", "below.records", "below.failures", "below.per_100", "at_or_above.staff",
                               "at_or_above.records", "at_or_above.failures", "at_or_above.per_100", "ratio"],
        "data_quality.inputs": ["dataset", "file", "rows", "accepted", "filtered", "rejected", "field_issues"],
        "data_quality.rejected": ["file", "line", "column", "reason"],
        "data_quality.field_issues": ["file", "line", "column", "reason"],
        "data_quality.referential_gaps": ["dataset", "field", "target", "rows", "examples"],
        "script_errors": ["pack", "file", "line", "id", "message", "count", "examples"],
        "logs": ["id", "record", "message"],
    ]

    private struct Builder {
        var tables: [String: Table] = [:]
        var order: [String] = []

        /// An object that is not a row (the report, `run`, `attribution`, …): its lists are tables.
        mutating func container(_ value: JSONValue, path: [String]) {
            guard case .object(let fields) = value else { return }
            for (key, child) in fields {
                let childPath = path + [key]
                switch child {
                case .array(let items) where items.contains(where: { if case .object = $0 { true } else { false } })
                    || (items.isEmpty && ReportCSV.known[childPath.joined(separator: ".")] != nil):
                    rows(items, path: childPath, links: [])
                case .object:
                    container(child, path: childPath)
                default:
                    continue
                }
            }
        }

        mutating func rows(_ items: [JSONValue], path: [String], links: [(String, String)]) {
            let name = path.joined(separator: ".")
            if tables[name] == nil {
                tables[name] = Table(name: name, columns: links.map(\.0) + (ReportCSV.known[name] ?? []))
                order.append(name)
            }
            for item in items {
                guard case .object(let fields) = item else { continue }
                var cells: [String: String] = [:]
                for (column, cell) in links { cells[column] = cell }
                var children: [(String, [JSONValue])] = []
                flatten(fields, prefix: "", into: &cells, children: &children)
                for column in cells.keys.sorted() where !tables[name]!.columns.contains(column) {
                    tables[name]!.columns.append(column)
                }
                tables[name]!.rows.append(cells)
                // Child lists link back by the row's first field (`kpis.id`, `packs.name`).
                let link = fields.first.map { (path.last! + "." + $0.0, cells[$0.0] ?? "") }
                for (key, list) in children { rows(list, path: path + [key], links: links + (link.map { [$0] } ?? [])) }
            }
        }

        func flatten(_ fields: [(String, JSONValue)], prefix: String, into cells: inout [String: String],
                     children: inout [(String, [JSONValue])]) {
            for (key, value) in fields {
                let column = prefix + key
                switch value {
                case .object(let nested): flatten(nested, prefix: column + ".", into: &cells, children: &children)
                case .array(let items) where items.allSatisfy(\.isScalar) && !(items.isEmpty && prefix.isEmpty && isRowList(key)):
                    cells[column] = CSVText.text(items.map(Self.scalarText).joined(separator: "; "))
                case .array(let items): children.append((key, items))
                case .string(let text): cells[column] = CSVText.text(text)
                default: cells[column] = CSVText.plain(Self.scalarText(value))
                }
            }
        }

        /// An empty list that SPEC says holds rows (`by_month: []`), not scalars.
        func isRowList(_ key: String) -> Bool { ["by_month", "by_group", "messages", "scripts"].contains(key) }

        static func scalarText(_ value: JSONValue) -> String {
            switch value {
            case .null: ""
            case .string(let text): text
            default: value.rendered()
            }
        }
    }

    private static func makeDirectory(_ path: String) throws(OutputError) {
        if mkdir(path, 0o700) != 0 && errno != EEXIST { throw OutputError(path: path, reason: String(cString: strerror(errno))) }
    }
}
