/// The upstream errors drawn for one encounter, and where each was (or was not) caught.
///
/// The planner draws them from the people involved; the adjudicator turns them into scrubber
/// edits, clearinghouse rejections and payer denials.
struct PlantedErrors {
    /// Where an error surfaces: fixed before submission, bounced by the clearinghouse
    /// (DOMAIN.md 2.1 item 5: a rejection never reaches adjudication), or denied by the payer.
    enum Outcome { case none, scrubberEdit, rejection, denial }

    var eligibilityDenied = false
    var demographics = Outcome.none
    var wrongPayer = false
    /// Index into `DenialCause.authorization.remitCodes` (0 = absent, 1 = obtained late), or -1.
    var authorizationDenialCode = -1
    var documentationDenialCode = -1
    var coding = Outcome.none
    var codingCode = 0
    var chargeCapture = Outcome.none
    var chargeCaptureCode = 0
    var chargeCaptureLine = 0
    var credentialingDenialCode = -1
    var billing = Outcome.none
    var duplicateClaim = false

    /// Draws where an error that was made surfaces.
    static func outcome(scrubber: Double, rejection: Double, random: inout SeededRandom) -> Outcome {
        let draw = random.unit()
        if draw < scrubber { return .scrubberEdit }
        if draw < scrubber + rejection { return .rejection }
        return .denial
    }
}

/// Base error rates per encounter (or per charge line) for a person exactly at the pass mark;
/// `Proficiency.errorFactor` scales them per person. Chosen so that about one claim in ten is
/// denied on first pass and registration-side causes are the largest group, as DOMAIN.md 3.3
/// reports (registration/eligibility ≈ 27% of denials).
enum BaseErrorRate {
    static let eligibilityNotVerified = 0.05
    static let eligibilityDeniedWhenMissing = 0.45
    static let eligibilityDeniedWhenLate = 0.30
    /// Coverage that changed after a proper verification: nobody's error.
    static let eligibilityBackground = 0.001
    static let demographics = 0.03
    static let wrongPayer = 0.006
    static let authorizationMissing = 0.06
    static let authorizationLate = 0.04
    static let authorizationDeniedWhenMissing = 0.75
    static let authorizationDeniedWhenLate = 0.45
    static let preregistrationSkipped = 0.08
    static let documentation = 0.025
    static let documentationBackground = 0.004
    static let coding = 0.045
    static let chargeLine = 0.012
    static let lateChargeLine = 0.012
    static let credentialing = 0.004
    static let billing = 0.05
    static let duplicate = 0.006
}
