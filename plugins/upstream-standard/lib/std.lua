-- Shared helpers of the standard pack: sets, the dates an encounter is anchored on, the
-- as-of windows snapshot KPIs use. Pure functions only (they run in callbacks).
local M = {}

-- A set from a list (built at load, read-only afterwards).
function M.set(list)
  local s = {}
  for _, v in ipairs(list) do s[v] = true end
  return s
end

-- A list field's items joined with ";" (lists are read-only sequences).
function M.join(list)
  local parts = {}
  for i, v in ipairs(list) do parts[i] = v end
  return table.concat(parts, ";")
end

-- What a payer sees of a charge line: code, date, modifiers, diagnoses, units, amount.
function M.line_key(ch)
  return table.concat({ ch.code or "", ch.service_date, M.join(ch.modifiers), M.join(ch.dx_codes),
                        tostring(ch.units), tostring(ch.amount) }, "|")
end

M.contractual = M.set(param("contractual_carcs"))
M.rebill = M.set(param("rebill_frequency_codes"))
M.prereg_classes = M.set(param("prereg_classes"))
M.auth_ip = M.set(param("auth_ip_classes"))
M.auth_op = M.set(param("auth_op_classes"))
M.financial_classes = M.set(param("financial_classes"))
local inpatient_like = M.auth_ip

-- The last date of service of an encounter: its discharge date when later than the service
-- date, else the service date (DOMAIN 1.2: DOS for outpatients, discharge for inpatients).
function M.last_service_date(e)
  if e.discharge_date and date.before(e.service_date, e.discharge_date) then return e.discharge_date end
  return e.service_date
end

-- true when the date (or datetime) d is on or before day (both may be datetimes).
function M.on_or_before(d, day)
  return d ~= nil and day ~= nil and date.days(d, day) >= 0
end

-- Still in house at the as-of date: an inpatient-like stay without a discharge by then.
function M.in_house(e, as_of)
  if not inpatient_like[e.encounter_class or ""] then return false end
  return not M.on_or_before(e.discharge_date, as_of)
end

-- A claim of the encounter final-billed on or before the as-of date.
function M.final_billed(e, as_of)
  for _, c in ipairs(e.claims) do
    if M.on_or_before(c.final_billed_at, as_of) then return true end
  end
  return false
end

-- Discharged (or served) not final billed at the as-of date (PB-1). In-house stays, future
-- services and, unless dnfb_include_self_pay, self-pay encounters are left out.
local include_self_pay = param("dnfb_include_self_pay")
function M.dnfb(e)
  local as_of = date.as_of()
  if not include_self_pay and e.financial_class == "self_pay" then return false end
  if M.in_house(e, as_of) then return false end
  if not M.on_or_before(M.last_service_date(e), as_of) then return false end
  return not M.final_billed(e, as_of)
end

-- Final billed, not submitted at the as-of date (PB-2).
function M.fbns(c)
  local as_of = date.as_of()
  return M.on_or_before(c.final_billed_at, as_of) and not M.on_or_before(c.submitted_at, as_of)
end

-- The first day of the average-daily-revenue window: adr_months calendar months ending with
-- the as-of month (DOMAIN 1.2: trailing 3-month sum / days in those months).
-- Measures ask for the window on every row and each date helper is a host call, so its start
-- is worked out once per as-of date (month-end snapshots move the as-of date).
local adr_months = param("adr_months")
local window_as_of, window_start
local function adr_window()
  local as_of = date.as_of()
  if as_of ~= window_as_of then
    window_as_of, window_start = as_of, date.add(date.month_end(date.add_months(as_of, -adr_months)), 1)
  end
  return window_start, as_of
end
function M.adr_start()
  return (adr_window())
end
function M.adr_days()
  local start, as_of = adr_window()
  return date.days(start, as_of) + 1
end
function M.in_adr_window(d)
  if d == nil then return false end
  local start, as_of = adr_window()
  return date.days(start, d) >= 0 and date.days(d, as_of) >= 0
end

-- Billed A/R at the as-of date: final billed by then, with an open (positive) balance.
-- The export's `balance` is as of the extract: right when --as-of is the extract date.
function M.billed_ar(c)
  return M.on_or_before(c.final_billed_at, date.as_of()) and c.balance ~= nil and c.balance > 0
end

-- Age in days of a claim's A/R at the as-of date, from its encounter's last date of service.
function M.ar_age(c)
  local e = c.encounter
  if not e then return nil end
  return date.days(M.last_service_date(e), date.as_of())
end

-- Aging buckets of DOMAIN 1.2 (AR-1).
function M.bucket(age)
  if age == nil then return nil end
  if age <= 30 then return "0-30" elseif age <= 60 then return "31-60" elseif age <= 90 then return "61-90"
  elseif age <= 120 then return "91-120" else return "over 120" end
end

-- The latest charge posting of an encounter's charges (for late charges and timely filing).
function M.latest_charge(e)
  local latest
  for _, ch in ipairs(e.charges) do
    if latest == nil or date.before(latest.posted_at, ch.posted_at) then latest = ch end
  end
  return latest
end

-- A dollar rate whose part may sum over no rows (a sum over no rows is nil, which would make
-- numerator / denominator null): measures `part` and `whole`, value part / whole with a
-- missing part read as 0. Spread into a kpi table: kpi(std.dollar_rate{ … }, part, whole).
function M.dollar_rate(spec, part, whole)
  spec.measures = { part = part, whole = whole }
  spec.value = function(m)
    if m.whole == nil or m.whole == 0 then return nil end
    return (m.part or 0) / m.whole
  end
  return spec
end

return M
