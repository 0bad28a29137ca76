import ArgumentParser
import DataModel
import Engine
import Foundation
import Ingest
import LuaRuntime
import Packs

/// `upstream run`: ingest, evaluate, report (SPEC section 1).
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Read exports, run the packs' policies, KPIs, attribution and proficiency, and report.",
        discussion: """
            Writes the report to stdout (or --out): a readable text summary by default, the whole \
            report as JSON with --format json (docs/report.md explains it), or with --format csv \
            --out DIR one CSV file per list of that report (kpis.csv, policies.csv, \
            attribution.by_role.csv, …) beside run.json. \
            A progress line appears on stderr when it is a terminal.

            Exit codes: 0 ok, 1 --check failed (a KPI with a target missed it or has no value), \
            2 usage, 3 invalid pack (or any script error with --strict), 4 invalid data.

            Example:
              upstream run --pack examples/packs/riverside --data out/example
              upstream run --pack plugins/upstream-standard --data exports/ --format json --out run.json
              upstream run --pack my-hospital --data exports/ --format csv --out report/ --findings worklist.csv
              upstream run --pack my-hospital --data exports/ --only PA-ELIG-01 clean_claim_rate --sample 5000
            """
    )

    @Option(name: .customLong("pack"), parsing: .singleValue, help: "A pack to run (repeatable); its requires are found on the pack path.")
    var packs: [String] = []

    @OptionGroup var dataOptions: DataOptions

    @OptionGroup var packOptions: PackOptions

    @OptionGroup var engineOptions: EngineOptions

    @Option(help: "Output format: text (a summary for people), json (the whole report, see docs/report.md) or csv (one file per list, with --out DIR).")
    var format: String = "text"

    @Option(help: "Write the report to this file (mode 0600) instead of stdout; with --format csv, the directory for the CSV files and run.json.")
    var out: String?

    @Option(help: "Write every policy failure to this CSV (mode 0600): a work list.")
    var findings: String?

    @Option(help: "Write every row a script error excluded to this CSV (mode 0600): pack, file, line, id, message, record.")
    var errors: String?

    @Option(parsing: .upToNextOption, help: "Evaluate only these policies and KPIs (ids), while writing a pack; attribution and proficiency still run.")
    var only: [String] = []

    @Option(help: "Evaluate policies and measures on the first N rows of each dataset only: a quick check while writing a pack.")
    var sample: Int?

    @Flag(help: "Any script error fails the run (exit 3).")
    var strict = false

    @Flag(help: "Exit 1 when a KPI with a target missed it or has no value.")
    var check = false

    func run() throws {
        guard !packs.isEmpty else { throw usage("name at least one --pack") }
        guard ["text", "json", "csv"].contains(format) else { throw usage("--format must be text, json or csv, not '\(format)'") }
        guard format != "csv" || out != nil else { throw usage("--format csv writes a directory of files: give it with --out DIR") }
        if let sample, sample < 1 { throw usage("--sample must be at least 1") }
        let results = try engineOptions.run(packs: packs, data: dataOptions, packOptions: packOptions, only: only, sample: sample)
        for line in results.loadLogs.prefix(1000) { printError("log: " + TextReport.clean(line)) }
        for (id, logs) in results.policies.map({ ($0.id, $0.logs) }) + results.kpis.map({ ($0.id, $0.logs) }) {
            for line in logs.prefix(1000) { printError("log: \(id) \(TextReport.clean(line.record)): \(TextReport.clean(line.message))") }
        }
        try write(results)
        let errorCount = results.scriptErrors.reduce(0) { $0 + $1.group.count }
        if strict && errorCount > 0 {
            printError("error: \(errorCount) script error(s) with --strict; see script_errors in the report\(errors == nil ? " or write them all with --errors PATH" : "")")
            throw ExitCode(3)
        }
        // A KPI with a target fails the check when it missed it or has no value; skipped KPIs are ignored.
        let targeted = Set(results.definitions.filter { $0.kind == "kpi" && $0.table["target"] != nil }.compactMap(\.id))
        let failing = results.kpis.filter { $0.skipped == nil && targeted.contains($0.id) && $0.met != true }.sorted { $0.id < $1.id }
        if check, !failing.isEmpty {
            for kpi in failing {
                printError("check failed: KPI '\(kpi.id)' " + (kpi.overall?.value == nil ? "has no value" : "missed its target"))
            }
            throw ExitCode(1)
        }
    }

    /// The report in its format, then the work lists; every file is owner-only.
    private func write(_ results: RunResults) throws {
        do {
            switch (format, out) {
            case ("csv", let directory?):
                try ReportCSV.write(RunReport.json(results), to: directory)
            case ("json", _):
                try emit(RunReport.json(results).rendered() + "\n")
            default:
                let colour = out == nil && isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
                try emit(TextReport.render(results, colour: colour))
            }
            if let findings {
                let file = try ReportFile(path: findings)
                try FindingsWriter.write(results, to: file)
                try file.close()
            }
            if let errors {
                let file = try ReportFile(path: errors)
                try ErrorsWriter.write(results, to: file)
                try file.close()
            }
        } catch let error as OutputError {
            printError("error: \(error)")
            throw ExitCode(2)
        }
    }

    private func emit(_ text: String) throws {
        if let out { try ReportFile.write(text, to: out) } else { print(text, terminator: "") }
    }

    private func usage(_ message: String) -> ExitCode {
        printError("error: \(message)")
        return ExitCode(2)
    }
}
