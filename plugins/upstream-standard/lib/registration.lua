-- The registration (patient access) edits of DOMAIN 2.2 as plain check functions over an
-- encounter row; policies/registration.lua declares one policy per entry. Each check returns
-- nil to pass, or a message (or { message, code }) to fail.
local std = require("std")

local M = {}

local function insured(e) return e.financial_class ~= "self_pay" end

M.checks = {
  { id = "STD-PA-ELIG-01", edit = 4, title = "Eligibility verified for insured encounters",
    where = { financial_class = is_not("self_pay") },
    check = function(e)
      if not e.eligibility_verified_at then return { message = "eligibility never verified", code = "MISSING" } end
    end },
  { id = "STD-PA-ELIG-02", edit = 4, title = "Eligibility verified on or before the date of service",
    where = { financial_class = is_not("self_pay"), eligibility_verified_at = present() },
    check = function(e)
      if not std.on_or_before(e.eligibility_verified_at, e.service_date) then
        return { message = "eligibility verified after the date of service", code = "LATE" }
      end
    end },
  { id = "STD-PA-MEMBER-01", edit = 2, title = "Member id present for insured encounters",
    where = { financial_class = is_not("self_pay") },
    check = function(e)
      if not e.member_id then return { message = "member id missing", code = "MISSING" } end
    end },
  { id = "STD-PA-MEMBER-02", edit = 2, title = "Member id matches the payer's format",
    where = { financial_class = is_not("self_pay"), member_id = present(), payer_id = present() },
    check = function(e)
      local pattern = param("member_id_pattern", e.payer_id)
      if pattern ~= "" and not string.find(e.member_id, pattern) then
        return { message = "member id does not match the payer's format", code = "FORMAT" }
      end
    end },
  { id = "STD-PA-PAYER-01", edit = 5, title = "Payer selected for insured encounters, none for self-pay",
    check = function(e)
      if insured(e) and not e.payer_id then return { message = "insured encounter without a payer", code = "MISSING" } end
      if not insured(e) and e.payer_id then return { message = "self-pay encounter with a payer", code = "SELF_PAY" } end
    end },
  { id = "STD-PA-FINCLASS-01", edit = 5, title = "Financial class present and valid",
    check = function(e)
      if not e.financial_class then return { message = "financial class missing", code = "MISSING" } end
      if not std.financial_classes[e.financial_class] then return { message = "unknown financial class", code = "INVALID" } end
    end },
  { id = "STD-PA-AUTH-01", edit = 7, title = "Authorization number present when authorization is required",
    where = { auth_required = true },
    check = function(e)
      if not e.auth_number then return { message = "authorization required, none on file", code = "MISSING" } end
    end },
  { id = "STD-PA-AUTH-02", edit = 7, title = "Authorization obtained on or before the date of service",
    where = { auth_required = true, auth_obtained_at = present() },
    check = function(e)
      if not std.on_or_before(e.auth_obtained_at, e.service_date) then
        return { message = "authorization obtained after the date of service", code = "LATE" }
      end
    end },
  { id = "STD-PA-DEMO-01", edit = 1, title = "Patient date of birth present and before the date of service",
    check = function(e)
      local p = e.patient
      if not p then return { message = "patient not in the patient file", code = "NO_PATIENT" } end
      if not p.birth_date then return { message = "date of birth missing", code = "MISSING" } end
      if date.before(e.service_date, p.birth_date) then return { message = "date of birth after the date of service", code = "AFTER_DOS" } end
    end },
  { id = "STD-PA-DEMO-02", edit = 1, title = "Patient sex present",
    check = function(e)
      local p = e.patient
      if p and not p.sex then return { message = "patient sex missing", code = "MISSING" } end
    end },
  { id = "STD-PA-DEMO-03", edit = 20, title = "Date of service not after the patient's date of death",
    check = function(e)
      local p = e.patient
      if p and p.deceased_on and date.before(p.deceased_on, e.service_date) then
        return { message = "date of service after the date of death", code = "AFTER_DEATH" }
      end
    end },
  { id = "STD-PA-ADDR-01", edit = 8, severity = "warning", title = "Patient address (ZIP) present for statements",
    check = function(e)
      local p = e.patient
      if p and not p.zip then return { message = "patient ZIP missing", code = "MISSING" } end
    end },
  { id = "STD-PA-DATES-01", edit = 19, title = "Discharge date not before the date of service",
    where = { discharge_date = present() },
    check = function(e)
      if date.before(e.discharge_date, e.service_date) then return { message = "discharged before the date of service", code = "ORDER" } end
    end },
  { id = "STD-PA-PROV-01", edit = 9, title = "Attending provider captured at registration",
    check = function(e)
      if not e.attending_provider_id then return { message = "attending provider missing", code = "MISSING" } end
    end },
}

return M
