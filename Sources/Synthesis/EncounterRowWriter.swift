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
        let cutoff = options.cutoff
        let number = record.number
        let payer = Payer.all[record.payer]
        writeEncounter(record, payer: payer, to: out.encounters)

        let claimExported = record.claims.first.map { $0.finalBilledAt <= cutoff } ?? false
        for (index, charge) in record.charges.enumerated() where charge.postedAt <= cutoff {
            let b = charge
            out.charges.id(Prefix.charge, number, width: encounterWidth, sequence: index + 1)
            out.charges.id(Prefix.encounter, number, width: encounterWidth)
            if claimExported { out.charges.id(Prefix.claim, number, width: encounterWidth) } else { out.charges.empty() }
            out.charges.date(b.serviceDay)
            out.charges.datetime(b.postedAt)
            if b.codeMissing { out.charges.empty() } else { out.charges.raw(b.item.code) }
            out.charges.raw(b.revenueCode)
            out.charges.raw(b.modifier)
            let dept = record.department.rawValue
            out.charges.listItem(b.truncatedDiagnosis ? diagnosisCategories[dept][b.diagnoses.0]
                                 : diagnoses[dept][b.diagnoses.0], first: true)
            if b.diagnoses.1 >= 0 { out.charges.listItem(diagnoses[dept][b.diagnoses.1], first: false) }
            out.charges.endList()
            out.charges.int(b.units)
            out.charges.money(cents: b.amount)
            out.charges.raw(staffIds[b.enteredBy])
            out.charges.raw(staffIds[record.attending])
            out.charges.raw(departments[dept])
            out.charges.endRow()
        }

        for claim in record.claims where claim.finalBilledAt <= cutoff {
            let c = claim
            claimId(number, c.sequence, out.claims)
            out.claims.id(Prefix.encounter, number, width: encounterWidth)
            out.claims.raw(payer.id)
            out.claims.raw(record.encounterClass.isInstitutional ? institutional : professional)
            out.claims.raw(originalClaim)
            out.claims.datetime(c.finalBilledAt)
            out.claims.datetime(c.submittedAt.flatMap { $0 <= cutoff ? $0 : nil })
            out.claims.money(cents: c.totalCharge)
            out.claims.int(c.scrubberEdits)
            out.claims.int(c.manualTouches)
            out.claims.datetime(c.rejectedAt.flatMap { $0 <= cutoff ? $0 : nil })
            out.claims.raw(staffIds[c.coder])
            out.claims.raw(staffIds[c.biller])
            out.claims.raw(statusNames[c.status] ?? [])
            out.claims.money(cents: c.balance)
            out.claims.endRow()
        }

        let endDay = options.endDay
        for remit in record.remits where remit.receivedDay <= endDay {
            out.remits.id(Prefix.remit, number, width: encounterWidth, sequence: remit.sequence)
            claimId(number, remit.claimSequence, out.remits)
            out.remits.raw(payer.id)
            out.remits.date(remit.receivedDay)
            out.remits.raw(remit.denied ? deniedStatus : primaryStatus)
            out.remits.money(cents: remit.charge)
            out.remits.money(cents: remit.paid)
            out.remits.money(cents: remit.patientResponsibility)
            out.remits.id(payer.memberPrefix, Int(remit.payerClaimNumber), width: 12)
            out.remits.endRow()
        }

        for adjustment in record.adjustments {
            guard let remit = record.remits.first(where: { $0.sequence == adjustment.remitSequence }),
                  remit.receivedDay <= endDay else { continue }
            claimId(number, adjustment.claimSequence, out.adjustments)
            out.adjustments.id(Prefix.remit, number, width: encounterWidth, sequence: adjustment.remitSequence)
            if adjustment.chargeIndex >= 0 {
                out.adjustments.id(Prefix.charge, number, width: encounterWidth, sequence: adjustment.chargeIndex + 1)
            } else {
                out.adjustments.empty()
            }
            out.adjustments.raw(adjustment.code.group)
            out.adjustments.raw(adjustment.code.carc)
            out.adjustments.raw(adjustment.code.rarc)
            out.adjustments.money(cents: adjustment.amount)
            out.adjustments.endRow()
        }

        var paymentSequence = 0
        for payment in record.payments where payment.receivedAt <= cutoff {
            paymentSequence += 1
            out.payments.id(Prefix.payment, number, width: encounterWidth, sequence: paymentSequence)
            out.payments.id(Prefix.encounter, number, width: encounterWidth)
            out.payments.id(Prefix.patient, record.patient + 1, width: patientWidth)
            out.payments.datetime(payment.receivedAt)
            out.payments.money(cents: payment.amount)
            out.payments.raw(payment.fromPayer ? payerSource : patientSource)
            out.payments.raw(methodNames[payment.method] ?? [])
            if let collector = payment.collectedBy { out.payments.raw(staffIds[collector]) } else { out.payments.empty() }
            out.payments.bool(payment.pointOfService)
            out.payments.endRow()
        }

        var itemSequence = 0
        for item in record.workItems where item.createdAt <= cutoff {
            itemSequence += 1
            out.workqueue.id(Prefix.item, number, width: encounterWidth, sequence: itemSequence)
            claimId(number, item.claimSequence, out.workqueue)
            out.workqueue.id(Prefix.encounter, number, width: encounterWidth)
            out.workqueue.raw(queueNames[item.queue] ?? [])
            out.workqueue.text(item.reason)
            out.workqueue.datetime(item.createdAt)
            let resolved = item.resolvedAt.flatMap { $0 <= cutoff ? $0 : nil }
            out.workqueue.datetime(resolved)
            if resolved != nil, let by = item.resolvedBy { out.workqueue.raw(staffIds[by]) } else { out.workqueue.empty() }
            out.workqueue.int(item.touches)
            out.workqueue.endRow()
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
