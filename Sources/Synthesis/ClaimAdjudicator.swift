/// Takes an encounter from final bill to cash: scrubber edits and clearinghouse rejections for
/// errors caught before adjudication, the payer's first remit (a denial whose code matches the
/// upstream cause, or a payment with CO-45 and PR adjustments), appeals, and the claim's status
/// and balance as of the extract date.
struct ClaimAdjudicator: Sendable {
    let options: GeneratorOptions
    let roster: Roster
    let reasons = WorkReasons()
    private let payments: PatientPayments

    init(options: GeneratorOptions, roster: Roster) {
        self.options = options
        self.roster = roster
        payments = PatientPayments(roster: roster, cutoff: options.cutoff)
    }

    private static let day = CivilCalendar.secondsPerDay
    private static let hour: Int64 = 3600

    @inline(__always)
    private static func dayOf(_ seconds: Int64) -> Int { Int(seconds / day) }

    func adjudicate(_ record: inout EncounterRecord, errors: PlantedErrors, random: inout SeededRandom) {
        let payer = Payer.all[record.payer]
        var total: Int64 = 0
        var readyDay = record.dischargeDay ?? record.serviceDay
        for charge in record.charges {
            total += charge.amount
            readyDay = max(readyDay, Self.dayOf(charge.postedAt))
        }
        let copayCollected = payments.collectAtPointOfService(&record, payer: payer, total: total,
                                                               random: &random)
        guard !payer.isSelfPay, var claim = record.claims.first else {
            payments.selfPayStatement(&record, total: total, deposit: copayCollected, random: &random)
            return
        }
        let biller = roster.staff[claim.biller]
        claim.totalCharge = total
        let coderDelay = roster.staff[claim.coder].delayFactor(on: record.serviceDay)
        let codingMean = (record.encounterClass == .inpatient ? 2.5 : 1.0) * coderDelay
        claim.finalBilledAt = EncounterPlanner.at(readyDay + random.geometricDays(mean: codingMean),
                                                  9 * 3600 + random.below(9 * 3600))

        // Errors caught by the scrubber are fixed by billing before the claim goes out.
        var clock = claim.finalBilledAt
        for (outcome, cause) in [(errors.demographics, DenialCause.demographics),
                                 (errors.coding, .coding), (errors.chargeCapture, .chargeCapture),
                                 (errors.billing, .billing)] where outcome == .scrubberEdit {
            let created = claim.finalBilledAt + Int64(300 + random.below(3300))
            let item = resolve(queue: .claimEdits, reason: reasons.edit[cause.rawValue], created: created,
                               meanDays: 0.8, biller: biller, random: &random)
            claim.scrubberEdits += 1
            claim.manualTouches += item.touches
            clock = max(clock, item.resolvedAt ?? clock)
            record.workItems.append(item)
        }
        let submitted = clock + 1800 + Int64(random.below(4 * 3600))
        claim.submittedAt = submitted
        var filed = submitted
        let rejectionCause: DenialCause? = errors.demographics == .rejection ? .demographics
            : (errors.billing == .rejection ? .billing : nil)
        if let cause = rejectionCause {
            let rejected = submitted + 2 * Self.hour + Int64(random.below(18 * 3600))
            claim.rejectedAt = rejected
            let item = resolve(queue: .rejections, reason: reasons.rejection[cause.rawValue],
                               created: rejected, meanDays: 1.5, biller: biller, random: &random)
            claim.manualTouches += item.touches
            filed = (item.resolvedAt ?? rejected) + Self.hour
            record.workItems.append(item)
        }

        let filedDay = Self.dayOf(filed)
        let remitDay = filedDay + max(5, payer.adjudicationDays - 6 + random.below(13))
        let denial = firstDenial(errors, record: record, filedDay: filedDay, payer: payer, random: &random)
        var patientShare: Int64 = 0
        var lastPaidDay = remitDay
        var pendingAmount: Int64 = 0
        var status = ClaimStatus.paid

        if let (cause, codeIndex) = denial {
            let code = cause.remitCodes[codeIndex]
            var deniedAmount = total
            let line = code.lineLevel ? deniedLine(record, cause: cause, codeIndex: codeIndex, errors: errors) : -1
            if line >= 0 && record.charges.count > 1 {
                deniedAmount = record.charges[line].amount
                record.adjustments.append(.init(remitSequence: 1, chargeIndex: line, code: code,
                                                amount: deniedAmount))
                patientShare = StandardAdjustment.payRemit(&record, payer: payer, claimSequence: 1, remitSequence: 1,
                                                           receivedDay: remitDay, charge: total,
                                                           payable: total - deniedAmount, random: &random)
                    .patientResponsibility
            } else {
                StandardAdjustment.denyRemit(&record, code: code, claimSequence: 1, remitSequence: 1,
                                             receivedDay: remitDay, charge: total, chargeIndex: line,
                                             random: &random)
            }
            let created = EncounterPlanner.at(remitDay + 1 + random.below(3), 8 * 3600 + random.below(9 * 3600))
            let item = resolve(queue: .denials, reason: reasons.denial[cause.rawValue][codeIndex],
                               created: created, meanDays: 4, biller: biller, random: &random)
            record.workItems.append(item)
            let resolved = item.resolvedAt ?? created
            let recovered = random.chance(cause.recoveryRate)
            let appealDay = Self.dayOf(resolved) + payer.adjudicationDays + random.below(15)
            if resolved > options.cutoff {
                status = .denied
                pendingAmount = deniedAmount
            } else if recovered {
                if appealDay > options.endDay {
                    status = .appealed
                    pendingAmount = deniedAmount
                }
                let appeal = StandardAdjustment.payRemit(&record, payer: payer, claimSequence: 1, remitSequence: 2,
                                                         receivedDay: appealDay, charge: deniedAmount,
                                                         payable: deniedAmount, random: &random)
                if appealDay <= options.endDay { patientShare += appeal.patientResponsibility }
                lastPaidDay = appealDay
            } else {
                status = deniedAmount == total ? .writtenOff : .paid
            }
        } else {
            patientShare = StandardAdjustment.payRemit(&record, payer: payer, claimSequence: 1, remitSequence: 1,
                                                       receivedDay: remitDay, charge: total, payable: total,
                                                       random: &random).patientResponsibility
        }
        payments.payerPayments(&record)
        let patientPaid = payments.statement(&record, owed: patientShare - copayCollected,
                                             afterDay: lastPaidDay, random: &random) + copayCollected

        if submitted > options.cutoff {
            status = .billed
            claim.balance = total
        } else if remitDay > options.endDay {
            status = claim.rejectedAt.map { $0 <= options.cutoff && filed > options.cutoff } == true
                ? .rejected : .submitted
            claim.balance = total
        } else {
            claim.balance = pendingAmount + max(0, patientShare - patientPaid)
        }
        claim.status = status
        record.claims[0] = claim
        if errors.duplicateClaim { addDuplicate(&record, original: claim, payer: payer, random: &random) }
    }

    /// The payer's reason for denying the first submission, by precedence: a claim past the
    /// filing limit is denied for that whatever else is wrong; front-end causes come next.
    private func firstDenial(_ errors: PlantedErrors, record: EncounterRecord, filedDay: Int,
                             payer: Payer, random: inout SeededRandom) -> (DenialCause, Int)? {
        if filedDay - record.serviceDay > payer.filingLimitDays { return (.timelyFiling, 0) }
        if errors.eligibilityDenied {
            return (.eligibility, random.weighted(DenialCause.eligibility.remitCodeWeights))
        }
        if errors.wrongPayer { return (.wrongPayer, 0) }
        if errors.demographics == .denial {
            return (.demographics, random.weighted(DenialCause.demographics.remitCodeWeights))
        }
        if errors.authorizationDenialCode >= 0 { return (.authorization, errors.authorizationDenialCode) }
        if errors.credentialingDenialCode >= 0 { return (.credentialing, errors.credentialingDenialCode) }
        if errors.documentationDenialCode >= 0 { return (.documentation, errors.documentationDenialCode) }
        if errors.coding == .denial { return (.coding, errors.codingCode) }
        if errors.chargeCapture == .denial { return (.chargeCapture, errors.chargeCaptureCode) }
        if errors.billing == .denial { return (.billing, 0) }
        return nil
    }

    /// The charge line a line-level denial falls on: the line the error was planted in, or for
    /// bundling the last (secondary) line.
    private func deniedLine(_ record: EncounterRecord, cause: DenialCause, codeIndex: Int,
                            errors: PlantedErrors) -> Int {
        if cause == .chargeCapture { return errors.chargeCaptureLine }
        if codeIndex == DenialCause.codingMissingModifier {
            return record.charges.firstIndex { $0.item.modifier == .laterality || $0.item.isEvaluation } ?? 0
        }
        return record.charges.count - 1
    }

    /// A workqueue item worked by `biller`: resolution time and touches grow as proficiency falls.
    private func resolve(queue: WorkQueue, reason: [UInt8], created: Int64, meanDays: Double,
                         biller: StaffMember, random: inout SeededRandom) -> EncounterRecord.WorkItem {
        let workDay = Int(created / Self.day)
        let days = random.geometricDays(mean: meanDays * biller.delayFactor(on: workDay))
        let resolved = created + Int64(days) * Self.day + Int64(1800 + random.below(6 * 3600))
        let extraTouches = random.chance(0.3 * biller.errorFactor(on: workDay)) ? 1 + random.below(2) : 0
        return .init(queue: queue, reason: reason, createdAt: created, resolvedAt: resolved,
                     resolvedBy: biller.index, touches: 1 + extraTouches)
    }

    /// A second, identical claim submitted by mistake, denied OA-18 and voided by billing.
    private func addDuplicate(_ record: inout EncounterRecord, original: EncounterRecord.Claim,
                              payer: Payer, random: inout SeededRandom) {
        guard let firstSubmission = original.submittedAt else { return }
        var duplicate = original
        duplicate.sequence = 2
        duplicate.scrubberEdits = 0
        duplicate.manualTouches = 0
        duplicate.rejectedAt = nil
        let resubmitted = firstSubmission + Int64(3 + random.below(18)) * Self.day
        guard resubmitted <= options.cutoff else { return }  // not yet made as of the extract
        duplicate.submittedAt = resubmitted
        duplicate.balance = 0
        let remitDay = Self.dayOf(resubmitted) + payer.adjudicationDays
        StandardAdjustment.denyRemit(&record, code: DenialCause.duplicate.remitCodes[0], claimSequence: 2,
                                     remitSequence: 3, receivedDay: remitDay, charge: original.totalCharge,
                                     random: &random)
        let created = EncounterPlanner.at(remitDay + 1, 8 * 3600 + random.below(9 * 3600))
        var item = resolve(queue: .denials, reason: reasons.denial[DenialCause.duplicate.rawValue][0],
                           created: created, meanDays: 1, biller: roster.staff[original.biller], random: &random)
        item.claimSequence = 2
        record.workItems.append(item)
        let voided = (item.resolvedAt ?? created) <= options.cutoff
        duplicate.status = remitDay > options.endDay ? .submitted : (voided ? .writtenOff : .denied)
        record.claims.append(duplicate)
    }
}
