-- Denial, payment and collection KPIs analysts expect beside the MAP Keys (DOMAIN 1.4), each
-- in count and, where DOMAIN 1.3 pairs them, dollar form.
local std = require("std")

local function submitted(c) return c.submitted_at ~= nil and not std.rebill[c.frequency_code or ""] end
-- Most measures below filter on it: derived once per claim, read by `where` tables in the host.
derive { dataset = "claims", name = "std_submitted", type = "bool", value = submitted }

-- Initial denial rate (HFMA Claim Integrity Task Force): claims whose first remit carries a
-- denial ÷ claims submitted, rebills excluded, by month submitted. Claims still awaiting their
-- first remit are in the denominator, so the latest weeks read low (AR-5 counts remitted claims).
kpi {
  id = "initial_denial_rate", title = "Initial denial rate (claims)", unit = "percent",
  period = "submitted_at", target = { at_most = param("denial_rate_target") },
  numerator = count("claims", { std_submitted = true, denied = true }),
  denominator = count("claims", { std_submitted = true }),
}

-- Dollar variant: denied dollars on first remits ÷ charges of the lines on submitted claims.
kpi(std.dollar_rate({
  id = "initial_denial_rate_dollars", title = "Initial denial rate (dollars)", unit = "percent",
  period = "claim.submitted_at",
}, sum("adjustments", "amount", { denial = true, initial = true, ["claim.std_submitted"] = true }),
  sum("charges", "amount", { ["claim.std_submitted"] = true })))

-- Line variant: denied lines on first remits ÷ lines on submitted claims.
kpi {
  id = "initial_denial_rate_lines", title = "Initial denial rate (charge lines)", unit = "percent",
  period = "claim.submitted_at",
  numerator = count("adjustments", { charge_id = present(), denial = true, initial = true, ["claim.std_submitted"] = true }),
  denominator = count("charges", { ["claim.std_submitted"] = true }),
}

-- Initial denials by the role and by the category they start with, by month submitted.
kpi {
  id = "initial_denials_by_role", title = "Initial denials by originating role", unit = "count",
  period = "claim.submitted_at", by = "denial_role",
  numerator = count("adjustments", { denial = true, initial = true }),
}
kpi {
  id = "initial_denied_dollars_by_category", title = "Initially denied dollars by category", unit = "currency",
  period = "claim.submitted_at", by = "denial_category",
  numerator = sum("adjustments", "amount", { denial = true, initial = true }),
}

-- First-pass yield: claims resolved on the first submission with no rework — adjudicated on
-- the first remit without a denial, never rejected — ÷ claims submitted, by month submitted.
-- A claim paid at $0 because the whole charge went to the deductible counts: it was resolved.
kpi {
  id = "first_pass_yield", title = "First-pass yield", unit = "percent", period = "submitted_at",
  numerator = count("claims", { std_submitted = true, denied = false, rejected_at = missing() }),
  denominator = count("claims", { std_submitted = true }),
}

-- Payer (clearinghouse / front-end) rejections ÷ claims submitted. A rejection is not a denial.
kpi {
  id = "payer_rejection_rate", title = "Payer rejection rate", unit = "percent", period = "submitted_at",
  numerator = count("claims", { std_submitted = true, rejected_at = present() }),
  denominator = count("claims", { std_submitted = true }),
}

-- Net collection rate: payments ÷ (charges − contractual adjustments), for claimed
-- encounters, overall (a monthly trend needs `period` as a function, not yet in the engine:
-- adjustments reach the date of service only through claim.encounter).
local contractual = param("contractual_carcs")
kpi {
  id = "net_collection_rate", title = "Net collection rate", unit = "percent",
  target = { at_least = param("net_collection_target") },
  measures = {
    payments = sum("payments", "amount", function(p) return p.encounter ~= nil and #p.encounter.claims > 0 end),
    charges = sum("charges", "amount", { claim_id = present() }),
    contractual = sum("adjustments", "amount", { group_code = "CO", carc = any_of(contractual) }),
  },
  value = function(m)
    if m.charges == nil then return nil end
    return (m.payments or 0) / (m.charges - (m.contractual or 0))
  end,
}

-- Gross collection rate: payments ÷ gross charges, same cohort.
kpi(std.dollar_rate({
  id = "gross_collection_rate", title = "Gross collection rate", unit = "percent",
  period = "encounter.service_date",
}, sum("payments", "amount", function(p) return p.encounter ~= nil and #p.encounter.claims > 0 end),
  sum("charges", "amount", { claim_id = present() })))

-- Average days from submission to the first paying remit, by payer, by month submitted.
kpi {
  id = "days_to_pay", title = "Average days to pay", unit = "days", period = "submitted_at", by = "payer_id",
  numerator = avg("claims", "days_to_pay"),
}

-- Bill lag: last date of service → submission, by month submitted.
kpi {
  id = "bill_lag_days", title = "Bill lag (service to submission)", unit = "days", period = "submitted_at",
  numerator = avg("claims", function(c)
    if not c.submitted_at or not c.encounter then return nil end
    return date.days(std.last_service_date(c.encounter), c.submitted_at)
  end),
}

-- Point-of-service collection rate (practice variant, DOMAIN 4): patient dollars collected at
-- the point of service ÷ patient responsibility on the first remits, overall (see
-- net_collection_rate for why there is no monthly trend).
kpi(std.dollar_rate({
  id = "pos_collection_rate", title = "Point-of-service collection rate (of patient responsibility)",
  unit = "percent",
}, sum("payments", "amount", { source = "patient", point_of_service = true }),
  sum("remits", "patient_responsibility", { std_first_remit = true })))   -- derived in kpis/map_keys.lua
