/// The canonical data model of SPEC section 5, as data, so readers, lint and the engine share one source.
public enum Schema {
    /// The twelve datasets in SPEC order.
    public static let datasets: [DatasetSpec] = [
        staff, encounters, patients, charges, claims, remits,
        adjustments, payments, training, assessments, workqueue, engagement,
    ]

    /// Built-in roles; packs may add more with `role{}`.
    public static let roles: [String] = [
        "patient_access", "scheduling", "clinician", "provider", "charge_capture",
        "coding", "billing", "credentialing", "leadership",
    ]

    public static func dataset(named name: String) -> DatasetSpec? {
        datasets.first { $0.name == name }
    }

    public static let staff = DatasetSpec(name: "staff", idField: "staff_id", fields: [
        FieldSpec("staff_id", .id, required: true), FieldSpec("name"), FieldSpec("role", required: true),
        FieldSpec("department"), FieldSpec("facility"), FieldSpec("hire_date", .date),
        FieldSpec("role_start_date", .date), FieldSpec("manager_id", .id, staff: true),
        FieldSpec("active", .bool),
    ])

    public static let encounters = DatasetSpec(name: "encounters", idField: "encounter_id", fields: [
        FieldSpec("encounter_id", .id, required: true), FieldSpec("patient_id", .id, required: true),
        FieldSpec("facility"), FieldSpec("department"), FieldSpec("encounter_class"),
        FieldSpec("scheduled_at", .datetime), FieldSpec("service_date", .date, required: true),
        FieldSpec("discharge_date", .date), FieldSpec("registered_by", .id, staff: true),
        FieldSpec("prereg_completed_at", .datetime), FieldSpec("payer_id"), FieldSpec("financial_class"),
        FieldSpec("member_id"), FieldSpec("eligibility_verified_at", .datetime),
        FieldSpec("auth_required", .bool), FieldSpec("auth_number"),
        FieldSpec("auth_obtained_at", .datetime), FieldSpec("attending_provider_id", .id, staff: true),
    ])

    public static let patients = DatasetSpec(name: "patients", idField: "patient_id", fields: [
        FieldSpec("patient_id", .id, required: true), FieldSpec("birth_date", .date), FieldSpec("sex"),
        FieldSpec("zip"), FieldSpec("deceased_on", .date),
    ])

    public static let charges = DatasetSpec(name: "charges", idField: "charge_id", fields: [
        FieldSpec("charge_id", .id, required: true), FieldSpec("encounter_id", .id, required: true),
        FieldSpec("claim_id", .id), FieldSpec("service_date", .date, required: true),
        FieldSpec("posted_at", .datetime, required: true), FieldSpec("code"), FieldSpec("revenue_code"),
        FieldSpec("modifiers", .list), FieldSpec("dx_codes", .list), FieldSpec("units", .int),
        FieldSpec("amount", .money, required: true), FieldSpec("entered_by", .id, staff: true),
        FieldSpec("rendering_provider_id", .id, staff: true), FieldSpec("department"),
    ])

    public static let claims = DatasetSpec(name: "claims", idField: "claim_id", fields: [
        FieldSpec("claim_id", .id, required: true), FieldSpec("encounter_id", .id, required: true),
        FieldSpec("payer_id"), FieldSpec("claim_type"), FieldSpec("frequency_code"),
        FieldSpec("final_billed_at", .datetime), FieldSpec("submitted_at", .datetime),
        FieldSpec("total_charge", .money, required: true), FieldSpec("scrubber_edits", .int),
        FieldSpec("manual_touches", .int), FieldSpec("rejected_at", .datetime),
        FieldSpec("coded_by", .id, staff: true), FieldSpec("billed_by", .id, staff: true),
        FieldSpec("status"), FieldSpec("balance", .money),
    ])

    public static let remits = DatasetSpec(name: "remits", idField: "remit_id", fields: [
        FieldSpec("remit_id", .id, required: true), FieldSpec("claim_id", .id, required: true),
        FieldSpec("payer_id"), FieldSpec("received_on", .date, required: true), FieldSpec("claim_status"),
        FieldSpec("charge", .money), FieldSpec("paid", .money, required: true),
        FieldSpec("patient_responsibility", .money), FieldSpec("payer_claim_id"),
    ])

    public static let adjustments = DatasetSpec(name: "adjustments", idField: nil, fields: [
        FieldSpec("claim_id", .id, required: true), FieldSpec("remit_id", .id), FieldSpec("charge_id", .id),
        FieldSpec("group_code", required: true), FieldSpec("carc", required: true),
        FieldSpec("rarc", .list), FieldSpec("amount", .money, required: true),
    ])

    public static let payments = DatasetSpec(name: "payments", idField: "payment_id", fields: [
        FieldSpec("payment_id", .id, required: true), FieldSpec("encounter_id", .id),
        FieldSpec("patient_id", .id), FieldSpec("received_at", .datetime, required: true),
        FieldSpec("amount", .money, required: true), FieldSpec("source"), FieldSpec("method"),
        FieldSpec("collected_by", .id, staff: true), FieldSpec("point_of_service", .bool),
    ])

    public static let training = DatasetSpec(name: "training", idField: nil, fields: [
        FieldSpec("staff_id", .id, required: true), FieldSpec("course_id", .id, required: true),
        FieldSpec("course_title"), FieldSpec("assigned_on", .date), FieldSpec("due_on", .date),
        FieldSpec("completed_on", .date), FieldSpec("score", .number),
    ])

    public static let assessments = DatasetSpec(name: "assessments", idField: nil, fields: [
        FieldSpec("staff_id", .id, required: true), FieldSpec("skill", required: true),
        FieldSpec("assessed_on", .date, required: true), FieldSpec("score", .number, required: true),
        FieldSpec("attempt", .int),
    ])

    public static let workqueue = DatasetSpec(name: "workqueue", idField: "item_id", fields: [
        FieldSpec("item_id", .id, required: true), FieldSpec("claim_id", .id), FieldSpec("encounter_id", .id),
        FieldSpec("queue"), FieldSpec("reason"), FieldSpec("created_at", .datetime, required: true),
        FieldSpec("resolved_at", .datetime), FieldSpec("resolved_by", .id, staff: true),
        FieldSpec("touches", .int),
    ])

    public static let engagement = DatasetSpec(name: "engagement", idField: "event_id", fields: [
        FieldSpec("event_id", .id, required: true), FieldSpec("leader_id", .id, required: true, staff: true),
        FieldSpec("kind"), FieldSpec("held_on", .date, required: true), FieldSpec("audience_role"),
        FieldSpec("invited", .int), FieldSpec("attended", .int),
    ])
}
