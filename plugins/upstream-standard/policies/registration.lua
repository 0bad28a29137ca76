-- Front-end registration edits (DOMAIN 2.2, edits 1, 2, 4, 5, 7, 8, 9, 19, 20): they start with
-- patient access, are charged to the registrar (`registered_by`) and put the encounter's
-- charges at risk. The checks live in lib/registration.lua; kpis/registration.lua counts their
-- failures per registrar.
local registration = require("registration")

for _, c in ipairs(registration.checks) do
  policy {
    id = c.id,
    title = c.title .. " (DOMAIN 2.2 edit " .. c.edit .. ")",
    dataset = "encounters",
    role = "patient_access",
    staff = "registered_by",
    severity = c.severity or "error",
    amount = "total_charge",
    where = c.where,
    check = c.check,
  }
end
