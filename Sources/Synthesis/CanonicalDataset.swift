/// The twelve datasets of SPEC section 5 and their canonical CSV headers, in the SPEC's order.
///
/// Synthesis keeps its own copy instead of depending on the data model module, so the generator
/// can be built and tested on its own; an integration test compares the two lists.
public enum CanonicalDataset: String, CaseIterable, Sendable {
    case staff, patients, encounters, charges, claims, remits, adjustments, payments
    case training, assessments, workqueue, engagement

    /// The file the dataset is written to inside the output directory.
    public var fileName: String { rawValue + ".csv" }

    /// Field names exactly as SPEC section 5 lists them.
    public var header: [String] {
        switch self {
        case .staff:
            return ["staff_id", "name", "role", "department", "facility", "hire_date",
                    "role_start_date", "manager_id", "active"]
        case .patients:
            return ["patient_id", "birth_date", "sex", "zip", "deceased_on"]
        case .encounters:
            return ["encounter_id", "patient_id", "facility", "department", "encounter_class",
                    "scheduled_at", "service_date", "discharge_date", "registered_by",
                    "prereg_completed_at", "payer_id", "financial_class", "member_id",
                    "eligibility_verified_at", "auth_required", "auth_number", "auth_obtained_at",
                    "attending_provider_id"]
        case .charges:
            return ["charge_id", "encounter_id", "claim_id", "service_date", "posted_at", "code",
                    "revenue_code", "modifiers", "dx_codes", "units", "amount", "entered_by",
                    "rendering_provider_id", "department"]
        case .claims:
            return ["claim_id", "encounter_id", "payer_id", "claim_type", "frequency_code",
                    "final_billed_at", "submitted_at", "total_charge", "scrubber_edits",
                    "manual_touches", "rejected_at", "coded_by", "billed_by", "status", "balance"]
        case .remits:
            return ["remit_id", "claim_id", "payer_id", "received_on", "claim_status", "charge",
                    "paid", "patient_responsibility", "payer_claim_id"]
        case .adjustments:
            return ["claim_id", "remit_id", "charge_id", "group_code", "carc", "rarc", "amount"]
        case .payments:
            return ["payment_id", "encounter_id", "patient_id", "received_at", "amount", "source",
                    "method", "collected_by", "point_of_service"]
        case .training:
            return ["staff_id", "course_id", "course_title", "assigned_on", "due_on",
                    "completed_on", "score"]
        case .assessments:
            return ["staff_id", "skill", "assessed_on", "score", "attempt"]
        case .workqueue:
            return ["item_id", "claim_id", "encounter_id", "queue", "reason", "created_at",
                    "resolved_at", "resolved_by", "touches"]
        case .engagement:
            return ["event_id", "leader_id", "kind", "held_on", "audience_role", "invited",
                    "attended"]
        }
    }
}
