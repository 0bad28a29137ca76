/// One person on the synthetic roster, with the latent traits that drive their records.
///
/// `proficiency` is never written out directly: it shows only through assessment scores,
/// training outcomes and the error rates of the work the person touches.
struct StaffMember: Sendable {
    let index: Int
    /// `S` followed by a zero-padded number, pre-rendered because it is written millions of times.
    let id: [UInt8]
    let name: String
    let role: StaffRole
    let department: String
    /// Index into `ClinicalDepartment.allCases` for providers, clinicians and clinical leaders.
    let clinicalDepartment: Int?
    let facility: Int
    let hireDay: Int
    let roleStartDay: Int
    /// The last working day of someone who left during the window (`active` is false).
    let lastDay: Int?
    let managerIndex: Int?
    /// Latent skill in [0.5, 0.99]; see `Proficiency`.
    let proficiency: Double
    /// How much a leader invests in huddles and training (0–1); 0 for everyone else.
    let engagement: Double
    /// Error and delay multipliers before any remediation (see `Proficiency`).
    let errorFactor: Double
    let delayFactor: Double
    /// The day remediation training was completed after a failed check, from which the person
    /// works at `Proficiency.remediationGain` higher proficiency; `Int.max` when never.
    var improvedFrom = Int.max
    var improvedErrorFactor = 1.0
    var improvedDelayFactor = 1.0

    var active: Bool { lastDay == nil }

    /// Error multiplier for work done on `day`.
    @inline(__always)
    func errorFactor(on day: Int) -> Double {
        day >= improvedFrom ? improvedErrorFactor : errorFactor
    }

    /// Delay multiplier for work done on `day`.
    @inline(__always)
    func delayFactor(on day: Int) -> Double {
        day >= improvedFrom ? improvedDelayFactor : delayFactor
    }

    /// Whether the person was in the role on `day`, so work is never credited to someone who had
    /// not started or had already left.
    @inline(__always)
    func isWorking(on day: Int) -> Bool {
        day >= roleStartDay && (lastDay.map { day <= $0 } ?? true)
    }
}
