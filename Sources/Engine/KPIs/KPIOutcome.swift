/// A KPI's value overall and by month (SPEC section 3 and 6).
public struct KPIOutcome: Sendable {
    public struct Point: Sendable, Equatable {
        public var value: Double?
        /// Why `value` is nil (a zero denominator, a `value` function that returned nil …).
        public var reason: String?
        public var numerator: Double?
        public var denominator: Double?
        public var measures: [String: Double?]
    }

    public var id: String
    public var overall: Point?
    /// "YYYY-MM" → point, months without rows omitted.
    public var byMonth: [String: Point] = [:]
    /// `by` groups: the key's field values (in `by` order, or `["key"]` for a function) → point;
    /// by key, or in `top` order.
    public var byGroup: [(key: [String], point: Point)] = []
    /// The groups `min_denominator` folded together (reported last, keyed `other`).
    public var otherGroup: Point?
    /// The `by` field names (or ["key"]), for the report's key objects.
    public var groupFields: [String] = []
    /// Why `by_group` is absent though `by` was given.
    public var byGroupNote: String?
    /// Measures reported overall only (their dataset lacks the period field), or why by_month is absent.
    public var byMonthNote: String?
    /// Other things the value leaves out: policies named by `failed` that were skipped or disabled.
    public var partial: [String] = []
    /// print/log lines of its callbacks: the record (when all its measures read one dataset) and the text.
    public var logs: [(record: String, message: String)] = []
    public var skipped: String?
    /// nil without a target.
    public var met: Bool?
    public var errors = 0
    /// Script errors of its callbacks, grouped by place and message.
    public var errorGroups: [ScriptErrorGroup] = []
    /// Set when its callbacks failed on 100 or more rows: no results (SPEC section 4).
    public var disabled: String?

    public init(id: String) { self.id = id }
}
