-- MAP Keys on tests/fixtures/basic: five encounters, four claims (one a duplicate), hand-checked.
-- Every expected number is worked out in the comment beside it.
local function run() return upstream.run { data = "fixtures/basic", as_of = "2025-12-31" } end

local kpi, group = upstream.kpi, upstream.group

function test_pre_registration_rate()
  -- scheduled a day or more ahead in IP/OP/obs: E1, E2, E5; pre-registered before service: E1, E5
  local k = kpi(run(), "pre_registration_rate")
  expect_eq(k.hfma, "PA-2")
  expect_eq(k.numerator, 2)
  expect_eq(k.denominator, 3)
end

function test_insurance_verification_rate()
  -- insured E1, E2, E3, E5; verified by the date of service: E1, E5 (E3 after, E2 never)
  local k = kpi(run(), "insurance_verification_rate")
  expect_eq(k.hfma, "PA-3")
  expect_near(k.value, 0.5, 1e-9)
end

function test_authorization_rates()
  local r = run()
  local ip, op = kpi(r, "auth_rate_inpatient"), kpi(r, "auth_rate_outpatient")
  expect_eq(ip.hfma, "PA-4")
  expect_near(ip.value, 1, 1e-9)        -- E3: authorized 2025-05-30, before service
  expect_eq(op.hfma, "PA-5")
  expect_near(op.value, 0, 1e-9)        -- E2: required, no number
  expect_eq(op.denominator, 1)
end

function test_pos_cash_collections()
  -- patient cash 20 (at registration) + 50 (online, later) = 70; 20 at the point of service
  local k = kpi(run(), "pos_cash_collections")
  expect_eq(k.hfma, "PA-7")
  expect_near(k.value, 20 / 70, 1e-9)
end

function test_pos_window_param_counts_later_payments()
  -- with a 60-day window the 50 paid 57 days after discharge also counts
  local r = upstream.run { data = "fixtures/basic", as_of = "2025-12-31", params = { pos_window_days = 60 } }
  expect_near(kpi(r, "pos_cash_collections").value, 1, 1e-9)
end

function test_dnfb_fbns_dnsp()
  -- E5 (150) is served and not final billed; the 3-month window (Oct–Dec, 92 days) holds 150 of
  -- charges, so average daily revenue is 150 / 92 and DNFB is 92 days. Nothing is FBNS.
  local r = run()
  local dnfb, fbns, dnsp = kpi(r, "dnfb_days"), kpi(r, "fbns_days"), kpi(r, "dnsp_days")
  expect_eq(dnfb.hfma, "PB-1")
  expect_near(dnfb.value, 92, 1e-9)
  expect_eq(dnfb.met, false)
  expect_eq(fbns.hfma, "PB-2")
  expect_near(fbns.value, 0, 1e-9)
  expect_eq(dnsp.hfma, "PB-3")
  expect_near(dnsp.value, 92, 1e-9)
  expect_true(dnfb.by_month == nil or #dnfb.by_month == 0, "snapshot KPIs have no monthly trend")
end

function test_self_pay_counts_in_dnfb_when_asked()
  -- E4 (self-pay, no charges) adds nothing; the param is read without error
  local r = upstream.run { data = "fixtures/basic", as_of = "2025-12-31", params = { dnfb_include_self_pay = true } }
  expect_near(kpi(r, "dnfb_days").value, 92, 1e-9)
end

function test_charge_lag()
  -- lags 0, 0, 0, 1, 10, 0 days over 6 lines
  local k = kpi(run(), "charge_lag_days")
  expect_eq(k.hfma, "PB-4")
  expect_near(k.value, 11 / 6, 1e-9)
  expect_eq(k.met, true)
end

function test_clean_claim_rate()
  -- CL1 is clean; CL2 (registration and charge failures, an edit, a rejection), CL3 (late
  -- eligibility, a charge after the final bill) and CL3-2 (duplicate) are not
  local k = kpi(run(), "clean_claim_rate")
  expect_eq(k.hfma, "CL-1")
  expect_eq(k.numerator, 1)
  expect_eq(k.denominator, 4)
  expect_eq(k.met, false)
end

function test_late_charge_rate()
  -- CH3-2 (50) posted 10 days after discharge, of 1600 gross charges
  local k = kpi(run(), "late_charge_rate")
  expect_eq(k.hfma, "CL-2")
  expect_near(k.value, 50 / 1600, 1e-9)
end

function test_late_charge_days_param()
  local r = upstream.run { data = "fixtures/basic", as_of = "2025-12-31", params = { late_charge_days = 10 } }
  expect_near(kpi(r, "late_charge_rate").value, 0, 1e-9)
end

function test_aged_ar()
  -- billed A/R: CL2's 200 open, 265 days after service; unbilled: E5's 150, 16 days old
  local r = run()
  local ar1, ar2, ar3 = kpi(r, "ar_over_90_billed"), kpi(r, "ar_over_90_by_payer_group"), kpi(r, "ar_over_90_total")
  expect_eq(ar1.hfma, "AR-1")
  expect_near(ar1.value, 1, 1e-9)
  expect_near(ar1.measures.over_120, 200, 1e-9)
  expect_near(ar1.measures.billed, 200, 1e-9)
  expect_eq(ar2.hfma, "AR-2")
  expect_near(group(ar2, "commercial").value, 1, 1e-9)
  expect_eq(ar3.hfma, "AR-3")
  expect_near(ar3.value, 200 / 350, 1e-9)
end

function test_remittance_denial_rate()
  -- first remits: 4; denied: CL2 (CO-197) and CL3-2 (OA-18); CO-45 and PR are not denials
  local k = kpi(run(), "remittance_denial_rate")
  expect_eq(k.hfma, "AR-5")
  expect_eq(k.numerator, 2)
  expect_eq(k.denominator, 4)
end

function test_targets_are_params()
  local r = upstream.run { data = "fixtures/basic", as_of = "2025-12-31", params = { clean_claim_target = 0.2 } }
  local k = kpi(r, "clean_claim_rate")
  expect_eq(k.target.at_least, 0.2)
  expect_eq(k.met, true)
end
