/// What the input holds, for the helpers `loaded("charges")` and `has_field("encounters.x")`.
/// Known once the data is read: states that load packs for a run get it; loading for lint or
/// before ingestion has none, and the helpers then raise.
public struct DataFacts: Sendable, Equatable {
    /// The datasets loaded.
    public var datasets: Set<String>
    /// "dataset.field" for every field a row can read from the input: canonical and
    /// pack-declared columns present in the input, host-derived fields, `_cents` companions.
    public var fields: Set<String>

    public init(datasets: Set<String>, fields: Set<String>) {
        self.datasets = datasets
        self.fields = fields
    }
}
