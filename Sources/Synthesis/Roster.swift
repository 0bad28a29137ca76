/// The generated staff with the pools that encounter generation draws people from.
struct Roster: Sendable {
    let staff: [StaffMember]
    /// Registrars per facility.
    let patientAccessByFacility: [[Int]]
    /// Providers and clinicians per clinical department (indices into `ClinicalDepartment`).
    let providersByDepartment: [[Int]]
    let cliniciansByDepartment: [[Int]]
    let chargeCapture: [Int]
    let coding: [Int]
    let billing: [Int]
    /// Enrollment specialists; each provider's enrollment is handled by one of them.
    let credentialing: [Int]

    /// The same roster with the remediation days the training records produced: from that day
    /// on, each of those people works at a higher proficiency.
    func remediated(_ improvedFrom: [Int: Int]) -> Roster {
        var staff = self.staff
        for (index, day) in improvedFrom {
            let improved = min(staff[index].proficiency + Proficiency.remediationGain, 0.99)
            staff[index].improvedFrom = day
            staff[index].improvedErrorFactor = Proficiency.errorFactor(improved)
            staff[index].improvedDelayFactor = Proficiency.delayFactor(improved)
        }
        return Roster(staff: staff, patientAccessByFacility: patientAccessByFacility,
                      providersByDepartment: providersByDepartment,
                      cliniciansByDepartment: cliniciansByDepartment, chargeCapture: chargeCapture,
                      coding: coding, billing: billing, credentialing: credentialing)
    }

    /// A person from `pool` who was in the role on `day`; falls back to any member when a few
    /// draws find nobody, so a pool never leaves a row without its staff id.
    @inline(__always)
    func pick(_ pool: [Int], on day: Int, random: inout SeededRandom) -> Int {
        for _ in 0..<8 {
            let candidate = pool[random.below(pool.count)]
            if staff[candidate].isWorking(on: day) { return candidate }
        }
        for candidate in pool where staff[candidate].isWorking(on: day) { return candidate }
        return pool[random.below(pool.count)]
    }
}
