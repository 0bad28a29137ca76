/// Builds the staff of the synthetic organization: teams per role with managers, leaders who
/// report to three directors, hire and role-start dates, leavers and latent proficiency.
struct RosterBuilder {
    private let options: GeneratorOptions
    private var random: SeededRandom
    private var staff: [StaffMember] = []
    private let idWidth = 5

    init(options: GeneratorOptions) {
        self.options = options
        self.random = SeededRandom(seed: options.seed, stream: RandomStream.staff.rawValue, item: 0)
    }

    /// Team size under one manager.
    private static let teamSize = 12

    mutating func build() -> Roster {
        let scale = options.staffScale
        func scaled(_ base: Int) -> Int { max(base, Int((Double(base) * scale).rounded())) }

        let revenueDirector = addLeader(department: "Revenue Cycle", clinical: nil, manager: nil)
        let medicalDirector = addLeader(department: "Medical Staff", clinical: nil, manager: nil)
        let nursingDirector = addLeader(department: "Nursing", clinical: nil, manager: nil)

        var patientAccess: [[Int]] = [[], []]
        for facility in 0..<2 {
            patientAccess[facility] = addTeams(role: .patientAccess, count: scaled(12),
                                               department: StaffRole.patientAccess.revenueCycleDepartment,
                                               clinical: nil, facility: facility, director: revenueDirector)
        }
        var providers: [[Int]] = []
        var clinicians: [[Int]] = []
        for department in ClinicalDepartment.allCases {
            providers.append(addTeams(role: .provider, count: scaled(department.baseProviders),
                                      department: department.name, clinical: department.rawValue,
                                      facility: 0, director: medicalDirector))
            clinicians.append(addTeams(role: .clinician, count: scaled(3), department: department.name,
                                       clinical: department.rawValue, facility: 0,
                                       director: nursingDirector))
        }
        func revenueTeam(_ role: StaffRole, _ base: Int) -> [Int] {
            addTeams(role: role, count: scaled(base), department: role.revenueCycleDepartment,
                     clinical: nil, facility: 0, director: revenueDirector)
        }
        _ = revenueTeam(.scheduling, 6)
        let chargeCapture = revenueTeam(.chargeCapture, 6)
        let coding = revenueTeam(.coding, 8)
        let billing = revenueTeam(.billing, 8)
        let credentialing = revenueTeam(.credentialing, 3)

        return Roster(staff: staff, patientAccessByFacility: patientAccess,
                      providersByDepartment: providers, cliniciansByDepartment: clinicians,
                      chargeCapture: chargeCapture, coding: coding, billing: billing,
                      credentialing: credentialing)
    }

    /// Adds `count` people in teams of at most `teamSize`, each team under a new leader who
    /// reports to `director`; returns the members' indices.
    private mutating func addTeams(role: StaffRole, count: Int, department: String, clinical: Int?,
                                   facility: Int, director: Int) -> [Int] {
        var members: [Int] = []
        var remaining = count
        while remaining > 0 {
            let size = min(remaining, Self.teamSize)
            let leader = addLeader(department: department, clinical: clinical, manager: director,
                                   facility: facility)
            for _ in 0..<size {
                members.append(addMember(role: role, department: department, clinical: clinical,
                                         facility: facility, manager: leader))
            }
            remaining -= size
        }
        return members
    }

    private mutating func addLeader(department: String, clinical: Int?, manager: Int?,
                                    facility: Int = 0) -> Int {
        let engagement = min(max(random.normal(mean: 0.6, deviation: 0.2), 0.05), 1)
        // Engaged leaders are also the better-trained ones (DOMAIN.md 6.2, leadership KPIs).
        let proficiency = min(max(random.normal(mean: 0.8 + 0.12 * engagement, deviation: 0.05), 0.55), 0.99)
        return append(role: .leadership, department: department, clinical: clinical,
                      facility: facility, manager: manager, proficiency: proficiency,
                      engagement: engagement, canLeave: manager != nil)
    }

    private mutating func addMember(role: StaffRole, department: String, clinical: Int?,
                                    facility: Int, manager: Int) -> Int {
        // Teams of engaged leaders are a little more proficient (the story the engagement
        // dataset lets an analyst find).
        let lift = 0.06 * (staff[manager].engagement - 0.5)
        let proficiency = min(max(random.normal(mean: 0.885 + lift, deviation: 0.07), 0.5), 0.99)
        return append(role: role, department: department, clinical: clinical, facility: facility,
                      manager: manager, proficiency: proficiency, engagement: 0, canLeave: true)
    }

    private mutating func append(role: StaffRole, department: String, clinical: Int?, facility: Int,
                                 manager: Int?, proficiency baseProficiency: Double,
                                 engagement: Double, canLeave: Bool) -> Int {
        let start = options.startDay
        let end = options.endDay
        let span = max(end - start, 1)
        var proficiency = baseProficiency
        let roleStart: Int
        if canLeave && random.chance(0.12) {
            // New in role during the window: still climbing the learning curve.
            roleStart = start + random.below(span * 3 / 4)
            proficiency = max(0.5, proficiency - 0.05)
        } else {
            roleStart = start - 30 - random.below(365 * 15)
        }
        let hire = random.chance(0.6) ? roleStart : roleStart - random.below(365 * 8)
        var lastDay: Int?
        if canLeave && random.chance(0.06) {
            let earliest = max(roleStart + 60, start + 30)
            if earliest < end - 15 { lastDay = earliest + random.below(end - 15 - earliest) }
        }
        let index = staff.count
        staff.append(StaffMember(
            index: index, id: Array(("S" + zeroPadded(index + 1, idWidth)).utf8),
            name: PersonName.make(random: &random), role: role, department: department,
            clinicalDepartment: clinical, facility: facility, hireDay: hire, roleStartDay: roleStart,
            lastDay: lastDay, managerIndex: manager, proficiency: proficiency, engagement: engagement,
            errorFactor: Proficiency.errorFactor(proficiency),
            delayFactor: Proficiency.delayFactor(proficiency)))
        return index
    }
}

/// `number` in decimal, left-padded with zeros to `width` digits.
func zeroPadded(_ number: Int, _ width: Int) -> String {
    let digits = String(number)
    return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
}
