import DataModel

/// The rows one claim or encounter touches, by dataset, each list in row order: the
/// encounter, its charges (for a claim: those of that claim or of no claim), the claims,
/// their remits and adjustments, and the encounter's payments and work items.
public struct JourneyRows: Sendable, Equatable {
    public var rows: [String: [Int]] = [:]

    public subscript(dataset: String) -> [Int] { rows[dataset] ?? [] }

    public init(_ subject: ExplainSubject, store: DataStore) throws(ExplainError) {
        var encounter: Int?
        var claims: [Int] = []
        switch subject {
        case .claim(let id):
            guard let table = store.table("claims") else { throw .datasetNotLoaded("claims") }
            guard let row = table.row(withID: id) else { throw .unknownClaim(id) }
            claims = [row]
            encounter = store.relation("claims", "encounter_id")?.parent(of: row)
        case .encounter(let id):
            guard let table = store.table("encounters") else { throw .datasetNotLoaded("encounters") }
            guard let row = table.row(withID: id) else { throw .unknownEncounter(id) }
            encounter = row
            claims = Self.children(store, "claims", "encounter_id", of: row)
        }
        let single: Int? = if case .claim = subject { claims.first } else { nil }
        if let encounter {
            rows["encounters"] = [encounter]
            // A charge or work item that names another claim belongs to that claim's journey.
            let chargeClaims = store.relation("charges", "claim_id")
            rows["charges"] = Self.children(store, "charges", "encounter_id", of: encounter).filter { charge in
                single == nil || chargeClaims?.parent(of: charge).map { $0 == single } ?? true
            }
            rows["payments"] = Self.children(store, "payments", "encounter_id", of: encounter)
            let itemClaims = store.relation("workqueue", "claim_id")
            rows["workqueue"] = Self.children(store, "workqueue", "encounter_id", of: encounter).filter { item in
                single == nil || itemClaims?.parent(of: item).map { $0 == single } ?? true
            }
        }
        rows["claims"] = claims
        for claim in claims {
            rows["remits", default: []] += Self.children(store, "remits", "claim_id", of: claim)
            rows["adjustments", default: []] += Self.children(store, "adjustments", "claim_id", of: claim)
            // Work items filed against the claim, with or without an encounter id.
            let items = Self.children(store, "workqueue", "claim_id", of: claim)
            rows["workqueue"] = Array(Set(rows["workqueue", default: []] + items)).sorted()
        }
    }

    static func children(_ store: DataStore, _ dataset: String, _ field: String, of parent: Int) -> [Int] {
        guard let index = store.relation(dataset, field), index.hasReverse else { return [] }
        return index.children(of: parent).map(Int.init)
    }
}
