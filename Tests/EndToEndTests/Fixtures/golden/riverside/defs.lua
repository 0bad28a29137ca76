-- Front-end policies: where billing failures start.
policy { id = "PA-ELIG-01", title = "Eligibility verified before service", dataset = "encounters", role = "patient_access",
  staff = "registered_by", amount = "total_charge",
  check = function(e)
    if not e.eligibility_verified_at then return "eligibility never verified" end
    if date.days(e.eligibility_verified_at, e.service_date) < 0 then return { message = "verified after service", code = "LATE" } end
  end }

policy { id = "CC-LAG-01", title = "Charges posted within 3 days of service", dataset = "charges", role = "charge_capture",
  staff = "entered_by", amount = "amount",
  check = function(ch) if date.days(ch.service_date, ch.posted_at) > 3 then return "posted late" end end }

-- KPIs.
kpi { id = "initial_denial_rate", title = "Initial denial rate (claims)", unit = "percent", period = "submitted_at",
  target = { at_most = param("denial_target") },
  numerator = count("claims", { denied = true }), denominator = count("claims", { denied = present() }) }

kpi { id = "clean_claim_rate", title = "Clean claim rate", hfma = "CL-1", unit = "percent", period = "submitted_at",
  target = { at_least = 0.9 }, numerator = count("claims", { clean = true }), denominator = count("claims", { clean = present() }) }

kpi { id = "days_to_pay", title = "Days from submission to payment", unit = "days", numerator = avg("claims", "days_to_pay") }

-- Proficiency.
threshold { id = "PA-PROF", role = "patient_access", skill = "registration", at_least = 0.85 }

-- Denial attribution (CARC meanings and roles from DOMAIN.md section 3.4).
attribution {
  carc = {
    ["45"] = { denial = false },
    ["27"] = { category = "eligibility", role = "patient_access" },
    ["31"] = { category = "eligibility", role = "patient_access" },
    ["197"] = { category = "authorization", role = "patient_access" },
    ["16"] = { category = "missing_information", role = "billing" },
    ["29"] = { category = "timely_filing", role = "billing" },
  },
  rarc = { N382 = { category = "registration", role = "patient_access" } },
}
