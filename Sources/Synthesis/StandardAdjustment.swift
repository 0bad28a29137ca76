/// The adjustments on every paid claim that are not denials (DOMAIN.md 3.4 and 3.6 point 5:
/// CARC 45 contractual, 1–3 patient responsibility), and the money arithmetic of a paid remit.
enum StandardAdjustment {
    static let contractual = RemitCode("45", weight: 1, "charge exceeds contracted amount")
    static let deductible = RemitCode("1", group: "PR", weight: 1, "deductible")
    static let coinsurance = RemitCode("2", group: "PR", weight: 1, "coinsurance")
    static let copay = RemitCode("3", group: "PR", weight: 1, "co-payment")

    /// Appends a paid remit for `payable` cents of the claim and its CO-45 and PR adjustments.
    /// `charge` is the remit's CLP03 (the claim total, or the line amount on a later remit); any
    /// line already denied on this remit is `charge − payable` and was added by the caller, so
    /// CLP03 − CLP04 = Σ adjustments holds (DOMAIN.md 5.2 balancing rule).
    static func payRemit(_ record: inout EncounterRecord, payer: Payer, claimSequence: Int,
                         remitSequence: Int, receivedDay: Int, charge: Int64, payable: Int64,
                         random: inout SeededRandom) -> EncounterRecord.Remit {
        let jitter = 0.92 + 0.16 * random.unit()
        let allowed = min(payable, Int64((Double(payable) * payer.allowedRatio * jitter).rounded()))
        var remaining = allowed
        let month = CivilCalendar.civil(record.serviceDay).month
        var deductible: Int64 = 0
        if payer.coinsurance > 0 && random.chance(month <= 3 ? 0.35 : 0.12) {
            deductible = min(remaining, Int64(100 + random.below(1400)) * 100)
            remaining -= deductible
        }
        var copay: Int64 = 0
        if payer.copayCents > 0 && (record.encounterClass == .ambulatory || record.encounterClass == .emergency) {
            copay = min(remaining, record.encounterClass == .emergency ? payer.copayCents * 3 : payer.copayCents)
            remaining -= copay
        }
        let coinsurance = Int64((Double(remaining) * payer.coinsurance).rounded())
        let patientShare = deductible + copay + coinsurance

        func adjust(_ code: RemitCode, _ amount: Int64) {
            guard amount > 0 else { return }
            record.adjustments.append(.init(claimSequence: claimSequence, remitSequence: remitSequence,
                                            code: code, amount: amount))
        }
        adjust(contractual, payable - allowed)
        adjust(StandardAdjustment.deductible, deductible)
        adjust(StandardAdjustment.copay, copay)
        adjust(StandardAdjustment.coinsurance, coinsurance)

        var remit = EncounterRecord.Remit()
        remit.sequence = remitSequence
        remit.claimSequence = claimSequence
        remit.receivedDay = receivedDay
        remit.charge = charge
        remit.paid = allowed - patientShare
        remit.patientResponsibility = patientShare
        remit.payerClaimNumber = random.next() % 1_000_000_000_000
        record.remits.append(remit)
        return remit
    }

    /// Appends a denied remit (CLP02 4) whose single adjustment takes the whole charge; a
    /// line-level code on a one-line claim names that line (`chargeIndex`).
    static func denyRemit(_ record: inout EncounterRecord, code: RemitCode, claimSequence: Int,
                          remitSequence: Int, receivedDay: Int, charge: Int64, chargeIndex: Int = -1,
                          random: inout SeededRandom) {
        record.adjustments.append(.init(claimSequence: claimSequence, remitSequence: remitSequence,
                                        chargeIndex: chargeIndex, code: code, amount: charge))
        var remit = EncounterRecord.Remit()
        remit.sequence = remitSequence
        remit.claimSequence = claimSequence
        remit.receivedDay = receivedDay
        remit.denied = true
        remit.charge = charge
        remit.payerClaimNumber = random.next() % 1_000_000_000_000
        record.remits.append(remit)
    }
}
