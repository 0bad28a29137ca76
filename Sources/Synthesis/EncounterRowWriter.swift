/// Writes one `EncounterRecord` as rows of the seven encounter-driven datasets, leaving out
/// whatever happened after the extract date (SPEC: an export is a snapshot).
struct EncounterRowWriter: Sendable {
    /// Output buffers of one chunk of encounters, one per dataset.
    struct Buffers: Sendable {
        let encounters: CSVBuffer
        let charges: CSVBuffer
        let claims: CSVBuffer
        let remits: CSVBuffer
        let adjustments: CSVBuffer
        let payments: CSVBuffer
        let workqueue: CSVBuffer

        /// Sized for one chunk of `OrganizationGenerator.chunkSize` encounters.
        init(capacity: Int = 1 << 20) {
            encounters = CSVBuffer(capacity: capacity)
            charges = CSVBuffer(capacity: capacity * 2)
            claims = CSVBuffer(capacity: capacity)
            remits = CSVBuffer(capacity: capacity / 2)
            adjustments = CSVBuffer(capacity: capacity / 2)
            payments = CSVBuffer(capacity: capacity / 2)
            workqueue = CSVBuffer(capacity: capacity / 4)
        }
    }

    let options: GeneratorOptions
    let roster: Roster
    let diagnoses: [[[UInt8]]]
    let diagnosisCategories: [[[UInt8]]]
    /// Staff ids by roster index, so rows copy an id without copying a whole `StaffMember`.
    private let staffIds: [[UInt8]]
    private let encounterWidth: Int
    private let patientWidth: Int
    private let departments: [[UInt8]] = ClinicalDepartment.allCases.map { Array($0.name.utf8) }
    private let classes: [[UInt8]] = EncounterClass.allCases.map { Array($0.name.utf8) }
    private let facilities: [[UInt8]] = [Array("MAIN".utf8), Array("NORTH".utf8)]
    private let institutional = Array("institutional".utf8)
    private let professional = Array("professional".utf8)
    private let originalClaim = Array("1".utf8)
    private let deniedStatus = Array("4".utf8)
    private let primaryStatus = Array("1".utf8)
    private let payerSource = Array("payer".utf8)
    private let patientSource = Array("patient".utf8)
    private let statusNames = Dictionary(uniqueKeysWithValues: ClaimStatus.allCases.map { ($0, Array($0.rawValue.utf8)) })
    private let methodNames = Dictionary(uniqueKeysWithValues: PaymentMethod.allCases.map { ($0, Array($0.rawValue.utf8)) })
    private let queueNames = Dictionary(uniqueKeysWithValues: WorkQueue.allCases.map { ($0, Array($0.rawValue.utf8)) })

    private enum Prefix {
        static let encounter = Array("E".utf8)
        static let patient = Array("P".utf8)
        static let charge = Array("CH".utf8)
        static let claim = Array("CL".utf8)
        static let remit = Array("RM".utf8)
        static let payment = Array("PY".utf8)
        static let item = Array("WQ".utf8)
        static let auth = Array("PA".utf8)
        static let none: [UInt8] = []
    }

    init(options: GeneratorOptions, roster: Roster, chargeBuilder: ChargeBuilder) {
        self.options = options
        self.roster = roster
        diagnoses = chargeBuilder.diagnoses
        diagnosisCategories = chargeBuilder.diagnosisCategories
        staffIds = roster.staff.map(\.id)
        encounterWidth = IdFormat.encounterWidth(options)
        patientWidth = IdFormat.patientWidth(options)
    }

    func write(_ record: EncounterRecord, to out: Buffers) {
        let payer = Payer.all[record.payer]
        writeEncounter(record, payer: payer, to: out.encounters)
        writeCharges(record, to: out.charges)
        writeClaims(record, payer: payer, to: out.claims)
        writeRemits(record, payer: payer, to: out.remits)
        writeAdjustments(record, to: out.adjustments)
        writePayments(record, to: out.payments)
        writeWorkItems(record, to: out.workqueue)
    }

    /// Charges posted by the extract; `claim_id` only once the claim has been final-billed.
    private func writeCharges(_ record: EncounterRecord, to buffer: CSVBuffer) {
        let cutoff = options.cutoff
        let number = record.number
        let department = record.department.rawValue
        let claimExported = record.claims.first.map { $0.finalBilledAt <= cutoff } ?? false
        for (index, charge) in record.charges.enumerated() where charge.postedAt <= cutoff {
            buffer.id(Prefix.charge, number, width: encounterWidth, sequence: index + 1)
            buffer.id(Prefix.encounter, number, width: encounterWidth)
            if claimExported { buffer.id(Prefix.claim, number, width: encounterWidth) } else { buffer.empty() }
            buffer.date(charge.serviceDay)
            buffer.datetime(charge.postedAt)
            if charge.codeMissing { buffer.empty() } else { buffer.raw(charge.item.code) }
            buffer.raw(charge.revenueCode)
            buffer.raw(charge.modifier)
            buffer.listItem(charge.truncatedDiagnosis ? diagnosisCategories[department][charge.diagnoses.0]
                            : diagnoses[department][charge.diagnoses.0], first: true)
            if charge.diagnoses.1 >= 0 { buffer.listItem(diagnoses[department][charge.diagnoses.1], first: false) }
            buffer.endList()
            buffer.int(charge.units)
            buffer.money(cents: charge.amount)
            buffer.raw(staffIds[charge.enteredBy])
            buffer.raw(staffIds[record.attending])
            buffer.raw(departments[department])
            buffer.endRow()
        }
    }

    /// Claims final-billed by the extract; later submission and rejection times are left empty.
    private func writeClaims(_ record: EncounterRecord, payer: Payer, to buffer: CSVBuffer) {
        let cutoff = options.cutoff
        for claim in record.claims where claim.finalBilledAt <= cutoff {
            claimId(record.number, claim.sequence, buffer)
            buffer.id(Prefix.encounter, record.number, width: encounterWidth)
            buffer.raw(payer.id)
            buffer.raw(record.encounterClass.isInstitutional ? institutional : professional)
            buffer.raw(originalClaim)
            buffer.datetime(claim.finalBilledAt)
            buffer.datetime(claim.submittedAt.flatMap { $0 <= cutoff ? $0 : nil })
            buffer.money(cents: claim.totalCharge)
            buffer.int(claim.scrubberEdits)
            buffer.int(claim.manualTouches)
            buffer.datetime(claim.rejectedAt.flatMap { $0 <= cutoff ? $0 : nil })
            buffer.raw(staffIds[claim.coder])
            buffer.raw(staffIds[claim.biller])
            buffer.raw(statusNames[claim.status] ?? [])
            buffer.money(cents: claim.balance)
            buffer.endRow()
        }
    }

    private func writeRemits(_ record: EncounterRecord, payer: Payer, to buffer: CSVBuffer) {
        for remit in record.remits where remit.receivedDay <= options.endDay {
            buffer.id(Prefix.remit, record.number, width: encounterWidth, sequence: remit.sequence)
            claimId(record.number, remit.claimSequence, buffer)
            buffer.raw(payer.id)
            buffer.date(remit.receivedDay)
            buffer.raw(remit.denied ? deniedStatus : primaryStatus)
            buffer.money(cents: remit.charge)
            buffer.money(cents: remit.paid)
            buffer.money(cents: remit.patientResponsibility)
            buffer.id(payer.memberPrefix, Int(remit.payerClaimNumber), width: 12)
            buffer.endRow()
        }
    }

    /// Adjustments of the remits in the extract.
    private func writeAdjustments(_ record: EncounterRecord, to buffer: CSVBuffer) {
        let number = record.number
        for adjustment in record.adjustments {
            guard let remit = record.remits.first(where: { $0.sequence == adjustment.remitSequence }),
                  remit.receivedDay <= options.endDay else { continue }
            claimId(number, adjustment.claimSequence, buffer)
            buffer.id(Prefix.remit, number, width: encounterWidth, sequence: adjustment.remitSequence)
            if adjustment.chargeIndex >= 0 {
                buffer.id(Prefix.charge, number, width: encounterWidth, sequence: adjustment.chargeIndex + 1)
            } else {
                buffer.empty()
            }
            buffer.raw(adjustment.code.group)
            buffer.raw(adjustment.code.carc)
            buffer.raw(adjustment.code.rarc)
            buffer.money(cents: adjustment.amount)
            buffer.endRow()
        }
    }

    /// Payments received by the extract, numbered in the order they arrived.
    private func writePayments(_ record: EncounterRecord, to buffer: CSVBuffer) {
        var sequence = 0
        for payment in record.payments where payment.receivedAt <= options.cutoff {
            sequence += 1
            buffer.id(Prefix.payment, record.number, width: encounterWidth, sequence: sequence)
            buffer.id(Prefix.encounter, record.number, width: encounterWidth)
            buffer.id(Prefix.patient, record.patient + 1, width: patientWidth)
            buffer.datetime(payment.receivedAt)
            buffer.money(cents: payment.amount)
            buffer.raw(payment.fromPayer ? payerSource : patientSource)
            buffer.raw(methodNames[payment.method] ?? [])
            if let collector = payment.collectedBy { buffer.raw(staffIds[collector]) } else { buffer.empty() }
            buffer.bool(payment.pointOfService)
            buffer.endRow()
        }
    }

    /// Workqueue items opened by the extract; items resolved later are still open in it.
    private func writeWorkItems(_ record: EncounterRecord, to buffer: CSVBuffer) {
        let cutoff = options.cutoff
        var sequence = 0
        for item in record.workItems where item.createdAt <= cutoff {
            sequence += 1
            buffer.id(Prefix.item, record.number, width: encounterWidth, sequence: sequence)
            claimId(record.number, item.claimSequence, buffer)
            buffer.id(Prefix.encounter, record.number, width: encounterWidth)
            buffer.raw(queueNames[item.queue] ?? [])
            buffer.text(item.reason)
            buffer.datetime(item.createdAt)
            let resolved = item.resolvedAt.flatMap { $0 <= cutoff ? $0 : nil }
            buffer.datetime(resolved)
            if resolved != nil, let by = item.resolvedBy { buffer.raw(staffIds[by]) } else { buffer.empty() }
            buffer.int(item.touches)
            buffer.endRow()
        }
    }

    @inline(__always)
    private func claimId(_ number: Int, _ sequence: Int, _ buffer: CSVBuffer) {
        if sequence == 1 {
            buffer.id(Prefix.claim, number, width: encounterWidth)
        } else {
            buffer.id(Prefix.claim, number, width: encounterWidth, sequence: sequence)
        }
    }

    private func writeEncounter(_ record: EncounterRecord, payer: Payer, to buffer: CSVBuffer) {
        buffer.id(Prefix.encounter, record.number, width: encounterWidth)
        buffer.id(Prefix.patient, record.patient + 1, width: patientWidth)
        buffer.raw(facilities[record.facility])
        buffer.raw(departments[record.department.rawValue])
        buffer.raw(classes[record.encounterClass.rawValue])
        buffer.datetime(record.scheduledAt)
        buffer.date(record.serviceDay)
        buffer.date(record.dischargeDay)
        buffer.raw(staffIds[record.registrar])
        buffer.datetime(record.preregisteredAt)
        buffer.raw(payer.id)
        buffer.raw(payer.financialClass)
        switch record.memberIdState {
        case _ where payer.isSelfPay, .missing: buffer.empty()
        case .valid: buffer.id(payer.memberPrefix, Int(record.memberNumber), width: 9)
        case .malformed: buffer.id(payer.memberPrefix, Int(record.memberNumber / 1000), width: 5)
        }
        buffer.datetime(record.eligibilityVerifiedAt.flatMap { $0 <= options.cutoff ? $0 : nil })
        buffer.bool(record.authorizationRequired)
        if let number = record.authorizationNumber { buffer.id(Prefix.auth, Int(number), width: 8) } else { buffer.empty() }
        buffer.datetime(record.authorizationObtainedAt.flatMap { $0 <= options.cutoff ? $0 : nil })
        buffer.raw(staffIds[record.attending])
        buffer.endRow()
    }
}
