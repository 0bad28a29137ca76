import Testing
@testable import Synthesis

@Suite struct CanonicalLayoutTests {
    /// The header lines exactly as SPEC section 5 lists the fields, typed out independently of
    /// `CanonicalDataset` so a slip in either shows up here.
    static let specHeaders: [CanonicalDataset: String] = [
        .staff: "staff_id,name,role,department,facility,hire_date,role_start_date,manager_id,active",
        .patients: "patient_id,birth_date,sex,zip,deceased_on",
        .encounters: "encounter_id,patient_id,facility,department,encounter_class,scheduled_at,service_date,"
            + "discharge_date,registered_by,prereg_completed_at,payer_id,financial_class,member_id,"
            + "eligibility_verified_at,auth_required,auth_number,auth_obtained_at,attending_provider_id",
        .charges: "charge_id,encounter_id,claim_id,service_date,posted_at,code,revenue_code,modifiers,dx_codes,"
            + "units,amount,entered_by,rendering_provider_id,department",
        .claims: "claim_id,encounter_id,payer_id,claim_type,frequency_code,final_billed_at,submitted_at,"
            + "total_charge,scrubber_edits,manual_touches,rejected_at,coded_by,billed_by,status,balance",
        .remits: "remit_id,claim_id,payer_id,received_on,claim_status,charge,paid,patient_responsibility,payer_claim_id",
        .adjustments: "claim_id,remit_id,charge_id,group_code,carc,rarc,amount",
        .payments: "payment_id,encounter_id,patient_id,received_at,amount,source,method,collected_by,point_of_service",
        .training: "staff_id,course_id,course_title,assigned_on,due_on,completed_on,score",
        .assessments: "staff_id,skill,assessed_on,score,attempt",
        .workqueue: "item_id,claim_id,encounter_id,queue,reason,created_at,resolved_at,resolved_by,touches",
        .engagement: "event_id,leader_id,kind,held_on,audience_role,invited,attended",
    ]

    @Test(arguments: CanonicalDataset.allCases)
    func fileHasExactlyTheCanonicalHeader(_ dataset: CanonicalDataset) {
        let table = GeneratedFixture.standard[dataset]
        #expect(table.headerLine == Self.specHeaders[dataset])
        #expect(table.header == dataset.header)
    }

    @Test(arguments: CanonicalDataset.allCases)
    func everyRowHasTheHeadersFieldCount(_ dataset: CanonicalDataset) {
        let table = GeneratedFixture.standard[dataset]
        #expect(!table.rows.isEmpty)
        let bad = table.rows.filter { $0.count != table.header.count }
        #expect(bad.isEmpty, "\(dataset): \(bad.prefix(3))")
    }

    @Test func valuesUseTheCanonicalFormats() {
        let fixture = GeneratedFixture.standard
        for date in fixture[.encounters].values("service_date") {
            #expect(isDate(date), "service_date \(date)")
        }
        for stamp in fixture[.charges].values("posted_at") {
            #expect(stamp.count == 19 && isDate(String(stamp.prefix(10))) && stamp.dropFirst(10).first == "T")
        }
        for money in fixture[.charges].values("amount") + fixture[.remits].values("paid") {
            let parts = money.split(separator: ".")
            #expect(parts.count == 2 && parts[1].count == 2 && Int(parts[0]) != nil, "money \(money)")
        }
        for flag in fixture[.encounters].values("auth_required") + fixture[.staff].values("active") {
            #expect(flag == "true" || flag == "false")
        }
        for score in fixture[.assessments].values("score") {
            let value = Double(score) ?? -1
            #expect(value >= 0 && value <= 1)
        }
    }

    @Test func everyRoleIsStaffed() {
        let roles = Set(GeneratedFixture.standard[.staff].values("role"))
        #expect(roles == Set(StaffRole.allCases.map(\.name)))
    }

    private func isDate(_ text: String) -> Bool {
        CivilCalendar.parse(text) != nil
    }
}
