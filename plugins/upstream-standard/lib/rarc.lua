-- The key remark codes of DOMAIN 3.5 and the role each routes a denial to. Shared by
-- attribution/rarc.lua (the table) and attribution/evidence.lua (MA130's companion rule).
-- MA15 and M16 are alerts (informational): they are deliberately not in the table, because a
-- remark entry overrides the CARC's role and the first remark with an entry wins.
return {
  MA130 = { category = "billing_error", role = "billing" },              -- unprocessable: new claim, not an appeal
  N265 = { category = "missing_information", role = "provider" },        -- ordering provider identifier
  N286 = { category = "missing_information", role = "patient_access" },  -- referring provider identifier
  N290 = { category = "credentialing", role = "credentialing" },         -- rendering provider identifier
  M51 = { category = "charge_capture", role = "charge_capture" },        -- procedure code (DOMAIN 3.3: 16 + M51 is charge capture)
  M76 = { category = "coding", role = "coding" },                        -- diagnosis or condition
  N382 = { category = "registration", role = "patient_access" },         -- patient identifier
  MA04 = { category = "coordination_of_benefits", role = "billing" },    -- primary payer's adjudication missing
  N706 = { category = "documentation", role = "coding" },                -- missing documentation (HIM)
  N393 = { category = "documentation", role = "provider" },              -- missing progress notes
  N395 = { category = "documentation", role = "coding" },                -- missing laboratory report (HIM)
  N398 = { category = "documentation", role = "provider" },              -- missing elective consent form
}
