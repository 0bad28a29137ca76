import ArgumentParser
import DataModel
import Ingest
import LuaRuntime
import Packs
#if canImport(Glibc)
import Glibc
#endif

/// `upstream validate`: ingest only, then report the accounting of every row.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Read exports and account for every row: rejects, field issues, referential gaps.",
        discussion: """
            Each --data DIR supplies DIR/<dataset>.csv, .json or .ndjson with canonical headers; \
            a --data FILE is the dataset its name says; several --data paths are read in order. \
            With --pack, the packs' mappings read other layouts (their file globs are matched in \
            every --data directory).

            Exit codes: 0 ok, 2 usage, 3 invalid pack, 4 invalid data (a file a mapping names is \
            missing, a required column missing, a duplicate header, a file's reject rate over \
            --max-reject-rate).

            Examples:
              upstream validate --data exports/ --format json --rejects rejects.csv
              upstream validate --pack plugins/synthea --data synthea/csv/
            """
    )

    @Option(name: .customLong("data"), parsing: .singleValue, help: "A directory of exports or one export file (repeatable).")
    var data: [String] = []

    @Option(name: .customLong("pack"), parsing: .singleValue, help: "A pack whose mappings read the exports (repeatable).")
    var packs: [String] = []

    @OptionGroup var packOptions: PackOptions

    @Option(help: "Output format: text or json (the report's data_quality object).")
    var format: String = "text"

    @Option(help: "Threads for reading (default: cores). Results never depend on it.")
    var jobs: Int = IngestOptions.defaultJobs

    @Option(name: .customLong("max-reject-rate"), help: "Fail (exit 4) when a file rejects more than this share of its rows.")
    var maxRejectRate: Double = 0.01

    @Option(name: .customLong("max-record-bytes"), help: "Reject records longer than this many bytes.")
    var maxRecordBytes: Int = 1 << 20

    @Option(help: "Write every rejected row verbatim and every field issue to this CSV (mode 0600).")
    var rejects: String?

    func run() throws {
        guard !data.isEmpty else { throw usage("give at least one --data PATH") }
        guard format == "text" || format == "json" else { throw usage("--format must be text or json, not '\(format)'") }
        guard jobs >= 1 else { throw usage("--jobs must be at least 1") }
        guard maxRejectRate >= 0, maxRejectRate <= 1 else { throw usage("--max-reject-rate must be between 0 and 1") }
        guard maxRecordBytes >= 1 else { throw usage("--max-record-bytes must be positive") }
        let options = IngestOptions(jobs: jobs, maxRejectRate: maxRejectRate, maxRecordBytes: maxRecordBytes)
        let result: IngestResult
        do {
            result = try read(options: options)
            if let rejects { try RejectsWriter.write(result.quality, to: rejects) }
        } catch let error as IngestError {
            printError("error: \(error)")
            throw ExitCode(error.exitCode)
        }
        let quality = result.quality
        print(format == "json" ? quality.json() : ValidateReport.text(quality, store: result.store))
        let over = quality.filesOverRejectRate(maxRejectRate)
        for account in over {
            printError("error: " + IngestError.rejectRateExceeded(
                file: account.file, rejected: account.rejected, rows: account.rows, limit: maxRejectRate).description)
        }
        if !over.isEmpty { throw ExitCode(4) }
    }

    /// Canonical reading, or, with packs, reading through their mappings on a Lua thread (their
    /// transform functions run in the state that loaded them).
    private func read(options: IngestOptions) throws -> IngestResult {
        guard !packs.isEmpty else { return try Ingestor.read(paths: data, options: options) }
        let thread = LuaThread(name: "validate")
        return try thread.run {
            let resolved: (packs: [LoadedPack], state: LuaState, definitions: [Definition])
            do {
                let found = try PackResolver(search: packOptions.searchPath).resolve(packs)
                let params = try ParamSet(packs: found, overrides: packOptions.params)
                let state = try LuaState()
                resolved = (found, state, try PackLoader(state: state, params: params).load(found).definitions)
            } catch let error as PackError {
                printError("error: \(error)")
                throw ExitCode(error.exitCode)
            }
            let builder = MappingBuilder(state: resolved.state)
            let mappings: [Mapping]
            do { mappings = try builder.mappings(from: resolved.definitions) } catch let error as PackError {
                printError("error: \(error)")
                throw ExitCode(error.exitCode)
            }
            return try Ingestor.read(paths: data, mappings: mappings, transformer: builder, options: options)
        }
    }

    private func usage(_ message: String) -> ExitCode {
        printError("error: \(message)")
        return ExitCode(2)
    }
}

/// Diagnostics go to stderr (file descriptor 2), reports to stdout.
func printError(_ message: String) {
    var bytes = Array((message + "\n").utf8)
    _ = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress!, $0.count) }
}
