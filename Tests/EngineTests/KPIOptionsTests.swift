import Foundation
import Testing
import DataModel
import Engine
import Ingest
import LuaRuntime
import Packs

/// Six claims of three payers, over three months; as-of 2025-03-31 unless a test says otherwise.
private let claimFiles = [
    "encounters.csv": "encounter_id,patient_id,service_date\nE1,P1,2025-01-10\nE2,P2,2025-02-01\nE3,P3,2025-03-29\n",
    "claims.csv": """
        claim_id,encounter_id,total_charge,payer_id,claim_type,submitted_at
        K1,E1,100,P1,institutional,2025-01-12T00:00:00
        K2,E1,50,P2,professional,2025-01-20T00:00:00
        K3,E2,70,P1,professional,2025-02-02T00:00:00
        K4,E2,30,P3,institutional,2025-03-05T00:00:00
        K5,E3,10,P1,institutional,2025-03-30T00:00:00
        K6,E3,20,P2,institutional,2025-03-31T00:00:00

        """,
]

private func kpis(_ results: RunResults) -> [String: KPIOutcome] {
    Dictionary(uniqueKeysWithValues: results.kpis.map { ($0.id, $0) })
}

/// One KPI of the JSON report, parsed.
func reportKPI(_ results: RunResults, _ id: String) -> [String: Any]? {
    let text = RunReport.json(results).rendered()
    let report = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
    return (report?["kpis"] as? [[String: Any]])?.first { $0["id"] as? String == id }
}

/// "key=value" per group, `other` last as the report puts it.
private func groups(_ outcome: KPIOutcome?) -> [String] {
    guard let outcome else { return [] }
    let shown = outcome.byGroup.map { "\($0.key.joined(separator: "/"))=\($0.point.value.map { "\($0)" } ?? "nil")" }
    return shown + (outcome.otherGroup.map { ["other=\($0.value.map { "\($0)" } ?? "nil")"] } ?? [])
}

@Suite struct KPIOptionsTests {
    @Test func topFoldShareAndGroupContext() async throws {
        let results = try await runEngine(files: claimFiles, definitions: """
            local function rate(extra)
              local k = { id = extra.id, title = "t", unit = "ratio", by = extra.by or "payer_id",
                          numerator = count("claims", { claim_type = "institutional" }), denominator = count("claims") }
              for name, v in pairs(extra) do if name ~= "by" then k[name] = v end end
              return kpi(k)
            end
            rate { id = "plain" }
            rate { id = "top_desc", top = { n = 2, order = "value_desc" } }
            rate { id = "top_asc", top = { n = 2, order = "value_asc" } }
            rate { id = "top_den", top = { n = 2, order = "denominator_desc" } }
            rate { id = "ties", by = "encounter_id", top = { n = 2, order = "value_desc" } }
            rate { id = "folded", min_denominator = 2 }
            rate { id = "share", share = true }
            kpi { id = "count_only", title = "t", unit = "count", by = "payer_id", numerator = count("claims") }
            kpi { id = "group_one", title = "t", unit = "count", by = "payer_id", measures = { n = count("claims") },
                  value = function(m, ctx) if ctx.group == nil then return -1 end return ctx.group == "P1" and m.n or 0 end }
            kpi { id = "group_two", title = "t", unit = "count", by = { "payer_id", "claim_type" }, measures = { n = count("claims") },
                  value = function(m, ctx)
                    if ctx.group == nil then return -1 end
                    return (ctx.group.payer_id == "P1" and ctx.group.claim_type == "institutional") and m.n or 0
                  end }
            kpi { id = "group_other", title = "t", unit = "count", by = "payer_id", min_denominator = 2, measures = { n = count("claims") },
                  value = function(m, ctx) return ctx.group == "other" and 100 + m.n or m.n end }
            """)
        let k = kpis(results)
        #expect(groups(k["plain"]) == ["P1=\(2.0 / 3)", "P2=0.5", "P3=1.0"])
        #expect(groups(k["top_desc"]) == ["P3=1.0", "P1=\(2.0 / 3)"])
        #expect(groups(k["top_asc"]) == ["P2=0.5", "P1=\(2.0 / 3)"])
        #expect(groups(k["top_den"]) == ["P1=\(2.0 / 3)", "P2=0.5"])
        #expect(groups(k["ties"]) == ["E3=1.0", "E1=0.5"], "E3 (1.0) first, then E1 and E2 tie at 0.5: E1 by key")
        #expect(groups(k["folded"]) == ["P1=\(2.0 / 3)", "P2=0.5", "other=1.0"])
        #expect(k["folded"]?.otherGroup?.denominator == 1)
        #expect(groups(k["share"]) == ["P1=\(2.0 / 6)", "P2=\(1.0 / 6)", "P3=\(1.0 / 6)"])
        #expect(k["share"]?.byGroup.first?.point.denominator == 6 && k["share"]?.overall?.value == 4.0 / 6)
        #expect(k["count_only"]?.overall?.value == 6 && k["count_only"]?.overall?.denominator == nil)
        #expect(groups(k["count_only"]) == ["P1=3.0", "P2=2.0", "P3=1.0"])
        #expect(k["group_one"]?.overall?.value == -1 && groups(k["group_one"]) == ["P1=3.0", "P2=0.0", "P3=0.0"])
        #expect(groups(k["group_two"]) == ["P1/institutional=2.0", "P1/professional=0.0", "P2/institutional=0.0",
                                           "P2/professional=0.0", "P3/institutional=0.0"])
        #expect(groups(k["group_other"]) == ["P1=3.0", "P2=2.0", "other=101.0"])
        let folded = try #require(reportKPI(results, "folded")?["by_group"] as? [[String: Any]])
        #expect(folded.map { ($0["key"] as? [String: String])?["payer_id"] } == ["P1", "P2", "other"])
    }
}

@Suite struct KPIMeasureOptionsTests {
    @Test func windowsMoneyAndPeriodFunctions() async throws {
        var files = claimFiles
        files["charges.csv"] = "charge_id,encounter_id,service_date,posted_at,amount\nC1,E1,2025-01-10,2025-01-11T00:00:00,0.10\nC2,E1,2025-01-10,2025-01-11T00:00:00,0.20\n"
        let results = try await runEngine(files: files, definitions: """
            local function n(id, measure, extra)
              local k = { id = id, title = "t", unit = "count", numerator = measure }
              for name, v in pairs(extra or {}) do k[name] = v end
              kpi(k)
            end
            n("window30", count("claims", nil, { period = "submitted_at", window = { trailing_days = 30 } }))
            n("window57", count("claims", nil, { period = "submitted_at", window = { trailing_days = 57 } }))
            n("window56", count("claims", nil, { period = "submitted_at", window = { trailing_days = 56 } }))
            n("window_no_period", count("claims", nil, { window = { trailing_days = 30 } }))
            n("cents", sum("charges", function(ch) return math.floor(ch.amount * 100 + 0.5) end, nil, { money = true }))
            n("floats", sum("charges", function(ch) return ch.amount end))
            n("huge_cents", sum("charges", function(ch) return math.maxinteger end, nil, { money = true }))
            n("too_big", sum("charges", function(ch) return 1e300 end, nil, { money = true }))
            n("huge_window", count("claims", nil, { period = "submitted_at", window = { trailing_days = 1e300 } }))
            n("kpi_period_fn", count("claims"), { period = function(c) return c.submitted_at end })
            n("measure_period_fn", count("claims", nil, { period = function(c) return c.encounter.service_date end }))
            n("window_period_fn", count("claims", nil, { period = function(c) return c.encounter.service_date end, window = { trailing_days = 2 } }))
            """)
        let k = kpis(results)
        #expect(k["window30"]?.overall?.value == 3)
        #expect(k["window57"]?.overall?.value == 4, "2025-02-02 is 57 days before 2025-03-31: inclusive")
        #expect(k["window56"]?.overall?.value == 3)
        #expect(k["window_no_period"]?.skipped == "window needs a period on claims")
        #expect(k["cents"]?.overall?.value == 0.3, "integer cents sum exactly")
        #expect(k["floats"]?.overall?.value == 0.1 + 0.2)
        #expect(k["huge_cents"]?.overall?.value == Double(Int64.max) * 2 / 100, "past Int64 the sum is a float, not a trap")
        #expect(k["too_big"]?.overall?.value == nil, "cents that fit no Int64 are skipped")
        #expect(k["huge_window"]?.overall?.value == 6)
        #expect(k["kpi_period_fn"]?.byMonth.mapValues { $0.value } == ["2025-01": 2, "2025-02": 1, "2025-03": 3])
        #expect(k["measure_period_fn"]?.byMonth.mapValues { $0.value } == ["2025-01": 2, "2025-02": 2, "2025-03": 2])
        #expect(k["window_period_fn"]?.overall?.value == 2)
    }

    @Test func failedCountsTheRowsOwnPolicyFailures() async throws {
        let results = try await runEngine(files: claimFiles, definitions: """
            policy { id = "PA-TYPE", title = "t", dataset = "claims", role = "billing",
                     check = function(c) if c.claim_type == "professional" then return "professional" end end }
            policy { id = "OVR", title = "t", dataset = "claims", role = "billing",
                     check = function(c) if c.claim_id == "K5" then return { message = "m", role = "coding" } end end }
            policy { id = "ENC", title = "t", dataset = "encounters", role = "billing",
                     check = function(e) if e.encounter_id == "E1" then return "x" end end }
            policy { id = "SKIPPED", title = "t", dataset = "claims", role = "coding", check = function(c) return c.coded_by ~= nil end }
            local function n(id, filter, dataset)
              kpi { id = id, title = "t", unit = "count", numerator = count(dataset or "claims", filter) }
            end
            n("by_policy", { failed = "PA-TYPE" })
            n("by_role", { failed = "billing" })
            n("overridden_role", { failed = "coding" })
            n("with_clause", { failed = "billing", payer_id = "P1" })
            n("skipped", { failed = "SKIPPED" })
            n("elsewhere", { failed = "ENC" })
            n("encounters", { failed = "billing" }, "encounters")
            """)
        let k = kpis(results)
        #expect(k["by_policy"]?.overall?.value == 2)
        #expect(k["by_role"]?.overall?.value == 2, "K2 and K3; K5's failure says coding; E1's failure is on the encounter")
        #expect(k["overridden_role"]?.overall?.value == 1)
        #expect(k["overridden_role"]?.partial.count == 1 && k["overridden_role"]?.partial.first?.hasPrefix("failed coding: policy SKIPPED skipped: ") == true)
        #expect(k["with_clause"]?.overall?.value == 1)
        #expect(k["skipped"]?.overall?.value == 0 && k["skipped"]?.partial.first?.hasPrefix("failed SKIPPED: policy SKIPPED skipped") == true)
        #expect(k["elsewhere"]?.partial == ["failed ENC: policy ENC checks encounters, not claims"])
        #expect(k["encounters"]?.overall?.value == 1 && k["encounters"]?.partial == [])
        let partial = reportKPI(results, "skipped")?["partial"] as? [String]
        #expect(partial?.count == 1)
    }

    @Test func monthEndSnapshotsMoveTheAsOfDate() async throws {
        let pack = """
            local function snap(id, measure, snapshot)
              kpi { id = id, title = "t", unit = "count", snapshot = snapshot or { every = "month_end", months = 3 }, numerator = measure }
            end
            snap("submitted", count("claims", function(c) return date.days(c.submitted_at, date.as_of()) >= 0 end))
            snap("within", count("claims", { submitted_at = within(-30, 0) }))
            snap("window", count("claims", nil, { period = "submitted_at", window = { trailing_days = 30 } }))
            snap("once", count("claims", function(c) return date.days(c.submitted_at, date.as_of()) >= 0 end), true)
            kpi { id = "grouped", title = "t", unit = "count", snapshot = { every = "month_end", months = 3 }, numerator = count("claims"),
                  by = function(c) if c.claim_id == "K1" then error("no key") end return c.payer_id end }
            kpi { id = "month_days", title = "t", unit = "days", snapshot = { every = "month_end", months = 2 },
                  measures = { n = count("claims") }, value = function(m, ctx) return ctx.days end }
            """
        let atMonthEnd = kpis(try await runEngine(files: claimFiles, definitions: pack))
        func months(_ outcome: KPIOutcome?) -> [String: Double?] { outcome?.byMonth.mapValues(\.value) ?? [:] }
        #expect(months(atMonthEnd["submitted"]) == ["2025-01": 2, "2025-02": 3, "2025-03": 6] && atMonthEnd["submitted"]?.overall?.value == 6)
        #expect(months(atMonthEnd["within"]) == ["2025-01": 2, "2025-02": 1, "2025-03": 3])
        #expect(months(atMonthEnd["window"]) == months(atMonthEnd["within"]))
        #expect(months(atMonthEnd["month_days"]) == ["2025-02": 28, "2025-03": 31])
        #expect(atMonthEnd["once"]?.overall?.value == 6)
        #expect(groups(atMonthEnd["grouped"]) == ["P1=2.0", "P2=2.0", "P3=1.0"] && atMonthEnd["grouped"]?.errors == 1,
                "groups are measured at as-of only, so the failing key counts once")
        let results = try await runEngine(files: claimFiles, definitions: pack, asOf: "2025-03-30")
        let midMonth = kpis(results)
        #expect(months(midMonth["submitted"]) == ["2025-01": 2, "2025-02": 3, "2025-03": 5], "the last point is as-of itself")
        #expect(midMonth["submitted"]?.overall?.value == 5)
        #expect(reportKPI(results, "once")?["by_month"] == nil)
        let reported = reportKPI(results, "submitted")?["by_month"] as? [[String: Any]]
        #expect(reported?.map { $0["month"] as? String } == ["2025-01", "2025-02", "2025-03"])
        let acrossYears = kpis(try await runEngine(files: claimFiles, definitions: pack, asOf: "2025-02-10"))
        #expect(months(acrossYears["submitted"]) == ["2024-12": 0, "2025-01": 2, "2025-02": 3])
    }
}
