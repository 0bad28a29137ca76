/// What `explain` follows: one claim, or one encounter with all its claims.
public enum ExplainSubject: Sendable, Equatable {
    case claim(String)
    case encounter(String)
}

/// Why `explain` cannot follow a subject; the command exits 2 on either.
public enum ExplainError: Error, Equatable, CustomStringConvertible {
    case unknownClaim(String)
    case unknownEncounter(String)
    /// The dataset the subject lives in was not in the data.
    case datasetNotLoaded(String)

    public var description: String {
        switch self {
        case .unknownClaim(let id): "no claim '\(id)' in the data (claims.claim_id); check the id, or use --encounter"
        case .unknownEncounter(let id): "no encounter '\(id)' in the data (encounters.encounter_id); check the id, or use --claim"
        case .datasetNotLoaded(let dataset): "\(dataset) are not in the data, so there is nothing to explain; add \(dataset).csv to --data"
        }
    }
}
