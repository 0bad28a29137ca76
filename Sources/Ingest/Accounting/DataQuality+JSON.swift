import DataModel

/// SPEC section 6's `data_quality` object, keys in the SPEC's order. Lists are capped at `cap`
/// with a `<list>_truncated` count beside them; `--rejects` writes everything.
extension DataQuality {
    public static let listCap = JSONValue.listCap

    public func json(cap: Int = DataQuality.listCap) -> JSONValue {
        var fields: [(String, JSONValue)] = [("inputs", .array(inputs.map { a in
            .object([("dataset", .string(a.dataset)), ("file", .string(a.file)), ("rows", .int(a.rows)), ("accepted", .int(a.accepted)),
                     ("filtered", .int(a.filtered)), ("rejected", .int(a.rejected)), ("field_issues", .int(a.fieldIssues))])
        }))]
        fields += JSONValue.capped("rejected", rejected.map(Self.problem), cap: cap)
        fields += JSONValue.capped("field_issues", fieldIssues.map(Self.problem), cap: cap)
        fields += JSONValue.capped("referential_gaps", referentialGaps.map { g in
            .object([("dataset", .string(g.dataset)), ("field", .string(g.field)), ("target", .string(g.target)), ("rows", .int(g.rows)),
                     ("examples", .array(g.examples.map { .string($0) }))])
        }, cap: cap)
        return .object(fields)
    }

    private static func problem(_ p: RowProblem) -> JSONValue {
        .object([("file", .string(p.file)), ("line", .int(p.line)), ("column", .string(p.column)), ("reason", .string(p.reason))])
    }
}
