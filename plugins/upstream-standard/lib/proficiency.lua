-- Role skills and their minimum scores (pack params), for the thresholds declared in
-- proficiency.lua and the KPIs that compare single assessments with a minimum.
local M = {}

-- role → { skill = param name }: the skills the standard pack assesses per role.
M.skills = {
  patient_access = { registration = "pa_registration_min", authorization = "pa_authorization_min" },
  scheduling = { scheduling = "scheduling_min" },
  clinician = { documentation = "clinician_documentation_min" },
  provider = { documentation = "provider_documentation_min" },
  charge_capture = { charge_capture = "charge_capture_min" },
  coding = { coding = "coding_min" },
  billing = { billing = "billing_min" },
  credentialing = { credentialing = "credentialing_min" },
  leadership = { leadership = "leadership_min" },
}

M.roles = { "patient_access", "scheduling", "clinician", "provider", "charge_capture", "coding",
            "billing", "credentialing", "leadership" }

-- Minimum score for a role's skill (nil when the role does not assess that skill).
M.minimum = {}
for role, skills in pairs(M.skills) do
  M.minimum[role] = {}
  for skill, name in pairs(skills) do M.minimum[role][skill] = param(name) end
end

-- The first assessment at or above the role's minimum for any of its skills (time to proficiency).
function M.first_pass(s)
  local skills, as_of, first = M.minimum[s.role], date.as_of(), nil
  if not skills then return nil end
  for _, a in ipairs(s.assessments) do
    local minimum = skills[a.skill]
    if minimum and a.score >= minimum and date.days(a.assessed_on, as_of) >= 0
       and (first == nil or date.before(a.assessed_on, first)) then
      first = a.assessed_on
    end
  end
  return first
end

-- Every training assignment due by the as-of date completed by its due date (nil: none due).
function M.training_complete(s)
  local as_of, due = date.as_of(), 0
  for _, t in ipairs(s.training) do
    if t.due_on and date.days(t.due_on, as_of) >= 0 then
      due = due + 1
      if not (t.completed_on and date.days(t.completed_on, t.due_on) >= 0) then return false end
    end
  end
  if due == 0 then return nil end
  return true
end

return M
