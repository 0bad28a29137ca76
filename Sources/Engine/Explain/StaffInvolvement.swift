/// A person a journey names, with how it names them and where they stand on proficiency.
public struct StaffInvolvement: Sendable, Equatable {
    public var staffID: String
    /// From the staff roster; nil when the id is not in it.
    public var name: String?
    public var role: String?
    /// The fields that name them ("encounters.registered_by", "attribution"), in journey order.
    public var involvedAs: [String]
    /// nil when their role has no thresholds (or they are within `grace_days`).
    public var proficiency: StaffProficiency?

    /// Everyone the events name, in the order they first appear.
    static func all(_ events: [JourneyEvent], results: RunResults) -> [StaffInvolvement] {
        let staff = results.data.store.table("staff")
        let names = staff?.column("name"), roles = staff?.column("role")
        let proficiency = Dictionary(results.proficiency.map { ($0.staffID, $0) }, uniquingKeysWith: { first, _ in first })
        var people: [StaffInvolvement] = []
        var index: [String: Int] = [:]
        for mention in events.flatMap(\.staff) {
            if let i = index[mention.staffID] {
                if !people[i].involvedAs.contains(mention.field) { people[i].involvedAs.append(mention.field) }
                continue
            }
            let row = staff?.row(withID: mention.staffID)
            index[mention.staffID] = people.count
            people.append(StaffInvolvement(staffID: mention.staffID, name: row.flatMap { names?.text($0) },
                                           role: row.flatMap { roles?.text($0) }, involvedAs: [mention.field],
                                           proficiency: proficiency[mention.staffID]))
        }
        return people
    }
}
