import DataModel

/// `--findings PATH`: every policy failure as a CSV work list (SPEC section 6), whatever its
/// size. Cells that a spreadsheet would read as a formula are prefixed with `'`.
public enum FindingsWriter {
    public static let header = ["policy_id", "severity", "role", "dataset", "record_id", "encounter_id", "claim_id",
                                "staff_id", "staff_name", "message", "amount", "month"]

    /// The CSV text, in policy id order, then row order.
    public static func csv(_ r: RunResults) -> String {
        var out = header.joined(separator: ",") + "\n"
        let staff = r.data.store.table("staff"), names = staff?.column("name")
        for policy in r.policies.sorted(by: { $0.id < $1.id }) where policy.skipped == nil && policy.disabled == nil {
            guard let definition = r.definitions.first(where: { $0.kind == "policy" && $0.id == policy.id }),
                  let dataset = definition.table["dataset"]?.string, let table = r.data.store.table(dataset) else { continue }
            let encounter = table.column("encounter_id")
            let claim = table.column("claim_id")
            let dated = ["service_date", "submitted_at", "received_on", "received_at", "created_at", "held_on", "assessed_on"]
                .lazy.compactMap { table.column($0) }.first
            for failure in policy.failures {
                let name = failure.staffID.flatMap { id in staff?.row(withID: id).flatMap { names?.text($0) } }
                let month = dated?.display(failure.row).map { String($0.prefix(7)) }
                let cells: [String?] = [
                    policy.id, failure.severity, failure.role, dataset, table.recordID(failure.row),
                    encounter?.text(failure.row), claim?.text(failure.row), failure.staffID, name, failure.message,
                    failure.amountCents.map { Money.format(cents: $0) }, month,
                ]
                out += cells.map { cell($0 ?? "") }.joined(separator: ",") + "\n"
            }
        }
        return out
    }

    /// One CSV cell: formula prefixes neutralized, control characters other than line breaks
    /// stripped, quoted when needed (RFC 4180).
    public static func cell(_ value: String) -> String {
        var text = String(String.UnicodeScalarView(value.unicodeScalars.filter { $0.value >= 0x20 || $0 == "\n" || $0 == "\r" || $0 == "\t" }))
        if let first = text.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) { text = "'" + text }
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacing("\"", with: "\"\"") + "\""
    }
}
