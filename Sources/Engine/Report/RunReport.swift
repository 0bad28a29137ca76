import DataModel
import LuaRuntime
import Packs

/// SPEC section 6's JSON report, keys in the SPEC's order, arrays sorted as it says.
public enum RunReport {
    public static func json(_ results: RunResults) -> JSONValue {
        .object([
            ("schema_version", .int(1)),
            ("run", run(results)),
            ("kpis", .array(results.kpis.sorted { $0.id < $1.id }.map { kpi($0, results) })),
            ("policies", .array(results.policies.sorted { $0.id < $1.id }.map { policy($0, results) })),
            ("attribution", attribution(results)),
            ("proficiency", proficiency(results)),
            ("data_quality", results.quality.json()),
        ] + scriptErrors(results) + logs(results))
    }

    // MARK: - logs

    /// print/log output of every callback, sorted by definition id then record, control
    /// characters stripped (SPEC section 3).
    static func logs(_ r: RunResults) -> [(String, JSONValue)] {
        var lines = r.loadLogs.map { (id: "", record: "", message: $0) }
        for policy in r.policies { lines += policy.logs.map { (id: policy.id, record: $0.record, message: $0.message) } }
        for kpi in r.kpis { lines += kpi.logs.map { (id: kpi.id, record: $0.record, message: $0.message) } }
        for field in r.derived { lines += field.outcome.logs.map { (id: field.outcome.id, record: $0.record, message: $0.message) } }
        lines.sort { ($0.id, $0.record) < ($1.id, $1.record) }
        return JSONValue.capped("logs", lines.map { line in
            .object([("id", .string(line.id)), ("record", .string(line.record)), ("message", .string(stripped(line.message)))])
        })
    }

    /// Tabs (print's separator) become spaces; other control characters go.
    static func stripped(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0 == "\t" ? " " : $0 }
            .filter { $0.value >= 0x20 && $0.value != 0x7F && !(0x80...0x9F).contains($0.value) }))
    }

    // MARK: - run

    static func run(_ r: RunResults) -> JSONValue {
        .object([
            ("tool_version", .string(r.toolVersion)),
            ("as_of", .string(CivilDate.format(days: r.asOf))),
            ("started_at", .string(r.startedAt)),
            ("params", .object(r.params.entries.keys.sorted().map { ($0, param(r.params.entries[$0]!.value)) })),
            ("packs", .array(r.packs.map { pack in
                .object([("name", .string(pack.name)), ("version", .string(pack.manifest.version)), ("path", .string(pack.path)),
                         ("scripts", .array((r.scripts[pack.name] ?? []).map { .object([("path", .string($0.path)), ("sha256", .string($0.sha256))]) }))])
            })),
            ("inputs", .array(r.quality.inputs.map { input in
                .object([("dataset", .string(input.dataset)), ("file", .string(input.file)), ("sha256", .string(input.sha256)), ("rows", .int(input.rows))])
            } + r.references.tables.keys.sorted().flatMap { id in
                // Reference files are inputs too: dataset "ref:<id>".
                r.references.tables[id]!.files.map { file in
                    .object([("dataset", .string("ref:" + id)), ("file", .string(file.path)), ("sha256", .string(file.sha256)), ("rows", .int(file.rows))])
                }
            })),
        ] + (r.data.sample.map { [("sample", JSONValue.int($0))] } ?? []))
    }

    static func param(_ value: ParamValue?) -> JSONValue {
        switch value {
        case nil: .null
        case .number(let d)?: .number(d)
        case .int(let i)?: .int(Int(i))
        case .money(let cents)?: .money(cents: cents)
        case .text(let s)?: .string(s)
        case .bool(let b)?: .bool(b)
        case .date(_, let text)?: .string(text)
        case .list(let items)?: .array(items.map { param($0) })
        case .map(let fallback, let entries)?:
            .object([("default", param(fallback)), ("entries", .object(entries.keys.sorted().map { ($0, param(entries[$0])) }))])
        }
    }

    // MARK: - kpis

    static func kpi(_ k: KPIOutcome, _ r: RunResults) -> JSONValue {
        guard let definition = r.definitions.first(where: { $0.kind == "kpi" && $0.id == k.id }) else { return .object([("id", .string(k.id))]) }
        if let skipped = k.skipped { return .object([("id", .string(k.id)), ("skipped", .string(skipped))]) }
        if let disabled = k.disabled {
            return .object([("id", .string(k.id)), ("disabled", .string(disabled)),
                             ("examples", .array(k.errorGroups.flatMap(\.records).prefix(10).map { .string($0) }))])
        }
        let t = definition.table
        var fields: [(String, JSONValue)] = [("id", .string(k.id)), ("title", .string(t["title"]?.string ?? ""))]
        if let hfma = t["hfma"]?.string { fields.append(("hfma", .string(hfma))) }
        fields.append(("unit", .string(t["unit"]?.string ?? "")))
        fields += point(k.overall, hasDenominator: t["denominator"] != nil, hasMeasures: t["measures"] != nil)
        if let target = t["target"]?.table {
            let bound = target.fieldNames.first.map { ($0, JSONValue.number(target[$0]?.number ?? 0)) }
            fields.append(("target", .object(bound.map { [$0] } ?? [])))
            fields.append(("met", .bool(k.met ?? false)))
        }
        // What was left out, and why (SPEC: an absent period or by field drops that breakdown with a reason).
        let partial = partial(k)
        if !partial.isEmpty { fields.append(("partial", .array(partial.map { .string($0) }))) }
        fields.append(("errors", .int(k.errors)))
        // A month-end snapshot reports its month ends as by_month; `snapshot = true` has none.
        if (t["period"] != nil && t["snapshot"] == nil) || t["snapshot"]?.table != nil {
            fields += JSONValue.capped("by_month", k.byMonth.keys.sorted().map { month in
                .object([("month", .string(month))] + point(k.byMonth[month], hasDenominator: t["denominator"] != nil, hasMeasures: false))
            })
        }
        if t["by"] != nil, k.byGroupNote == nil {
            let staffFields = Set(Schema.datasets.flatMap { $0.fields.filter(\.isStaff).map(\.name) })
            let names = r.data.store.table("staff")
            let other: [JSONValue] = k.otherGroup.map { point in
                [.object([("key", .object(k.groupFields.map { ($0, .string("other")) }))]
                    + self.point(point, hasDenominator: t["denominator"] != nil, hasMeasures: false))]
            } ?? []
            fields += JSONValue.capped("by_group", k.byGroup.map { group in
                var key: [(String, JSONValue)] = zip(k.groupFields, group.key).map { ($0, .string($1)) }
                // A staff field's group also carries the person's name (SPEC section 6).
                if k.groupFields.count == 1, let field = k.groupFields.first?.split(separator: ".").last.map(String.init),
                   staffFields.contains(field), let row = names?.row(withID: group.key[0]), let name = names?.column("name")?.text(row) {
                    key.append(("name", .string(name)))
                }
                return .object([("key", .object(key))] + point(group.point, hasDenominator: t["denominator"] != nil, hasMeasures: false))
            } + other)
        }
        return .object(fields)
    }

    static func point(_ p: KPIOutcome.Point?, hasDenominator: Bool, hasMeasures: Bool) -> [(String, JSONValue)] {
        var fields: [(String, JSONValue)] = [("value", p?.value.map { .number($0) } ?? .null)]
        if let reason = p?.reason, p?.value == nil { fields.append(("reason", .string(reason))) }
        if hasDenominator {
            fields.append(("numerator", p?.numerator.map { .number($0) } ?? .null))
            fields.append(("denominator", p?.denominator.map { .number($0) } ?? .null))
        }
        if hasMeasures, let measures = p?.measures {
            fields.append(("measures", .object(measures.keys.sorted().map { ($0, measures[$0]!.map { .number($0) } ?? .null) })))
        }
        return fields
    }

    // MARK: - policies

    static func policy(_ p: PolicyOutcome, _ r: RunResults) -> JSONValue {
        guard let definition = r.definitions.first(where: { $0.kind == "policy" && $0.id == p.id }) else { return .object([("id", .string(p.id))]) }
        let table = r.data.store.table(definition.table["dataset"]?.string ?? "")
        func record(_ row: Int) -> JSONValue { .string(table?.recordID(row) ?? String(row)) }
        if let skipped = p.skipped { return .object([("id", .string(p.id)), ("skipped", .string(skipped))]) }
        if let disabled = p.disabled {
            return .object([("id", .string(p.id)), ("disabled", .string(disabled)),
                             ("examples", .array(p.errors.flatMap(\.records).prefix(10).map { .string($0) }))])
        }
        let t = definition.table
        var groups: [String: (code: String?, message: String, count: Int)] = [:]
        for failure in p.failures {
            let key = (failure.code ?? "") + "\u{0}" + failure.message
            groups[key, default: (failure.code, failure.message, 0)].count += 1
        }
        let messages = groups.values.sorted { $0.count != $1.count ? $0.count > $1.count : ($0.code ?? "", $0.message) < ($1.code ?? "", $1.message) }
        var fields: [(String, JSONValue)] = [
            ("id", .string(p.id)), ("title", .string(t["title"]?.string ?? "")), ("dataset", .string(t["dataset"]?.string ?? "")),
            ("role", .string(t["role"]?.string ?? "")), ("severity", .string(t["severity"]?.string ?? "error")),
            ("evaluated", .int(p.evaluated)), ("failed", .int(p.failures.count)), ("errors", .int(p.errorCount)),
            ("amount_at_risk", p.amountAtRisk.map { .money(cents: $0) } ?? .null),
        ]
        fields += JSONValue.capped("messages", messages.map { m in
            .object([("code", m.code.map { .string($0) } ?? .null), ("message", .string(m.message)), ("count", .int(m.count))])
        })
        fields.append(("examples", .array(p.failures.prefix(10).map { record($0.row) })))
        if let warning = warning(p, t) { fields.append(("warning", .string(warning))) }
        return .object(fields)
    }

    /// `expect.max_fail_rate` exceeded: usually a mapping problem, not a hospital's.
    static func warning(_ p: PolicyOutcome, _ t: TableSnapshot) -> String? {
        guard let limit = t["expect"]?.table?["max_fail_rate"]?.number, p.evaluated > 0 else { return nil }
        let rate = Double(p.failures.count) / Double(p.evaluated)
        guard rate > limit else { return nil }
        return "failed on \(Int((rate * 100).rounded()))% of rows, over expect.max_fail_rate \(Int((limit * 100).rounded()))%: usually a mapping problem"
    }

    /// What a KPI left out, and why (an absent period or by field drops that breakdown).
    static func partial(_ k: KPIOutcome) -> [String] {
        [k.byMonthNote.map { "by_month: " + $0 }, k.byGroupNote.map { "by_group dropped: " + $0 }].compactMap { $0 } + k.partial
    }
}
