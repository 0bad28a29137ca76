import DataModel

/// Turns a journey's rows into events in time order (SPEC section 1, `explain`): each dated
/// field of a record is a step, with the people the record names for it and the fields that
/// matter there. Adjustments are steps of their remit, with their attribution.
enum JourneyEvents {
    /// A step of a dataset: the field that dates it, who the record says did it, what to show.
    struct Step {
        let field: String
        let name: String
        let staff: [String]
        let details: [String]

        init(_ field: String, _ name: String, staff: [String] = [], details: [String] = []) {
            self.field = field
            self.name = name
            self.staff = staff
            self.details = details
        }
    }

    /// Steps in the order they happen in a revenue cycle, which also orders steps of one time.
    static let steps: [(dataset: String, steps: [Step])] = [
        ("encounters", [
            Step("scheduled_at", "scheduled", details: ["encounter_class", "facility", "department"]),
            Step("prereg_completed_at", "pre-registration completed", staff: ["registered_by"]),
            Step("eligibility_verified_at", "eligibility verified", staff: ["registered_by"], details: ["payer_id", "financial_class", "member_id"]),
            Step("auth_obtained_at", "authorization obtained", staff: ["registered_by"], details: ["auth_number"]),
            Step("service_date", "service", staff: ["registered_by", "attending_provider_id"],
                 details: ["encounter_class", "payer_id", "financial_class", "auth_required", "auth_number", "total_charge"]),
            Step("discharge_date", "discharged", staff: ["attending_provider_id"]),
        ]),
        ("charges", [
            Step("posted_at", "charge posted", staff: ["entered_by", "rendering_provider_id"],
                 details: ["code", "revenue_code", "modifiers", "units", "amount", "service_date", "dx_codes", "claim_id"]),
        ]),
        ("claims", [
            Step("final_billed_at", "final billed (coding done)", staff: ["coded_by"]),
            Step("submitted_at", "claim submitted", staff: ["billed_by"],
                 details: ["payer_id", "claim_type", "frequency_code", "total_charge", "scrubber_edits", "manual_touches"]),
            Step("rejected_at", "claim rejected", staff: ["billed_by"], details: ["status"]),
        ]),
        ("remits", [
            Step("received_on", "remit received", details: ["claim_status", "charge", "paid", "patient_responsibility", "payer_claim_id"]),
        ]),
        ("payments", [
            Step("received_at", "payment received", staff: ["collected_by"], details: ["amount", "source", "method", "point_of_service"]),
        ]),
        ("workqueue", [
            Step("created_at", "work item opened", details: ["queue", "reason", "claim_id"]),
            Step("resolved_at", "work item resolved", staff: ["resolved_by"], details: ["touches"]),
        ]),
    ]

    /// What a record is called when none of its steps has a date ("claim (no date)").
    static let nouns = ["encounters": "encounter", "charges": "charge", "claims": "claim", "remits": "remit",
                        "payments": "payment", "workqueue": "work item"]

    static func build(_ rows: JourneyRows, data: EngineData, attribution: AttributionOutcome?, rules: AttributionRules) -> [JourneyEvent] {
        var events: [JourneyEvent] = []
        for (dataset, steps) in steps {
            guard let table = data.store.table(dataset) else { continue }
            for row in rows[dataset] { events += recordEvents(dataset, row, table: table, steps: steps, data: data) }
        }
        events += adjustmentEvents(rows["adjustments"], data: data, attribution: attribution, rules: rules)
        // Dated steps in time order (ties keep the revenue-cycle order above), then undated ones.
        return events.enumerated().sorted { a, b in
            switch (a.element.sortKey, b.element.sortKey) {
            case let (x?, y?): return x != y ? x < y : a.offset < b.offset
            case (_?, nil): return true
            case (nil, _?): return false
            case (nil, nil): return a.offset < b.offset
            }
        }.map(\.element)
    }

    /// A record's dated steps. People named for a step without a date move to the record's next
    /// step, so nobody disappears; a record with no dated step still appears, undated.
    static func recordEvents(_ dataset: String, _ row: Int, table: Table, steps: [Step], data: EngineData) -> [JourneyEvent] {
        var events: [JourneyEvent] = []
        var carried: [StaffMention] = []
        let record = table.recordID(row)
        for step in steps {
            let mentions = staff(step.staff, dataset, row, data: data)
            guard let column = data.column(step.field, of: dataset), let (at, key) = time(column, row) else {
                carried += mentions.filter { !carried.contains($0) }
                continue
            }
            events.append(JourneyEvent(at: at, dataset: dataset, record: record, step: step.name,
                                       staff: carried + mentions.filter { !carried.contains($0) },
                                       details: details(step.details, dataset, row, data: data), sortKey: key))
            carried = []
        }
        if events.isEmpty {
            let fields = steps.flatMap(\.details).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
            events.append(JourneyEvent(at: nil, dataset: dataset, record: record, step: (nouns[dataset] ?? dataset) + " (no date)",
                                       staff: carried, details: details(fields, dataset, row, data: data), sortKey: nil))
        } else if !carried.isEmpty {
            events[events.count - 1].staff += carried.filter { !events[events.count - 1].staff.contains($0) }
        }
        return events
    }

    /// Each adjustment at its remit's date (without a remit, the claim's first remit's).
    static func adjustmentEvents(_ rows: [Int], data: EngineData, attribution: AttributionOutcome?, rules: AttributionRules) -> [JourneyEvent] {
        guard let table = data.store.table("adjustments") else { return [] }
        let remits = data.store.relation("adjustments", "remit_id"), claims = data.store.relation("adjustments", "claim_id")
        let received = data.column("received_on", of: "remits")
        var events: [JourneyEvent] = []
        for row in rows {
            let remit = remits?.parent(of: row) ?? claims?.parent(of: row).flatMap { data.firstRemitRow(ofClaim: $0) }
            let dated = remit.flatMap { remit in received.flatMap { time($0, remit) } }
            var event = JourneyEvent(at: dated?.text, dataset: "adjustments", record: table.recordID(row), step: "adjustment",
                                     staff: [], details: details(["claim_id", "remit_id", "charge_id"], "adjustments", row, data: data),
                                     sortKey: dated?.key)
            if let item = attribution?.adjustments[row] {
                let codes = table.column("rarc").map { $0.isPresent(row) ? $0.list(row) : [] } ?? []
                event.step = item.denial ? "denial" : "adjustment"
                event.adjustment = AdjustmentExplanation(
                    group: table.column("group_code")?.text(row) ?? "", carc: table.column("carc")?.text(row) ?? "", rarcs: codes,
                    amountCents: item.amountCents, denial: item.denial, initial: item.initial, role: item.role, category: item.category,
                    staffID: item.staffID, why: AttributionExplanation(item, rules: rules, data: data))
                if let person = item.staffID { event.staff = [StaffMention(field: "attribution", staffID: person)] }
            }
            events.append(event)
        }
        return events
    }

    static func staff(_ fields: [String], _ dataset: String, _ row: Int, data: EngineData) -> [StaffMention] {
        fields.compactMap { field in
            data.column(field, of: dataset)?.text(row).map { StaffMention(field: "\(dataset).\(field)", staffID: $0) }
        }
    }

    static func details(_ fields: [String], _ dataset: String, _ row: Int, data: EngineData) -> [ExplainField] {
        fields.compactMap { field in
            data.column(field, of: dataset).flatMap { ExplainValue($0, row: row) }.map { ExplainField(field, $0) }
        }
    }

    /// The display text and sort key of a date or datetime column's value.
    static func time(_ column: Column, _ row: Int) -> (text: String, key: Int64)? {
        switch column.type {
        case .date: column.int32(row).map { (CivilDate.format(days: $0), Int64($0) * 86_400) }
        case .datetime: column.int64(row).map { (CivilDate.formatDateTime(seconds: $0), $0) }
        default: nil
        }
    }
}
