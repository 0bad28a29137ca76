-- Billing edits on claims (DOMAIN 2.2, edits 5, 20, 21, 22, 23, 24): charged to the biller
-- (`billed_by`), with the claim's total charge at risk.
local std = require("std")
local rebill = std.rebill
local warning_days = param("timely_filing_warning_days")
-- `where` tables run in the host, without a Lua call per row. The encounter's key is present
-- exactly when the claim has an encounter.
local has_encounter = "encounter.encounter_id"

local function claim_policy(spec)
  spec.dataset = "claims"
  spec.role = spec.role or "billing"
  spec.staff = spec.staff or "billed_by"
  spec.severity = spec.severity or "error"
  spec.amount = spec.amount or "total_charge"
  policy(spec)
end

claim_policy {
  id = "STD-BL-PAYER-01", title = "Payer present on the claim (DOMAIN 2.2 edit 5)",
  check = function(c) if not c.payer_id then return "claim without a payer" end end,
}

claim_policy {
  id = "STD-BL-PAYER-02", title = "Claim payer matches the encounter's payer (DOMAIN 2.2 edit 5)",
  where = { payer_id = present(), ["encounter.payer_id"] = present() },
  check = function(c)
    if c.payer_id ~= c.encounter.payer_id then return "claim payer differs from the registered payer" end
  end,
}

claim_policy {
  id = "STD-BL-TOTAL-01", title = "Claim total equals the sum of its charge lines (DOMAIN 2.2 edit 24)",
  where = { [has_encounter] = present() },
  check = function(c)
    local cents, lines = 0, 0
    for _, ch in ipairs(c.encounter.charges) do
      if ch.claim_id == c.claim_id then
        cents = cents + math.floor(ch.amount * 100 + 0.5)
        lines = lines + 1
      end
    end
    if lines == 0 then return { message = "no charge line names this claim", code = "NO_LINES" } end
    if cents ~= math.floor(c.total_charge * 100 + 0.5) then
      return { message = "claim total differs from the sum of its lines", code = "TOTAL" }
    end
  end,
}

claim_policy {
  id = "STD-BL-DATES-01", title = "Claim not final billed before the last date of service (DOMAIN 2.2 edit 20; CO-110)",
  where = { final_billed_at = present(), [has_encounter] = present() },
  check = function(c)
    if date.before(c.final_billed_at, std.last_service_date(c.encounter)) then
      return "final billed before the last date of service"
    end
  end,
}

claim_policy {
  id = "STD-BL-DATES-02", title = "Claim submitted after it was final billed (DOMAIN 2.2 edit 20)",
  where = { final_billed_at = present(), submitted_at = present() },
  check = function(c)
    if date.before(c.submitted_at, c.final_billed_at) then return "submitted before it was final billed" end
  end,
}

claim_policy {
  id = "STD-BL-DUP-01", title = "No duplicate claim: same encounter, payer and total (DOMAIN 2.2 edit 21; CARC 18)",
  where = function(c) return c.encounter ~= nil and not rebill[c.frequency_code or ""] end,
  check = function(c)
    for _, other in ipairs(c.encounter.claims) do
      if other.claim_id < c.claim_id and other.payer_id == c.payer_id and other.total_charge == c.total_charge
         and not rebill[other.frequency_code or ""] then
        return "duplicate of " .. other.claim_id
      end
    end
  end,
}

claim_policy {
  id = "STD-BL-FREQ-01", title = "A replacement or void claim follows an earlier claim for the encounter (DOMAIN 2.2 edit 22)",
  where = { frequency_code = any_of({ "7", "8" }), [has_encounter] = present() },
  check = function(c)
    for _, other in ipairs(c.encounter.claims) do
      if other.claim_id ~= c.claim_id and other.submitted_at and c.submitted_at
         and date.before(other.submitted_at, c.submitted_at) then
        return nil
      end
    end
    return "replacement or void claim without an earlier claim to replace"
  end,
}

claim_policy {
  id = "STD-BL-TF-01", title = "Submitted within the payer's timely-filing limit (DOMAIN 2.2 edit 23; CO-29)",
  where = { submitted_at = present(), [has_encounter] = present() },
  check = function(c)
    local limit = param("timely_filing_days", c.payer_id or "")
    local days = date.days(std.last_service_date(c.encounter), c.submitted_at)
    if days > limit then
      return { message = "submitted " .. days .. " days after service; the payer allows " .. limit, code = "EXPIRED" }
    end
  end,
}

claim_policy {
  id = "STD-BL-TF-02", severity = "warning",
  title = "Unsubmitted claim close to the payer's timely-filing limit at the as-of date (DOMAIN 4; 7.2 item 4)",
  where = function(c) return c.encounter ~= nil and not std.on_or_before(c.submitted_at, date.as_of()) end,
  check = function(c)
    local limit = param("timely_filing_days", c.payer_id or "")
    local remaining = limit - date.days(std.last_service_date(c.encounter), date.as_of())
    if remaining < 0 then return { message = "filing limit passed " .. -remaining .. " days ago", code = "EXPIRED" } end
    if remaining <= warning_days then return { message = remaining .. " days left to file", code = "AT_RISK" } end
  end,
}
