import DataModel
import Packs

/// How failures relate to proficiency, per role (SPEC section 3, "Proficiency"): the records
/// are the distinct (dataset, row, person) triples of the role's policies whose declared `staff`
/// field names a person of that role; each failure counts against its person; people below and
/// at or above their thresholds are compared per 100 records.
public struct RoleImpact: Sendable, Equatable {
    public struct Group: Sendable, Equatable {
        public var staff = 0
        public var records = 0
        public var failures = 0
        public var per100: Double? { records == 0 ? nil : Double(failures) * 100 / Double(records) }
    }

    public var role: String
    public var below = Group()
    public var atOrAbove = Group()
    public var ratio: Double? {
        guard let low = below.per100, let high = atOrAbove.per100, high != 0 else { return nil }
        return low / high
    }
}

extension Proficiency {
    /// Policies whose `staff` is a function are left out (their people are known only for
    /// failures), as are people without a status.
    public static func impact(_ data: EngineData, policies: [PolicyOutcome], definitions: [Definition],
                              people: [StaffProficiency]) -> [RoleImpact] {
        let status = Dictionary(people.map { ($0.staffID, $0) }, uniquingKeysWith: { first, _ in first })
        var records: [String: Set<Int64>] = [:], failures: [String: Int] = [:]
        let datasets = Schema.datasets.map(\.name)
        for outcome in policies where outcome.skipped == nil && outcome.disabled == nil {
            guard let definition = definitions.first(where: { $0.kind == "policy" && $0.id == outcome.id }),
                  let role = definition.table["role"]?.string, let path = definition.table["staff"]?.string,
                  let dataset = definition.table["dataset"]?.string, let datasetIndex = datasets.firstIndex(of: dataset),
                  let reader = try? FieldReader(path: path, from: dataset, in: data) else { continue }
            for row in outcome.evaluatedRows {
                guard let person = reader.text(Int(row)), status[person]?.role == role else { continue }
                records[person, default: []].insert(Int64(datasetIndex) << 32 | Int64(row))
            }
            for failure in outcome.failures {
                guard let person = reader.text(failure.row), status[person]?.role == role else { continue }
                failures[person, default: 0] += 1
            }
        }
        var roles: [String: RoleImpact] = [:]
        for (person, rows) in records {
            guard let standing = status[person], standing.status != .notAssessed else { continue }
            var impact = roles[standing.role] ?? RoleImpact(role: standing.role)
            let add = { (group: inout RoleImpact.Group) in
                group.staff += 1
                group.records += rows.count
                group.failures += failures[person] ?? 0
            }
            if standing.status == .below { add(&impact.below) } else { add(&impact.atOrAbove) }
            roles[standing.role] = impact
        }
        return roles.keys.sorted().map { roles[$0]! }
    }
}
