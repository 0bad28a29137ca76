import DataModel

/// One claim's or encounter's journey across roles (SPEC section 1, `explain`): its records
/// in time order, each denial with why it was attributed where it was, each policy's result on
/// its records, and the people involved with their proficiency. Built from a whole run, so
/// every answer is the one `upstream run` gives.
public struct Explanation: Sendable, Equatable {
    public var subject: ExplainSubject
    public var asOf: Int32
    public var packs: [String]
    /// The claims followed, in row order, with what the host derived for them.
    public var claims: [ClaimSummary]
    public var events: [JourneyEvent]
    public var policies: [PolicyExplanation]
    public var staff: [StaffInvolvement]

    /// Follows `subject` through a run's results; an unknown id is an `ExplainError`.
    public init(_ subject: ExplainSubject, in results: RunResults) throws {
        let rows = try JourneyRows(subject, store: results.data.store)
        let rules = try AttributionRules(results.definitions)
        self.subject = subject
        asOf = results.asOf
        packs = results.packs.map(\.name)
        let clean = CleanColumn.column(results.data, policies: results.policies, definitions: results.definitions, params: results.params)
        claims = rows["claims"].map { ClaimSummary(row: $0, data: results.data, clean: clean) }
        events = JourneyEvents.build(rows, data: results.data, attribution: results.attribution, rules: rules)
        policies = PolicyExplanation.all(results, rows: rows)
        staff = StaffInvolvement.all(events, results: results)
    }
}
