-- The compare-analysis pack (pack/compare-analysis/defs.lua) written for DuckDB.
-- `{{data}}` is replaced by the data directory (compare.py does it; no other templating).
-- Definitions follow SPEC.md section 3 (host-derived fields, denials, proficiency impact).
-- Money is DECIMAL(18,2): sums are exact cents, as in Upstream.

-- Load ---------------------------------------------------------------------------------------
CREATE TABLE staff AS SELECT * FROM read_csv('{{data}}/staff.csv', header = true, auto_detect = false,
  columns = {'staff_id': 'VARCHAR', 'name': 'VARCHAR', 'role': 'VARCHAR', 'department': 'VARCHAR',
             'facility': 'VARCHAR', 'hire_date': 'DATE', 'role_start_date': 'DATE',
             'manager_id': 'VARCHAR', 'active': 'BOOLEAN'});
CREATE TABLE encounters AS SELECT * FROM read_csv('{{data}}/encounters.csv', header = true, auto_detect = false,
  columns = {'encounter_id': 'VARCHAR', 'patient_id': 'VARCHAR', 'facility': 'VARCHAR', 'department': 'VARCHAR',
             'encounter_class': 'VARCHAR', 'scheduled_at': 'TIMESTAMP', 'service_date': 'DATE',
             'discharge_date': 'DATE', 'registered_by': 'VARCHAR', 'prereg_completed_at': 'TIMESTAMP',
             'payer_id': 'VARCHAR', 'financial_class': 'VARCHAR', 'member_id': 'VARCHAR',
             'eligibility_verified_at': 'TIMESTAMP', 'auth_required': 'BOOLEAN', 'auth_number': 'VARCHAR',
             'auth_obtained_at': 'TIMESTAMP', 'attending_provider_id': 'VARCHAR'});
CREATE TABLE charges AS SELECT * FROM read_csv('{{data}}/charges.csv', header = true, auto_detect = false,
  columns = {'charge_id': 'VARCHAR', 'encounter_id': 'VARCHAR', 'claim_id': 'VARCHAR', 'service_date': 'DATE',
             'posted_at': 'TIMESTAMP', 'code': 'VARCHAR', 'revenue_code': 'VARCHAR', 'modifiers': 'VARCHAR',
             'dx_codes': 'VARCHAR', 'units': 'BIGINT', 'amount': 'DECIMAL(18,2)', 'entered_by': 'VARCHAR',
             'rendering_provider_id': 'VARCHAR', 'department': 'VARCHAR'});
CREATE TABLE claims AS SELECT * FROM read_csv('{{data}}/claims.csv', header = true, auto_detect = false,
  columns = {'claim_id': 'VARCHAR', 'encounter_id': 'VARCHAR', 'payer_id': 'VARCHAR', 'claim_type': 'VARCHAR',
             'frequency_code': 'VARCHAR', 'final_billed_at': 'TIMESTAMP', 'submitted_at': 'TIMESTAMP',
             'total_charge': 'DECIMAL(18,2)', 'scrubber_edits': 'BIGINT', 'manual_touches': 'BIGINT',
             'rejected_at': 'TIMESTAMP', 'coded_by': 'VARCHAR', 'billed_by': 'VARCHAR', 'status': 'VARCHAR',
             'balance': 'DECIMAL(18,2)'});
CREATE TABLE remits AS SELECT * FROM read_csv('{{data}}/remits.csv', header = true, auto_detect = false,
  columns = {'remit_id': 'VARCHAR', 'claim_id': 'VARCHAR', 'payer_id': 'VARCHAR', 'received_on': 'DATE',
             'claim_status': 'VARCHAR', 'charge': 'DECIMAL(18,2)', 'paid': 'DECIMAL(18,2)',
             'patient_responsibility': 'DECIMAL(18,2)', 'payer_claim_id': 'VARCHAR'});
CREATE TABLE adjustments AS SELECT * FROM read_csv('{{data}}/adjustments.csv', header = true, auto_detect = false,
  columns = {'claim_id': 'VARCHAR', 'remit_id': 'VARCHAR', 'charge_id': 'VARCHAR', 'group_code': 'VARCHAR',
             'carc': 'VARCHAR', 'rarc': 'VARCHAR', 'amount': 'DECIMAL(18,2)'});
CREATE TABLE payments AS SELECT * FROM read_csv('{{data}}/payments.csv', header = true, auto_detect = false,
  columns = {'payment_id': 'VARCHAR', 'encounter_id': 'VARCHAR', 'patient_id': 'VARCHAR',
             'received_at': 'TIMESTAMP', 'amount': 'DECIMAL(18,2)', 'source': 'VARCHAR', 'method': 'VARCHAR',
             'collected_by': 'VARCHAR', 'point_of_service': 'BOOLEAN'});
CREATE TABLE assessments AS SELECT * FROM read_csv('{{data}}/assessments.csv', header = true, auto_detect = false,
  columns = {'staff_id': 'VARCHAR', 'skill': 'VARCHAR', 'assessed_on': 'DATE', 'score': 'DOUBLE', 'attempt': 'BIGINT'});
-- @phase analysis

-- Reference: the attribution table of defs.lua ------------------------------------------------
CREATE TEMP TABLE carc_map (carc VARCHAR, denial BOOLEAN, category VARCHAR, role VARCHAR);
INSERT INTO carc_map VALUES
  ('45', false, NULL, NULL), ('1', false, NULL, NULL), ('2', false, NULL, NULL), ('3', false, NULL, NULL),
  ('26', true, 'eligibility', 'patient_access'), ('27', true, 'eligibility', 'patient_access'),
  ('31', true, 'eligibility', 'patient_access'), ('140', true, 'eligibility', 'patient_access'),
  ('109', true, 'wrong_payer', 'patient_access'), ('15', true, 'authorization', 'patient_access'),
  ('197', true, 'authorization', 'patient_access'), ('50', true, 'medical_necessity', 'provider'),
  ('150', true, 'documentation', 'provider'), ('252', true, 'documentation', 'provider'),
  ('4', true, 'coding', 'coding'), ('11', true, 'coding', 'coding'), ('97', true, 'coding', 'coding'),
  ('146', true, 'coding', 'coding'), ('199', true, 'charge_capture', 'charge_capture'),
  ('185', true, 'credentialing', 'credentialing'), ('29', true, 'timely_filing', 'billing'),
  ('18', true, 'duplicate', 'billing'), ('16', true, 'missing_information', 'billing');
CREATE TEMP TABLE rarc_map (rarc VARCHAR, category VARCHAR, role VARCHAR);
INSERT INTO rarc_map VALUES ('N382', 'registration', 'patient_access'), ('M51', 'charge_capture', 'charge_capture'),
  ('M76', 'coding', 'coding'), ('N290', 'credentialing', 'credentialing'), ('MA130', 'billing', 'billing');

CREATE TEMP TABLE as_of AS SELECT max(service_date) AS d FROM encounters;

-- Policies -----------------------------------------------------------------------------------
CREATE TEMP TABLE enc_total AS SELECT encounter_id, sum(amount) AS total_charge FROM charges GROUP BY encounter_id;

-- One row per evaluated record: policy, record, person, amount, failed.
CREATE TEMP TABLE policy_rows AS
SELECT 'PA-ELIG-01' AS policy, e.encounter_id AS record, e.registered_by AS person, t.total_charge AS amount,
       (e.eligibility_verified_at IS NULL OR CAST(e.eligibility_verified_at AS DATE) > e.service_date) AS failed
  FROM encounters e LEFT JOIN enc_total t USING (encounter_id) WHERE e.payer_id IS NOT NULL
UNION ALL
SELECT 'PA-AUTH-01', e.encounter_id, e.registered_by, t.total_charge, e.auth_number IS NULL
  FROM encounters e LEFT JOIN enc_total t USING (encounter_id) WHERE e.auth_required
UNION ALL
SELECT 'CC-LAG-01', charge_id, entered_by, amount, (CAST(posted_at AS DATE) - service_date) > 3 FROM charges
UNION ALL
SELECT 'CC-CODE-01', charge_id, entered_by, amount, code IS NULL FROM charges
UNION ALL
SELECT 'COD-FB-01', c.claim_id, c.coded_by, c.total_charge,
       coalesce((CAST(c.final_billed_at AS DATE) - e.service_date) > 7, false)
  FROM claims c LEFT JOIN encounters e USING (encounter_id) WHERE c.final_billed_at IS NOT NULL;

CREATE TEMP TABLE policy_def (policy VARCHAR, role VARCHAR, severity VARCHAR);
INSERT INTO policy_def VALUES ('PA-ELIG-01', 'patient_access', 'error'), ('PA-AUTH-01', 'patient_access', 'error'),
  ('CC-LAG-01', 'charge_capture', 'error'), ('CC-CODE-01', 'charge_capture', 'warning'), ('COD-FB-01', 'coding', 'error');

CREATE TABLE result_policies AS
SELECT policy AS id, count(*) AS evaluated, count(*) FILTER (WHERE failed) AS failed,
       sum(amount) FILTER (WHERE failed) AS amount_at_risk
  FROM policy_rows GROUP BY policy ORDER BY policy;

-- Remits and denials -------------------------------------------------------------------------
-- First remit: smallest (received_on, remit_id) per claim.
CREATE TEMP TABLE first_remit AS
SELECT claim_id, arg_min(remit_id, (received_on, remit_id)) AS remit_id FROM remits GROUP BY claim_id;

-- Every adjustment classified: a denial iff amount > 0, group not PR, CARC entry not denial = false.
-- Role: CARC entry (none: unattributed), then the first RARC (in remark order) with an entry overrides.
CREATE TEMP TABLE adj AS
SELECT a.*, (a.amount > 0 AND a.group_code <> 'PR' AND coalesce(cm.denial, true)) AS is_denial,
       coalesce(rm.role, cm.role, 'unattributed') AS role,
       coalesce(a.remit_id, fr.remit_id) AS effective_remit,
       (coalesce(a.remit_id, fr.remit_id) = fr.remit_id) AS initial
  FROM adjustments a
  LEFT JOIN carc_map cm ON cm.carc = a.carc
  LEFT JOIN first_remit fr ON fr.claim_id = a.claim_id
  CROSS JOIN (SELECT list(rarc) AS keys FROM rarc_map) rk
  LEFT JOIN rarc_map rm ON rm.rarc = list_filter(string_split(coalesce(a.rarc, ''), ';'),
                                                 lambda r: list_contains(rk.keys, r))[1];

CREATE TABLE result_attribution AS
SELECT role, count(*) AS denials, sum(amount) AS denied_amount, count(DISTINCT claim_id) AS denied_claims
  FROM adj WHERE is_denial GROUP BY role ORDER BY role;

CREATE TABLE result_failures AS
SELECT d.role, count(*) FILTER (WHERE r.failed) AS failures
  FROM policy_rows r JOIN policy_def d USING (policy) GROUP BY d.role ORDER BY d.role;

-- KPIs ---------------------------------------------------------------------------------------
CREATE TEMP TABLE claim_denied AS
SELECT fr.claim_id, bool_or(coalesce(a.is_denial AND a.initial, false)) AS denied
  FROM first_remit fr LEFT JOIN adj a ON a.claim_id = fr.claim_id GROUP BY fr.claim_id;

CREATE TEMP TABLE claim_days_to_pay AS
SELECT c.claim_id, min(r.received_on) - CAST(c.submitted_at AS DATE) AS days
  FROM claims c JOIN remits r ON r.claim_id = c.claim_id AND r.paid > 0
 WHERE c.submitted_at IS NOT NULL GROUP BY c.claim_id, c.submitted_at;

-- clean: no error policy failed on the claim, its encounter or its charges (charges.claim_id),
-- no scrubber edits, no manual touches, no rejection.
CREATE TEMP TABLE dirty AS
SELECT r.record AS claim_id FROM policy_rows r JOIN policy_def d USING (policy)
 WHERE r.failed AND d.severity = 'error' AND r.policy = 'COD-FB-01'
UNION
SELECT c.claim_id FROM policy_rows r JOIN policy_def d USING (policy) JOIN claims c ON c.encounter_id = r.record
 WHERE r.failed AND d.severity = 'error' AND r.policy IN ('PA-ELIG-01', 'PA-AUTH-01')
UNION
SELECT ch.claim_id FROM policy_rows r JOIN policy_def d USING (policy) JOIN charges ch ON ch.charge_id = r.record
 WHERE r.failed AND d.severity = 'error' AND r.policy IN ('CC-LAG-01', 'CC-CODE-01') AND ch.claim_id IS NOT NULL;

CREATE TEMP TABLE claim_clean AS
SELECT c.claim_id, (d.claim_id IS NULL AND coalesce(c.scrubber_edits, 0) = 0 AND coalesce(c.manual_touches, 0) = 0
                    AND c.rejected_at IS NULL) AS clean
  FROM claims c LEFT JOIN dirty d USING (claim_id);

CREATE TABLE result_kpis AS
SELECT 'initial_denial_rate' AS id, CAST(count(*) FILTER (WHERE denied) AS DECIMAL(38,2)) AS numerator,
       CAST(count(*) AS DECIMAL(38,2)) AS denominator FROM claim_denied
UNION ALL
SELECT 'days_to_pay', CAST(sum(days) AS DECIMAL(38,2)), CAST(count(days) AS DECIMAL(38,2)) FROM claim_days_to_pay
UNION ALL
SELECT 'clean_claim_rate', CAST(count(*) FILTER (WHERE clean) AS DECIMAL(38,2)), CAST(count(*) AS DECIMAL(38,2)) FROM claim_clean
UNION ALL
SELECT 'charge_lag_days', CAST(sum(CAST(posted_at AS DATE) - service_date) AS DECIMAL(38,2)),
       CAST(count(*) AS DECIMAL(38,2)) FROM charges
UNION ALL
SELECT 'pos_collection_share', sum(amount) FILTER (WHERE point_of_service), sum(amount) FILTER (WHERE source = 'patient')
  FROM payments;

-- Proficiency impact (patient_access, registration >= 0.85) -----------------------------------
CREATE TEMP TABLE pa_status AS
WITH latest AS (
  SELECT a.staff_id, arg_max(a.score, (a.assessed_on, coalesce(a.attempt, -1))) AS score
    FROM assessments a, as_of WHERE a.skill = 'registration' AND a.assessed_on <= as_of.d GROUP BY a.staff_id)
SELECT s.staff_id, CASE WHEN l.score IS NULL THEN 'not_assessed' WHEN l.score < 0.85 THEN 'below' ELSE 'at_or_above' END AS status
  FROM staff s LEFT JOIN latest l USING (staff_id) WHERE s.role = 'patient_access';

CREATE TEMP TABLE pa_records AS
SELECT r.record, r.person, st.status, max(CASE WHEN r.failed THEN 1 ELSE 0 END) AS any_fail, sum(CASE WHEN r.failed THEN 1 ELSE 0 END) AS failures
  FROM policy_rows r JOIN policy_def d USING (policy) JOIN pa_status st ON st.staff_id = r.person
 WHERE d.role = 'patient_access' GROUP BY r.record, r.person, st.status;

CREATE TABLE result_impact AS
SELECT status, count(DISTINCT person) AS staff, count(*) AS records, sum(failures) AS failures
  FROM pa_records WHERE status <> 'not_assessed' GROUP BY status ORDER BY status;
