import Foundation
import Testing
import DataModel
import Engine
import LuaRuntime

/// KPI row callbacks run in chunks spread over the KPI threads: values, errors, log lines,
/// absent reads and breaches come out as if every row had been called in order in one state.
@Suite struct KPIChunkTests {
    static let files = [
        "encounters.csv": "encounter_id,patient_id,service_date\nE1,P1,2025-01-10\nE2,P2,2025-02-10\nE3,P1,2025-03-10\n",
        "charges.csv": """
            charge_id,encounter_id,service_date,posted_at,amount
            C1,E1,2025-01-10,2025-01-12T10:00:00,10.00
            C2,E1,2025-01-10,2025-01-15T10:00:00,20.00
            C3,E1,2025-01-11,2025-01-11T10:00:00,30.00
            C4,E2,2025-02-10,2025-02-11T10:00:00,40.00
            C5,E2,2025-02-10,2025-02-20T10:00:00,50.00
            C6,E2,2025-02-12,2025-02-13T10:00:00,60.00
            C7,E3,2025-03-10,2025-03-10T10:00:00,70.00
            C8,E3,2025-03-10,2025-03-17T10:00:00,80.00
            C9,E3,2025-03-11,2025-03-12T10:00:00,90.00

            """,
    ]

    static let definitions = """
        kpi { id = "lag", title = "Lag", unit = "days", period = function(ch) return ch.service_date end,
              by = function(ch) return ch.encounter_id end,
              measures = {
                lag = sum("charges", function(ch)
                  if ch.charge_id == "C2" or ch.charge_id == "C8" then print("lag of " .. ch.charge_id) end
                  return date.days(ch.service_date, ch.posted_at)
                end),
                lines = count("charges", function(ch) return ch.amount > 15 end),
              },
              value = function(m) print("value"); return m.lag / m.lines end }
        kpi { id = "raises", title = "Raises", unit = "count",
              numerator = count("charges", function(ch)
                if ch.charge_id == "C3" or ch.charge_id == "C6" then error("bad row") end
                return true
              end) }
        kpi { id = "absent", title = "Absent", unit = "count",
              numerator = count("charges", function(ch)
                if ch.charge_id == "C2" then error("before the absent read") end
                if ch.charge_id == "C5" then return ch.code end
                print("called " .. ch.charge_id)
                return true
              end) }
        kpi { id = "loops", title = "Loops", unit = "count",
              numerator = count("charges", function(ch) if ch.charge_id == "C4" then while true do end end return true end) }
        kpi { id = "no_rows", title = "No rows", unit = "count",
              numerator = sum("charges", function(ch) return 1 end, { charge_id = "C0" }) }
        kpi { id = "month_end", title = "Month end", unit = "count", snapshot = { every = "month_end", months = 3 },
              numerator = count("charges", function(ch) return date.days(ch.service_date, date.as_of()) >= 0 end) }
        """

    @Test func chunkedAndThreadedCallbacksMatchOneStateInRowOrder() async throws {
        // The report without `run` and `data_quality`, which name the run's temporary folders.
        func report(jobs: Int, chunkRows: Int) async throws -> (String, RunResults) {
            let results = try await runEngine(files: Self.files, definitions: Self.definitions, jobs: jobs, chunkRows: chunkRows)
            guard case .object(let sections) = RunReport.json(results) else { return ("", results) }
            return (JSONValue.object(sections.filter { $0.0 != "run" && $0.0 != "data_quality" }).rendered(), results)
        }
        let (whole, results) = try await report(jobs: 1, chunkRows: 1_000)
        for (jobs, chunkRows) in [(1, 2), (2, 2), (2, 3), (2, 1)] {
            let (chunked, _) = try await report(jobs: jobs, chunkRows: chunkRows)
            #expect(chunked == whole, "jobs \(jobs), \(chunkRows) rows per chunk")
        }
        let kpis = Dictionary(uniqueKeysWithValues: results.kpis.map { ($0.id, $0) })
        let lag = try #require(kpis["lag"])
        #expect(lag.overall?.measures["lag"] == 27 && lag.overall?.measures["lines"] == 8)
        #expect(lag.byGroup.map(\.key) == [["E1"], ["E2"], ["E3"]])
        #expect(lag.logs.map(\.message) == ["lag of C2", "lag of C8", "value", "value", "value", "value", "value", "value", "value"])
        let raises = try #require(kpis["raises"])
        #expect(raises.overall?.value == 7 && raises.errors == 2 && raises.errorGroups.first?.records == ["C3", "C6"])
        let absent = try #require(kpis["absent"])
        #expect(absent.skipped == "charges.code not in the data", "\(absent.skipped ?? "-")")
        #expect(absent.errorGroups.first?.records == ["C2"] && absent.logs.map(\.message) == ["called C1", "called C3", "called C4"])
        // A breach costs its row; the rows after it go on in a fresh state.
        let loops = try #require(kpis["loops"])
        #expect(loops.overall?.value == 8 && loops.errors == 1 && loops.errorGroups.first?.records == ["C4"])
        // A callback over no rows calls nothing (and waits for nothing).
        #expect(kpis["no_rows"]?.overall?.value == nil && kpis["no_rows"]?.errors == 0)
        let monthEnd = try #require(kpis["month_end"])
        #expect(monthEnd.byMonth.keys.sorted() == ["2025-01", "2025-02", "2025-03"])
        #expect(["2025-01", "2025-02", "2025-03"].map { monthEnd.byMonth[$0]?.value } == [3, 6, 9])
    }
}

extension KPIChunkTests {
    /// A callback that breaches on every row stops calling after 100 errors in a chunk (each
    /// breach would load a fresh state): the KPI (or derive{} field) is disabled, the same for
    /// any `--jobs`.
    @Test func aCallbackFailingOnEveryRowStopsAfterAHundredPerChunk() async throws {
        let files = ["charges.csv": "charge_id,encounter_id,service_date,posted_at,amount\n"
            + (0..<400).map { String(format: "C%03d,E1,2025-01-10,2025-01-12T10:00:00,10.00", $0) }.joined(separator: "\n") + "\n"]
        let definitions = """
            kpi { id = "loops", title = "Loops", unit = "count", numerator = count("charges", function(ch) while true do end end) }
            derive { dataset = "charges", name = "spins", type = "int", value = function(ch) while true do end end }
            """
        var outcomes: [String] = []
        for jobs in [1, 2] {
            let results = try await runEngine(files: files, definitions: definitions, jobs: jobs, chunkRows: 200,
                                              limits: SandboxLimits(instructionsPerCall: 20_000))
            let loops = try #require(results.kpis.first)
            outcomes.append("\(loops.errors) \(loops.disabled ?? "-") \(loops.errorGroups.first?.records.prefix(2) ?? [])")
            let spins = try #require(results.derived.first?.outcome)
            outcomes.append("\(spins.errorCount) \(spins.disabled ?? "-")")
        }
        #expect(outcomes == Array(repeating: ["200 callbacks failed on 200 rows [\"C000\", \"C001\"]", "200 callbacks failed on 200 rows"],
                                  count: 2).flatMap { $0 }, "\(outcomes)")
    }
}
