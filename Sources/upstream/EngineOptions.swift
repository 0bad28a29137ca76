import ArgumentParser
import DataModel
import Engine
import Foundation
import Ingest
import LuaRuntime
import Packs

/// Options of the commands that evaluate packs over exports (`run`, `explain`), and the
/// evaluation itself: read, enforce the reject rate, run the engine.
struct EngineOptions: ParsableArguments {
    @Option(name: .customLong("as-of"), help: "The as-of date YYYY-MM-DD (default: the latest encounter service date).")
    var asOf: String?

    @Option(help: "Worker threads for reading and evaluation (default: cores). Results never depend on it.")
    var jobs: Int = IngestOptions.defaultJobs

    @Option(help: "Stop the run after this many seconds.")
    var timeout: Double = 3600

    /// Runs `packs` over the exports; usage, pack and data errors print and become exit codes.
    func run(packs: [String], data: DataOptions, packOptions: PackOptions) throws -> RunResults {
        guard jobs >= 1, timeout > 0 else { throw usage("--jobs and --timeout must be positive") }
        var asOfDays: Int32?
        if let asOf {
            guard let days = DateText.days(asOf) else { throw usage("--as-of '\(asOf)' is not a date YYYY-MM-DD") }
            asOfDays = days
        }
        let started = ISO8601DateFormatter().string(from: Date())
        let limits = SandboxLimits(deadlineNanoseconds: SandboxLimits.deadline(secondsFromNow: timeout))
        let loaded = try data.read(packs: packs, packOptions: packOptions, jobs: jobs, limits: limits)
        try data.finish(loaded.ingest.quality)
        do {
            return try EngineRun.run(packs: loaded.packs, params: loaded.params!, scripts: loaded.scripts, ingest: loaded.ingest, options: EngineRun.Options(
                jobs: jobs, asOf: asOfDays, toolVersion: Upstream.configuration.version, startedAt: started, limits: limits))
        } catch let error as PackError {
            printError("error: \(error)")
            throw ExitCode(error.exitCode)
        }
    }

    private func usage(_ message: String) -> ExitCode {
        printError("error: \(message)")
        return ExitCode(2)
    }
}
