-- Front-end policies: which fail on tests/fixtures/basic, and edge cases given inline.
local policy = upstream.policy

local function fixture() return upstream.run { data = "fixtures/basic", as_of = "2025-12-31" } end

function test_fixture_failures()
  local r = fixture()
  local expected = {
    ["STD-PA-ELIG-01"] = { 4, 1, "E2" }, ["STD-PA-ELIG-02"] = { 3, 1, "E3" }, ["STD-PA-AUTH-01"] = { 2, 1, "E2" },
    ["STD-PA-AUTH-02"] = { 1, 0 }, ["STD-PA-ADDR-01"] = { 5, 2, "E2" }, ["STD-PA-MEMBER-01"] = { 4, 0 },
    ["STD-PA-MEMBER-02"] = { 4, 0 }, ["STD-PA-PAYER-01"] = { 5, 0 }, ["STD-PA-FINCLASS-01"] = { 5, 0 },
    ["STD-PA-DEMO-01"] = { 5, 0 }, ["STD-PA-DEMO-02"] = { 5, 0 }, ["STD-PA-DEMO-03"] = { 5, 0 },
    ["STD-PA-DATES-01"] = { 1, 0 }, ["STD-PA-PROV-01"] = { 5, 0 },
    ["STD-CC-AMOUNT-01"] = { 6, 0 }, ["STD-CC-UNITS-01"] = { 6, 0 }, ["STD-CC-CODE-01"] = { 6, 1, "CH2-1" },
    ["STD-CC-REVCODE-01"] = { 2, 0 }, ["STD-CC-DATES-01"] = { 6, 0 }, ["STD-CC-POSTED-01"] = { 6, 0 },
    ["STD-CC-LATE-01"] = { 6, 1, "CH3-2" }, ["STD-CC-LATE-02"] = { 5, 1, "CH3-2" }, ["STD-CC-DUP-01"] = { 6, 1, "CH1-2" },
    ["STD-CR-PROV-01"] = { 6, 0 }, ["STD-COD-DX-01"] = { 3, 0 },
    ["STD-BL-PAYER-01"] = { 4, 0 }, ["STD-BL-PAYER-02"] = { 4, 0 }, ["STD-BL-TOTAL-01"] = { 4, 1, "CL3-2" },
    ["STD-BL-DATES-01"] = { 4, 0 }, ["STD-BL-DATES-02"] = { 4, 0 }, ["STD-BL-DUP-01"] = { 4, 1, "CL3-2" },
    ["STD-BL-FREQ-01"] = { 0, 0 }, ["STD-BL-TF-01"] = { 4, 0 }, ["STD-BL-TF-02"] = { 0, 0 },
  }
  for id, e in pairs(expected) do
    local p = policy(r, id)
    expect_eq(p.evaluated, e[1], id .. " evaluated")
    expect_eq(p.failed, e[2], id .. " failed")
    if e[3] then expect_eq(p.examples[1], e[3], id .. " example") end
  end
end

function test_roles_staff_and_amounts()
  local r = fixture()
  local elig = policy(r, "STD-PA-ELIG-01")
  expect_eq(elig.role, "patient_access")
  expect_eq(elig.severity, "error")
  expect_near(elig.amount_at_risk, 200, 1e-9)            -- E2's charges
  local code = policy(r, "STD-CC-CODE-01")
  expect_eq(code.role, "charge_capture")
  expect_near(code.amount_at_risk, 200, 1e-9)
  local dup = policy(r, "STD-BL-DUP-01")
  expect_eq(dup.role, "billing")
  expect_near(dup.amount_at_risk, 1050, 1e-9)
  expect_eq(policy(r, "STD-PA-ADDR-01").severity, "warning")
  expect_eq(policy(r, "STD-CC-DUP-01").severity, "warning")
  local pa
  for _, x in ipairs(r.attribution.by_role) do if x.role == "patient_access" then pa = x end end
  expect_eq(pa.failures, 5)                              -- ELIG-01, ELIG-02, AUTH-01 and two ADDR warnings
end

-- One encounter (and its patient, charge and claim) inline, with fields overridden per test.
local function one(o)
  local e = {
    encounter_id = "E1", patient_id = "P1", service_date = "2025-05-10", discharge_date = o.discharge_date or "",
    encounter_class = "outpatient", registered_by = "S1", payer_id = o.payer_id or "MCR",
    financial_class = o.financial_class or "medicare", member_id = o.member_id or "1EG123456789",
    eligibility_verified_at = "2025-05-09T10:00:00", auth_required = o.auth_required or "false",
    auth_number = o.auth_number or "", auth_obtained_at = o.auth_obtained_at or "",
    attending_provider_id = o.attending or "S6",
  }
  return upstream.run {
    as_of = "2025-12-31", params = o.params,
    data = {
      staff = { { staff_id = "S1", role = "patient_access" }, { staff_id = "S6", role = o.provider_role or "provider" } },
      patients = { { patient_id = "P1", birth_date = o.birth_date or "1950-01-01", sex = o.sex or "F", zip = "44000",
                     deceased_on = o.deceased_on or "" } },
      encounters = { e },
      charges = { { charge_id = "CH1", encounter_id = "E1", claim_id = "CL1", service_date = o.charge_date or "2025-05-10",
                    posted_at = o.posted_at or "2025-05-10T12:00:00", code = "99213", revenue_code = o.revenue_code or "0510",
                    modifiers = "", dx_codes = o.dx_codes or "I10", units = o.units or "1", amount = o.amount or "100.00",
                    entered_by = "S5", rendering_provider_id = o.rendering or "S6" } },
      claims = { { claim_id = "CL1", encounter_id = "E1", payer_id = o.claim_payer or "MCR", claim_type = o.claim_type or "professional",
                   frequency_code = o.frequency_code or "1", final_billed_at = o.final_billed_at or "2025-05-12T10:00:00",
                   submitted_at = o.submitted_at or "2025-05-12T12:00:00", total_charge = o.total or "100.00",
                   coded_by = "S3", billed_by = "S4" } },
    },
  }
end

local function fails(o, id) return policy(one(o), id).failed end

function test_registration_edge_cases()
  expect_eq(fails({ birth_date = "2025-06-01" }, "STD-PA-DEMO-01"), 1)
  expect_eq(fails({ deceased_on = "2025-05-01" }, "STD-PA-DEMO-03"), 1)
  expect_eq(fails({ discharge_date = "2025-05-01" }, "STD-PA-DATES-01"), 1)
  expect_eq(fails({ financial_class = "charity" }, "STD-PA-FINCLASS-01"), 1)
  expect_eq(fails({ financial_class = "self_pay" }, "STD-PA-PAYER-01"), 1)   -- a payer on a self-pay encounter
  expect_eq(fails({ payer_id = "" }, "STD-PA-PAYER-01"), 1)
  expect_eq(fails({ auth_required = "true", auth_number = "A1", auth_obtained_at = "2025-05-11T09:00:00" }, "STD-PA-AUTH-02"), 1)
  expect_eq(fails({ member_id = "" }, "STD-PA-MEMBER-01"), 1)
  expect_eq(fails({ sex = "" }, "STD-PA-DEMO-02"), 1)
  expect_eq(fails({ attending = "" }, "STD-PA-PROV-01"), 1)
end

function test_member_id_format_is_a_map_param()
  expect_eq(fails({}, "STD-PA-MEMBER-02"), 0)                          -- no pattern: no check
  local pattern = "^1EG%d%d%d%d%d%d%d%d%d$"
  expect_eq(fails({ params = { member_id_pattern = { MCR = pattern } } }, "STD-PA-MEMBER-02"), 0)
  expect_eq(fails({ member_id = "1EG12", params = { member_id_pattern = { MCR = pattern } } }, "STD-PA-MEMBER-02"), 1)
end

function test_charge_edge_cases()
  expect_eq(fails({ amount = "0.00", total = "0.00" }, "STD-CC-AMOUNT-01"), 1)
  expect_eq(fails({ units = "0" }, "STD-CC-UNITS-01"), 1)
  expect_eq(fails({ charge_date = "2025-05-11" }, "STD-CC-DATES-01"), 1)
  expect_eq(fails({ posted_at = "2025-05-09T12:00:00" }, "STD-CC-POSTED-01"), 1)
  expect_eq(fails({ dx_codes = "" }, "STD-COD-DX-01"), 1)
  expect_eq(fails({ rendering = "S9" }, "STD-CR-PROV-01"), 1)             -- not on the roster
  expect_eq(fails({ provider_role = "clinician" }, "STD-CR-PROV-01"), 1)  -- not a provider
  expect_eq(fails({ revenue_code = "", claim_type = "institutional" }, "STD-CC-REVCODE-01"), 1)
  expect_eq(fails({ revenue_code = "" }, "STD-CC-REVCODE-01"), 0)         -- professional: not required
end

function test_claim_edge_cases()
  expect_eq(fails({ claim_payer = "" }, "STD-BL-PAYER-01"), 1)
  expect_eq(fails({ claim_payer = "CMA" }, "STD-BL-PAYER-02"), 1)
  expect_eq(fails({ total = "90.00" }, "STD-BL-TOTAL-01"), 1)
  expect_eq(fails({ final_billed_at = "2025-05-09T10:00:00" }, "STD-BL-DATES-01"), 1)
  expect_eq(fails({ submitted_at = "2025-05-12T09:00:00" }, "STD-BL-DATES-02"), 1)
  expect_eq(fails({ frequency_code = "7" }, "STD-BL-FREQ-01"), 1)         -- replaces nothing
  expect_eq(fails({ submitted_at = "2026-06-01T12:00:00" }, "STD-BL-TF-01"), 1)   -- 387 days > 365
end

function test_timely_filing_limits_are_a_map_param()
  local o = { submitted_at = "2025-09-01T12:00:00", params = { timely_filing_days = { MCR = 90 } } }
  expect_eq(fails(o, "STD-BL-TF-01"), 1)                                  -- 114 days > 90
  expect_eq(fails({ submitted_at = "2025-09-01T12:00:00" }, "STD-BL-TF-01"), 0)
end

function test_unsubmitted_claim_near_its_limit_warns()
  local o = { submitted_at = "", params = { timely_filing_days = { MCR = 250 } } }   -- 235 days at as-of: 15 left
  local p = policy(one(o), "STD-BL-TF-02")
  expect_eq(p.failed, 1)
  expect_eq(p.severity, "warning")
end

function test_late_charge_after_final_bill()
  expect_eq(fails({ posted_at = "2025-05-14T09:00:00", final_billed_at = "2025-05-12T10:00:00" }, "STD-CC-LATE-02"), 1)
  expect_eq(fails({ posted_at = "2025-05-12T18:00:00", final_billed_at = "2025-05-12T10:00:00" }, "STD-CC-LATE-02"), 0)
end

function test_replacement_claim_after_an_original_passes()
  local r = upstream.run { as_of = "2025-12-31", data = {
    encounters = { { encounter_id = "E1", patient_id = "P1", service_date = "2025-05-10" } },
    charges = { { charge_id = "CH1", encounter_id = "E1", claim_id = "CL1", service_date = "2025-05-10",
                  posted_at = "2025-05-10T12:00:00", amount = "100.00" } },
    claims = {
      { claim_id = "CL1", encounter_id = "E1", frequency_code = "1", submitted_at = "2025-05-12T12:00:00", total_charge = "100.00" },
      { claim_id = "CL1R", encounter_id = "E1", frequency_code = "7", submitted_at = "2025-06-12T12:00:00", total_charge = "100.00" },
    },
  } }
  local p = policy(r, "STD-BL-FREQ-01")
  expect_eq(p.evaluated, 1)
  expect_eq(p.failed, 0)
end
