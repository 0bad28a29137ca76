/// Rows kept although the row their field names is absent (a charge whose encounter is missing).
public struct ReferentialGap: Sendable, Equatable {
    public var dataset: String
    public var field: String
    public var target: String
    public var rows: Int
    /// Record ids of the first rows.
    public var examples: [String]
}
