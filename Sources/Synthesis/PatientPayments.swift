/// Patient and payer cash: point-of-service collections by registrars (HFMA's POS collection,
/// DOMAIN.md section 4), EFT payments for each paid remit, and statement payments afterwards.
struct PatientPayments: Sendable {
    let roster: Roster
    let cutoff: Int64

    /// Collects the copay (or a self-pay deposit) at registration with a probability that falls
    /// with the registrar's proficiency; returns the amount collected.
    func collectAtPointOfService(_ record: inout EncounterRecord, payer: Payer, total: Int64,
                                 random: inout SeededRandom) -> Int64 {
        let expected: Int64
        if payer.isSelfPay {
            expected = min(total, Int64(50 + random.below(250)) * 100)
        } else if payer.copayCents > 0
                    && (record.encounterClass == .ambulatory || record.encounterClass == .emergency) {
            expected = record.encounterClass == .emergency ? payer.copayCents * 3 : payer.copayCents
        } else {
            return 0
        }
        let registrar = roster.staff[record.registrar]
        let probability = min(max(0.85 - 0.25 * registrar.errorFactor(on: record.serviceDay), 0.1), 0.85)
        guard expected > 0, random.chance(probability) else { return 0 }
        record.payments.append(.init(receivedAt: record.arrivalAt + Int64(300 + random.below(1500)),
                                     amount: expected, fromPayer: false,
                                     method: random.chance(0.7) ? .card : .cash,
                                     collectedBy: record.registrar, pointOfService: true))
        return expected
    }

    /// One EFT payment per remit that paid something, dated the day the remit arrived.
    func payerPayments(_ record: inout EncounterRecord) {
        for remit in record.remits where remit.paid > 0 {
            record.payments.append(.init(receivedAt: EncounterPlanner.at(remit.receivedDay, 6 * 3600),
                                         amount: remit.paid, fromPayer: true, method: .eft,
                                         collectedBy: nil, pointOfService: false))
        }
    }

    /// Statement payment of what the patient still owes after the last paid remit; returns
    /// the amount received by the extract date.
    func statement(_ record: inout EncounterRecord, owed: Int64, afterDay: Int,
                   random: inout SeededRandom) -> Int64 {
        guard owed > 0, random.chance(0.6) else { return 0 }
        let amount = random.chance(0.75) ? owed : owed / 2
        let received = EncounterPlanner.at(afterDay + 20 + random.below(60), 8 * 3600 + random.below(12 * 3600))
        let methods: [PaymentMethod] = [.online, .card, .check]
        record.payments.append(.init(receivedAt: received, amount: amount, fromPayer: false,
                                     method: methods[random.weighted([0.5, 0.3, 0.2])],
                                     collectedBy: nil, pointOfService: false))
        return received <= cutoff ? amount : 0
    }

    /// Self-pay encounters have no claim: a statement follows the visit and some patients pay
    /// part of it.
    func selfPayStatement(_ record: inout EncounterRecord, total: Int64, deposit: Int64,
                          random: inout SeededRandom) {
        let remaining = total - deposit
        guard remaining > 0, random.chance(0.35) else { return }
        record.payments.append(.init(receivedAt: EncounterPlanner.at(record.serviceDay + 30 + random.below(90),
                                                                     8 * 3600 + random.below(12 * 3600)),
                                     amount: max(remaining / 2, 1), fromPayer: false, method: .online,
                                     collectedBy: nil, pointOfService: false))
    }
}
