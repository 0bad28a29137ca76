/// Writes leader engagement events: huddles, training sessions and rounding, with invited and
/// attended counts (DOMAIN.md 6.2 leadership-engagement KPIs). Engaged leaders hold more events
/// and get better attendance; their teams are slightly more proficient (see `RosterBuilder`).
struct EngagementWriter {
    let options: GeneratorOptions
    let roster: Roster

    private static let kinds = [("huddle", 0.8), ("training_session", 0.2), ("rounding", 0.35)]

    func write(to file: OutputFile) throws {
        var random = SeededRandom(seed: options.seed, stream: RandomStream.engagement.rawValue, item: 0)
        var teamSize = [Int](repeating: 0, count: roster.staff.count)
        var teamRole = [StaffRole?](repeating: nil, count: roster.staff.count)
        for person in roster.staff {
            guard let manager = person.managerIndex else { continue }
            teamSize[manager] += 1
            teamRole[manager] = person.role
        }
        // Events are drawn leader by leader, then numbered in date order, as an export would be.
        var events: [(day: Int, leader: Int, kind: String, role: StaffRole, invited: Int, attended: Int)] = []
        let weeks = max(1, (options.endDay - options.startDay + 1) / 7)
        for leader in roster.staff where leader.role == .leadership {
            guard let role = teamRole[leader.index], teamSize[leader.index] > 0 else { continue }
            let lastDay = min(leader.lastDay ?? options.endDay, options.endDay)
            for (kind, perWeek) in Self.kinds {
                let count = Int((Double(weeks) * perWeek * leader.engagement).rounded())
                for _ in 0..<count {
                    let day = options.startDay + random.below(options.endDay - options.startDay + 1)
                    guard day <= lastDay, day >= leader.roleStartDay else { continue }
                    let invited = teamSize[leader.index]
                    let rate = min(1, max(0.2, 0.5 + 0.45 * leader.engagement + random.normal(mean: 0, deviation: 0.08)))
                    events.append((day, leader.index, kind, role, invited, Int((Double(invited) * rate).rounded())))
                }
            }
        }
        events.sort { ($0.day, $0.leader) < ($1.day, $1.leader) }
        let buffer = CSVBuffer()
        buffer.header(CanonicalDataset.engagement.header)
        let prefix = Array("EV".utf8)
        for (number, event) in events.enumerated() {
            buffer.id(prefix, number + 1, width: 6)
            buffer.raw(roster.staff[event.leader].id)
            buffer.text(event.kind)
            buffer.date(event.day)
            buffer.text(event.role.name)
            buffer.int(event.invited)
            buffer.int(event.attended)
            buffer.endRow()
        }
        try file.write(buffer)
    }
}
