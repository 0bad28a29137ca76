-- Denial, collection and registration KPIs on tests/fixtures/basic (hand-checked).
local function run(params) return upstream.run { data = "fixtures/basic", as_of = "2025-12-31", params = params } end

local kpi, group = upstream.kpi, upstream.group

function test_initial_denial_rate_by_count_and_dollars()
  local r = run()
  local count, dollars, lines = kpi(r, "initial_denial_rate"), kpi(r, "initial_denial_rate_dollars"), kpi(r, "initial_denial_rate_lines")
  expect_eq(count.numerator, 2)                    -- CL2 (CO-197) and CL3-2 (OA-18)
  expect_eq(count.denominator, 4)
  expect_eq(count.met, false)
  expect_near(dollars.value, 1250 / 1450, 1e-9)    -- 200 + 1050 denied of 1450 in claimed lines
  expect_near(lines.value, 0, 1e-9)                -- no line-level denial
end

function test_rebills_leave_initial_denial_rates()
  local r = run { rebill_frequency_codes = { "1" } }   -- every fixture claim is frequency 1
  expect_eq(kpi(r, "initial_denial_rate").denominator, 0)
end

function test_denials_by_role_and_category()
  local r = run()
  expect_eq(group(kpi(r, "initial_denials_by_role"), "patient_access").value, 1)
  expect_eq(group(kpi(r, "initial_denials_by_role"), "billing").value, 1)
  expect_near(group(kpi(r, "initial_denied_dollars_by_category"), "duplicate").value, 1050, 1e-9)
end

function test_first_pass_yield_and_rejections()
  local r = run()
  local fpy, rej = kpi(r, "first_pass_yield"), kpi(r, "payer_rejection_rate")
  expect_eq(fpy.numerator, 2)                      -- CL1 and CL3 resolved on the first remit
  expect_eq(fpy.denominator, 4)
  expect_eq(rej.numerator, 1)                      -- CL2 rejected
end

function test_collection_rates()
  local r = run()
  -- payments 20 + 120 + 800 + 50 = 990; claimed charges 1450; contractual CO-45 60 + 200
  expect_near(kpi(r, "net_collection_rate").value, 990 / 1190, 1e-9)
  expect_near(kpi(r, "gross_collection_rate").value, 990 / 1450, 1e-9)
  -- 20 collected at registration of 70 patient responsibility on first remits
  expect_near(kpi(r, "pos_collection_rate").value, 20 / 70, 1e-9)
end

function test_contractual_codes_are_a_param()
  local r = run { contractual_carcs = { "253" } }   -- CO-45 no longer subtracted
  expect_near(kpi(r, "net_collection_rate").value, 990 / 1450, 1e-9)
end

function test_days_to_pay_and_bill_lag()
  local r = run()
  local pay = kpi(r, "days_to_pay")
  expect_near(pay.value, 20.5, 1e-9)               -- CL1 20 days, CL3 21 days
  expect_near(group(pay, "MCR").value, 20.5, 1e-9)
  expect_near(kpi(r, "bill_lag_days").value, 25 / 4, 1e-9)   -- 2, 3, 5 and 15 days
end

function test_registration_accuracy_by_registrar()
  local r = run()
  local acc, err = kpi(r, "registration_accuracy"), kpi(r, "registration_error_rate")
  expect_eq(acc.numerator, 3)                      -- E1, E4, E5 error-free; E2 and E3 not
  expect_eq(acc.denominator, 5)
  expect_near(group(acc, "S1").value, 2 / 3, 1e-9)
  expect_near(group(acc, "S2").value, 1 / 2, 1e-9)
  expect_near(err.value, 3 / 5, 1e-9)              -- E2 has two errors, E3 one
  expect_near(group(err, "S2").value, 1, 1e-9)
end
