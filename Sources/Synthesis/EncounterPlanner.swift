/// Draws one encounter: the visit, the people who touched it, its registration facts and the
/// upstream errors those people made. Charges are delegated to `ChargeBuilder`, the claim's fate
/// to `ClaimAdjudicator`.
struct EncounterPlanner: Sendable {
    let options: GeneratorOptions
    let roster: Roster
    let chargeBuilder: ChargeBuilder
    private let payerWeights: [Double]
    private let departmentChoices: [[ClinicalDepartment]]
    private let departmentWeights: [[Double]]
    private let medicare: Int
    private let windowDays: Int

    init(options: GeneratorOptions, roster: Roster) {
        self.options = options
        self.roster = roster
        chargeBuilder = ChargeBuilder(roster: roster)
        payerWeights = Payer.all.map(\.share)
        departmentChoices = EncounterClass.allCases.map { $0.departments.map(\.0) }
        departmentWeights = EncounterClass.allCases.map { $0.departments.map(\.1) }
        medicare = Payer.all.firstIndex { $0.financialClass == Array("medicare".utf8) } ?? 0
        windowDays = options.endDay - options.startDay + 1
    }

    @inline(__always)
    static func at(_ day: Int, _ secondOfDay: Int) -> Int64 {
        Int64(day) * CivilCalendar.secondsPerDay + Int64(secondOfDay)
    }

    /// Fills `record` with encounter `number` (1-based) and returns the errors planted in it.
    func plan(number: Int, into record: inout EncounterRecord,
              random: inout SeededRandom) -> PlantedErrors {
        record.reset()
        record.number = number
        record.patient = random.below(options.patientCount)
        let patient = PatientProfile(index: record.patient, options: options)

        let visitClass = EncounterClass(rawValue: random.weighted(EncounterClass.weights)) ?? .ambulatory
        record.encounterClass = visitClass
        let choices = departmentChoices[visitClass.rawValue]
        record.department = choices[random.weighted(departmentWeights[visitClass.rawValue])]
        record.facility = visitClass.isScheduled ? random.below(2) : (random.chance(0.8) ? 0 : 1)
        drawDates(&record, visitClass: visitClass, patient: patient, random: &random)

        let registrar = roster.pick(roster.patientAccessByFacility[record.facility],
                                    on: record.serviceDay, random: &random)
        record.registrar = registrar
        record.attending = roster.pick(roster.providersByDepartment[record.department.rawValue],
                                       on: record.serviceDay, random: &random)
        drawPayer(&record, patient: patient, random: &random)

        var errors = PlantedErrors()
        let registrarFactor = roster.staff[registrar].errorFactor(on: record.serviceDay)
        drawRegistration(&record, errors: &errors, factor: registrarFactor, random: &random)
        chargeBuilder.build(&record, errors: &errors, random: &random)
        drawAuthorization(&record, errors: &errors, factor: registrarFactor, random: &random)
        drawDownstreamErrors(&record, errors: &errors, random: &random)
        return errors
    }

    private func drawDates(_ record: inout EncounterRecord, visitClass: EncounterClass,
                           patient: PatientProfile, random: inout SeededRandom) {
        var day = options.startDay + random.below(windowDays)
        if visitClass.isScheduled && CivilCalendar.weekday(day) >= 5 {
            day = options.startDay + random.below(windowDays)  // clinics are quieter at weekends
        }
        if let death = patient.deceasedDay, day > death { day = death }
        record.serviceDay = day
        let second: Int
        switch visitClass {
        case .ambulatory, .outpatient: second = 7 * 3600 + random.below(10 * 3600)
        default: second = random.below(86_400)
        }
        record.arrivalAt = Self.at(day, second)
        if visitClass.isScheduled || (visitClass == .inpatient && random.chance(0.4)) {
            let lead = 1 + random.geometricDays(mean: 10)
            record.scheduledAt = Self.at(day - lead, 8 * 3600 + random.below(9 * 3600))
        }
        var discharge: Int?
        switch visitClass {
        case .inpatient: discharge = day + 1 + min(random.geometricDays(mean: 3), 20)
        case .observation: discharge = day + random.below(2)
        case .emergency: discharge = second > 20 * 3600 ? day + 1 : day
        case .ambulatory, .outpatient: discharge = nil
        }
        if let death = patient.deceasedDay, let end = discharge, end > death {
            discharge = max(death, day)
        }
        record.dischargeDay = discharge
    }

    private func drawPayer(_ record: inout EncounterRecord, patient: PatientProfile,
                           random: inout SeededRandom) {
        let age = (record.serviceDay - patient.birthDay) / 365
        var payer = random.weighted(payerWeights)
        if age >= 65 && random.chance(0.8) {
            payer = medicare
        } else if age < 65 && payer == medicare && random.chance(0.9) {
            payer = random.weighted(payerWeights)
        }
        record.payer = payer
        record.memberNumber = UInt64(100_000_000 + random.below(900_000_000))
    }

    /// Pre-registration and eligibility verification, and the registrar's demographic slips.
    private func drawRegistration(_ record: inout EncounterRecord, errors: inout PlantedErrors,
                                  factor: Double, random: inout SeededRandom) {
        if let scheduled = record.scheduledAt,
           !random.chance(BaseErrorRate.preregistrationSkipped * factor) {
            let window = max(record.arrivalAt - scheduled, 3600)
            record.preregisteredAt = scheduled + Int64(random.below(Int(window)))
        }
        guard !Payer.all[record.payer].isSelfPay else { return }

        let verifiedOnTime = record.preregisteredAt ?? (record.arrivalAt + Int64(600 + random.below(5400)))
        if random.chance(BaseErrorRate.eligibilityNotVerified * factor) {
            if random.chance(0.6) {
                errors.eligibilityDenied = random.chance(BaseErrorRate.eligibilityDeniedWhenMissing)
            } else {
                let lateDays = 1 + random.below(10)
                record.eligibilityVerifiedAt = Self.at(record.serviceDay + lateDays,
                                                       8 * 3600 + random.below(9 * 3600))
                errors.eligibilityDenied = random.chance(BaseErrorRate.eligibilityDeniedWhenLate)
            }
        } else {
            record.eligibilityVerifiedAt = verifiedOnTime
            errors.eligibilityDenied = random.chance(BaseErrorRate.eligibilityBackground)
        }
        if random.chance(BaseErrorRate.demographics * factor) {
            errors.demographics = PlantedErrors.outcome(scrubber: 0.35, rejection: 0.30, random: &random)
            // Fixed before submission, the export shows the corrected id; otherwise the bad one.
            if errors.demographics == .denial {
                record.memberIdState = random.chance(0.4) ? .missing : .malformed
            }
        }
        errors.wrongPayer = random.chance(BaseErrorRate.wrongPayer * factor)
    }

    /// Prior authorization for services that need it (DOMAIN.md 2.2 edit 7).
    private func drawAuthorization(_ record: inout EncounterRecord, errors: inout PlantedErrors,
                                   factor: Double, random: inout SeededRandom) {
        let payer = Payer.all[record.payer]
        guard payer.usesPriorAuthorization else { return }
        var needed = record.encounterClass == .inpatient
        if record.encounterClass == .outpatient {
            for charge in record.charges where charge.item.needsAuthorization { needed = true }
        }
        guard needed else { return }
        record.authorizationRequired = true
        if random.chance(BaseErrorRate.authorizationMissing * factor) {
            if random.chance(BaseErrorRate.authorizationDeniedWhenMissing) {
                errors.authorizationDenialCode = 0
            }
            return
        }
        record.authorizationNumber = UInt64(10_000_000 + random.below(90_000_000))
        if random.chance(BaseErrorRate.authorizationLate * factor) {
            record.authorizationObtainedAt = Self.at(record.serviceDay + 2 + random.below(8),
                                                     9 * 3600 + random.below(8 * 3600))
            if random.chance(BaseErrorRate.authorizationDeniedWhenLate) {
                errors.authorizationDenialCode = 1
            }
        } else if let scheduled = record.scheduledAt {
            let window = max(record.arrivalAt - scheduled, 3600)
            record.authorizationObtainedAt = scheduled + Int64(random.below(Int(window)))
        } else {
            // Urgent admissions: notification within a day of arrival is on time.
            record.authorizationObtainedAt = record.arrivalAt + Int64(3600 + random.below(20 * 3600))
        }
    }

    /// Errors of the provider, coder, enrollment specialist and biller.
    private func drawDownstreamErrors(_ record: inout EncounterRecord, errors: inout PlantedErrors,
                                      random: inout SeededRandom) {
        let provider = roster.staff[record.attending]
        if random.chance(BaseErrorRate.documentation * provider.errorFactor(on: record.serviceDay))
            || random.chance(BaseErrorRate.documentationBackground) {
            errors.documentationDenialCode = random.weighted(DenialCause.documentation.remitCodeWeights)
        }
        let enrollment = roster.credentialing[record.attending % roster.credentialing.count]
        if random.chance(BaseErrorRate.credentialing * roster.staff[enrollment].errorFactor(on: record.serviceDay)) {
            errors.credentialingDenialCode = random.weighted(DenialCause.credentialing.remitCodeWeights)
        }
        guard !Payer.all[record.payer].isSelfPay else { return }
        let coder = roster.pick(roster.coding, on: record.serviceDay, random: &random)
        let biller = roster.pick(roster.billing, on: record.serviceDay, random: &random)
        var claim = EncounterRecord.Claim()
        claim.coder = coder
        claim.biller = biller
        record.claims.append(claim)

        if random.chance(BaseErrorRate.coding * roster.staff[coder].errorFactor(on: record.serviceDay)) {
            errors.coding = PlantedErrors.outcome(scrubber: 0.45, rejection: 0, random: &random)
            errors.codingCode = random.weighted(DenialCause.coding.remitCodeWeights)
            if errors.coding == .denial { chargeBuilder.plantCodingEvidence(&record, code: errors.codingCode) }
        }
        let billerFactor = roster.staff[biller].errorFactor(on: record.serviceDay)
        if random.chance(BaseErrorRate.billing * billerFactor) {
            errors.billing = PlantedErrors.outcome(scrubber: 0.70, rejection: 0.15, random: &random)
        }
        errors.duplicateClaim = random.chance(BaseErrorRate.duplicate * billerFactor)
    }
}
