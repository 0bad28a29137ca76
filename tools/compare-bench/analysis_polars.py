#!/usr/bin/env python3
"""The compare-analysis pack (pack/compare-analysis/defs.lua) written with polars.

    python3 analysis_polars.py DATA_DIR      # prints {"phases": {...}, "results": {...}} as JSON

Definitions follow SPEC.md section 3; money is Decimal(18, 2) so sums are exact cents.
The result shape is the one compare.py compares (see normalize_* there).
"""
import json
import sys
import time

import polars as pl

MONEY = pl.Decimal(18, 2)
S, D, T, B, I = pl.Utf8, pl.Date, pl.Datetime("us"), pl.Boolean, pl.Int64

SCHEMAS = {
    "staff": {"staff_id": S, "name": S, "role": S, "department": S, "facility": S, "hire_date": D,
              "role_start_date": D, "manager_id": S, "active": B},
    "encounters": {"encounter_id": S, "patient_id": S, "facility": S, "department": S, "encounter_class": S,
                   "scheduled_at": T, "service_date": D, "discharge_date": D, "registered_by": S,
                   "prereg_completed_at": T, "payer_id": S, "financial_class": S, "member_id": S,
                   "eligibility_verified_at": T, "auth_required": B, "auth_number": S, "auth_obtained_at": T,
                   "attending_provider_id": S},
    "charges": {"charge_id": S, "encounter_id": S, "claim_id": S, "service_date": D, "posted_at": T, "code": S,
                "revenue_code": S, "modifiers": S, "dx_codes": S, "units": I, "amount": MONEY, "entered_by": S,
                "rendering_provider_id": S, "department": S},
    "claims": {"claim_id": S, "encounter_id": S, "payer_id": S, "claim_type": S, "frequency_code": S,
               "final_billed_at": T, "submitted_at": T, "total_charge": MONEY, "scrubber_edits": I,
               "manual_touches": I, "rejected_at": T, "coded_by": S, "billed_by": S, "status": S, "balance": MONEY},
    "remits": {"remit_id": S, "claim_id": S, "payer_id": S, "received_on": D, "claim_status": S, "charge": MONEY,
               "paid": MONEY, "patient_responsibility": MONEY, "payer_claim_id": S},
    "adjustments": {"claim_id": S, "remit_id": S, "charge_id": S, "group_code": S, "carc": S, "rarc": S,
                    "amount": MONEY},
    "payments": {"payment_id": S, "encounter_id": S, "patient_id": S, "received_at": T, "amount": MONEY,
                 "source": S, "method": S, "collected_by": S, "point_of_service": B},
    "assessments": {"staff_id": S, "skill": S, "assessed_on": D, "score": pl.Float64, "attempt": I},
}

# The attribution table of defs.lua: CARC -> (denial, category, role); RARC -> (category, role).
CARC = {"45": (False, None, None), "1": (False, None, None), "2": (False, None, None), "3": (False, None, None),
        "26": (True, "eligibility", "patient_access"), "27": (True, "eligibility", "patient_access"),
        "31": (True, "eligibility", "patient_access"), "140": (True, "eligibility", "patient_access"),
        "109": (True, "wrong_payer", "patient_access"), "15": (True, "authorization", "patient_access"),
        "197": (True, "authorization", "patient_access"), "50": (True, "medical_necessity", "provider"),
        "150": (True, "documentation", "provider"), "252": (True, "documentation", "provider"),
        "4": (True, "coding", "coding"), "11": (True, "coding", "coding"), "97": (True, "coding", "coding"),
        "146": (True, "coding", "coding"), "199": (True, "charge_capture", "charge_capture"),
        "185": (True, "credentialing", "credentialing"), "29": (True, "timely_filing", "billing"),
        "18": (True, "duplicate", "billing"), "16": (True, "missing_information", "billing")}
RARC = {"N382": ("registration", "patient_access"), "M51": ("charge_capture", "charge_capture"),
        "M76": ("coding", "coding"), "N290": ("credentialing", "credentialing"), "MA130": ("billing", "billing")}
POLICIES = {"PA-ELIG-01": ("patient_access", "error"), "PA-AUTH-01": ("patient_access", "error"),
            "CC-LAG-01": ("charge_capture", "error"), "CC-CODE-01": ("charge_capture", "warning"),
            "COD-FB-01": ("coding", "error")}


def load(data):
    return {name: pl.read_csv(f"{data}/{name}.csv", schema=schema) for name, schema in SCHEMAS.items()}


def days(a, b):
    """date.days(a, b): whole calendar days from the date part of a to the date part of b."""
    return (b.cast(pl.Date) - a.cast(pl.Date)).dt.total_days()


def analyze(t):
    enc, ch, cl, rm, adj, pay = (t[n] for n in ("encounters", "charges", "claims", "remits", "adjustments", "payments"))
    as_of = enc["service_date"].max()

    # Policies: one frame of evaluated records (policy, record, person, amount, failed).
    totals = ch.group_by("encounter_id").agg(pl.col("amount").sum().alias("total_charge"))
    enc_t = enc.join(totals, on="encounter_id", how="left")
    cols = ["policy", "record", "person", "amount", "failed"]
    elig = enc_t.filter(pl.col("payer_id").is_not_null()).select(
        pl.lit("PA-ELIG-01").alias("policy"), pl.col("encounter_id").alias("record"),
        pl.col("registered_by").alias("person"), pl.col("total_charge").alias("amount"),
        (pl.col("eligibility_verified_at").is_null()
         | (days(pl.col("eligibility_verified_at"), pl.col("service_date")) < 0)).alias("failed"))
    auth = enc_t.filter(pl.col("auth_required")).select(
        pl.lit("PA-AUTH-01").alias("policy"), pl.col("encounter_id").alias("record"),
        pl.col("registered_by").alias("person"), pl.col("total_charge").alias("amount"),
        pl.col("auth_number").is_null().alias("failed"))
    lag = ch.select(pl.lit("CC-LAG-01").alias("policy"), pl.col("charge_id").alias("record"),
                    pl.col("entered_by").alias("person"), pl.col("amount"),
                    (days(pl.col("service_date"), pl.col("posted_at")) > 3).alias("failed"))
    code = ch.select(pl.lit("CC-CODE-01").alias("policy"), pl.col("charge_id").alias("record"),
                     pl.col("entered_by").alias("person"), pl.col("amount"), pl.col("code").is_null().alias("failed"))
    fb = (cl.filter(pl.col("final_billed_at").is_not_null())
          .join(enc.select("encounter_id", pl.col("service_date").alias("enc_service_date")), on="encounter_id", how="left")
          .select(pl.lit("COD-FB-01").alias("policy"), pl.col("claim_id").alias("record"),
                  pl.col("coded_by").alias("person"), pl.col("total_charge").alias("amount"),
                  (days(pl.col("enc_service_date"), pl.col("final_billed_at")) > 7).fill_null(False).alias("failed")))
    rows = pl.concat([f.select(cols) for f in (elig, auth, lag, code, fb)])
    defs = pl.DataFrame({"policy": list(POLICIES), "role": [v[0] for v in POLICIES.values()],
                         "severity": [v[1] for v in POLICIES.values()]})
    rows = rows.join(defs, on="policy", how="left")

    policies = (rows.group_by("policy")
                .agg(pl.len().alias("evaluated"), pl.col("failed").sum().alias("failed"),
                     pl.col("amount").filter(pl.col("failed")).sum().alias("amount_at_risk"))
                .sort("policy"))
    failures = rows.group_by("role").agg(pl.col("failed").sum().alias("failures")).sort("role")

    # Denials: first remit = smallest (received_on, remit_id); adjustments without remit_id belong to it.
    first = (rm.sort(["claim_id", "received_on", "remit_id"]).group_by("claim_id", maintain_order=True)
             .first().select("claim_id", pl.col("remit_id").alias("first_remit")))
    carc = pl.DataFrame({"carc": list(CARC), "carc_denial": [v[0] for v in CARC.values()],
                         "carc_role": [v[2] for v in CARC.values()]})
    rarc_keys = list(RARC)
    rarc = pl.DataFrame({"rarc_key": rarc_keys, "rarc_role": [v[1] for v in RARC.values()]})
    a = (adj.with_row_index("adj_row")
         .join(carc, on="carc", how="left")
         .join(first, on="claim_id", how="left")
         .with_columns(
             # the first RARC, in remark order, that has an entry
             pl.col("rarc").str.split(";").list.eval(pl.element().filter(pl.element().is_in(rarc_keys)))
             .list.first().alias("rarc_key"))
         .join(rarc, on="rarc_key", how="left")
         .with_columns(
             ((pl.col("amount") > 0) & (pl.col("group_code") != "PR") & pl.col("carc_denial").fill_null(True))
             .fill_null(False).alias("is_denial"),
             pl.coalesce("rarc_role", "carc_role", pl.lit("unattributed")).alias("role"),
             (pl.coalesce("remit_id", "first_remit") == pl.col("first_remit")).fill_null(False).alias("initial")))
    attribution = (a.filter(pl.col("is_denial")).group_by("role")
                   .agg(pl.len().alias("denials"), pl.col("amount").sum().alias("denied_amount"),
                        pl.col("claim_id").n_unique().alias("denied_claims")).sort("role"))

    # KPIs
    initial_denied = (a.filter(pl.col("is_denial") & pl.col("initial")).select("claim_id").unique()
                      .with_columns(pl.lit(True).alias("denied")))
    claim_denied = first.join(initial_denied, on="claim_id", how="left").with_columns(pl.col("denied").fill_null(False))
    paid_first = (rm.filter(pl.col("paid") > 0).group_by("claim_id").agg(pl.col("received_on").min().alias("paid_on")))
    dtp = (cl.filter(pl.col("submitted_at").is_not_null()).join(paid_first, on="claim_id", how="inner")
           .select(days(pl.col("submitted_at"), pl.col("paid_on")).alias("days")))
    err = rows.filter(pl.col("failed") & (pl.col("severity") == "error"))
    dirty = pl.concat([
        err.filter(pl.col("policy") == "COD-FB-01").select(pl.col("record").alias("claim_id")),
        err.filter(pl.col("policy").is_in(["PA-ELIG-01", "PA-AUTH-01"]))
           .join(cl.select("claim_id", "encounter_id"), left_on="record", right_on="encounter_id").select("claim_id"),
        err.filter(pl.col("policy").is_in(["CC-LAG-01", "CC-CODE-01"]))
           .join(ch.select("charge_id", pl.col("claim_id")), left_on="record", right_on="charge_id")
           .filter(pl.col("claim_id").is_not_null()).select("claim_id"),
    ]).unique().with_columns(pl.lit(True).alias("dirty"))
    clean = (cl.join(dirty, on="claim_id", how="left")
             .select((pl.col("dirty").is_null() & (pl.col("scrubber_edits").fill_null(0) == 0)
                      & (pl.col("manual_touches").fill_null(0) == 0) & pl.col("rejected_at").is_null()).alias("clean")))
    charge_lag = ch.select(days(pl.col("service_date"), pl.col("posted_at")).alias("lag"))
    kpis = {
        "initial_denial_rate": (int(claim_denied["denied"].sum()), claim_denied.height),
        "days_to_pay": (int(dtp["days"].sum()), int(dtp["days"].count())),
        "clean_claim_rate": (int(clean["clean"].sum()), clean.height),
        "charge_lag_days": (int(charge_lag["lag"].sum()), charge_lag.height),
        "pos_collection_share": (pay.filter(pl.col("point_of_service"))["amount"].sum(),
                                 pay.filter(pl.col("source") == "patient")["amount"].sum()),
    }

    # Proficiency impact: patient_access, latest registration score >= 0.85.
    latest = (t["assessments"].filter((pl.col("skill") == "registration") & (pl.col("assessed_on") <= as_of))
              .with_columns(pl.col("attempt").fill_null(-1))
              .sort(["staff_id", "assessed_on", "attempt"], descending=[False, True, True])
              .group_by("staff_id", maintain_order=True).first().select("staff_id", "score"))
    status = (t["staff"].filter(pl.col("role") == "patient_access").select("staff_id")
              .join(latest, on="staff_id", how="left")
              .select("staff_id", pl.when(pl.col("score").is_null()).then(pl.lit("not_assessed"))
                      .when(pl.col("score") < 0.85).then(pl.lit("below")).otherwise(pl.lit("at_or_above")).alias("status")))
    recs = (rows.filter(pl.col("role") == "patient_access").join(status, left_on="person", right_on="staff_id")
            .group_by("record", "person", "status").agg(pl.col("failed").sum().alias("failures")))
    impact = (recs.filter(pl.col("status") != "not_assessed").group_by("status")
              .agg(pl.col("person").n_unique().alias("staff"), pl.len().alias("records"),
                   pl.col("failures").sum().alias("failures")).sort("status"))

    return {
        "policies": {r["policy"]: {"evaluated": r["evaluated"], "failed": r["failed"], "amount_at_risk": r["amount_at_risk"]}
                     for r in policies.iter_rows(named=True)},
        "failures": {r["role"]: r["failures"] for r in failures.iter_rows(named=True)},
        "attribution": {r["role"]: {"denials": r["denials"], "denied_amount": r["denied_amount"],
                                    "denied_claims": r["denied_claims"]} for r in attribution.iter_rows(named=True)},
        "kpis": {k: {"numerator": n, "denominator": d} for k, (n, d) in kpis.items()},
        "impact": {r["status"]: {"staff": r["staff"], "records": r["records"], "failures": r["failures"]}
                   for r in impact.iter_rows(named=True)},
    }


def main():
    data = sys.argv[1]
    t0 = time.perf_counter()
    tables = load(data)
    t1 = time.perf_counter()
    results = analyze(tables)
    t2 = time.perf_counter()
    rows = sum(f.height for f in tables.values())
    print(json.dumps({"engine": "polars", "version": pl.__version__, "rows": rows,
                      "phases": {"load": t1 - t0, "analysis": t2 - t1}, "results": results}, default=str))


if __name__ == "__main__":
    main()
