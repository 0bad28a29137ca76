/// Everything generated for one encounter before it is written: the visit, its charges, claims,
/// remits, adjustments, payments and workqueue items.
///
/// One instance is reused for every encounter of a chunk (`reset` keeps the arrays' capacity),
/// so the hot path allocates nothing per encounter.
struct EncounterRecord {
    struct Charge {
        var item: ChargeItem
        var revenueCode: [UInt8]
        var codeMissing = false
        var modifier: [UInt8] = []
        var diagnoses: (Int, Int) = (0, -1)
        var truncatedDiagnosis = false
        var units = 1
        var amount: Int64 = 0
        var serviceDay = 0
        var postedAt: Int64 = 0
        var enteredBy = 0
    }

    struct Claim {
        /// 1 for the original claim, 2 for a duplicate submitted by mistake.
        var sequence = 1
        var coder = 0
        var biller = 0
        var finalBilledAt: Int64 = 0
        var submittedAt: Int64?
        var rejectedAt: Int64?
        var scrubberEdits = 0
        var manualTouches = 0
        var totalCharge: Int64 = 0
        var status: ClaimStatus = .submitted
        var balance: Int64 = 0
    }

    struct Remit {
        var sequence = 1
        var claimSequence = 1
        var receivedDay = 0
        var denied = false
        var charge: Int64 = 0
        var paid: Int64 = 0
        var patientResponsibility: Int64 = 0
        var payerClaimNumber: UInt64 = 0
    }

    struct Adjustment {
        var claimSequence = 1
        var remitSequence = 1
        /// Index into `charges`, or -1 for a claim-level adjustment.
        var chargeIndex = -1
        var code: RemitCode
        var amount: Int64
    }

    struct Payment {
        var receivedAt: Int64
        var amount: Int64
        var fromPayer: Bool
        var method: PaymentMethod
        var collectedBy: Int?
        var pointOfService: Bool
    }

    struct WorkItem {
        var claimSequence = 1
        var queue: WorkQueue
        var reason: [UInt8]
        var createdAt: Int64
        var resolvedAt: Int64?
        var resolvedBy: Int?
        var touches: Int
    }

    var number = 0
    var patient = 0
    var facility = 0
    var department = ClinicalDepartment.familyMedicine
    var encounterClass = EncounterClass.ambulatory
    var scheduledAt: Int64?
    var serviceDay = 0
    var arrivalAt: Int64 = 0
    var dischargeDay: Int?
    var registrar = 0
    var preregisteredAt: Int64?
    var payer = 0
    /// Member id digits; `memberIdState` says whether the id is missing or malformed.
    var memberNumber: UInt64 = 0
    var memberIdState = MemberIdState.valid
    var eligibilityVerifiedAt: Int64?
    var authorizationRequired = false
    var authorizationNumber: UInt64?
    var authorizationObtainedAt: Int64?
    var attending = 0

    var charges: [Charge] = []
    var claims: [Claim] = []
    var remits: [Remit] = []
    var adjustments: [Adjustment] = []
    var payments: [Payment] = []
    var workItems: [WorkItem] = []

    mutating func reset() {
        scheduledAt = nil
        dischargeDay = nil
        preregisteredAt = nil
        memberIdState = .valid
        eligibilityVerifiedAt = nil
        authorizationRequired = false
        authorizationNumber = nil
        authorizationObtainedAt = nil
        charges.removeAll(keepingCapacity: true)
        claims.removeAll(keepingCapacity: true)
        remits.removeAll(keepingCapacity: true)
        adjustments.removeAll(keepingCapacity: true)
        payments.removeAll(keepingCapacity: true)
        workItems.removeAll(keepingCapacity: true)
    }
}

enum MemberIdState: Sendable { case valid, missing, malformed }

/// Claim statuses as of the extract date (documented in docs/generate.md).
enum ClaimStatus: String, CaseIterable, Sendable {
    case billed, submitted, rejected, paid, denied, appealed, writtenOff = "written_off"
}

enum PaymentMethod: String, CaseIterable, Sendable {
    case eft, card, cash, check, online
}

enum WorkQueue: String, CaseIterable, Sendable {
    case claimEdits = "claim_edits", rejections, denials
}
