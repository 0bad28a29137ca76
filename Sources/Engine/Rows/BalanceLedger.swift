import DataModel
import LuaRuntime

/// `claim.balance_as_of` (SPEC section 3) at any date: each claim's total charge and the dated
/// events that reduce it, from the data rather than the exported `balance` (which is as of the
/// extract). A month-end snapshot reads the balance at each month end from the same events:
/// host readers through `column(at:)`, Lua rows through `events` (the state's as-of decides).
///
/// total_charge, less
///   - the payer's payments: `paid` of each remit, on its `received_on`;
///   - adjustments except group `PR` (patient responsibility stays owed until the patient
///     pays), on their remit's `received_on`; one without `remit_id` belongs to the claim's
///     first remit (as in attribution); on a claim with no remit at all it always counts;
///   - the patient's payments: `payments` with `source` = "patient" of the claim's encounter,
///     on the day of `received_at`, counted on the encounter's first claim (input order) only,
///     so an encounter billed twice is not credited twice. Payments with source "payer" are not
///     counted: they repeat the remits' `paid`.
/// An event without a date never counts. Needs remits and adjustments loaded (else the field
/// is absent and a definition reading it is skipped); without payments (or their `source`),
/// patient payments count as none. May be negative (an overpayment).
public final class BalanceLedger: @unchecked Sendable {
    /// The run's as-of date: what Lua rows read at in a state that set no other.
    let asOf: Int32
    let claimCount: Int
    private let start: RawVec<Int64>
    /// Claim c's events are `days`/`cents`[offsets[c] ..< offsets[c + 1]], one per day, in day order.
    private let offsets: RawVec<Int64>
    private let days: RawVec<Int32>
    private let cents: RawVec<Int64>

    /// Counted whatever the date: adjustments of a claim that has no remit.
    private static let always = Int32.min

    init?(_ store: DataStore, asOf: Int32, firstRemit: (Int) -> Int?) {
        guard let claims = store.table("claims"), let totals = claims.column("total_charge"),
              let remits = store.table("remits"), let adjustments = store.table("adjustments"),
              let remitsOf = store.relation("remits", "claim_id"), let adjustmentsOf = store.relation("adjustments", "claim_id")
        else { return nil }
        self.asOf = asOf
        claimCount = claims.rowCount
        let received = remits.column("received_on"), paid = remits.column("paid")
        let groups = adjustments.column("group_code"), amounts = adjustments.column("amount")
        let remitOf = store.relation("adjustments", "remit_id")
        let patient = PatientPayments(store)
        // Built in locals, not in the properties: a class's stored vars are checked for exclusive
        // access on every touch.
        var start = RawVec<Int64>(), offsets = RawVec<Int64>(), days = RawVec<Int32>(), cents = RawVec<Int64>()
        start.reserve(claims.rowCount)
        offsets.reserve(claims.rowCount + 1)
        var scratch: [(day: Int32, cents: Int64)] = []
        offsets.append(0)
        for claim in 0..<claims.rowCount {
            start.append(totals.int64(claim) ?? 0)
            scratch.removeAll(keepingCapacity: true)
            for remit in remitsOf.children(of: claim) {
                if let day = received?.int32(Int(remit)) { scratch.append((day, paid?.int64(Int(remit)) ?? 0)) }
            }
            let first = firstRemit(claim)
            for child in adjustmentsOf.children(of: claim) where !Self.isPatientResponsibility(groups, Int(child)) {
                let adjustment = Int(child)
                let day: Int32?
                if let remit = remitOf?.parent(of: adjustment) ?? first { day = received?.int32(remit) } else { day = Self.always }
                if let day { scratch.append((day, amounts?.int64(adjustment) ?? 0)) }
            }
            patient?.append(ofClaim: claim, to: &scratch)
            Self.sortByDay(&scratch)
            // One event per day: a remit's payment and its adjustments fall on one day, so there
            // are fewer to add up on every read.
            let claimStart = days.count
            for event in scratch {
                if days.count > claimStart, days[days.count - 1] == event.day {
                    cents[cents.count - 1] += event.cents
                } else {
                    days.append(event.day)
                    cents.append(event.cents)
                }
            }
            offsets.append(Int64(days.count))
        }
        self.start = start
        self.offsets = offsets
        self.days = days
        self.cents = cents
    }

    /// A claim has a handful of events, mostly already in day order: an insertion sort, stable.
    private static func sortByDay(_ events: inout [(day: Int32, cents: Int64)]) {
        guard events.count > 1 else { return }
        for i in 1..<events.count {
            let event = events[i]
            var j = i
            while j > 0, events[j - 1].day > event.day {
                events[j] = events[j - 1]
                j -= 1
            }
            events[j] = event
        }
    }

    /// Group code `PR`, compared in place (no String per adjustment).
    private static func isPatientResponsibility(_ groups: Column?, _ row: Int) -> Bool {
        guard let groups, groups.isPresent(row) else { return false }
        let code = groups.textBytes(row)
        return code.count == 2 && code[0] == UInt8(ascii: "P") && code[1] == UInt8(ascii: "R")
    }

    deinit {
        var (start, offsets, days, cents) = (start, offsets, days, cents)
        start.free()
        offsets.free()
        days.free()
        cents.free()
    }

    /// Every claim's balance at `day`, as a column host readers (`where`, measures) read.
    func column(at day: Int32) -> Column {
        var data = ColumnData(kind: .int64)
        for claim in 0..<claimCount {
            var open = start[claim]
            for k in Int(offsets[claim])..<Int(offsets[claim + 1]) where days[k] <= day { open -= cents[k] }
            data.appendInt64(open)
        }
        return Column(name: "balance_as_of", type: .money, sealing: data)
    }

    /// The same balances as Lua rows read them, at the reading state's as-of date.
    var events: ColumnTable.DatedEvents {
        ColumnTable.DatedEvents(start: UnsafePointer(start.base ?? Self.noCents), offsets: UnsafePointer(offsets.base!),
                                days: UnsafePointer(days.base ?? Self.noEvents), cents: UnsafePointer(cents.base ?? Self.noCents),
                                asOf: asOf)
    }

    nonisolated(unsafe) private static let noEvents = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
    nonisolated(unsafe) private static let noCents = UnsafeMutablePointer<Int64>.allocate(capacity: 1)
}

/// The patient's payments by claim: each `source` = "patient" payment on the first claim (input
/// order) of its encounter, dated by the day of `received_at`.
private struct PatientPayments {
    private var offsets: [Int32]
    private var events: [(day: Int32, cents: Int64)]

    /// `source` = "patient", compared in place (no String per payment).
    private static func isPatient(_ sources: Column, _ row: Int) -> Bool {
        sources.isPresent(row) && sources.textBytes(row).elementsEqual("patient".utf8)
    }

    init?(_ store: DataStore) {
        guard let claims = store.table("claims"), let payments = store.table("payments"), let sources = payments.column("source"),
              let received = payments.column("received_at"), let amounts = payments.column("amount"),
              let encounterOf = store.relation("payments", "encounter_id"), let claimsOf = store.relation("claims", "encounter_id")
        else { return nil }
        var byPayment: [(claim: Int32, day: Int32, cents: Int64)] = []
        for payment in 0..<payments.rowCount where Self.isPatient(sources, payment) {
            guard let at = received.int64(payment), let encounter = encounterOf.parent(of: payment),
                  let claim = claimsOf.children(of: encounter).min() else { continue }
            let day = Int32(at >= 0 ? at / 86_400 : (at - 86_399) / 86_400)
            byPayment.append((claim, day, amounts.int64(payment) ?? 0))
        }
        // Grouped by claim with a counting sort: payments keep their input order within a claim.
        offsets = [Int32](repeating: 0, count: claims.rowCount + 1)
        for payment in byPayment { offsets[Int(payment.claim) + 1] += 1 }
        for i in 0..<claims.rowCount { offsets[i + 1] += offsets[i] }
        var next = offsets
        events = [(day: Int32, cents: Int64)](repeating: (0, 0), count: byPayment.count)
        for payment in byPayment {
            events[Int(next[Int(payment.claim)])] = (payment.day, payment.cents)
            next[Int(payment.claim)] += 1
        }
    }

    func append(ofClaim claim: Int, to scratch: inout [(day: Int32, cents: Int64)]) {
        for k in Int(offsets[claim])..<Int(offsets[claim + 1]) { scratch.append(events[k]) }
    }
}
