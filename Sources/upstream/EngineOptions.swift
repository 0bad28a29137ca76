import ArgumentParser
import DataModel
import Engine
import Foundation
import Ingest
import LuaRuntime
import Packs

/// Options of the commands that evaluate packs over exports (`run`, `explain`), and the
/// evaluation itself: read, enforce the reject rate, run the engine — with the progress line on
/// stderr when it is a terminal.
struct EngineOptions: ParsableArguments {
    @Option(name: .customLong("as-of"), help: "The as-of date YYYY-MM-DD (default: the latest encounter service date).")
    var asOf: String?

    @Option(name: .customLong("ref"), parsing: .singleValue,
            help: "A folder of reference CSV files no pack may ship, such as licensed code sets (repeatable).")
    var refDirectories: [String] = []

    @Option(help: "Worker threads for reading and evaluation (default: cores). Results never depend on it.")
    var jobs: Int = IngestOptions.defaultJobs

    @Option(help: "Stop the run after this many seconds.")
    var timeout: Double = 3600

    /// Runs `packs` over the exports; usage, pack and data errors print and become exit codes.
    func run(packs: [String], data: DataOptions, packOptions: PackOptions, only: [String] = [], sample: Int? = nil) throws -> RunResults {
        guard jobs >= 1, timeout > 0 else { throw usage("--jobs and --timeout must be positive") }
        var asOfDays: Int32?
        if let asOf {
            guard let days = DateText.days(asOf) else { throw usage("--as-of '\(asOf)' is not a date YYYY-MM-DD") }
            asOfDays = days
        }
        let started = ISO8601DateFormatter().string(from: Date())
        let limits = SandboxLimits(deadlineNanoseconds: SandboxLimits.deadline(secondsFromNow: timeout))
        let display = ProgressDisplay.start()
        defer { display?.finish() }
        let loaded = try data.read(packs: packs, packOptions: packOptions, jobs: jobs, limits: limits, progress: display?.progress)
        try data.finish(loaded.ingest.quality)
        do {
            return try EngineRun.run(packs: loaded.packs, params: loaded.params!, scripts: loaded.scripts, ingest: loaded.ingest,
                                     declared: loaded.definitions, options: EngineRun.Options(
                jobs: jobs, asOf: asOfDays, toolVersion: Upstream.configuration.version, startedAt: started, limits: limits,
                progress: display?.progress, refDirectories: refDirectories, only: only.isEmpty ? nil : Set(only), sample: sample))
        } catch let error as EngineRunError {
            display?.finish()
            throw usage(error.description)
        } catch let error as PackError {
            display?.finish()
            printError("error: \(error)")
            throw ExitCode(error.exitCode)
        } catch let error as RunStopped {
            display?.finish()
            printError("error: \(error)")
            throw ExitCode(1)
        }
    }

    private func usage(_ message: String) -> ExitCode {
        printError("error: \(message)")
        return ExitCode(2)
    }
}
