-- Registration accuracy and error rate per registrar (DOMAIN 4, HFMA registration QA): every
-- registration is "reviewed" by the error-severity checks of lib/registration.lua, the same
-- ones policies/registration.lua reports. A check an organization pack disables is still
-- applied here; override these KPIs to change that.
local registration = require("registration")

local function errors(e)
  local n = 0
  for _, c in ipairs(registration.checks) do
    if (c.severity or "error") == "error" and (c.where == nil or c.where(e)) then
      local result = c.check(e)
      if result ~= nil and result ~= true then n = n + 1 end
    end
  end
  return n
end

kpi {
  id = "registration_accuracy", title = "Registration accuracy (error-free registrations)", unit = "percent",
  period = "service_date", by = "registered_by",
  numerator = count("encounters", function(e) return e.registered_by ~= nil and registration.first_failure(e) == nil end),
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
