-- upstream-standard: the shipped standard pack. Every number below is a param so that an
-- organization pack can change it with `set` (or a run with --param) without copying scripts.
-- Where DOMAIN.md gives a benchmark, the help says so; the rest are starting values, not
-- standards.
local function number(default, help) return { type = "number", default = default, help = help } end
local function int(default, help) return { type = "int", default = default, help = help } end
local function texts(default, help) return { type = "list", of = "text", default = default, help = help } end

local proficiency_help = "Minimum latest assessment score (0-1) for the %s skill of %s staff; "
  .. "80%% and 85%% are common choices, not a standard (DOMAIN 6.1)"
local courses_help = "Course ids %s staff must have completed by the as-of date (empty: no course requirement)"

local params = {
  -- KPI targets (DOMAIN 1.5 benchmarks).
  clean_claim_target = number(0.95, "CL-1 clean claim rate target: at least this share (industry standard >= 95%)"),
  denial_rate_target = number(0.05, "Initial and remittance denial rate target: at most this share (< 5% desirable)"),
  net_collection_target = number(0.95, "Net collection rate target: at least this share (>= 95%, MGMA)"),
  ar_over_90_target = number(0.20, "AR-1 target: at most this share of billed A/R older than 90 days (15-20% quoted)"),
  dnfb_days_target = number(7, "PB-1 target: at most this many days of gross revenue in DNFB (5-7 days acceptable)"),
  charge_lag_target = number(2, "PB-4 target: at most this many days from service to charge posting (24-48 h best practice)"),
  ungated_access_target = number(0, "Share of active staff working below their role's proficiency threshold or never assessed (should be 0)"),

  -- Definitions and windows.
  late_charge_days = int(3, "CL-2: a charge posted more than this many days after the last date of service is late"),
  adr_months = int(3, "Average daily revenue: trailing calendar months (the as-of month included) of gross charges"),
  pos_window_days = int(0, "PA-7: patient payments received up to this many days after the last date of service count as point-of-service"),
  dnfb_include_self_pay = { type = "bool", default = false,
    help = "Count self-pay encounters (which never get a payer claim) in DNFB, DNSP and unbilled A/R" },
  prereg_classes = texts({ "inpatient", "outpatient", "observation" },
    "PA-2: encounter classes counted as scheduled services (walk-ins, ED and unscheduled visits are excluded)"),
  auth_ip_classes = texts({ "inpatient", "observation" }, "PA-4: encounter classes of the inpatient/observation authorization rate"),
  auth_op_classes = texts({ "outpatient", "ambulatory" }, "PA-5: encounter classes of the outpatient authorization rate"),
  financial_classes = texts({ "commercial", "medicare", "medicaid", "self_pay", "other" },
    "Valid encounters.financial_class values"),
  contractual_carcs = texts({ "45", "59", "253" }, "CARCs whose CO adjustments are contractual (net collection rate)"),
  rebill_frequency_codes = texts({ "7" }, "Claim frequency codes of rebills, left out of initial denial rates"),
  timely_filing_days = { type = "map", of = "int", default = 365,
    help = "Payer timely-filing limit in days from the last date of service, by payer_id (often 90-365; Medicare 1 year)" },
  timely_filing_warning_days = int(30, "Warn about an unsubmitted claim this many days before its timely-filing limit"),
  member_id_pattern = { type = "map", of = "text", default = "",
    help = "Lua pattern a member id must match, by payer_id (empty: no format check)" },
  tf_charge_lag_days = int(30, "Timely-filing denials go to charge capture when the encounter's last-posted charge posted this many days or more after its service date"),
  tf_coding_lag_days = int(30, "Timely-filing denials go to coding when the claim was final-billed this many days or more after the last charge posted"),
  workqueue_aging_days = int(30, "Workqueue: open items older than this many days count as aged"),

  -- Proficiency (DOMAIN 6.1: thresholds are the organization's choice).
  pa_registration_min = number(0.85, proficiency_help:format("registration", "patient access")),
  pa_authorization_min = number(0.85, proficiency_help:format("authorization", "patient access")),
  scheduling_min = number(0.85, proficiency_help:format("scheduling", "scheduling")),
  clinician_documentation_min = number(0.85, proficiency_help:format("documentation", "clinician")),
  provider_documentation_min = number(0.85, proficiency_help:format("documentation", "provider")),
  charge_capture_min = number(0.85, proficiency_help:format("charge_capture", "charge capture")),
  coding_min = number(0.85, proficiency_help:format("coding", "coding")),
  billing_min = number(0.85, proficiency_help:format("billing", "billing")),
  credentialing_min = number(0.85, proficiency_help:format("credentialing", "credentialing")),
  leadership_min = number(0.85, proficiency_help:format("leadership", "leadership")),
  assessment_max_age_days = int(0, "An assessment older than this many days counts as missing (0: any age; annual re-validation is a common pattern)"),
  time_to_proficiency_window_days = int(365, "Time to proficiency counts people who started in their role within this many days of the as-of date"),
  proficiency_grace_days = int(0, "No proficiency status during this many days after a person starts in the role"),
}
for _, role in ipairs({ "patient_access", "scheduling", "clinician", "provider", "charge_capture",
                        "coding", "billing", "credentialing", "leadership" }) do
  params[role .. "_courses"] = texts({}, courses_help:format(role:gsub("_", " ")))
end

return {
  name = "upstream-standard",
  version = "1.0.0",
  summary = "HFMA MAP Keys computable from exports, front-end clean-claim edits, CARC/RARC denial "
    .. "attribution with evidence rules, default proficiency thresholds, training, engagement and workqueue KPIs.",
  params = params,
}
