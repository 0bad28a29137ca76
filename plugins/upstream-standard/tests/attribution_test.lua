-- CARC/RARC attribution and the evidence rules, on one claim with one adjustment given inline.
local function scenario(o)
  o = o or {}
  local charges = { {
    charge_id = "CH1", encounter_id = "E1", claim_id = "CL1", service_date = "2025-01-10",
    posted_at = o.posted_at or "2025-01-10T12:00:00", code = "99213", modifiers = "", dx_codes = "I10", units = "1",
    amount = "100.00", entered_by = "S5",
  } }
  if o.repeat_line then
    charges[2] = { charge_id = "CH2", encounter_id = "E1", claim_id = "CL1", service_date = "2025-01-10",
                   posted_at = "2025-01-10T12:05:00", code = "99213", modifiers = "", dx_codes = "I10", units = "1",
                   amount = "100.00", entered_by = "S6" }
  end
  return {
    staff = {
      { staff_id = "S1", name = "Reg, One", role = "patient_access" }, { staff_id = "S3", name = "Coder, Cy", role = "coding" },
      { staff_id = "S4", name = "Biller, Bo", role = "billing" }, { staff_id = "S5", name = "Charger, Cam", role = "charge_capture" },
      { staff_id = "S6", name = "Charger, Two", role = "charge_capture" },
    },
    patients = { { patient_id = "P1", birth_date = o.birth_date or "1950-01-01", sex = "F", zip = "44000" } },
    encounters = { {
      encounter_id = "E1", patient_id = "P1", service_date = "2025-01-10", discharge_date = "", registered_by = "S1",
      payer_id = o.encounter_payer or "MCR", financial_class = "medicare", member_id = "M1",
      eligibility_verified_at = o.verified_at or "2025-01-09T10:00:00", auth_required = o.auth_required or "false",
      auth_number = o.auth_number or "", auth_obtained_at = "",
    } },
    charges = charges,
    claims = { {
      claim_id = "CL1", encounter_id = "E1", payer_id = o.claim_payer or "MCR", frequency_code = "1",
      final_billed_at = o.final_billed_at or "2025-01-12T10:00:00", submitted_at = o.submitted_at or "2025-01-12T12:00:00",
      total_charge = o.repeat_line and "200.00" or "100.00", coded_by = "S3", billed_by = "S4",
    } },
    remits = { { remit_id = "RM1", claim_id = "CL1", received_on = "2025-06-10", paid = "0.00" } },
    adjustments = { {
      claim_id = "CL1", remit_id = "RM1", charge_id = o.charge_id or "", group_code = o.group or "CO",
      carc = o.carc or "29", rarc = o.rarc or "", amount = "100.00",
    } },
  }
end

local function attribute(o)
  return upstream.run { data = scenario(o), as_of = "2025-12-31" }.attribution
end

local function role(attribution, id)
  for _, r in ipairs(attribution.by_role) do if r.role == id and r.denials > 0 then return r end end
  return nil
end

local function person(attribution, id)
  for _, s in ipairs(attribution.by_staff) do if s.staff_id == id then return s end end
  return nil
end

local function only_role(attribution)
  local found
  for _, r in ipairs(attribution.by_role) do
    if r.denials > 0 then
      expect_true(found == nil, "more than one role has denials")
      found = r.role
    end
  end
  return found
end

function test_table_roles()
  expect_eq(only_role(attribute { carc = "197" }), "patient_access")
  expect_eq(only_role(attribute { carc = "27" }), "patient_access")
  expect_eq(only_role(attribute { carc = "50" }), "provider")
  expect_eq(only_role(attribute { carc = "4" }), "coding")
  expect_eq(only_role(attribute { carc = "199" }), "charge_capture")
  expect_eq(only_role(attribute { carc = "185" }), "credentialing")
  expect_eq(only_role(attribute { carc = "125" }), "billing")
  expect_eq(only_role(attribute { carc = "B9" }), "patient_access")
end

function test_not_denials()
  for _, case in ipairs({ { carc = "45" }, { carc = "59" }, { carc = "253" }, { group = "OA", carc = "23" },
                          { group = "PR", carc = "1" }, { carc = "2" }, { carc = "3" } }) do
    local a = attribute(case)
    expect_eq(a.totals.denials, 0, "CARC " .. case.carc .. " is not a denial")
  end
end

function test_unknown_code_is_unattributed()
  expect_eq(only_role(attribute { carc = "999" }), "unattributed")
end

function test_rarc_routes_carc_16()
  expect_eq(only_role(attribute { carc = "16" }), "billing")
  expect_eq(only_role(attribute { carc = "16", rarc = "N382" }), "patient_access")
  expect_eq(only_role(attribute { carc = "16", rarc = "M76" }), "coding")
  expect_eq(only_role(attribute { carc = "16", rarc = "M51" }), "charge_capture")
  expect_eq(only_role(attribute { carc = "16", rarc = "N290" }), "credentialing")
  expect_eq(only_role(attribute { carc = "252", rarc = "N706" }), "coding")
end

function test_ma130_yields_to_its_companion_remark()
  expect_eq(only_role(attribute { carc = "16", rarc = "MA130" }), "billing")
  expect_eq(only_role(attribute { carc = "16", rarc = "MA130;N382" }), "patient_access")
end

function test_timely_filing_to_charge_capture_after_a_late_charge()
  -- the only charge posted 50 days after service (tf_charge_lag_days is 30)
  local a = attribute { carc = "29", posted_at = "2025-03-01T10:00:00",
                        final_billed_at = "2025-03-02T10:00:00", submitted_at = "2025-03-02T12:00:00" }
  expect_eq(only_role(a), "charge_capture")
  expect_eq(person(a, "S5").denials, 1)
end

function test_timely_filing_to_coding_after_a_late_final_bill()
  local a = attribute { carc = "29", final_billed_at = "2025-03-02T10:00:00", submitted_at = "2025-03-02T12:00:00" }
  expect_eq(only_role(a), "coding")
  expect_eq(person(a, "S3").denials, 1)
end

function test_timely_filing_stays_with_billing_without_upstream_delay()
  local a = attribute { carc = "29", submitted_at = "2025-06-01T12:00:00" }
  expect_eq(only_role(a), "billing")
  expect_eq(person(a, "S4").denials, 1)
end

function test_timely_filing_thresholds_are_params()
  local r = upstream.run { data = scenario { carc = "29", posted_at = "2025-03-01T10:00:00",
                                             final_billed_at = "2025-03-02T10:00:00", submitted_at = "2025-03-02T12:00:00" },
                           as_of = "2025-12-31", params = { tf_charge_lag_days = 60 } }
  -- a 50-day charge lag is under 60: the 0-day coding lag does not qualify either → billing
  expect_eq(only_role(r.attribution), "billing")
end

function test_wrong_payer_on_the_claim_goes_to_billing()
  expect_eq(only_role(attribute { carc = "109" }), "patient_access")
  expect_eq(only_role(attribute { carc = "109", claim_payer = "CMA" }), "billing")
end

function test_age_conflict_with_a_wrong_birth_date_goes_to_patient_access()
  expect_eq(only_role(attribute { carc = "6" }), "coding")
  expect_eq(only_role(attribute { carc = "6", birth_date = "2025-05-01" }), "patient_access")
end

function test_double_posted_line_duplicate_goes_to_charge_capture()
  expect_eq(only_role(attribute { carc = "18", group = "OA" }), "billing")
  local a = attribute { carc = "18", group = "OA", repeat_line = true, charge_id = "CH2" }
  expect_eq(only_role(a), "charge_capture")
  expect_eq(person(a, "S6").denials, 1)
end

function test_categories()
  local a = attribute { carc = "197" }
  expect_eq(a.by_category[1].category, "authorization")
  a = attribute { carc = "16", rarc = "N382" }
  expect_eq(a.by_category[1].category, "registration")
end
