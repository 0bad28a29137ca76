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
            Writes the report to stdout (or --out): a readable text summary by default, or the \
            SPEC section 6 JSON with --format json. The CSV format is still to come (see docs/cli.md).

            Exit codes: 0 ok, 1 --check failed (a KPI with a target missed it or has no value), \
            2 usage, 3 invalid pack (or any script error with --strict), 4 invalid data.

            Example:
              upstream run --pack examples/packs/riverside --data out/example
              upstream run --pack plugins/upstream-standard --data exports/ --format json --out run.json
            """
    )

    @Option(name: .customLong("pack"), parsing: .singleValue, help: "A pack to run (repeatable); its requires are found on the pack path.")
    var packs: [String] = []

    @OptionGroup var dataOptions: DataOptions

    @OptionGroup var packOptions: PackOptions

    @OptionGroup var engineOptions: EngineOptions

    @Option(help: "Output format: text (a summary for people) or json (SPEC section 6); csv is not available yet.")
    var format: String = "text"

    @Option(help: "Write the report to this file (mode 0600) instead of stdout.")
    var out: String?

    @Option(help: "Write every policy failure to this CSV (mode 0600): a work list.")
    var findings: String?

    @Flag(help: "Any script error fails the run (exit 3).")
    var strict = false

    @Flag(help: "Exit 1 when a KPI with a target missed it or has no value.")
    var check = false

    func run() throws {
        guard !packs.isEmpty else { throw usage("name at least one --pack") }
        guard format == "json" || format == "text" else { throw usage("--format \(format) is not available yet; use text or json") }
        let results = try engineOptions.run(packs: packs, data: dataOptions, packOptions: packOptions)
        for line in results.loadLogs.prefix(1000) { printError("log: " + line) }
        for policy in results.policies { for line in policy.logs.prefix(1000) { printError("log: \(policy.id) \(line.record): \(line.message)") } }
        let report = format == "json" ? RunReport.json(results).rendered() + "\n" : TextReport.render(results)
        if let out { try OwnerOnlyFile.write(report, to: out) } else { print(report, terminator: "") }
        if let findings { try OwnerOnlyFile.write(FindingsWriter.csv(results), to: findings) }
        let errors = results.policies.reduce(0) { $0 + $1.errorCount } + results.kpis.reduce(0) { $0 + $1.errors }
        if strict && errors > 0 {
            printError("error: \(errors) script error(s) with --strict; see script_errors in the report")
            throw ExitCode(3)
        }
        // A KPI with a target fails the check when it missed it or has no value; skipped KPIs are ignored.
        let targeted = Set(results.definitions.filter { $0.kind == "kpi" && $0.table["target"] != nil }.compactMap(\.id))
        if check, let missed = results.kpis.first(where: { $0.skipped == nil && targeted.contains($0.id) && $0.met != true }) {
            printError("check failed: KPI '\(missed.id)' missed its target or has no value")
            throw ExitCode(1)
        }
    }

    private func usage(_ message: String) -> ExitCode {
        printError("error: \(message)")
        return ExitCode(2)
    }
}

/// Report files are created readable by their owner only (SPEC section 6).
enum OwnerOnlyFile {
    static func write(_ text: String, to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            printError("error: cannot write \(path): \(String(cString: strerror(errno)))")
            throw ExitCode(2)
        }
        defer { close(fd) }
        _ = fchmod(fd, 0o600)
        let bytes = Array(text.utf8)
        let count = bytes.count
        var done = 0
        while done < count {
            let n = bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress! + done, count - done) }
            guard n > 0 else { throw ExitCode(2) }
            done += n
        }
    }
}
