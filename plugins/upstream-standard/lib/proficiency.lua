-- Role skills and their minimum scores (pack params), and the latest-assessment rule of SPEC
-- section 3 ("Proficiency"), for the training and proficiency KPIs. The thresholds themselves
-- are declared in proficiency.lua from the same table.
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

local max_age = param("assessment_max_age_days")

-- A person's latest assessment of a skill on or before the as-of date: greatest assessed_on,
-- then greatest attempt. Older than assessment_max_age_days (when set) counts as none.
function M.latest(s, skill)
  local as_of, best = date.as_of(), nil
  for _, a in ipairs(s.assessments) do
    if a.skill == skill and date.days(a.assessed_on, as_of) >= 0 then
      if best == nil or date.before(best.assessed_on, a.assessed_on)
         or (a.assessed_on == best.assessed_on and (a.attempt or 0) > (best.attempt or 0)) then
        best = a
      end
    end
  end
  if best and max_age > 0 and date.days(best.assessed_on, as_of) > max_age then return nil end
  return best
end

-- "at_or_above", "below" or "not_assessed" on the role's skills (courses are not counted here:
-- the report's proficiency section counts both).
function M.status(s)
  local skills = M.minimum[s.role]
  if not skills then return nil end
  local missing = false
  for skill, minimum in pairs(skills) do
    local a = M.latest(s, skill)
    if a == nil then missing = true elseif a.score < minimum then return "below" end
  end
  return missing and "not_assessed" or "at_or_above"
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
