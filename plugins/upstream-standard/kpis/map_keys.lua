-- HFMA MAP Keys computable from the canonical exports (DOMAIN 1.2 formulas, 1.3 date basis).
-- Each says its `hfma` code, its date basis (`period`, the field whose month a row trends in)
-- or `snapshot = true` for balances at the as-of date. HFMA revises its definitions: these
-- follow the structure DOMAIN records, not a certified MAP-compliant implementation.
local std = require("std")

-- Row facts at the as-of date that several snapshot measures filter on: derived once per row,
-- then read by `where` tables in the host instead of calling Lua per row and measure. They
-- are the run's as-of facts: use the std functions in `snapshot = { every = … }` KPIs.
derive { dataset = "encounters", name = "std_dnfb", type = "bool", value = std.dnfb }
derive { dataset = "claims", name = "std_fbns", type = "bool", value = std.fbns }
derive { dataset = "claims", name = "std_billed_ar", type = "bool", value = std.billed_ar }
derive { dataset = "claims", name = "std_ar_age", type = "int", value = std.ar_age }
derive { dataset = "charges", name = "std_in_adr_window", type = "bool",
         value = function(ch) return std.in_adr_window(ch.service_date) end }

-- Patient access ------------------------------------------------------------------------

-- PA-2: scheduled at least one calendar day ahead, in the classes HFMA counts (walk-ins, ED
-- and unscheduled visits excluded), pre-registered before the date of service.
local function scheduled(e)
  return std.prereg_classes[e.encounter_class or ""] == true and e.scheduled_at ~= nil
    and date.days(e.scheduled_at, e.service_date) >= 1
end
kpi {
  id = "pre_registration_rate", title = "Pre-registration rate", hfma = "PA-2", unit = "percent",
  period = "service_date",
  numerator = count("encounters", function(e)
    return scheduled(e) and e.prereg_completed_at ~= nil and date.days(e.prereg_completed_at, e.service_date) >= 1
  end),
  denominator = count("encounters", scheduled),
}

-- PA-3: verified on or before the date of service ÷ registered insured encounters.
kpi {
  id = "insurance_verification_rate", title = "Insurance verification rate", hfma = "PA-3", unit = "percent",
  period = "service_date",
  numerator = count("encounters", function(e)
    return e.financial_class ~= "self_pay" and std.on_or_before(e.eligibility_verified_at, e.service_date)
  end),
  denominator = count("encounters", { financial_class = is_not("self_pay") }),
}

-- PA-4 / PA-5: authorized (an authorization number obtained by the date of service, or with
-- no recorded time) ÷ encounters requiring authorization, inpatient/observation and outpatient.
local function authorized(e)
  return e.auth_number ~= nil and (e.auth_obtained_at == nil or std.on_or_before(e.auth_obtained_at, e.service_date))
end
kpi {
  id = "auth_rate_inpatient", title = "Service authorization rate, inpatient and observation", hfma = "PA-4",
  unit = "percent", period = "service_date",
  numerator = count("encounters", function(e) return e.auth_required == true and std.auth_ip[e.encounter_class or ""] == true and authorized(e) end),
  denominator = count("encounters", { auth_required = true, encounter_class = any_of(param("auth_ip_classes")) }),
}
kpi {
  id = "auth_rate_outpatient", title = "Service authorization rate, outpatient", hfma = "PA-5",
  unit = "percent", period = "service_date",
  numerator = count("encounters", function(e) return e.auth_required == true and std.auth_op[e.encounter_class or ""] == true and authorized(e) end),
  denominator = count("encounters", { auth_required = true, encounter_class = any_of(param("auth_op_classes")) }),
}

-- PA-7: patient payments collected at or before service (or within pos_window_days after the
-- last date of service) ÷ all patient cash collected, by month received.
local pos_window = param("pos_window_days")
local function at_point_of_service(p)
  if p.source ~= "patient" then return false end
  if p.point_of_service == true then return true end
  local e = p.encounter
  return e ~= nil and date.days(std.last_service_date(e), p.received_at) <= pos_window
end
kpi(std.dollar_rate({
  id = "pos_cash_collections", title = "Point-of-service cash collections", hfma = "PA-7", unit = "percent",
  period = "received_at",
}, sum("payments", "amount", at_point_of_service), sum("payments", "amount", { source = "patient" })))

-- Pre-billing ---------------------------------------------------------------------------

-- PB-1, PB-2, PB-3: gross dollars held at the as-of date ÷ average daily gross revenue
-- (charges with a date of service in the trailing adr_months calendar months ÷ their days).
local adr = sum("charges", "amount", { std_in_adr_window = true })
kpi {
  id = "dnfb_days", title = "Days in discharged not final billed (DNFB)", hfma = "PB-1", unit = "days",
  snapshot = true, target = { at_most = param("dnfb_days_target") },
  measures = { dnfb = sum("encounters", "total_charge", { std_dnfb = true }), gross = adr },
  value = function(m) return m.gross and (m.dnfb or 0) / (m.gross / std.adr_days()) end,
}
kpi {
  id = "fbns_days", title = "Days in final billed not submitted (FBNS)", hfma = "PB-2", unit = "days",
  snapshot = true,
  measures = { fbns = sum("claims", "total_charge", { std_fbns = true }), gross = adr },
  value = function(m) return m.gross and (m.fbns or 0) / (m.gross / std.adr_days()) end,
}
kpi {
  id = "dnsp_days", title = "Days in discharged not submitted to payer (DNSP)", hfma = "PB-3", unit = "days",
  snapshot = true,
  measures = { dnfb = sum("encounters", "total_charge", { std_dnfb = true }),
                fbns = sum("claims", "total_charge", { std_fbns = true }), gross = adr },
  value = function(m) return m.gross and ((m.dnfb or 0) + (m.fbns or 0)) / (m.gross / std.adr_days()) end,
}

-- PB-4: Σ (post date − service date) ÷ charge lines, by month posted.
kpi {
  id = "charge_lag_days", title = "Total charge lag days", hfma = "PB-4", unit = "days",
  period = "posted_at", target = { at_most = param("charge_lag_target") },
  measures = {
    lag = sum("charges", function(ch) return date.days(ch.service_date, ch.posted_at) end),
    lines = count("charges"),
  },
  value = function(m) return m.lag and m.lag / m.lines end,
}

-- Claims --------------------------------------------------------------------------------

-- CL-1: claims that passed every edit with no manual intervention (`clean`: no error policy
-- failed, no scrubber edit, no manual touch, no rejection) ÷ claims entering the scrubber
-- (final billed), by month final billed.
kpi {
  id = "clean_claim_rate", title = "Clean claim rate", hfma = "CL-1", unit = "percent",
  period = "final_billed_at", target = { at_least = param("clean_claim_target") },
  numerator = count("claims", { clean = true, final_billed_at = present() }),
  denominator = count("claims", { clean = present(), final_billed_at = present() }),
}

-- CL-2: gross charges posted more than late_charge_days after the last date of service ÷
-- total gross charges, by month posted.
local late_days = param("late_charge_days")
kpi(std.dollar_rate({
  id = "late_charge_rate", title = "Late charges as % of total charges", hfma = "CL-2", unit = "percent",
  period = "posted_at",
}, sum("charges", "amount", function(ch)
    local e = ch.encounter
    local last = e and std.last_service_date(e) or ch.service_date
    return date.days(last, ch.posted_at) > late_days
  end),
  sum("charges", "amount")))

-- Account resolution --------------------------------------------------------------------

-- AR-1: billed A/R (final billed, positive balance) by age from the last date of service at
-- the as-of date; the value is the share over 90 days, the buckets are the measures.
local function aged(lo, hi)
  return sum("claims", "balance", { std_billed_ar = true, std_ar_age = between(lo, hi or math.huge) })
end
local aging = {
  d0_30 = aged(-100000, 30), d31_60 = aged(31, 60), d61_90 = aged(61, 90),
  d91_120 = aged(91, 120), over_120 = aged(121, nil),
  billed = sum("claims", "balance", { std_billed_ar = true }),
}
local function over_90(m) return m.billed and ((m.d91_120 or 0) + (m.over_120 or 0)) / m.billed end
kpi {
  id = "ar_over_90_billed", title = "Aged A/R over 90 days, % of billed A/R", hfma = "AR-1", unit = "percent",
  snapshot = true, target = { at_most = param("ar_over_90_target") },
  measures = aging, value = over_90,
}

-- AR-2: the same per payer group (the encounter's financial class).
kpi {
  id = "ar_over_90_by_payer_group", title = "Aged A/R over 90 days by payer group", hfma = "AR-2", unit = "percent",
  snapshot = true, by = "encounter.financial_class",
  measures = aging, value = over_90,
}

-- AR-3: A/R over 90 days, billed plus unbilled (DNFB gross charges aged the same way) ÷ total
-- A/R (billed + unbilled).
local function unbilled_over(days)
  return sum("encounters", "total_charge", function(e)
    return e.std_dnfb and date.days(std.last_service_date(e), date.as_of()) > days
  end)
end
kpi {
  id = "ar_over_90_total", title = "Aged A/R over 90 days, % of total A/R", hfma = "AR-3", unit = "percent",
  snapshot = true,
  measures = {
    billed_over_90 = aged(91, nil), billed = aging.billed,
    unbilled_over_90 = unbilled_over(90), unbilled = sum("encounters", "total_charge", { std_dnfb = true }),
  },
  value = function(m)
    return ((m.billed_over_90 or 0) + (m.unbilled_over_90 or 0)) / ((m.billed or 0) + (m.unbilled or 0))
  end,
}

-- AR-5: claims whose first remit carries a denial ÷ claims remitted, by month of the first
-- remit (denials are counted on remit date, DOMAIN 1.3). Contractual and patient-responsibility
-- adjustments are not denials (attribution/carc.lua), matching HFMA's actionable denials.
local function first_remit(r)
  for _, other in ipairs(r.claim.remits) do
    if other.received_on < r.received_on or (other.received_on == r.received_on and other.remit_id < r.remit_id) then
      return false
    end
  end
  return true
end
-- Derived once per remit: AR-5 and the point-of-service collection rate (kpis/denials.lua) read it.
derive { dataset = "remits", name = "std_first_remit", type = "bool",
         value = function(r) return r.claim ~= nil and first_remit(r) end }
kpi {
  id = "remittance_denial_rate", title = "Remittance denial rate", hfma = "AR-5", unit = "percent",
  period = "received_on", target = { at_most = param("denial_rate_target") },
  numerator = count("remits", { std_first_remit = true, ["claim.denied"] = true }),
  denominator = count("remits", { std_first_remit = true }),
}
