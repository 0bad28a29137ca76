/// The upstream failures the generator plants, and the remit codes each one produces.
///
/// Every mapping comes from DOMAIN.md: section 2.2 (which front-end edit catches which error and
/// the CARC if it is missed), 3.3 (category → originating role), 3.4 (CARC meanings) and 3.5
/// (RARCs that give CARC 16 its meaning). The generator invents no codes.
enum DenialCause: Int, CaseIterable, Sendable {
    /// Eligibility not verified (or verified after the visit) and coverage was not active:
    /// CARC 27 / 31 / 26 (DOMAIN 2.2 edit 4; 3.3 eligibility → PA).
    case eligibility
    /// Wrong or missing member id or demographics: CARC 31, 140, 16 + N382 (edits 1–2).
    case demographics
    /// Wrong payer or plan selected at registration: CARC 109 (edit 5).
    case wrongPayer
    /// Prior authorization absent: CARC 197; obtained only after the service: CARC 15 (edit 7).
    case authorization
    /// Clinical documentation does not support the service: CARC 50, 150, 252 + N706 (3.3).
    case documentation
    /// Code, modifier or diagnosis errors: CARC 4, 146, 11, 97, 236, 16 + M76 (edits 10–15).
    case coding
    /// Revenue code / procedure mismatch or missing code: CARC 199, 16 + M51 (edit 18; 3.3).
    case chargeCapture
    /// Rendering provider not enrolled with the payer: CARC 185, 16 + N290 (edit 9; 3.3).
    case credentialing
    /// Claim submitted after the payer's filing limit because of upstream lag: CARC 29 (edit 23).
    case timelyFiling
    /// The same claim submitted twice: OA-18 (edit 21; 3.1 gives OA-18 as the usual group).
    case duplicate
    /// Claim built with submission errors: CARC 16 + MA130 (3.5).
    case billing

    /// The role that originates the failure (DOMAIN.md 3.3), as written in workqueue reasons.
    var originatingRole: StaffRole {
        switch self {
        case .eligibility, .demographics, .wrongPayer, .authorization: return .patientAccess
        case .documentation: return .provider
        case .coding: return .coding
        case .chargeCapture: return .chargeCapture
        case .credentialing: return .credentialing
        case .timelyFiling, .duplicate, .billing: return .billing
        }
    }

    /// Remit codes the payer uses for this cause, with weights. `lineLevel` codes deny one
    /// charge line (the adjustment carries `charge_id`); the rest deny the whole claim.
    var remitCodes: [RemitCode] { Self.codeTable[rawValue] }

    /// The weights of `remitCodes`, for `SeededRandom.weighted`.
    var remitCodeWeights: [Double] { Self.weightTable[rawValue] }

    /// Built once: the hot path only indexes these tables.
    private static let codeTable: [[RemitCode]] = allCases.map { $0.makeRemitCodes() }
    private static let weightTable: [[Double]] = codeTable.map { $0.map(\.weight) }

    /// Positions in the coding list that leave visible evidence on the charges.
    static let codingMissingModifier = 0
    static let codingInvalidDiagnosis = 1

    private func makeRemitCodes() -> [RemitCode] {
        switch self {
        case .eligibility:
            return [RemitCode("27", weight: 0.55, "coverage terminated before the service"),
                    RemitCode("31", weight: 0.30, "patient cannot be identified as insured"),
                    RemitCode("26", weight: 0.15, "service before coverage began")]
        case .demographics:
            return [RemitCode("31", weight: 0.40, "patient cannot be identified as insured"),
                    RemitCode("140", weight: 0.30, "member id and name do not match"),
                    RemitCode("16", rarc: "N382", weight: 0.30, "missing or invalid patient identifier")]
        case .wrongPayer:
            return [RemitCode("109", weight: 1, "not covered by this payer")]
        case .authorization:
            // The planner picks by evidence: index 0 when no authorization was obtained,
            // index 1 when it was obtained only after the service.
            return [RemitCode("197", weight: 0.8, "prior authorization absent"),
                    RemitCode("15", weight: 0.2, "authorization not valid for these services")]
        case .documentation:
            return [RemitCode("50", weight: 0.45, "not medically necessary as documented"),
                    RemitCode("252", rarc: "N706", weight: 0.35, "documentation required"),
                    RemitCode("150", weight: 0.20, "documentation does not support level of service")]
        case .coding:
            return [RemitCode("4", weight: 0.25, lineLevel: true, "required modifier missing"),
                    RemitCode("146", weight: 0.20, "diagnosis invalid for date of service"),
                    RemitCode("11", weight: 0.15, "diagnosis inconsistent with procedure"),
                    RemitCode("97", weight: 0.20, lineLevel: true, "service bundled into another"),
                    RemitCode("236", weight: 0.08, lineLevel: true, "NCCI procedure pair conflict"),
                    RemitCode("16", rarc: "M76", weight: 0.12, "missing or invalid diagnosis")]
        case .chargeCapture:
            return [RemitCode("199", weight: 0.7, lineLevel: true, "revenue code does not match procedure"),
                    RemitCode("16", rarc: "M51", weight: 0.3, "missing or invalid procedure code")]
        case .credentialing:
            return [RemitCode("185", weight: 0.6, "rendering provider not eligible"),
                    RemitCode("16", rarc: "N290", weight: 0.4, "missing or invalid rendering provider id")]
        case .timelyFiling:
            return [RemitCode("29", weight: 1, "filing limit expired")]
        case .duplicate:
            return [RemitCode("18", group: "OA", weight: 1, "exact duplicate claim")]
        case .billing:
            return [RemitCode("16", rarc: "MA130", weight: 1, "claim unprocessable, submission error")]
        }
    }

    /// What the workqueue reason says about the upstream step, in the analyst's words.
    var upstreamStep: String {
        switch self {
        case .eligibility: return "eligibility not verified before service (patient access)"
        case .demographics: return "registration demographics or member id wrong (patient access)"
        case .wrongPayer: return "wrong payer selected at registration (patient access)"
        case .authorization: return "prior authorization missing or late (patient access)"
        case .documentation: return "documentation does not support the service (provider)"
        case .coding: return "coding error (coding)"
        case .chargeCapture: return "charge entry error (charge capture)"
        case .credentialing: return "provider not enrolled with payer (credentialing)"
        case .timelyFiling: return "billed after filing limit due to upstream lag (billing)"
        case .duplicate: return "duplicate claim submitted (billing)"
        case .billing: return "claim built with submission errors (billing)"
        }
    }

    /// Share of denials of this cause that are overturned after a fix, resubmission or appeal.
    var recoveryRate: Double {
        switch self {
        case .eligibility: return 0.35
        case .demographics: return 0.85
        case .wrongPayer: return 0.70
        case .authorization: return 0.40
        case .documentation: return 0.50
        case .coding: return 0.80
        case .chargeCapture: return 0.75
        case .credentialing: return 0.60
        case .timelyFiling: return 0.10
        case .duplicate: return 0
        case .billing: return 0.90
        }
    }
}

/// A group code, CARC and optional RARC with the meaning used in workqueue reasons.
struct RemitCode: Sendable {
    let group: [UInt8]
    let carc: [UInt8]
    let rarc: [UInt8]
    let weight: Double
    let lineLevel: Bool
    let meaning: String
    /// `CO-197` or `CO-16/N382`, as workqueue reasons cite it.
    let label: String

    init(_ carc: String, group: String = "CO", rarc: String = "", weight: Double,
         lineLevel: Bool = false, _ meaning: String) {
        self.group = Array(group.utf8)
        self.carc = Array(carc.utf8)
        self.rarc = Array(rarc.utf8)
        self.weight = weight
        self.lineLevel = lineLevel
        self.meaning = meaning
        self.label = group + "-" + carc + (rarc.isEmpty ? "" : "/" + rarc)
    }
}
