extension Schema {
    /// SPEC section 3's relations table, plus every staff-id field (exposed as `<field>_staff`)
    /// and `payments.patient_id`. Every relation is indexed forward (child row → parent row);
    /// those with a `reverse` name also parent row → child rows, in child row order.
    public static let relations: [Relation] = [
        Relation("encounters", "patient_id", to: "patients", as: "patient", reverse: "encounters"),
        Relation("charges", "encounter_id", to: "encounters", as: "encounter", reverse: "charges"),
        Relation("charges", "claim_id", to: "claims", as: "claim", reverse: "charges"),
        Relation("claims", "encounter_id", to: "encounters", as: "encounter", reverse: "claims"),
        Relation("remits", "claim_id", to: "claims", as: "claim", reverse: "remits"),
        Relation("adjustments", "claim_id", to: "claims", as: "claim", reverse: "adjustments"),
        Relation("adjustments", "remit_id", to: "remits", as: "remit", reverse: "adjustments"),
        Relation("adjustments", "charge_id", to: "charges", as: "charge", reverse: "adjustments"),
        Relation("payments", "encounter_id", to: "encounters", as: "encounter", reverse: "payments"),
        Relation("payments", "patient_id", to: "patients", as: "patient", reverse: "payments"),
        Relation("workqueue", "encounter_id", to: "encounters", as: "encounter", reverse: "workqueue"),
        Relation("workqueue", "claim_id", to: "claims", as: "claim", reverse: "workqueue"),
        Relation("staff", "manager_id", to: "staff", as: "manager", reverse: "reports"),
        Relation("training", "staff_id", to: "staff", as: "staff", reverse: "training"),
        Relation("assessments", "staff_id", to: "staff", as: "staff", reverse: "assessments"),
    ] + staffRelations

    /// `<field>_staff` for every staff-id field not already covered above.
    static var staffRelations: [Relation] {
        datasets.flatMap { spec in
            spec.fields.filter { $0.isStaff && $0.name != "manager_id" }.map {
                Relation(spec.name, $0.name, to: "staff", as: $0.name + "_staff", reverse: nil)
            }
        }
    }
}
