return {
  name = "lakeside",
  version = "0.1.0",
  summary = "Lakeside Health's policies on top of the standard pack (the docs/writing-packs.md tutorial).",
  requires = { "upstream-standard" },
  params = {
    auth_denial_target = { default = 0.01, help = "Highest acceptable share of remitted claims denied for authorization" },
  },
  set = {
    clean_claim_target = 0.93,                        -- our first-year goal, below the 95% standard
    patient_access_courses = { "RCM-101" },           -- registrars must have completed fundamentals
    timely_filing_days = { CMC = 90 },                -- example contract term; other payers keep 365
    rework_cost_per_claim = 25,                       -- the low end of the $25-$118 range
  },
  disable = { "STD-PA-ADDR-01" },                     -- we do not export patient addresses
}
