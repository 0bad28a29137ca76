import DataModel
import Packs

/// A person's standing against the thresholds of their role (SPEC section 3, "Proficiency").
public struct StaffProficiency: Sendable, Equatable {
    public enum Status: String, Sendable {
        case below
        case notAssessed = "not_assessed"
        case atOrAbove = "at_or_above"
    }

    public var row: Int
    public var staffID: String
    public var role: String
    public var status: Status
    /// Latest score per skill that counts (within `max_age_days`, on or before as-of).
    public var scores: [String: Double]
    public var coursesMissing: [String]
}

/// Per role: how many people stand where.
public struct RoleProficiency: Sendable, Equatable {
    public var staff = 0
    public var atOrAbove = 0
    public var below = 0
    public var notAssessed = 0
    public init(staff: Int = 0, atOrAbove: Int = 0, below: Int = 0, notAssessed: Int = 0) {
        self.staff = staff
        self.atOrAbove = atOrAbove
        self.below = below
        self.notAssessed = notAssessed
    }

    /// at_or_above ÷ people with a status (below or at_or_above); nil when there are none.
    public var complianceRate: Double? { atOrAbove + below == 0 ? nil : Double(atOrAbove) / Double(atOrAbove + below) }
}

/// Computes every person's status at the as-of date. A person is below when any threshold of
/// their role is unmet (a score under `at_least`, or a required course not completed by as-of),
/// else not assessed when a threshold's skill has no assessment, else at or above. Within
/// `grace_days` of starting the role a person has no status yet.
public enum Proficiency {
    public static func evaluate(_ data: EngineData, thresholds definitions: [Definition], asOf: Int32,
                                scope: ThresholdScope = ThresholdScope()) -> [StaffProficiency] {
        guard let staff = data.store.table("staff"), let roles = staff.column("role") else { return [] }
        let thresholds = definitions.filter { $0.kind == "threshold" }
        let scores = latestScores(data, asOf: asOf)
        let completed = completedCourses(data, asOf: asOf)
        let hired = staff.column("hire_date"), started = staff.column("role_start_date")
        var result: [StaffProficiency] = []
        for row in 0..<staff.rowCount {
            guard let role = roles.text(row) else { continue }
            let applicable = thresholds.filter { $0.table["role"]?.string == role && scope.applies($0, to: row) }
            guard !applicable.isEmpty else { continue }
            let start = started?.int32(row) ?? hired?.int32(row)
            let inGrace = applicable.contains { threshold in
                guard let grace = threshold.table["grace_days"]?.number, let start else { return false }
                return Int64(asOf) < Int64(start) + Int64(grace)
            }
            if inGrace { continue }   // too new in the role to have a status
            var below = false, missing = false
            var counted: [String: Double] = [:], coursesMissing: [String] = []
            for threshold in applicable {
                let t = threshold.table
                if let skill = t["skill"]?.string, let minimum = t["at_least"]?.number {
                    let maxAge = t["max_age_days"]?.number.map { Int32($0) }
                    if let latest = scores[row]?[skill], maxAge.map({ asOf - latest.day <= $0 }) ?? true {
                        counted[skill] = latest.score
                        if latest.score < minimum { below = true }
                    } else {
                        missing = true
                    }
                }
                for course in t["courses"]?.table?.items.compactMap(\.string) ?? [] where !(completed[row]?.contains(course) ?? false) {
                    if !coursesMissing.contains(course) { coursesMissing.append(course) }
                    below = true
                }
            }
            let status: StaffProficiency.Status = below ? .below : (missing ? .notAssessed : .atOrAbove)
            result.append(StaffProficiency(row: row, staffID: staff.recordID(row), role: role, status: status,
                                           scores: counted, coursesMissing: coursesMissing))
        }
        return result
    }

    public static func byRole(_ people: [StaffProficiency]) -> [String: RoleProficiency] {
        var roles: [String: RoleProficiency] = [:]
        for person in people {
            roles[person.role, default: RoleProficiency()].staff += 1
            switch person.status {
            case .below: roles[person.role]!.below += 1
            case .notAssessed: roles[person.role]!.notAssessed += 1
            case .atOrAbove: roles[person.role]!.atOrAbove += 1
            }
        }
        return roles
    }

    /// staff row → skill → the latest assessment on or before as-of (greatest date, then attempt).
    static func latestScores(_ data: EngineData, asOf: Int32) -> [Int: [String: (day: Int32, score: Double)]] {
        guard let assessments = data.store.table("assessments"), let byStaff = data.store.relation("assessments", "staff_id"),
              let skills = assessments.column("skill"), let days = assessments.column("assessed_on"),
              let scores = assessments.column("score") else { return [:] }
        let attempts = assessments.column("attempt")
        var latest: [Int: [String: (day: Int32, attempt: Int64, score: Double)]] = [:]
        for row in 0..<assessments.rowCount {
            guard let person = byStaff.parent(of: row), let skill = skills.text(row), let day = days.int32(row), day <= asOf,
                  let score = scores.double(row) else { continue }
            let attempt = attempts?.int64(row) ?? 0
            if let current = latest[person]?[skill], (current.day, current.attempt) >= (day, attempt) { continue }
            latest[person, default: [:]][skill] = (day, attempt, score)
        }
        return latest.mapValues { $0.mapValues { (day: $0.day, score: $0.score) } }
    }

    /// staff row → courses completed on or before as-of.
    static func completedCourses(_ data: EngineData, asOf: Int32) -> [Int: Set<String>] {
        guard let training = data.store.table("training"), let byStaff = data.store.relation("training", "staff_id"),
              let courses = training.column("course_id"), let completed = training.column("completed_on") else { return [:] }
        var result: [Int: Set<String>] = [:]
        for row in 0..<training.rowCount {
            guard let person = byStaff.parent(of: row), let course = courses.text(row), let day = completed.int32(row), day <= asOf else { continue }
            result[person, default: []].insert(course)
        }
        return result
    }
}
