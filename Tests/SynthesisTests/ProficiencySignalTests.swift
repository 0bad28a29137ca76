import Testing
@testable import Synthesis

/// The story the product tells must be in the data: people below the pass mark cause more of
/// the denials their role originates.
@Suite struct ProficiencySignalTests {
    let fixture = GeneratedFixture.standard

    /// CARCs (and CARC 16 RARCs) DOMAIN.md 3.3 attributes to registration and eligibility.
    static let registrationCodes: Set<String> = ["26", "27", "31", "140", "109", "16/N382"]

    /// Latest score per person for `skill` (latest date, then latest attempt).
    private func latestScores(skill: String) -> [String: Double] {
        let table = fixture[.assessments]
        var latest: [String: (String, Int, Double)] = [:]
        for row in table.rows where row[table.column("skill")] == skill {
            let key = (row[table.column("assessed_on")], Int(row[table.column("attempt")]) ?? 0)
            let person = row[table.column("staff_id")]
            if let current = latest[person], (current.0, current.1) >= key { continue }
            latest[person] = (key.0, key.1, Double(row[table.column("score")]) ?? 0)
        }
        return latest.mapValues(\.2)
    }

    /// First-remit denials per encounter whose code is in `codes`.
    private func firstRemitDenials(codes: Set<String>) -> [String: Int] {
        let encounterOfClaim = fixture.encounterOfClaim
        let adjustments = fixture[.adjustments]
        var denials: [String: Int] = [:]
        for row in adjustments.rows where row[adjustments.column("remit_id")].hasSuffix("-1") {
            let carc = row[adjustments.column("carc")]
            let rarc = row[adjustments.column("rarc")]
            let code = rarc.isEmpty ? carc : carc + "/" + rarc
            guard codes.contains(code),
                  let encounter = encounterOfClaim[row[adjustments.column("claim_id")]] else { continue }
            denials[encounter, default: 0] += 1
        }
        return denials
    }

    @Test func lowScoringRegistrarsCauseMoreRegistrationDenials() {
        let scores = latestScores(skill: "registration")
        let denials = firstRemitDenials(codes: Self.registrationCodes)
        let encounters = fixture[.encounters]
        var touched: [Bool: Int] = [:]
        var denied: [Bool: Int] = [:]
        for row in encounters.rows {
            guard let score = scores[row[encounters.column("registered_by")]] else { continue }
            let low = score < Proficiency.passMark
            touched[low, default: 0] += 1
            denied[low, default: 0] += denials[row[encounters.column("encounter_id")], default: 0]
        }
        let lowRate = Double(denied[true, default: 0]) / Double(max(touched[true, default: 0], 1))
        let highRate = Double(denied[false, default: 0]) / Double(max(touched[false, default: 0], 1))
        #expect(touched[true, default: 0] > 500 && touched[false, default: 0] > 500)
        #expect(lowRate > 1.8 * highRate, "low \(lowRate) vs high \(highRate) per encounter")
    }

    /// A small organization has few coders, sometimes none below the pass mark, so coders are
    /// split at their median score instead.
    @Test func lowerScoringCodersCauseMoreCodingDenials() {
        let scores = latestScores(skill: "coding")
        let median = scores.values.sorted()[scores.count / 2]
        let codingCodes: Set<String> = ["4", "146", "11", "97", "236", "16/M76"]
        let denials = firstRemitDenials(codes: codingCodes)
        let claims = fixture[.claims]
        var touched: [Bool: Int] = [:]
        var denied: [Bool: Int] = [:]
        for row in claims.rows where !row[claims.column("claim_id")].contains("-") {
            guard let score = scores[row[claims.column("coded_by")]] else { continue }
            let low = score < median
            touched[low, default: 0] += 1
            denied[low, default: 0] += denials[row[claims.column("encounter_id")], default: 0]
        }
        let lowRate = Double(denied[true, default: 0]) / Double(max(touched[true, default: 0], 1))
        let highRate = Double(denied[false, default: 0]) / Double(max(touched[false, default: 0], 1))
        #expect(lowRate > highRate, "low \(lowRate) vs high \(highRate) per claim")
    }

    @Test func assessmentScoresTrackLatentProficiency() {
        var builder = RosterBuilder(options: GeneratorOptions(encounters: 5000, seed: 1))
        let roster = builder.build()
        let scores = latestScores(skill: "registration")
        for person in roster.staff where person.role == .patientAccess {
            guard let score = scores[String(decoding: person.id, as: UTF8.self)] else { continue }
            #expect(abs(score - person.proficiency) < 0.15)
        }
    }
}
