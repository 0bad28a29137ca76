-- Workqueue KPIs on tests/fixtures/basic: three items, one still open at the as-of date.
local function run(params) return upstream.run { data = "fixtures/basic", as_of = "2025-12-31", params = params } end

local kpi, group = upstream.kpi, upstream.group

function test_volume_by_queue_and_cause()
  local r = run()
  expect_eq(kpi(r, "workqueue_items").value, 3)
  expect_eq(group(kpi(r, "workqueue_items"), "denials").value, 2)
  local cause = kpi(r, "workqueue_items_by_cause")
  -- WQ1 names "(patient access)"; WQ2 has no role in its reason: its claim's denial (CO-197)
  -- is patient access; WQ3's "(exact duplicate)" is not a role: its claim's OA-18 is billing
  expect_eq(group(cause, "patient_access").value, 2)
  expect_eq(group(cause, "billing").value, 1)
  expect_eq(#kpi(r, "workqueue_items_by_reason").by_group, 3)
end

function test_open_items_and_aging()
  local r = run()
  expect_eq(kpi(r, "workqueue_open").value, 1)                         -- WQ2
  expect_near(kpi(r, "workqueue_open_age_days").value, 243, 1e-9)      -- 2025-05-02 → 2025-12-31
  expect_near(group(kpi(r, "workqueue_aged_share"), "patient_access").value, 1, 1e-9)
  r = run { workqueue_aging_days = 300 }
  expect_near(kpi(r, "workqueue_aged_share").value, 0, 1e-9)
end

function test_open_is_judged_at_the_as_of_date()
  local r = upstream.run { data = "fixtures/basic", as_of = "2025-04-12" }
  expect_eq(kpi(r, "workqueue_open").value, 1)                         -- WQ1, created that day, resolved the next
end

function test_resolution_and_touches()
  local r = run()
  expect_near(kpi(r, "workqueue_resolution_days").value, 1.5, 1e-9)    -- 1 day and 2 days
  expect_near(kpi(r, "workqueue_touches").value, 1.5, 1e-9)
  expect_eq(group(kpi(r, "workqueue_items_by_resolver"), "S4").value, 2)
end
