/// A tiny, fast, seeded writer of a canonical-layout organization for the benchmark only (the
/// real `upstream generate` lives elsewhere). Shapes follow the issue: per encounter three
/// charges, one claim, one remit, one adjustment; about 620 MB at 1M encounters.
struct SyntheticOrganization {
    let encounters: Int
    var state: UInt64 = 0x5EED

    mutating func next(_ bound: Int) -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int((state >> 33) % UInt64(bound))
    }

    static let base = 20_089 // 2025-01-01
    static let classes: [StaticString] = ["inpatient", "outpatient", "emergency", "ambulatory", "observation"]
    static let financial: [StaticString] = ["commercial", "medicare", "medicaid", "self_pay", "other"]

    mutating func write(to dir: String) -> [(String, Int)] {
        var sizes: [(String, Int)] = []
        let staffCount = max(50, encounters / 2000)
        let patients = max(10, encounters / 3)

        var w = ByteWriter(path: dir + "/staff.csv")
        w.text("staff_id,name,role,department,facility,hire_date,role_start_date,manager_id,active\n")
        for s in 0..<staffCount {
            w.id("S", s); w.comma(); w.text("Person "); w.int(s); w.comma(); w.text("patient_access,Registration,MAIN,")
            w.date(Self.base - 2000 + next(1500)); w.comma(); w.date(Self.base - 400); w.comma()
            w.id("S", s / 10); w.comma(); w.text("true"); w.newline()
        }
        sizes.append(("staff", w.close()))

        w = ByteWriter(path: dir + "/patients.csv")
        w.text("patient_id,birth_date,sex,zip,deceased_on\n")
        for p in 0..<patients {
            w.id("P", p); w.comma(); w.date(Self.base - 30_000 + next(27_000)); w.comma()
            w.text(p % 2 == 0 ? "F" : "M"); w.comma(); w.padded(10_000 + next(89_999), 5); w.comma(); w.newline()
        }
        sizes.append(("patients", w.close()))

        w = ByteWriter(path: dir + "/encounters.csv")
        w.text("encounter_id,patient_id,facility,department,encounter_class,scheduled_at,service_date,discharge_date,registered_by,prereg_completed_at,payer_id,financial_class,member_id,eligibility_verified_at,auth_required,auth_number,auth_obtained_at,attending_provider_id\n")
        for e in 0..<encounters {
            let day = Self.base + next(365)
            w.id("E", e); w.comma(); w.id("P", next(patients)); w.comma(); w.text("MAIN,CARD,")
            w.text(Self.classes[next(5)]); w.comma(); w.datetime(day - 3, 3600 * 9 + next(30_000)); w.comma()
            w.date(day); w.comma(); w.date(day + next(4)); w.comma(); w.id("S", next(staffCount)); w.comma()
            w.datetime(day - 2, next(86_400)); w.comma(); w.text("PAY"); w.padded(next(40), 3); w.comma()
            w.text(Self.financial[next(5)]); w.comma(); w.text("M"); w.padded(next(999_999), 6); w.comma()
            if next(20) > 0 { w.datetime(day - 1, next(86_400)) }
            w.comma(); w.text(next(3) == 0 ? "true" : "false"); w.comma()
            w.text("A"); w.padded(next(99_999), 5); w.comma(); w.datetime(day - 1, next(86_400)); w.comma()
            w.id("S", next(staffCount)); w.newline()
        }
        sizes.append(("encounters", w.close()))

        w = ByteWriter(path: dir + "/charges.csv")
        w.text("charge_id,encounter_id,claim_id,service_date,posted_at,code,revenue_code,modifiers,dx_codes,units,amount,entered_by,rendering_provider_id,department\n")
        for c in 0..<(encounters * 3) {
            let e = c / 3
            let day = Self.base + next(365)
            w.id("C", c); w.comma(); w.id("E", e); w.comma(); w.id("K", e); w.comma(); w.date(day); w.comma()
            w.datetime(day + next(3), next(86_400)); w.comma(); w.padded(99_000 + next(999), 5); w.comma()
            w.padded(next(999), 4); w.comma(); if next(4) == 0 { w.text("25;59") }; w.comma()
            w.text("I10;E11."); w.int(next(9)); w.comma(); w.int(1 + next(3)); w.comma(); w.money(1000 + next(500_000)); w.comma()
            w.id("S", next(staffCount)); w.comma(); w.id("S", next(staffCount)); w.comma(); w.text("CARD"); w.newline()
        }
        sizes.append(("charges", w.close()))

        w = ByteWriter(path: dir + "/claims.csv")
        w.text("claim_id,encounter_id,payer_id,claim_type,frequency_code,final_billed_at,submitted_at,total_charge,scrubber_edits,manual_touches,rejected_at,coded_by,billed_by,status,balance\n")
        for k in 0..<encounters {
            let day = Self.base + next(365)
            w.id("K", k); w.comma(); w.id("E", k); w.comma(); w.text("PAY"); w.padded(next(40), 3); w.comma()
            w.text(next(2) == 0 ? "professional,1," : "institutional,1,"); w.datetime(day, next(86_400)); w.comma()
            w.datetime(day + 1, next(86_400)); w.comma(); w.money(5000 + next(2_000_000)); w.comma(); w.int(next(3)); w.comma()
            w.int(next(2)); w.comma(); w.comma(); w.id("S", next(staffCount)); w.comma(); w.id("S", next(staffCount)); w.comma()
            w.text("paid,"); w.money(next(10_000)); w.newline()
        }
        sizes.append(("claims", w.close()))

        w = ByteWriter(path: dir + "/remits.csv")
        w.text("remit_id,claim_id,payer_id,received_on,claim_status,charge,paid,patient_responsibility,payer_claim_id\n")
        for r in 0..<encounters {
            w.id("R", r); w.comma(); w.id("K", r); w.comma(); w.text("PAY"); w.padded(next(40), 3); w.comma()
            w.date(Self.base + 20 + next(365)); w.comma(); w.int(1 + next(4)); w.comma(); w.money(next(2_000_000)); w.comma()
            w.money(next(1_500_000)); w.comma(); w.money(next(20_000)); w.comma(); w.text("PC"); w.padded(r, 10); w.newline()
        }
        sizes.append(("remits", w.close()))

        w = ByteWriter(path: dir + "/adjustments.csv")
        w.text("claim_id,remit_id,charge_id,group_code,carc,rarc,amount\n")
        for a in 0..<encounters {
            w.id("K", a); w.comma(); w.id("R", a); w.comma(); w.comma()
            let denial = next(10) == 0
            w.text(denial ? "CO,197,N382," : "CO,45,,"); w.money(next(300_000)); w.newline()
        }
        sizes.append(("adjustments", w.close()))
        return sizes
    }
}
