-- Synthea's CSV export → canonical datasets. Columns are matched by header name (Synthea
-- versions add and drop columns). See README.md for what Synthea does not contain.

local ISO = "yyyy-MM-dd'T'HH:mm:ssX"   -- Synthea writes UTC instants: 2014-05-06T08:34:30Z

mapping {
  id = "synthea",
  datasets = {
    patients = {
      file = "patients.csv",
      fields = {
        patient_id = "Id",
        birth_date = "BIRTHDATE",
        deceased_on = "DEATHDATE",
        sex = "GENDER",
        zip = "ZIP",
      },
    },

    -- Providers are the only staff Synthea knows: physicians who attend and render.
    staff = {
      file = "providers.csv",
      fields = {
        staff_id = "Id",
        name = "NAME",
        role = { value = "provider" },
        department = "SPECIALITY",
        facility = "ORGANIZATION",
      },
    },

    encounters = {
      file = "encounters.csv",
      fields = {
        encounter_id = "Id",
        patient_id = "PATIENT",
        facility = "ORGANIZATION",
        encounter_class = "ENCOUNTERCLASS",
        service_date = { column = "START", format = ISO },
        discharge_date = { column = "STOP", format = ISO },
        payer_id = "PAYER",
        attending_provider_id = "PROVIDER",
      },
    },

    -- claims.csv has no claim total and splits one visit into several claims; the visit's
    -- TOTAL_CLAIM_COST is the one total Synthea gives, so each encounter becomes one claim
    -- whose id is the encounter's id (charges and payments point at it through APPOINTMENTID).
    claims = {
      file = "encounters.csv",
      fields = {
        claim_id = "Id",
        encounter_id = "Id",
        payer_id = "PAYER",
        total_charge = "TOTAL_CLAIM_COST",
      },
    },

    charges = {
      file = "claims_transactions.csv",
      where = { TYPE = "CHARGE" },
      fields = {
        charge_id = "ID",
        encounter_id = "APPOINTMENTID",
        claim_id = "APPOINTMENTID",
        service_date = { column = "FROMDATE", format = ISO },
        -- Synthea has no posting time; the line's end stands in, so charge lag is not meaningful.
        posted_at = { column = "TODATE", format = ISO },
        code = "PROCEDURECODE",
        units = "UNITS",
        amount = "AMOUNT",
        rendering_provider_id = "PROVIDERID",
        department = "DEPARTMENTID",
      },
    },

    payments = {
      file = "claims_transactions.csv",
      where = { TYPE = "PAYMENT" },
      fields = {
        payment_id = "ID",
        encounter_id = "APPOINTMENTID",
        patient_id = "PATIENTID",
        received_at = { column = "FROMDATE", format = ISO },
        amount = "PAYMENTS",
        method = "METHOD",
      },
    },
  },
}
