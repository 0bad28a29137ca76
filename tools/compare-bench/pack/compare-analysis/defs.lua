-- The analysis tools/compare-bench runs side by side with DuckDB (analysis.sql) and polars
-- (analysis_polars.py). Every definition here has its twin there; change them together.

-- Policies --------------------------------------------------------------------------------

policy { id = "PA-ELIG-01", title = "Eligibility verified on or before the service date",
  dataset = "encounters", role = "patient_access", staff = "registered_by", amount = "total_charge",
  where = { payer_id = present() },                 -- self-pay visits have no payer to verify with
  check = function(e)
    if not e.eligibility_verified_at then return { message = "eligibility never verified", code = "MISSING" } end
    if date.days(e.eligibility_verified_at, e.service_date) < 0 then
      return { message = "eligibility verified after service", code = "LATE" }
    end
  end }

policy { id = "PA-AUTH-01", title = "Prior authorization on file when required",
  dataset = "encounters", role = "patient_access", staff = "registered_by", amount = "total_charge",
  where = { auth_required = true },
  check = function(e) if not e.auth_number then return "authorization required but missing" end end }

policy { id = "CC-LAG-01", title = "Charge posted within 3 days of service",
  dataset = "charges", role = "charge_capture", staff = "entered_by", amount = "amount",
  check = function(ch) if date.days(ch.service_date, ch.posted_at) > 3 then return "charge posted late" end end }

policy { id = "CC-CODE-01", title = "Charge line carries a procedure code",
  dataset = "charges", role = "charge_capture", staff = "entered_by", amount = "amount",
  severity = "warning",                              -- a warning: does not make the claim unclean
  check = function(ch) if not ch.code then return "no procedure code on the line" end end }

policy { id = "COD-FB-01", title = "Final bill within 7 days of the service date",
  dataset = "claims", role = "coding", staff = "coded_by", amount = "total_charge",
  where = { final_billed_at = present() },
  check = function(c)
    local e = c.encounter
    if e and date.days(e.service_date, c.final_billed_at) > 7 then return "final bill later than 7 days" end
  end }

-- KPIs ------------------------------------------------------------------------------------
-- initial_denial_rate and days_to_pay walk relationships (claim -> remits -> adjustments) through
-- the host-derived fields `denied` and `days_to_pay`.

kpi { id = "initial_denial_rate", title = "Initial denial rate (claims with a remit)", unit = "percent",
  numerator = count("claims", { denied = true }), denominator = count("claims", { denied = present() }) }

kpi { id = "days_to_pay", title = "Days from submission to first payment", unit = "days",
  numerator = avg("claims", "days_to_pay") }

kpi { id = "clean_claim_rate", title = "Clean claim rate", hfma = "CL-1", unit = "percent",
  numerator = count("claims", { clean = true }), denominator = count("claims", { clean = present() }) }

kpi { id = "charge_lag_days", title = "Average charge lag", hfma = "PB-4", unit = "days",
  measures = {
    lag = sum("charges", function(ch) return date.days(ch.service_date, ch.posted_at) end),
    lines = count("charges"),
  },
  value = function(m) return m.lag / m.lines end }

kpi { id = "pos_collection_share", title = "Point-of-service share of patient payments", unit = "percent",
  numerator = sum("payments", "amount", { point_of_service = true }),
  denominator = sum("payments", "amount", { source = "patient" }) }

-- Proficiency -----------------------------------------------------------------------------

threshold { id = "PA-PROF", role = "patient_access", skill = "registration", at_least = 0.85 }

-- Denial attribution (CARC meanings and roles from DOMAIN.md section 3.4, RARCs from 3.5) ------
-- CARC 236 (NCCI pair) is left out on purpose: its denials are `unattributed`.

attribution {
  carc = {
    ["45"]  = { denial = false },                                   -- contractual
    ["1"]   = { denial = false }, ["2"] = { denial = false }, ["3"] = { denial = false },
    ["26"]  = { category = "eligibility", role = "patient_access" },
    ["27"]  = { category = "eligibility", role = "patient_access" },
    ["31"]  = { category = "eligibility", role = "patient_access" },
    ["140"] = { category = "eligibility", role = "patient_access" },
    ["109"] = { category = "wrong_payer", role = "patient_access" },
    ["15"]  = { category = "authorization", role = "patient_access" },
    ["197"] = { category = "authorization", role = "patient_access" },
    ["50"]  = { category = "medical_necessity", role = "provider" },
    ["150"] = { category = "documentation", role = "provider" },
    ["252"] = { category = "documentation", role = "provider" },
    ["4"]   = { category = "coding", role = "coding" },
    ["11"]  = { category = "coding", role = "coding" },
    ["97"]  = { category = "coding", role = "coding" },
    ["146"] = { category = "coding", role = "coding" },
    ["199"] = { category = "charge_capture", role = "charge_capture" },
    ["185"] = { category = "credentialing", role = "credentialing" },
    ["29"]  = { category = "timely_filing", role = "billing" },
    ["18"]  = { category = "duplicate", role = "billing" },
    ["16"]  = { category = "missing_information", role = "billing" },
  },
  rarc = {
    N382  = { category = "registration", role = "patient_access" },
    M51   = { category = "charge_capture", role = "charge_capture" },
    M76   = { category = "coding", role = "coding" },
    N290  = { category = "credentialing", role = "credentialing" },
    MA130 = { category = "billing", role = "billing" },
  },
}
