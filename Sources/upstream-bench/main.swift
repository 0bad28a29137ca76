// `make bench`: release-mode measurements whose figures go into the issue notes.
import Engine
import Foundation
import Ingest
import Packs
import LuaRuntime
import Synthesis

/// Nanoseconds per row of a callback over a 15-column stand-in table, with the sandbox's
/// count hook on (as in every real run).
func benchRowProxy() throws {
    let rows = Int(ProcessInfo.processInfo.environment["BENCH_ROWS"] ?? "") ?? 1_000_000
    let text = (0..<rows).map { "ID\($0)" }
    let payers = (0..<rows).map { $0 % 7 == 0 ? nil : "P0\($0 % 5)" }
    var columns: [(name: String, values: ColumnTable.Values)] = [
        ("encounter_id", .text(text)), ("payer_id", .text(payers)),
        ("total_charge", .money((0..<rows).map { Int64($0 % 50_000) })),
        ("service_date", .date((0..<rows).map { Int32(20_000 + $0 % 365) })),
        ("eligibility_verified_at", .datetime((0..<rows).map { $0 % 9 == 0 ? nil : Int64(1_735_700_400 + $0) })),
        ("auth_required", .bool((0..<rows).map { $0 % 3 == 0 })),
        ("units", .int((0..<rows).map { Int64($0 % 4) })),
    ]
    for i in 0..<8 { columns.append(("extra_\(i)", .text(payers))) }
    let table = ColumnTable(dataset: "encounters", rowCount: rows, columns: columns)
    let thread = LuaThread(name: "bench")
    try thread.run {
        let state = try LuaState()
        let env = try state.makeEnvironment(pack: "bench")
        let registered = try state.register(table)
        let cases: [(String, String)] = [
            ("empty callback", "return function(e) return true end"),
            ("one field", "return function(e) return e.payer_id ~= nil end"),
            ("string result", "return function(e) return e.payer_id end"),
            ("three fields", "return function(e) return e.payer_id ~= nil and e.total_charge > 100 and e.eligibility_verified_at ~= nil end"),
        ]
        print("Row proxy over \(rows) rows, 15 columns, hook on (ns per row call, best of 3):")
        for (name, source) in cases {
            guard case .function(let f) = try state.run(source, chunk: "bench/\(name).lua", in: env).first else { continue }
            var best = Double.infinity
            for _ in 0..<3 {
                let start = MonotonicClock.nowNanoseconds
                var truthy = 0
                var first = 0
                while first < rows {
                    let end = min(first + 4096, rows)
                    truthy += try state.countTruthy(f, over: registered, rows: first..<end)
                    first = end
                }
                let elapsed = Double(MonotonicClock.nowNanoseconds - start)
                best = min(best, elapsed / Double(rows))
                precondition(truthy > 0, "\(name): no row was truthy (BENCH_ROWS too small for this case?)")
            }
            print("  \(name.padding(toLength: 16, withPad: " ", startingAt: 0)) \(String(format: "%6.1f", best)) ns")
        }
    }
}

/// The same proxy calls over a generated organization's encounters, read by the real ingestion:
/// the data model's columns in place, as the engine will use them.
func benchIngestedRows() throws {
    let encounters = Int(ProcessInfo.processInfo.environment["BENCH_ENCOUNTERS"] ?? "") ?? 200_000
    let folder = NSTemporaryDirectory() + "upstream-bench-\(getpid())"
    defer { try? FileManager.default.removeItem(atPath: folder) }
    _ = try OrganizationGenerator(options: GeneratorOptions(encounters: encounters, seed: 1, months: 12)).generate(into: folder) { _, _ in }
    let result = try Ingestor.read(paths: [folder])
    guard let table = result.store.table("encounters") else { return }
    let rows = LuaRows.view(table, derived: EngineData(store: result.store).derived["encounters"] ?? [:])
    let thread = LuaThread(name: "bench")
    try thread.run {
        let state = try LuaState()
        let env = try state.makeEnvironment(pack: "bench")
        let registered = try state.register(rows)
        let source = """
            return function(e)
              if not e.eligibility_verified_at then return "never verified" end
              if e.auth_required and not e.auth_number then return "no authorization" end
            end
            """
        guard case .function(let f) = try state.run(source, chunk: "bench/policy.lua", in: env).first else { return }
        var best = Double.infinity
        for _ in 0..<3 {
            let start = MonotonicClock.nowNanoseconds
            var first = 0
            while first < rows.rowCount {
                let end = min(first + 4096, rows.rowCount)
                _ = try state.countTruthy(f, over: registered, rows: first..<end)
                first = end
            }
            best = min(best, Double(MonotonicClock.nowNanoseconds - start) / Double(rows.rowCount))
        }
        print("Policy check over \(rows.rowCount) ingested encounters (2–3 field reads a row), hook on: "
              + String(format: "%.1f ns per row", best))
    }
}

try benchRowProxy()
try benchIngestedRows()

/// Issue 7's claim, measured: the same count as a KPI measure with a Lua predicate, with a
/// `where` table (evaluated in Swift), and on a `derive{}` field (Lua once per row, then read
/// by name by every measure that needs it). Whole `EngineRun`s, so every cost is counted.
func benchWherePaths() throws {
    let encounters = Int(ProcessInfo.processInfo.environment["BENCH_ENCOUNTERS"] ?? "") ?? 200_000
    let folder = NSTemporaryDirectory() + "upstream-bench-where-\(getpid())"
    defer { try? FileManager.default.removeItem(atPath: folder) }
    _ = try OrganizationGenerator(options: GeneratorOptions(encounters: encounters, seed: 1, months: 12)).generate(into: folder + "/data") { _, _ in }
    let ingest = try Ingestor.read(paths: [folder + "/data"])
    let measure = "count(\"encounters\", %@)"
    let variants: [(String, String)] = [
        ("Lua predicate", String(format: measure, "function(e) return e.eligibility_verified_at ~= nil and e.auth_required == true end")),
        ("where table", String(format: measure, "{ eligibility_verified_at = present(), auth_required = true }")),
        ("derived field", String(format: measure, "{ verified_auth = true }")),
    ]
    print("One KPI counting \(encounters) encounters, whole run (ingest excluded), best of 3, \(IngestOptions.defaultJobs) jobs:")
    for (name, source) in variants {
        let pack = folder + "/where-\(name.split(separator: " ")[0])"
        try FileManager.default.createDirectory(atPath: pack, withIntermediateDirectories: true)
        try "return { name = \"\(pack.split(separator: "/").last!)\", version = \"1\" }".write(toFile: pack + "/pack.lua", atomically: false, encoding: .utf8)
        var defs = "kpi { id = \"k\", title = \"k\", unit = \"count\", numerator = \(source) }\n"
        if name == "derived field" {
            defs += "derive { dataset = \"encounters\", name = \"verified_auth\", type = \"bool\", value = function(e) return e.eligibility_verified_at ~= nil and e.auth_required == true end }\n"
        }
        try defs.write(toFile: pack + "/defs.lua", atomically: false, encoding: .utf8)
        let packs = try PackResolver(search: PackSearchPath()).resolve([pack])
        let params = try ParamSet(packs: packs, overrides: [])
        var best = Double.infinity, value: Double?
        for _ in 0..<3 {
            let start = MonotonicClock.now()
            let results = try EngineRun.run(packs: packs, params: params, scripts: [:], ingest: ingest,
                                            options: EngineRun.Options(jobs: IngestOptions.defaultJobs, asOf: nil, toolVersion: "bench", startedAt: ""))
            best = min(best, MonotonicClock.now() - start)
            value = results.kpis.first?.overall?.value
        }
        print("  \(name.padding(toLength: 14, withPad: " ", startingAt: 0)) \(String(format: "%7.1f ms", best * 1000))   (count \(value.map { String(Int($0)) } ?? "nil"))")
    }
}

try benchWherePaths()
