import DataModel

/// `explain --format json` for tools: keys in a fixed order, money from exact cents, strings
/// as the data has them (JSON escaping makes them safe); docs/cli.md documents the shape.
public enum ExplanationJSON {
    public static let schemaVersion = 1

    public static func render(_ e: Explanation) -> String { value(e).rendered() + "\n" }

    public static func value(_ e: Explanation) -> JSONValue {
        let subject: (String, JSONValue) = switch e.subject {
        case .claim(let id): ("claim", .string(id))
        case .encounter(let id): ("encounter", .string(id))
        }
        return .object([
            ("schema_version", .int(schemaVersion)),
            ("subject", .object([subject])),
            ("as_of", .string(CivilDate.format(days: e.asOf))),
            ("packs", .array(e.packs.map(JSONValue.string))),
            ("claims", .array(e.claims.map(claim))),
            ("journey", .array(e.events.map(event))),
            ("policies", .array(e.policies.map(policy))),
            ("staff", .array(e.staff.map(person))),
        ])
    }

    static func claim(_ c: ClaimSummary) -> JSONValue {
        .object([
            ("claim_id", .string(c.claimID)), ("encounter_id", optional(c.encounterID)), ("payer_id", optional(c.payerID)),
            ("total_charge", c.totalChargeCents.map { .money(cents: $0) } ?? .null),
            ("paid", c.paidCents.map { .money(cents: $0) } ?? .null), ("denied", c.denied.map(JSONValue.bool) ?? .null),
            ("denial_role", optional(c.denialRole)), ("denial_category", optional(c.denialCategory)),
            ("clean", c.clean.map(JSONValue.bool) ?? .null),
        ])
    }

    static func event(_ e: JourneyEvent) -> JSONValue {
        var fields: [(String, JSONValue)] = [
            ("at", optional(e.at)), ("dataset", .string(e.dataset)), ("record", .string(e.record)), ("step", .string(e.step)),
            ("staff", .array(e.staff.map { .object([("field", .string($0.field)), ("staff_id", .string($0.staffID))]) })),
            ("details", .object(e.details.map { ($0.name, value($0.value)) })),
        ]
        if let a = e.adjustment {
            fields.append(("adjustment", .object([
                ("group_code", .string(a.group)), ("carc", .string(a.carc)), ("rarc", .array(a.rarcs.map(JSONValue.string))),
                ("amount", .money(cents: a.amountCents)), ("denial", .bool(a.denial)), ("initial", .bool(a.initial)),
                ("role", a.denial ? .string(a.role) : .null), ("category", a.denial ? .string(a.category) : .null),
                ("staff_id", optional(a.staffID)), ("staff_path", optional(a.why.staffPath)),
                ("reasons", .array(a.why.reasons.map(JSONValue.string))), ("person", .string(a.why.person)),
            ])))
        }
        return .object(fields)
    }

    static func policy(_ p: PolicyExplanation) -> JSONValue {
        var fields: [(String, JSONValue)] = [
            ("id", .string(p.id)), ("title", optional(p.title)), ("dataset", .string(p.dataset)), ("role", optional(p.role)),
            ("severity", .string(p.severity)),
        ]
        if let skipped = p.skipped { return .object(fields + [("skipped", .string(skipped))]) }
        if let disabled = p.disabled { return .object(fields + [("disabled", .string(disabled))]) }
        fields.append(("records", .array(p.records.map { record, verdict in
            var item: [(String, JSONValue)] = [("record", .string(record)), ("status", .string(verdict.status))]
            switch verdict {
            case .failed(let message, let code, let severity):
                item += [("message", .string(message)), ("code", optional(code)), ("severity", .string(severity))]
            case .scriptError(let message): item.append(("message", .string(message)))
            case .passed, .notInScope: break
            }
            return .object(item)
        })))
        return .object(fields)
    }

    static func person(_ p: StaffInvolvement) -> JSONValue {
        let proficiency: JSONValue = p.proficiency.map { status in
            .object([
                ("status", .string(status.status.rawValue)),
                ("scores", .object(status.scores.sorted { $0.key < $1.key }.map { ($0.key, .number($0.value)) })),
                ("courses_missing", .array(status.coursesMissing.map(JSONValue.string))),
            ])
        } ?? .null
        return .object([
            ("staff_id", .string(p.staffID)), ("name", optional(p.name)), ("role", optional(p.role)),
            ("involved_as", .array(p.involvedAs.map(JSONValue.string))), ("proficiency", proficiency),
        ])
    }

    static func value(_ v: ExplainValue) -> JSONValue {
        switch v {
        case .text(let text): .string(text)
        case .int(let i): .int(Int(truncatingIfNeeded: i))
        case .number(let d): .number(d)
        case .money(let cents): .money(cents: cents)
        case .bool(let b): .bool(b)
        case .list(let items): .array(items.map(JSONValue.string))
        }
    }

    static func optional(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }
}
