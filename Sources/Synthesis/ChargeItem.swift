/// A chargemaster line: CPT/HCPCS code, revenue code and list price.
///
/// Prices are the synthetic hospital's own chargemaster values (gross charges), not payment
/// rates. Codes are real CPT/HCPCS and NUBC revenue codes chosen for recognisable services.
struct ChargeItem: Sendable {
    enum Modifier: Sendable {
        case none
        /// Needs RT or LT (DOMAIN.md 2.2 edit 12: laterality modifiers).
        case laterality
    }

    let code: [UInt8]
    let revenueCode: [UInt8]
    let priceCents: Int64
    let modifier: Modifier
    /// Whether payers that use prior authorization require it for this service.
    let needsAuthorization: Bool
    /// Nursing charges (IV pushes, drugs) are entered by clinicians, not charge capture staff.
    let enteredByClinician: Bool
    /// Evaluation and management visits take modifier 25 when a procedure is billed beside them.
    let isEvaluation: Bool

    init(_ code: String, _ revenueCode: String, _ dollars: Int, modifier: Modifier = .none,
         auth: Bool = false, clinician: Bool = false, evaluation: Bool = false) {
        self.code = Array(code.utf8)
        self.revenueCode = Array(revenueCode.utf8)
        self.priceCents = Int64(dollars) * 100
        self.modifier = modifier
        self.needsAuthorization = auth
        self.enteredByClinician = clinician
        self.isEvaluation = evaluation
    }
}

/// The chargemaster, grouped the way encounter generation draws from it.
struct Chargemaster: Sendable {
    let officeVisits = [ChargeItem("99212", "0510", 110, evaluation: true),
                        ChargeItem("99213", "0510", 185, evaluation: true),
                        ChargeItem("99214", "0510", 270, evaluation: true),
                        ChargeItem("99215", "0510", 365, evaluation: true)]
    let emergencyVisits = [ChargeItem("99283", "0450", 620, evaluation: true),
                           ChargeItem("99284", "0450", 980, evaluation: true),
                           ChargeItem("99285", "0450", 1520, evaluation: true)]
    let venipuncture = ChargeItem("36415", "0300", 25)
    let labs = [ChargeItem("80053", "0301", 145), ChargeItem("85025", "0305", 65),
                ChargeItem("84484", "0301", 98), ChargeItem("81001", "0307", 35)]
    let plainImaging = [ChargeItem("71046", "0324", 285), ChargeItem("93000", "0730", 95)]
    let advancedImaging = [ChargeItem("70450", "0351", 1450, auth: true),
                           ChargeItem("74177", "0352", 3100, auth: true),
                           ChargeItem("72148", "0610", 2450, auth: true),
                           ChargeItem("93306", "0483", 2100, auth: true)]
    let jointInjection = ChargeItem("20610", "0510", 320, modifier: .laterality)
    let therapy = ChargeItem("97110", "0420", 160)
    let orthopedicProcedures = [ChargeItem("29881", "0360", 9800, modifier: .laterality, auth: true),
                                ChargeItem("27447", "0360", 42000, modifier: .laterality, auth: true)]
    let surgicalProcedures = [ChargeItem("45378", "0750", 3100),
                              ChargeItem("49505", "0360", 14500, auth: true),
                              ChargeItem("47562", "0360", 29800, auth: true),
                              ChargeItem("44970", "0360", 26500)]
    let cardiologyProcedures = [ChargeItem("93306", "0483", 2100, auth: true),
                                ChargeItem("93000", "0730", 95)]
    let nursing = [ChargeItem("96374", "0260", 320, clinician: true),
                   ChargeItem("96360", "0260", 410, clinician: true)]
    let drugs = [ChargeItem("J1100", "0636", 12, clinician: true),
                 ChargeItem("J2405", "0636", 15, clinician: true),
                 ChargeItem("J1885", "0636", 18, clinician: true)]
    /// Semi-private room and board, per day; room charges carry no CPT/HCPCS code.
    let roomAndBoard = ChargeItem("", "0120", 2850, auth: true)
    /// Observation hours.
    let observationHour = ChargeItem("G0378", "0762", 95)

    /// Revenue codes a charge-capture slip puts on a line whose code needs another (CARC 199).
    let mismatchedRevenueCodes: [[UInt8]] = [Array("0450".utf8), Array("0250".utf8),
                                             Array("0300".utf8), Array("0510".utf8)]
}
