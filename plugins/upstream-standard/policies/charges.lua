-- Charge capture and coding edits on charge lines (DOMAIN 2.2, edits 9, 11, 18, 20, 21, 24,
-- 26, 27). Charge-entry failures are charged to whoever entered the line (`entered_by`);
-- coding failures to the claim's coder. The amount at risk is the line's amount.
local std = require("std")
local late_days = param("late_charge_days")

local function charge_policy(spec)
  spec.dataset = "charges"
  spec.role = spec.role or "charge_capture"
  if spec.role == "charge_capture" then spec.staff = spec.staff or "entered_by" end
  spec.severity = spec.severity or "error"
  spec.amount = spec.amount or "amount"
  policy(spec)
end

charge_policy {
  id = "STD-CC-AMOUNT-01", title = "Charge amount greater than zero (DOMAIN 2.2 edit 24)",
  check = function(ch) if ch.amount <= 0 then return "charge amount is not positive" end end,
}

charge_policy {
  id = "STD-CC-UNITS-01", title = "Units present and greater than zero (DOMAIN 2.2 edit 24)",
  check = function(ch)
    if ch.units == nil then return { message = "units missing", code = "MISSING" } end
    if ch.units <= 0 then return { message = "units not positive", code = "ZERO" } end
  end,
}

charge_policy {
  id = "STD-CC-CODE-01", title = "Procedure code present on the charge line (DOMAIN 2.2 edit 11; CO-16 M51)",
  check = function(ch) if not ch.code then return "procedure code missing" end end,
}

charge_policy {
  id = "STD-CC-REVCODE-01", title = "Revenue code present on institutional charges (DOMAIN 2.2 edit 18)",
  where = { ["claim.claim_type"] = "institutional" },
  check = function(ch) if not ch.revenue_code then return "revenue code missing on an institutional claim line" end end,
}

charge_policy {
  id = "STD-CC-DATES-01", title = "Charge date of service within the encounter's dates (DOMAIN 2.2 edit 20)",
  check = function(ch)
    local e = ch.encounter
    if not e then return nil end
    if date.before(ch.service_date, e.service_date) then return { message = "charge dated before the encounter", code = "BEFORE" } end
    if date.before(std.last_service_date(e), ch.service_date) then return { message = "charge dated after the encounter ended", code = "AFTER" } end
  end,
}

charge_policy {
  id = "STD-CC-POSTED-01", title = "Charge not posted before its date of service (DOMAIN 2.2 edit 20)",
  check = function(ch) if date.before(ch.posted_at, ch.service_date) then return "posted before the date of service" end end,
}

charge_policy {
  id = "STD-CC-LATE-01", severity = "warning",
  title = "Charge posted within late_charge_days of the last date of service (CL-2; DOMAIN 2.2 edit 27)",
  check = function(ch)
    local e = ch.encounter
    local last = e and std.last_service_date(e) or ch.service_date
    local days = date.days(last, ch.posted_at)
    if days > late_days then return { message = "posted " .. days .. " days after the last date of service", code = "LATE" } end
  end,
}

charge_policy {
  id = "STD-CC-LATE-02", title = "No charge posted after its claim was final billed (DOMAIN 2.2 edit 27)",
  where = { ["claim.final_billed_at"] = present() },
  check = function(ch)
    -- Calendar days, not clock times: a line posted later on the day of the final bill is
    -- usually in the same batch.
    local days = date.days(ch.claim.final_billed_at, ch.posted_at)
    if days > 0 then
      return "posted " .. days .. " days after the claim was final billed: a replacement claim is needed"
    end
  end,
}

-- CARC 18 is an *exact* duplicate: every field the payer sees on the line matches (code, date,
-- modifiers, diagnoses, units, amount). A warning: an identical line can still be a real repeated
-- service; the scrubber asks, a person decides.
local line_key = std.line_key

-- For each line of an encounter with a code, the first earlier line (lower charge_id, in the
-- encounter's order) with the same key. Equal keys end with equal units and amount, so those
-- cheap values rule most pairs out before a whole key is built.
local function duplicates_in(e)
  local lines, found = e.charges, {}
  local n = #lines
  if n < 2 then return found end
  local cheap, keys = {}, {}
  for i = 1, n do cheap[i] = tostring(lines[i].amount_cents) .. "|" .. tostring(lines[i].units) end
  for i = 1, n do
    local line = lines[i]
    if line.code then
      local id = line.charge_id
      for j = 1, n do
        if j ~= i and cheap[j] == cheap[i] and lines[j].charge_id < id then
          keys[i] = keys[i] or line_key(line)
          keys[j] = keys[j] or line_key(lines[j])
          if keys[j] == keys[i] then found[id] = lines[j].charge_id; break end
        end
      end
    end
  end
  return found
end

-- A state checks an encounter's lines one after another (rows are in export order), so the
-- answer for the last encounter is kept: each encounter's lines are compared once, not once
-- per line. The answer depends only on the encounter, so it is the same in every state.
local last_encounter, last_duplicates
charge_policy {
  id = "STD-CC-DUP-01", severity = "warning",
  title = "No exact duplicate charge line: same code, date, modifiers, diagnoses, units and amount (DOMAIN 2.2 edit 21)",
  check = function(ch)
    local e = ch.encounter
    if not e or not ch.code then return nil end
    local id = e.encounter_id
    if id ~= last_encounter then last_encounter, last_duplicates = id, duplicates_in(e) end
    local other = last_duplicates[ch.charge_id]
    if other then return "same code, date, modifiers, diagnoses, units and amount as " .. other end
  end,
}

charge_policy {
  id = "STD-CR-PROV-01", role = "credentialing",
  title = "Rendering provider present and on the roster as a provider (DOMAIN 2.2 edit 9)",
  check = function(ch)
    if not ch.rendering_provider_id then return { message = "rendering provider missing", code = "MISSING" } end
    local s = ch.rendering_provider_id_staff
    if not s then return { message = "rendering provider not on the staff roster", code = "UNKNOWN" } end
    if s.role ~= "provider" then return { message = "rendering provider's role is " .. s.role, code = "ROLE" } end
  end,
}

charge_policy {
  id = "STD-COD-DX-01", role = "coding", staff = "claim.coded_by",
  title = "Diagnosis present on every professional claim line (DOMAIN 2.2 edits 10, 26)",
  where = { ["claim.claim_type"] = "professional" },
  check = function(ch) if #ch.dx_codes == 0 then return "no diagnosis on the line" end end,
}
