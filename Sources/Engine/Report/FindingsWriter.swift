import DataModel

/// `--findings PATH`: every policy failure as a CSV work list (SPEC section 6), streamed row by
/// row whatever its size, in policy id order, then row order.
public enum FindingsWriter {
    public static let header = ["policy_id", "severity", "role", "dataset", "record_id", "encounter_id", "claim_id",
                                "staff_id", "staff_name", "message", "amount", "month"]

    public static func write(_ r: RunResults, to file: ReportFile) throws(OutputError) {
        try file.writeRecord(header)
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
                try file.writeRecord([
                    CSVText.text(policy.id), CSVText.text(failure.severity), CSVText.text(failure.role), CSVText.text(dataset),
                    CSVText.text(table.recordID(failure.row)), CSVText.text(encounter?.text(failure.row) ?? ""),
                    CSVText.text(claim?.text(failure.row) ?? ""), CSVText.text(failure.staffID ?? ""), CSVText.text(name ?? ""),
                    CSVText.text(failure.message), failure.amountCents.map { Money.format(cents: $0) } ?? "", month ?? "",
                ])
            }
        }
    }
}

/// `--errors PATH`: every row a script error excluded, one line each, grouped as in the report's
/// `script_errors` (which shows only the first 10 records of each group).
public enum ErrorsWriter {
    public static let header = ["pack", "file", "line", "id", "message", "record"]

    public static func write(_ r: RunResults, to file: ReportFile) throws(OutputError) {
        try file.writeRecord(header)
        for entry in r.scriptErrors {
            let place = [CSVText.text(entry.pack), CSVText.text(entry.group.file), String(entry.group.line), CSVText.text(entry.id),
                         CSVText.text(entry.group.message)]
            for record in entry.group.records { try file.writeRecord(place + [CSVText.text(record)]) }
        }
    }
}
