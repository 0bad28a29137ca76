-- Default proficiency thresholds per role (DOMAIN 6.1: pass marks are the organization's
-- choice, 80% and 85% are common) and the training, proficiency and leadership-engagement KPIs
-- of DOMAIN 6.2. Every minimum score and course list is a param.
local prof = require("proficiency")

local grace = param("proficiency_grace_days")
local max_age = param("assessment_max_age_days")
local ids = {
  patient_access = "STD-PROF-PA", scheduling = "STD-PROF-SCH", clinician = "STD-PROF-CLN", provider = "STD-PROF-PRV",
  charge_capture = "STD-PROF-CHG", coding = "STD-PROF-COD", billing = "STD-PROF-BIL", credentialing = "STD-PROF-CRD",
  leadership = "STD-PROF-LDR",
}

for _, role in ipairs(prof.roles) do
  local courses = param(role .. "_courses")
  local first = true
  local skills = {}
  for skill in pairs(prof.skills[role]) do skills[#skills + 1] = skill end
  table.sort(skills)
  for _, skill in ipairs(skills) do
    threshold {
      id = ids[role] .. "-" .. skill:upper():gsub("_", "-"),
      role = role, skill = skill, at_least = prof.minimum[role][skill],
      courses = first and #courses > 0 and courses or nil,   -- required courses on the role's first threshold
      grace_days = grace > 0 and grace or nil,
      max_age_days = max_age > 0 and max_age or nil,
    }
    first = false
  end
end

-- Training ----------------------------------------------------------------------------

-- Staff who completed every assignment due by the as-of date by its due date ÷ staff with an
-- assignment due (DOMAIN 6.2 "training completion rate"), by role.
kpi {
  id = "training_completion_rate", title = "Training completion rate (all assignments due done on time)",
  unit = "percent", snapshot = true, by = "role",
  numerator = count("staff", function(s) return s.active ~= false and prof.training_complete(s) == true end),
  denominator = count("staff", function(s) return s.active ~= false and prof.training_complete(s) ~= nil end),
}

-- Assignments due by the as-of date and not completed by then (snapshot), by role.
kpi {
  id = "training_overdue", title = "Training assignments overdue", unit = "count", snapshot = true,
  by = "staff.role",
  numerator = count("training", function(t)
    local as_of = date.as_of()
    return t.due_on ~= nil and date.before(t.due_on, as_of)
      and not (t.completed_on and date.days(t.completed_on, as_of) >= 0)
  end),
}

-- Proficiency -------------------------------------------------------------------------

-- The host's status for a person against every threshold of their role (scores, courses,
-- grace and maximum age): "at_or_above", "below", "not_assessed", or nil without a status.
local function status(s)
  local p = s.proficiency
  return p and p.status
end

-- Staff at or above every threshold of their role ÷ staff with a status other than not
-- assessed (DOMAIN 6.2 "proficiency pass rate"), by role.
kpi {
  id = "proficiency_pass_rate", title = "Proficiency pass rate", unit = "percent", snapshot = true, by = "role",
  numerator = count("staff", function(s) return s.active ~= false and status(s) == "at_or_above" end),
  denominator = count("staff", function(s)
    local status = s.active ~= false and status(s)
    return status == "at_or_above" or status == "below"
  end),
}

-- First attempts at or above the role's minimum ÷ first attempts (curriculum quality), by skill,
-- by month assessed.
local function minimum_for(a)
  local s = a.staff
  local skills = s and prof.minimum[s.role]
  return skills and skills[a.skill]
end
kpi {
  id = "first_attempt_pass_rate", title = "First-attempt pass rate", unit = "percent",
  period = "assessed_on", by = "skill",
  numerator = count("assessments", function(a)
    local minimum = minimum_for(a)
    return a.attempt == 1 and minimum ~= nil and a.score >= minimum
  end),
  denominator = count("assessments", function(a) return a.attempt == 1 and minimum_for(a) ~= nil end),
}

kpi {
  id = "assessment_score_mean", title = "Mean assessment score", unit = "ratio",
  period = "assessed_on", by = "skill",
  numerator = avg("assessments", "score"),
}

-- Active staff below their role's thresholds or never assessed ÷ active staff (DOMAIN 6.2
-- "access-gating compliance": should be 0), by role.
kpi {
  id = "ungated_access_rate", title = "Active staff below threshold or not assessed", unit = "percent",
  snapshot = true, by = "role", target = { at_most = param("ungated_access_target") },
  numerator = count("staff", function(s)
    local status = s.active ~= false and status(s)
    return status == "below" or status == "not_assessed"
  end),
  denominator = count("staff", function(s) return s.active ~= false and prof.minimum[s.role] ~= nil end),
}

-- Days from role start (else hire) to the first assessment at or above the minimum, for
-- people who started in their role within time_to_proficiency_window_days of the as-of date
-- (older starts predate most assessment histories), by role. A pass before the start (access
-- gating) counts as 0 days.
local ttp_window = param("time_to_proficiency_window_days")
kpi {
  id = "time_to_proficiency_days", title = "Time to proficiency (recent starters)", unit = "days",
  snapshot = true, by = "role",
  numerator = avg("staff", function(s)
    local start, passed = s.role_start_date or s.hire_date, prof.first_pass(s)
    if start == nil or passed == nil or date.days(start, date.as_of()) > ttp_window then return nil end
    return math.max(0, date.days(start, passed))
  end),
}

-- Leadership engagement (DOMAIN 6.2, proposed catalogue) ---------------------------------

-- Leaders who completed their own role training on time ÷ leaders with training due.
kpi {
  id = "leader_training_completion_rate", title = "Leaders who completed their own training on time",
  unit = "percent", snapshot = true,
  numerator = count("staff", function(s) return s.role == "leadership" and s.active ~= false and prof.training_complete(s) == true end),
  denominator = count("staff", function(s) return s.role == "leadership" and s.active ~= false and prof.training_complete(s) ~= nil end),
}

-- Huddles, rounding and training sessions held, by kind and month.
kpi {
  id = "leader_events", title = "Leader huddles, rounding and training sessions held", unit = "count",
  period = "held_on", by = "kind",
  numerator = count("engagement"),
}

-- Attendance at leaders' events: attended ÷ invited, by leader.
kpi {
  id = "engagement_attendance_rate", title = "Attendance at leaders' events", unit = "percent",
  period = "held_on", by = "leader_id",
  numerator = sum("engagement", "attended"),
  denominator = sum("engagement", "invited"),
}
