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
        let staff = StaffNumbers(status)
        var failures = [Int](repeating: 0, count: staff.count)
        // Per dataset and staff path: the person each row names, read once for all the policies
        // that share the path, and the rows that count as records of that person.
        var paths: [String: [String: StaffRows]] = [:]
        for outcome in policies where outcome.skipped == nil && outcome.disabled == nil {
            guard let definition = definitions.first(where: { $0.kind == "policy" && $0.id == outcome.id }),
                  let role = definition.table["role"]?.string, let path = definition.table["staff"]?.string,
                  let dataset = definition.table["dataset"]?.string, Schema.datasets.contains(where: { $0.name == dataset }),
                  let table = data.store.table(dataset),
                  let reader = try? FieldReader(path: path, from: dataset, in: data) else { continue }
            var rows = paths[dataset]?[path] ?? StaffRows(reader, rowCount: table.rowCount, staff: staff)
            outcome.evaluatedRows.forEach { row in
                let person = rows.person[row]
                if person >= 0, staff.role[Int(person)] == role { rows.counted[row] = true }
            }
            for failure in outcome.failures {
                let person = rows.person[failure.row]
                if person >= 0, staff.role[Int(person)] == role { failures[Int(person)] += 1 }
            }
            paths[dataset, default: [:]][path] = rows
        }
        let records = recordCounts(paths.values.map { Array($0.values) }, people: staff.count)
        var roles: [String: RoleImpact] = [:]
        for person in records.indices where records[person] > 0 {
            guard let standing = status[staff.ids[person]], standing.status != .notAssessed else { continue }
            var impact = roles[standing.role] ?? RoleImpact(role: standing.role)
            let add = { (group: inout RoleImpact.Group) in
                group.staff += 1
                group.records += records[person]
                group.failures += failures[person]
            }
            if standing.status == .below { add(&impact.below) } else { add(&impact.atOrAbove) }
            roles[standing.role] = impact
        }
        return roles.keys.sorted().map { roles[$0]! }
    }

    /// Records per person: the distinct (dataset, row, person) triples, where two staff paths
    /// of one dataset may name the same person on a row.
    private static func recordCounts(_ datasets: [[StaffRows]], people: Int) -> [Int] {
        var records = [Int](repeating: 0, count: people)
        for paths in datasets {
            guard let rowCount = paths.first?.person.count else { continue }
            for row in 0..<rowCount {
                for (k, path) in paths.enumerated() where path.counted[row] {
                    let person = path.person[row]
                    if !paths[..<k].contains(where: { $0.counted[row] && $0.person[row] == person }) { records[Int(person)] += 1 }
                }
            }
        }
        return records
    }
}

/// People with a status as numbers, so rows are matched to them without hashing a string each.
private struct StaffNumbers {
    let ids: [String]
    let role: [String]
    let number: [String: Int32]
    var count: Int { ids.count }

    init(_ status: [String: StaffProficiency]) {
        ids = Array(status.keys)
        role = ids.map { status[$0]!.role }
        number = Dictionary(uniqueKeysWithValues: zip(ids, (0..<Int32(ids.count))))
    }
}

/// One staff path of one dataset: the person each row names (-1: none, or no status) and the
/// rows counted as that person's records.
private struct StaffRows {
    var person: [Int32]
    var counted: [Bool]

    init(_ reader: FieldReader, rowCount: Int, staff: StaffNumbers) {
        if let column = reader.textColumn, let codes = column.codes, let values = column.dictionaryValues {
            // Staff ids repeat: each distinct one is looked up once (missing rows have the empty code 0).
            let byCode = values.map { staff.number[$0] ?? -1 }
            person = (0..<rowCount).map { row in reader.targetRow(row).map { byCode[Int(codes[$0])] } ?? -1 }
        } else {
            person = (0..<rowCount).map { row in reader.text(row).flatMap { staff.number[$0] } ?? -1 }
        }
        counted = [Bool](repeating: false, count: rowCount)
    }
}
