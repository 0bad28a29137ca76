-- Lakeside's own definitions, on top of upstream-standard.

-- Scheduled services are pre-registered before the day of service (PA-2 as a work list).
policy {
  id = "LAKE-PA-PREREG-01", title = "Scheduled services pre-registered before the date of service",
  dataset = "encounters", role = "patient_access", staff = "registered_by", severity = "warning",
  amount = "total_charge",
  where = function(e) return e.scheduled_at ~= nil and date.days(e.scheduled_at, e.service_date) >= 1 end,
  check = function(e)
    if not e.prereg_completed_at then return { message = "never pre-registered", code = "MISSING" } end
    if date.days(e.prereg_completed_at, e.service_date) < 1 then
      return { message = "pre-registered on the day of service", code = "LATE" }
    end
  end,
}

-- Authorization-related denials (CARC 15/197/198/288 → category authorization) ÷ remitted claims.
kpi {
  id = "lake_auth_denial_rate", title = "Authorization denial rate", unit = "percent",
  period = "submitted_at", target = { at_most = param("auth_denial_target") },
  numerator = count("claims", { denied = true, denial_category = "authorization" }),
  denominator = count("claims", { denied = present() }),
}
