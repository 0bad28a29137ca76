#!/usr/bin/env python3
"""Runs the same analysis with Upstream, DuckDB and polars, checks that the numbers agree and
prints wall time, peak RSS and per-phase figures for each.

    python3 compare.py --data DIR [--upstream BIN] [--pack DIR] [--repeat N] [--json-out FILE]

Each engine runs in its own process under /usr/bin/time -v (peak RSS and wall time are that
process's). Money must agree to the cent, counts exactly, ratios within 1e-9. Exit 1 when a
number disagrees (each one is named), 2 when an engine fails.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import time
from decimal import Decimal

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
TOLERANCE = 1e-9
DATASETS = ("staff", "encounters", "charges", "claims", "remits", "adjustments", "payments", "assessments")


# --- the DuckDB engine (run as `compare.py _duckdb DATA` in its own process) -------------------

def run_duckdb(data):
    import duckdb
    sql = open(os.path.join(HERE, "analysis.sql")).read().replace("{{data}}", data)
    load_sql, analysis_sql = sql.split("-- @phase analysis", 1)
    con = duckdb.connect()
    t0 = time.perf_counter()
    con.execute(load_sql)
    t1 = time.perf_counter()
    con.execute(analysis_sql)

    def rows(table):
        cur = con.execute(f"SELECT * FROM {table}")
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r)) for r in cur.fetchall()]

    results = {
        "policies": {r["id"]: {k: r[k] for k in ("evaluated", "failed", "amount_at_risk")} for r in rows("result_policies")},
        "failures": {r["role"]: r["failures"] for r in rows("result_failures")},
        "attribution": {r["role"]: {k: r[k] for k in ("denials", "denied_amount", "denied_claims")}
                        for r in rows("result_attribution")},
        "kpis": {r["id"]: {"numerator": r["numerator"], "denominator": r["denominator"]} for r in rows("result_kpis")},
        "impact": {r["status"]: {k: r[k] for k in ("staff", "records", "failures")} for r in rows("result_impact")},
    }
    t2 = time.perf_counter()
    n = sum(con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in DATASETS)
    print(json.dumps({"engine": "duckdb", "version": duckdb.__version__, "rows": n,
                      "phases": {"load": t1 - t0, "analysis": t2 - t1}, "results": results}, default=str))


# --- normalizing each engine's numbers to one flat dict -------------------------------------

def ratio(n, d):
    return None if n is None or d is None or Decimal(d) == 0 else float(Decimal(n) / Decimal(d))


def flatten_engine(res):
    """DuckDB / polars results: counts and sums; values are derived here, once, the same way."""
    out = {}
    for pid, p in res["policies"].items():
        out[f"policy {pid} evaluated"] = int(p["evaluated"])
        out[f"policy {pid} failed"] = int(p["failed"])
        out[f"policy {pid} amount_at_risk"] = None if p["amount_at_risk"] is None else Decimal(str(p["amount_at_risk"]))
    for kid, k in res["kpis"].items():
        n, d = Decimal(str(k["numerator"])), Decimal(str(k["denominator"]))
        if kid != "days_to_pay":   # an avg KPI: Upstream reports only its value
            out[f"kpi {kid} numerator"] = n
            out[f"kpi {kid} denominator"] = d
        out[f"kpi {kid} value"] = ratio(n, d)
    for role, a in res["attribution"].items():
        out[f"attribution {role} denials"] = int(a["denials"])
        out[f"attribution {role} denied_amount"] = Decimal(str(a["denied_amount"]))
        out[f"attribution {role} denied_claims"] = int(a["denied_claims"])
    for role, n in res["failures"].items():
        out[f"attribution {role} failures"] = int(n)
    per = {}
    for status in ("below", "at_or_above"):
        g = res["impact"].get(status, {"staff": 0, "records": 0, "failures": 0})
        for k in ("staff", "records", "failures"):
            out[f"impact patient_access {status} {k}"] = int(g[k])
        per[status] = None if int(g["records"]) == 0 else int(g["failures"]) * 100 / int(g["records"])
        out[f"impact patient_access {status} per_100"] = per[status]
    out["impact patient_access ratio"] = (None if per["below"] is None or not per["at_or_above"]
                                          else per["below"] / per["at_or_above"])
    return out


def flatten_upstream(report):
    out = {}
    for p in report["policies"]:
        if "skipped" in p or "disabled" in p:
            out[f"policy {p['id']} evaluated"] = f"skipped/disabled: {p.get('skipped') or p.get('disabled')}"
            continue
        out[f"policy {p['id']} evaluated"] = int(p["evaluated"])
        out[f"policy {p['id']} failed"] = int(p["failed"])
        out[f"policy {p['id']} amount_at_risk"] = p["amount_at_risk"]
    for k in report["kpis"]:
        kid = k["id"]
        if "skipped" in k:
            out[f"kpi {kid} value"] = f"skipped: {k['skipped']}"
            continue
        if kid == "charge_lag_days":
            out[f"kpi {kid} numerator"] = Decimal(k["measures"]["lag"])
            out[f"kpi {kid} denominator"] = Decimal(k["measures"]["lines"])
        elif "denominator" in k:
            out[f"kpi {kid} numerator"] = Decimal(k["numerator"])
            out[f"kpi {kid} denominator"] = Decimal(k["denominator"])
        out[f"kpi {kid} value"] = None if k.get("value") is None else float(k["value"])
    for r in report["attribution"]["by_role"]:
        role = r["role"]
        if r["denials"] or r["denied_amount"] or r["denied_claims"]:
            out[f"attribution {role} denials"] = int(r["denials"])
            out[f"attribution {role} denied_amount"] = Decimal(r["denied_amount"])
            out[f"attribution {role} denied_claims"] = int(r["denied_claims"])
        if r["failures"]:
            out[f"attribution {role} failures"] = int(r["failures"])
    impact = [i for i in report["proficiency"]["impact"] if i["role"] == "patient_access"]
    if impact:
        i = impact[0]
        for status in ("below", "at_or_above"):
            for k in ("staff", "records", "failures"):
                out[f"impact patient_access {status} {k}"] = int(i[status][k])
            v = i[status]["per_100"]
            out[f"impact patient_access {status} per_100"] = None if v is None else float(v)
        out["impact patient_access ratio"] = None if i["ratio"] is None else float(i["ratio"])
    return out


def agree(a, b):
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, str) or isinstance(b, str):
        return a == b
    if isinstance(a, float) or isinstance(b, float):
        a, b = float(a), float(b)
        return abs(a - b) <= TOLERANCE * max(1.0, abs(a), abs(b))
    return Decimal(a) == Decimal(b)   # counts and money: exact


# --- running and timing ---------------------------------------------------------------------

def timed(cmd, stdout_path=None):
    """Runs cmd under /usr/bin/time -v; returns (stdout text, wall seconds, peak RSS MiB, CPU seconds)."""
    start = time.perf_counter()
    proc = subprocess.run(["/usr/bin/time", "-v"] + cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr[-4000:])
        print(f"engine failed (exit {proc.returncode}): {' '.join(cmd)}", file=sys.stderr)
        sys.exit(2)
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr).group(1)) / 1024
    cpu = sum(float(re.search(rf"{kind} time \(seconds\): ([0-9.]+)", proc.stderr).group(1)) for kind in ("User", "System"))
    return proc.stdout, wall, rss, cpu


def upstream_phases(cmd):
    """Runs cmd with stderr on a pseudo-terminal, so Upstream draws its progress line (phase
    name first, redrawn every 250 ms), and returns [(phase, seconds)] from when each phase first
    appears to when the next does; "start" is before the first line, the last phase runs to exit
    (it includes writing the report). Resolution: about 0.25 s."""
    import pty
    import threading
    master, slave = pty.openpty()
    seen = []   # (phase, time first seen)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=slave)
    os.close(slave)

    def read():
        buf = b""
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                return
            if not chunk:
                return
            now = time.perf_counter()
            buf += chunk
            parts = buf.split(b"\r\x1b[K")
            buf = parts.pop()
            for part in parts + [buf]:
                phase = part.decode("utf-8", "replace").split("  ")[0].rstrip("…").strip()
                if phase and re.fullmatch(r"[A-Za-z][A-Za-z -]*", phase) and (not seen or seen[-1][0] != phase):
                    seen.append((phase, now))

    reader = threading.Thread(target=read)
    reader.start()
    proc.wait()
    end = time.perf_counter()
    reader.join(timeout=5)
    os.close(master)
    if proc.returncode != 0:
        print(f"upstream failed (exit {proc.returncode}) under a pseudo-terminal", file=sys.stderr)
        sys.exit(2)
    marks = [("start", start)] + seen + [(None, end)]
    return [(name, marks[i + 1][1] - t) for i, (name, t) in enumerate(marks[:-1])]


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "_duckdb":
        return run_duckdb(sys.argv[2])
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", required=True, help="a folder written by `upstream generate`")
    ap.add_argument("--upstream", default=os.path.join(ROOT, ".build", "release", "upstream"))
    ap.add_argument("--pack", default=os.path.join(HERE, "pack", "compare-analysis"))
    ap.add_argument("--repeat", type=int, default=1, help="runs per engine; the fastest is reported")
    ap.add_argument("--json-out", help="also write the figures and the numbers as JSON here")
    ap.add_argument("--verbose", action="store_true", help="list every number compared")
    args = ap.parse_args()
    data = os.path.abspath(args.data)
    py = sys.executable
    # Every engine reads the same eight files (Upstream would read all twelve of a folder).
    files = [a for name in DATASETS for a in ("--data", os.path.join(data, name + ".csv"))]

    engines = {
        "upstream": [args.upstream, "run", "--pack", args.pack] + files + ["--format", "json"],
        "duckdb": [py, os.path.abspath(__file__), "_duckdb", data],
        "polars": [py, os.path.join(HERE, "analysis_polars.py"), data],
    }
    figures, numbers, meta = {}, {}, {}
    for name, cmd in engines.items():
        best = None
        for _ in range(args.repeat):
            run = timed(cmd)
            if best is None or run[1] < best[1]:
                best = run
        out, wall, rss, cpu = best
        if name == "upstream":
            report = json.loads(out, parse_float=Decimal)
            numbers[name] = flatten_upstream(report)
            meta[name] = {"version": report["run"]["tool_version"], "as_of": report["run"]["as_of"],
                          "rows": sum(i["rows"] for i in report["run"]["inputs"])}
            figures[name] = {"wall": wall, "rss": rss, "cpu": cpu, "phases": {}}
        else:
            doc = json.loads(out)
            numbers[name] = flatten_engine(doc["results"])
            meta[name] = {"version": doc["version"], "rows": doc["rows"]}
            figures[name] = {"wall": wall, "rss": rss, "cpu": cpu, "phases": doc["phases"]}
        print(f"{name}: {wall:.2f} s wall, {cpu:.2f} s CPU, {rss:.0f} MiB", file=sys.stderr)

    # Upstream gives no phase figures in its JSON or on a non-terminal stderr. Two ways to get
    # them: its progress line on a pseudo-terminal (one more run), and its ingest alone timed
    # with `upstream validate` (the rest of `run` is then evaluation + report).
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        phases = upstream_phases(engines["upstream"] + ["--out", os.path.join(tmp, "run.json")])
    best = None
    for _ in range(args.repeat):
        run = timed([args.upstream, "validate"] + files + ["--format", "json"])
        if best is None or run[1] < best[1]:
            best = run
    out, vwall, vrss, vcpu = best
    vrows = sum(i["rows"] for i in json.loads(out)["inputs"])
    figures["upstream"]["phases"] = {name: secs for name, secs in phases}
    figures["upstream"]["pty_wall"] = sum(secs for _, secs in phases)
    figures["upstream"]["validate_wall"] = vwall
    figures["upstream"]["ingest_rows"] = vrows
    figures["upstream"]["validate_rss"] = vrss
    figures["upstream"]["validate_cpu"] = vcpu

    # Agreement
    keys = sorted(set().union(*(n.keys() for n in numbers.values())))
    disagreements = []
    for key in keys:
        zero_ok = key.startswith("attribution ")   # a role without denials or failures is absent
        vals = {e: numbers[e].get(key, 0 if zero_ok else "(missing)") for e in numbers}
        if not (agree(vals["upstream"], vals["duckdb"]) and agree(vals["polars"], vals["duckdb"])):
            disagreements.append((key, vals))

    base = figures["duckdb"]["wall"]
    print(f"\ndata: {data} ({meta['upstream']['rows']:,} rows in the files Upstream read; as-of {meta['upstream']['as_of']})")
    print(f"versions: upstream {meta['upstream']['version']}, duckdb {meta['duckdb']['version']}, polars {meta['polars']['version']}")
    print(f"load average (1, 5, 15 min) at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    cbase = figures["duckdb"]["cpu"]
    print(f"\n{'engine':<10} {'wall s':>8} {'vs DuckDB':>10} {'CPU s':>7} {'vs DuckDB':>10} {'peak RSS MiB':>13}  phases (wall)")
    for name in engines:
        f = figures[name]
        phases = ", ".join(f"{k} {v:.2f} s" for k, v in f["phases"].items())
        print(f"{name:<10} {f['wall']:>8.2f} {f['wall'] / base:>9.2f}x {f['cpu']:>7.2f} {f['cpu'] / cbase:>9.2f}x"
              f" {f['rss']:>13.0f}  {phases}")
    f = figures["upstream"]
    print(f"  (upstream phases from its progress line in a separate run on a pseudo-terminal, "
          f"{f['pty_wall']:.2f} s in all; the last phase includes writing the report)")
    print(f"\nupstream validate (ingest only): {f['ingest_rows']:,} rows in {f['validate_wall']:.2f} s = "
          f"{f['ingest_rows'] / f['validate_wall']:,.0f} rows/s, {f['validate_cpu']:.2f} s CPU, "
          f"peak RSS {f['validate_rss']:.0f} MiB; run - validate = {f['wall'] - f['validate_wall']:.2f} s")
    print(f"\n{len(keys)} numbers compared (money to the cent, counts exactly, ratios within {TOLERANCE}).")
    if args.verbose:
        for key in keys:
            print(f"  {key:<48} {numbers['duckdb'].get(key)}")
    if args.json_out:
        with open(args.json_out, "w") as fh:
            json.dump({"data": data, "meta": meta, "figures": figures,
                       "numbers": numbers, "disagreements": disagreements}, fh, indent=1, default=str)
    if disagreements:
        print(f"\nDISAGREEMENT on {len(disagreements)} number(s):")
        for key, vals in disagreements:
            print(f"  {key}: " + ", ".join(f"{e} {v}" for e, v in vals.items()))
        return 1
    print("all three engines agree.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
