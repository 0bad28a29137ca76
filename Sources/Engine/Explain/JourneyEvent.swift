/// One step of a journey: something a person or a payer did to a record, at a time.
public struct JourneyEvent: Sendable, Equatable {
    /// When, as written: a date ("2025-01-02") or a datetime ("2025-01-02T08:30:00"); nil when
    /// the record carries no date for this step (such steps come last).
    public var at: String?
    public var dataset: String
    public var record: String
    /// What happened, in a few words ("charge posted").
    public var step: String
    /// The people the record names for this step.
    public var staff: [StaffMention]
    public var details: [ExplainField]
    /// For adjustments: the codes, whether it is a denial, and why it went where it went.
    public var adjustment: AdjustmentExplanation?
    /// Seconds since 1970 (dates at midnight), for ordering.
    var sortKey: Int64?
}

/// A staff id as a record names it ("encounter.registered_by" → "REG1").
public struct StaffMention: Sendable, Equatable {
    /// dataset.field, such as "encounters.registered_by".
    public var field: String
    public var staffID: String
}

/// An adjustment of a remit: its codes and its attribution.
public struct AdjustmentExplanation: Sendable, Equatable {
    public var group: String
    public var carc: String
    public var rarcs: [String]
    public var amountCents: Int64
    public var denial: Bool
    /// On the claim's first remit.
    public var initial: Bool
    public var role: String
    public var category: String
    public var staffID: String?
    public var why: AttributionExplanation
}
