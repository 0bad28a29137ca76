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
        let buffer = CSVBuffer()
        buffer.header(CanonicalDataset.engagement.header)
        let weeks = max(1, (options.endDay - options.startDay + 1) / 7)
        var eventNumber = 0
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
                    eventNumber += 1
                    buffer.id(Array("EV".utf8), eventNumber, width: 6)
                    buffer.raw(leader.id)
                    buffer.text(kind)
                    buffer.date(day)
                    buffer.text(role.name)
                    buffer.int(invited)
                    buffer.int(Int((Double(invited) * rate).rounded()))
                    buffer.endRow()
                }
            }
        }
        try file.write(buffer)
    }
}
