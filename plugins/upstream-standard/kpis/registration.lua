-- Registration accuracy and error rate per registrar (DOMAIN 4, HFMA registration QA): every
-- registration is "reviewed" by the error-severity patient-access policies of every loaded
-- pack (the standard's registration edits, minus those an organization disables, plus its
-- own), read from the policy results (`row.failures`).
local function errors(e)
  local n = 0
  for _, f in ipairs(e.failures) do
    if f.role == "patient_access" and f.severity == "error" then n = n + 1 end
  end
  return n
end

kpi {
  id = "registration_accuracy", title = "Registration accuracy (error-free registrations)", unit = "percent",
  period = "service_date", by = "registered_by",
  numerator = count("encounters", function(e) return e.registered_by ~= nil and errors(e) == 0 end),
  denominator = count("encounters", { registered_by = present() }),
}

kpi {
  id = "registration_error_rate", title = "Registration errors per registration", unit = "ratio",
  period = "service_date", by = "registered_by",
  measures = {
    errors = sum("encounters", errors, { registered_by = present() }),
    registrations = count("encounters", { registered_by = present() }),
  },
  value = function(m) return m.registrations > 0 and (m.errors or 0) / m.registrations or nil end,
}
