/// Builds an encounter's charge lines from the chargemaster: what was done, who entered it and
/// how late it was posted, plus the charge-capture slips of the person who entered it.
struct ChargeBuilder: Sendable {
    let roster: Roster
    let chargemaster = Chargemaster()
    /// Diagnosis codes per department, as bytes, and their three-character categories (used
    /// for the "truncated diagnosis" coding error, CARC 146).
    let diagnoses: [[[UInt8]]]
    let diagnosisCategories: [[[UInt8]]]
    private static let modifier25 = Array("25".utf8)
    private static let right = Array("RT".utf8)
    private static let left = Array("LT".utf8)

    init(roster: Roster) {
        self.roster = roster
        diagnoses = ClinicalDepartment.allCases.map { $0.diagnoses.map { Array($0.utf8) } }
        diagnosisCategories = ClinicalDepartment.allCases.map { $0.diagnoses.map { Array($0.utf8.prefix(3)) } }
    }

    func build(_ record: inout EncounterRecord, errors: inout PlantedErrors,
               random: inout SeededRandom) {
        let cm = chargemaster
        let department = record.department
        switch record.encounterClass {
        case .ambulatory:
            add(cm.officeVisits[random.weighted([0.15, 0.45, 0.30, 0.10])], &record, &random)
            if random.chance(0.55) { addLabs(&record, &random) }
            if (department == .cardiology || department == .internalMedicine) && random.chance(0.2) {
                add(cm.plainImaging[1], &record, &random)
            }
            if department == .orthopedics && random.chance(0.3) { add(cm.jointInjection, &record, &random) }
        case .outpatient:
            switch department {
            case .radiology:
                add(random.chance(0.7) ? cm.advancedImaging[random.below(4)] : cm.plainImaging[0],
                    &record, &random)
            case .orthopedics:
                if random.chance(0.5) {
                    add(cm.therapy, &record, &random, units: 2 + random.below(3))
                } else {
                    add(procedure(department, random: &random), &record, &random)
                }
            default:
                add(procedure(department, random: &random), &record, &random)
                if random.chance(0.5) { addLabs(&record, &random) }
            }
            if random.chance(0.25) { add(cm.drugs[random.below(3)], &record, &random, units: 1 + random.below(3)) }
        case .emergency:
            add(cm.emergencyVisits[random.weighted([0.35, 0.45, 0.20])], &record, &random)
            if random.chance(0.6) { addLabs(&record, &random) }
            if random.chance(0.4) {
                add(random.chance(0.7) ? cm.plainImaging[0] : cm.advancedImaging[random.below(2)],
                    &record, &random)
            }
            if random.chance(0.35) {
                add(cm.nursing[0], &record, &random)
                add(cm.drugs[random.below(3)], &record, &random, units: 1 + random.below(2))
            }
        case .observation:
            add(cm.observationHour, &record, &random, units: 8 + random.below(23))
            addLabs(&record, &random)
            if random.chance(0.5) { add(cm.nursing[1], &record, &random) }
        case .inpatient:
            let days = max((record.dischargeDay ?? record.serviceDay) - record.serviceDay, 1)
            add(cm.roomAndBoard, &record, &random, units: days)
            addLabs(&record, &random)
            if days > 1 { addLabs(&record, &random) }  // repeat labs on longer stays
            if random.chance(0.5) { add(cm.advancedImaging[random.below(2)], &record, &random) }
            add(cm.drugs[random.below(3)], &record, &random, units: 1 + random.below(4))
            if department == .orthopedics || department == .generalSurgery {
                add(procedure(department, random: &random), &record, &random)
            }
        }
        applyModifier25(&record)
        plantChargeCaptureErrors(&record, errors: &errors, random: &random)
    }

    private func procedure(_ department: ClinicalDepartment, random: inout SeededRandom) -> ChargeItem {
        switch department {
        case .orthopedics:
            return chargemaster.orthopedicProcedures[random.chance(0.75) ? 0 : 1]
        case .generalSurgery:
            return chargemaster.surgicalProcedures[random.weighted([0.5, 0.2, 0.2, 0.1])]
        default:
            return chargemaster.cardiologyProcedures[random.chance(0.7) ? 0 : 1]
        }
    }

    private func addLabs(_ record: inout EncounterRecord, _ random: inout SeededRandom) {
        add(chargemaster.venipuncture, &record, &random)
        add(chargemaster.labs[random.below(chargemaster.labs.count)], &record, &random)
        if random.chance(0.4) { add(chargemaster.labs[random.below(chargemaster.labs.count)], &record, &random) }
    }

    /// Adds one line: amount from the chargemaster, the person who entered it and when it was
    /// posted. Lag grows with the person's delay factor, and low-proficiency staff more often
    /// lose a charge for weeks (the late charges that end in timely-filing denials, CARC 29).
    private func add(_ item: ChargeItem, _ record: inout EncounterRecord,
                     _ random: inout SeededRandom, units: Int = 1) {
        var charge = EncounterRecord.Charge(item: item, revenueCode: item.revenueCode)
        charge.units = units
        charge.amount = item.priceCents * Int64(units)
        charge.serviceDay = record.serviceDay
        let pool = item.enteredByClinician
            ? roster.cliniciansByDepartment[record.department.rawValue] : roster.chargeCapture
        charge.enteredBy = roster.pick(pool, on: record.serviceDay, random: &random)
        let person = roster.staff[charge.enteredBy]
        let readyDay = item.code.isEmpty ? (record.dischargeDay ?? record.serviceDay) : record.serviceDay
        let day = record.serviceDay
        var lag = random.below(2) + random.geometricDays(mean: 1.2 * person.delayFactor(on: day))
        if random.chance(BaseErrorRate.lateChargeLine * person.errorFactor(on: day)) {
            lag += 25 + random.below(100)
        }
        charge.postedAt = EncounterPlanner.at(readyDay + lag, 6 * 3600 + random.below(16 * 3600))
        if item.modifier == .laterality {
            charge.modifier = random.chance(0.5) ? Self.right : Self.left
        }
        let diagnosisCount = diagnoses[record.department.rawValue].count
        let primary = random.chance(0.7) ? random.below(min(3, diagnosisCount)) : random.below(diagnosisCount)
        charge.diagnoses = (primary, random.chance(0.4) ? random.below(diagnosisCount) : -1)
        if charge.diagnoses.1 == primary { charge.diagnoses.1 = -1 }
        record.charges.append(charge)
    }

    /// An evaluation and management line billed beside a procedure or infusion takes modifier
    /// 25 (DOMAIN.md 2.2 edit 12).
    private func applyModifier25(_ record: inout EncounterRecord) {
        guard record.charges.count > 1, record.charges[0].item.isEvaluation else { return }
        for charge in record.charges.dropFirst()
        where charge.item.modifier == .laterality || charge.item.enteredByClinician && !charge.item.code.isEmpty
            && charge.item.code.first != 0x4A {  // J-codes (drugs) alone do not need it
            record.charges[0].modifier = Self.modifier25
            return
        }
    }

    /// Per-line charge-capture slips: a revenue code that does not fit the procedure (CARC 199)
    /// or a line without its procedure code (CARC 16 + M51). Only the first slip is kept.
    private func plantChargeCaptureErrors(_ record: inout EncounterRecord, errors: inout PlantedErrors,
                                          random: inout SeededRandom) {
        for index in record.charges.indices {
            let person = roster.staff[record.charges[index].enteredBy]
            guard random.chance(BaseErrorRate.chargeLine * person.errorFactor(on: record.serviceDay)) else { continue }
            errors.chargeCapture = PlantedErrors.outcome(scrubber: 0.5, rejection: 0, random: &random)
            errors.chargeCaptureCode = record.charges[index].item.code.isEmpty
                ? 0 : random.weighted(DenialCause.chargeCapture.remitCodeWeights)
            errors.chargeCaptureLine = index
            if errors.chargeCapture == .denial {
                if errors.chargeCaptureCode == 0 {
                    let choices = chargemaster.mismatchedRevenueCodes
                    var pick = random.below(choices.count)
                    if choices[pick] == record.charges[index].revenueCode { pick = (pick + 1) % choices.count }
                    record.charges[index].revenueCode = choices[pick]
                } else {
                    record.charges[index].codeMissing = true
                }
            }
            return
        }
    }

    /// Leaves visible evidence of a coding error that reached the payer: a dropped modifier
    /// (CARC 4) or a diagnosis coded only to its category (CARC 146).
    func plantCodingEvidence(_ record: inout EncounterRecord, code: Int) {
        if code == DenialCause.codingMissingModifier {
            if let line = record.charges.firstIndex(where: { !$0.modifier.isEmpty }) {
                record.charges[line].modifier = []
            }
        } else if code == DenialCause.codingInvalidDiagnosis, !record.charges.isEmpty {
            record.charges[0].truncatedDiagnosis = true
        }
    }
}
