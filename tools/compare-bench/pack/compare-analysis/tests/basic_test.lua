-- The corner cases compare-bench checks at scale, on inline rows.

local function policy(report, id)
  for _, p in ipairs(report.policies) do if p.id == id then return p end end
end

function test_eligibility_same_day_passes_next_day_fails()
  local r = upstream.run { as_of = "2025-03-31", data = { encounters = {
    { encounter_id = "E1", patient_id = "P1", service_date = "2025-03-02", payer_id = "MCR",
      eligibility_verified_at = "2025-03-02T23:59:59" },
    { encounter_id = "E2", patient_id = "P1", service_date = "2025-03-02", payer_id = "MCR",
      eligibility_verified_at = "2025-03-03T00:00:01" },
    { encounter_id = "E3", patient_id = "P1", service_date = "2025-03-02", payer_id = "MCR" },
    { encounter_id = "E4", patient_id = "P1", service_date = "2025-03-02" },   -- self-pay: not evaluated
  } } }
  local p = policy(r, "PA-ELIG-01")
  expect_eq(p.evaluated, 3)
  expect_eq(p.failed, 2)
end

function test_charge_lag_and_missing_code()
  local r = upstream.run { as_of = "2025-03-31", data = {
    encounters = { { encounter_id = "E1", patient_id = "P1", service_date = "2025-03-02" } },
    charges = {
      { charge_id = "C1", encounter_id = "E1", service_date = "2025-03-02", posted_at = "2025-03-05T23:00:00", amount = "10.00", code = "99213" },
      { charge_id = "C2", encounter_id = "E1", service_date = "2025-03-02", posted_at = "2025-03-06T00:00:00", amount = "20.50" },
    } } }
  expect_eq(policy(r, "CC-LAG-01").failed, 1)
  expect_eq(policy(r, "CC-CODE-01").failed, 1)
  expect_eq(policy(r, "CC-CODE-01").severity, "warning")
end
