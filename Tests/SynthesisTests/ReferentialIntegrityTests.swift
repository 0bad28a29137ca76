import Testing
@testable import Synthesis

@Suite struct ReferentialIntegrityTests {
    let fixture = GeneratedFixture.standard

    private func ids(_ dataset: CanonicalDataset, _ column: String) -> Set<String> {
        Set(fixture[dataset].values(column))
    }

    /// Every non-empty value of `column` in `dataset` names a row of the parent.
    private func expectParents(_ dataset: CanonicalDataset, _ column: String, in parents: Set<String>) {
        let orphans = fixture[dataset].values(column).filter { !$0.isEmpty && !parents.contains($0) }
        #expect(orphans.isEmpty, "\(dataset).\(column): \(orphans.prefix(5))")
    }

    @Test func idsAreUnique() {
        for (dataset, column) in [(CanonicalDataset.staff, "staff_id"), (.patients, "patient_id"),
                                  (.encounters, "encounter_id"), (.charges, "charge_id"),
                                  (.claims, "claim_id"), (.remits, "remit_id"),
                                  (.payments, "payment_id"), (.workqueue, "item_id"),
                                  (.engagement, "event_id")] {
            let values = fixture[dataset].values(column)
            #expect(Set(values).count == values.count, "\(dataset).\(column) has duplicates")
        }
    }

    @Test func childrenPointAtExistingParents() {
        let encounters = ids(.encounters, "encounter_id")
        let claims = ids(.claims, "claim_id")
        let charges = ids(.charges, "charge_id")
        let remits = ids(.remits, "remit_id")
        let patients = ids(.patients, "patient_id")
        expectParents(.encounters, "patient_id", in: patients)
        expectParents(.charges, "encounter_id", in: encounters)
        expectParents(.charges, "claim_id", in: claims)
        expectParents(.claims, "encounter_id", in: encounters)
        expectParents(.remits, "claim_id", in: claims)
        expectParents(.adjustments, "claim_id", in: claims)
        expectParents(.adjustments, "remit_id", in: remits)
        expectParents(.adjustments, "charge_id", in: charges)
        expectParents(.payments, "encounter_id", in: encounters)
        expectParents(.payments, "patient_id", in: patients)
        expectParents(.workqueue, "claim_id", in: claims)
        expectParents(.workqueue, "encounter_id", in: encounters)
    }

    /// Staff-id fields name a staff row whose role fits the field (SPEC section 5 roles).
    @Test func staffFieldsNameStaffOfAFittingRole() {
        let staff = fixture[.staff]
        var roleOf: [String: String] = [:]
        for row in staff.rows { roleOf[row[staff.column("staff_id")]] = row[staff.column("role")] }
        let expectations: [(CanonicalDataset, String, Set<String>)] = [
            (.staff, "manager_id", ["leadership"]),
            (.encounters, "registered_by", ["patient_access"]),
            (.encounters, "attending_provider_id", ["provider"]),
            (.charges, "entered_by", ["charge_capture", "clinician"]),
            (.charges, "rendering_provider_id", ["provider"]),
            (.claims, "coded_by", ["coding"]),
            (.claims, "billed_by", ["billing"]),
            (.payments, "collected_by", ["patient_access"]),
            (.workqueue, "resolved_by", ["billing"]),
            (.engagement, "leader_id", ["leadership"]),
            (.training, "staff_id", Set(StaffRole.allCases.map(\.name))),
            (.assessments, "staff_id", Set(StaffRole.allCases.map(\.name))),
        ]
        for (dataset, column, roles) in expectations {
            let wrong = fixture[dataset].values(column).filter { !$0.isEmpty && !roles.contains(roleOf[$0] ?? "none") }
            #expect(wrong.isEmpty, "\(dataset).\(column): \(wrong.prefix(5))")
        }
    }

    @Test func nothingIsDatedAfterTheExtract() {
        let end = "2025-12-31T23:59:59"
        for (dataset, column) in [(CanonicalDataset.charges, "posted_at"), (.claims, "submitted_at"),
                                  (.payments, "received_at"), (.workqueue, "resolved_at")] {
            let late = fixture[dataset].values(column).filter { $0 > end }
            #expect(late.isEmpty, "\(dataset).\(column): \(late.prefix(3))")
        }
        #expect(fixture[.remits].values("received_on").allSatisfy { $0 <= "2025-12-31" })
        #expect(fixture[.encounters].values("service_date").allSatisfy { $0 >= "2025-01-01" && $0 <= "2025-12-31" })
    }
}
