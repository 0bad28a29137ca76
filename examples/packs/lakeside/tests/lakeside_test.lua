-- Lakeside's definitions on a four-encounter fixture, and the standard pack's params as we set them.
local function run() return upstream.run { data = "fixtures/basic", as_of = "2025-03-31" } end

local function find(list, id)
  for _, item in ipairs(list) do if item.id == id then return item end end
  error("no definition " .. id)
end

function test_prereg_policy()
  local p = find(run().policies, "LAKE-PA-PREREG-01")
  expect_eq(p.evaluated, 3)        -- E4 was not scheduled
  expect_eq(p.failed, 2)           -- E2 never, E3 on the day of service
  expect_eq(p.severity, "warning")
end

function test_auth_denial_rate()
  local k = find(run().kpis, "lake_auth_denial_rate")
  expect_eq(k.numerator, 1)        -- CL2: CO-197 is authorization in the standard table
  expect_eq(k.denominator, 2)
  expect_eq(k.met, false)
end

function test_standard_params_as_set()
  local params = run().run.params
  expect_eq(params["upstream-standard.clean_claim_target"], 0.93)
  expect_eq(params["upstream-standard.patient_access_courses"][1], "RCM-101")
  expect_eq(params["upstream.rework_cost_per_claim"], 25)
end
