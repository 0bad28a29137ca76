-- Workqueue KPIs: what billers work, why, and for how long (DOMAIN 7.2 items 4-5). The
-- upstream cause of an item is, in order: the role its reason names in a trailing
-- parenthesis ("… (patient access)", matched against role ids with spaces for underscores),
-- else the denial role of its claim, else "unknown".
local std = require("std")
local aged_days = param("workqueue_aging_days")

local roles = std.set({ "patient_access", "scheduling", "clinician", "provider", "charge_capture", "coding",
                        "billing", "credentialing", "leadership" })

local function cause(w)
  local named = w.reason and string.match(w.reason, "%(([%a ]+)%)%s*$")
  if named then
    local id = string.gsub(string.lower(named), " ", "_")
    if roles[id] then return id end
  end
  local c = w.claim
  if c and c.denial_role then return c.denial_role end
  return "unknown"
end

local function open_at_as_of(w)
  local as_of = date.as_of()
  return std.on_or_before(w.created_at, as_of) and not std.on_or_before(w.resolved_at, as_of)
end

kpi {
  id = "workqueue_items", title = "Workqueue items created, by queue", unit = "count",
  period = "created_at", by = "queue",
  numerator = count("workqueue"),
}

kpi {
  id = "workqueue_items_by_cause", title = "Workqueue items created, by upstream role", unit = "count",
  period = "created_at", by = cause,
  numerator = count("workqueue"),
}

kpi {
  id = "workqueue_items_by_reason", title = "Workqueue items created, by reason", unit = "count",
  period = "created_at", by = "reason",
  numerator = count("workqueue"),
}

kpi {
  id = "workqueue_open", title = "Open workqueue items at the as-of date, by upstream role", unit = "count",
  snapshot = true, by = cause,
  numerator = count("workqueue", open_at_as_of),
}

kpi {
  id = "workqueue_open_age_days", title = "Average age of open workqueue items, by upstream role", unit = "days",
  snapshot = true, by = cause,
  numerator = avg("workqueue", function(w)
    if not open_at_as_of(w) then return nil end
    return date.days(w.created_at, date.as_of())
  end),
}

kpi {
  id = "workqueue_aged_share", title = "Open workqueue items older than workqueue_aging_days", unit = "percent",
  snapshot = true, by = cause,
  numerator = count("workqueue", function(w)
    return open_at_as_of(w) and date.days(w.created_at, date.as_of()) > aged_days
  end),
  denominator = count("workqueue", open_at_as_of),
}

kpi {
  id = "workqueue_resolution_days", title = "Days to resolve a workqueue item, by upstream role", unit = "days",
  period = "resolved_at", by = cause,
  numerator = avg("workqueue", function(w)
    if not w.resolved_at then return nil end
    return date.hours(w.created_at, w.resolved_at) / 24
  end),
}

kpi {
  id = "workqueue_touches", title = "Touches per resolved workqueue item, by upstream role", unit = "ratio",
  period = "resolved_at", by = cause,
  numerator = avg("workqueue", "touches", { resolved_at = present() }),
}

kpi {
  id = "workqueue_items_by_resolver", title = "Workqueue items resolved, by person", unit = "count",
  period = "resolved_at", by = "resolved_by",
  numerator = count("workqueue", { resolved_at = present() }),
}
