-- CARC → denial category → the role where the denial starts (DOMAIN 3.3 and 3.4). Meanings
-- are paraphrased in the comments; X12 owns the code list and changes it three times a year,
-- so organizations with the current list can add or override keys (`attribution { override =
-- { "29" }, carc = { … } }` in their pack). Roles: patient access (PA), provider for
-- clinical documentation and orders (CLIN), charge capture (CHG), coding/HIM (COD),
-- credentialing (CRED), billing (BILL). Where DOMAIN names a primary and a contributing role,
-- the primary is used here; attribution/evidence.lua moves a denial to the contributing role
-- when the data shows it.
local PA, CLIN, CHG, COD, CRED, BILL = "patient_access", "provider", "charge_capture", "coding", "credentialing", "billing"

local function d(category, role) return { category = category, role = role } end
local patient = { category = "patient_responsibility", denial = false }
local contractual = { category = "contractual", denial = false }

attribution {
  carc = {
    ["1"] = patient,                                  -- deductible
    ["2"] = patient,                                  -- coinsurance
    ["3"] = patient,                                  -- co-payment
    ["4"] = d("coding", COD),                         -- procedure code and modifier conflict / modifier missing
    ["5"] = d("coding", COD),                         -- procedure or bill type conflicts with place of service
    ["6"] = d("coding", COD),                         -- procedure conflicts with age (evidence: DOB wrong → PA)
    ["7"] = d("coding", COD),                         -- procedure conflicts with sex (evidence: sex wrong → PA)
    ["8"] = d("credentialing", CRED),                 -- procedure conflicts with provider type / taxonomy
    ["9"] = d("coding", COD),                         -- diagnosis conflicts with age
    ["10"] = d("coding", COD),                        -- diagnosis conflicts with sex
    ["11"] = d("coding", COD),                        -- diagnosis conflicts with procedure
    ["12"] = d("coding", COD),                        -- diagnosis conflicts with provider type
    ["13"] = d("registration", PA),                   -- date of death precedes date of service
    ["14"] = d("registration", PA),                   -- date of birth after date of service
    ["15"] = d("authorization", PA),                  -- authorization number missing, invalid or not for these services
    ["16"] = d("missing_information", BILL),          -- lacks information / billing error: the RARC decides
    ["18"] = d("duplicate", BILL),                    -- exact duplicate claim or service
    ["19"] = d("coordination_of_benefits", PA),       -- workers' compensation carrier liable
    ["20"] = d("coordination_of_benefits", PA),       -- liability carrier
    ["21"] = d("coordination_of_benefits", PA),       -- no-fault carrier
    ["22"] = d("coordination_of_benefits", PA),       -- another payer may cover (COB)
    ["23"] = d("coordination_of_benefits", BILL),     -- prior payer's adjudication
    ["OA-23"] = { category = "coordination_of_benefits", denial = false },  -- informational (DOMAIN 3.6 point 5)
    ["24"] = d("wrong_payer", PA),                    -- covered under capitation / managed care plan
    ["26"] = d("eligibility", PA),                    -- incurred before coverage began
    ["27"] = d("eligibility", PA),                    -- incurred after coverage ended
    ["29"] = d("timely_filing", BILL),                -- filing limit expired (evidence: upstream lag)
    ["31"] = d("eligibility", PA),                    -- patient not identified as the payer's insured
    ["32"] = d("eligibility", PA),                    -- not an eligible dependent
    ["33"] = d("eligibility", PA),                    -- no dependent coverage
    ["34"] = d("eligibility", PA),                    -- no newborn coverage
    ["35"] = d("benefit_limit", PA),                  -- lifetime benefit maximum reached
    ["38"] = d("network", PA),                        -- retired in favour of 242/243; kept for old remits
    ["39"] = d("authorization", CLIN),                -- denied when authorization was requested
    ["40"] = d("medical_necessity", CLIN),            -- not emergent / urgent
    ["45"] = contractual,                             -- exceeds fee schedule / contracted amount
    ["49"] = d("non_covered", COD),                   -- routine exam / screening
    ["50"] = d("medical_necessity", CLIN),            -- not medically necessary
    ["51"] = d("non_covered", PA),                    -- pre-existing condition
    ["54"] = d("coding", COD),                        -- multiple physicians / assistants not covered
    ["55"] = d("non_covered", CLIN),                  -- experimental / investigational
    ["56"] = d("medical_necessity", CLIN),            -- not proven effective
    ["58"] = d("coding", COD),                        -- inappropriate place of service
    ["59"] = contractual,                             -- multiple / concurrent procedure rules
    ["62"] = d("authorization", PA),                  -- retired in favour of 197/198; kept for old remits
    ["96"] = d("non_covered", PA),                    -- non-covered charges
    ["97"] = d("coding", COD),                        -- bundled into another service
    ["107"] = d("missing_information", BILL),         -- related claim or service not identified
    ["109"] = d("wrong_payer", PA),                   -- not covered by this payer
    ["110"] = d("billing_error", BILL),               -- billing date before service date
    ["119"] = d("benefit_limit", PA),                 -- benefit maximum for the period reached
    ["125"] = d("billing_error", BILL),               -- submission / billing errors (RARC decides)
    ["129"] = d("coordination_of_benefits", BILL),    -- prior processing information incorrect
    ["140"] = d("eligibility", PA),                   -- member id and name do not match
    ["146"] = d("coding", COD),                       -- diagnosis invalid for the date of service
    ["150"] = d("documentation", CLIN),               -- does not support this level of service
    ["151"] = d("documentation", CLIN),               -- does not support this many services
    ["152"] = d("documentation", CLIN),               -- does not support this length of service
    ["163"] = d("documentation", BILL),               -- attachment referenced not received
    ["164"] = d("documentation", BILL),               -- attachment not received in time
    ["167"] = d("medical_necessity", COD),            -- diagnosis not covered
    ["170"] = d("credentialing", CRED),               -- denied for this type of provider
    ["181"] = d("coding", COD),                       -- procedure code invalid on the date of service
    ["182"] = d("coding", COD),                       -- modifier invalid on the date of service
    ["183"] = d("credentialing", CRED),               -- referring provider not eligible to refer
    ["184"] = d("credentialing", CRED),               -- ordering provider not eligible to order
    ["185"] = d("credentialing", CRED),               -- rendering provider not eligible
    ["189"] = d("coding", COD),                       -- unlisted code where a specific one exists
    ["197"] = d("authorization", PA),                 -- authorization absent
    ["198"] = d("authorization", PA),                 -- authorization exceeded
    ["199"] = d("charge_capture", CHG),               -- revenue code and procedure code do not match
    ["200"] = d("eligibility", PA),                   -- lapse in coverage
    ["204"] = d("non_covered", PA),                   -- not covered by the current benefit plan
    ["206"] = d("credentialing", CRED),               -- NPI missing
    ["207"] = d("credentialing", CRED),               -- NPI invalid format
    ["208"] = d("credentialing", CRED),               -- NPI not matched
    ["226"] = d("documentation", COD),                -- requested information not provided (HIM)
    ["227"] = d("coordination_of_benefits", PA),      -- information from the patient not provided
    ["234"] = d("coding", COD),                       -- procedure not paid separately
    ["236"] = d("coding", COD),                       -- procedure / modifier pair not compatible (NCCI)
    ["242"] = d("network", PA),                       -- not provided by network / primary care providers
    ["243"] = d("referral", PA),                      -- not authorized by network / primary care providers
    ["252"] = d("documentation", COD),                -- attachment / documentation required (HIM)
    ["253"] = contractual,                            -- sequestration
    ["272"] = d("medical_necessity", CLIN),           -- coverage guidelines not met
    ["273"] = d("benefit_limit", PA),                 -- coverage guidelines exceeded
    ["288"] = d("referral", PA),                      -- referral absent
    ["A1"] = d("missing_information", BILL),          -- claim denied: the RARC decides
    ["B7"] = d("credentialing", CRED),                -- provider not certified for this service on this date
    ["B9"] = d("eligibility", PA),                    -- patient in hospice
    ["B11"] = d("wrong_payer", PA),                   -- transferred to the proper payer
    ["B15"] = d("coding", COD),                       -- qualifying service not received
    ["B16"] = d("coding", COD),                       -- new-patient qualifications not met
    ["B20"] = d("duplicate", BILL),                   -- furnished by another provider
    ["B22"] = d("coding", COD),                       -- adjusted based on the diagnosis
  },
}
