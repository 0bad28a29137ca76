#!/usr/bin/env python3
"""Copies a generated organization and plants the corner cases of SPEC section 3 that the
generator never writes, so compare.py can check the three engines on them too.

    python3 make_edge_data.py SOURCE_DIR OUT_DIR     # SOURCE_DIR from `upstream generate --seed 7`

Each case is listed in CASES below with the rule it exercises.
"""
import csv
import os
import shutil
import sys

FILES = ("staff", "encounters", "charges", "claims", "remits", "adjustments", "payments", "assessments")

CASES = [
    "adjustment without remit_id on a paid claim: belongs to the first remit, so the claim is denied",
    "adjustment without remit_id on a claim with no remit: a denial for attribution, no `denied` value",
    "remit tie on received_on: the smaller remit_id is the first remit (it carries a denial)",
    "a later remit with a smaller remit_id: received_on decides first",
    "PR group with a denial CARC, and zero and negative CO amounts: not denials",
    "unknown CARC (OA-23): an unattributed denial; an unknown RARC before a known one",
    "assessment after the as-of date ignored; same-day retake (higher attempt) decides",
    "eligibility verified later the same day (passes) and just after midnight (fails)",
    "registered_by naming a coder and an empty registered_by: out of the impact, still failures",
    "an encounter requiring authorization without charges (amount at risk nil or 0)",
    "a denial on a claim_id absent from claims (a referential gap: kept, so it is a denied claim)",
]


def read(path):
    with open(path, newline="") as fh:
        rows = list(csv.reader(fh))
    return rows[0], rows[1:]


def write(path, header, rows):
    with open(path, "w", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def main():
    src, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    t = {name: read(os.path.join(src, name + ".csv")) for name in FILES}

    def col(name, field):
        return t[name][0].index(field)

    def row(name, key_field, key):
        i = col(name, key_field)
        return next(r for r in t[name][1] if r[i] == key)

    adj = t["adjustments"][1]
    # adjustments: claim_id, remit_id, charge_id, group_code, carc, rarc, amount
    adj += [["CL0000001", "", "", "CO", "197", "", "25.00"],
            ["CL0000002", "", "", "CO", "27", "", "99.00"],
            ["CL0000003", "RM0000003-1", "", "PR", "197", "", "30.00"],
            ["CL0000003", "RM0000003-1", "", "CO", "197", "", "0.00"],
            ["CL0000003", "RM0000003-1", "", "CO", "197", "", "-30.00"],
            ["CL0000005", "RM0000005-1", "", "OA", "23", "", "12.34"],
            ["CL0000005", "RM0000005-1", "", "CO", "16", "XX99;N382", "40.00"],
            ["CL0000024", "RM0000024-0", "", "CO", "27", "", "100.00"],
            ["CL9999999", "", "", "CO", "197", "", "5.00"]]
    rem_h, rem = t["remits"]
    first24 = row("remits", "remit_id", "RM0000024-1")
    rem += [["RM0000024-0", "CL0000024", first24[2], first24[3], "4", "275.00", "0.00", "0.00", "X"],
            ["RM0000001-0", "CL0000001", "MCR", "2025-12-30", "1", "3100.00", "10.00", "0.00", "Y"]]

    # assessments: staff_id, skill, assessed_on, score, attempt
    staff = t["staff"][1]
    pa = [r[0] for r in staff if r[2] == "patient_access"]
    coder = next(r[0] for r in staff if r[2] == "coding")
    ass = t["assessments"][1]
    latest = {}
    for r in ass:
        if r[1] == "registration" and r[0] in pa:
            key = (r[2], int(r[4] or 0))
            if r[0] not in latest or key > latest[r[0]][0]:
                latest[r[0]] = (key, r)
    above = [s for s in pa if s in latest and float(latest[s][1][3]) >= 0.85]
    below = [s for s in pa if s in latest and float(latest[s][1][3]) < 0.85]
    a, b = above[0], below[0]
    ass += [[a, "registration", "2026-01-15", "0.500", "1"],                  # after as-of: ignored
            [b, "registration", latest[b][1][2], "0.990", str(latest[b][0][1] + 1)]]   # same day, next attempt

    enc_h, enc = t["encounters"]
    sd, ev, rb, ar, an = (enc_h.index(f) for f in ("service_date", "eligibility_verified_at", "registered_by",
                                                    "auth_required", "auth_number"))
    e1, e2, e3, e4 = (row("encounters", "encounter_id", e) for e in ("E0000001", "E0000002", "E0000003", "E0000004"))
    e1[ev] = e1[sd] + "T23:59:59"
    y, m, d = map(int, e2[sd].split("-"))
    import datetime
    e2[ev] = (datetime.date(y, m, d) + datetime.timedelta(days=1)).isoformat() + "T00:00:01"
    e3[rb] = coder
    e3[ev] = ""
    e4[rb] = ""
    ch_enc = col("charges", "encounter_id")
    with_charges = {r[ch_enc] for r in t["charges"][1]}
    insured = next(r for r in enc if r[enc_h.index("payer_id")] and r[0] not in with_charges) if \
        any(r[0] not in with_charges for r in enc) else None
    if insured is None:   # make one: an encounter without charges, auth required and missing
        new = list(e1)
        new[0] = "E9999999"
        new[ar], new[an] = "true", ""
        enc.append(new)
    else:
        insured[ar], insured[an] = "true", ""

    for name in FILES:
        write(os.path.join(out, name + ".csv"), *t[name])
    print(f"wrote {out}: " + "; ".join(CASES), file=sys.stderr)


if __name__ == "__main__":
    main()
