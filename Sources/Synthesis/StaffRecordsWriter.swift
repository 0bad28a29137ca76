/// Writes the people-side datasets: staff, training and assessments.
///
/// Training and assessment outcomes follow latent proficiency (DOMAIN.md 6.1: role-based
/// tracks, a proficiency check per role, retakes, at most three attempts before repeating the
/// class), so an analyst joining scores to denials finds the relationship the generator planted.
struct StaffRecordsWriter {
    let options: GeneratorOptions
    let roster: Roster
    private static let facilities = ["MAIN", "NORTH"]

    func writeStaff(to file: OutputFile) throws {
        let buffer = CSVBuffer()
        buffer.header(CanonicalDataset.staff.header)
        for person in roster.staff {
            buffer.raw(person.id)
            buffer.text(person.name)
            buffer.text(person.role.name)
            buffer.text(person.department)
            buffer.text(Self.facilities[person.facility])
            buffer.date(person.hireDay)
            buffer.date(person.roleStartDay)
            if let manager = person.managerIndex { buffer.raw(roster.staff[manager].id) } else { buffer.empty() }
            buffer.bool(person.active)
            buffer.endRow()
        }
        try file.write(buffer)
    }

    /// Writes both datasets and returns, per staff index, the day remediation training was
    /// completed after a failed check (the day from which that person works better).
    func writeTrainingAndAssessments(training: OutputFile, assessments: OutputFile) throws -> [Int: Int] {
        var improvedFrom: [Int: Int] = [:]
        let trainingRows = CSVBuffer()
        let assessmentRows = CSVBuffer()
        trainingRows.header(CanonicalDataset.training.header)
        assessmentRows.header(CanonicalDataset.assessments.header)
        for person in roster.staff {
            var random = SeededRandom(seed: options.seed, stream: RandomStream.training.rawValue,
                                      item: UInt64(person.index))
            let lastDay = min(person.lastDay ?? options.endDay, options.endDay)
            let courses = [TrainingCourse.fundamentals] + person.role.courses
            var assignments: [Int] = []
            if person.roleStartDay >= options.startDay - 730 { assignments.append(person.roleStartDay) }
            let refresher = options.startDay + random.below(60)
            if person.roleStartDay < refresher { assignments.append(refresher) }
            for assigned in assignments where assigned <= lastDay {
                for course in courses {
                    addCourse(course, person: person, assigned: assigned, lastDay: lastDay,
                              random: &random, to: trainingRows)
                }
            }
            for skill in person.role.assessedSkills {
                // Access gating (DOMAIN.md 6.1): a proficiency check before starting in the role,
                // then an annual re-check; the extract reaches back one year before the window.
                var dates: [Int] = []
                if person.roleStartDay >= options.startDay - 730 {
                    dates.append(person.roleStartDay - 3 - random.below(12))
                }
                for yearStart in [options.startDay - 365, options.startDay] {
                    let day = yearStart + 30 + random.below(240)
                    if day > person.roleStartDay + 30 { dates.append(day) }
                }
                for day in dates where day <= lastDay {
                    let improved = day >= improvedFrom[person.index, default: Int.max]
                    let proficiency = person.proficiency + (improved ? Proficiency.remediationGain : 0)
                    let failedOn = assess(skill, person: person, proficiency: proficiency, day: day,
                                          random: &random, to: assessmentRows)
                    if let failedOn, failedOn + 7 <= lastDay,
                       let completed = addCourse(.remediation, person: person, assigned: failedOn + 7,
                                                 lastDay: lastDay, random: &random, to: trainingRows),
                       improvedFrom[person.index] == nil {
                        improvedFrom[person.index] = completed
                    }
                }
            }
        }
        try training.write(trainingRows)
        try assessments.write(assessmentRows)
        return improvedFrom
    }

    /// One course assignment; returns the completion day, if any by the extract. Completion is
    /// less likely, and later, for less proficient people; an assignment not completed by its
    /// due date is overdue as of the extract.
    @discardableResult
    private func addCourse(_ course: TrainingCourse, person: StaffMember, assigned: Int, lastDay: Int,
                           random: inout SeededRandom, to buffer: CSVBuffer) -> Int? {
        let due = assigned + 30
        let completes = random.chance(min(0.99, 1.02 - 0.1 * person.errorFactor))
        let completedOn = assigned + 1 + random.geometricDays(mean: 12 * person.delayFactor)
        let completed = completes && completedOn <= lastDay
        buffer.raw(person.id)
        buffer.text(course.id)
        buffer.text(course.title)
        buffer.date(assigned)
        buffer.date(due)
        buffer.date(completed ? completedOn : nil)
        if completed {
            buffer.fraction(min(1, Proficiency.observedScore(person.proficiency, random: &random) + 0.05))
        } else {
            buffer.empty()
        }
        buffer.endRow()
        return completed ? completedOn : nil
    }

    /// Up to three attempts at a skill assessment; returns the day of the last failed attempt
    /// when the person never passed (they are then assigned remediation).
    private func assess(_ skill: String, person: StaffMember, proficiency: Double, day: Int,
                        random: inout SeededRandom, to buffer: CSVBuffer) -> Int? {
        var score = Proficiency.observedScore(proficiency, random: &random)
        var attemptDay = day
        for attempt in 1...3 {
            buffer.raw(person.id)
            buffer.text(skill)
            buffer.date(attemptDay)
            buffer.fraction(score)
            buffer.int(attempt)
            buffer.endRow()
            if score >= Proficiency.passMark || !random.chance(0.6) { break }
            attemptDay += 1 + random.below(6)
            score = min(1, score + 0.005 + 0.02 * random.unit())
        }
        return score < Proficiency.passMark ? attemptDay : nil
    }
}
