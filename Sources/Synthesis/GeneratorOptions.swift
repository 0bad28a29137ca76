/// What `upstream generate` asks for: size, seed and the service window.
public struct GeneratorOptions: Sendable {
    /// Number of encounters over the whole window.
    public var encounters: Int
    public var seed: UInt64
    /// Length of the window in calendar months, ending with the month of `endDay`.
    public var months: Int
    /// Last service date (day number). Fixed, never the clock, so output depends only on the
    /// options. Records dated after it (remits, payments, resolutions) are not in the extract.
    public var endDay: Int
    /// Threads generating encounters; nil means one per core. Never changes the output.
    public var workers: Int?

    /// The default end of the window: 2025-12-31.
    public static let defaultEndDay = CivilCalendar.dayNumber(year: 2025, month: 12, day: 31)

    public init(encounters: Int = 5000, seed: UInt64 = 1, months: Int = 12,
                endDay: Int = GeneratorOptions.defaultEndDay, workers: Int? = nil) {
        self.encounters = encounters
        self.seed = seed
        self.months = months
        self.endDay = endDay
        self.workers = workers
    }

    /// First service date of the window.
    public var startDay: Int { CivilCalendar.windowStart(endingOn: endDay, months: months) }

    /// The extract moment: the last second of `endDay`.
    var cutoff: Int64 { Int64(endDay + 1) * CivilCalendar.secondsPerDay - 1 }

    /// Annualised volume relative to 5,000 encounters a year; staff counts grow with its square
    /// root (bigger organizations run larger teams, not proportionally more of them).
    var staffScale: Double {
        let annual = Double(encounters) * 12 / Double(max(months, 1))
        return max(1, (annual / 5000).squareRoot())
    }

    /// Patients in the population: most return more than once in a year.
    var patientCount: Int { max(50, encounters * 45 / 100) }
}

/// Streams of the seeded generator: each kind of record draws from its own stream, so adding a
/// draw to one kind never changes the others.
enum RandomStream: UInt64 {
    case staff = 1, training, engagement, patients, encounters
}
