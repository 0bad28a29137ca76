-- Evidence rules (DOMAIN 3.6 point 3): after the CARC and RARC tables have classified a
-- denial, look at the claim's own records and move it to the role the data points at, with
-- the evidence in words (shown by `upstream explain` and in --findings).
local std = require("std")
local remarks = require("rarc")

local charge_lag_days = param("tf_charge_lag_days")
local coding_lag_days = param("tf_coding_lag_days")

local eligibility = std.set({ "26", "27", "31", "32", "33", "34", "140", "200", "B9" })
local authorization = std.set({ "15", "197", "198" })
local demographic = { ["6"] = "birth_date", ["9"] = "birth_date", ["7"] = "sex", ["10"] = "sex" }
local wrong_payer = std.set({ "24", "109", "B11" })
local duplicate = std.set({ "18", "B20" })

-- CO-29: which step used up the filing window? Charge lag first, then coding (DNFB), then a
-- payer change after the first submission; otherwise billing keeps it.
local function timely_filing(claim)
  local e = claim.encounter
  if not e then return nil end
  local late = std.latest_charge(e)
  if late then
    local lag = date.days(late.service_date, late.posted_at)
    if lag >= charge_lag_days then
      return { role = "charge_capture", category = "timely_filing", staff = late.entered_by,
               evidence = "charge " .. late.charge_id .. " posted " .. lag .. " days after service" }
    end
  end
  if claim.final_billed_at then
    local ready = std.last_service_date(e)
    if late and date.before(ready, late.posted_at) then ready = late.posted_at end
    local coding = date.days(ready, claim.final_billed_at)
    if coding >= coding_lag_days then
      return { role = "coding", category = "timely_filing",
               evidence = "final billed " .. coding .. " days after the last charge and discharge" }
    end
  end
  for _, other in ipairs(e.claims) do
    if other.claim_id ~= claim.claim_id and other.payer_id ~= claim.payer_id and other.submitted_at and claim.submitted_at
       and date.before(other.submitted_at, claim.submitted_at) then
      return { role = "patient_access", category = "timely_filing",
               evidence = "payer changed after the first submission (" .. (other.payer_id or "none") .. " first)" }
    end
  end
  return { evidence = "no upstream delay found: billing used the filing window" }
end

local function refine(adj, claim, ctx)
  if claim == nil then return nil end
  local carc, e = adj.carc, claim.encounter

  -- MA130 routes to billing only when no companion remark says more (DOMAIN 3.5).
  local first = adj.rarc[1]
  if first == "MA130" then
    for i = 2, #adj.rarc do
      local entry = remarks[adj.rarc[i]]
      if entry then
        return { role = entry.role, category = entry.category, evidence = "MA130 with companion remark " .. adj.rarc[i] }
      end
    end
  end

  if carc == "29" then return timely_filing(claim) end
  if not e then return nil end

  if authorization[carc] and e.auth_required then
    if not e.auth_number then return { evidence = "authorization required and none on file" } end
    if e.auth_obtained_at and date.before(e.service_date, e.auth_obtained_at) then
      return { evidence = "authorization obtained after the date of service" }
    end
    return { evidence = "authorization on file before service: check the authorized services and units" }
  end

  if eligibility[carc] then
    if not e.eligibility_verified_at then return { evidence = "eligibility never verified" } end
    if date.before(e.service_date, e.eligibility_verified_at) then return { evidence = "eligibility verified after the date of service" } end
    if not e.member_id then return { evidence = "member id missing" } end
    return { evidence = "eligibility verified before service: coverage may have changed since" }
  end

  local field = demographic[carc]
  if field then
    local p = e.patient
    if p and (p[field] == nil or (field == "birth_date" and date.before(e.service_date, p.birth_date))) then
      return { role = "patient_access", category = "registration", evidence = "patient " .. field .. " missing or wrong at registration" }
    end
    return nil
  end

  if wrong_payer[carc] then
    if claim.payer_id and e.payer_id and claim.payer_id ~= e.payer_id then
      return { role = "billing", evidence = "claim sent to " .. claim.payer_id .. " but registered payer is " .. e.payer_id }
    end
    return { evidence = "registered payer " .. (e.payer_id or "none") .. " billed as registered" }
  end

  -- A line-level duplicate whose line repeats an earlier identical line was double-posted at
  -- charge entry (DOMAIN 3.3: duplicate, contributing charge capture); a whole claim sent
  -- twice stays with billing.
  if duplicate[carc] and adj.charge then
    local ch = adj.charge
    local key = std.line_key(ch)
    for _, other in ipairs(e.charges) do
      if other.charge_id < ch.charge_id and other.code ~= nil and std.line_key(other) == key then
        return { role = "charge_capture", category = "duplicate", staff = ch.entered_by,
                 evidence = "charge " .. ch.charge_id .. " repeats " .. other.charge_id }
      end
    end
  end
  return nil
end

attribution { refine = refine }
